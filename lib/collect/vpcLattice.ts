// VPC Lattice: the target groups in-scope ECS services register with (their PRIMARY and ACTIVE
// deployments' `vpcLatticeConfigurations`) → ListTargetGroups, or GetTargetGroup of those it does
// not list (protocol, serviceArns) → ListListeners
// of each Lattice service in `serviceArns` (protocol) → for the listeners that are neither HTTPS
// nor TLS_PASSTHROUGH only: GetListener (its default action; ListListeners does not return it),
// then, unless that default action already forwards to every in-scope target group of the
// service, ListRules (summaries without actions) and GetRule of each non-default rule.
//
// Fewest calls: an HTTPS or TLS_PASSTHROUGH listener is judged by the target group's protocol
// alone, wherever it forwards, so where it forwards is never read. Fail closed: an item whose call
// failed is left out (its key absent), and the check judges what depends on it NOT_AVAILABLE.
import {
  GetListenerCommand,
  GetRuleCommand,
  GetTargetGroupCommand,
  ListTargetGroupsCommand,
  paginateListListeners,
  paginateListRules,
  type TargetGroupSummary,
} from '@aws-sdk/client-vpc-lattice';
import { parseArn } from '../aws/arn.ts';
import { forwardsTo, isTlsListenerProtocol } from '../snapshot/lattice.ts';
import { latticeTargetGroupArnsOfServices } from '../snapshot/scope.ts';
import type {
  EcsService,
  LatticeListener,
  LatticeRule,
  LatticeRuleAction,
  LatticeTargetGroup,
  VpcLatticeSection,
} from '../snapshot/types.ts';
import { allOrNothing, attempt, type Outcome, orNotedAbsent, pages } from './call.ts';
import { jsonify } from './json.ts';
import type { SectionFilter } from './sections.ts';
import type { RegionContext } from './types.ts';

/** ListTargetGroups, ListListeners and ListRules: maxResults 1–100 (VPC Lattice API Reference). */
export const LATTICE_PAGE_SIZE = 100;
const NOT_FOUND = 'ResourceNotFoundException';

const withoutMetadata = <T extends { $metadata?: unknown }>(out: T): Omit<T, '$metadata'> => {
  const { $metadata: _, ...rest } = out;
  return rest;
};

/** A target group; undefined when it does not exist (noted as absent, not as a failure). */
const getTargetGroup = (
  context: RegionContext,
  arn: string,
): Promise<Outcome<LatticeTargetGroup | undefined>> =>
  attempt(
    context,
    'vpc-lattice',
    'GetTargetGroup',
    async () => {
      const [targetGroup] = await orNotedAbsent(
        { context, service: 'vpc-lattice', operation: 'GetTargetGroup', items: [arn] },
        async () => {
          const out = await context.clients.vpcLattice.send(
            new GetTargetGroupCommand({ targetGroupIdentifier: arn }),
          );
          return [jsonify(withoutMetadata(out)) as LatticeTargetGroup];
        },
        NOT_FOUND,
      );
      return targetGroup;
    },
    { items: [arn] },
  );

const listListeners = (
  context: RegionContext,
  serviceArn: string,
): Promise<Outcome<LatticeListener[]>> =>
  attempt(
    context,
    'vpc-lattice',
    'ListListeners',
    async () =>
      jsonify(
        (
          await pages(
            paginateListListeners(
              { client: context.clients.vpcLattice, pageSize: LATTICE_PAGE_SIZE },
              { serviceIdentifier: serviceArn },
            ),
          )
        ).flatMap((page) => page.items ?? []),
      ) as LatticeListener[],
    { items: [serviceArn] },
  );

/** A listed target group as GetTargetGroup spells it (the snapshot keeps GetTargetGroup's shape). */
const asDescribed = ({
  port,
  protocol,
  vpcIdentifier,
  ipAddressType,
  lambdaEventStructureVersion,
  ...rest
}: TargetGroupSummary): LatticeTargetGroup =>
  jsonify({
    ...rest,
    config: { port, protocol, vpcIdentifier, ipAddressType, lambdaEventStructureVersion },
  }) as LatticeTargetGroup;

/**
 * The target groups one listing can answer: this account's and region's (it lists no other), when
 * there are two or more (for one, a GetTargetGroup is as cheap).
 */
export const listableTargetGroups = (
  arns: readonly string[],
  home: { region: string; accountId?: string },
): string[] => {
  const own = arns.filter((arn) => {
    const parsed = parseArn(arn);
    return (
      parsed?.region === home.region && (!home.accountId || parsed.accountId === home.accountId)
    );
  });
  return own.length >= 2 ? own : [];
};

/**
 * ListTargetGroups of type IP (the type ECS registers tasks with; one of another type is described
 * instead), page by page until it has listed every one wanted, or until the next page would cost
 * more than describing the ones still missing. A failed listing is not recorded: its target
 * groups are described one by one.
 */
const listTargetGroups = async (
  context: RegionContext,
  wanted: readonly string[],
): Promise<Map<string, LatticeTargetGroup>> => {
  const missing = new Set(wanted);
  if (!missing.size) return new Map();
  const outcome = await attempt(
    context,
    'vpc-lattice',
    'ListTargetGroups',
    async () => {
      const listed = new Map<string, LatticeTargetGroup>();
      let nextToken: string | undefined;
      let read = 0;
      do {
        const page = await context.clients.vpcLattice.send(
          new ListTargetGroupsCommand({
            targetGroupType: 'IP',
            maxResults: LATTICE_PAGE_SIZE,
            nextToken,
          }),
        );
        read += 1;
        for (const item of page.items ?? []) {
          if (!item.arn || !missing.has(item.arn)) continue;
          missing.delete(item.arn);
          listed.set(item.arn, asDescribed(item));
        }
        nextToken = page.nextToken;
      } while (nextToken && missing.size > read);
      return listed;
    },
    { record: () => false },
  );
  return outcome.ok ? outcome.value : new Map();
};

/** The target groups: listed where that is cheaper, the rest described one by one. */
const targetGroupsOf = async (
  context: RegionContext,
  arns: readonly string[],
): Promise<LatticeTargetGroup[]> => {
  const listed = await listTargetGroups(context, listableTargetGroups(arns, context));
  const outcomes = await Promise.all(
    arns.map(async (arn) => {
      const tg = listed.get(arn);
      return tg ? { ok: true as const, value: tg } : getTargetGroup(context, arn);
    }),
  );
  return outcomes.flatMap((o) => (o.ok && o.value ? [o.value] : []));
};

const idOf = (listener: LatticeListener): string => listener.arn ?? listener.id ?? '';

const getDefaultAction = (
  context: RegionContext,
  serviceArn: string,
  listener: LatticeListener,
): Promise<Outcome<LatticeRuleAction | undefined>> =>
  attempt(
    context,
    'vpc-lattice',
    'GetListener',
    async () => {
      const out = await context.clients.vpcLattice.send(
        new GetListenerCommand({
          serviceIdentifier: serviceArn,
          listenerIdentifier: idOf(listener),
        }),
      );
      return out.defaultAction && (jsonify(out.defaultAction) as LatticeRuleAction);
    },
    { items: [idOf(listener)] },
  );

/** GetRule of every non-default rule of the listener (undefined: one call failed). */
const rulesOf = async (
  context: RegionContext,
  serviceArn: string,
  listener: LatticeListener,
): Promise<LatticeRule[] | undefined> => {
  const listenerIdentifier = idOf(listener);
  const listed = await attempt(
    context,
    'vpc-lattice',
    'ListRules',
    async () =>
      (
        await pages(
          paginateListRules(
            { client: context.clients.vpcLattice, pageSize: LATTICE_PAGE_SIZE },
            { serviceIdentifier: serviceArn, listenerIdentifier },
          ),
        )
      ).flatMap((page) => page.items ?? []),
    { items: [listenerIdentifier] },
  );
  if (!listed.ok) return undefined;
  // The default rule's action is the listener's default action, already read with GetListener.
  const ruleIds = listed.value.filter((r) => r.isDefault !== true).map((r) => r.arn ?? r.id ?? '');
  const described = await Promise.all(
    ruleIds.map((ruleIdentifier) =>
      attempt(
        context,
        'vpc-lattice',
        'GetRule',
        async () =>
          jsonify(
            withoutMetadata(
              await context.clients.vpcLattice.send(
                new GetRuleCommand({
                  serviceIdentifier: serviceArn,
                  listenerIdentifier,
                  ruleIdentifier,
                }),
              ),
            ),
          ) as LatticeRule,
        { items: [ruleIdentifier] },
      ),
    ),
  );
  return allOrNothing(described);
};

/** The Lattice section for the in-scope services (undefined: ECS services were not collected). */
export const collectVpcLattice = async (
  context: RegionContext,
  services: readonly EcsService[] | undefined,
  need: SectionFilter = () => true,
): Promise<VpcLatticeSection | undefined> => {
  if (!services || !need('vpcLattice.targetGroups')) return undefined;
  const targetGroups = await targetGroupsOf(context, latticeTargetGroupArnsOfServices(services));
  if (!need('vpcLattice.listeners')) return { targetGroups };

  // The in-scope target groups each Lattice service serves.
  const served = new Map<string, LatticeTargetGroup[]>();
  for (const tg of targetGroups) {
    for (const serviceArn of tg.serviceArns ?? []) {
      served.set(serviceArn, [...(served.get(serviceArn) ?? []), tg]);
    }
  }
  const serviceArns = [...served.keys()].sort();
  const listed = await Promise.all(serviceArns.map((arn) => listListeners(context, arn)));
  const listeners: Record<string, LatticeListener[]> = {};
  serviceArns.forEach((arn, i) => {
    const outcome = listed[i];
    if (outcome?.ok) listeners[arn] = outcome.value;
  });
  if (!need('vpcLattice.defaultActions')) return { targetGroups, listeners };

  const open = Object.entries(listeners).flatMap(([serviceArn, ofService]) =>
    ofService
      .filter((listener) => !isTlsListenerProtocol(listener.protocol) && idOf(listener))
      .map((listener) => ({ serviceArn, listener })),
  );
  const read = await Promise.all(
    open.map(async ({ serviceArn, listener }) => {
      const action = await getDefaultAction(context, serviceArn, listener);
      if (!action.ok) return { key: idOf(listener) };
      const targets = served.get(serviceArn) ?? [];
      const rules =
        need('vpcLattice.rules') && !targets.every((tg) => forwardsTo(action.value, tg))
          ? await rulesOf(context, serviceArn, listener)
          : undefined;
      return { key: idOf(listener), action: action.value ?? {}, rules };
    }),
  );
  const defaultActions: Record<string, LatticeRuleAction> = {};
  const rules: Record<string, LatticeRule[]> = {};
  for (const entry of read) {
    if (entry.action) defaultActions[entry.key] = entry.action as LatticeRuleAction;
    if (entry.rules) rules[entry.key] = entry.rules;
  }
  return need('vpcLattice.rules')
    ? { targetGroups, listeners, defaultActions, rules }
    : { targetGroups, listeners, defaultActions };
};
