// A check: its metadata and a pure evaluation of one region's inventory.
import type { ScanConfig } from '../config.ts';
import type { CheckMetadata, CheckResult, ResourceRef, Severity } from '../model.ts';
import type { Inventory } from './inventory/inventory.ts';

export interface CheckContext {
  inventory: Inventory;
  config: ScanConfig;
  /** The evaluation time: checks never read the clock. */
  now: Date;
}

export interface Check {
  metadata: CheckMetadata;
  evaluate(context: CheckContext): CheckResult[];
}

/** Builds results with the check's ID and default severity filled in. */
export const resultsFor = (metadata: CheckMetadata) => ({
  passed: (resource: ResourceRef, reason: string, extra?: Partial<CheckResult>): CheckResult => ({
    checkId: metadata.id,
    status: 'PASSED',
    severity: 'INFORMATIONAL',
    reason,
    resource,
    ...extra,
  }),
  failed: (
    resource: ResourceRef,
    reason: string,
    severity: Severity = metadata.severity,
    extra?: Partial<CheckResult>,
  ): CheckResult => ({
    checkId: metadata.id,
    status: 'FAILED',
    severity,
    reason,
    resource,
    ...extra,
  }),
  warning: (
    resource: ResourceRef,
    reason: string,
    severity: Severity = 'LOW',
    extra?: Partial<CheckResult>,
  ): CheckResult => ({
    checkId: metadata.id,
    status: 'WARNING',
    severity,
    reason,
    resource,
    ...extra,
  }),
  notAvailable: (
    resource: ResourceRef,
    reason: string,
    extra?: Partial<CheckResult>,
  ): CheckResult => ({
    checkId: metadata.id,
    status: 'NOT_AVAILABLE',
    severity: 'INFORMATIONAL',
    reason,
    resource,
    ...extra,
  }),
});
