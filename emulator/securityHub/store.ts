// In-memory AWS Security Hub (CSPM) finding store behind the emulator's BatchImportFindings,
// GetFindings and BatchUpdateFindings. Pure and synchronous: the HTTP layer parses requests,
// calls these methods and maps a thrown SecurityHubError to the restJson1 error response.
//
// Behaviour follows the AWS documentation (User Guide: "BatchImportFindings for finding
// providers", "BatchUpdateFindings for customers", "Required top-level ASFF attributes",
// "Severity", "FindingProviderFields"; API Reference: BatchImportFindings, GetFindings,
// BatchUpdateFindings, Workflow, AwsSecurityFinding). Where AWS documents nothing, the choice is
// marked "undocumented" below.
import { createHash } from 'node:crypto';
import type {
  AwsSecurityFinding,
  AwsSecurityFindingFilters,
  AwsSecurityFindingIdentifier,
  BatchUpdateFindingsRequest,
  BatchUpdateFindingsUnprocessedFinding,
  FindingProviderFields,
  ImportFindingsError,
  Severity,
  SortCriterion,
} from '@aws-sdk/client-securityhub';
import { accessDenied, invalidInput } from './errors.ts';
import { type CompiledSort, compileFilters, compileSort, type SortValue } from './filters.ts';
import {
  findingProblems,
  formatProblems,
  LIMITS,
  parseTimestamp,
  updateRequestProblems,
} from './validation.ts';

export interface SecurityHubStoreOptions {
  /** Clock for ProcessedAt, Note.UpdatedAt and DateRange filters; defaults to the system clock. */
  now?: () => Date;
}

export interface ImportFindingsResult {
  SuccessCount: number;
  FailedCount: number;
  FailedFindings: ImportFindingsError[];
}

export interface GetFindingsRequestInput {
  Filters?: AwsSecurityFindingFilters;
  MaxResults?: number;
  NextToken?: string;
  SortCriteria?: SortCriterion[];
}

export interface GetFindingsResult {
  Findings: AwsSecurityFinding[];
  NextToken?: string;
}

export interface UpdateFindingsResult {
  ProcessedFindings: AwsSecurityFindingIdentifier[];
  UnprocessedFindings: BatchUpdateFindingsUnprocessedFinding[];
}

/** Attributes a provider sets through FindingProviderFields and a customer through BatchUpdateFindings. */
type ProviderAttribute = 'Confidence' | 'Criticality' | 'RelatedFindings' | 'Severity' | 'Types';
const PROVIDER_ATTRIBUTES: readonly ProviderAttribute[] = [
  'Confidence',
  'Criticality',
  'RelatedFindings',
  'Severity',
  'Types',
];

interface StoredFinding {
  /** Insertion order: the last tie-breaker of every sort, so pages are stable. */
  readonly seq: number;
  readonly finding: AwsSecurityFinding;
  /** `finding` serialized once per change: every read returns a fresh copy parsed from it. */
  readonly json: string;
  readonly updatedAt: bigint;
  /** Top-level attributes a customer changed with BatchUpdateFindings; imports no longer touch them. */
  readonly customerSet: ReadonlySet<ProviderAttribute>;
}

interface Cursor {
  signature: string;
  keys: SortValue[];
  seq: number;
}

interface QueryCache {
  signature: string;
  version: number;
  rows: { keys: SortValue[]; stored: StoredFinding }[];
}

// "How Security Hub maps Label and Normalized values" (User Guide, Severity).
const NORMALIZED_OF_LABEL = {
  INFORMATIONAL: 0,
  LOW: 1,
  MEDIUM: 40,
  HIGH: 70,
  CRITICAL: 90,
} as const;
const labelOfNormalized = (n: number): NonNullable<Severity['Label']> =>
  n === 0 ? 'INFORMATIONAL' : n < 40 ? 'LOW' : n < 70 ? 'MEDIUM' : n < 90 ? 'HIGH' : 'CRITICAL';

/** Fills in Label from Normalized or Normalized from Label, as Security Hub does on import. */
const completeSeverity = (severity: Severity): Severity => {
  if (severity.Label !== undefined && severity.Normalized === undefined) {
    return { ...severity, Normalized: NORMALIZED_OF_LABEL[severity.Label] };
  }
  if (severity.Label === undefined && severity.Normalized !== undefined) {
    return { ...severity, Label: labelOfNormalized(severity.Normalized) };
  }
  return severity;
};

const topSeverityFromProvider = (
  provider: NonNullable<FindingProviderFields['Severity']>,
): Severity =>
  completeSeverity({
    Label: provider.Label,
    ...(provider.Original === undefined ? {} : { Original: provider.Original }),
  });

const providerSeverityFromTop = (top: Severity): NonNullable<FindingProviderFields['Severity']> => {
  const complete = completeSeverity(top);
  return {
    ...(complete.Label === undefined ? {} : { Label: complete.Label }),
    ...(complete.Original === undefined ? {} : { Original: complete.Original }),
  };
};

/** The top-level value replicated from a FindingProviderFields value, and the reverse. */
const fromProvider = (attribute: ProviderAttribute, value: unknown): unknown =>
  attribute === 'Severity'
    ? topSeverityFromProvider(value as NonNullable<FindingProviderFields['Severity']>)
    : structuredClone(value);
const toProvider = (attribute: ProviderAttribute, value: unknown): unknown =>
  attribute === 'Severity' ? providerSeverityFromTop(value as Severity) : structuredClone(value);
const topValue = (attribute: ProviderAttribute, value: unknown): unknown =>
  attribute === 'Severity' ? completeSeverity(value as Severity) : structuredClone(value);

const isPresent = (attribute: ProviderAttribute, value: unknown): boolean => {
  if (value === undefined || value === null) return false;
  if (attribute === 'Severity') {
    const severity = value as Severity;
    return severity.Label !== undefined || severity.Normalized !== undefined;
  }
  return !Array.isArray(value) || value.length > 0;
};

const setOrDelete = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (value === undefined) delete target[key];
  else target[key] = value;
};

const PRODUCT_ARN = /^arn:([^:]+):securityhub:([^:]*):([^:]*):product\/([^/]+)\/([^/]+)$/;

const partitionOf = (region: string): string =>
  region.startsWith('cn-')
    ? 'aws-cn'
    : region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : region.startsWith('us-isob-')
        ? 'aws-iso-b'
        : region.startsWith('us-iso-')
          ? 'aws-iso'
          : 'aws';

const keyOf = (productArn: string, id: string): string => `${productArn}\n${id}`;

const encodeValue = (value: SortValue): unknown =>
  typeof value === 'bigint' ? { t: value.toString() } : value;

const decodeValue = (value: unknown): SortValue => {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'object' && typeof (value as { t?: unknown }).t === 'string') {
    return BigInt((value as { t: string }).t);
  }
  throw new Error('bad sort value');
};

export class SecurityHubStore {
  readonly #findings = new Map<string, StoredFinding>();
  readonly #now: () => Date;
  #seq = 0;
  #version = 0;
  #cache: QueryCache | undefined;

  constructor(options: SecurityHubStoreOptions = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  // --- BatchImportFindings ----------------------------------------------------------------------

  importFindings(
    callerAccountId: string,
    region: string,
    findings: AwsSecurityFinding[],
  ): ImportFindingsResult {
    if (!Array.isArray(findings)) throw invalidInput('Findings is required');
    if (findings.length > LIMITS.findingsPerImport) {
      throw invalidInput(
        `Findings has ${findings.length} items; BatchImportFindings accepts at most ${LIMITS.findingsPerImport} findings per request`,
      );
    }
    // Each finding is serialized once: for its size, the request size and the stored copy.
    const texts = findings.map((finding) => JSON.stringify(finding) ?? 'null');
    const requestBytes =
      '{"Findings":[]}'.length +
      Math.max(texts.length - 1, 0) +
      texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
    if (requestBytes > LIMITS.importBytes) {
      throw invalidInput('The BatchImportFindings request payload exceeds 6 MB');
    }
    // BatchImportFindings "must be called by" the account in each finding's AwsAccountId (API
    // Reference), with a product ARN of the Region it calls. AWS answers anything else with an
    // AccessDeniedException for the whole call, not with FailedFindings (confirmed by AWS Support
    // in prowler-cloud/prowler#867; Region mismatch: prowler-cloud/prowler#618).
    for (const finding of findings) this.#authorize(callerAccountId, region, finding);

    const failed: ImportFindingsError[] = [];
    findings.forEach((finding, index) => {
      const error = this.#importOne(callerAccountId, region, finding, texts[index] as string);
      if (error) failed.push(error);
    });
    return {
      SuccessCount: findings.length - failed.length,
      FailedCount: failed.length,
      FailedFindings: failed,
    };
  }

  #authorize(callerAccountId: string, region: string, finding: AwsSecurityFinding): void {
    const arn =
      typeof finding?.ProductArn === 'string' ? PRODUCT_ARN.exec(finding.ProductArn) : null;
    if (arn) {
      const [, partition, arnRegion, arnAccount, company] = arn as unknown as string[];
      const privateProduct = /^\d{12}$/.test(company ?? '');
      if (
        partition !== partitionOf(region) ||
        arnRegion !== region ||
        (privateProduct && (company !== callerAccountId || arnAccount !== callerAccountId))
      ) {
        throw accessDenied(callerAccountId, 'BatchImportFindings', finding.ProductArn as string);
      }
    }
    const account = finding?.AwsAccountId;
    if (typeof account === 'string' && /^\d{12}$/.test(account) && account !== callerAccountId) {
      throw accessDenied(
        callerAccountId,
        'BatchImportFindings',
        typeof finding.ProductArn === 'string' ? finding.ProductArn : '*',
      );
    }
  }

  #importOne(
    callerAccountId: string,
    region: string,
    finding: AwsSecurityFinding,
    text: string,
  ): ImportFindingsError | undefined {
    const id = typeof finding?.Id === 'string' ? finding.Id : '';
    const fail = (ErrorCode: string, ErrorMessage: string): ImportFindingsError => ({
      Id: id,
      ErrorCode,
      ErrorMessage,
    });
    if (Buffer.byteLength(text, 'utf8') > LIMITS.findingBytes) {
      return fail('InvalidInput', 'Finding size exceeded 240 KB');
    }
    const problems = findingProblems(finding);
    if (problems.length > 0) return fail('InvalidInput', formatProblems(problems));
    const arn = PRODUCT_ARN.exec(finding.ProductArn as string);
    if (!arn) {
      return fail(
        'InvalidInput',
        formatProblems([
          'data.ProductArn should match pattern "arn:partition:securityhub:region:account-id:product/company-id/product-id"',
        ]),
      );
    }
    // Only the account's own custom integration (`product/<account>/default`) is enabled here; a
    // partner product is an integration the account has not enabled.
    if (arn[4] !== callerAccountId || arn[5] !== 'default') {
      return fail(
        'InvalidAccess',
        `Account ${callerAccountId} has not enabled the integration for product ${finding.ProductArn}`,
      );
    }
    const key = keyOf(finding.ProductArn as string, finding.Id as string);
    const existing = this.#findings.get(key);
    const updatedAt = parseTimestamp(finding.UpdatedAt) as bigint;
    if (!existing) {
      this.#put(key, {
        seq: ++this.#seq,
        finding: this.#created(region, JSON.parse(text)),
        updatedAt,
        customerSet: new Set(),
      });
      return undefined;
    }
    // "If UpdatedAt on the update matches or occurs before UpdatedAt on the existing finding,
    // then the update is ignored." It is not reported as failed (undocumented: AWS counts it in
    // SuccessCount, as far as the documentation lets one tell).
    if (updatedAt <= existing.updatedAt) return undefined;
    this.#put(key, {
      ...existing,
      finding: this.#updated(region, existing, JSON.parse(text)),
      updatedAt,
    });
    return undefined;
  }

  #put(key: string, stored: Omit<StoredFinding, 'json'>): void {
    this.#findings.set(key, { ...stored, json: JSON.stringify(stored.finding) });
    this.#version++;
  }

  #serviceFields(region: string, finding: AwsSecurityFinding, previous?: AwsSecurityFinding): void {
    finding.Region = region;
    // Security Hub names the product of a custom integration itself unless the provider did.
    finding.ProductName ??= previous?.ProductName ?? 'Default';
    finding.CompanyName ??= previous?.CompanyName ?? 'Personal';
    finding.ProductFields = {
      ...finding.ProductFields,
      'aws/securityhub/FindingId': `${finding.ProductArn}/${finding.Id}`,
      'aws/securityhub/ProductName': finding.ProductName,
      'aws/securityhub/CompanyName': finding.CompanyName,
    };
    finding.ProcessedAt = this.#now().toISOString();
  }

  /** `finding` is the caller's own copy, completed in place. */
  #created(region: string, finding: AwsSecurityFinding): AwsSecurityFinding {
    const provider: FindingProviderFields = { ...finding.FindingProviderFields };
    const top = finding as unknown as Record<string, unknown>;
    const fields = provider as Record<string, unknown>;
    for (const attribute of PROVIDER_ATTRIBUTES) {
      const fromFields = fields[attribute];
      const fromTop = top[attribute];
      // New finding: FindingProviderFields wins and is replicated to the top level; a top-level
      // value alone populates FindingProviderFields.
      if (isPresent(attribute, fromFields)) {
        top[attribute] = fromProvider(attribute, fromFields);
      } else if (isPresent(attribute, fromTop)) {
        top[attribute] = topValue(attribute, fromTop);
        fields[attribute] = toProvider(attribute, fromTop);
      }
    }
    finding.FindingProviderFields = provider;
    finding.RecordState ??= 'ACTIVE';
    finding.Workflow = { Status: finding.Workflow?.Status ?? 'NEW' };
    finding.WorkflowState ??= 'NEW';
    this.#serviceFields(region, finding);
    return finding;
  }

  /** `finding` is the caller's own copy of the import, merged in place with what is stored. */
  #updated(
    region: string,
    existing: StoredFinding,
    finding: AwsSecurityFinding,
  ): AwsSecurityFinding {
    const previous = existing.finding;
    const top = finding as unknown as Record<string, unknown>;
    const before = previous as unknown as Record<string, unknown>;
    const provider: FindingProviderFields = { ...previous.FindingProviderFields };
    const fields = provider as Record<string, unknown>;
    const given = { ...finding.FindingProviderFields } as Record<string, unknown>;
    for (const attribute of PROVIDER_ATTRIBUTES) {
      const fromFields = given[attribute];
      const fromTop = top[attribute];
      const customerOwned = existing.customerSet.has(attribute);
      let nextTop = before[attribute];
      if (isPresent(attribute, fromFields)) {
        fields[attribute] = structuredClone(fromFields);
        if (!customerOwned) {
          nextTop = isPresent(attribute, fromTop)
            ? topValue(attribute, fromTop)
            : fromProvider(attribute, fromFields);
        }
      } else if (isPresent(attribute, fromTop)) {
        fields[attribute] = toProvider(attribute, fromTop);
        if (!customerOwned) nextTop = topValue(attribute, fromTop);
      }
      setOrDelete(top, attribute, structuredClone(nextTop));
    }
    finding.FindingProviderFields = provider;

    // Customer-owned: "For an existing finding, finding providers cannot use BatchImportFindings to
    // update ... Note, UserDefinedFields, VerificationState, Workflow. Security Hub ignores any
    // content ... for those attributes."
    setOrDelete(top, 'Note', structuredClone(previous.Note));
    setOrDelete(top, 'UserDefinedFields', structuredClone(previous.UserDefinedFields));
    setOrDelete(top, 'VerificationState', previous.VerificationState);
    setOrDelete(top, 'WorkflowState', previous.WorkflowState);
    let status = previous.Workflow?.Status ?? 'NEW';
    // Workflow.Status: "Security Hub also resets the workflow status from NOTIFIED or RESOLVED to
    // NEW" when RecordState changes from ARCHIVED to ACTIVE, or ComplianceStatus changes from
    // PASSED to WARNING, FAILED or NOT_AVAILABLE. (No automatic RESOLVED for integrations.)
    finding.RecordState ??= previous.RecordState ?? 'ACTIVE';
    const reactivated = previous.RecordState === 'ARCHIVED' && finding.RecordState === 'ACTIVE';
    const compliance = finding.Compliance?.Status;
    const regressed =
      previous.Compliance?.Status === 'PASSED' &&
      (compliance === 'WARNING' || compliance === 'FAILED' || compliance === 'NOT_AVAILABLE');
    if ((status === 'NOTIFIED' || status === 'RESOLVED') && (reactivated || regressed))
      status = 'NEW';
    finding.Workflow = { Status: status };
    this.#serviceFields(region, finding, previous);
    return finding;
  }

  // --- GetFindings ------------------------------------------------------------------------------

  getFindings(
    callerAccountId: string,
    region: string,
    request: GetFindingsRequestInput,
  ): GetFindingsResult {
    const maxResults = request?.MaxResults ?? LIMITS.getFindingsMaxResults;
    if (
      !Number.isInteger(maxResults) ||
      maxResults < 1 ||
      maxResults > LIMITS.getFindingsMaxResults
    ) {
      throw invalidInput(`MaxResults must be between 1 and ${LIMITS.getFindingsMaxResults}`);
    }
    const predicate = compileFilters(request?.Filters, this.#now().getTime());
    const sort = compileSort(request?.SortCriteria);
    const signature = createHash('sha256')
      .update(JSON.stringify([callerAccountId, region, request?.Filters ?? {}, sort.signature]))
      .digest('base64url')
      .slice(0, 22);

    const rows = this.#query(signature, sort, (stored) => {
      const f = stored.finding;
      // No cross-Region aggregation and no administrator: an account sees its own findings in
      // the Region it calls. Without filters GetFindings returns every finding, archived included.
      return f.AwsAccountId === callerAccountId && f.Region === region && predicate(f);
    });

    let start = 0;
    // An absent or empty token asks for the first page.
    if (
      request?.NextToken !== undefined &&
      request.NextToken !== null &&
      request.NextToken !== ''
    ) {
      const cursor = this.#decodeToken(request.NextToken, signature);
      start = this.#firstAfter(rows, sort, cursor);
    }
    const page = rows.slice(start, start + maxResults);
    const last = page.at(-1);
    const more = start + page.length < rows.length;
    return {
      Findings: page.map((row) => JSON.parse(row.stored.json) as AwsSecurityFinding),
      ...(more && last
        ? { NextToken: this.#encodeToken(signature, last.keys, last.stored.seq) }
        : {}),
    };
  }

  #query(
    signature: string,
    sort: CompiledSort,
    include: (stored: StoredFinding) => boolean,
  ): QueryCache['rows'] {
    const cached = this.#cache;
    if (cached && cached.signature === signature && cached.version === this.#version)
      return cached.rows;
    const rows: QueryCache['rows'] = [];
    for (const stored of this.#findings.values()) {
      if (include(stored)) rows.push({ keys: sort.keys(stored.finding), stored });
    }
    rows.sort((a, b) => sort.compare(a.keys, b.keys) || a.stored.seq - b.stored.seq);
    this.#cache = { signature, version: this.#version, rows };
    return rows;
  }

  /** Index of the first row after the cursor: pages resume where they stopped, whatever was inserted since. */
  #firstAfter(rows: QueryCache['rows'], sort: CompiledSort, cursor: Cursor): number {
    let low = 0;
    let high = rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const row = rows[middle] as QueryCache['rows'][number];
      const order = sort.compare(row.keys, cursor.keys) || row.stored.seq - cursor.seq;
      if (order <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #encodeToken(signature: string, keys: SortValue[], seq: number): string {
    const cursor = { v: 1, s: signature, k: keys.map(encodeValue), q: seq };
    return Buffer.from(JSON.stringify(cursor)).toString('base64url');
  }

  #decodeToken(token: string, signature: string): Cursor {
    try {
      if (typeof token !== 'string' || !/^[A-Za-z0-9_-]+$/.test(token))
        throw new Error('not base64url');
      const raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      if (
        raw.v !== 1 ||
        typeof raw.s !== 'string' ||
        !Array.isArray(raw.k) ||
        !Number.isInteger(raw.q)
      ) {
        throw new Error('not a cursor');
      }
      if (raw.s !== signature) throw new Error('another query');
      return { signature: raw.s, keys: raw.k.map(decodeValue), seq: raw.q as number };
    } catch {
      throw invalidInput(
        'The NextToken is invalid, or belongs to a request with other filters or sort criteria',
      );
    }
  }

  // --- BatchUpdateFindings ----------------------------------------------------------------------

  updateFindings(
    callerAccountId: string,
    region: string,
    request: BatchUpdateFindingsRequest,
  ): UpdateFindingsResult {
    const problems = updateRequestProblems(request ?? ({} as BatchUpdateFindingsRequest));
    if (problems.length > 0)
      throw invalidInput(`Invalid BatchUpdateFindings request: ${problems.join(', ')}`);
    const identifiers = request.FindingIdentifiers as AwsSecurityFindingIdentifier[];
    const counts = new Map<string, number>();
    for (const identifier of identifiers) {
      const key = keyOf(identifier.ProductArn as string, identifier.Id as string);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const processed: AwsSecurityFindingIdentifier[] = [];
    const unprocessed: BatchUpdateFindingsUnprocessedFinding[] = [];
    const reject = (
      identifier: AwsSecurityFindingIdentifier,
      ErrorCode: string,
      ErrorMessage: string,
    ) => unprocessed.push({ FindingIdentifier: { ...identifier }, ErrorCode, ErrorMessage });
    for (const identifier of identifiers) {
      const key = keyOf(identifier.ProductArn as string, identifier.Id as string);
      if ((counts.get(key) ?? 0) > 1) {
        reject(identifier, 'DuplicatedFindingIdentifier', 'Finding Identifier is duplicated');
        continue;
      }
      const stored = this.#findings.get(key);
      // A member account can update only its own findings, in the Region it calls.
      if (
        !stored ||
        stored.finding.AwsAccountId !== callerAccountId ||
        stored.finding.Region !== region
      ) {
        reject(identifier, 'FindingNotFound', 'Finding Not Found');
        continue;
      }
      this.#put(key, this.#customerUpdate(stored, request));
      processed.push({ Id: identifier.Id, ProductArn: identifier.ProductArn });
    }
    return { ProcessedFindings: processed, UnprocessedFindings: unprocessed };
  }

  /** BatchUpdateFindings "does not change the UpdatedAt field"; no automatic Severity mapping either. */
  #customerUpdate(
    stored: StoredFinding,
    request: BatchUpdateFindingsRequest,
  ): Omit<StoredFinding, 'json'> {
    const finding = JSON.parse(stored.json) as AwsSecurityFinding;
    const customerSet = new Set(stored.customerSet);
    if (request.Note !== undefined) {
      finding.Note = {
        Text: request.Note.Text,
        UpdatedBy: request.Note.UpdatedBy,
        UpdatedAt: this.#now().toISOString(),
      };
    }
    if (request.Severity !== undefined) {
      finding.Severity = { ...finding.Severity, ...structuredClone(request.Severity) };
      customerSet.add('Severity');
    }
    if (request.VerificationState !== undefined)
      finding.VerificationState = request.VerificationState;
    if (request.Confidence !== undefined) {
      finding.Confidence = request.Confidence;
      customerSet.add('Confidence');
    }
    if (request.Criticality !== undefined) {
      finding.Criticality = request.Criticality;
      customerSet.add('Criticality');
    }
    if (request.Types !== undefined) {
      finding.Types = [...request.Types];
      customerSet.add('Types');
    }
    if (request.RelatedFindings !== undefined) {
      finding.RelatedFindings = structuredClone(request.RelatedFindings);
      customerSet.add('RelatedFindings');
    }
    if (request.UserDefinedFields !== undefined) {
      // Undocumented whether keys merge: the emulator merges them.
      finding.UserDefinedFields = { ...finding.UserDefinedFields, ...request.UserDefinedFields };
    }
    if (request.Workflow?.Status !== undefined)
      finding.Workflow = { Status: request.Workflow.Status };
    return { ...stored, finding, customerSet };
  }

  // --- tests ------------------------------------------------------------------------------------

  /** Every stored finding, for tests. */
  all(): AwsSecurityFinding[] {
    return [...this.#findings.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((stored) => JSON.parse(stored.json) as AwsSecurityFinding);
  }
}
