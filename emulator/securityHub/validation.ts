// ASFF validation as BatchImportFindings applies it: each problem is reported the way Security
// Hub reports it in `FailedFindings` ("Finding does not adhere to Amazon Finding Format. data.X
// should ..."). Sources: AWS Security Hub API Reference (AwsSecurityFinding, Severity, Note,
// Recommendation, Timestamps), User Guide "Required top-level ASFF attributes", "Severity",
// "FindingProviderFields", "Resources" (`Details.Other`), "BatchImportFindings for finding providers".
import type {
  AwsSecurityFinding,
  BatchUpdateFindingsRequest,
  Resource,
} from '@aws-sdk/client-securityhub';

export const LIMITS = {
  findingsPerImport: 100,
  /** Request payload of BatchImportFindings. */
  importBytes: 6 * 1024 * 1024,
  /** One finding, serialized. */
  findingBytes: 240 * 1024,
  findingIdentifiersPerUpdate: 100,
  id: 512,
  generatorId: 512,
  productArnMin: 12,
  productArnMax: 2048,
  title: 256,
  description: 1024,
  remediationText: 512,
  noteText: 512,
  types: 50,
  resources: 32,
  resourceType: 256,
  resourceRegion: 16,
  relatedRequirements: 32,
  relatedFindings: 10,
  malware: 5,
  threatIntelIndicators: 5,
  threats: 32,
  severityOriginal: 64,
  productFieldsPairs: 50,
  productFieldKey: 128,
  productFieldValue: 2048,
  userDefinedFieldsPairs: 50,
  userDefinedFieldKey: 128,
  userDefinedFieldValue: 1024,
  otherPairs: 50,
  /** `Details.Other`: keys fewer than 128 characters, values fewer than 1,024. */
  otherKeyBelow: 128,
  otherValueBelow: 1024,
  getFindingsMaxResults: 100,
  filterAttributes: 10,
  filterValuesPerAttribute: 20,
} as const;

export const SCHEMA_VERSION = '2018-10-08';
export const SEVERITY_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const COMPLIANCE_STATUSES = ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'] as const;
export const RECORD_STATES = ['ACTIVE', 'ARCHIVED'] as const;
export const WORKFLOW_STATUSES = ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'] as const;
export const WORKFLOW_STATES = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'DEFERRED', 'RESOLVED'] as const;
export const VERIFICATION_STATES = [
  'UNKNOWN',
  'TRUE_POSITIVE',
  'FALSE_POSITIVE',
  'BENIGN_POSITIVE',
] as const;
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-us-iso', 'aws-us-iso-b', 'AzureCloud'];

/** `Types` namespaces (AwsSecurityFinding.Types; "Types taxonomy for ASFF"). */
export const TYPE_NAMESPACES = [
  'Software and Configuration Checks',
  'TTPs',
  'Effects',
  'Unusual Behaviors',
  'Sensitive Data Identifications',
] as const;

// --- timestamps -------------------------------------------------------------------------------

// The pattern Security Hub answers with for a malformed timestamp, narrowed by the API
// Reference "Timestamps": at most 9 fractional digits, an offset within +/-18:00.
const TIMESTAMP =
  /^(\d{4})-([01]\d)-([0-3]\d)[Tt]([0-2]\d):([0-5]\d):([0-5]\d|60)(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d\d)(?::?(\d\d))?)$/;

interface TimestampParts {
  /** Milliseconds since the epoch, whole seconds. */
  seconds: number;
  /** The fractional digits, padded to nanoseconds. */
  nanos: string;
}

const timestampParts = (value: unknown): TimestampParts | undefined => {
  if (typeof value !== 'string') return undefined;
  const m = TIMESTAMP.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23) return undefined;
  const midnight = new Date(Date.UTC(year, month - 1, day));
  if (midnight.getUTCDate() !== day || midnight.getUTCMonth() !== month - 1) return undefined;
  let offsetMinutes = 0;
  if (!m[8]) {
    const hours = Number(m[10]);
    const minutes = Number(m[11] ?? '0');
    if (minutes > 59 || hours * 60 + minutes > 18 * 60) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return {
    seconds: Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000,
    nanos: (m[7] ?? '').padEnd(9, '0'),
  };
};

export const isTimestamp = (value: unknown): boolean => timestampParts(value) !== undefined;

/** Nanoseconds since the epoch, or undefined when `value` is not a Security Hub timestamp. */
export const parseTimestamp = (value: unknown): bigint | undefined => {
  const parts = timestampParts(value);
  return parts && BigInt(parts.seconds) * 1_000_000n + BigInt(parts.nanos);
};

// --- finding validation -----------------------------------------------------------------------

type Problems = string[];

const isString = (value: unknown): value is string => typeof value === 'string';
const isInteger = (value: unknown): value is number => Number.isInteger(value);

const checkString = (
  problems: Problems,
  path: string,
  value: unknown,
  options: { required?: boolean; min?: number; max?: number },
): void => {
  if (value === undefined || value === null) {
    if (options.required) problems.push(requiredProperty(path));
    return;
  }
  if (!isString(value)) {
    problems.push(`data.${path} should be string`);
    return;
  }
  const min = options.min ?? (options.required ? 1 : 0);
  if (value.length < min)
    problems.push(`data.${path} should NOT be shorter than ${min} characters`);
  if (options.max !== undefined && value.length > options.max) {
    problems.push(`data.${path} should NOT be longer than ${options.max} characters`);
  }
};

const requiredProperty = (path: string): string => {
  const dot = path.lastIndexOf('.');
  const parent = dot < 0 ? 'data' : `data.${path.slice(0, dot)}`;
  return `${parent} should have required property '${path.slice(dot + 1)}'`;
};

const checkEnum = (
  problems: Problems,
  path: string,
  value: unknown,
  allowed: readonly string[],
): void => {
  if (value !== undefined && !allowed.includes(value as string)) {
    problems.push(`data.${path} should be equal to one of the allowed values`);
  }
};

const checkTimestamp = (problems: Problems, path: string, value: unknown, required = false) => {
  if (value === undefined) {
    if (required) problems.push(requiredProperty(path));
    return;
  }
  if (!isTimestamp(value)) {
    problems.push(`data.${path} should match format "date-time"`);
  }
};

const checkArray = (
  problems: Problems,
  path: string,
  value: unknown,
  options: { required?: boolean; min?: number; max: number },
): value is unknown[] => {
  if (value === undefined) {
    if (options.required) problems.push(requiredProperty(path));
    return false;
  }
  if (!Array.isArray(value)) {
    problems.push(`data.${path} should be array`);
    return false;
  }
  const min = options.min ?? 0;
  if (value.length < min) problems.push(`data.${path} should NOT have fewer than ${min} items`);
  if (value.length > options.max) {
    problems.push(`data.${path} should NOT have more than ${options.max} items`);
  }
  return true;
};

const checkPercent = (problems: Problems, path: string, value: unknown): void => {
  if (value === undefined) return;
  if (!isInteger(value)) problems.push(`data.${path} should be integer`);
  else if (value < 0 || value > 100) problems.push(`data.${path} should be >= 0 and <= 100`);
};

const checkMap = (
  problems: Problems,
  path: string,
  value: unknown,
  limits: { pairs: number; keyMax: number; valueMax: number },
): void => {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`data.${path} should be object`);
    return;
  }
  const entries = Object.entries(value);
  if (entries.length > limits.pairs) {
    problems.push(`data.${path} should NOT have more than ${limits.pairs} properties`);
  }
  for (const [key, item] of entries) {
    if (key.length > limits.keyMax) {
      problems.push(
        `data.${path} property name '${key.slice(0, 32)}…' is longer than ${limits.keyMax} characters`,
      );
    }
    if (!isString(item)) problems.push(`data.${path}['${key}'] should be string`);
    else if (item.length > limits.valueMax) {
      problems.push(
        `data.${path}['${key}'] should NOT be longer than ${limits.valueMax} characters`,
      );
    }
  }
};

const TYPE_PATTERN = new RegExp(`^(${TYPE_NAMESPACES.join('|')})(/[^/]+){0,2}$`);

/** Problems with a `Types` list (shared by BatchImportFindings and BatchUpdateFindings). */
export const typesProblems = (path: string, types: unknown): string[] => {
  const problems: Problems = [];
  if (!checkArray(problems, path, types, { min: 1, max: LIMITS.types })) return problems;
  types.forEach((type, index) => {
    if (!isString(type) || !TYPE_PATTERN.test(type)) {
      problems.push(`data.${path}[${index}] should match pattern "namespace/category/classifier"`);
    }
  });
  return problems;
};

const checkSeverity = (problems: Problems, finding: AwsSecurityFinding): void => {
  const top = finding.Severity;
  const provider = finding.FindingProviderFields?.Severity;
  const topUsable = top !== undefined && (top.Label !== undefined || top.Normalized !== undefined);
  const providerUsable = provider?.Label !== undefined;
  if (!topUsable && !providerUsable) {
    problems.push(
      top === undefined && provider === undefined
        ? "data should have required property 'Severity'"
        : 'data.Severity should have required property Label or Normalized',
    );
  }
  checkEnum(problems, 'Severity.Label', top?.Label, SEVERITY_LABELS);
  checkPercent(problems, 'Severity.Normalized', top?.Normalized);
  checkString(problems, 'Severity.Original', top?.Original, { max: LIMITS.severityOriginal });
  checkEnum(problems, 'FindingProviderFields.Severity.Label', provider?.Label, SEVERITY_LABELS);
  checkString(problems, 'FindingProviderFields.Severity.Original', provider?.Original, {
    max: LIMITS.severityOriginal,
  });
};

const checkTypes = (problems: Problems, finding: AwsSecurityFinding): void => {
  const top = finding.Types;
  const provider = finding.FindingProviderFields?.Types;
  if (
    (top === undefined || top.length === 0) &&
    (provider === undefined || provider.length === 0)
  ) {
    problems.push("data should have required property 'Types'");
  }
  if (top !== undefined) problems.push(...typesProblems('Types', top));
  if (provider !== undefined)
    problems.push(...typesProblems('FindingProviderFields.Types', provider));
};

const checkRelatedFindings = (problems: Problems, path: string, value: unknown): void => {
  if (!checkArray(problems, path, value, { min: 1, max: LIMITS.relatedFindings })) return;
  value.forEach((related, index) => {
    const item = related as { ProductArn?: unknown; Id?: unknown };
    checkString(problems, `${path}[${index}].ProductArn`, item.ProductArn, { required: true });
    checkString(problems, `${path}[${index}].Id`, item.Id, { required: true });
  });
};

const checkResources = (problems: Problems, resources: unknown): void => {
  if (
    !checkArray(problems, 'Resources', resources, { required: true, min: 1, max: LIMITS.resources })
  ) {
    return;
  }
  (resources as Resource[]).forEach((resource, index) => {
    const path = `Resources[${index}]`;
    checkString(problems, `${path}.Type`, resource.Type, {
      required: true,
      max: LIMITS.resourceType,
    });
    checkString(problems, `${path}.Id`, resource.Id, { required: true });
    checkEnum(problems, `${path}.Partition`, resource.Partition, PARTITIONS);
    checkString(problems, `${path}.Region`, resource.Region, { max: LIMITS.resourceRegion });
    checkMap(problems, `${path}.Details.Other`, resource.Details?.Other, {
      pairs: LIMITS.otherPairs,
      keyMax: LIMITS.otherKeyBelow - 1,
      valueMax: LIMITS.otherValueBelow - 1,
    });
  });
};

/**
 * Why BatchImportFindings would put `finding` in `FailedFindings` (ErrorCode `InvalidInput`);
 * empty when the finding adheres to the ASFF. The caller checks ProductArn ownership and the
 * account separately (those fail the whole request).
 */
export const findingProblems = (finding: AwsSecurityFinding): string[] => {
  const problems: Problems = [];
  if (typeof finding !== 'object' || finding === null || Array.isArray(finding)) {
    return ['data should be object'];
  }
  if (finding.SchemaVersion === undefined) problems.push(requiredProperty('SchemaVersion'));
  else checkEnum(problems, 'SchemaVersion', finding.SchemaVersion, [SCHEMA_VERSION]);
  checkString(problems, 'Id', finding.Id, { required: true, max: LIMITS.id });
  checkString(problems, 'ProductArn', finding.ProductArn, {
    required: true,
    min: LIMITS.productArnMin,
    max: LIMITS.productArnMax,
  });
  checkString(problems, 'GeneratorId', finding.GeneratorId, {
    required: true,
    max: LIMITS.generatorId,
  });
  if (finding.AwsAccountId === undefined) problems.push(requiredProperty('AwsAccountId'));
  else if (!isString(finding.AwsAccountId) || !/^\d{12}$/.test(finding.AwsAccountId)) {
    problems.push('data.AwsAccountId should match pattern "^[0-9]{12}$"');
  }
  checkString(problems, 'Title', finding.Title, { required: true, max: LIMITS.title });
  checkString(problems, 'Description', finding.Description, {
    required: true,
    max: LIMITS.description,
  });
  checkTimestamp(problems, 'CreatedAt', finding.CreatedAt, true);
  checkTimestamp(problems, 'UpdatedAt', finding.UpdatedAt, true);
  checkTimestamp(problems, 'FirstObservedAt', finding.FirstObservedAt);
  checkTimestamp(problems, 'LastObservedAt', finding.LastObservedAt);
  checkSeverity(problems, finding);
  checkTypes(problems, finding);
  checkResources(problems, finding.Resources);
  checkPercent(problems, 'Confidence', finding.Confidence);
  checkPercent(problems, 'Criticality', finding.Criticality);
  checkPercent(
    problems,
    'FindingProviderFields.Confidence',
    finding.FindingProviderFields?.Confidence,
  );
  checkPercent(
    problems,
    'FindingProviderFields.Criticality',
    finding.FindingProviderFields?.Criticality,
  );
  if (finding.RelatedFindings !== undefined) {
    checkRelatedFindings(problems, 'RelatedFindings', finding.RelatedFindings);
  }
  if (finding.FindingProviderFields?.RelatedFindings !== undefined) {
    checkRelatedFindings(
      problems,
      'FindingProviderFields.RelatedFindings',
      finding.FindingProviderFields.RelatedFindings,
    );
  }
  checkString(
    problems,
    'Remediation.Recommendation.Text',
    finding.Remediation?.Recommendation?.Text,
    {
      min: 1,
      max: LIMITS.remediationText,
    },
  );
  checkMap(problems, 'ProductFields', finding.ProductFields, {
    pairs: LIMITS.productFieldsPairs,
    keyMax: LIMITS.productFieldKey,
    valueMax: LIMITS.productFieldValue,
  });
  checkMap(problems, 'UserDefinedFields', finding.UserDefinedFields, {
    pairs: LIMITS.userDefinedFieldsPairs,
    keyMax: LIMITS.userDefinedFieldKey,
    valueMax: LIMITS.userDefinedFieldValue,
  });
  checkEnum(problems, 'Compliance.Status', finding.Compliance?.Status, COMPLIANCE_STATUSES);
  if (finding.Compliance?.RelatedRequirements !== undefined) {
    checkArray(problems, 'Compliance.RelatedRequirements', finding.Compliance.RelatedRequirements, {
      max: LIMITS.relatedRequirements,
    });
  }
  checkEnum(problems, 'RecordState', finding.RecordState, RECORD_STATES);
  checkEnum(problems, 'Workflow.Status', finding.Workflow?.Status, WORKFLOW_STATUSES);
  checkEnum(problems, 'WorkflowState', finding.WorkflowState, WORKFLOW_STATES);
  checkEnum(problems, 'VerificationState', finding.VerificationState, VERIFICATION_STATES);
  if (finding.Note !== undefined) {
    checkString(problems, 'Note.Text', finding.Note.Text, { required: true, max: LIMITS.noteText });
    checkString(problems, 'Note.UpdatedBy', finding.Note.UpdatedBy, { required: true });
    checkTimestamp(problems, 'Note.UpdatedAt', finding.Note.UpdatedAt, true);
  }
  if (finding.Malware !== undefined) {
    checkArray(problems, 'Malware', finding.Malware, { max: LIMITS.malware });
  }
  if (finding.ThreatIntelIndicators !== undefined) {
    checkArray(problems, 'ThreatIntelIndicators', finding.ThreatIntelIndicators, {
      min: 1,
      max: LIMITS.threatIntelIndicators,
    });
  }
  if (finding.Threats !== undefined) {
    checkArray(problems, 'Threats', finding.Threats, { min: 1, max: LIMITS.threats });
  }
  return problems;
};

/** The `ErrorMessage` Security Hub gives a finding that does not adhere to the ASFF. */
export const formatProblems = (problems: readonly string[]): string =>
  `Finding does not adhere to Amazon Finding Format. ${problems.join(', ')}.`;

// --- BatchUpdateFindings ----------------------------------------------------------------------

/** Why BatchUpdateFindings would answer InvalidInputException; empty when the request is valid. */
export const updateRequestProblems = (request: BatchUpdateFindingsRequest): string[] => {
  const problems: Problems = [];
  const identifiers = request.FindingIdentifiers;
  if (
    checkArray(problems, 'FindingIdentifiers', identifiers, {
      required: true,
      min: 1,
      max: LIMITS.findingIdentifiersPerUpdate,
    })
  ) {
    identifiers?.forEach((identifier, index) => {
      checkString(problems, `FindingIdentifiers[${index}].Id`, identifier?.Id, { required: true });
      checkString(problems, `FindingIdentifiers[${index}].ProductArn`, identifier?.ProductArn, {
        required: true,
      });
    });
  }
  if (request.Note !== undefined) {
    checkString(problems, 'Note.Text', request.Note.Text, { required: true, max: LIMITS.noteText });
    checkString(problems, 'Note.UpdatedBy', request.Note.UpdatedBy, { required: true });
  }
  if (request.Severity !== undefined) {
    checkEnum(problems, 'Severity.Label', request.Severity.Label, SEVERITY_LABELS);
    checkPercent(problems, 'Severity.Normalized', request.Severity.Normalized);
  }
  checkEnum(problems, 'VerificationState', request.VerificationState, VERIFICATION_STATES);
  checkPercent(problems, 'Confidence', request.Confidence);
  checkPercent(problems, 'Criticality', request.Criticality);
  if (request.Types !== undefined) problems.push(...typesProblems('Types', request.Types));
  checkMap(problems, 'UserDefinedFields', request.UserDefinedFields, {
    pairs: LIMITS.userDefinedFieldsPairs,
    keyMax: LIMITS.userDefinedFieldKey,
    valueMax: LIMITS.userDefinedFieldValue,
  });
  if (request.Workflow !== undefined) {
    checkEnum(problems, 'Workflow.Status', request.Workflow.Status, WORKFLOW_STATUSES);
  }
  if (request.RelatedFindings !== undefined) {
    checkRelatedFindings(problems, 'RelatedFindings', request.RelatedFindings);
  }
  return problems;
};
