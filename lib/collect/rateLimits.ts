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
    // ELB API: one bucket for the non-mutating Describe* actions (ELB User Guide, "Request throttling").
    case 'elasticloadbalancing':
      return limit('describe', 40, 10);
    // EC2 API Reference, "Request throttling": non-mutating actions share one bucket.
    case 'ec2':
      return limit('non-mutating', 100, 20);
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
