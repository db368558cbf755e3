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
  readonly ratePerSecond: number;
  readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private updatedAt: number;
  /** Callers wait in line, so a burst of `take()`s is served in order at the refill rate. */
  private queue: Promise<void> = Promise.resolve();

  constructor({ ratePerSecond, burst, clock = realClock }: TokenBucketOptions) {
    if (!(ratePerSecond > 0) || !(burst >= 1))
      throw new RangeError('a token bucket needs rate > 0 and burst >= 1');
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.updatedAt = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(
      this.burst,
      this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond,
    );
    this.updatedAt = now;
  }

  /** Resolves when a token is available, and takes it. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      // The epsilon and the 1 ms floor keep float rounding from spinning on 0.9999…
      while (this.tokens < 1 - 1e-9) {
        await this.clock.sleep(
          Math.max(1, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000)),
        );
        this.refill();
      }
      this.tokens = Math.max(0, this.tokens - 1);
    });
    this.queue = turn;
    return turn;
  }
}

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
