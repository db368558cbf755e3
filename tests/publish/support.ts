// What the publish tests share: an emulator per test file, clients of it, a fresh account per
// test, and a scan published as the CLI and the worker do.
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { checks as allChecks } from '../../checks/registry.ts';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import type { Clock } from '../../lib/aws/tokenBucket.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import type { Check } from '../../lib/evaluate/check.ts';
import { evaluateSnapshot, type ScanResult } from '../../lib/evaluate/evaluate.ts';
import { buildFindings } from '../../lib/findings/asff.ts';
import { publish } from '../../lib/publish/publisher.ts';
import { publishScopes } from '../../lib/publish/scope.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';
import { docsExample } from '../emulator/support.ts';

export const ACCOUNT = '111122223333';
const DAY = 86_400_000;
const T0 = new Date('2026-11-01T00:00:00.000Z');
export const at = (days: number) => new Date(T0.getTime() + days * DAY);
/** Virtual time: pacing waits advance it instantly, so tests do not sleep. */
export const instantClock: Clock = (() => {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
})();

/** The test file's emulator (a live binding: set by useEmulator's beforeAll). */
export let emulator: Emulator;
/** Starts an emulator for the test file; clears its faults after each test. */
export const useEmulator = () => {
  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [docsExample()] });
  });
  afterAll(() => emulator.close());
  afterEach(() => emulator.setFaults({}));
};

export const client = (maxAttempts = 10) =>
  new SecurityHubClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'x' },
    maxAttempts,
  });

export const logger = () => {
  const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
  return {
    warnings,
    warn: (message: string, fields?: Record<string, unknown>) => warnings.push({ message, fields }),
  };
};

/** Scans `snapshot` at `now` and publishes, as the CLI and the worker do. */
export const scanAndPublish = async (
  snapshot: Snapshot,
  now: Date,
  options: {
    checks?: readonly Check[];
    resourceArns?: string[];
    edit?: (scan: ScanResult) => void;
    refreshDays?: number;
  } = {},
) => {
  const checks = options.checks ?? allChecks;
  const scan = await evaluateSnapshot(snapshot, DEFAULT_CONFIG, now, checks);
  options.edit?.(scan);
  const findings = buildFindings(
    scan.results,
    new Map(checks.map((c) => [c.metadata.id, c.metadata])),
    {
      accountId: scan.accountId,
      partition: 'aws',
      evaluatedAt: scan.evaluatedAt,
      productVersion: 'test',
    },
  );
  const log = logger();
  const [scope] = publishScopes(scan, checks, options.resourceArns);
  if (!scope) throw new Error('no region');
  const summary = await publish({
    client: client(),
    findings: options.resourceArns
      ? findings.filter((f) => options.resourceArns?.includes(f.Resources?.[0]?.Id ?? ''))
      : findings,
    scope,
    partition: 'aws',
    now,
    refreshDays: options.refreshDays,
    logger: log,
    clock: instantClock,
  });
  return { summary, findings, log };
};

/** Every finding the emulator stores (of us-east-1's client) matching `filters` by EQUALS. */
export const stored = async (
  filters: Record<string, string> = {},
): Promise<AwsSecurityFinding[]> => {
  const out: AwsSecurityFinding[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client().send(
      new GetFindingsCommand({
        Filters: Object.fromEntries(
          Object.entries(filters).map(([k, v]) => [k, [{ Comparison: 'EQUALS', Value: v }]]),
        ),
        NextToken,
      }),
    );
    out.push(...(page.Findings ?? []));
    NextToken = page.NextToken || undefined;
  } while (NextToken);
  return out;
};

/** A fresh account per test: unique cluster and service names keep findings apart. */
export let counter = 0;
export const account = (mutate?: (s: Snapshot) => void): Snapshot => {
  counter += 1;
  const text = JSON.stringify(docsExample()).replaceAll('/web', `/web${counter}`);
  const snapshot = JSON.parse(text) as Snapshot;
  mutate?.(snapshot);
  return snapshot;
};
export const region = (s: Snapshot) => s.regions['us-east-1'] ?? {};
export const byResource = (findings: AwsSecurityFinding[], fragment: string, generator: string) =>
  findings.find(
    (f) => f.GeneratorId === generator && (f.Resources?.[0]?.Id ?? '').includes(fragment),
  );

/** A finding of a fresh account's scan, to copy. */
export const templateFinding = async (): Promise<AwsSecurityFinding> => {
  const scan = await evaluateSnapshot(account(), DEFAULT_CONFIG, at(0), allChecks);
  const [first] = buildFindings(
    scan.results,
    new Map(allChecks.map((c) => [c.metadata.id, c.metadata])),
    { accountId: ACCOUNT, partition: 'aws', evaluatedAt: scan.evaluatedAt, productVersion: 'test' },
  );
  if (!first) throw new Error('no finding');
  return first;
};

/** `count` copies of `template` of check `generator`, each on its own resource `arn:aws:test:::<tag>-<i>`. */
export const findingsOn = (
  template: AwsSecurityFinding,
  generator: string,
  tag: string,
  count: number,
): AwsSecurityFinding[] =>
  Array.from({ length: count }, (_, i) => ({
    ...template,
    Id: `${template.Id}/${tag}-${i}`,
    GeneratorId: generator,
    Resources: [{ ...template.Resources?.[0], Id: `arn:aws:test:::${tag}-${i}`, Type: 'Other' }],
  }));

/** Imports findingsOn(…) in us-east-1, ACTIVE or ARCHIVED; returns them. */
export const seed = async (
  template: AwsSecurityFinding,
  generator: string,
  tag: string,
  count: number,
  recordState: 'ACTIVE' | 'ARCHIVED' = 'ACTIVE',
) => {
  const findings = findingsOn(template, generator, tag, count).map((f) => ({
    ...f,
    RecordState: recordState,
  }));
  for (let i = 0; i < findings.length; i += 100) {
    const answer = await client().send(
      new BatchImportFindingsCommand({ Findings: findings.slice(i, i + 100) }),
    );
    expect(answer.FailedCount).toBe(0);
  }
  return findings;
};

/** Virtual time that passes only in sleeps: what the pacing waited. */
export const virtualClock = () => {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
};
