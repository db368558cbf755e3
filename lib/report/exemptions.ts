// What every output says about exemptions: the counts, and the malformed ones that were not applied.

import type { ScanResult } from '../evaluate/evaluate.ts';
import type { ExemptionProblem } from '../evaluate/exemptions/model.ts';
import type { CheckResult } from '../model.ts';

export const isExempt = (r: CheckResult): boolean => r.exemption?.state === 'applied';
export const hasExpiredExemption = (r: CheckResult): boolean => r.exemption?.state === 'expired';

/** The results an exemption covers (applied or expired), in scan order. */
export const exemptionResults = (scan: ScanResult): CheckResult[] =>
  scan.results.filter((r) => r.exemption !== undefined);

export const describeProblem = (p: ExemptionProblem): string =>
  `exemption not applied: ${p.source === 'tag' ? 'tag on' : 'file entry'} ${p.resource} (${p.region}): ${p.problem}`;

/** One line per malformed exemption, for stderr and logs. */
export const exemptionProblemLines = (scan: ScanResult): string[] =>
  (scan.exemptionProblems ?? []).map(describeProblem);

/**
 * The worker's log: a warning per malformed exemption, once each (they are not applied, so their
 * FAILED results stand), with the problem's fields.
 */
export const warnExemptionProblems = (
  scan: ScanResult,
  logger: { warn(message: string, fields?: Record<string, unknown>): void },
): void => {
  for (const problem of scan.exemptionProblems ?? []) {
    const line = describeProblem(problem);
    logger.warn(`${line.charAt(0).toUpperCase()}${line.slice(1)}`, { ...problem });
  }
};
