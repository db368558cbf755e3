import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../lib/aws/operations.ts';
import { Pacer, pacingMiddleware, RATE_SHARE_ENV, rateShareFrom } from '../../lib/aws/pacing.ts';
import { DEFAULT_RATE_LIMIT, rateLimitOf } from '../../lib/aws/rateLimits.ts';
import type { Clock } from '../../lib/aws/tokenBucket.ts';

/** A clock that only moves when someone sleeps: virtual time, exact and instant. */
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

const statsOf = (pacer: Pacer, category: string) =>
  pacer.stats().find((s) => s.category === category);

describe('rateLimitOf', () => {
  // The emulator throttles every row at the same rate (tests/aws/operations.test.ts).
  it.each(OPERATIONS.map((op) => [op.service, op.operation, op] as const))(
    'paces %s %s with its row of the operations table',
    (service, operation, op) => {
      expect(rateLimitOf(service, operation)).toEqual(op.rate);
    },
  );

  it('paces an operation outside the table with the default bucket', () => {
    expect(rateLimitOf('securityhub', 'BatchUpdateFindings')).toEqual(DEFAULT_RATE_LIMIT);
    expect(rateLimitOf('ecs', 'ListTasks')).toEqual(DEFAULT_RATE_LIMIT);
  });
});

describe('Pacer', () => {
  it.each([
    // share, calls, virtual milliseconds until the last one may go (task-definition-read: 50 + 20/s)
    [1, 50, 0],
    [1, 70, 1_000],
    [0.8, 40, 0],
    [0.8, 56, 1_000],
    [0.5, 45, 2_000],
  ])(
    'at share %d lets %i DescribeTaskDefinition calls through in %i ms',
    async (share, calls, expected) => {
      // Prepare
      const clock = fakeClock();
      const pacer = new Pacer({ share, clock });

      // Act
      for (let i = 0; i < calls; i += 1) await pacer.take('ecs', 'DescribeTaskDefinition');

      // Assess
      expect(clock.elapsed()).toBeCloseTo(expected, 6);
    },
  );

  it('gives each throttle category its own bucket, so one drained category holds up no other', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ share: 1, clock });
    for (let i = 0; i < 50; i += 1) await pacer.take('ecs', 'DescribeTaskDefinition');

    await pacer.take('ecs', 'DescribeServices');
    await pacer.take('elasticloadbalancing', 'DescribeListeners');

    expect(clock.elapsed()).toBe(0);
    expect(pacer.stats().map((s) => `${s.service}/${s.category} ${s.requests}`)).toEqual([
      'ecs/task-definition-read 50',
      'ecs/service-read 1',
      'elasticloadbalancing/describe 1',
    ]);
  });

  it('halves a throttled category and drops its saved tokens, down to a tenth of its target', () => {
    const pacer = new Pacer({ share: 1, clock: fakeClock() });

    const rates = [1, 2, 3, 4, 5].map(() => {
      pacer.throttled('acm', 'DescribeCertificate');
      return statsOf(pacer, 'DescribeCertificate')?.ratePerSecond;
    });

    expect(rates).toEqual([5, 2.5, 1.25, 1, 1]);
    expect(statsOf(pacer, 'DescribeCertificate')?.throttled).toBe(5);
  });

  it('after throttling, waits for the slower bucket even when tokens were saved', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ share: 1, clock });
    pacer.throttled('acm', 'DescribeCertificate');

    await pacer.take('acm', 'DescribeCertificate');

    // 10 per second halved to 5: one token takes 200 ms.
    expect(clock.elapsed()).toBeCloseTo(200, 6);
  });

  it('speeds back up by 1 % of the target per success, never above the target', () => {
    const pacer = new Pacer({ share: 0.5, clock: fakeClock() });
    pacer.throttled('ec2', 'DescribeSubnets');

    const rates = Array.from({ length: 60 }, () => {
      pacer.succeeded('ec2', 'DescribeSubnets');
      return statsOf(pacer, 'non-mutating')?.ratePerSecond ?? 0;
    });

    // Target 10 per second, halved to 5, then + 0.1 a success.
    expect(rates[0]).toBeCloseTo(5.1, 6);
    expect(rates[49]).toBeCloseTo(10, 6);
    expect(Math.max(...rates)).toBeCloseTo(10, 6);
  });

  it.each([0, -0.5, 1.5, Number.NaN])('refuses a share of %d', (share) => {
    expect(() => new Pacer({ share })).toThrow(RangeError);
  });
});

describe('pacingMiddleware', () => {
  const run = async (next: () => Promise<unknown>) => {
    const pacer = new Pacer({ share: 1, clock: fakeClock() });
    const handler = pacingMiddleware(pacer, 'ecs')(next as never, {
      commandName: 'DescribeServicesCommand',
    });
    const outcome = await handler({ input: {}, request: {} } as never).then(
      () => 'ok',
      (error: Error) => error.name,
    );
    return { outcome, stats: statsOf(pacer, 'service-read') };
  };

  it('takes a token for the operation and passes the answer through', async () => {
    const { outcome, stats } = await run(async () => ({ output: {} }));

    expect(outcome).toBe('ok');
    expect(stats).toMatchObject({ requests: 1, throttled: 0, ratePerSecond: 20 });
  });

  it('slows the category down on a throttling answer and leaves the retry to the SDK', async () => {
    const throttling = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

    const { outcome, stats } = await run(async () => {
      throw throttling;
    });

    expect(outcome).toBe('ThrottlingException');
    expect(stats).toMatchObject({ requests: 1, throttled: 1, ratePerSecond: 10 });
  });

  it('does not slow down on other errors', async () => {
    const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });

    const { outcome, stats } = await run(async () => {
      throw denied;
    });

    expect(outcome).toBe('AccessDeniedException');
    expect(stats).toMatchObject({ throttled: 0, ratePerSecond: 20 });
  });
});

describe('rateShareFrom', () => {
  it.each([
    [undefined, 0.95],
    ['', 0.95],
    ['1', 1],
    ['0.5', 0.5],
    [' 0.25 ', 0.25],
  ])('reads %j as a share of %d', (value, expected) => {
    expect(rateShareFrom(value === undefined ? {} : { [RATE_SHARE_ENV]: value })).toBe(expected);
  });

  it.each(['0', '1.2', 'half', '-1'])('refuses %j', (value) => {
    expect(() => rateShareFrom({ [RATE_SHARE_ENV]: value })).toThrow(RangeError);
  });
});
