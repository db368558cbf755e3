// JUnit XML for CI systems (the Jenkins/Ant dialect that GitLab, Jenkins, Azure DevOps and the
// GitHub test-report actions read): one testsuite per check, one testcase per resource.
//   FAILED        → <failure type="SEVERITY" message="reason">
//   NOT_AVAILABLE → <skipped>reason</skipped> (the scanner could not judge it)
//   WARNING       → passes, with a <system-out> note: a warning violates nothing, `--fail-on`
//                   never counts it, and a CI report must not be redder than the exit code.
//   exempt        → <skipped> with the exemption (a FAILED result an exemption covers, reported
//                   as WARNING); an expired exemption is named in the <failure>.
//   PASSED        → passes.
// Malformed exemption tags (not applied) make a testsuite `exemptions`, one <skipped> each: the
// FAILED result they meant to cover is already a <failure>, and the exit code is 0 for them.
// Calls that failed after retries, and sections that were not collected, make one more testsuite,
// `collection`: a failed call is an <error>, a section not collected is skipped.
import type { Check } from '../evaluate/check.ts';
import type { ScanResult } from '../evaluate/evaluate.ts';
import { describeExemption } from '../evaluate/exemptions/apply.ts';
import type { CheckResult } from '../model.ts';
import { describeProblem } from './exemptions.ts';
import { escapeText as x } from './markup.ts';
import { byImportance } from './table.ts';

export interface JunitOptions {
  version: string;
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

const property = (name: string, value: string) =>
  `      <property name="${x(name)}" value="${x(value)}"/>`;

const scanProperties = (scan: ScanResult, options: JunitOptions): string[] => [
  property('accountId', scan.accountId),
  property('partition', scan.partition),
  property('regions', scan.regions.join(',')),
  property('evaluatedAt', scan.evaluatedAt),
  property('scannerVersion', options.version),
];

const testcaseName = (r: CheckResult) =>
  r.resource.name && r.resource.name !== r.resource.arn
    ? `${r.resource.name} (${r.resource.arn})`
    : r.resource.arn;

const testcase = (r: CheckResult, remediation: string): string => {
  const open = `    <testcase name="${x(testcaseName(r))}" classname="${x(`${r.checkId}.${r.resource.region}`)}" time="0"`;
  if (r.status === 'PASSED') return `${open}/>`;
  const body =
    r.status === 'FAILED'
      ? `      <failure type="${x(r.severity)}" message="${x(r.reason)}">${x(
          [
            `FAILED ${r.severity}: ${r.reason}`,
            `Resource: ${r.resource.arn}`,
            `Region: ${r.resource.region}`,
            ...(r.exemption ? [`${describeExemption(r.exemption)}.`] : []),
            `How to fix: ${remediation}`,
          ].join('\n'),
        )}</failure>`
      : r.status === 'NOT_AVAILABLE'
        ? `      <skipped>${x(`NOT_AVAILABLE: ${r.reason}`)}</skipped>`
        : r.exemption
          ? `      <skipped>${x(`${describeExemption(r.exemption)}.\n${r.reason}\nHow to fix: ${remediation}`)}</skipped>`
          : `      <system-out>${x(`WARNING ${r.severity}: ${r.reason}\nHow to fix: ${remediation}`)}</system-out>`;
  return `${open}>\n${body}\n    </testcase>`;
};

const suite = (
  name: string,
  counts: Counts,
  timestamp: string,
  id: number,
  properties: string[],
  cases: string[],
): string =>
  [
    `  <testsuite name="${x(name)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="0" timestamp="${x(timestamp)}" id="${id}" package="ecs-encryption-scanner">`,
    '    <properties>',
    ...properties,
    '    </properties>',
    ...cases,
    '  </testsuite>',
  ].join('\n');

const countsOf = (results: readonly CheckResult[]): Counts => ({
  tests: results.length,
  failures: results.filter((r) => r.status === 'FAILED').length,
  errors: 0,
  skipped: results.filter(
    (r) => r.status === 'NOT_AVAILABLE' || (r.status === 'WARNING' && r.exemption),
  ).length,
});

export const renderJunit = (
  scan: ScanResult,
  checks: readonly Check[],
  options: JunitOptions,
): string => {
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const add = (counts: Counts) => {
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    total.skipped += counts.skipped;
  };
  const suites = checks.map(({ metadata }, index) => {
    const results = scan.results.filter((r) => r.checkId === metadata.id).sort(byImportance);
    const counts = countsOf(results);
    add(counts);
    const remediation = `${metadata.remediation.text} ${metadata.remediation.url}`;
    return suite(
      metadata.id,
      counts,
      scan.evaluatedAt,
      index,
      [
        ...scanProperties(scan, options),
        property('title', metadata.title),
        property('severity', metadata.severity),
        property('resourceKind', metadata.resourceKind),
        property('remediationUrl', metadata.remediation.url),
      ],
      results.map((r) => testcase(r, remediation)),
    );
  });
  const problems = scan.exemptionProblems ?? [];
  if (problems.length > 0) {
    const cases = problems.map(
      (p) =>
        `    <testcase name="${x(p.resource)}" classname="${x(`exemptions.${p.region}`)}" time="0">\n      <skipped>${x(describeProblem(p))}</skipped>\n    </testcase>`,
    );
    const counts: Counts = { tests: cases.length, failures: 0, errors: 0, skipped: cases.length };
    add(counts);
    suites.push(
      suite(
        'exemptions',
        counts,
        scan.evaluatedAt,
        suites.length,
        scanProperties(scan, options),
        cases,
      ),
    );
  }
  if (scan.collectionFailures.length > 0 || scan.notCollected.length > 0) {
    const cases = [
      ...scan.collectionFailures.map(
        (f) =>
          `    <testcase name="${x(`${f.service} ${f.operation}`)}" classname="${x(`collection.${f.region}`)}" time="0">\n      <error type="${x(f.errorCode)}" message="${x(`${f.count} call(s) failed after retries`)}">${x(`${f.service} ${f.operation} failed ${f.count} time(s) in ${f.region} (${f.errorCode}): what it would have collected is NOT_AVAILABLE.`)}</error>\n    </testcase>`,
      ),
      ...scan.notCollected.map(
        (gap) =>
          `    <testcase name="${x(gap.section)}" classname="${x(`collection.${gap.region}`)}" time="0">\n      <skipped>${x(`${gap.section} was not collected in ${gap.region}: checks that read it report NOT_AVAILABLE or cannot see the resources.`)}</skipped>\n    </testcase>`,
      ),
    ];
    const counts: Counts = {
      tests: cases.length,
      failures: 0,
      errors: scan.collectionFailures.length,
      skipped: scan.notCollected.length,
    };
    add(counts);
    suites.push(
      suite(
        'collection',
        counts,
        scan.evaluatedAt,
        checks.length,
        scanProperties(scan, options),
        cases,
      ),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ecs-encryption-scanner" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" time="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
};
