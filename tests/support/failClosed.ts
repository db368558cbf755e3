// What the fail-closed tests share: a live scan published to the emulator's Security Hub with the
// CLI's own call of the scan core, and Security Hub's state to compare.
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { checks } from '../../checks/registry.ts';
import type { Emulator, FaultConfig } from '../../emulator/api.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import type { ScanResult } from '../../lib/evaluate/evaluate.ts';
import { importBatches } from '../../lib/publish/batches.ts';
import * as io from '../../lib/scan/io.ts';
import { scan } from '../../lib/scan/scan.ts';
import { takeSnapshot } from '../../lib/scan/snapshot.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';

const CREDENTIALS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' };
const quiet = { info: () => {}, warn: () => {} };

/** One finding as Security Hub holds it: what a reader of the finding sees. */
export interface HeldFinding {
  status: string;
  record: string;
  severity: string;
}

/** Every finding Security Hub holds, by ID. */
export const heldFindings = (emulator: Emulator): Map<string, HeldFinding> =>
  new Map(
    emulator.securityHubFindings().map((f) => [
      f.Id ?? '',
      {
        status: f.Compliance?.Status ?? '',
        record: f.RecordState ?? 'ACTIVE',
        severity: f.FindingProviderFields?.Severity?.Label ?? f.Severity?.Label ?? '',
      },
    ]),
  );

/** Puts findings a scan published before into a fresh emulator's Security Hub, as they were. */
export const seedSecurityHub = async (
  emulator: Emulator,
  findings: readonly AwsSecurityFinding[],
): Promise<void> => {
  const client = new SecurityHubClient({
    region: findings[0]?.Region ?? 'us-east-1',
    endpoint: emulator.url,
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
  try {
    for (const batch of importBatches(findings)) {
      const out = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
      if (out.FailedCount) throw new Error(`seeding Security Hub: ${out.FailedCount} refused`);
    }
  } finally {
    client.destroy();
  }
};

/** A live scan of the emulator's default account, published as the CLI (or the worker) does; one attempt per call. */
export const scanAndPublish = async (
  emulator: Emulator,
  regions: readonly string[],
  options: {
    now: Date;
    snapshot?: (snapshot: Snapshot) => Snapshot;
    /** Judged and published in stages while it collects, as the Lambda worker scans. */
    staged?: boolean;
  } = { now: new Date() },
): Promise<ScanResult> => {
  const clients = io.createClientFactory({
    endpoint: emulator.url,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    pacing: false,
    // A call that never answers gives up after 2 s here (30 s in the product).
    timeouts: { connectionMs: 2_000, requestMs: 2_000 },
  });
  const deps = {
    registry: checks,
    io,
    clients,
    config: DEFAULT_CONFIG,
    refreshDays: 7,
    clock: { now: () => options.now },
    logger: quiet,
  };
  // A snapshot changed between collection and judgement: the scan of that file.
  const snapshot = options.snapshot
    ? options.snapshot(await takeSnapshot({ regions }, deps))
    : undefined;
  const outcome = await scan(
    { regions, snapshot, publish: 'publish', staged: options.staged ?? false },
    deps,
  );
  return outcome.scan;
};

/**
 * Fail closed, finding by finding, after a scan under `faults`: every finding ACTIVE after the
 * clean scan is still ACTIVE with its clean status or NOT_AVAILABLE, and a new one is NOT_AVAILABLE.
 * Returns the violations, one line each (empty: the property holds).
 */
export const failClosedViolations = (
  clean: ReadonlyMap<string, HeldFinding>,
  faulted: ReadonlyMap<string, HeldFinding>,
): string[] => {
  const wrong: string[] = [];
  for (const [id, before] of clean) {
    if (before.record !== 'ACTIVE') continue;
    const after = faulted.get(id);
    if (after?.record !== 'ACTIVE') wrong.push(`${id}: archived (was ${before.status})`);
    else if (after.status !== before.status && after.status !== 'NOT_AVAILABLE') {
      wrong.push(`${id}: ${before.status} became ${after.status}`);
    }
  }
  for (const [id, after] of faulted) {
    if (!clean.has(id) && after.record === 'ACTIVE' && after.status !== 'NOT_AVAILABLE') {
      wrong.push(`${id}: new and ${after.status}`);
    }
  }
  return wrong;
};

/** The differences between two Security Hub states (empty: converged). */
export const differences = (
  expected: ReadonlyMap<string, HeldFinding>,
  actual: ReadonlyMap<string, HeldFinding>,
): string[] => {
  const active = (state: ReadonlyMap<string, HeldFinding>) =>
    new Map([...state].filter(([, f]) => f.record === 'ACTIVE'));
  const want = active(expected);
  const got = active(actual);
  const lines: string[] = [];
  for (const [id, f] of want) {
    const g = got.get(id);
    if (!g) lines.push(`${id}: missing (expected ${f.status})`);
    else if (g.status !== f.status || g.severity !== f.severity) {
      lines.push(`${id}: ${g.status}/${g.severity}, expected ${f.status}/${f.severity}`);
    }
  }
  for (const [id, g] of got) if (!want.has(id)) lines.push(`${id}: extra ${g.status}`);
  return lines;
};

export type { FaultConfig };
