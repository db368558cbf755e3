import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { planPublish, providerFieldsOf } from '../../lib/publish/plan.ts';
import type { PublishScope } from '../../lib/publish/scope.ts';
import { ACCOUNT, REGION } from '../support/evaluate.ts';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const EARLIER = '2026-11-27T12:00:00.000Z';
const LONG_AGO = '2026-11-01T12:00:00.000Z';

const finding = (id: string, overrides: Partial<AwsSecurityFinding> = {}): AwsSecurityFinding => ({
  SchemaVersion: '2018-10-08',
  Id: id,
  ProductArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
  GeneratorId: 'elbv2_listener_encrypted',
  AwsAccountId: ACCOUNT,
  Region: REGION,
  Types: ['Software and Configuration Checks/AWS Security Best Practices'],
  CreatedAt: NOW.toISOString(),
  UpdatedAt: NOW.toISOString(),
  FirstObservedAt: NOW.toISOString(),
  LastObservedAt: NOW.toISOString(),
  Severity: { Label: 'HIGH' },
  FindingProviderFields: { Severity: { Label: 'HIGH' } },
  Title: 'Listeners encrypt traffic',
  Description: 'Listener HTTP:80 forwards plain HTTP.',
  Compliance: { Status: 'FAILED' },
  Resources: [{ Id: `arn:${id}`, Type: 'Other' }],
  RecordState: 'ACTIVE',
  ...overrides,
});

const stored = (id: string, overrides: Partial<AwsSecurityFinding> = {}) =>
  finding(id, {
    CreatedAt: LONG_AGO,
    FirstObservedAt: LONG_AGO,
    UpdatedAt: EARLIER,
    LastObservedAt: EARLIER,
    ...overrides,
  });

const scope = (overrides: Partial<PublishScope> = {}): PublishScope => ({
  accountId: ACCOUNT,
  region: REGION,
  checkIds: ['elbv2_listener_encrypted', 'elbv2_target_group_encrypted'],
  incompleteCheckIds: new Set(),
  ...overrides,
});

const plan = (
  existing: AwsSecurityFinding[],
  findings: AwsSecurityFinding[],
  s = scope(),
  refreshDays = 7,
) => planPublish({ existing, findings, scope: s, now: NOW, refreshDays });

describe('planPublish', () => {
  it('creates a finding seen for the first time with every date set to now', () => {
    const result = plan([], [finding('a')]);

    expect(result.create.map((f) => f.Id)).toEqual(['a']);
    expect(result.create[0]).toMatchObject({
      CreatedAt: NOW.toISOString(),
      FirstObservedAt: NOW.toISOString(),
      UpdatedAt: NOW.toISOString(),
    });
  });

  it('imports nothing for an unchanged result imported recently', () => {
    const result = plan([stored('a')], [finding('a')]);

    expect(result).toMatchObject({ create: [], update: [], archive: [], unchanged: 1 });
  });

  it('refreshes an unchanged result whose last import is older than refreshDays', () => {
    const result = plan([stored('a', { UpdatedAt: LONG_AGO })], [finding('a')]);

    expect(result.update.map((f) => f.Id)).toEqual(['a']);
    expect(result.refreshed).toBe(1);
  });

  it.each([
    ['status', { Compliance: { Status: 'PASSED' as const } }],
    ['severity', { FindingProviderFields: { Severity: { Label: 'LOW' as const } } }],
    ['description', { Description: 'Listener HTTP:80 forwards to two target groups.' }],
    [
      'remediation',
      {
        Remediation: {
          Recommendation: { Text: 'Redirect to HTTPS.', Url: 'https://docs.aws.amazon.com/x' },
        },
      },
    ],
    [
      'resources',
      { Resources: [{ Id: 'arn:a', Type: 'Other', Details: { Other: { Port: '8080' } } }] },
    ],
  ])(
    'updates a result whose %s changed, keeping CreatedAt and FirstObservedAt',
    (_field, change) => {
      const result = plan([stored('a')], [finding('a', change)]);

      expect(result.update).toHaveLength(1);
      expect(result.update[0]).toMatchObject({
        ...change,
        CreatedAt: LONG_AGO,
        FirstObservedAt: LONG_AGO,
      });
      expect(Date.parse(result.update[0]?.UpdatedAt ?? '')).toBeGreaterThan(Date.parse(EARLIER));
    },
  );

  it('sends an UpdatedAt strictly later than the stored one, even when the stored one is in the future', () => {
    const future = '2026-11-28T12:00:05.000Z';

    const result = plan(
      [stored('a', { UpdatedAt: future })],
      [finding('a', { Compliance: { Status: 'PASSED' } })],
    );

    expect(result.update[0]?.UpdatedAt).toBe('2026-11-28T12:00:05.001Z');
  });

  it('archives an existing finding whose resource produced no result, without customer-owned fields', () => {
    const existing = stored('gone', {
      Workflow: { Status: 'NOTIFIED' },
      Note: { Text: 'ticket SEC-1', UpdatedBy: 'alice', UpdatedAt: EARLIER },
      UserDefinedFields: { owner: 'team-a' },
      VerificationState: 'TRUE_POSITIVE',
      ProductFields: { ProviderName: 'ecs-encryption-scanner', 'aws/securityhub/FindingId': 'x' },
    });

    const result = plan([existing], []);

    expect(result.archive).toHaveLength(1);
    expect(result.archive[0]).toMatchObject({
      Id: 'gone',
      RecordState: 'ARCHIVED',
      CreatedAt: LONG_AGO,
    });
    expect(result.archive[0]).not.toHaveProperty('Workflow');
    expect(result.archive[0]).not.toHaveProperty('Note');
    expect(result.archive[0]).not.toHaveProperty('UserDefinedFields');
    expect(result.archive[0]).not.toHaveProperty('VerificationState');
    expect(result.archive[0]?.ProductFields).toEqual({ ProviderName: 'ecs-encryption-scanner' });
  });

  it('archives nothing of a check whose inputs were not fully collected', () => {
    const result = plan(
      [stored('gone')],
      [],
      scope({ incompleteCheckIds: new Set(['elbv2_listener_encrypted']) }),
    );

    expect(result).toMatchObject({ archive: [], untouched: 1 });
  });

  it.each([
    {
      name: 'archives it when the scan gave region-coverage results',
      regionCoverage: true,
      archived: 1,
    },
    { name: 'leaves it untouched when the scan was focused', regionCoverage: false, archived: 0 },
  ])(
    'for a stored account finding of a check still incomplete but with every section collected, $name',
    ({ regionCoverage, archived }) => {
      // Prepare: the sections are back, one call of the check failed.
      const coverage = stored('coverage', {
        Compliance: { Status: 'NOT_AVAILABLE' },
        Resources: [{ Id: `AWS::::Account:${ACCOUNT}`, Type: 'AwsAccount' }],
      });
      const incomplete = new Set(['elbv2_listener_encrypted']);

      // Act
      const result = plan(
        [coverage, stored('listener')],
        [],
        scope({ incompleteCheckIds: incomplete, regionCoverage }),
      );

      // Assess: the resource's finding stays whatever the scan.
      expect(result.archive.map((f) => f.Id)).toEqual(archived ? ['coverage'] : []);
      expect(result.untouched).toBe(2 - archived);
    },
  );

  it.each([
    ['PASSED', 'FAILED'],
    ['FAILED', 'PASSED'],
    ['WARNING', 'PASSED'],
    ['NOT_AVAILABLE', 'PASSED'],
    ['FAILED', 'WARNING'],
  ] as const)(
    'leaves a stored %s finding as it was when a check whose verdicts are uncertain now says %s',
    (before, now) => {
      // Prepare: a stored finding, and a result that what the scan did not see could change.
      const known = stored('a', { Compliance: { Status: before } });

      // Act
      const result = plan(
        [known],
        [finding('a', { Compliance: { Status: now } })],
        scope({ verdictUncertainCheckIds: new Set(['elbv2_listener_encrypted']) }),
      );

      // Assess
      expect(result).toMatchObject({ create: [], update: [], archive: [], untouched: 1 });
    },
  );

  it('refreshes an unchanged stored finding of a check whose verdicts are uncertain, so that it does not expire', () => {
    const known = stored('a', { UpdatedAt: LONG_AGO });

    const result = plan(
      [known],
      [finding('a')],
      scope({ verdictUncertainCheckIds: new Set(['elbv2_listener_encrypted']) }),
    );

    expect(result).toMatchObject({ update: [expect.objectContaining({ Id: 'a' })], refreshed: 1 });
  });

  it('creates a new PASSED finding of a check whose verdicts are uncertain as NOT_AVAILABLE, saying why', () => {
    const result = plan(
      [],
      [finding('a', { Compliance: { Status: 'PASSED' } }), finding('b')],
      scope({ verdictUncertainCheckIds: new Set(['elbv2_listener_encrypted']) }),
    );

    expect(result.create.map((f) => [f.Id, f.Compliance?.Status])).toEqual([
      ['a', 'NOT_AVAILABLE'],
      ['b', 'FAILED'],
    ]);
    expect(result.create[0]?.Severity).toEqual({
      Label: 'INFORMATIONAL',
      Original: 'INFORMATIONAL',
    });
    expect(result.create[0]?.Description).toMatch(
      /^Not judged PASSED: some inputs of this check could not be collected in us-east-1/,
    );
  });

  it("resolves a finding of a check whose listing was incomplete, judged on the resource's own data", () => {
    const result = plan(
      [stored('a')],
      [finding('a', { Compliance: { Status: 'PASSED' } })],
      scope({ incompleteCheckIds: new Set(['elbv2_listener_encrypted']) }),
    );

    expect(result.update.map((f) => f.Compliance?.Status)).toEqual(['PASSED']);
  });

  it.each([
    ['keeps a known result instead of overwriting it with NOT_AVAILABLE', 'NOT_AVAILABLE', 0],
    ['records a PASSED result, which the check judged on complete items', 'PASSED', 1],
  ] as const)(
    'where only some items of the check could not be described, %s',
    (_name, status, updated) => {
      const result = plan(
        [stored('a')],
        [finding('a', { Compliance: { Status: status } })],
        scope({ itemGapCheckIds: new Set(['elbv2_listener_encrypted']) }),
      );

      expect(result.update).toHaveLength(updated);
      expect(result.untouched).toBe(1 - updated);
    },
  );

  it('archives the finding of a resource that is gone although some items of its check could not be described', () => {
    const result = plan(
      [stored('gone', { Compliance: { Status: 'NOT_AVAILABLE' } })],
      [],
      scope({ itemGapCheckIds: new Set(['elbv2_listener_encrypted']) }),
    );

    expect(result.archive.map((f) => f.Id)).toEqual(['gone']);
  });

  it('keeps a known result instead of overwriting it with NOT_AVAILABLE when the inputs were not collected', () => {
    const result = plan(
      [stored('a')],
      [finding('a', { Compliance: { Status: 'NOT_AVAILABLE' } })],
      scope({ incompleteCheckIds: new Set(['elbv2_listener_encrypted']) }),
    );

    expect(result).toMatchObject({ update: [], untouched: 1 });
  });

  it('records NOT_AVAILABLE over a known result when collection was complete (the resource really cannot be judged)', () => {
    const result = plan([stored('a')], [finding('a', { Compliance: { Status: 'NOT_AVAILABLE' } })]);

    expect(result.update.map((f) => f.Compliance?.Status)).toEqual(['NOT_AVAILABLE']);
  });

  it.each([
    ['another region', { Region: 'eu-west-1' }],
    ['another account', { AwsAccountId: '444455556666' }],
    ['a check outside the scan', { GeneratorId: 'ecs_service_connect_tls_enabled' }],
  ])('leaves a finding of %s alone', (_name, change) => {
    const result = plan([stored('other', change)], []);

    expect(result).toMatchObject({ archive: [], update: [], create: [] });
  });

  it('in a targeted rescan touches only the findings of the rescanned resources', () => {
    const targeted = scope({ resourceArns: ['arn:a'] });

    const result = plan([stored('a'), stored('b')], [], targeted);

    expect(result.archive.map((f) => f.Id)).toEqual(['a']);
  });
});

describe('providerFieldsOf', () => {
  it('drops fields Security Hub or the customer own', () => {
    const read = {
      ...stored('a'),
      Workflow: { Status: 'NEW' as const },
      WorkflowState: 'NEW' as const,
      ProcessedAt: EARLIER,
    };

    expect(Object.keys(providerFieldsOf(read))).not.toEqual(expect.arrayContaining(['Workflow']));
    expect(providerFieldsOf(read)).not.toHaveProperty('WorkflowState');
    expect(providerFieldsOf(read)).not.toHaveProperty('ProcessedAt');
  });
});
