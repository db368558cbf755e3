// OCSF 1.6.0 Compliance Findings (class 2003, category Findings), the schema of the new AWS
// Security Hub and of Amazon Security Lake: one finding per result, PASSED included (a compliance
// finding records the evaluation, whatever its outcome), as one JSON array.
import type { Check } from '../evaluate/check.ts';
import type { ScanResult } from '../evaluate/evaluate.ts';
import { describeExemption } from '../evaluate/exemptions/apply.ts';
import { ASFF_TYPE, findingId, PRODUCT_NAME } from '../findings/asff.ts';
import type { CheckMetadata, CheckResult, ComplianceStatus, Severity } from '../model.ts';
import { byImportance } from './table.ts';

export const OCSF_VERSION = '1.6.0';
export const COMPLIANCE_FINDING = { class_uid: 2003, category_uid: 2 } as const;
/** activity_id 1 Create: each run reports its evaluations anew. */
const ACTIVITY_CREATE = 1;

/** severity_id: 1 Informational … 5 Critical, the scanner's five severities in order. */
export const OCSF_SEVERITY: Record<Severity, { id: number; name: string }> = {
  INFORMATIONAL: { id: 1, name: 'Informational' },
  LOW: { id: 2, name: 'Low' },
  MEDIUM: { id: 3, name: 'Medium' },
  HIGH: { id: 4, name: 'High' },
  CRITICAL: { id: 5, name: 'Critical' },
};

/**
 * compliance.status_id: 1 Pass, 2 Warning, 3 Fail as ASFF's PASSED, WARNING, FAILED. NOT_AVAILABLE
 * (the scanner could not tell) is 99 Other with its own name: OCSF's 0 Unknown would lose that the
 * check ran and said why in status_detail.
 */
export const OCSF_COMPLIANCE_STATUS: Record<ComplianceStatus, { id: number; name: string }> = {
  PASSED: { id: 1, name: 'Pass' },
  WARNING: { id: 2, name: 'Warning' },
  FAILED: { id: 3, name: 'Fail' },
  NOT_AVAILABLE: { id: 99, name: 'Not Available' },
};

/** The finding's own status_id: 1 New, 3 Suppressed for a result an exemption covers. */
const findingStatus = (r: CheckResult) =>
  r.exemption?.state === 'applied' ? { id: 3, name: 'Suppressed' } : { id: 1, name: 'New' };

export interface OcsfOptions {
  version: string;
}

const STANDARD = 'Amazon ECS encryption best practices';

const finding = (
  scan: ScanResult,
  r: CheckResult,
  metadata: CheckMetadata,
  options: OcsfOptions,
  time: number,
) => {
  const severity = OCSF_SEVERITY[r.severity];
  const compliance = OCSF_COMPLIANCE_STATUS[r.status];
  const status = findingStatus(r);
  const exemption = r.exemption
    ? ` ${describeExemption(r.exemption)}.`
    : r.exemptionProblem
      ? ` Exemption not applied: ${r.exemptionProblem}`
      : '';
  const resource = (ref: CheckResult['resource']) => ({
    uid: ref.arn,
    name: ref.name,
    type: ASFF_TYPE[ref.kind],
    region: ref.region,
    cloud_partition: scan.partition,
  });
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: COMPLIANCE_FINDING.category_uid,
    category_name: 'Findings',
    class_uid: COMPLIANCE_FINDING.class_uid,
    class_name: 'Compliance Finding',
    type_uid: COMPLIANCE_FINDING.class_uid * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    time,
    severity_id: severity.id,
    severity: severity.name,
    status_id: status.id,
    status: status.name,
    message: `${r.reason}${exemption}`,
    metadata: {
      version: OCSF_VERSION,
      profiles: ['cloud'],
      product: {
        name: PRODUCT_NAME,
        vendor_name: PRODUCT_NAME,
        version: options.version,
      },
    },
    finding_info: {
      uid: findingId(r.resource.region, scan.accountId, r.checkId, r.resource.arn),
      title: metadata.title,
      desc: metadata.description,
      types: ['Software and Configuration Checks/AWS Security Best Practices'],
      created_time: time,
    },
    compliance: {
      control: r.checkId,
      standards: [STANDARD],
      requirements: metadata.relatedRequirements,
      status_id: compliance.id,
      status: compliance.name,
      status_detail: r.reason,
    },
    remediation: { desc: metadata.remediation.text, references: [metadata.remediation.url] },
    resources: [resource(r.resource), ...(r.relatedResources ?? []).map(resource)],
    cloud: {
      provider: 'AWS',
      region: r.resource.region,
      account: { uid: scan.accountId, type_id: 10, type: 'AWS Account' },
      cloud_partition: scan.partition,
    },
    // What OCSF has no attribute for: the scanner's own status and, when exempt, the exemption.
    unmapped: {
      status: r.status,
      ...(r.exemption ? { exemption: r.exemption } : {}),
    },
  };
};

export const buildOcsf = (scan: ScanResult, checks: readonly Check[], options: OcsfOptions) => {
  const metadataOf = new Map(checks.map((c) => [c.metadata.id, c.metadata]));
  const order = new Map(checks.map((c, index) => [c.metadata.id, index]));
  const time = Date.parse(scan.evaluatedAt);
  return scan.results
    .filter((r) => metadataOf.has(r.checkId))
    .sort((a, b) => (order.get(a.checkId) ?? 0) - (order.get(b.checkId) ?? 0) || byImportance(a, b))
    .map((r) => finding(scan, r, metadataOf.get(r.checkId) as CheckMetadata, options, time));
};

export const renderOcsf = (
  scan: ScanResult,
  checks: readonly Check[],
  options: OcsfOptions,
): string => `${JSON.stringify(buildOcsf(scan, checks, options), null, 2)}\n`;
