// Importing: batches of 100, findings refused with a transient error sent again, throttled
// calls retried and counted, a partial last batch held on request.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { checks as allChecks } from '../../checks/registry.ts';
import { pacedBucket } from '../../lib/aws/tokenBucket.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { evaluateSnapshot } from '../../lib/evaluate/evaluate.ts';
import { buildFindings } from '../../lib/findings/asff.ts';
import { importAll } from '../../lib/publish/import.ts';
import { SECURITY_HUB_LIMITS } from '../../lib/publish/limits.ts';
import { publish } from '../../lib/publish/publisher.ts';
import { publishScopes } from '../../lib/publish/scope.ts';
import {
  ACCOUNT,
  account,
  at,
  client,
  emulator,
  instantClock,
  logger,
  scanAndPublish,
  stored,
  useEmulator,
} from './support.ts';

useEmulator();

describe('publish under faults', () => {
  it('lands every finding exactly once when BatchImportFindings and GetFindings are throttled', async () => {
    const snapshot = account();
    emulator.setFaults({ throttling: true, throttleRateFactor: 0.05 });

    const { summary, findings } = await scanAndPublish(snapshot, at(0));

    const ids = (await stored()).map((f) => f.Id);
    expect(summary.failed).toBe(0);
    for (const f of findings) expect(ids.filter((id) => id === f.Id)).toHaveLength(1);
  });
});

describe('publish counts throttled attempts', () => {
  it('as many as the emulator answered, GetFindings and BatchImportFindings alike', async () => {
    // Prepare
    const snapshot = account();
    emulator.setFaults({
      throttle: [
        { operation: 'securityhub:GetFindings', count: 1 },
        { operation: 'securityhub:BatchImportFindings', count: 1 },
      ],
    });
    emulator.resetCalls();

    // Act
    const { summary } = await scanAndPublish(snapshot, at(0));

    // Assess
    expect(emulator.throttled().securityhub).toEqual({ GetFindings: 1, BatchImportFindings: 1 });
    expect(summary.throttles).toBe(2);
    expect(summary.failed).toBe(0);
  });
});

describe('publish when Security Hub refuses findings', () => {
  it('retries findings refused with a transient error until they land', async () => {
    // Prepare
    const snapshot = account();
    emulator.setFaults({ failedFindings: { errorCode: 'InternalException', count: 3 } });
    emulator.resetCalls();

    // Act
    const { summary, findings, log } = await scanAndPublish(snapshot, at(0));

    // Assess
    expect(summary.failed).toBe(0);
    expect(log.warnings).toEqual([]);
    const ids = new Set((await stored()).map((f) => f.Id));
    for (const finding of findings) expect(ids.has(finding.Id)).toBe(true);
    // The three refused findings go again in one more call.
    const sent = summary.created + summary.updated + summary.archived;
    expect(emulator.calls().securityhub?.BatchImportFindings).toBe(Math.ceil(sent / 100) + 1);
  });
});

describe('publish in batches', () => {
  it('splits 10,000 findings into calls of 100 and lands each exactly once', async () => {
    const snapshot = account();
    const scan = await evaluateSnapshot(snapshot, DEFAULT_CONFIG, at(0), allChecks);
    const [template] = buildFindings(
      scan.results,
      new Map(allChecks.map((c) => [c.metadata.id, c.metadata])),
      {
        accountId: ACCOUNT,
        partition: 'aws',
        evaluatedAt: scan.evaluatedAt,
        productVersion: 'test',
      },
    );
    if (!template) throw new Error('no finding');
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      ...template,
      Id: `${template.Id}/bulk-${i}`,
      Resources: [
        {
          ...template.Resources?.[0],
          Id: `${template.Resources?.[0]?.Id}/bulk-${i}`,
          Type: 'Other',
        },
      ],
    }));
    const [scope] = publishScopes(scan, allChecks);
    if (!scope) throw new Error('no scope');
    emulator.resetCalls();

    const summary = await publish({
      client: client(),
      findings: many,
      scope,
      partition: 'aws',
      now: at(0),
      logger: logger(),
      clock: instantClock,
    });

    expect(summary).toMatchObject({ created: 10_000, failed: 0 });
    // Earlier tests' findings in this account and region are archived in the same calls.
    const sent = summary.created + summary.archived;
    expect(emulator.calls().securityhub?.BatchImportFindings).toBe(Math.ceil(sent / 100));
    const bulk = (await stored()).filter((f) => f.Id?.includes('/bulk-'));
    expect(new Set(bulk.map((f) => f.Id)).size).toBe(10_000);
  });
});

describe('importAll', () => {
  /** `count` findings of one check, each on its own resource, tagged `tag`. */
  const findingsLike = async (count: number, tag: string): Promise<AwsSecurityFinding[]> => {
    const scan = await evaluateSnapshot(account(), DEFAULT_CONFIG, at(0), allChecks);
    const [template] = buildFindings(
      scan.results,
      new Map(allChecks.map((c) => [c.metadata.id, c.metadata])),
      {
        accountId: ACCOUNT,
        partition: 'aws',
        evaluatedAt: scan.evaluatedAt,
        productVersion: 'test',
      },
    );
    if (!template) throw new Error('no finding');
    return Array.from({ length: count }, (_, i) => ({
      ...template,
      Id: `${template.Id}/${tag}-${i}`,
      Resources: [{ ...template.Resources?.[0], Id: `arn:aws:test:::${tag}-${i}`, Type: 'Other' }],
    }));
  };
  const importState = () => ({
    bucket: pacedBucket(SECURITY_HUB_LIMITS.batchImportFindings, 1, instantClock),
    counter: { calls: 0 },
    landed: new Set<string>(),
  });

  it('holds back a last batch of fewer than 100 when asked, and sends it otherwise', async () => {
    // Prepare
    const findings = await findingsLike(130, 'hold');
    const holding = importState();
    const sending = importState();

    // Act
    const held = await importAll(
      { client: client(), clock: instantClock },
      findings,
      holding,
      true,
    );
    const sent = await importAll({ client: client(), clock: instantClock }, findings, sending);

    // Assess
    expect(held.failures).toEqual([]);
    expect(held.held.map((f) => f.Id)).toEqual(findings.slice(100).map((f) => f.Id));
    expect(holding.counter.calls).toBe(1);
    expect([...holding.landed]).toEqual(findings.slice(0, 100).map((f) => f.Id));
    expect(sent).toEqual({ failures: [], held: [] });
    expect(sending.counter.calls).toBe(2);
    expect(sending.landed.size).toBe(130);
  });

  it('sends transiently refused findings again after a pause, until transientAttempts, and never the permanently refused', async () => {
    // Prepare: every finding of two attempts refused with a transient code.
    const findings = await findingsLike(3, 'transient');
    const sleeps: number[] = [];
    const clock = { now: () => 0, sleep: async (ms: number) => void sleeps.push(ms) };
    const state = importState();
    emulator.setFaults({ failedFindings: { errorCode: 'InternalException', count: 6 } });

    // Act
    const transient = await importAll(
      { client: client(), clock, transientAttempts: 2 },
      findings,
      state,
    );
    emulator.setFaults({ failedFindings: { errorCode: 'InvalidInput', count: 1 } });
    const permanent = await importAll({ client: client(), clock }, findings, importState());

    // Assess
    expect(transient.failures.map((f) => [f.Id, f.ErrorCode])).toEqual(
      findings.map((f) => [f.Id, 'InternalException']),
    );
    expect(state.counter.calls).toBe(2);
    expect(state.landed.size).toBe(0);
    expect(sleeps).toEqual([400]);
    expect(permanent.failures.map((f) => [f.Id, f.ErrorCode])).toEqual([
      [findings[0]?.Id, 'InvalidInput'],
    ]);
  });
});
