import { describe, expect, it } from 'vitest';
import type { Check } from '../../lib/evaluate/check.ts';
import type { ScanResult } from '../../lib/evaluate/evaluate.ts';
import type { CheckMetadata, CheckResult, ComplianceStatus, Severity } from '../../lib/model.ts';
import { ansi } from '../../lib/report/colour.ts';
import { renderTable, summaryLine } from '../../lib/report/table.ts';
import { stripAnsi } from '../support/ansi.ts';
import { ACCOUNT, arn, REGION } from '../support/evaluate.ts';

const fakeCheck = (id: string, title: string, severity: Severity): Check => ({
  metadata: {
    id,
    service: 'ecs',
    title,
    severity,
    resourceKind: 'service',
    inputs: ['ecs.services'],
    description: `${title}.`,
    risk: 'Risk.',
    remediation: { text: 'Fix it.', url: 'https://docs.aws.amazon.com/' },
    guidance: 'Guidance.',
    relatedRequirements: [],
  } satisfies CheckMetadata,
  evaluate: () => [],
});

const checks = [
  fakeCheck('first_check', 'Services do the first thing', 'HIGH'),
  fakeCheck('second_check', 'Services do the second thing', 'MEDIUM'),
  fakeCheck('unused_check', 'Nothing applies', 'LOW'),
];

const result = (
  checkId: string,
  name: string,
  status: ComplianceStatus,
  severity: Severity,
  region = REGION,
): CheckResult => ({
  checkId,
  status,
  severity,
  reason: `Service ${name} is ${status.toLowerCase()}.`,
  resource: { kind: 'service', arn: arn.service(name), region, name, attributes: {} },
});

const scanOf = (fields: Partial<ScanResult> = {}): ScanResult => ({
  accountId: ACCOUNT,
  partition: 'aws',
  regions: [REGION],
  evaluatedAt: '2026-11-28T12:00:00.000Z',
  checkIds: checks.map((c) => c.metadata.id),
  results: [],
  notCollected: [],
  collectionFailures: [],
  ...fields,
});

describe('renderTable', () => {
  it('groups results by check, lists what is not PASSED by importance and ends with a summary', () => {
    // Prepare
    const scan = scanOf({
      results: [
        result('first_check', 'passing', 'PASSED', 'INFORMATIONAL'),
        result('first_check', 'unknown', 'NOT_AVAILABLE', 'INFORMATIONAL'),
        result('first_check', 'warned', 'WARNING', 'LOW'),
        result('first_check', 'high', 'FAILED', 'HIGH'),
        result('first_check', 'critical', 'FAILED', 'CRITICAL'),
        result('second_check', 'b-service', 'FAILED', 'MEDIUM', 'eu-west-1'),
        result('second_check', 'a-service', 'FAILED', 'MEDIUM'),
      ],
    });

    // Act
    const table = renderTable(scan, checks);

    // Assess
    expect(table).toBe(
      [
        `ecs-encryption-scanner — account ${ACCOUNT}, regions ${REGION}, evaluated 2026-11-28T12:00:00.000Z`,
        '',
        'first_check  (HIGH)',
        '  Services do the first thing',
        '  2 failed, 1 warning, 1 not available, 1 passed',
        `    FAILED CRITICAL ${REGION}  Service critical is failed.`,
        `    FAILED HIGH     ${REGION}  Service high is failed.`,
        `    WARNING         ${REGION}  Service warned is warning.`,
        `    NOT_AVAILABLE   ${REGION}  Service unknown is not_available.`,
        '',
        'second_check  (MEDIUM)',
        '  Services do the second thing',
        '  2 failed, 0 warning, 0 not available, 0 passed',
        `    FAILED MEDIUM   ${REGION}  Service a-service is failed.`,
        '    FAILED MEDIUM   eu-west-1  Service b-service is failed.',
        '',
        'unused_check  (LOW)',
        '  Nothing applies',
        '  no resources in scope',
        '',
        'Summary: 7 results: 4 failed, 1 warning, 1 not available, 1 passed (failed: 1 CRITICAL, 1 HIGH, 2 MEDIUM).',
        '',
      ].join('\n'),
    );
  });

  it('says so when there are no regions and no results', () => {
    const table = renderTable(scanOf({ regions: [] }), checks.slice(0, 1));

    expect(table).toContain(`account ${ACCOUNT}, regions (none),`);
    expect(table).toContain('  no resources in scope\n');
    expect(table.trimEnd().split('\n').at(-1)).toBe(
      'Summary: 0 results: 0 failed, 0 warning, 0 not available, 0 passed.',
    );
  });

  it('lists the regions in their order', () => {
    expect(renderTable(scanOf({ regions: ['us-east-1', 'eu-west-1'] }), [])).toMatch(
      /regions us-east-1, eu-west-1, /,
    );
  });

  it('lists the sections that were not collected, by region', () => {
    // Prepare
    const scan = scanOf({
      notCollected: [
        { region: 'us-east-1', section: 'elbv2.sslPolicies' },
        { region: 'eu-west-1', section: 'acm.certificates' },
        { region: 'us-east-1', section: 'ssm.parameters' },
      ],
    });

    // Act
    const lines = renderTable(scan, []).trimEnd().split('\n');

    // Assess
    expect(lines.slice(-3)).toEqual([
      'Not collected (checks that need these report NOT_AVAILABLE or cannot see the resources):',
      '  us-east-1: elbv2.sslPolicies, ssm.parameters',
      '  eu-west-1: acm.certificates',
    ]);
  });

  it('lists the calls that failed in a live scan', () => {
    // Prepare
    const scan = scanOf({
      collectionFailures: [
        {
          region: REGION,
          service: 'ecs',
          operation: 'DescribeTaskDefinition',
          errorCode: 'AccessDeniedException',
          count: 3,
        },
      ] as ScanResult['collectionFailures'],
    });

    // Act
    const table = renderTable(scan, []);

    // Assess
    expect(table).toContain(`  ${REGION}: ecs DescribeTaskDefinition AccessDeniedException ×3\n`);
  });

  it('says nothing about collection when everything was collected', () => {
    const table = renderTable(scanOf(), checks);

    expect(table).not.toMatch(/Not collected|Collection failures/);
  });
});

describe('renderTable on a terminal', () => {
  const scan = () =>
    scanOf({
      results: [
        result('first_check', 'api', 'FAILED', 'HIGH'),
        result('first_check', 'web', 'PASSED', 'INFORMATIONAL'),
        result('second_check', 'jobs', 'NOT_AVAILABLE', 'INFORMATIONAL'),
        result('second_check', 'batch', 'WARNING', 'LOW'),
      ],
    });

  it('colours statuses and severities and otherwise prints the same table', () => {
    // Act
    const coloured = renderTable(scan(), checks, { paint: ansi });

    // Assess
    expect(coloured).toContain(
      '    \u001b[1;31mFAILED\u001b[0m \u001b[31mHIGH\u001b[0m     us-east-1',
    );
    expect(coloured).toContain('\u001b[2mNOT_AVAILABLE\u001b[0m');
    expect(coloured).toContain('\u001b[33mWARNING\u001b[0m');
    expect(coloured).toContain('first_check  (\u001b[31mHIGH\u001b[0m)');
    expect(coloured).toContain(
      ', \u001b[32m1 passed\u001b[0m (failed: \u001b[31m1 HIGH\u001b[0m).',
    );
    expect(stripAnsi(coloured)).toBe(renderTable(scan(), checks));
  });

  it('gives the summary line alone as the table ends its results with it', () => {
    // Act
    const line = summaryLine(scan());

    // Assess
    expect(line).toBe(
      'Summary: 4 results: 1 failed, 1 warning, 1 not available, 1 passed (failed: 1 HIGH).',
    );
    expect(renderTable(scan(), checks).split('\n')).toContain(line);
  });
});
