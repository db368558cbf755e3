// A snapshot file judged and published by the scan core, as `scan --snapshot FILE --publish` runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { renderPublishSummaries } from '../../lib/report/publishSummary.ts';
import * as io from '../../lib/scan/io.ts';
import { type PublishMode, scan } from '../../lib/scan/scan.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';
import { docsExample } from '../emulator/support.ts';

const NOW = new Date('2026-11-28T12:00:00.000Z');
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ accounts: [docsExample()] });
});
afterAll(() => emulator.close());

const quiet = { info: () => {}, warn: () => {} };

/** The file's scan, published; its one region's summary, and the results it judged. */
const publishFile = async (snapshot: Snapshot, publish: PublishMode = 'publish') => {
  const outcome = await scan(
    { regions: Object.keys(snapshot.regions), snapshot, publish },
    {
      registry: checks,
      io,
      clients: io.createClientFactory({
        endpoint: emulator.url,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
      }),
      config: DEFAULT_CONFIG,
      refreshDays: 7,
      clock: { now: () => NOW },
      logger: quiet,
    },
  );
  return { summary: outcome.regions[0]?.publish, scan: outcome.scan };
};

describe('scan of a snapshot file, published', () => {
  it('with --dry-run lists what it would create and imports nothing', async () => {
    // Prepare
    emulator.resetCalls();

    // Act
    const { summary, scan } = await publishFile(docsExample(), 'dry-run');

    // Assess
    expect(summary?.planned?.create).toHaveLength(scan.results.length);
    expect(emulator.calls().securityhub).toEqual({ GetFindings: 1 });
    expect(renderPublishSummaries(summary ? [summary] : [])).toMatch(
      /dry run: nothing imported[\s\S]*would create: ecs-encryption-scanner\//,
    );
  });

  it('imports every finding, then finds nothing to do on the same scan', async () => {
    const { summary: first, scan } = await publishFile(docsExample());
    const { summary: second } = await publishFile(docsExample());

    expect(first).toMatchObject({ created: scan.results.length, failed: 0 });
    expect(second).toMatchObject({ created: 0, updated: 0, unchangedSkipped: scan.results.length });
    expect(renderPublishSummaries(second ? [second] : [])).toContain(
      `${scan.results.length} unchanged (skipped)`,
    );
  });

  it('reads our findings once, while it judges, and plans against them', async () => {
    // Prepare: the findings are in Security Hub.
    await publishFile(docsExample());
    emulator.resetCalls();

    // Act
    const { summary, scan } = await publishFile(docsExample());

    // Assess
    expect(summary).toMatchObject({
      created: 0,
      updated: 0,
      unchangedSkipped: scan.results.length,
      calls: 1,
    });
    expect(emulator.calls()).toEqual({
      securityhub: { GetFindings: 1 },
      sts: { GetCallerIdentity: 1 },
    });
  });

  it('counts as new what was not in Security Hub when each run read it: two racing runs both say so, and one finding per ID lands', async () => {
    // Prepare: a region of its own, so earlier tests' findings do not count.
    const snapshot = docsExample();
    snapshot.regions = { 'ap-south-1': snapshot.regions['us-east-1'] ?? {} };

    // Act: both read before either imports.
    const [{ summary: first, scan }, { summary: second }] = await Promise.all([
      publishFile(snapshot),
      publishFile(snapshot),
    ]);
    const text = renderPublishSummaries([first, second].flatMap((s) => (s ? [s] : [])));

    // Assess
    expect(first?.created).toBe(scan.results.length);
    expect(second?.created).toBe(scan.results.length);
    expect(text).toContain(`${scan.results.length} new, 0 updated`);
    expect(text).not.toContain('created');
    const stored = emulator
      .securityHubFindings()
      .filter((f) => f.Region === 'ap-south-1')
      .map((f) => f.Id);
    expect(new Set(stored).size).toBe(scan.results.length);
  });
});
