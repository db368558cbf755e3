// ASFF field limits (AWS Security Hub user guide, "ASFF required and optional attributes"; the
// `Other` object: "fewer than 128 / 1,024 characters").
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';

export const ASFF_LIMITS = {
  id: 512,
  generatorId: 512,
  title: 256,
  description: 1024,
  remediationText: 512,
  remediationUrl: 512,
  types: 50,
  resources: 32,
  relatedRequirements: 32,
  productFieldsPairs: 50,
  productFieldKey: 128,
  productFieldValue: 2048,
  otherPairs: 50,
  otherKey: 127,
  otherValue: 1023,
  /** Security Hub rejects a finding over 240 KB. */
  findingBytes: 240 * 1024,
} as const;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const COMPLIANCE = new Set(['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE']);
const SEVERITY = new Set(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);

/** Problems that would make BatchImportFindings reject `finding`; empty when it is valid. */
export const asffViolations = (finding: AwsSecurityFinding): string[] => {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  const within = (value: string | undefined, max: number, field: string) =>
    need(
      value !== undefined && value.length > 0 && value.length <= max,
      `${field} missing or over ${max} characters`,
    );

  need(finding.SchemaVersion === '2018-10-08', 'SchemaVersion must be 2018-10-08');
  within(finding.Id, ASFF_LIMITS.id, 'Id');
  within(finding.GeneratorId, ASFF_LIMITS.generatorId, 'GeneratorId');
  within(finding.Title, ASFF_LIMITS.title, 'Title');
  within(finding.Description, ASFF_LIMITS.description, 'Description');
  need(
    /^arn:[\w-]+:securityhub:[\w-]+:\d{12}:product\/[\w-]+\/[\w-]+$/.test(finding.ProductArn ?? ''),
    'ProductArn malformed',
  );
  need(/^\d{12}$/.test(finding.AwsAccountId ?? ''), 'AwsAccountId must be 12 digits');
  for (const field of ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt'] as const) {
    const value = finding[field];
    need(value === undefined || ISO_8601.test(value), `${field} must be ISO 8601 UTC`);
  }
  need(!!finding.CreatedAt && !!finding.UpdatedAt, 'CreatedAt and UpdatedAt are required');
  need(SEVERITY.has(finding.Severity?.Label ?? ''), 'Severity.Label invalid');
  need(
    SEVERITY.has(finding.FindingProviderFields?.Severity?.Label ?? ''),
    'FindingProviderFields.Severity.Label invalid',
  );
  need(COMPLIANCE.has(finding.Compliance?.Status ?? ''), 'Compliance.Status invalid');
  need(
    (finding.Compliance?.RelatedRequirements?.length ?? 0) <= ASFF_LIMITS.relatedRequirements,
    'too many RelatedRequirements',
  );
  const types = finding.FindingProviderFields?.Types ?? finding.Types ?? [];
  need(types.length > 0 && types.length <= ASFF_LIMITS.types, 'Types missing or too many');
  for (const type of types)
    need(type.split('/').length <= 3 && type.length <= 128, `Type "${type}" malformed`);
  within(
    finding.Remediation?.Recommendation?.Text,
    ASFF_LIMITS.remediationText,
    'Remediation.Recommendation.Text',
  );
  within(
    finding.Remediation?.Recommendation?.Url,
    ASFF_LIMITS.remediationUrl,
    'Remediation.Recommendation.Url',
  );
  const productFields = Object.entries(finding.ProductFields ?? {});
  need(productFields.length <= ASFF_LIMITS.productFieldsPairs, 'too many ProductFields');
  for (const [key, value] of productFields) {
    need(
      key.length <= ASFF_LIMITS.productFieldKey && value.length <= ASFF_LIMITS.productFieldValue,
      `ProductFields.${key} too long`,
    );
  }
  const resources = finding.Resources ?? [];
  need(
    resources.length > 0 && resources.length <= ASFF_LIMITS.resources,
    'Resources missing or too many',
  );
  for (const [index, resource] of resources.entries()) {
    need(!!resource.Id && !!resource.Type, `Resources[${index}] needs Id and Type`);
    const other = Object.entries(resource.Details?.Other ?? {});
    need(
      other.length <= ASFF_LIMITS.otherPairs,
      `Resources[${index}].Details.Other has too many pairs`,
    );
    for (const [key, value] of other) {
      need(
        key.length <= ASFF_LIMITS.otherKey && value.length <= ASFF_LIMITS.otherValue,
        `Resources[${index}].Details.Other.${key} too long`,
      );
    }
  }
  need(
    Buffer.byteLength(JSON.stringify(finding)) <= ASFF_LIMITS.findingBytes,
    'finding over 240 KB',
  );
  return problems;
};
