// The IAM actions the scanner needs, in one place: the collectors' read-only calls, the
// publisher's Security Hub calls and the deployment's own calls. serverless.yml and the member
// role template grant exactly these; tests/iam/actions.test.ts proves COLLECTOR_ACTIONS equals the
// operations a full scan calls.

/** Every read-only operation the collectors in lib/collect/ call (`service:Operation`). */
export const COLLECTOR_ACTIONS = [
  'acm:DescribeCertificate',
  'appmesh:DescribeMesh',
  'appmesh:DescribeVirtualGateway',
  'appmesh:DescribeVirtualNode',
  'appmesh:ListMeshes',
  'appmesh:ListTagsForResource',
  'appmesh:ListVirtualGateways',
  'appmesh:ListVirtualNodes',
  'ec2:DescribeInstances',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeVpcs',
  'ecs:DescribeClusters',
  'ecs:DescribeContainerInstances',
  'ecs:DescribeServices',
  'ecs:DescribeTaskDefinition',
  'ecs:ListClusters',
  'ecs:ListContainerInstances',
  'ecs:ListServices',
  'elasticloadbalancing:DescribeListenerCertificates',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeSSLPolicies',
  'elasticloadbalancing:DescribeTags',
  'elasticloadbalancing:DescribeTargetGroups',
  'secretsmanager:DescribeSecret',
  'ssm:DescribeParameters',
  'sts:GetCallerIdentity',
] as const;

/** The publisher's calls: findings are imported from the account that owns them. */
export const PUBLISHER_ACTIONS = [
  'securityhub:BatchImportFindings',
  'securityhub:GetFindings',
] as const;

/** The planner's call when the configured regions are `all` (every enabled region). */
export const REGION_DISCOVERY_ACTIONS = ['ec2:DescribeRegions'] as const;

/** The planner's call in organization mode (the deployment account only, never a member role). */
export const ORGANIZATION_ACTIONS = ['organizations:ListAccounts'] as const;

/** What the member role in each scanned account must allow. */
export const MEMBER_ROLE_ACTIONS = [...COLLECTOR_ACTIONS, ...PUBLISHER_ACTIONS] as const;

export type IamAction =
  | (typeof COLLECTOR_ACTIONS)[number]
  | (typeof PUBLISHER_ACTIONS)[number]
  | (typeof REGION_DISCOVERY_ACTIONS)[number]
  | (typeof ORGANIZATION_ACTIONS)[number];
