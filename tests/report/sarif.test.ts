import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import { findingId } from '../../lib/findings/asff.ts';
import type { ComplianceStatus, Severity } from '../../lib/model.ts';
import { buildSarif, FINGERPRINT_KEY, renderSarif } from '../../lib/report/sarif.ts';
import { ACCOUNT } from '../support/evaluate.ts';
import { demoScan, HOSTILE_ARN, hostileResult, hostileScan } from './fixture.ts';

// The SARIF 2.1.0 schema (rtm.5, the version the OASIS standard approved), as shipped in the npm
// package @microsoft/jest-sarif; see tests/fixtures/schemas/README.md.
const schema = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '..', 'fixtures', 'schemas', 'sarif-2.1.0-rtm.5.json'),
    'utf8',
  ),
);
// unicodeRegExp off: a `language` pattern of rtm.5 is not a valid regular expression with the u flag.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormatsModule.default(ajv);
const validate = ajv.compile(schema);
const errorsOf = (document: unknown): string[] =>
  validate(document)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);

const OPTIONS = { version: '9.9.9' };

/** The one run of a SARIF log. */
const runOf = (...args: Parameters<typeof buildSarif>) => {
  const [run] = buildSarif(...args).runs;
  if (!run) throw new Error('no run');
  return run;
};

type SarifResult = {
  ruleId: string;
  level: string;
  kind: string;
  message: { text: string };
  locations: { logicalLocations: { fullyQualifiedName: string; name: string }[] }[];
  partialFingerprints: Record<string, string>;
  properties: { status: ComplianceStatus; severity: Severity; region: string };
};

describe('SARIF output', () => {
  it('is valid against the SARIF 2.1.0 schema, collection gaps and hostile names included', async () => {
    const sarif = JSON.parse(renderSarif(await hostileScan(), checks, OPTIONS));

    expect(errorsOf(sarif)).toEqual([]);
    expect(sarif.version).toBe('2.1.0');
  });

  it('marks an exempt result as an external, accepted suppression and stays schema-valid', async () => {
    // Prepare: the demo account has exemption tags, valid and malformed.
    const scan = await demoScan();
    const exempt = scan.results.filter((r) => r.exemption?.state === 'applied');

    // Act
    const sarif = JSON.parse(renderSarif(scan, checks, OPTIONS));

    // Assess
    expect(errorsOf(sarif)).toEqual([]);
    expect(exempt.length).toBeGreaterThan(0);
    const suppressed = sarif.runs[0].results.filter(
      (r: { suppressions?: unknown[] }) => r.suppressions,
    );
    expect(suppressed).toHaveLength(exempt.length);
    expect(suppressed[0].suppressions).toEqual([
      expect.objectContaining({ kind: 'external', status: 'accepted' }),
    ]);
    expect(suppressed[0].suppressions[0].justification).toContain('Exempt (');
    expect(sarif.runs[0].invocations[0].toolConfigurationNotifications).toHaveLength(
      scan.exemptionProblems?.length ?? 0,
    );
  });

  it('is rejected by the schema check when it breaks the schema (the validation can fail)', async () => {
    const sarif = buildSarif(await demoScan(), checks, OPTIONS);
    const broken = {
      ...sarif,
      runs: [{ ...sarif.runs[0], results: [{ ruleId: 'x', level: 'fatal', message: {} }] }],
    };

    expect(errorsOf(broken).length).toBeGreaterThan(0);
  });

  it('has one rule per check with its help URI, descriptions and security severity', () => {
    const { driver } = runOf({ ...emptyScanFields(), results: [] }, checks, OPTIONS).tool;

    expect(driver.name).toBe('ecs-encryption-scanner');
    expect(driver.version).toBe('9.9.9');
    expect(driver.rules.map((r) => r.id)).toEqual(checks.map((c) => c.metadata.id));
    for (const [index, { metadata }] of checks.entries()) {
      expect(driver.rules[index]).toMatchObject({
        shortDescription: { text: metadata.title },
        fullDescription: { text: metadata.description },
        helpUri: metadata.remediation.url,
        properties: { severity: metadata.severity, tags: expect.arrayContaining(['security']) },
      });
    }
  });

  it.each<[Severity, string | undefined, string]>([
    ['CRITICAL', '9.5', 'error'],
    ['HIGH', '8.0', 'error'],
    ['MEDIUM', '5.5', 'warning'],
    ['LOW', '3.0', 'note'],
    ['INFORMATIONAL', undefined, 'note'],
  ])('gives a %s check security-severity %s and default level %s', (severity, score, level) => {
    const [check] = checks;
    if (!check) throw new Error('no check registered');

    const [rule] = runOf(
      emptyScanFields(),
      [{ ...check, metadata: { ...check.metadata, severity } }],
      OPTIONS,
    ).tool.driver.rules;

    expect(rule?.properties['security-severity']).toBe(score);
    expect(rule?.defaultConfiguration.level).toBe(level);
  });

  it.each<[string, ComplianceStatus, Severity, string, string]>([
    ['a CRITICAL failure is an error', 'FAILED', 'CRITICAL', 'fail', 'error'],
    ['a HIGH failure is an error', 'FAILED', 'HIGH', 'fail', 'error'],
    ['a MEDIUM failure is a warning', 'FAILED', 'MEDIUM', 'fail', 'warning'],
    ['a LOW failure is a note', 'FAILED', 'LOW', 'fail', 'note'],
    ['a WARNING is a note, whatever its severity', 'WARNING', 'HIGH', 'fail', 'note'],
    [
      'a NOT_AVAILABLE result is open, level none',
      'NOT_AVAILABLE',
      'INFORMATIONAL',
      'open',
      'none',
    ],
  ])('maps results: %s', (_name, status, severity, kind, level) => {
    const scan = { ...emptyScanFields(), results: [{ ...hostileResult, status, severity }] };

    const [result] = runOf(scan, checks, OPTIONS).results as SarifResult[];

    expect(result).toMatchObject({ kind, level, properties: { status, severity } });
  });

  it('scores a FAILED result by its own severity, below its rule when the check says it is less severe', () => {
    // Prepare: a secret judged by its name (HIGH) of a check whose highest severity is CRITICAL
    const check = checks.find(
      (c) => c.metadata.id === 'ecs_task_definition_no_secrets_in_environment',
    );
    if (!check) throw new Error('check not registered');
    const scan = {
      ...emptyScanFields(),
      results: [
        {
          ...hostileResult,
          checkId: check.metadata.id,
          status: 'FAILED' as const,
          severity: 'HIGH' as const,
        },
      ],
    };

    // Act
    const run = runOf(scan, [check], OPTIONS);

    // Assess
    expect(run.tool.driver.rules[0]?.properties['security-severity']).toBe('9.5');
    expect(run.results[0]).toMatchObject({
      level: 'error',
      properties: { severity: 'HIGH', 'security-severity': '8.0' },
    });
  });

  it.each<[ComplianceStatus, Severity]>([
    ['WARNING', 'LOW'],
    ['NOT_AVAILABLE', 'INFORMATIONAL'],
  ])('gives a %s result no security-severity', (status, severity) => {
    const scan = { ...emptyScanFields(), results: [{ ...hostileResult, status, severity }] };

    const [result] = runOf(scan, checks, OPTIONS).results as SarifResult[];

    expect(result?.properties).not.toHaveProperty('security-severity');
  });

  it('leaves PASSED results out of the list and counts them', async () => {
    const scan = await demoScan();

    const run = runOf(scan, checks, OPTIONS);

    const passed = scan.results.filter((r) => r.status === 'PASSED').length;
    expect(run.results).toHaveLength(scan.results.length - passed);
    expect(run.properties.passedResults).toBe(passed);
  });

  it('locates a result by the resource ARN, with the finding ID as fingerprint, and no file', () => {
    const scan = { ...emptyScanFields(), results: [hostileResult] };

    const [result] = runOf(scan, checks, OPTIONS).results as SarifResult[];

    expect(result?.ruleId).toBe(hostileResult.checkId);
    expect(result?.message.text).toBe(hostileResult.reason);
    expect(result?.locations).toEqual([
      {
        logicalLocations: [
          { name: hostileResult.resource.name, fullyQualifiedName: HOSTILE_ARN, kind: 'service' },
        ],
      },
    ]);
    expect(JSON.stringify(result)).not.toContain('physicalLocation');
    expect(result?.partialFingerprints).toEqual({
      [FINGERPRINT_KEY]: findingId('us-east-1', ACCOUNT, hostileResult.checkId, HOSTILE_ARN),
    });
  });

  it('reports failed calls and sections not collected as tool execution notifications', async () => {
    const { invocations } = runOf(await hostileScan(), checks, OPTIONS);

    const notifications = invocations[0]?.toolExecutionNotifications ?? [];
    expect(notifications.map((n) => [n.level, n.descriptor.id])).toEqual([
      ['warning', 'collection-failure'],
      ['note', 'not-collected'],
    ]);
    expect(notifications[0]?.message.text).toContain(
      'DescribeTaskDefinition failed 3 time(s) in eu-west-1',
    );
  });
});

function emptyScanFields() {
  return {
    accountId: ACCOUNT,
    partition: 'aws',
    regions: ['us-east-1'],
    evaluatedAt: '2026-11-28T12:00:00.000Z',
    checkIds: checks.map((c) => c.metadata.id),
    results: [],
    notCollected: [],
    collectionFailures: [],
  };
}
