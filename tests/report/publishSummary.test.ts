import { describe, expect, it } from 'vitest';
import type { PlannedSummary } from '../../lib/publish/summary.ts';
import { renderPublishSummaries } from '../../lib/report/publishSummary.ts';

const summary = (overrides: Partial<PlannedSummary> = {}): PlannedSummary => ({
  accountId: '111122223333',
  region: 'us-east-1',
  created: 3,
  updated: 5,
  refreshed: 2,
  unchangedSkipped: 40,
  archived: 1,
  untouched: 7,
  failed: 0,
  failures: [],
  calls: 4,
  throttles: 0,
  dryRun: false,
  ...overrides,
});

const ID = (n: number) =>
  `ecs-encryption-scanner/111122223333/us-east-1/elbv2_listener_encrypted/listener-${n}`;

describe('renderPublishSummaries', () => {
  it.each<[string, PlannedSummary[], string]>([
    ['nothing for no region', [], '\n'],
    [
      'the counts of a region on one line',
      [summary()],
      'Security Hub 111122223333 us-east-1: 3 new, 5 updated (2 refreshed), 40 unchanged (skipped), ' +
        '1 archived, 7 left untouched (inputs not collected), 0 failed; 4 calls, 0 throttled.\n',
    ],
    [
      'one line per region, in the order given',
      [
        summary({ region: 'eu-west-1', created: 0, updated: 0, refreshed: 0, throttles: 3 }),
        summary({ accountId: '444455556666', unchangedSkipped: 0, archived: 12, calls: 9 }),
      ],
      'Security Hub 111122223333 eu-west-1: 0 new, 0 updated (0 refreshed), 40 unchanged (skipped), ' +
        '1 archived, 7 left untouched (inputs not collected), 0 failed; 4 calls, 3 throttled.\n' +
        'Security Hub 444455556666 us-east-1: 3 new, 5 updated (2 refreshed), 0 unchanged (skipped), ' +
        '12 archived, 7 left untouched (inputs not collected), 0 failed; 9 calls, 0 throttled.\n',
    ],
    [
      'each finding Security Hub refused under its line, with its code',
      [
        summary({
          failed: 2,
          failures: [
            { findingId: ID(1), errorCode: 'InvalidInput' },
            { findingId: ID(2), errorCode: 'LimitExceededException' },
          ],
        }),
      ],
      'Security Hub 111122223333 us-east-1: 3 new, 5 updated (2 refreshed), 40 unchanged (skipped), ' +
        '1 archived, 7 left untouched (inputs not collected), 2 failed; 4 calls, 0 throttled.\n' +
        `  failed: ${ID(1)} (InvalidInput)\n` +
        `  failed: ${ID(2)} (LimitExceededException)\n`,
    ],
    [
      'a dry run as one, with what it would create, update and archive, in that order',
      [
        summary({
          dryRun: true,
          planned: { create: [ID(1), ID(2)], update: [ID(3)], archive: [ID(4)] },
        }),
      ],
      'Security Hub 111122223333 us-east-1 (dry run: nothing imported): 3 new, 5 updated (2 refreshed), ' +
        '40 unchanged (skipped), 1 archived, 7 left untouched (inputs not collected), 0 failed; 4 calls, 0 throttled.\n' +
        `  would create: ${ID(1)}\n` +
        `  would create: ${ID(2)}\n` +
        `  would update: ${ID(3)}\n` +
        `  would archive: ${ID(4)}\n`,
    ],
    [
      'a dry run that would change nothing as its line alone',
      [summary({ dryRun: true, planned: { create: [], update: [], archive: [] } })],
      'Security Hub 111122223333 us-east-1 (dry run: nothing imported): 3 new, 5 updated (2 refreshed), ' +
        '40 unchanged (skipped), 1 archived, 7 left untouched (inputs not collected), 0 failed; 4 calls, 0 throttled.\n',
    ],
    [
      'the refused findings before the planned ones',
      [
        summary({
          dryRun: true,
          failed: 1,
          failures: [{ findingId: ID(9), errorCode: 'InvalidInput' }],
          planned: { create: [], update: [], archive: [ID(4)] },
        }),
        summary({
          region: 'us-west-2',
          dryRun: true,
          planned: { create: [ID(5)], update: [], archive: [] },
        }),
      ],
      'Security Hub 111122223333 us-east-1 (dry run: nothing imported): 3 new, 5 updated (2 refreshed), ' +
        '40 unchanged (skipped), 1 archived, 7 left untouched (inputs not collected), 1 failed; 4 calls, 0 throttled.\n' +
        `  failed: ${ID(9)} (InvalidInput)\n` +
        `  would archive: ${ID(4)}\n` +
        'Security Hub 111122223333 us-west-2 (dry run: nothing imported): 3 new, 5 updated (2 refreshed), ' +
        '40 unchanged (skipped), 1 archived, 7 left untouched (inputs not collected), 0 failed; 4 calls, 0 throttled.\n' +
        `  would create: ${ID(5)}\n`,
    ],
  ])('renders %s', (_name, summaries, expected) => {
    // Act
    const text = renderPublishSummaries(summaries);

    // Assess
    expect(text).toBe(expected);
  });
});
