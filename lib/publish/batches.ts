// BatchImportFindings takes at most 100 findings and 6 MB a call, each finding under 240 KB.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { truncate } from '../findings/asff.ts';
import { ASFF_LIMITS } from '../findings/limits.ts';
import { SECURITY_HUB_LIMITS } from './limits.ts';

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

const fitOther = (other: Record<string, string> | undefined) =>
  other &&
  Object.fromEntries(
    Object.entries(other)
      .slice(0, ASFF_LIMITS.otherPairs)
      .map(([k, v]) => [truncate(k, ASFF_LIMITS.otherKey), truncate(v, ASFF_LIMITS.otherValue)]),
  );

/** Cuts the free-text fields to Security Hub's limits (findings read back or built elsewhere may exceed them). */
export const fitFinding = (finding: AwsSecurityFinding): AwsSecurityFinding => {
  const fitted: AwsSecurityFinding = {
    ...finding,
    Title: finding.Title === undefined ? undefined : truncate(finding.Title, ASFF_LIMITS.title),
    Description:
      finding.Description === undefined
        ? undefined
        : truncate(finding.Description, ASFF_LIMITS.description),
    Remediation: finding.Remediation?.Recommendation
      ? {
          ...finding.Remediation,
          Recommendation: {
            ...finding.Remediation.Recommendation,
            Text:
              finding.Remediation.Recommendation.Text === undefined
                ? undefined
                : truncate(finding.Remediation.Recommendation.Text, ASFF_LIMITS.remediationText),
          },
        }
      : finding.Remediation,
    Resources: finding.Resources?.slice(0, ASFF_LIMITS.resources).map((resource) =>
      resource.Details?.Other
        ? { ...resource, Details: { ...resource.Details, Other: fitOther(resource.Details.Other) } }
        : resource,
    ),
  };
  // Still too large (huge resource details): keep the judged resource only.
  if (bytes(fitted) > ASFF_LIMITS.findingBytes && fitted.Resources) {
    return {
      ...fitted,
      Resources: fitted.Resources.slice(0, 1).map(({ Details: _dropped, ...r }) => r),
    };
  }
  return fitted;
};

/** Splits findings into import calls of at most 100 findings and 6 MB. */
export const importBatches = (findings: readonly AwsSecurityFinding[]): AwsSecurityFinding[][] => {
  const batches: AwsSecurityFinding[][] = [];
  let current: AwsSecurityFinding[] = [];
  let size = 2; // the array's brackets
  const limit = SECURITY_HUB_LIMITS.bytesPerImport - 1024; // room for the request envelope
  for (const finding of findings) {
    const findingBytes = bytes(finding) + 1;
    if (
      current.length === SECURITY_HUB_LIMITS.findingsPerImport ||
      (current.length > 0 && size + findingBytes > limit)
    ) {
      batches.push(current);
      current = [];
      size = 2;
    }
    current.push(finding);
    size += findingBytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
};
