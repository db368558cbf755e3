// Resource tags for a synthetic account: a Team tag on every load balancer, target group, VPC and
// App Mesh resource, and exemption tags on a few resources of each kind (with a reason, without
// one, expired, every check `*`), chosen from their own random stream so that adding them leaves
// the rest of the account as it was.
import type { AppMeshTag, Ec2Vpc, ElbTag, RegionSnapshot } from '../lib/snapshot/types.ts';

type EcsTag = { key?: string; value?: string };

const EXEMPT = 'ecs-encryption-scanner:exempt';
const REASON = 'ecs-encryption-scanner:exempt-reason';
const UNTIL = 'ecs-encryption-scanner:exempt-until';
const DAY = 86_400_000;

interface Exemption {
  checks: string;
  reason?: string;
  /** Days from now (negative: expired). */
  untilDays?: number;
}

const exemptionPairs = (e: Exemption, now: number): [string, string][] => [
  [EXEMPT, e.checks],
  ...(e.reason ? [[REASON, e.reason] as [string, string]] : []),
  ...(e.untilDays !== undefined
    ? [[UNTIL, new Date(now + e.untilDays * DAY).toISOString().slice(0, 10)] as [string, string]]
    : []),
];

/** The kinds of exemption every resource kind gets some of, in this order. */
const KINDS = (check: string): Exemption[] => [
  { checks: check, reason: 'accepted until the migration ends', untilDays: 180 },
  { checks: check },
  { checks: check, reason: 'accepted last quarter', untilDays: -30 },
  { checks: '*', reason: 'decommissioning' },
];

export interface TagOptions {
  /** Picks the exempt resources (its own stream, seeded from the account's seed). */
  random: { int(max: number): number };
  now: number;
  accountId: string;
  /** The VPCs that host the account's services, with their index (for the CIDR block). */
  vpcIds: readonly string[];
}

/** Indices of `count` distinct items of `length` (fewer when there are fewer items). */
const pickIndices = (random: TagOptions['random'], length: number, count: number): number[] => {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, length)) picked.add(random.int(length));
  return [...picked];
};

/** Tags keyed by ARN: Team on each, exemptions (of `check`) on a few. */
const keyedTags = <T>(
  arns: readonly string[],
  check: string,
  options: TagOptions,
  tag: (key: string, value: string) => T,
): Record<string, T[]> => {
  const exempt = new Map(
    pickIndices(options.random, arns.length, 4).map((i, k) => [i, KINDS(check)[k]] as const),
  );
  return Object.fromEntries(
    arns.map((arn, i) => {
      const exemption = exempt.get(i);
      const pairs: [string, string][] = [
        ['Team', 'platform'],
        ...(exemption ? exemptionPairs(exemption, options.now) : []),
      ];
      return [arn, pairs.map(([k, v]) => tag(k, v))];
    }),
  );
};

/** Adds exemption tags to the task definitions and services whose index is picked (in place). */
const exemptEcs = (items: { tags?: EcsTag[] }[], check: string, options: TagOptions) => {
  pickIndices(options.random, items.length, 4).forEach((i, k) => {
    const item = items[i];
    const exemption = KINDS(check)[k];
    if (!item || !exemption) return;
    item.tags = [
      ...(item.tags ?? []),
      ...exemptionPairs(exemption, options.now).map(([key, value]) => ({ key, value })),
    ];
  });
};

/** The region with `elbv2.tags`, `ec2.vpcs` and `appmesh.tags`, and a few ECS exemption tags. */
export const withTags = (region: RegionSnapshot, options: TagOptions): RegionSnapshot => {
  const elbArns = [
    ...(region.elbv2?.loadBalancers ?? []).map((lb) => lb.LoadBalancerArn ?? ''),
    ...(region.elbv2?.targetGroups ?? []).map((tg) => tg.TargetGroupArn ?? ''),
  ];
  const meshArns = [
    ...(region.appmesh?.meshes ?? []),
    ...(region.appmesh?.virtualNodes ?? []),
    ...(region.appmesh?.virtualGateways ?? []),
  ].map((item) => item.metadata?.arn ?? '');
  const vpcTags = keyedTags(
    options.vpcIds,
    'vpc_ecs_interface_endpoints',
    options,
    (Key, Value) => ({
      Key,
      Value,
    }),
  );
  const vpcs: Ec2Vpc[] = options.vpcIds.map((VpcId, v) => ({
    VpcId,
    CidrBlock: `10.${v}.0.0/16`,
    State: 'available',
    OwnerId: options.accountId,
    IsDefault: false,
    InstanceTenancy: 'default',
    Tags: vpcTags[VpcId] ?? [],
  }));
  exemptEcs(
    region.ecs?.taskDefinitions ?? [],
    'ecs_task_definition_no_secrets_in_environment',
    options,
  );
  exemptEcs(region.ecs?.services ?? [], 'ecs_service_connect_tls_enabled', options);
  return {
    ...region,
    elbv2: {
      ...region.elbv2,
      tags: keyedTags<ElbTag>(elbArns, 'elbv2_listener_tls_policy', options, (Key, Value) => ({
        Key,
        Value,
      })),
    },
    ec2: { ...region.ec2, vpcs },
    appmesh: {
      ...region.appmesh,
      tags: keyedTags<AppMeshTag>(
        meshArns,
        'appmesh_virtual_node_listener_tls_strict',
        options,
        (key, value) => ({ key, value }),
      ),
    },
  };
};
