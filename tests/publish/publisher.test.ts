// The finding lifecycle, end to end against the emulator's Security Hub.
import {
  type AwsSecurityFinding,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checks as allChecks } from '../../checks/registry.ts';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import type { Clock } from '../../lib/aws/tokenBucket.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import type { Check } from '../../lib/evaluate/check.ts';
import { evaluateSnapshot, type ScanResult } from '../../lib/evaluate/evaluate.ts';
import { buildFindings } from '../../lib/findings/asff.ts';
import {
  publish,
  refusedLine,
  SecurityHubCallError,
  startPublication,
} from '../../lib/publish/publisher.ts';
import { publishScopes } from '../../lib/publish/scope.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';
import { docsExample } from '../emulator/support.ts';

const ACCOUNT = '111122223333';
const DAY = 86_400_000;
const T0 = new Date('2026-11-01T00:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);
/** Virtual time: pacing waits advance it instantly, so tests do not sleep. */
const instantClock: Clock = (() => {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
})();

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ accounts: [docsExample()] });
});
afterAll(() => emulator.close());
afterEach(() => emulator.setFaults({}));

const client = (maxAttempts = 10) =>
  new SecurityHubClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'x' },
    maxAttempts,
  });

const logger = () => {
  const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
  return {
    warnings,
    warn: (message: string, fields?: Record<string, unknown>) => warnings.push({ message, fields }),
  };
};

/** Scans `snapshot` at `now` and publishes, as the CLI and the worker do. */
const scanAndPublish = async (
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

const stored = async (filters: Record<string, string> = {}): Promise<AwsSecurityFinding[]> => {
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
let counter = 0;
const account = (mutate?: (s: Snapshot) => void): Snapshot => {
  counter += 1;
  const text = JSON.stringify(docsExample()).replaceAll('/web', `/web${counter}`);
  const snapshot = JSON.parse(text) as Snapshot;
  mutate?.(snapshot);
  return snapshot;
};
const region = (s: Snapshot) => s.regions['us-east-1'] ?? {};
const byResource = (findings: AwsSecurityFinding[], fragment: string, generator: string) =>
  findings.find(
    (f) => f.GeneratorId === generator && (f.Resources?.[0]?.Id ?? '').includes(fragment),
  );

describe('publish', () => {
  it('creates every finding on the first scan and imports nothing on an unchanged second scan', async () => {
    const snapshot = account();

    const first = await scanAndPublish(snapshot, at(0));
    const second = await scanAndPublish(snapshot, at(1));

    expect(first.summary).toMatchObject({
      created: first.findings.length,
      updated: 0,
      archived: 0,
      failed: 0,
    });
    expect(second.summary).toMatchObject({
      created: 0,
      updated: 0,
      archived: 0,
      unchangedSkipped: first.findings.length,
    });
    expect(second.summary.calls).toBe(1); // one GetFindings page, no import
  });

  it('turns a fixed resource PASSED, keeping CreatedAt and FirstObservedAt, with a later UpdatedAt', async () => {
    const broken = account((s) => {
      const tg = region(s).elbv2?.targetGroups?.[0];
      if (tg) tg.Protocol = 'HTTP';
    });
    await scanAndPublish(broken, at(0));
    const fixed = JSON.parse(
      JSON.stringify(broken).replaceAll('"Protocol":"HTTP"', '"Protocol":"HTTPS"'),
    ) as Snapshot;

    const { summary } = await scanAndPublish(fixed, at(2));

    const finding = byResource(
      await stored(),
      `targetgroup/web${counter}`,
      'elbv2_target_group_encrypted',
    );
    expect(summary.updated).toBe(1);
    expect(finding).toMatchObject({
      Compliance: { Status: 'PASSED' },
      CreatedAt: at(0).toISOString(),
      FirstObservedAt: at(0).toISOString(),
      UpdatedAt: at(2).toISOString(),
      RecordState: 'ACTIVE',
    });
  });

  it('archives the findings of a deleted resource and brings the same finding back ACTIVE when it returns', async () => {
    const snapshot = account();
    await scanAndPublish(snapshot, at(0));
    const deleted = account();
    Object.assign(deleted, JSON.parse(JSON.stringify(snapshot)));
    const data = region(deleted);
    if (data.elbv2) data.elbv2.targetGroups = [];

    const gone = await scanAndPublish(deleted, at(1));
    const back = await scanAndPublish(snapshot, at(2));

    expect(gone.summary.archived).toBeGreaterThan(0);
    const id = gone.summary.plan.archive[0]?.Id;
    const [finding] = (await stored()).filter((f) => f.Id === id);
    expect(back.summary.created).toBe(gone.summary.archived);
    expect(finding?.RecordState).toBe('ACTIVE');
  });

  it('re-imports unchanged findings whose last import is older than refreshDays', async () => {
    const snapshot = account();
    const first = await scanAndPublish(snapshot, at(0));

    const refreshed = await scanAndPublish(snapshot, at(8), { refreshDays: 7 });

    expect(refreshed.summary).toMatchObject({
      updated: first.findings.length,
      refreshed: first.findings.length,
      created: 0,
    });
  });

  it('moves a RESOLVED finding back to NEW when it fails again, and never overwrites a workflow set by a person', async () => {
    const snapshot = account();
    await scanAndPublish(snapshot, at(0));
    const target = (await stored()).find(
      (f) =>
        f.GeneratorId === 'elbv2_target_group_encrypted' &&
        f.Resources?.[0]?.Id?.includes(`web${counter}`),
    );
    await client().send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: target?.Id, ProductArn: target?.ProductArn }],
        Workflow: { Status: 'RESOLVED' },
        Note: { Text: 'accepted by SEC-42', UpdatedBy: 'alice' },
      }),
    );
    const broken = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
    const targetGroup = region(broken).elbv2?.targetGroups?.[0];
    if (targetGroup) targetGroup.Protocol = 'HTTP';

    await scanAndPublish(broken, at(1));

    const after = (await stored()).find((f) => f.Id === target?.Id);
    expect(after?.Compliance?.Status).toBe('FAILED');
    expect(after?.Workflow?.Status).toBe('NEW');
    expect(after?.Note?.Text).toBe('accepted by SEC-42');
  });
});

describe('publish inside its scope only', () => {
  it('in a targeted rescan of one resource leaves every other finding untouched', async () => {
    const snapshot = account();
    await scanAndPublish(snapshot, at(0));
    const before = await stored();
    const serviceArn = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/web${counter}`;
    const emptied = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
    const data = region(emptied);
    if (data.elbv2) data.elbv2.targetGroups = [];

    const { summary } = await scanAndPublish(emptied, at(1), { resourceArns: [serviceArn] });

    expect(summary).toMatchObject({ archived: 0, created: 0 });
    expect((await stored()).map((f) => [f.Id, f.RecordState, f.UpdatedAt])).toEqual(
      before.map((f) => [f.Id, f.RecordState, f.UpdatedAt]),
    );
  });

  it('archives no listener finding when ELBv2 collection failed', async () => {
    const snapshot = account();
    await scanAndPublish(snapshot, at(0));
    const failed = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
    const data = region(failed);
    data.elbv2 = undefined;

    const { summary } = await scanAndPublish(failed, at(1), {
      edit: (scan) => {
        scan.collectionFailures.push({
          region: 'us-east-1',
          service: 'elasticloadbalancing',
          operation: 'DescribeTargetGroups',
          errorCode: 'Throttling',
          count: 1,
        });
      },
    });

    expect(summary.archived).toBe(0);
    expect(summary.untouched).toBeGreaterThan(0);
    const listener = byResource(
      await stored(),
      `listener/app/web${counter}`,
      'elbv2_listener_encrypted',
    );
    expect(listener).toMatchObject({ RecordState: 'ACTIVE', Compliance: { Status: 'PASSED' } });
  });

  it('with only some checks enabled touches only those checks’ findings', async () => {
    const snapshot = account();
    await scanAndPublish(snapshot, at(0));
    const before = await stored({ GeneratorId: 'elbv2_listener_encrypted' });
    const only = allChecks.filter((c) => c.metadata.id === 'elbv2_target_group_encrypted');
    const emptied = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
    const data = region(emptied);
    if (data.elbv2) data.elbv2.listeners = [];

    await scanAndPublish(emptied, at(1), { checks: only });

    expect(await stored({ GeneratorId: 'elbv2_listener_encrypted' })).toEqual(before);
  });
});

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

describe('refusedLine', () => {
  it('names every refused finding up to ten with its code, counts the rest and the codes', () => {
    // Prepare
    const failures = Array.from({ length: 12 }, (_, i) => ({
      Id: `finding-${i}`,
      ErrorCode: i < 9 ? 'InvalidInput' : 'LimitExceeded',
      ErrorMessage: 'may quote finding content: hunter2',
    }));

    // Act
    const [message, fields] = refusedLine({ accountId: ACCOUNT, region: 'eu-west-1' }, failures);

    // Assess
    expect(message).toBe(
      `Security Hub refused 12 findings in eu-west-1 for account ${ACCOUNT} (InvalidInput ×9, LimitExceeded ×3): ${failures
        .slice(0, 10)
        .map((f) => `${f.Id} (${f.ErrorCode})`)
        .join(', ')} and 2 more; they were not imported.`,
    );
    expect(fields).toMatchObject({ refused: 12 });
    expect(fields.findings).toHaveLength(12);
    expect(JSON.stringify([message, fields])).not.toContain('hunter2');
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

describe('publish when a Security Hub call fails after retries', () => {
  /** One publish of `findings` in the scope of a fresh scan, with a client of `maxAttempts`. */
  const publishWith = async (maxAttempts: number, count = 0) => {
    const scan = await evaluateSnapshot(account(), DEFAULT_CONFIG, at(0), allChecks);
    const findings = buildFindings(
      scan.results,
      new Map(allChecks.map((c) => [c.metadata.id, c.metadata])),
      {
        accountId: ACCOUNT,
        partition: 'aws',
        evaluatedAt: scan.evaluatedAt,
        productVersion: 'test',
      },
    );
    const [template] = findings;
    if (!template) throw new Error('no finding');
    const bulk = Array.from({ length: count }, (_, i) => ({
      ...template,
      Id: `${template.Id}/failing-${i}`,
      Resources: [
        {
          ...template.Resources?.[0],
          Id: `${template.Resources?.[0]?.Id}/failing-${i}`,
          Type: 'Other',
        },
      ],
    }));
    const [scope] = publishScopes(scan, allChecks);
    if (!scope) throw new Error('no scope');
    return publish({
      client: client(maxAttempts),
      findings: count > 0 ? bulk : findings,
      scope,
      partition: 'aws',
      now: at(0),
      logger: logger(),
      clock: instantClock,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
  };

  it.each([
    [
      'GetFindings answering 500',
      {
        errors: [{ operation: 'securityhub:GetFindings', code: 'InternalException', status: 500 }],
      },
      'InternalException',
      'Security Hub was unavailable or throttling past the retries: run the scan again later; it sends only what is still missing.',
    ],
    [
      'GetFindings denied',
      { accessDenied: ['securityhub:GetFindings'] },
      'AccessDeniedException',
      'grant securityhub:GetFindings to the identity running the scan, then run it again.',
    ],
    [
      'Security Hub not enabled',
      { errors: [{ operation: 'securityhub', code: 'InvalidAccessException', status: 401 }] },
      'InvalidAccessException',
      'enable Security Hub in us-east-1 for this account (or its integration for this product), then run the scan again.',
    ],
  ])(
    'says %s failed, that nothing was imported, and what to do',
    async (_name, faults, code, advice) => {
      // Prepare
      emulator.setFaults(faults);
      emulator.resetCalls();

      // Act
      const error = await publishWith(2);

      // Assess
      expect(error).toBeInstanceOf(SecurityHubCallError);
      expect(error).toMatchObject({
        operation: 'GetFindings',
        region: 'us-east-1',
        errorCode: code,
        imported: { created: 0, updated: 0, archived: 0, notImported: 0 },
      });
      expect((error as Error).message).toBe(
        `Security Hub GetFindings failed in us-east-1 for account ${ACCOUNT} after retries (${code}): nothing was imported there. What to do: ${advice}`,
      );
      expect(emulator.calls().securityhub?.BatchImportFindings).toBeUndefined();
    },
  );

  it('says how many findings landed before BatchImportFindings was throttled past the retries, and how many did not', async () => {
    // Prepare: the batch holding finding 150 is throttled on every attempt; the batches before it land.
    emulator.setFaults({
      throttle: [{ operation: 'securityhub:BatchImportFindings', match: '/failing-150"' }],
    });

    // Act
    const error = await publishWith(2, 250);

    // Assess
    expect(error).toBeInstanceOf(SecurityHubCallError);
    const { imported } = error as SecurityHubCallError;
    const landed = (await stored()).filter((f) => f.Id?.includes('/failing-'));
    expect(imported.created).toBe(landed.length);
    expect(imported.created).toBeGreaterThan(0);
    expect(imported.notImported).toBeGreaterThan(0);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Security Hub BatchImportFindings failed in us-east-1 for account ${ACCOUNT} after retries \\(TooManyRequestsException\\): ${imported.created + imported.updated + imported.archived} of ${imported.created + imported.updated + imported.archived + imported.notImported} findings were imported there \\(${imported.created} new, ${imported.updated} updated, ${imported.archived} archived\\), ${imported.notImported} were not\\. What to do: Security Hub was unavailable or throttling past the retries: run the scan again later; it sends only what is still missing\\.$`,
      ),
    );
    expect(emulator.throttled().securityhub?.BatchImportFindings).toBe(2);
  });
});

describe('publish when Security Hub refuses findings', () => {
  it('logs a permanently refused finding by ID and error code only, counts it, and lands the rest', async () => {
    // Prepare: one finding with a Types value Security Hub rejects, holding a would-be secret.
    const snapshot = account();
    const scan = await evaluateSnapshot(snapshot, DEFAULT_CONFIG, at(0), allChecks);
    const findings = buildFindings(
      scan.results,
      new Map(allChecks.map((c) => [c.metadata.id, c.metadata])),
      {
        accountId: ACCOUNT,
        partition: 'aws',
        evaluatedAt: scan.evaluatedAt,
        productVersion: 'test',
      },
    );
    const [bad, ...good] = findings;
    if (!bad) throw new Error('no finding');
    const refused = {
      ...bad,
      Types: ['Not A Namespace/hunter2-secret'],
      FindingProviderFields: {
        ...bad.FindingProviderFields,
        Types: ['Not A Namespace/hunter2-secret'],
      },
    };
    const [scope] = publishScopes(scan, allChecks);
    if (!scope) throw new Error('no scope');
    const log = logger();

    // Act
    const summary = await publish({
      client: client(),
      findings: [refused, ...good],
      scope,
      partition: 'aws',
      now: at(0),
      logger: log,
      clock: instantClock,
    });

    // Assess
    // The VPC's finding is shared with earlier tests' accounts (its ARN has no per-test name).
    expect(summary.failed).toBe(1);
    expect(summary.created + summary.updated + summary.unchangedSkipped).toBe(good.length);
    expect(summary.failures).toEqual([{ findingId: bad.Id, errorCode: expect.any(String) }]);
    expect(log.warnings).toEqual([
      {
        message: `Security Hub refused 1 finding in us-east-1 for account ${ACCOUNT} (InvalidInput ×1): ${bad.Id} (InvalidInput); they were not imported.`,
        fields: {
          accountId: ACCOUNT,
          region: 'us-east-1',
          refused: 1,
          findings: [{ findingId: bad.Id, errorCode: 'InvalidInput' }],
        },
      },
    ]);
    expect(JSON.stringify(log.warnings)).not.toContain('hunter2');
  });

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

  it('keeps a workflow status a person set when the finding is updated without leaving FAILED', async () => {
    const snapshot = account((s) => {
      const tg = region(s).elbv2?.targetGroups?.[0];
      if (tg) tg.Protocol = 'HTTP';
    });
    await scanAndPublish(snapshot, at(0));
    const target = (await stored()).find(
      (f) =>
        f.GeneratorId === 'elbv2_target_group_encrypted' &&
        f.Resources?.[0]?.Id?.includes(`web${counter}`),
    );
    await client().send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: target?.Id, ProductArn: target?.ProductArn }],
        Workflow: { Status: 'NOTIFIED' },
      }),
    );
    const tcp = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
    const tg = region(tcp).elbv2?.targetGroups?.[0];
    if (tg) tg.Protocol = 'TCP';

    const { summary } = await scanAndPublish(tcp, at(1));

    const after = (await stored()).find((f) => f.Id === target?.Id);
    expect(summary.updated).toBeGreaterThan(0);
    expect(after).toMatchObject({
      Compliance: { Status: 'FAILED' },
      Workflow: { Status: 'NOTIFIED' },
    });
    expect(after?.Description).toContain('TCP');
  });
});

describe('a publication in stages', () => {
  // A region no other test publishes to: the import counts are this test's alone.
  const STAGED_REGION = 'us-west-2';
  const stagedClient = () =>
    new SecurityHubClient({
      region: STAGED_REGION,
      endpoint: emulator.url,
      credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'x' },
      maxAttempts: 10,
    });
  /** One finding of a check judged in the first stage and one of another check, in the staged region. */
  let templates: { early: AwsSecurityFinding; late: AwsSecurityFinding };
  beforeAll(async () => {
    const snapshot = JSON.parse(
      JSON.stringify(account()).replaceAll('us-east-1', STAGED_REGION),
    ) as Snapshot;
    const scan = await evaluateSnapshot(snapshot, DEFAULT_CONFIG, at(0), allChecks);
    const all = buildFindings(
      scan.results,
      new Map(allChecks.map((c) => [c.metadata.id, c.metadata])),
      {
        accountId: ACCOUNT,
        partition: 'aws',
        evaluatedAt: scan.evaluatedAt,
        productVersion: 'test',
      },
    );
    const [early] = all;
    const late = all.find((f) => f.GeneratorId !== early?.GeneratorId);
    if (!early || !late) throw new Error('no findings of two checks');
    templates = { early, late };
  });
  /** `count` findings of the early or the late check, each on its own resource. */
  const findingsOf = (stage: 'early' | 'late', count: number, tag: string) => {
    const template = templates[stage];
    return Array.from({ length: count }, (_, i) => ({
      ...template,
      Id: `${template.Id}/${tag}-${i}`,
      Resources: [
        {
          ...template.Resources?.[0],
          Id: `${template.Resources?.[0]?.Id}/${tag}-${i}`,
          Type: 'Other',
        },
      ],
    }));
  };
  const scopeOf = (checkIds: string[]) => ({
    accountId: ACCOUNT,
    region: STAGED_REGION,
    checkIds,
    incompleteCheckIds: new Set<string>(),
  });
  const start = () =>
    startPublication({
      client: stagedClient(),
      accountId: ACCOUNT,
      region: STAGED_REGION,
      partition: 'aws',
      now: at(0),
      logger: logger(),
      clock: instantClock,
      existing: scopeOf([templates.early.GeneratorId ?? '', templates.late.GeneratorId ?? '']),
    });
  const imports = () => emulator.calls().securityhub?.BatchImportFindings ?? 0;
  /** Our ACTIVE findings in the staged region whose ID carries `tag`. */
  const activeIn = async (tag: string) => {
    let count = 0;
    let NextToken: string | undefined;
    do {
      const page = await stagedClient().send(
        new GetFindingsCommand({
          Filters: { RecordState: [{ Comparison: 'EQUALS', Value: 'ACTIVE' }] },
          NextToken,
        }),
      );
      count += (page.Findings ?? []).filter((f) => f.Id?.includes(`/${tag}-`)).length;
      NextToken = page.NextToken || undefined;
    } while (NextToken);
    return count;
  };

  it('imports only full batches in the first stage and the rest with the last, in ⌈findings / 100⌉ calls', async () => {
    // Prepare
    const early = findingsOf('early', 230, 'full-early');
    const late = findingsOf('late', 40, 'full-late');
    emulator.resetCalls();
    const publication = start();

    // Act
    await publication.stage(early, scopeOf([templates.early.GeneratorId ?? '']), {
      holdPartialBatch: true,
    });
    const afterFirst = { imports: imports(), stored: await activeIn('full-early') };
    await publication.stage(late, scopeOf([templates.late.GeneratorId ?? '']));
    const summary = await publication.finish();

    // Assess
    expect(afterFirst).toEqual({ imports: 2, stored: 200 });
    expect(imports()).toBe(Math.ceil((230 + 40) / 100));
    expect(summary).toMatchObject({ created: 270, archived: 0, failed: 0 });
    expect(summary.calls).toBe(1 + 3); // one GetFindings page, three imports
    expect(await activeIn('full-early')).toBe(230);
    expect(await activeIn('full-late')).toBe(40);
  });

  it('sends what the first stage held back when it is finished after that stage (an aborted scan)', async () => {
    // Prepare
    // The first test's findings again (unchanged), and 130 new ones: one import of 100, 30 held.
    const early = [
      ...findingsOf('early', 230, 'full-early'),
      ...findingsOf('early', 130, 'held-early'),
    ];
    const publication = start();
    await publication.stage(early, scopeOf([templates.early.GeneratorId ?? '']), {
      holdPartialBatch: true,
    });

    // Act
    const summary = await publication.finish();

    // Assess: the first stage in full; the last stage's check untouched (the previous test's stay).
    expect(summary).toMatchObject({ created: 130, unchangedSkipped: 230, archived: 0, failed: 0 });
    expect(await activeIn('held-early')).toBe(130);
    expect(await activeIn('full-late')).toBe(40);
  });

  it('archives in a stage only the findings of that stage’s checks', async () => {
    // Prepare: the first test's early findings are gone; the late check's are unchanged.
    const late = findingsOf('late', 40, 'full-late');
    const publication = start();

    // Act
    await publication.stage([], scopeOf([templates.early.GeneratorId ?? '']), {
      holdPartialBatch: true,
    });
    await publication.stage(late, scopeOf([templates.late.GeneratorId ?? '']));
    const summary = await publication.finish();

    // Assess
    expect(summary).toMatchObject({ created: 0, archived: 230 + 130, unchangedSkipped: 40 });
    expect(await activeIn('full-early')).toBe(0);
    expect(await activeIn('full-late')).toBe(40);
  });
});
