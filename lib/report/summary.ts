import {
  type CheckResult,
  COMPLIANCE_STATUSES,
  type ComplianceStatus,
  SEVERITIES,
  type Severity,
} from '../model.ts';

export interface Summary {
  total: number;
  byStatus: Record<ComplianceStatus, number>;
  /** FAILED results by severity. */
  failedBySeverity: Record<Severity, number>;
  /** FAILED results reported as WARNING because an exemption applies (counted in byStatus.WARNING). */
  exempted: number;
  /** FAILED results whose exemption has expired (counted in byStatus.FAILED). */
  exemptionsExpired: number;
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
  let exempted = 0;
  let exemptionsExpired = 0;
  for (const result of results) {
    byStatus[result.status] += 1;
    if (result.status === 'FAILED') failedBySeverity[result.severity] += 1;
    if (result.exemption?.state === 'applied') exempted += 1;
    if (result.exemption?.state === 'expired') exemptionsExpired += 1;
  }
  return { total: results.length, byStatus, failedBySeverity, exempted, exemptionsExpired };
};

export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/** True when a FAILED result at or above `threshold` exists (an exempt result is WARNING: never). */
/** Why --fail-on ends the run: `9 FAILED results at or above HIGH (--fail-on HIGH).` */
export const failedAtOrAbove = (results: readonly CheckResult[], threshold: Severity): string => {
  const count = results.filter(
    (r) => r.status === 'FAILED' && severityRank(r.severity) >= severityRank(threshold),
  ).length;
  return `${count} FAILED result${count === 1 ? '' : 's'} at or above ${threshold} (--fail-on ${threshold}).`;
};

export const failsAt = (results: readonly CheckResult[], threshold: Severity): boolean =>
  results.some((r) => r.status === 'FAILED' && severityRank(r.severity) >= severityRank(threshold));
