// A snapshot file judged and published by the scan core, as `scan --snapshot FILE --publish` runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { renderPublishSummaries } from '../../lib/report/publishSummary.ts';
import { selectChecks } from '../../lib/scan/checks.ts';
import * as io from '../../lib/scan/io.ts';
import { type PublishMode, type ScanRequest, scan } from '../../lib/scan/scan.ts';
import type { RegionSnapshot, Snapshot } from '../../lib/snapshot/types.ts';
import { docsExample } from '../emulator/support.ts';

const NOW = new Date('2026-11-28T12:00:00.000Z');
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ accounts: [docsExample()] });
});
afterAll(() => emulator.close());

const quiet = { info: () => {}, warn: () => {} };

/** The file's scan, published; its one region's summary, and the results it judged. */
const publishFile = async (
  snapshot: Snapshot,
  publish: PublishMode = 'publish',
  filters: Pick<ScanRequest, 'checkIds' | 'excludeCheckIds' | 'services' | 'minSeverity'> = {},
  now = NOW,
) => {
  const outcome = await scan(
    { regions: Object.keys(snapshot.regions), snapshot, publish, ...filters },
    {
      registry: checks,
      io,
      clients: io.createClientFactory({
        endpoint: emulator.url,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
      }),
      config: DEFAULT_CONFIG,
      refreshDays: 7,
      clock: { now: () => now },
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

/** The docs example in a region of its own, every section collected and empty: every resource gone. */
const inRegion = (region: string, empty = false): Snapshot => {
  const snapshot = docsExample();
  const data = snapshot.regions['us-east-1'] ?? {};
  const emptied = Object.fromEntries(
    Object.entries(data).map(([section, fields]) => [
      section,
      Object.fromEntries(
        Object.entries(fields as object).map(([k, v]) => [k, Array.isArray(v) ? [] : {}]),
      ),
    ]),
  ) as RegionSnapshot;
  snapshot.regions = { [region]: empty ? emptied : data };
  return snapshot;
};

describe('a filtered scan of a snapshot file, published', () => {
  it.each<[string, string, NonNullable<Parameters<typeof publishFile>[2]>]>([
    ['--services', 'eu-west-3', { services: ['secretsmanager', 'elb'] }],
    ['--severity', 'eu-south-1', { minSeverity: 'CRITICAL' }],
    [
      '--exclude-checks',
      'eu-south-2',
      {
        excludeCheckIds: checks
          .filter((c) => c.metadata.service !== 'elbv2')
          .map((c) => c.metadata.id),
      },
    ],
    [
      '--checks',
      'eu-central-2',
      { checkIds: ['elbv2_listener_encrypted', 'ecs_service_connect_tls_enabled'] },
    ],
  ])(
    'with %s archives only the findings of the checks it ran, though every resource is gone',
    async (_name, region, filters) => {
      // Prepare: every check's findings are in Security Hub.
      await publishFile(inRegion(region));
      const stored = () => emulator.securityHubFindings().filter((f) => f.Region === region);
      const before = new Map(stored().map((f) => [f.Id, f]));
      const selected = new Set(
        selectChecks(checks, {
          checks: filters.checkIds,
          excludeChecks: filters.excludeCheckIds,
          services: filters.services,
          minSeverity: filters.minSeverity,
        }).map((c) => c.metadata.id),
      );

      // Act: a day later, the same filters on the region emptied.
      const { summary } = await publishFile(
        inRegion(region, true),
        'publish',
        filters,
        new Date(NOW.getTime() + 86_400_000),
      );

      // Assess
      const after = stored();
      const ran = after.filter((f) => selected.has(f.GeneratorId ?? ''));
      const others = after.filter((f) => !selected.has(f.GeneratorId ?? ''));
      expect(ran.length).toBeGreaterThan(0);
      expect(others.length).toBeGreaterThan(0);
      expect(summary?.archived).toBeGreaterThan(0);
      expect(ran.filter((f) => f.RecordState === 'ARCHIVED').length).toBeGreaterThan(0);
      for (const finding of others) expect(finding).toEqual(before.get(finding.Id));
    },
  );
});
