import {
  type CheckResult,
  COMPLIANCE_STATUSES,
  type ComplianceStatus,
  SEVERITIES,
  type Severity,
} from '../../checks/types.ts';

export interface Summary {
  total: number;
  byStatus: Record<ComplianceStatus, number>;
  /** FAILED results by severity. */
  failedBySeverity: Record<Severity, number>;
}

export const summarize = (results: readonly CheckResult[]): Summary => {
  const byStatus = Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, 0])) as Record<
    ComplianceStatus,
    number
  >;
  const failedBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<
    Severity,
    number
  >;
  for (const result of results) {
    byStatus[result.status] += 1;
    if (result.status === 'FAILED') failedBySeverity[result.severity] += 1;
  }
  return { total: results.length, byStatus, failedBySeverity };
};

export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/** True when a FAILED result at or above `threshold` exists. */
export const failsAt = (results: readonly CheckResult[], threshold: Severity): boolean =>
  results.some((r) => r.status === 'FAILED' && severityRank(r.severity) >= severityRank(threshold));
