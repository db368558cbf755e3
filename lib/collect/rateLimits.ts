// AWS's documented request rate limits of the APIs the scanner calls: one token bucket per
// account, region and throttle category (burst = bucket size, ratePerSecond = refill). The
// collectors pace each category with a client-side bucket at a share of these rates.
import type { CollectedService } from './types.ts';

export interface RateLimit {
  /** The throttle category: operations in one category draw from one bucket. */
  category: string;
  burst: number;
  ratePerSecond: number;
}

const limit = (category: string, burst: number, ratePerSecond: number): RateLimit => ({
  category,
  burst,
  ratePerSecond,
});

/** For services that publish no per-API rate for these calls (App Mesh, SSM DescribeParameters, STS): a modest bucket. */
export const DEFAULT_RATE_LIMIT = limit('default', 50, 20);

// Amazon ECS API Reference, "Request throttling": per-category buckets.
const ECS: Record<string, RateLimit> = {
  ListClusters: limit('cluster-read', 50, 20),
  DescribeClusters: limit('cluster-read', 50, 20),
  ListServices: limit('service-read', 100, 20),
  DescribeServices: limit('service-read', 100, 20),
  DescribeTaskDefinition: limit('task-definition-read', 50, 20),
  ListContainerInstances: limit('cluster-resource-read', 100, 20),
  DescribeContainerInstances: limit('cluster-resource-read', 100, 20),
};

// ELB API: one bucket for the non-mutating Describe* actions (ELB User Guide, "Request throttling").
const ELB_DESCRIBE = limit('describe', 40, 10);
const ELBV2: Record<string, RateLimit> = {
  DescribeLoadBalancers: ELB_DESCRIBE,
  DescribeListeners: ELB_DESCRIBE,
  DescribeListenerCertificates: ELB_DESCRIBE,
  DescribeRules: ELB_DESCRIBE,
  DescribeTargetGroups: ELB_DESCRIBE,
  DescribeSSLPolicies: ELB_DESCRIBE,
  DescribeTags: ELB_DESCRIBE,
};

// EC2 API Reference, "Request throttling": non-mutating actions share one bucket.
const EC2_NON_MUTATING = limit('non-mutating', 100, 20);
const EC2: Record<string, RateLimit> = {
  DescribeSubnets: EC2_NON_MUTATING,
  DescribeInstances: EC2_NON_MUTATING,
  DescribeVpcEndpoints: EC2_NON_MUTATING,
  DescribeVpcs: EC2_NON_MUTATING,
  DescribeRegions: EC2_NON_MUTATING,
};

// App Mesh publishes no per-API rates: the default bucket (ListTagsForResource included).
const APP_MESH: Record<string, RateLimit> = {
  ListMeshes: DEFAULT_RATE_LIMIT,
  DescribeMesh: DEFAULT_RATE_LIMIT,
  ListVirtualNodes: DEFAULT_RATE_LIMIT,
  DescribeVirtualNode: DEFAULT_RATE_LIMIT,
  ListVirtualGateways: DEFAULT_RATE_LIMIT,
  DescribeVirtualGateway: DEFAULT_RATE_LIMIT,
  ListTagsForResource: DEFAULT_RATE_LIMIT,
};

// Security Hub API rate limits (lib/publish/limits.ts paces the publisher with the same figures).
const SECURITY_HUB: Record<string, RateLimit> = {
  BatchImportFindings: limit('BatchImportFindings', 30, 10),
  GetFindings: limit('GetFindings', 6, 3),
  BatchUpdateFindings: limit('BatchUpdateFindings', 30, 10),
};

export type RateLimitedService = CollectedService | 'securityhub';

/** The bucket an operation draws from. */
export const rateLimitOf = (service: RateLimitedService, operation: string): RateLimit => {
  switch (service) {
    case 'ecs':
      return ECS[operation] ?? limit('cluster-read', 50, 20);
    case 'elasticloadbalancing':
      return ELBV2[operation] ?? ELB_DESCRIBE;
    case 'ec2':
      return EC2[operation] ?? EC2_NON_MUTATING;
    case 'appmesh':
      return APP_MESH[operation] ?? DEFAULT_RATE_LIMIT;
    // ACM quotas: DescribeCertificate 10 requests per second.
    case 'acm':
      return limit('DescribeCertificate', 10, 10);
    // Secrets Manager quotas: DescribeSecret and GetSecretValue together, 10,000 per second.
    case 'secretsmanager':
      return limit('DescribeSecret+GetSecretValue', 10_000, 10_000);
    case 'securityhub':
      return SECURITY_HUB[operation] ?? DEFAULT_RATE_LIMIT;
    default:
      return DEFAULT_RATE_LIMIT;
  }
};
