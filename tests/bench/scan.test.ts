import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_REGION, generateAccount, SIZES } from '../../bench/generate.ts';
import {
  activeFindingsByCheck,
  type CallCounts,
  minCalls,
  securityHubMinCalls,
  sumCalls,
} from '../../bench/minCalls.ts';
import { checks } from '../../checks/registry.ts';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { createClientFactory } from '../../lib/aws/clients.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import * as io from '../../lib/scan/io.ts';
import { type RegionOutcome, scan as scanCore } from '../../lib/scan/scan.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';

const NOW = new Date('2026-11-28T12:00:00.000Z');

type ScanReport = RegionOutcome & Required<Pick<RegionOutcome, 'publish'>>;

/**
 * The product's scan (lib/scan) of the emulator's account, as the Lambda worker makes it (the
 * account its credentials reach is known): no latency, no buckets, no pacing.
 */
const scan = async (emulator: Emulator, snapshot: Snapshot): Promise<ScanReport> => {
  const outcome = await scanCore(
    {
      accountId: snapshot.accountId,
      regions: [BENCH_REGION],
      credentialsAccountId: snapshot.accountId,
      publish: 'publish',
      staged: true,
    },
    {
      registry: checks,
      io,
      clients: createClientFactory({
        endpoint: emulator.url,
        credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator' },
        pacing: false,
      }),
      config: DEFAULT_CONFIG,
      refreshDays: 7,
      clock: { now: () => NOW },
      logger: { info: () => {}, warn: () => {} },
    },
  );
  const [report] = outcome.regions;
  if (!report?.publish) throw new Error('the scan published nothing');
  return { ...report, publish: report.publish };
};

describe('a full scan of the generated medium account', () => {
  let emulator: Emulator;
  let snapshot: Snapshot;
  let first: { report: ScanReport; calls: CallCounts; hub: Record<string, number> };
  let second: { report: ScanReport; calls: CallCounts };

  beforeAll(async () => {
    snapshot = generateAccount(SIZES.medium);
    emulator = await startEmulator({ accounts: [snapshot] });
    const report = await scan(emulator, snapshot);
    first = {
      report,
      calls: emulator.calls(),
      hub: activeFindingsByCheck(emulator.securityHubFindings()),
    };
    emulator.resetCalls();
    second = { report: await scan(emulator, snapshot), calls: emulator.calls() };
  }, 120_000);
  afterAll(() => emulator.close());

  it('completes without collection failures', () => {
    expect(first.report.collectionFailures).toEqual([]);
  });

  it('makes exactly the minimum calls, operation by operation, into an empty Security Hub', () => {
    const imported = first.report.publish.created;

    expect(first.calls).toEqual(
      sumCalls(
        minCalls(snapshot, { accountKnown: true }),
        securityHubMinCalls({
          checkIds: checks.map((c) => c.metadata.id),
          importedFindings: imported,
        }),
      ),
    );
  });

  it('makes exactly the minimum calls again on the unchanged account, reading its findings back', () => {
    expect(second.calls).toEqual(
      sumCalls(
        minCalls(snapshot, { accountKnown: true }),
        securityHubMinCalls({
          checkIds: checks.map((c) => c.metadata.id),
          existingByCheck: first.hub,
          importedFindings: 0,
        }),
      ),
    );
  });

  it('imports nothing the second time: every finding unchanged and recent', () => {
    const { created, updated, archived, unchangedSkipped } = second.report.publish;

    expect({ created, updated, archived }).toEqual({ created: 0, updated: 0, archived: 0 });
    expect(unchangedSkipped).toBe(first.report.publish.created);
  });
});
