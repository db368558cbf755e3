import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks as allChecks, checks } from '../../checks/registry.ts';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { publishScan, readAhead, renderPublishSummaries } from '../../lib/cli/publish.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { evaluateSnapshot } from '../../lib/evaluate/evaluate.ts';
import { docsExample } from '../emulator/support.ts';

const NOW = new Date('2026-11-28T12:00:00.000Z');
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ accounts: [docsExample()] });
});
afterAll(() => emulator.close());

const clientFor = (region: string) =>
  new SecurityHubClient({
    region,
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
  });
const quiet = { warn: () => {} };

describe('publishScan', () => {
  it('with --dry-run lists what it would create and imports nothing', async () => {
    // Prepare
    const scan = await evaluateSnapshot(docsExample(), DEFAULT_CONFIG, NOW, allChecks);
    emulator.resetCalls();

    // Act
    const [summary] = await publishScan(scan, checks, {
      dryRun: true,
      refreshDays: 7,
      logger: quiet,
      now: NOW,
      clientFor,
    });

    // Assess
    expect(summary?.planned?.create).toHaveLength(scan.results.length);
    expect(emulator.calls().securityhub).toEqual({ GetFindings: 1 });
    expect(renderPublishSummaries(summary ? [summary] : [])).toMatch(
      /dry run: nothing imported[\s\S]*would create: ecs-encryption-scanner\//,
    );
  });

  it('imports every finding, then finds nothing to do on the same scan', async () => {
    const scan = await evaluateSnapshot(docsExample(), DEFAULT_CONFIG, NOW, allChecks);

    const [first] = await publishScan(scan, checks, {
      dryRun: false,
      refreshDays: 7,
      logger: quiet,
      now: NOW,
      clientFor,
    });
    const [second] = await publishScan(scan, checks, {
      dryRun: false,
      refreshDays: 7,
      logger: quiet,
      now: NOW,
      clientFor,
    });

    expect(first).toMatchObject({ created: scan.results.length, failed: 0 });
    expect(second).toMatchObject({ created: 0, updated: 0, unchangedSkipped: scan.results.length });
    expect(renderPublishSummaries(second ? [second] : [])).toContain(
      `${scan.results.length} unchanged (skipped)`,
    );
  });

  it('plans against the findings read ahead while the scan collected, without reading them again', async () => {
    // Prepare: the findings are in Security Hub; the read starts before the scan is evaluated.
    const first = await evaluateSnapshot(docsExample(), DEFAULT_CONFIG, NOW, allChecks);
    await publishScan(first, checks, {
      dryRun: false,
      refreshDays: 7,
      logger: quiet,
      now: NOW,
      clientFor,
    });
    emulator.resetCalls();
    const existing = readAhead(
      checks,
      { accountId: first.accountId, partition: 'aws' },
      first.regions,
      clientFor,
    );
    const scan = await evaluateSnapshot(docsExample(), DEFAULT_CONFIG, NOW, allChecks);

    // Act
    const [summary] = await publishScan(scan, checks, {
      dryRun: false,
      refreshDays: 7,
      logger: quiet,
      now: NOW,
      clientFor,
      existing,
    });

    // Assess
    expect(summary).toMatchObject({
      created: 0,
      updated: 0,
      unchangedSkipped: scan.results.length,
      calls: 1,
    });
    expect(emulator.calls().securityhub).toEqual({ GetFindings: 1 });
  });

  it('counts as new what was not in Security Hub when each run read it: two racing runs both say so, and one finding per ID lands', async () => {
    // Prepare: a region of its own, so earlier tests' findings do not count.
    const snapshot = docsExample();
    snapshot.regions = { 'ap-south-1': snapshot.regions['us-east-1'] ?? {} };
    const scan = await evaluateSnapshot(snapshot, DEFAULT_CONFIG, NOW, allChecks);
    const options = { dryRun: false, refreshDays: 7, logger: quiet, now: NOW, clientFor };

    // Act: both read before either imports.
    const [[first], [second]] = await Promise.all([
      publishScan(scan, checks, options),
      publishScan(scan, checks, options),
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
