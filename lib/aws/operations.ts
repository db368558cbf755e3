// Every AWS operation the collectors call, once: its service, the snapshot sections its answers fill
// (and so leave incomplete when it fails), its throttle bucket and its IAM action. The rate limits
// (rateLimits.ts), the publish scopes (lib/publish/scope.ts) and the IAM actions of the functions and
// the member role (lib/aws/iamActions.ts) are derived from this table: adding an operation is one row.
import type { SnapshotSection } from '../snapshot/sections.ts';
import type { CollectedService } from '../snapshot/types.ts';

export interface RateLimit {
  /** The throttle category: operations in one category draw from one bucket. */
  category: string;
  burst: number;
  ratePerSecond: number;
}

export interface Operation {
  service: CollectedService;
  operation: string;
  /** The sections a failure of this call leaves incomplete (what its answers fill, or lead to). */
  sections: readonly SnapshotSection[];
  /**
   * Of `sections`, those a failure that names its items (CollectionFailure.items) leaves incomplete
   * only item by item: the inventory keeps the item "not described", the checks judge it
   * NOT_AVAILABLE, and the rest of the section is complete. The others are incomplete as a whole.
   */
  itemSections?: readonly SnapshotSection[];
  rate: RateLimit;
}

const limit = (category: string, burst: number, ratePerSecond: number): RateLimit => ({
  category,
  burst,
  ratePerSecond,
});

/** For services that publish no per-API rate for these calls (App Mesh, SSM DescribeParameters, STS): a modest bucket. */
export const DEFAULT_RATE_LIMIT = limit('default', 50, 20);

// Amazon ECS API Reference, "Request throttling": per-category buckets.
const ECS_CLUSTER_READ = limit('cluster-read', 50, 20);
const ECS_SERVICE_READ = limit('service-read', 100, 20);
const ECS_CLUSTER_RESOURCE_READ = limit('cluster-resource-read', 100, 20);
// ELB API: one bucket for the non-mutating Describe* actions (ELB User Guide, "Request throttling").
const ELB_DESCRIBE = limit('describe', 40, 10);
// EC2 API Reference, "Request throttling": non-mutating actions share one bucket.
const EC2_NON_MUTATING = limit('non-mutating', 100, 20);

const ECS_BASE: readonly SnapshotSection[] = [
  'ecs.clusters',
  'ecs.services',
  'ecs.taskDefinitions',
  'ecs.containerInstances',
];

const row = (
  service: CollectedService,
  operation: string,
  rate: RateLimit,
  sections: readonly SnapshotSection[],
  itemSections?: readonly SnapshotSection[],
): Operation => ({ service, operation, rate, sections, ...(itemSections ? { itemSections } : {}) });

export const OPERATIONS: readonly Operation[] = [
  row('ecs', 'ListClusters', ECS_CLUSTER_READ, ECS_BASE),
  row('ecs', 'DescribeClusters', ECS_CLUSTER_READ, ['ecs.clusters']),
  row('ecs', 'ListServices', ECS_SERVICE_READ, ['ecs.services', 'ecs.taskDefinitions']),
  row('ecs', 'DescribeServices', ECS_SERVICE_READ, ['ecs.services', 'ecs.taskDefinitions']),
  // An undescribed revision hides the secrets and parameters it references. Parameters are judged
  // through the revisions (NOT_AVAILABLE with it); secrets are judged one by one, so a secret only
  // it references would be missing from the results: that list is incomplete as a whole.
  row(
    'ecs',
    'DescribeTaskDefinition',
    limit('task-definition-read', 50, 20),
    ['ecs.taskDefinitions', 'ssm.parameters', 'secretsManager.secrets'],
    ['ecs.taskDefinitions', 'ssm.parameters'],
  ),
  row('ecs', 'ListContainerInstances', ECS_CLUSTER_RESOURCE_READ, ['ecs.containerInstances']),
  row('ecs', 'DescribeContainerInstances', ECS_CLUSTER_RESOURCE_READ, ['ecs.containerInstances']),
  row('elasticloadbalancing', 'DescribeLoadBalancers', ELB_DESCRIBE, [
    'elbv2.loadBalancers',
    'elbv2.listeners',
  ]),
  row('elasticloadbalancing', 'DescribeListeners', ELB_DESCRIBE, ['elbv2.listeners']),
  // An undescribed certificate list hides the ACM certificates it names.
  row(
    'elasticloadbalancing',
    'DescribeListenerCertificates',
    ELB_DESCRIBE,
    ['elbv2.listenerCertificates', 'acm.certificates'],
    ['elbv2.listenerCertificates'],
  ),
  row('elasticloadbalancing', 'DescribeRules', ELB_DESCRIBE, ['elbv2.rules'], ['elbv2.rules']),
  row('elasticloadbalancing', 'DescribeTargetGroups', ELB_DESCRIBE, [
    'elbv2.targetGroups',
    'elbv2.loadBalancers',
    'elbv2.listeners',
  ]),
  row('elasticloadbalancing', 'DescribeSSLPolicies', ELB_DESCRIBE, ['elbv2.sslPolicies']),
  // Tags only exempt findings: no check lists them among its inputs.
  row('elasticloadbalancing', 'DescribeTags', ELB_DESCRIBE, ['elbv2.tags']),
  row('ec2', 'DescribeVpcEndpoints', EC2_NON_MUTATING, ['ec2.vpcEndpoints']),
  row('ec2', 'DescribeSubnets', EC2_NON_MUTATING, ['ec2.subnets']),
  row('ec2', 'DescribeInstances', EC2_NON_MUTATING, ['ec2.instances']),
  row('ec2', 'DescribeVpcs', EC2_NON_MUTATING, ['ec2.vpcs']),
  // App Mesh publishes no per-API rates: the default bucket.
  row('appmesh', 'ListMeshes', DEFAULT_RATE_LIMIT, [
    'appmesh.meshes',
    'appmesh.virtualNodes',
    'appmesh.virtualGateways',
    'appmesh.tags',
  ]),
  row('appmesh', 'DescribeMesh', DEFAULT_RATE_LIMIT, ['appmesh.meshes']),
  row('appmesh', 'ListVirtualNodes', DEFAULT_RATE_LIMIT, ['appmesh.virtualNodes']),
  row('appmesh', 'DescribeVirtualNode', DEFAULT_RATE_LIMIT, ['appmesh.virtualNodes']),
  row('appmesh', 'ListVirtualGateways', DEFAULT_RATE_LIMIT, ['appmesh.virtualGateways']),
  row('appmesh', 'DescribeVirtualGateway', DEFAULT_RATE_LIMIT, ['appmesh.virtualGateways']),
  row('appmesh', 'ListTagsForResource', DEFAULT_RATE_LIMIT, ['appmesh.tags']),
  // ACM quotas: DescribeCertificate 10 requests per second.
  row(
    'acm',
    'DescribeCertificate',
    limit('DescribeCertificate', 10, 10),
    ['acm.certificates'],
    ['acm.certificates'],
  ),
  row('ssm', 'DescribeParameters', DEFAULT_RATE_LIMIT, ['ssm.parameters'], ['ssm.parameters']),
  // Secrets Manager quotas: DescribeSecret and GetSecretValue together, 10,000 per second.
  row(
    'secretsmanager',
    'DescribeSecret',
    limit('DescribeSecret+GetSecretValue', 10_000, 10_000),
    ['secretsManager.secrets'],
    ['secretsManager.secrets'],
  ),
  // Who the credentials are (the CLI's live scan): no section.
  row('sts', 'GetCallerIdentity', DEFAULT_RATE_LIMIT, []),
];

const BY_KEY = new Map(OPERATIONS.map((op) => [`${op.service}:${op.operation}`, op]));

/** The row of `service:Operation`; undefined for an operation the collectors do not call. */
export const operationOf = (service: string, operation: string): Operation | undefined =>
  BY_KEY.get(`${service}:${operation}`);

/** The IAM action that allows the call (for these services, its signing name and operation). */
export const iamActionOf = (op: Operation): string => `${op.service}:${op.operation}`;
