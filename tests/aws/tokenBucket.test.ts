import { describe, expect, it } from 'vitest';
import { type Clock, pacedBucket, TokenBucket } from '../../lib/aws/tokenBucket.ts';

/** A clock that only moves when someone sleeps: timings become exact and instant. */
const fakeClock = (): Clock & { elapsed: () => number } => {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    elapsed: () => now,
  };
};

describe('TokenBucket', () => {
  it.each([
    // burst, rate, calls, expected milliseconds until the last call may go
    [30, 10, 30, 0],
    [30, 10, 31, 100],
    [30, 10, 130, 10_000],
    [6, 3, 12, 2_000],
    [1, 0.5, 3, 4_000],
  ])(
    'with burst %i and %i per second lets %i calls through in %i ms',
    async (burst, ratePerSecond, calls, expected) => {
      // Prepare
      const clock = fakeClock();
      const bucket = new TokenBucket({ burst, ratePerSecond, clock });

      // Act
      for (let i = 0; i < calls; i += 1) await bucket.take();

      // Assess
      expect(clock.elapsed()).toBeCloseTo(expected, 6);
    },
  );

  it('serves concurrent callers in order without letting more through than the rate allows', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ burst: 2, ratePerSecond: 1, clock });
    const order: number[] = [];

    await Promise.all([0, 1, 2, 3].map((i) => bucket.take().then(() => order.push(i))));

    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.elapsed()).toBeCloseTo(2_000, 6);
  });

  it('refills while idle, up to its burst and no further', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ burst: 5, ratePerSecond: 10, clock });
    for (let i = 0; i < 5; i += 1) await bucket.take();
    await clock.sleep(60_000);
    const before = clock.elapsed();

    for (let i = 0; i < 6; i += 1) await bucket.take();

    expect(clock.elapsed() - before).toBeCloseTo(100, 6);
  });

  it('refills at a new rate from the moment it is set, keeping the tokens saved so far', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ burst: 10, ratePerSecond: 10, clock });
    for (let i = 0; i < 10; i += 1) await bucket.take();
    await clock.sleep(500); // 5 tokens saved
    const before = clock.elapsed();

    bucket.setRate(2);
    for (let i = 0; i < 7; i += 1) await bucket.take();

    // 5 saved, then 2 more at 2 per second.
    expect(bucket.ratePerSecond).toBe(2);
    expect(clock.elapsed() - before).toBeCloseTo(1_000, 6);
  });

  it('gives up its saved tokens when told to drain', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ burst: 10, ratePerSecond: 10, clock });

    bucket.setRate(5, { drain: true });
    await bucket.take();

    expect(clock.elapsed()).toBeCloseTo(200, 6);
  });

  it.each([
    [0, 1],
    [1, 0],
    [-1, 5],
  ])('refuses a rate of %d or a burst of %d', (ratePerSecond, burst) => {
    expect(() => new TokenBucket({ ratePerSecond, burst })).toThrow(RangeError);
  });
});

describe('pacedBucket', () => {
  it.each([
    [1, 10, 30],
    [0.5, 5, 15],
    [0.01, 0.1, 1],
  ])(
    'at share %d of 10 per second, burst 30, runs at %d per second with burst %d',
    (share, rate, burst) => {
      const bucket = pacedBucket({ ratePerSecond: 10, burst: 30 }, share);

      expect([bucket.ratePerSecond, bucket.burst]).toEqual([rate, burst]);
    },
  );
});
