// AWS's documented request rate limits of the APIs the scanner calls: one token bucket per
// account, region and throttle category (burst = bucket size, ratePerSecond = refill). The
// collectors pace each category with a client-side bucket at a share of these rates, the publisher
// its Security Hub calls (lib/publish/limits.ts). The rates are the operations table's (operations.ts).

import { type AwsService, DEFAULT_RATE_LIMIT, operationOf, type RateLimit } from './operations.ts';

export { DEFAULT_RATE_LIMIT, type RateLimit } from './operations.ts';

export type RateLimitedService = AwsService;

/**
 * The bucket an operation draws from: its row's; the default bucket for an operation outside the
 * table (none: tests/aws/operations.test.ts proves the code calls only the table's).
 */
export const rateLimitOf = (service: RateLimitedService, operation: string): RateLimit =>
  operationOf(service, operation)?.rate ?? DEFAULT_RATE_LIMIT;
