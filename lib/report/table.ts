// The human-readable report: grouped by check, with counts by status and severity.
import type { Check } from '../evaluate/check.ts';
import type { ScanResult } from '../evaluate/evaluate.ts';
import { describeExemption } from '../evaluate/exemptions/apply.ts';
import type { CheckResult, Severity } from '../model.ts';
import { type Paint, plain } from './colour.ts';
import { exemptionProblemLines } from './exemptions.ts';
import { severityRank, summarize } from './summary.ts';

export const STATUS_ORDER = { FAILED: 0, WARNING: 1, NOT_AVAILABLE: 2, PASSED: 3 } as const;

/** FAILED before WARNING before NOT_AVAILABLE before PASSED; then by severity, then ARN. */
export const byImportance = (a: CheckResult, b: CheckResult) =>
  STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
  severityRank(b.severity) - severityRank(a.severity) ||
  a.resource.arn.localeCompare(b.resource.arn);

const counts = (results: readonly CheckResult[], paint: Paint): string => {
  const { byStatus } = summarize(results);
  return [
    paint(`${byStatus.FAILED} failed`, 'FAILED'),
    paint(`${byStatus.WARNING} warning`, 'WARNING'),
    paint(`${byStatus.NOT_AVAILABLE} not available`, 'NOT_AVAILABLE'),
    paint(`${byStatus.PASSED} passed`, 'PASSED'),
  ].join(', ');
};

/** `Summary: 130 results: 43 failed, …`: the table's last line of results, and --quiet's output. */
export const summaryLine = (scan: ScanResult, paint: Paint = plain): string => {
  const summary = summarize(scan.results);
  const severities = Object.entries(summary.failedBySeverity)
    .reverse()
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => paint(`${n} ${severity}`, severity as Severity))
    .join(', ');
  const exemptions = [
    ...(summary.exempted ? [`${summary.exempted} exempt (reported as WARNING)`] : []),
    ...(summary.exemptionsExpired
      ? [`${summary.exemptionsExpired} with an expired exemption`]
      : []),
  ].join(', ');
  return `Summary: ${summary.total} results: ${counts(scan.results, paint)}${severities ? ` (failed: ${severities})` : ''}${exemptions ? `; ${exemptions}` : ''}.`;
};

/** `paint`: colours for statuses and severities (a terminal); plain text by default. */
export const renderTable = (
  scan: ScanResult,
  checks: readonly Check[],
  { paint = plain }: { paint?: Paint } = {},
): string => {
  const lines: string[] = [];
  lines.push(
    `ecs-encryption-scanner — account ${scan.accountId}, regions ${scan.regions.join(', ') || '(none)'}, evaluated ${scan.evaluatedAt}`,
  );
  lines.push('');
  for (const { metadata } of checks) {
    const results = scan.results.filter((r) => r.checkId === metadata.id).sort(byImportance);
    lines.push(`${metadata.id}  (${paint(metadata.severity, metadata.severity)})`);
    lines.push(`  ${metadata.title}`);
    lines.push(`  ${results.length === 0 ? 'no resources in scope' : counts(results, paint)}`);
    for (const result of results) {
      if (result.status === 'PASSED') continue;
      const label =
        result.status === 'FAILED'
          ? `FAILED ${result.severity}`
          : result.exemption
            ? 'WARNING EXEMPT'
            : result.status;
      // Padded as plain text: the colour codes take no columns.
      const padding = ' '.repeat(Math.max(0, 15 - label.length));
      const painted =
        result.status === 'FAILED'
          ? `${paint('FAILED', 'FAILED')} ${paint(result.severity, result.severity)}`
          : paint(label, result.status);
      lines.push(`    ${painted}${padding} ${result.resource.region}  ${result.reason}`);
      if (result.exemption) lines.push(`${' '.repeat(20)}${describeExemption(result.exemption)}.`);
    }
    lines.push('');
  }
  lines.push(summaryLine(scan, paint));
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
