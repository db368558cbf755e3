// Change-driven rescans: the "AWS API Call via CloudTrail" events of the calls that change what the
// checks judge, and the focused rescan each one asks for. Pure.
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import { checks as registeredChecks } from '../../../checks/registry.ts';
import { parseArn } from '../../aws/arn.ts';
import { partitionOfRegion } from '../../aws/regions.ts';
import type { ScanFocus } from '../../collect/focus.ts';
import type { CheckService } from '../../model.ts';
import { accountIdSchema, regionSchema } from './common.ts';

export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/**
 * Event sources and the event names the rules forward (serverless.yml and deploy/ use this list):
 * only calls that change what the checks judge. Not RegisterTaskDefinition (a new revision is
 * judged when a service runs it, and its record carries every environment value) nor
 * CreateLoadBalancer (judged through its listeners).
 */
export const CHANGE_EVENTS = {
  'ecs.amazonaws.com': [
    'CreateService',
    'UpdateService',
    'DeleteService',
    'DeregisterTaskDefinition',
    'DeleteTaskDefinitions',
  ],
  'elasticloadbalancing.amazonaws.com': [
    'DeleteLoadBalancer',
    'CreateListener',
    'ModifyListener',
    'DeleteListener',
    'AddListenerCertificates',
    'RemoveListenerCertificates',
    'CreateRule',
    'ModifyRule',
    'DeleteRule',
    'ModifyTargetGroup',
  ],
  'ec2.amazonaws.com': ['CreateVpcEndpoint', 'ModifyVpcEndpoint', 'DeleteVpcEndpoints'],
  'appmesh.amazonaws.com': [
    'CreateMesh',
    'UpdateMesh',
    'DeleteMesh',
    'CreateVirtualNode',
    'UpdateVirtualNode',
    'DeleteVirtualNode',
    'CreateVirtualGateway',
    'UpdateVirtualGateway',
    'DeleteVirtualGateway',
  ],
} as const;

/** The EventBridge `source` of each event source (`aws.ecs` …). */
export const CHANGE_EVENT_SOURCES = {
  'ecs.amazonaws.com': 'aws.ecs',
  'elasticloadbalancing.amazonaws.com': 'aws.elasticloadbalancing',
  'ec2.amazonaws.com': 'aws.ec2',
  'appmesh.amazonaws.com': 'aws.appmesh',
} as const;

const payload = z.record(z.string(), z.unknown()).nullish();

/** The CloudTrail record inside the event (fields the mapping reads; the rest passes through). */
export const cloudTrailDetailSchema = z.looseObject({
  eventVersion: z.string(),
  eventID: z.string().min(1),
  eventTime: z.iso.datetime(),
  eventSource: z.string(),
  eventName: z.string(),
  awsRegion: regionSchema,
  recipientAccountId: accountIdSchema.optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  requestParameters: payload,
  responseElements: payload,
  userIdentity: z.looseObject({ accountId: z.string().optional() }).optional(),
});

export type CloudTrailDetail = z.infer<typeof cloudTrailDetailSchema>;

export const cloudTrailEventSchema = EventBridgeSchema.extend({
  'detail-type': z.literal(CLOUDTRAIL_DETAIL_TYPE, {
    error: `expected detail-type ${CLOUDTRAIL_DETAIL_TYPE}`,
  }),
  source: z.enum(Object.values(CHANGE_EVENT_SOURCES), {
    error: `expected source ${Object.values(CHANGE_EVENT_SOURCES).join(', ')}`,
  }),
  account: accountIdSchema,
  detail: cloudTrailDetailSchema,
});

export type CloudTrailEvent = z.infer<typeof cloudTrailEventSchema>;

/** What a change asks for: a focused rescan of one account and region. */
export interface ChangeRescan {
  kind: 'rescan';
  accountId: string;
  region: string;
  eventName: string;
  focus: ScanFocus;
  checks: string[];
  resourceArns: string[];
  resourcePrefixes: string[];
}

export interface ChangeSkip {
  kind: 'skip';
  eventName: string;
  reason: string;
}

const checksOf = (...services: CheckService[]): string[] =>
  registeredChecks.filter((c) => services.includes(c.metadata.service)).map((c) => c.metadata.id);

/** Checks whose results depend on one service and what it uses (not on the other services of its VPC). */
const SERVICE_CHECKS = checksOf('ecs', 'elbv2', 'secretsmanager');
const ELBV2_CHECKS = checksOf('elbv2');
const VPC_CHECKS = checksOf('vpc');
const APPMESH_CHECKS = checksOf('appmesh');

type Json = Record<string, unknown>;

const record = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** Every string under a key matching `name` (any depth): EC2 nests its lists as `{ item: … }`. */
const stringsUnder = (value: unknown, name: RegExp, out: string[] = []): string[] => {
  if (Array.isArray(value)) {
    for (const item of value) stringsUnder(item, name, out);
  } else if (record(value)) {
    for (const [key, child] of Object.entries(value as Json)) {
      if (name.test(key) && typeof child === 'string') out.push(child);
      else stringsUnder(child, name, out);
    }
  }
  return out;
};

/** `…:listener/app/NAME/LB/L` → `…:loadbalancer/app/NAME/LB`; also from a listener-rule ARN. */
export const loadBalancerArnOf = (arn: string): string | undefined => {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'elasticloadbalancing') return undefined;
  const [kind, type, name, id] = parsed.resource.split('/');
  if (kind === 'loadbalancer') return arn;
  if ((kind !== 'listener' && kind !== 'listener-rule') || !type || !name || !id) return undefined;
  return `arn:${parsed.partition}:elasticloadbalancing:${parsed.region}:${parsed.accountId}:loadbalancer/${type}/${name}/${id}`;
};

/** `…:listener-rule/app/NAME/LB/L/R` → `…:listener/app/NAME/LB/L`. */
export const listenerArnOfRule = (ruleArn: string): string | undefined => {
  const parsed = parseArn(ruleArn);
  const parts = parsed?.resource.split('/') ?? [];
  if (!parsed || parts[0] !== 'listener-rule' || parts.length !== 6) return undefined;
  return `arn:${parsed.partition}:elasticloadbalancing:${parsed.region}:${parsed.accountId}:listener/${parts.slice(1, 5).join('/')}`;
};

/** The prefix every listener ARN of a load balancer starts with. */
export const listenerPrefixOf = (loadBalancerArn: string): string | undefined => {
  const parsed = parseArn(loadBalancerArn);
  const parts = parsed?.resource.split('/') ?? [];
  if (!parsed || parts[0] !== 'loadbalancer' || parts.length !== 4) return undefined;
  return `arn:${parsed.partition}:elasticloadbalancing:${parsed.region}:${parsed.accountId}:listener/${parts.slice(1).join('/')}/`;
};

interface Context {
  accountId: string;
  region: string;
  partition: string;
  request: Json;
  response: Json;
  eventName: string;
}

type Mapping = Omit<ChangeRescan, 'kind' | 'accountId' | 'region' | 'eventName'> | string;

const clusterName = (cluster: string): string =>
  cluster.startsWith('arn:') ? (cluster.split('/').pop() ?? cluster) : cluster;

const ecsService = (c: Context): Mapping => {
  const described = record(c.response.service);
  const cluster = text(described?.clusterArn) ?? text(c.request.cluster) ?? 'default';
  const service =
    text(described?.serviceArn) ?? text(c.request.service) ?? text(c.request.serviceName);
  if (!service) return 'the event names no service';
  const serviceArn = service.startsWith('arn:')
    ? service
    : `arn:${c.partition}:ecs:${c.region}:${c.accountId}:service/${clusterName(cluster)}/${service}`;
  return {
    focus: { services: [{ cluster, service }] },
    // The VPC check too: the rescan publishes only what it can conclude from this one service.
    checks: [...SERVICE_CHECKS, ...VPC_CHECKS],
    resourceArns: [serviceArn],
    resourcePrefixes: [],
  };
};

const taskDefinitionArn = (c: Context, value: string): string =>
  value.startsWith('arn:')
    ? value
    : `arn:${c.partition}:ecs:${c.region}:${c.accountId}:task-definition/${value}`;

const ecsTaskDefinitions = (c: Context): Mapping => {
  const named = [
    ...[c.request.taskDefinition].flatMap((v) => (text(v) ? [v as string] : [])),
    ...(Array.isArray(c.request.taskDefinitions) ? c.request.taskDefinitions : []).flatMap((v) =>
      text(v) ? [v as string] : [],
    ),
  ];
  // A family without a revision cannot be deregistered or deleted: both calls name revisions.
  const arns = [
    ...new Set(named.filter((v) => /:\d+$/.test(v)).map((v) => taskDefinitionArn(c, v))),
  ];
  if (arns.length === 0) return 'the event names no task definition revision';
  return {
    focus: { taskDefinitionArns: arns },
    checks: SERVICE_CHECKS,
    resourceArns: arns,
    resourcePrefixes: [],
  };
};

const elbListener = (listenerArn: string | undefined): Mapping => {
  const loadBalancerArn = listenerArn && loadBalancerArnOf(listenerArn);
  if (!listenerArn || !loadBalancerArn) return 'the event names no listener';
  return {
    focus: { loadBalancerArns: [loadBalancerArn] },
    checks: ELBV2_CHECKS,
    resourceArns: [listenerArn],
    resourcePrefixes: [],
  };
};

const firstOf = (list: unknown, key: string): string | undefined =>
  Array.isArray(list) ? text(record(list[0])?.[key]) : undefined;

const elbv2 = (c: Context): Mapping => {
  switch (c.eventName) {
    case 'DeleteLoadBalancer': {
      const loadBalancerArn = text(c.request.loadBalancerArn);
      const prefix = loadBalancerArn && listenerPrefixOf(loadBalancerArn);
      if (!loadBalancerArn || !prefix) return 'the event names no load balancer';
      return {
        focus: { loadBalancerArns: [loadBalancerArn] },
        checks: ELBV2_CHECKS,
        resourceArns: [],
        resourcePrefixes: [prefix],
      };
    }
    case 'CreateListener': {
      const listenerArn = firstOf(c.response.listeners, 'listenerArn');
      if (listenerArn) return elbListener(listenerArn);
      const loadBalancerArn = text(c.request.loadBalancerArn);
      if (!loadBalancerArn || !listenerPrefixOf(loadBalancerArn))
        return 'the event names no listener';
      return {
        focus: { loadBalancerArns: [loadBalancerArn] },
        checks: ELBV2_CHECKS,
        resourceArns: [],
        resourcePrefixes: [],
      };
    }
    case 'ModifyListener':
    case 'DeleteListener':
    case 'AddListenerCertificates':
    case 'RemoveListenerCertificates':
    case 'CreateRule':
      return elbListener(text(c.request.listenerArn));
    case 'ModifyRule':
    case 'DeleteRule': {
      const ruleArn = text(c.request.ruleArn);
      return elbListener(ruleArn && listenerArnOfRule(ruleArn));
    }
    case 'ModifyTargetGroup': {
      const targetGroupArn = text(c.request.targetGroupArn);
      if (!targetGroupArn?.startsWith('arn:')) return 'the event names no target group';
      return {
        focus: { targetGroupArns: [targetGroupArn] },
        checks: ELBV2_CHECKS,
        resourceArns: [targetGroupArn],
        resourcePrefixes: [],
      };
    }
    default:
      return 'not an event this scanner follows';
  }
};

/**
 * VPC endpoint changes: the VPC check of every VPC hosting ECS services is judged again (its result
 * depends on every service in the VPC; DeleteVpcEndpoints names endpoints, not their VPC).
 */
const ec2 = (c: Context): Mapping => {
  const vpcIds = [...new Set(stringsUnder([c.request, c.response], /^vpcId$/i))].filter((id) =>
    /^vpc-[0-9a-f]+$/.test(id),
  );
  return {
    focus: { allServices: true },
    checks: VPC_CHECKS,
    resourceArns: vpcIds.map((id) => `arn:${c.partition}:ec2:${c.region}:${c.accountId}:vpc/${id}`),
    resourcePrefixes: [],
  };
};

const appMesh = (c: Context): Mapping => {
  const meshName = text(c.request.meshName);
  if (!meshName) return 'the event names no mesh';
  const meshOwner = text(c.request.meshOwner) ?? c.accountId;
  const meshArn = `arn:${c.partition}:appmesh:${c.region}:${meshOwner}:mesh/${meshName}`;
  const child = (kind: 'virtualNode' | 'virtualGateway', nameKey: string) => {
    const name = text(c.request[nameKey]);
    return name ? [`${meshArn}/${kind}/${name}`] : [];
  };
  const resourceArns = [
    meshArn,
    ...(c.eventName.endsWith('VirtualNode') ? child('virtualNode', 'virtualNodeName') : []),
    ...(c.eventName.endsWith('VirtualGateway')
      ? child('virtualGateway', 'virtualGatewayName')
      : []),
  ];
  return {
    focus: {
      meshes: [{ meshName, ...(text(c.request.meshOwner) ? { meshOwner } : {}) }],
    },
    checks: APPMESH_CHECKS,
    resourceArns,
    // A deleted mesh takes its nodes and gateways with it.
    resourcePrefixes: c.eventName === 'DeleteMesh' ? [`${meshArn}/`] : [],
  };
};

const MAPPERS: Record<keyof typeof CHANGE_EVENTS, (c: Context) => Mapping> = {
  'ecs.amazonaws.com': (c) => {
    if (c.eventName.endsWith('Service')) return ecsService(c);
    return ecsTaskDefinitions(c);
  },
  'elasticloadbalancing.amazonaws.com': elbv2,
  'ec2.amazonaws.com': ec2,
  'appmesh.amazonaws.com': appMesh,
};

/**
 * The rescan a CloudTrail change asks for, or why it asks for none: a failed call (errorCode), an
 * event name the scanner does not follow, or a call that changes nothing the checks judge.
 */
export const mapChange = (event: CloudTrailEvent): ChangeRescan | ChangeSkip => {
  const { detail } = event;
  const eventName = detail.eventName;
  if (detail.errorCode) {
    return { kind: 'skip', eventName, reason: `the call failed (${detail.errorCode})` };
  }
  const source = detail.eventSource as keyof typeof CHANGE_EVENTS;
  const names: readonly string[] | undefined = CHANGE_EVENTS[source];
  if (!names?.includes(eventName)) {
    return { kind: 'skip', eventName, reason: `unknown event ${detail.eventSource} ${eventName}` };
  }
  const accountId = detail.recipientAccountId ?? event.account;
  const region = detail.awsRegion;
  const mapped = MAPPERS[source]({
    accountId,
    region,
    partition: partitionOfRegion(region),
    request: record(detail.requestParameters) ?? {},
    response: record(detail.responseElements) ?? {},
    eventName,
  });
  if (typeof mapped === 'string') return { kind: 'skip', eventName, reason: mapped };
  return { kind: 'rescan', accountId, region, eventName, ...mapped };
};
