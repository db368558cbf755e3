// A publication's summary: the planned findings less the refused ones; a dry run's list of IDs.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { emptyPlan, type PublishPlan } from '../../lib/publish/plan.ts';
import { summarize, withPlanned } from '../../lib/publish/summary.ts';

const byId = (...ids: string[]) => ids.map((Id) => ({ Id }) as AwsSecurityFinding);
const plan: PublishPlan = {
  ...emptyPlan(),
  create: byId('c1', 'c2'),
  update: byId('u1', 'u2'),
  archive: byId('a1'),
  unchanged: 5,
  untouched: 3,
  refreshed: 1,
};
const where = { accountId: '111122223333', region: 'eu-west-1' };

describe('summarize', () => {
  it('counts the planned findings less those Security Hub refused, with the calls and throttles', () => {
    // Act
    const summary = summarize(
      where,
      plan,
      [{ Id: 'c2', ErrorCode: 'InvalidInput', ErrorMessage: 'x' }],
      {
        calls: 4,
        throttles: 2,
      },
    );

    // Assess
    expect(summary).toEqual({
      ...where,
      created: 1,
      updated: 2,
      refreshed: 1,
      unchangedSkipped: 5,
      archived: 1,
      untouched: 3,
      failed: 1,
      failures: [{ findingId: 'c2', errorCode: 'InvalidInput' }],
      calls: 4,
      throttles: 2,
      dryRun: false,
      plan,
    });
    expect(summary.plan).not.toBe(plan);
  });
});

describe('withPlanned', () => {
  it('adds the IDs a dry run would create, update and archive, and nothing to a real run', () => {
    // Prepare
    const summary = summarize(where, plan, [], { calls: 1, throttles: 0 });

    // Act
    const dry = withPlanned({ ...summary, dryRun: true }, plan);
    const real = withPlanned(summary, plan);

    // Assess
    expect(dry.planned).toEqual({ create: ['c1', 'c2'], update: ['u1', 'u2'], archive: ['a1'] });
    expect(real).toBe(summary);
  });
});
