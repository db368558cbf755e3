// Change-driven rescans: the "AWS API Call via CloudTrail" events of the calls that change what the
// checks judge, and the focused rescan each one asks for. Pure: the caller hands in the checks.
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import {
  arnName,
  formatArn,
  listenerArnOfRule,
  listenerPrefixOf,
  loadBalancerArnOf,
} from '../../aws/arn.ts';
import { partitionOfRegion } from '../../aws/regions.ts';
import type { ScanFocus } from '../../collect/focus.ts';
import type { Check } from '../../evaluate/check.ts';
import type { SnapshotSection } from '../../snapshot/sections.ts';
import { accountIdSchema, regionSchema } from './common.ts';

export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

// What a change to each kind of resource alters in the snapshot: the sections whose content the
// collectors would read differently afterwards (lib/aws/operations.ts says which call fills which).
const sections = <T extends readonly SnapshotSection[]>(...list: T): T => list;
/** A service's record, and which task definitions are in scope (those its deployments run). */
const SERVICE = sections('ecs.services', 'ecs.taskDefinitions');
/**
 * A cluster's configuration (ECS Exec's KMS key) and capacity providers (where its services run:
 * Fargate, EC2 or Managed Instances).
 */
const CLUSTER = sections('ecs.clusters');
/**
 * A revision, and the secrets and parameters it references (DescribeTaskDefinition leads to
 * them).
 */
const TASK_DEFINITION = sections('ecs.taskDefinitions', 'ssm.parameters', 'secretsManager.secrets');
/** A listener's certificate list, and the ACM certificates it names. */
const LISTENER_CERTIFICATES = sections('elbv2.listenerCertificates', 'acm.certificates');
/**
 * A listener rule, and the target groups it forwards to (a target group's load balancers are those
 * whose listeners forward to it: what ties a listener to the ECS services behind it).
 */
const RULE = sections('elbv2.rules', 'elbv2.targetGroups');
/**
 * A listener: its protocol and policy, its mutual TLS and trust store, its certificates, its rules (the default one is its default
 * actions) and the target groups they forward to.
 */
const LISTENER = sections(
  'elbv2.listeners',
  'elbv2.trustStores',
  ...LISTENER_CERTIFICATES,
  ...RULE,
);
/** A load balancer, and the listeners it takes with it. */
const LOAD_BALANCER = sections('elbv2.loadBalancers', ...LISTENER);
const TARGET_GROUP = sections('elbv2.targetGroups');
/** A Classic load balancer's listeners (API 2012-06-01): protocols, policies, certificates. */
const CLASSIC_LISTENERS = sections('elb.loadBalancers', 'elb.policies', 'acm.certificates');
const CLASSIC_POLICIES = sections('elb.loadBalancers', 'elb.policies');
const CLASSIC_CERTIFICATE = sections('elb.loadBalancers', 'acm.certificates');
/** A Lattice listener: its protocol, its default action, its rules. */
const LATTICE_LISTENER = sections(
  'vpcLattice.listeners',
  'vpcLattice.defaultActions',
  'vpcLattice.rules',
);
/** A Lattice listener rule: where it forwards. */
const LATTICE_RULE = sections('vpcLattice.rules');
/** A Lattice target group or service gone: the target groups' serviceArns, and the listeners. */
const LATTICE_TARGET_GROUP = sections('vpcLattice.targetGroups', ...LATTICE_LISTENER);
const VPC_ENDPOINT = sections('ec2.vpcEndpoints');
const MESH = sections('appmesh.meshes');
/** A mesh created or deleted: the meshes listed, and the nodes and gateways listed in them. */
const MESH_AND_CONTENTS = sections(
  'appmesh.meshes',
  'appmesh.virtualNodes',
  'appmesh.virtualGateways',
);
const VIRTUAL_NODE = sections('appmesh.virtualNodes');
const VIRTUAL_GATEWAY = sections('appmesh.virtualGateways');

/**
 * The calls the rules forward, by event source, each with the snapshot sections it changes: its
 * rescan runs every check with one of those among its `inputs`, whatever the check's service.
 * Only calls that change what the checks judge: not RegisterTaskDefinition (a new revision is
 * judged when a service runs it, and its record carries every environment value) nor
 * CreateLoadBalancer (judged through its listeners).
 */
export const CHANGED_SECTIONS = {
  'ecs.amazonaws.com': {
    CreateService: SERVICE,
    UpdateService: SERVICE,
    DeleteService: SERVICE,
    UpdateCluster: CLUSTER,
    PutClusterCapacityProviders: CLUSTER,
    DeregisterTaskDefinition: TASK_DEFINITION,
    DeleteTaskDefinitions: TASK_DEFINITION,
  },
  // ELBv2 and Classic calls share the event source (and DeleteLoadBalancer's name): the mapper
  // tells them apart by their request (an ARN or a name).
  'elasticloadbalancing.amazonaws.com': {
    DeleteLoadBalancer: [...LOAD_BALANCER, ...CLASSIC_LISTENERS],
    CreateListener: LISTENER,
    ModifyListener: LISTENER,
    DeleteListener: LISTENER,
    AddListenerCertificates: LISTENER_CERTIFICATES,
    RemoveListenerCertificates: LISTENER_CERTIFICATES,
    CreateRule: RULE,
    ModifyRule: RULE,
    DeleteRule: RULE,
    ModifyTargetGroup: TARGET_GROUP,
    CreateLoadBalancerListeners: CLASSIC_LISTENERS,
    DeleteLoadBalancerListeners: CLASSIC_LISTENERS,
    SetLoadBalancerPoliciesOfListener: CLASSIC_POLICIES,
    SetLoadBalancerListenerSSLCertificate: CLASSIC_CERTIFICATE,
  },
  // Not CreateTargetGroup (judged when an ECS service names it: CreateService, UpdateService) nor
  // UpdateTargetGroup (it changes the health check only: the protocol is fixed at creation).
  'vpc-lattice.amazonaws.com': {
    CreateListener: LATTICE_LISTENER,
    UpdateListener: LATTICE_LISTENER,
    DeleteListener: LATTICE_LISTENER,
    CreateRule: LATTICE_RULE,
    UpdateRule: LATTICE_RULE,
    DeleteRule: LATTICE_RULE,
    BatchUpdateRule: LATTICE_RULE,
    DeleteService: LATTICE_TARGET_GROUP,
    DeleteTargetGroup: LATTICE_TARGET_GROUP,
  },
  'ec2.amazonaws.com': {
    CreateVpcEndpoint: VPC_ENDPOINT,
    ModifyVpcEndpoint: VPC_ENDPOINT,
    DeleteVpcEndpoints: VPC_ENDPOINT,
  },
  'appmesh.amazonaws.com': {
    CreateMesh: MESH_AND_CONTENTS,
    UpdateMesh: MESH,
    DeleteMesh: MESH_AND_CONTENTS,
    CreateVirtualNode: VIRTUAL_NODE,
    UpdateVirtualNode: VIRTUAL_NODE,
    DeleteVirtualNode: VIRTUAL_NODE,
    CreateVirtualGateway: VIRTUAL_GATEWAY,
    UpdateVirtualGateway: VIRTUAL_GATEWAY,
    DeleteVirtualGateway: VIRTUAL_GATEWAY,
  },
} as const satisfies Record<string, Record<string, readonly SnapshotSection[]>>;

type ChangeSource = keyof typeof CHANGED_SECTIONS;

/** Event sources and the event names the rules forward (serverless.yml and deploy/ use this list). */
export const CHANGE_EVENTS = Object.fromEntries(
  Object.entries(CHANGED_SECTIONS).map(([source, names]) => [source, Object.keys(names)]),
) as unknown as Readonly<Record<ChangeSource, readonly string[]>>;

/** The IDs of the checks, of `checks`, with one of `changed` among their inputs. */
export const checksReading = (
  checks: readonly Check[],
  changed: readonly SnapshotSection[],
): string[] =>
  checks
    .filter((check) => check.metadata.inputs.some((section) => changed.includes(section)))
    .map((check) => check.metadata.id);

/** The EventBridge `source` of each event source (`aws.ecs` …). */
export const CHANGE_EVENT_SOURCES = {
  'ecs.amazonaws.com': 'aws.ecs',
  'elasticloadbalancing.amazonaws.com': 'aws.elasticloadbalancing',
  'ec2.amazonaws.com': 'aws.ec2',
  'appmesh.amazonaws.com': 'aws.appmesh',
  'vpc-lattice.amazonaws.com': 'aws.vpc-lattice',
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

interface Context {
  accountId: string;
  region: string;
  partition: string;
  request: Json;
  response: Json;
  eventName: string;
}

/** An ARN of the event's account, region and partition. */
const arnIn = (c: Context, service: string, resource: string): string =>
  formatArn({
    partition: c.partition,
    service,
    region: c.region,
    accountId: c.accountId,
    resource,
  });

/** What to collect and which findings it stands for (the checks follow from CHANGED_SECTIONS). */
type Mapping =
  | Omit<ChangeRescan, 'kind' | 'accountId' | 'region' | 'eventName' | 'checks'>
  | string;

const ecsService = (c: Context): Mapping => {
  const described = record(c.response.service);
  const cluster = text(described?.clusterArn) ?? text(c.request.cluster) ?? 'default';
  const service =
    text(described?.serviceArn) ?? text(c.request.service) ?? text(c.request.serviceName);
  if (!service) return 'the event names no service';
  const serviceArn = service.startsWith('arn:')
    ? service
    : arnIn(c, 'ecs', `service/${arnName(cluster)}/${service}`);
  return {
    focus: { services: [{ cluster, service }] },
    resourceArns: [serviceArn],
    resourcePrefixes: [],
  };
};

/** Every service of the cluster: their findings are those under the cluster's service ARNs. */
const ecsCluster = (c: Context): Mapping => {
  const cluster = text(record(c.response.cluster)?.clusterArn) ?? text(c.request.cluster);
  if (!cluster) return 'the event names no cluster';
  return {
    focus: { clusters: [cluster] },
    resourceArns: [],
    resourcePrefixes: [arnIn(c, 'ecs', `service/${arnName(cluster)}/`)],
  };
};

const taskDefinitionArn = (c: Context, value: string): string =>
  value.startsWith('arn:') ? value : arnIn(c, 'ecs', `task-definition/${value}`);

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
  return { focus: { taskDefinitionArns: arns }, resourceArns: arns, resourcePrefixes: [] };
};

const elbListener = (listenerArn: string | undefined): Mapping => {
  const loadBalancerArn = listenerArn && loadBalancerArnOf(listenerArn);
  if (!listenerArn || !loadBalancerArn) return 'the event names no listener';
  return {
    focus: { loadBalancerArns: [loadBalancerArn] },
    resourceArns: [listenerArn],
    resourcePrefixes: [],
  };
};

const firstOf = (list: unknown, key: string): string | undefined =>
  Array.isArray(list) ? text(record(list[0])?.[key]) : undefined;

/** A Classic load balancer call (it names the load balancer, never an ARN). */
const classic = (c: Context): Mapping => {
  const name = text(c.request.loadBalancerName);
  if (!name) return 'the event names no load balancer';
  return {
    focus: { classicLoadBalancerNames: [name] },
    resourceArns: [arnIn(c, 'elasticloadbalancing', `loadbalancer/${name}`)],
    resourcePrefixes: [],
  };
};

const elbv2 = (c: Context): Mapping => {
  if (text(c.request.loadBalancerName) && !text(c.request.loadBalancerArn)) return classic(c);
  switch (c.eventName) {
    case 'DeleteLoadBalancer': {
      const loadBalancerArn = text(c.request.loadBalancerArn);
      const prefix = loadBalancerArn && listenerPrefixOf(loadBalancerArn);
      if (!loadBalancerArn || !prefix) return 'the event names no load balancer';
      return {
        focus: { loadBalancerArns: [loadBalancerArn] },
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
        resourceArns: [targetGroupArn],
        resourcePrefixes: [],
      };
    }
    default:
      return 'not an event this scanner follows';
  }
};

/**
 * VPC endpoint changes: the VPCs hosting ECS services are judged again (a VPC's result depends on
 * every service in it; DeleteVpcEndpoints names endpoints, not their VPC).
 */
const ec2 = (c: Context): Mapping => {
  const vpcIds = [...new Set(stringsUnder([c.request, c.response], /^vpcId$/i))].filter((id) =>
    /^vpc-[0-9a-f]+$/.test(id),
  );
  return {
    focus: { allServices: true },
    resourceArns: vpcIds.map((id) => arnIn(c, 'ec2', `vpc/${id}`)),
    resourcePrefixes: [],
  };
};

const appMesh = (c: Context): Mapping => {
  const meshName = text(c.request.meshName);
  if (!meshName) return 'the event names no mesh';
  const meshOwner = text(c.request.meshOwner) ?? c.accountId;
  const meshArn = formatArn({
    partition: c.partition,
    service: 'appmesh',
    region: c.region,
    accountId: meshOwner,
    resource: `mesh/${meshName}`,
  });
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
    resourceArns,
    // A deleted mesh takes its nodes and gateways with it.
    resourcePrefixes: c.eventName === 'DeleteMesh' ? [`${meshArn}/`] : [],
  };
};

/**
 * VPC Lattice changes. A target group deleted: the services whose Lattice configuration names it.
 * A listener, rule or Lattice service: which ECS services it reaches is only known by reading the
 * target groups again (a deleted rule no longer says where it forwarded), so every service is
 * rescanned, and the findings of every service stand for it.
 */
const vpcLattice = (c: Context): Mapping => {
  if (c.eventName === 'DeleteTargetGroup') {
    const identifier = text(c.request.targetGroupIdentifier);
    if (!identifier) return 'the event names no target group';
    const targetGroupArn = identifier.startsWith('arn:')
      ? identifier
      : arnIn(c, 'vpc-lattice', `targetgroup/${identifier}`);
    return {
      focus: { latticeTargetGroupArns: [targetGroupArn] },
      resourceArns: [],
      resourcePrefixes: [],
    };
  }
  return {
    focus: { allServices: true },
    resourceArns: [],
    resourcePrefixes: [arnIn(c, 'ecs', 'service/')],
  };
};

const CLUSTER_EVENTS = new Set(['UpdateCluster', 'PutClusterCapacityProviders']);

const MAPPERS: Record<ChangeSource, (c: Context) => Mapping> = {
  'ecs.amazonaws.com': (c) => {
    if (c.eventName.endsWith('Service')) return ecsService(c);
    if (CLUSTER_EVENTS.has(c.eventName)) return ecsCluster(c);
    return ecsTaskDefinitions(c);
  },
  'elasticloadbalancing.amazonaws.com': elbv2,
  'ec2.amazonaws.com': ec2,
  'appmesh.amazonaws.com': appMesh,
  'vpc-lattice.amazonaws.com': vpcLattice,
};

/** The snapshot sections a call changes; undefined for a call the scanner does not follow. */
export const sectionsChangedBy = (
  eventSource: string,
  eventName: string,
): readonly SnapshotSection[] | undefined => {
  if (!Object.hasOwn(CHANGED_SECTIONS, eventSource)) return undefined;
  const names: Readonly<Record<string, readonly SnapshotSection[]>> =
    CHANGED_SECTIONS[eventSource as ChangeSource];
  return Object.hasOwn(names, eventName) ? names[eventName] : undefined;
};

/**
 * The rescan a CloudTrail change asks for, or why it asks for none: a failed call (errorCode), an
 * event name the scanner does not follow, a call that changes nothing the checks judge, or one that
 * changes no section any of `checks` reads. The rescan runs those of `checks` (the registry's, from
 * the entry point) that read a section the call changes (CHANGED_SECTIONS).
 */
export const mapChange = (
  event: CloudTrailEvent,
  checks: readonly Check[],
): ChangeRescan | ChangeSkip => {
  const { detail } = event;
  const eventName = detail.eventName;
  if (detail.errorCode) {
    return { kind: 'skip', eventName, reason: `the call failed (${detail.errorCode})` };
  }
  const changed = sectionsChangedBy(detail.eventSource, eventName);
  if (!changed) {
    return { kind: 'skip', eventName, reason: `unknown event ${detail.eventSource} ${eventName}` };
  }
  const rescanned = checksReading(checks, changed);
  if (rescanned.length === 0) {
    return {
      kind: 'skip',
      eventName,
      reason: `no check reads what it changes (${changed.join(', ')})`,
    };
  }
  const accountId = detail.recipientAccountId ?? event.account;
  const region = detail.awsRegion;
  const mapped = MAPPERS[detail.eventSource as ChangeSource]({
    accountId,
    region,
    partition: partitionOfRegion(region),
    request: record(detail.requestParameters) ?? {},
    response: record(detail.responseElements) ?? {},
    eventName,
  });
  if (typeof mapped === 'string') return { kind: 'skip', eventName, reason: mapped };
  return { kind: 'rescan', accountId, region, eventName, checks: rescanned, ...mapped };
};
