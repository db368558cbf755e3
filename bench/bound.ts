// The lower bound that token buckets put on a scan's wall time. A bucket of size `burst` that
// refills `rate` tokens a second lets `calls` calls through no sooner than max(0, calls − burst) /
// rate seconds after the first; buckets of different categories drain in parallel, so a scan can
// end no sooner than its slowest bucket allows: the largest of these over its buckets.

import type { EmulatedService } from '../emulator/api.ts';
import { SERVICES } from '../emulator/services/index.ts';
import { type RateLimitedService, rateLimitOf } from '../lib/aws/rateLimits.ts';
import type { CallCounts } from './minCalls.ts';

export interface BucketLoad {
  /** `service/category`, e.g. `ecs/task-definition-read`. */
  bucket: string;
  calls: number;
  burst: number;
  ratePerSecond: number;
  boundSeconds: number;
}

export const bucketSeconds = (calls: number, burst: number, ratePerSecond: number): number =>
  Math.max(0, calls - burst) / ratePerSecond;

const round = (value: number) => Math.round(value * 1000) / 1000;

const loads = (
  calls: CallCounts,
  specOf: (service: string, operation: string) => { category: string; burst: number; rate: number },
): BucketLoad[] => {
  const byBucket = new Map<string, { calls: number; burst: number; rate: number }>();
  for (const [service, operations] of Object.entries(calls)) {
    for (const [operation, count] of Object.entries(operations)) {
      const spec = specOf(service, operation);
      const key = `${service}/${spec.category}`;
      const entry = byBucket.get(key) ?? { calls: 0, burst: spec.burst, rate: spec.rate };
      entry.calls += count;
      byBucket.set(key, entry);
    }
  }
  return [...byBucket]
    .map(([bucket, { calls: n, burst, rate }]) => ({
      bucket,
      calls: n,
      burst,
      ratePerSecond: round(rate),
      boundSeconds: round(bucketSeconds(n, burst, rate)),
    }))
    .sort((a, b) => b.boundSeconds - a.boundSeconds || a.bucket.localeCompare(b.bucket));
};

/** The emulator's buckets (AWS's documented ones), scaled as the emulator scales them. */
export const awsBucketLoads = (calls: CallCounts, throttleFactor = 1): BucketLoad[] =>
  loads(calls, (service, operation) => {
    const spec = SERVICES[service as EmulatedService].bucket(operation);
    return {
      category: spec.category,
      burst: Math.max(1, Math.round(spec.burst * throttleFactor)),
      rate: spec.rate * throttleFactor,
    };
  });

/**
 * The scanner's own buckets at `share` of AWS's rates (lib/aws/pacing.ts); Security Hub's
 * publisher paces at `securityHubShare`.
 */
export const pacedBucketLoads = (
  calls: CallCounts,
  share: number,
  securityHubShare = 1,
): BucketLoad[] =>
  loads(calls, (service, operation) => {
    const limit = rateLimitOf(service as RateLimitedService, operation);
    const s = service === 'securityhub' ? securityHubShare : share;
    return {
      category: limit.category,
      burst: Math.max(1, Math.floor(limit.burst * s)),
      rate: Math.max(limit.ratePerSecond * s, 0.1),
    };
  });

/** The bound: the slowest bucket. */
export const boundOf = (buckets: readonly BucketLoad[]): BucketLoad | undefined =>
  buckets.reduce<BucketLoad | undefined>(
    (worst, b) => (!worst || b.boundSeconds > worst.boundSeconds ? b : worst),
    undefined,
  );
