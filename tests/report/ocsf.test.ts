import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { ScanResult } from '../../lib/evaluate/evaluate.ts';
import { findingId } from '../../lib/findings/asff.ts';
import type { CheckResult, ComplianceStatus, Severity } from '../../lib/model.ts';
import { buildOcsf, renderOcsf } from '../../lib/report/ocsf.ts';
import { ACCOUNT, REGION } from '../support/evaluate.ts';
import { demoScan, HOSTILE_ARN, hostileResult, hostileScan } from './fixture.ts';

// The JSON Schema of OCSF 1.6.0 Compliance Finding (class 2003) with the cloud profile, built from
// the OCSF schema sources by scripts/ocsf-schema.ts; see tests/fixtures/schemas/README.md.
const schema = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '..', 'fixtures', 'schemas', 'ocsf-1.6.0-compliance_finding.json'),
    'utf8',
  ),
);
const ajv = new Ajv.default({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
/** The schema errors of each finding of an OCSF array, by index. */
const errorsOf = (findings: unknown[]): string[] =>
  findings.flatMap((finding, index) =>
    validate(finding)
      ? []
      : (validate.errors ?? []).map((e) => `[${index}]${e.instancePath} ${e.message ?? ''}`),
  );

const OPTIONS = { version: '9.9.9' };

const scanWith = async (...results: CheckResult[]): Promise<ScanResult> => ({
  ...(await demoScan()),
  results,
});

const only = async (result: CheckResult) => {
  const [finding] = buildOcsf(await scanWith(result), checks, OPTIONS);
  if (!finding) throw new Error('no finding');
  return finding;
};

describe('OCSF output', () => {
  it('is an array of OCSF 1.6.0 Compliance Findings valid against the schema, hostile names included', async () => {
    // Prepare
    const scan = await hostileScan();

    // Act
    const findings = JSON.parse(renderOcsf(scan, checks, OPTIONS));

    // Assess
    expect(Array.isArray(findings)).toBe(true);
    expect(findings).toHaveLength(scan.results.length);
    expect(errorsOf(findings)).toEqual([]);
  });

  it('stays valid with exempt results and results on related resources (the demo account)', async () => {
    const findings = buildOcsf(await demoScan(), checks, OPTIONS);

    expect(findings.some((f) => f.resources.length > 1)).toBe(true);
    expect(findings.some((f) => f.status_id === 3)).toBe(true);
    expect(errorsOf(findings)).toEqual([]);
  });

  it.each<[string, (f: Record<string, unknown>) => Record<string, unknown>]>([
    ['another class', (f) => ({ ...f, class_uid: 2004 })],
    ['a type_uid not of its class', (f) => ({ ...f, type_uid: 200401 })],
    ['a severity_id OCSF does not define', (f) => ({ ...f, severity_id: 7 })],
    ['no finding_info.uid', (f) => ({ ...f, finding_info: { title: 'x' } })],
    [
      'a compliance status_id OCSF does not define',
      (f) => ({ ...f, compliance: { status_id: 4 } }),
    ],
    ['no cloud provider', (f) => ({ ...f, cloud: { region: REGION } })],
    ['an attribute OCSF does not have', (f) => ({ ...f, checkId: 'x' })],
    ['time as a string', (f) => ({ ...f, time: '2026-11-28T12:00:00Z' })],
  ])(
    'is rejected by the schema check with %s (the validation can fail)',
    async (_name, breakIt) => {
      // Prepare
      const [finding] = buildOcsf(await demoScan(), checks, OPTIONS);

      // Act
      const errors = errorsOf([breakIt(finding as unknown as Record<string, unknown>)]);

      // Assess
      expect(errors.length).toBeGreaterThan(0);
    },
  );

  it('is class 2003 in category 2, activity Create, type_uid class_uid × 100 + activity_id', async () => {
    const finding = await only(hostileResult);

    expect(finding).toMatchObject({
      class_uid: 2003,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200301,
      metadata: { version: '1.6.0', product: { name: 'ecs-encryption-scanner', version: '9.9.9' } },
    });
  });

  it.each<[ComplianceStatus, number, string]>([
    ['PASSED', 1, 'Pass'],
    ['WARNING', 2, 'Warning'],
    ['FAILED', 3, 'Fail'],
    ['NOT_AVAILABLE', 99, 'Not Available'],
  ])('maps a %s result to compliance status_id %i (%s)', async (status, id, name) => {
    const finding = await only({ ...hostileResult, status });

    expect(finding.compliance).toMatchObject({ status_id: id, status: name });
    expect(finding.unmapped.status).toBe(status);
  });

  it.each<[Severity, number, string]>([
    ['INFORMATIONAL', 1, 'Informational'],
    ['LOW', 2, 'Low'],
    ['MEDIUM', 3, 'Medium'],
    ['HIGH', 4, 'High'],
    ['CRITICAL', 5, 'Critical'],
  ])('maps severity %s to severity_id %i (%s)', async (severity, id, name) => {
    const finding = await only({ ...hostileResult, severity });

    expect([finding.severity_id, finding.severity]).toEqual([id, name]);
  });

  it('names the account, region, resource, control and the same finding ID as Security Hub', async () => {
    // Prepare
    const scan = await scanWith(hostileResult);

    // Act
    const [finding] = buildOcsf(scan, checks, OPTIONS);

    // Assess
    expect(finding?.cloud).toMatchObject({
      provider: 'AWS',
      region: REGION,
      account: { uid: ACCOUNT },
    });
    expect(finding?.resources[0]).toMatchObject({
      uid: HOSTILE_ARN,
      name: hostileResult.resource.name,
      type: 'AwsEcsService',
      region: REGION,
    });
    expect(finding?.compliance.control).toBe(hostileResult.checkId);
    expect(finding?.finding_info.uid).toBe(
      findingId(REGION, ACCOUNT, hostileResult.checkId, HOSTILE_ARN),
    );
    expect(finding?.time).toBe(Date.parse(scan.evaluatedAt));
  });

  it('marks an exempt result Suppressed and says why in its message', async () => {
    // Prepare
    const scan = await demoScan();
    const exempt = scan.results.filter((r) => r.exemption?.state === 'applied');

    // Act
    const suppressed = buildOcsf(scan, checks, OPTIONS).filter((f) => f.status_id === 3);

    // Assess
    expect(exempt.length).toBeGreaterThan(0);
    expect(suppressed).toHaveLength(exempt.length);
    expect(suppressed[0]?.message).toContain('Exempt (');
  });
});
