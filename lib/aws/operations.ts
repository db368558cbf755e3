// Every AWS operation the scanner calls, once: its service, the snapshot sections its answers fill
// (and so leave incomplete when it fails), its throttle category and documented rate, its IAM action
// and the role statement that grants it. The rate limits (rateLimits.ts, lib/publish/limits.ts), the
// publish scopes (lib/publish/scope.ts) and the IAM actions of the functions and the member role
// (iamActions.ts, deploy/iam.cjs) are derived from this table, and tests/aws/operations.test.ts
// proves that the code calls exactly its operations and that the emulator throttles them at its
// rates: adding an operation is one row.
import type { SnapshotSection } from '../snapshot/sections.ts';
import type { CollectedService } from '../snapshot/types.ts';

/**
 * The APIs the scanner calls, by SigV4 signing name (for all but one, their IAM prefix too), but
 * for `elb`: the Classic Load Balancer API (2012-06-01), whose calls sign and authorize as
 * `elasticloadbalancing` and whose operation names (DescribeLoadBalancers, DescribeTags) are also
 * ELBv2's (2015-12-01). A row is keyed by API and operation; its IAM action by IAM prefix.
 */
export type AwsService = CollectedService | 'securityhub' | 'sqs' | 'organizations';

/** The SigV4 signing name of an API, which is also its IAM prefix. */
export const signingNameOf = (service: AwsService): string =>
  service === 'elb' ? 'elasticloadbalancing' : service;

/** The IAM prefix of an API's actions: its signing name, but `tag` for `tagging` (GetResources). */
export const iamPrefixOf = (service: AwsService): string =>
  service === 'tagging' ? 'tag' : signingNameOf(service);

/**
 * The statement of the scanner's roles that grants an operation's IAM action (its Sid in
 * deploy/iam.cjs, the functions' role; the member role of deploy/member-role.yaml has the first two).
 */
export const GRANTS = [
  /** The collectors' read-only calls, in every scanned account. */
  'ScanReadOnly',
  /** The publisher's Security Hub calls, in every scanned account (findings are imported by their own). */
  'PublishFindings',
  /** The planner's call when the regions are `all` (every enabled region). */
  'DiscoverRegions',
  /** The planner's call in organization mode (the deployment account only). */
  'ListOrganizationAccounts',
  /** The scan requests the planner, changeEvent and onDemand functions send (the scan queue only). */
  'EnqueueScans',
  /** The worker's retry delay for a failed message (the scan queue only). */
  'RetryFailedScans',
  /** The worker's credentials in a member account (the member role only). */
  'AssumeMemberRole',
] as const;

export type Grant = (typeof GRANTS)[number];

/** The statements of the member role (deploy/member-role.yaml), in its order. */
export const MEMBER_ROLE_GRANTS: readonly Grant[] = ['ScanReadOnly', 'PublishFindings'];

export interface RateLimit {
  /** The throttle category: operations in one category draw from one bucket. */
  category: string;
  burst: number;
  ratePerSecond: number;
}

export interface Operation {
  service: AwsService;
  operation: string;
  /**
   * The sections a failure of this call leaves incomplete (what its answers fill, or lead to);
   * none for a call that is not a collector's.
   */
  sections: readonly SnapshotSection[];
  /**
   * Of `sections`, those a failure that names its items (CollectionFailure.items) leaves incomplete
   * only item by item: the inventory keeps the item "not described", the checks judge it
   * NOT_AVAILABLE, and the rest of the section is complete. The others are incomplete as a whole.
   */
  itemSections?: readonly SnapshotSection[];
  rate: RateLimit;
  /** The IAM action that allows the call: `service:Operation`, but for SQS batches (`sqs:SendMessage`). */
  iamAction: string;
  grant: Grant;
}

const limit = (category: string, burst: number, ratePerSecond: number): RateLimit => ({
  category,
  burst,
  ratePerSecond,
});

/**
 * For calls whose service publishes no per-API rate (App Mesh, SSM DescribeParameters, STS, SQS
 * ChangeMessageVisibility, Organizations): a modest bucket.
 */
export const DEFAULT_RATE_LIMIT = limit('default', 50, 20);

// Amazon ECS API Reference, "Request throttling": per-category buckets.
const ECS_CLUSTER_READ = limit('cluster-read', 50, 20);
const ECS_SERVICE_READ = limit('service-read', 100, 20);
const ECS_CLUSTER_RESOURCE_READ = limit('cluster-resource-read', 100, 20);
// ELB API: one bucket for the non-mutating Describe* actions (ELB User Guide, "Request throttling").
// Each API version has its own bucket: Classic (`elb`) draws from another of the same size.
const ELB_DESCRIBE = limit('describe', 40, 10);
// VPC Lattice publishes no API request rates (its quotas page lists resource quotas only, and
// Service Quotas none for its API): paced conservatively, below the default bucket, in one bucket.
const LATTICE_READ = limit('lattice-read', 10, 5);
/** What the target groups read (listed or described) decide: every VPC Lattice call after them. */
const LATTICE_TARGET_GROUP_SECTIONS: readonly SnapshotSection[] = [
  'vpcLattice.targetGroups',
  'vpcLattice.listeners',
  'vpcLattice.defaultActions',
  'vpcLattice.rules',
];
// EC2 API Reference, "Request throttling": non-mutating actions share one bucket.
const EC2_NON_MUTATING = limit('non-mutating', 100, 20);

const ECS_BASE: readonly SnapshotSection[] = [
  'ecs.clusters',
  'ecs.services',
  'ecs.taskDefinitions',
  'ecs.containerInstances',
];

/** A collector's call: what it fills, granted by ScanReadOnly. */
const row = (
  service: CollectedService,
  operation: string,
  rate: RateLimit,
  sections: readonly SnapshotSection[],
  itemSections?: readonly SnapshotSection[],
): Operation => ({
  service,
  operation,
  rate,
  sections,
  ...(itemSections ? { itemSections } : {}),
  // IAM does not tell the ELB API versions apart: Classic's actions are elasticloadbalancing:*.
  iamAction: `${iamPrefixOf(service)}:${operation}`,
  grant: 'ScanReadOnly',
});

/** A call of the publisher or of the functions: it fills no section. */
const call = (
  service: AwsService,
  operation: string,
  rate: RateLimit,
  grant: Exclude<Grant, 'ScanReadOnly'>,
  iamAction = `${service}:${operation}`,
): Operation => ({ service, operation, rate, sections: [], iamAction, grant });

export const OPERATIONS: readonly Operation[] = [
  row('ecs', 'ListClusters', ECS_CLUSTER_READ, ECS_BASE),
  row('ecs', 'DescribeClusters', ECS_CLUSTER_READ, ['ecs.clusters']),
  row('ecs', 'ListServices', ECS_SERVICE_READ, ['ecs.services', 'ecs.taskDefinitions']),
  row('ecs', 'DescribeServices', ECS_SERVICE_READ, ['ecs.services', 'ecs.taskDefinitions']),
  // An undescribed revision hides the secrets and parameters it references. Parameters are judged
  // through the revisions (NOT_AVAILABLE with it); secrets are judged one by one, so a secret only
  // it references would be missing from the results: that list is incomplete as a whole. So are
  // the meshes in scope (those the revisions point at).
  row(
    'ecs',
    'DescribeTaskDefinition',
    limit('task-definition-read', 50, 20),
    [
      'ecs.taskDefinitions',
      'ssm.parameters',
      'secretsManager.secrets',
      'appmesh.meshes',
      'appmesh.virtualNodes',
      'appmesh.virtualGateways',
    ],
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
  row('elasticloadbalancing', 'DescribeTrustStores', ELB_DESCRIBE, ['elbv2.trustStores']),
  // Classic Load Balancers (ELB API 2012-06-01) that in-scope services name.
  row('elb', 'DescribeLoadBalancers', ELB_DESCRIBE, ['elb.loadBalancers', 'elb.policies']),
  row('elb', 'DescribeLoadBalancerPolicies', ELB_DESCRIBE, ['elb.policies'], ['elb.policies']),
  // VPC Lattice: the target groups in-scope services register with (listed; those the listing
  // does not return, described), the listeners of the Lattice services they serve, and where the
  // listeners that are not HTTPS or TLS_PASSTHROUGH forward.
  row('vpc-lattice', 'ListTargetGroups', LATTICE_READ, LATTICE_TARGET_GROUP_SECTIONS, [
    'vpcLattice.targetGroups',
  ]),
  row('vpc-lattice', 'GetTargetGroup', LATTICE_READ, LATTICE_TARGET_GROUP_SECTIONS, [
    'vpcLattice.targetGroups',
  ]),
  row(
    'vpc-lattice',
    'ListListeners',
    LATTICE_READ,
    ['vpcLattice.listeners', 'vpcLattice.defaultActions', 'vpcLattice.rules'],
    ['vpcLattice.listeners'],
  ),
  row(
    'vpc-lattice',
    'GetListener',
    LATTICE_READ,
    ['vpcLattice.defaultActions', 'vpcLattice.rules'],
    ['vpcLattice.defaultActions'],
  ),
  row('vpc-lattice', 'ListRules', LATTICE_READ, ['vpcLattice.rules'], ['vpcLattice.rules']),
  row('vpc-lattice', 'GetRule', LATTICE_READ, ['vpcLattice.rules'], ['vpcLattice.rules']),
  row('ec2', 'DescribeVpcEndpoints', EC2_NON_MUTATING, ['ec2.vpcEndpoints']),
  row('ec2', 'DescribeSubnets', EC2_NON_MUTATING, ['ec2.subnets']),
  row('ec2', 'DescribeInstances', EC2_NON_MUTATING, ['ec2.instances']),
  // The resources that carry the exemption tag key, of the kinds whose describe calls return no
  // tags: load balancers, target groups, VPCs, App Mesh resources (lib/collect/tags.ts). Tags only
  // exempt findings: no check lists these sections among its inputs. Tag Editor
  // User Guide, "Service quotas": GetResources at most 15 calls per second (no burst published).
  row('tagging', 'GetResources', limit('GetResources', 15, 15), [
    'elbv2.tags',
    'ec2.vpcs',
    'appmesh.tags',
  ]),
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
  // ACM quotas: ListCertificates 8 requests per second (no burst published: 8). A failed listing
  // leaves nothing out (its certificates are described one by one), so it is never recorded.
  row('acm', 'ListCertificates', limit('ListCertificates', 8, 8), ['acm.certificates']),
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
  // Secrets Manager quotas: ListSecrets 100 requests per second (no burst published: 100). A failed
  // listing leaves nothing out (its secrets are described one by one), so it is never recorded.
  row('secretsmanager', 'ListSecrets', limit('ListSecrets', 100, 100), ['secretsManager.secrets']),
  // Who the credentials are (the CLI's live scan): no section.
  row('sts', 'GetCallerIdentity', DEFAULT_RATE_LIMIT, []),

  // The publisher (lib/publish/): Security Hub API Reference, "throttling limits" (and the partner
  // guide, "Guidelines for using the BatchImportFindings API").
  call(
    'securityhub',
    'BatchImportFindings',
    limit('BatchImportFindings', 30, 10),
    'PublishFindings',
  ),
  call('securityhub', 'GetFindings', limit('GetFindings', 6, 3), 'PublishFindings'),

  // The Lambda functions (lib/lambda/).
  call('ec2', 'DescribeRegions', EC2_NON_MUTATING, 'DiscoverRegions'),
  // Organizations publishes no per-API request rate.
  call('organizations', 'ListAccounts', DEFAULT_RATE_LIMIT, 'ListOrganizationAccounts'),
  // SQS quotas: a FIFO queue (the scan queue) takes 300 calls per second per API action, a batch of
  // up to 10 messages being one SendMessage call (no burst published: 300). IAM authorizes a batch
  // with the action of its single-message call.
  call(
    'sqs',
    'SendMessageBatch',
    limit('SendMessage', 300, 300),
    'EnqueueScans',
    'sqs:SendMessage',
  ),
  // Not among the FIFO quotas' actions (SendMessage, ReceiveMessage, DeleteMessage).
  call('sqs', 'ChangeMessageVisibility', DEFAULT_RATE_LIMIT, 'RetryFailedScans'),
  // STS publishes no per-API request rate.
  call('sts', 'AssumeRole', DEFAULT_RATE_LIMIT, 'AssumeMemberRole'),
];

const BY_KEY = new Map(OPERATIONS.map((op) => [`${op.service}:${op.operation}`, op]));

/** The row of `service:Operation`; undefined for an operation the scanner does not call. */
export const operationOf = (service: string, operation: string): Operation | undefined =>
  BY_KEY.get(`${service}:${operation}`);

/** The row of a collector's call (granted by ScanReadOnly); undefined for any other operation. */
export const collectorOperationOf = (service: string, operation: string): Operation | undefined => {
  const op = operationOf(service, operation);
  return op?.grant === 'ScanReadOnly' ? op : undefined;
};

/** The rate of an operation of the table; throws for one outside it (a typo in a caller). */
export const rateOf = (service: AwsService, operation: string): RateLimit => {
  const op = operationOf(service, operation);
  if (!op) throw new Error(`${service}:${operation} is not in the operations table`);
  return op.rate;
};

/** The IAM action that allows the call. */
export const iamActionOf = (op: Operation): string => op.iamAction;

/** The IAM actions one role statement grants: those of its operations, sorted, each once. */
export const actionsGrantedBy = (grant: Grant): string[] =>
  [...new Set(OPERATIONS.filter((op) => op.grant === grant).map(iamActionOf))].sort();
