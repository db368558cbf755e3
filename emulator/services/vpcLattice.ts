// Amazon VPC Lattice (restJson1): ListTargetGroups, GetTargetGroup, ListListeners, GetListener, ListRules and GetRule
// from `vpcLattice`. Identifiers are IDs or ARNs, as AWS takes them. The snapshot holds the
// listeners' default actions and rules only for the listeners the collector read them of: another
// GetListener, ListRules or GetRule answers AccessDenied (not collected). ListRules answers the
// non-default rules the snapshot holds (AWS also lists the default rule, whose action is the
// listener's default action: the collector skips it).
import {
  GetListener$,
  GetRule$,
  GetTargetGroup$,
  ListListeners$,
  ListRules$,
  ListTargetGroups$,
} from '@aws-sdk/client-vpc-lattice';
import type { LatticeListener, LatticeRule, LatticeTargetGroup } from '../../lib/snapshot/types.ts';
import { restJsonProtocol } from '../protocols/restJson.ts';
import { collected, copy, error, type PageSpec, paginate, serviceErrors } from './common.ts';
import type { BucketSpec, CallContext, Input, ServiceDefinition } from './types.ts';

const validation = (message: string) => error('ValidationException', message, 400);
const notFound = (what: string, identifier: string) =>
  error('ResourceNotFoundException', `${what} ${identifier} not found`, 404);

// maxResults: 1–100 (API Reference, ListTargetGroups, ListListeners and ListRules).
const PAGE: PageSpec = {
  defaultSize: 100,
  maxSize: 100,
  invalidSize: () => validation('maxResults must be between 1 and 100'),
  invalidToken: () => validation('Invalid nextToken'),
};

const section = (context: CallContext) => context.data.vpcLattice ?? {};
/** `svc-0123` of `arn:aws:vpc-lattice:REGION:ACCOUNT:service/svc-0123` (and of the ID itself). */
const lastPart = (identifier: string): string => identifier.split('/').pop() ?? identifier;
const named = (item: { arn?: string; id?: string }, identifier: string): boolean =>
  item.arn === identifier || (item.id ?? lastPart(item.arn ?? '')) === lastPart(identifier);

const getTargetGroup = (input: Input, context: CallContext) => {
  const identifier: string = input.targetGroupIdentifier ?? '';
  const found = collected(context, section(context).targetGroups, 'vpcLattice.targetGroups').find(
    (tg) => named(tg, identifier),
  );
  if (!found) throw notFound('Target group', identifier);
  return copy(found);
};

const TARGET_GROUP_TYPES = ['IP', 'LAMBDA', 'INSTANCE', 'ALB'];

/** TargetGroupSummary: GetTargetGroup's fields with `config`'s listed ones at the top level. */
const summaryOf = ({ config, failureCode: _, failureMessage: __, ...tg }: LatticeTargetGroup) => ({
  ...tg,
  port: config?.port,
  protocol: config?.protocol,
  vpcIdentifier: config?.vpcIdentifier,
  ipAddressType: config?.ipAddressType,
  lambdaEventStructureVersion: config?.lambdaEventStructureVersion,
});

/** Every target group, narrowed by `targetGroupType` and `vpcIdentifier` (API Reference). */
const listTargetGroups = (input: Input, context: CallContext) => {
  const type: string | undefined = input.targetGroupType;
  if (type !== undefined && !TARGET_GROUP_TYPES.includes(type)) {
    throw validation(`targetGroupType must be one of ${TARGET_GROUP_TYPES.join(', ')}`);
  }
  const vpc: string | undefined = input.vpcIdentifier;
  const all = collected(context, section(context).targetGroups, 'vpcLattice.targetGroups');
  const matching = all.filter(
    (tg) =>
      (type === undefined || tg.type === type) &&
      (vpc === undefined || tg.config?.vpcIdentifier === vpc),
  );
  const page = paginate(
    matching,
    { size: input.maxResults, token: input.nextToken },
    PAGE,
    context,
  );
  return { items: copy(page.items.map(summaryOf)), nextToken: page.nextToken };
};

/** The service's listeners: keyed by service ARN; an unknown service is not found. */
const listenersOf = (input: Input, context: CallContext): [string, LatticeListener[]] => {
  const identifier: string = input.serviceIdentifier ?? '';
  const all = collected(context, section(context).listeners, 'vpcLattice.listeners');
  const entry = Object.entries(all).find(([arn]) => named({ arn }, identifier));
  if (!entry) throw notFound('Service', identifier);
  return entry;
};

const listenerOf = (input: Input, context: CallContext): [string, LatticeListener] => {
  const [serviceArn, listeners] = listenersOf(input, context);
  const identifier: string = input.listenerIdentifier ?? '';
  const listener = listeners.find((l) => named(l, identifier));
  if (!listener) throw notFound('Listener', identifier);
  return [serviceArn, listener];
};

const listListeners = (input: Input, context: CallContext) => {
  const [, listeners] = listenersOf(input, context);
  const page = paginate(
    listeners,
    { size: input.maxResults, token: input.nextToken },
    PAGE,
    context,
  );
  return { items: copy(page.items), nextToken: page.nextToken };
};

const getListener = (input: Input, context: CallContext) => {
  const [serviceArn, listener] = listenerOf(input, context);
  const key = listener.arn ?? listener.id ?? '';
  const defaultAction = collected(
    context,
    section(context).defaultActions?.[key],
    `vpcLattice.defaultActions of ${key}`,
  );
  return {
    ...copy(listener),
    serviceArn,
    serviceId: lastPart(serviceArn),
    defaultAction: copy(defaultAction),
  };
};

const rulesOf = (input: Input, context: CallContext): LatticeRule[] => {
  const [, listener] = listenerOf(input, context);
  const key = listener.arn ?? listener.id ?? '';
  return collected(context, section(context).rules?.[key], `vpcLattice.rules of ${key}`);
};

const listRules = (input: Input, context: CallContext) => {
  const page = paginate(
    rulesOf(input, context),
    { size: input.maxResults, token: input.nextToken },
    PAGE,
    context,
  );
  return {
    items: page.items.map((rule) => ({
      arn: rule.arn,
      id: rule.id,
      name: rule.name,
      isDefault: rule.isDefault,
      priority: rule.priority,
      createdAt: rule.createdAt,
      lastUpdatedAt: rule.lastUpdatedAt,
    })),
    nextToken: page.nextToken,
  };
};

const getRule = (input: Input, context: CallContext) => {
  const identifier: string = input.ruleIdentifier ?? '';
  const rule = rulesOf(input, context).find((r) => named(r, identifier));
  if (!rule) throw notFound('Rule', identifier);
  return copy(rule);
};

// VPC Lattice publishes no API request rates: the scanner's conservative pace
// (lib/aws/operations.ts), so that the emulator throttles no faster than the scanner paces.
const READ: BucketSpec = { category: 'lattice-read', burst: 10, rate: 5 };

export const vpcLattice: ServiceDefinition = {
  name: 'vpc-lattice',
  protocol: restJsonProtocol(),
  operations: {
    ListTargetGroups: { schema: ListTargetGroups$, handler: listTargetGroups },
    GetTargetGroup: { schema: GetTargetGroup$, handler: getTargetGroup },
    ListListeners: { schema: ListListeners$, handler: listListeners },
    GetListener: { schema: GetListener$, handler: getListener },
    ListRules: { schema: ListRules$, handler: listRules },
    GetRule: { schema: GetRule$, handler: getRule },
  },
  errors: serviceErrors('vpc-lattice', {
    throttling: ['ThrottlingException', 429],
    accessDenied: ['AccessDeniedException', 403],
    internalFailure: ['InternalServerException', 500],
    unknownOperation: ['UnknownOperationException', 404],
  }),
  bucket: () => READ,
};
