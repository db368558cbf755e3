// A publication: its stages, what it says when a Security Hub call fails, the findings Security
// Hub refused, and the resources under ARN prefixes it reads.
import {
  type AwsSecurityFinding,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { beforeAll, describe, expect, it } from 'vitest';
import { checks as allChecks } from '../../checks/registry.ts';
import type { Clock } from '../../lib/aws/tokenBucket.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { evaluateSnapshot } from '../../lib/evaluate/evaluate.ts';
import { buildFindings } from '../../lib/findings/asff.ts';
import { SecurityHubCallError } from '../../lib/publish/errors.ts';
import { startPublication } from '../../lib/publish/publication.ts';
import { publish } from '../../lib/publish/publisher.ts';
import { publishScopes } from '../../lib/publish/scope.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';
import {
  ACCOUNT,
  account,
  at,
  client,
  emulator,
  findingsOn,
  instantClock,
  logger,
  seed,
  stored,
  templateFinding,
  useEmulator,
  virtualClock,
} from './support.ts';

useEmulator();

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

describe('a publication’s reads and imports', () => {
  let template: AwsSecurityFinding;
  beforeAll(async () => {
    template = await templateFinding();
  });
  const scopeOf = (checkIds: string[]) => ({
    accountId: ACCOUNT,
    region: 'us-east-1',
    checkIds,
    incompleteCheckIds: new Set<string>(),
  });
  const start = (options: { dryRun?: boolean; rateShare?: number; clock?: Clock } = {}) =>
    startPublication({
      client: client(),
      accountId: ACCOUNT,
      region: 'us-east-1',
      partition: 'aws',
      now: at(0),
      logger: logger(),
      clock: instantClock,
      ...options,
    });

  it('lists the resources with ACTIVE findings of the checks under the prefixes, its calls in the summary', async () => {
    // Prepare
    const under = await seed(template, 'under-a', 'lb-1/listener', 3);
    await seed(template, 'under-a', 'lb-2/listener', 2);
    await seed(template, 'under-b', 'lb-1/other', 1);
    await seed(template, 'under-a', 'lb-1/gone', 1, 'ARCHIVED');
    const publication = start({ dryRun: true });
    emulator.resetCalls();

    // Act
    const found = await publication.resourcesUnder(['under-a'], ['arn:aws:test:::lb-1/']);
    const none = await publication.resourcesUnder(['under-a'], []);
    await publication.stage([], scopeOf(['under-none']));
    const summary = await publication.finish();

    // Assess
    expect(found.sort()).toEqual(under.map((f) => f.Resources?.[0]?.Id).sort());
    expect(none).toEqual([]);
    expect(emulator.calls().securityhub?.GetFindings).toBe(2);
    expect(summary.calls).toBe(2);
  });

  it('says GetFindings failed when the resources under the prefixes cannot be read', async () => {
    // Prepare
    emulator.setFaults({ accessDenied: ['securityhub:GetFindings'] });

    // Act
    const error = await start()
      .resourcesUnder(['under-a'], ['arn:aws:test:::lb-1/'])
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    // Assess
    expect(error).toBeInstanceOf(SecurityHubCallError);
    expect(error).toMatchObject({
      operation: 'GetFindings',
      errorCode: 'AccessDeniedException',
      imported: { created: 0, updated: 0, archived: 0, notImported: 0 },
    });
  });

  it('paces every GetFindings of the publication with one bucket', async () => {
    // Prepare: at a tenth of the rate, GetFindings' bucket holds 1 call and refills 0.3 a second.
    const clock = virtualClock();
    const checkIds = Array.from({ length: 40 }, (_, i) => `paced-read-${i}`);
    const publication = start({ dryRun: true, rateShare: 0.1, clock });

    // Act: two calls (filters of 20 check IDs) for the prefixes, two for the stage's scope.
    await publication.resourcesUnder(checkIds, ['arn:aws:test:::paced/']);
    await publication.stage([], scopeOf(checkIds));
    const summary = await publication.finish();

    // Assess: three waits of 1 / 0.3 s; a bucket per read would wait twice.
    expect(summary.calls).toBe(4);
    expect(clock.now()).toBeGreaterThanOrEqual(3 * 3333);
  });

  it('paces every BatchImportFindings of the publication with one bucket, whatever its stages', async () => {
    // Prepare: at a tenth of the rate, BatchImportFindings' bucket holds 3 calls and refills 1 a second.
    const clock = virtualClock();
    const publication = start({ rateShare: 0.1, clock });
    emulator.resetCalls();

    // Act: three imports a stage.
    await publication.stage(
      findingsOn(template, 'paced-import-a', 'paced-a', 300),
      scopeOf(['paced-import-a']),
    );
    await publication.stage(
      findingsOn(template, 'paced-import-b', 'paced-b', 300),
      scopeOf(['paced-import-b']),
    );
    const summary = await publication.finish();

    // Assess: the second stage waits a second for each import; a bucket per stage would not wait.
    expect(summary).toMatchObject({ created: 600, failed: 0, calls: 1 + 6 });
    expect(emulator.calls().securityhub?.BatchImportFindings).toBe(6);
    expect(clock.now()).toBeGreaterThanOrEqual(3 * 1000);
  });
});
