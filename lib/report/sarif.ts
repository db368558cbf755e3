// SARIF 2.1.0 for code-scanning dashboards: one run, a rule per check, a result per FAILED,
// WARNING and NOT_AVAILABLE result. Resources are AWS resources, not files: each result is located
// by a logical location whose fully qualified name is the resource ARN.
import type { Check } from '../evaluate/check.ts';
import type { ScanResult } from '../evaluate/evaluate.ts';
import { describeExemption } from '../evaluate/exemptions/apply.ts';
import { findingId } from '../findings/asff.ts';
import type { CheckMetadata, CheckResult, Severity } from '../model.ts';
import { describeProblem } from './exemptions.ts';
import { byImportance } from './table.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub's `security-severity`: a CVSS-like score that ranks alerts (critical ≥ 9, high ≥ 7, medium ≥ 4, low > 0). */
export const SECURITY_SEVERITY: Record<Exclude<Severity, 'INFORMATIONAL'>, string> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '3.0',
};

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** The level of a FAILED result of this severity. */
export const levelOf = (severity: Severity): SarifLevel =>
  severity === 'CRITICAL' || severity === 'HIGH'
    ? 'error'
    : severity === 'MEDIUM'
      ? 'warning'
      : 'note';

/** The key of the finding ID in `partialFingerprints` (versioned, as SARIF recommends). */
export const FINGERPRINT_KEY = 'ecsEncryptionScannerFindingId/v1';

export interface SarifOptions {
  version: string;
}

/**
 * A rule's level and `security-severity` are those of its check's severity, the highest any of its
 * FAILED results has (GitHub ranks an alert by its rule's); each result has its own level and score.
 */
const rule = (metadata: CheckMetadata) => {
  const securitySeverity =
    metadata.severity === 'INFORMATIONAL' ? undefined : SECURITY_SEVERITY[metadata.severity];
  return {
    id: metadata.id,
    name: metadata.id
      .split('_')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(''),
    shortDescription: { text: metadata.title },
    fullDescription: { text: metadata.description },
    help: {
      text: `${metadata.risk}\n\nHow to fix: ${metadata.remediation.text}\n${metadata.remediation.url}`,
      markdown: `${metadata.risk}\n\n**How to fix:** ${metadata.remediation.text} [AWS documentation](${metadata.remediation.url})`,
    },
    helpUri: metadata.remediation.url,
    defaultConfiguration: { level: levelOf(metadata.severity) },
    properties: {
      ...(securitySeverity ? { 'security-severity': securitySeverity } : {}),
      severity: metadata.severity,
      tags: ['security', 'encryption', 'aws', metadata.service],
      resourceKind: metadata.resourceKind,
      relatedRequirements: metadata.relatedRequirements,
      guidance: metadata.guidance,
    },
  };
};

/**
 * FAILED: a violation at the level of its severity (CRITICAL and HIGH `error`, MEDIUM `warning`,
 * LOW `note`). WARNING: `note`, a violation of nothing but worth a look (as in the JUnit report
 * and `--fail-on`, which never count it). NOT_AVAILABLE: kind `open`, level `none`: the scanner
 * could not tell. PASSED results are counted in the run's properties, not listed.
 */
const result = (scan: ScanResult, r: CheckResult, ruleIndex: number): Record<string, unknown> => {
  const id = findingId(r.resource.region, scan.accountId, r.checkId, r.resource.arn);
  const classification =
    r.status === 'FAILED'
      ? { kind: 'fail', level: levelOf(r.severity) }
      : r.status === 'WARNING'
        ? { kind: 'fail', level: 'note' }
        : { kind: 'open', level: 'none' };
  return {
    ruleId: r.checkId,
    ruleIndex,
    ...classification,
    message: { text: r.reason },
    locations: [
      {
        logicalLocations: [
          { name: r.resource.name, fullyQualifiedName: r.resource.arn, kind: r.resource.kind },
        ],
      },
    ],
    ...(r.relatedResources?.length
      ? {
          relatedLocations: r.relatedResources.map((related, index) => ({
            id: index,
            logicalLocations: [
              { name: related.name, fullyQualifiedName: related.arn, kind: related.kind },
            ],
          })),
        }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: id },
    // An exemption is a suppression decided outside the scanned "code" (a tag or the exemptions file).
    ...(r.exemption?.state === 'applied'
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${describeExemption(r.exemption)}.`,
            },
          ],
        }
      : {}),
    properties: {
      status: r.status,
      severity: r.severity,
      ...(r.status === 'FAILED' && r.severity !== 'INFORMATIONAL'
        ? { 'security-severity': SECURITY_SEVERITY[r.severity] }
        : {}),
      region: r.resource.region,
      accountId: scan.accountId,
      findingId: id,
      ...(r.exemption ? { exemption: r.exemption } : {}),
    },
  };
};

export const buildSarif = (scan: ScanResult, checks: readonly Check[], options: SarifOptions) => {
  const ruleIndex = new Map(checks.map((c, index) => [c.metadata.id, index]));
  const listed = scan.results
    .filter((r) => r.status !== 'PASSED' && ruleIndex.has(r.checkId))
    .sort(
      (a, b) =>
        (ruleIndex.get(a.checkId) ?? 0) - (ruleIndex.get(b.checkId) ?? 0) || byImportance(a, b),
    );
  const passed = scan.results.filter((r) => r.status === 'PASSED').length;
  const complete = scan.collectionFailures.length === 0 && scan.notCollected.length === 0;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ecs-encryption-scanner',
            version: options.version,
            semanticVersion: options.version,
            informationUri:
              'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-encryption.html',
            rules: checks.map((c) => rule(c.metadata)),
          },
        },
        // The category groups the runs of one account in code-scanning dashboards.
        automationDetails: { id: `ecs-encryption-scanner/${scan.accountId}/${scan.evaluatedAt}` },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: scan.evaluatedAt,
            toolExecutionNotifications: [
              ...scan.collectionFailures.map((f) => ({
                level: 'warning',
                descriptor: { id: 'collection-failure' },
                message: {
                  text: `${f.service} ${f.operation} failed ${f.count} time(s) in ${f.region} after retries (${f.errorCode}): what it would have collected is NOT_AVAILABLE.`,
                },
                properties: { ...f },
              })),
              ...scan.notCollected.map((gap) => ({
                level: 'note',
                descriptor: { id: 'not-collected' },
                message: {
                  text: `${gap.section} was not collected in ${gap.region}: checks that read it report NOT_AVAILABLE or cannot see the resources.`,
                },
                properties: { ...gap },
              })),
            ],
            // Malformed exemption tags: configuration the scanner was given but could not use.
            toolConfigurationNotifications: (scan.exemptionProblems ?? []).map((problem) => ({
              level: 'warning',
              descriptor: { id: 'exemption-not-applied' },
              message: { text: `${describeProblem(problem)}` },
              properties: { ...problem },
            })),
          },
        ],
        properties: {
          accountId: scan.accountId,
          partition: scan.partition,
          regions: scan.regions,
          complete,
          passedResults: passed,
        },
        results: listed.map((r) => result(scan, r, ruleIndex.get(r.checkId) ?? 0)),
      },
    ],
  };
};

export const renderSarif = (
  scan: ScanResult,
  checks: readonly Check[],
  options: SarifOptions,
): string => `${JSON.stringify(buildSarif(scan, checks, options), null, 2)}\n`;
