// Client-side pacing of the collectors: one token bucket per AWS throttle category and region, at
// a share of AWS's documented rate, so every category runs in parallel near its own rate and the
// account's own tools keep the rest. Installed as SDK middleware after the retry step, it paces
// every HTTP attempt (pages and retries included). A throttling answer (the account's other
// callers used the bucket) halves the category's rate and drops its saved tokens, so that the
// SDK's retry of that call, and every other call of the category, waits for the slower bucket;
// each success then adds back 1 % of the target rate, up to the target.
import type { Client, FinalizeRequestMiddleware } from '@smithy/types';
import { isThrottlingError } from './errors.ts';
import { type RateLimit, type RateLimitedService, rateLimitOf } from './rateLimits.ts';
import {
  type Clock,
  DEFAULT_RATE_SHARE,
  pacedBucket,
  RATE_SHARE_ENV,
  rateShareFrom,
  realClock,
  type TokenBucket,
} from './tokenBucket.ts';

export { DEFAULT_RATE_SHARE, RATE_SHARE_ENV, rateShareFrom };

/** After throttling the rate drops to this fraction of its current value, never below FLOOR of the target. */
const DECREASE = 0.5;
const FLOOR = 0.1;
/** Each success adds this fraction of the target rate back. */
const INCREASE = 0.01;

export interface CategoryStats {
  service: RateLimitedService;
  category: string;
  /** HTTP attempts paced (first sends, pages, re-sends and SDK retries). */
  requests: number;
  /** Attempts answered with a throttling error. */
  throttled: number;
  /** The client-side bucket's rate now and at best. */
  ratePerSecond: number;
  targetRatePerSecond: number;
  burst: number;
}

interface Category {
  limit: RateLimit;
  bucket: TokenBucket;
  target: number;
  stats: CategoryStats;
}

export interface PacerOptions {
  /** Share of AWS's documented rates (0 < share <= 1, default 0.95). */
  share?: number;
  clock?: Clock;
}

/** The buckets of one account and region. */
export class Pacer {
  readonly share: number;
  private readonly clock: Clock;
  private readonly categories = new Map<string, Category>();

  constructor({ share = DEFAULT_RATE_SHARE, clock = realClock }: PacerOptions = {}) {
    if (!(share > 0 && share <= 1)) {
      throw new RangeError(`the rate share must be in (0, 1], got ${share}`);
    }
    this.share = share;
    this.clock = clock;
  }

  private category(service: RateLimitedService, operation: string): Category {
    const limit = rateLimitOf(service, operation);
    const key = `${service}/${limit.category}`;
    let category = this.categories.get(key);
    if (!category) {
      const bucket = pacedBucket(limit, this.share, this.clock);
      category = {
        limit,
        bucket,
        target: bucket.ratePerSecond,
        stats: {
          service,
          category: limit.category,
          requests: 0,
          throttled: 0,
          ratePerSecond: bucket.ratePerSecond,
          targetRatePerSecond: bucket.ratePerSecond,
          burst: bucket.burst,
        },
      };
      this.categories.set(key, category);
    }
    return category;
  }

  /** Waits for the category's next token. */
  async take(service: RateLimitedService, operation: string): Promise<void> {
    const category = this.category(service, operation);
    category.stats.requests += 1;
    await category.bucket.take();
  }

  /** Slows the category down and gives up its saved tokens. */
  throttled(service: RateLimitedService, operation: string): void {
    const category = this.category(service, operation);
    category.stats.throttled += 1;
    const rate = Math.max(category.target * FLOOR, category.bucket.ratePerSecond * DECREASE);
    category.bucket.setRate(rate, { drain: true });
    category.stats.ratePerSecond = rate;
  }

  /** Speeds a slowed-down category back up towards its target. */
  succeeded(service: RateLimitedService, operation: string): void {
    const category = this.category(service, operation);
    const current = category.bucket.ratePerSecond;
    if (current >= category.target) return;
    const rate = Math.min(category.target, current + category.target * INCREASE);
    category.bucket.setRate(rate);
    category.stats.ratePerSecond = rate;
  }

  stats(): CategoryStats[] {
    return [...this.categories.values()].map((c) => ({ ...c.stats }));
  }
}

/** Paces every attempt one operation of `service` makes through `pacer`. */
export const pacingMiddleware =
  (pacer: Pacer, service: RateLimitedService): FinalizeRequestMiddleware<object, object> =>
  (next, context) =>
  async (args) => {
    const operation = String(context.commandName ?? '').replace(/Command$/, '');
    await pacer.take(service, operation);
    try {
      const output = await next(args);
      pacer.succeeded(service, operation);
      return output;
    } catch (error) {
      if (isThrottlingError(error)) pacer.throttled(service, operation);
      throw error;
    }
  };

const MIDDLEWARE_NAME = 'ecsScannerPacing';

/** Adds the pacing middleware to a client (once), after the retry and signing steps. */
export const installPacing = (
  // biome-ignore lint/suspicious/noExplicitAny: any SDK v3 client.
  client: Client<any, any, any>,
  service: RateLimitedService,
  pacer: Pacer,
): void => {
  client.middlewareStack.remove(MIDDLEWARE_NAME);
  client.middlewareStack.add(pacingMiddleware(pacer, service), {
    step: 'finalizeRequest',
    priority: 'low',
    name: MIDDLEWARE_NAME,
  });
};
