// Findings counted by status and severity: what a scan's metrics and log line report.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { ComplianceStatus, Severity } from '../model.ts';

export type FindingCounts = Partial<Record<ComplianceStatus, Partial<Record<Severity, number>>>>;

export const countFindings = (findings: readonly AwsSecurityFinding[]): FindingCounts => {
  const counts: FindingCounts = {};
  for (const finding of findings) {
    const status = (finding.Compliance?.Status ?? 'NOT_AVAILABLE') as ComplianceStatus;
    const severity = (finding.FindingProviderFields?.Severity?.Label ??
      finding.Severity?.Label ??
      'INFORMATIONAL') as Severity;
    const bySeverity = counts[status] ?? {};
    bySeverity[severity] = (bySeverity[severity] ?? 0) + 1;
    counts[status] = bySeverity;
  }
  return counts;
};

export const mergeCounts = (all: readonly FindingCounts[]): FindingCounts => {
  const merged: FindingCounts = {};
  for (const counts of all) {
    for (const [status, bySeverity] of Object.entries(counts) as [
      ComplianceStatus,
      Partial<Record<Severity, number>>,
    ][]) {
      const into = merged[status] ?? {};
      for (const [severity, n] of Object.entries(bySeverity) as [Severity, number][]) {
        into[severity] = (into[severity] ?? 0) + n;
      }
      merged[status] = into;
    }
  }
  return merged;
};
