// Client-side pacing: a token bucket per API rate-limit category, so the scanner stays under
// AWS's documented limits (and leaves the account's own tools headroom) instead of provoking throttling.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface TokenBucketOptions {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Bucket size: how many calls may go at once after a pause. */
  burst: number;
  clock?: Clock;
}

export class TokenBucket {
  private rate: number;
  readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private updatedAt: number;
  /** Callers wait in line, so a burst of `take()`s is served in order at the refill rate. */
  private queue: Promise<void> = Promise.resolve();

  constructor({ ratePerSecond, burst, clock = realClock }: TokenBucketOptions) {
    if (!(ratePerSecond > 0) || !(burst >= 1))
      throw new RangeError('a token bucket needs rate > 0 and burst >= 1');
    this.rate = ratePerSecond;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.updatedAt = clock.now();
  }

  /** Tokens added per second. */
  get ratePerSecond(): number {
    return this.rate;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.rate);
    this.updatedAt = now;
  }

  /**
   * Changes the refill rate from now on (adaptive pacing slows down after throttling and speeds
   * back up); with `drain`, also gives up the tokens saved so far, so no burst follows.
   */
  setRate(ratePerSecond: number, options: { drain?: boolean } = {}): void {
    if (!(ratePerSecond > 0)) throw new RangeError('a token bucket needs rate > 0');
    this.refill();
    this.rate = ratePerSecond;
    if (options.drain) this.tokens = Math.min(this.tokens, 0);
  }

  /** Resolves when a token is available, and takes it. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      // The epsilon and the 1 ms floor keep float rounding from spinning on 0.9999…
      while (this.tokens < 1 - 1e-9) {
        await this.clock.sleep(Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000)));
        this.refill();
      }
      this.tokens = Math.max(0, this.tokens - 1);
    });
    this.queue = turn;
    return turn;
  }
}

/**
 * Share of AWS's documented rates the scanner uses unless told otherwise: the account's own tools
 * keep the rest, and a client bucket a little slower than AWS's never drifts into throttling.
 * 0.95: the largest headroom with which a large account's scan stays within 1.15× the time AWS's
 * own buckets allow (docs/performance.md: 1.08× at 0.95, 1.14× at 0.9).
 */
export const DEFAULT_RATE_SHARE = 0.95;

/** The environment variable that sets the share (deployments, the bench). */
export const RATE_SHARE_ENV = 'ECS_SCANNER_RATE_SHARE';

/** The share of AWS's rates to use: ECS_SCANNER_RATE_SHARE when set (0 < share <= 1), else 0.95. */
export const rateShareFrom = (env: NodeJS.ProcessEnv = process.env): number => {
  const text = env[RATE_SHARE_ENV]?.trim();
  if (!text) return DEFAULT_RATE_SHARE;
  const share = Number(text);
  if (!(share > 0 && share <= 1)) {
    throw new RangeError(`${RATE_SHARE_ENV} must be a number in (0, 1], got "${text}"`);
  }
  return share;
};

/** A bucket at `share` of an AWS-documented limit (0 < share <= 1), never below one call. */
export const pacedBucket = (
  limit: { ratePerSecond: number; burst: number },
  share = 1,
  clock?: Clock,
): TokenBucket =>
  new TokenBucket({
    ratePerSecond: Math.max(limit.ratePerSecond * share, 0.1),
    burst: Math.max(1, Math.floor(limit.burst * share)),
    clock,
  });
