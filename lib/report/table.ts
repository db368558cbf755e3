// The human-readable report: grouped by check, with counts by status and severity.
import type { Check } from '../evaluate/check.ts';
import type { ScanResult } from '../evaluate/evaluate.ts';
import { describeExemption } from '../evaluate/exemptions/apply.ts';
import type { CheckResult } from '../model.ts';
import { exemptionProblemLines } from './exemptions.ts';
import { severityRank, summarize } from './summary.ts';

export const STATUS_ORDER = { FAILED: 0, WARNING: 1, NOT_AVAILABLE: 2, PASSED: 3 } as const;

/** FAILED before WARNING before NOT_AVAILABLE before PASSED; then by severity, then ARN. */
export const byImportance = (a: CheckResult, b: CheckResult) =>
  STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
  severityRank(b.severity) - severityRank(a.severity) ||
  a.resource.arn.localeCompare(b.resource.arn);

const counts = (results: readonly CheckResult[]): string => {
  const { byStatus } = summarize(results);
  return `${byStatus.FAILED} failed, ${byStatus.WARNING} warning, ${byStatus.NOT_AVAILABLE} not available, ${byStatus.PASSED} passed`;
};

export const renderTable = (scan: ScanResult, checks: readonly Check[]): string => {
  const lines: string[] = [];
  lines.push(
    `ecs-encryption-scanner — account ${scan.accountId}, regions ${scan.regions.join(', ') || '(none)'}, evaluated ${scan.evaluatedAt}`,
  );
  lines.push('');
  for (const { metadata } of checks) {
    const results = scan.results.filter((r) => r.checkId === metadata.id).sort(byImportance);
    lines.push(`${metadata.id}  (${metadata.severity})`);
    lines.push(`  ${metadata.title}`);
    lines.push(`  ${results.length === 0 ? 'no resources in scope' : counts(results)}`);
    for (const result of results) {
      if (result.status === 'PASSED') continue;
      const label =
        result.status === 'FAILED'
          ? `FAILED ${result.severity}`
          : result.exemption
            ? 'WARNING EXEMPT'
            : result.status;
      lines.push(`    ${label.padEnd(15)} ${result.resource.region}  ${result.reason}`);
      if (result.exemption) lines.push(`${' '.repeat(20)}${describeExemption(result.exemption)}.`);
    }
    lines.push('');
  }
  const summary = summarize(scan.results);
  const severities = Object.entries(summary.failedBySeverity)
    .reverse()
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`)
    .join(', ');
  const exemptions = [
    ...(summary.exempted ? [`${summary.exempted} exempt (reported as WARNING)`] : []),
    ...(summary.exemptionsExpired
      ? [`${summary.exemptionsExpired} with an expired exemption`]
      : []),
  ].join(', ');
  lines.push(
    `Summary: ${summary.total} results: ${counts(scan.results)}${severities ? ` (failed: ${severities})` : ''}${exemptions ? `; ${exemptions}` : ''}.`,
  );
  const problems = exemptionProblemLines(scan);
  if (problems.length > 0) {
    lines.push(
      'Exemptions not applied (fix the tags; the results they meant to exempt are reported as they are):',
    );
    for (const line of problems) lines.push(`  ${line.replace(/^exemption not applied: /, '')}`);
  }
  if (scan.notCollected.length > 0) {
    const byRegion = new Map<string, string[]>();
    for (const gap of scan.notCollected)
      byRegion.set(gap.region, [...(byRegion.get(gap.region) ?? []), gap.section]);
    lines.push(
      'Not collected (checks that need these report NOT_AVAILABLE or cannot see the resources):',
    );
    for (const [region, sections] of byRegion) lines.push(`  ${region}: ${sections.join(', ')}`);
  }
  if (scan.collectionFailures.length > 0) {
    lines.push(
      'Collection failures (calls that failed after retries; what they would have collected is NOT_AVAILABLE):',
    );
    for (const f of scan.collectionFailures) {
      lines.push(`  ${f.region}: ${f.service} ${f.operation} ${f.errorCode} ×${f.count}`);
    }
  }
  return `${lines.join('\n')}\n`;
};
