// AWS's documented request rate limits of the APIs the scanner calls: one token bucket per
// account, region and throttle category (burst = bucket size, ratePerSecond = refill). The
// collectors pace each category with a client-side bucket at a share of these rates. The
// collectors' own rates are in the operations table (operations.ts).

import type { CollectedService } from '../snapshot/types.ts';
import { DEFAULT_RATE_LIMIT, operationOf, type RateLimit } from './operations.ts';

export { DEFAULT_RATE_LIMIT, type RateLimit } from './operations.ts';

// Security Hub API rate limits (lib/publish/limits.ts paces the publisher with the same figures).
const SECURITY_HUB: Record<string, RateLimit> = {
  BatchImportFindings: { category: 'BatchImportFindings', burst: 30, ratePerSecond: 10 },
  GetFindings: { category: 'GetFindings', burst: 6, ratePerSecond: 3 },
  BatchUpdateFindings: { category: 'BatchUpdateFindings', burst: 30, ratePerSecond: 10 },
};

/** Calls outside the table share their service's usual bucket (EC2 DescribeRegions: the planner's). */
const SERVICE_FALLBACK: Partial<Record<CollectedService, RateLimit>> = {
  ecs: { category: 'cluster-read', burst: 50, ratePerSecond: 20 },
  elasticloadbalancing: { category: 'describe', burst: 40, ratePerSecond: 10 },
  ec2: { category: 'non-mutating', burst: 100, ratePerSecond: 20 },
};

export type RateLimitedService = CollectedService | 'securityhub';

/** The bucket an operation draws from. */
export const rateLimitOf = (service: RateLimitedService, operation: string): RateLimit => {
  if (service === 'securityhub') return SECURITY_HUB[operation] ?? DEFAULT_RATE_LIMIT;
  return operationOf(service, operation)?.rate ?? SERVICE_FALLBACK[service] ?? DEFAULT_RATE_LIMIT;
};
