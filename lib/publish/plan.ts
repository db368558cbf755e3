// What a publish must send: the difference between our ACTIVE findings in Security Hub and this
// scan's findings, inside the scan's scope. Pure.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { asNotAvailable } from '../findings/asff.ts';
import type { PublishScope } from './scope.ts';

export interface PublishPlan {
  create: AwsSecurityFinding[];
  /** Changed results, and unchanged ones re-imported because their last import is too old. */
  update: AwsSecurityFinding[];
  archive: AwsSecurityFinding[];
  /** Unchanged and recent: not re-imported. */
  unchanged: number;
  /** Left alone because the scan could not see their inputs. */
  untouched: number;
  /** How many of `update` are refreshes of unchanged findings. */
  refreshed: number;
}

export const emptyPlan = (): PublishPlan => ({
  create: [],
  update: [],
  archive: [],
  unchanged: 0,
  untouched: 0,
  refreshed: 0,
});

const DAY_MS = 86_400_000;

/** The fields a provider owns: what we compare and what we send back. Never Workflow, Note, UserDefinedFields, VerificationState. */
const PROVIDER_FIELDS = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'ProductName',
  'CompanyName',
  'GeneratorId',
  'AwsAccountId',
  'Region',
  'Types',
  'CreatedAt',
  'UpdatedAt',
  'FirstObservedAt',
  'LastObservedAt',
  'Severity',
  'FindingProviderFields',
  'Title',
  'Description',
  'Remediation',
  'ProductFields',
  'Compliance',
  'Resources',
  'RecordState',
] as const satisfies readonly (keyof AwsSecurityFinding)[];

/** A finding read from Security Hub, reduced to what we may send back (no `aws/…` product fields it adds). */
export const providerFieldsOf = (finding: AwsSecurityFinding): AwsSecurityFinding => {
  const out: Record<string, unknown> = {};
  for (const field of PROVIDER_FIELDS)
    if (finding[field] !== undefined) out[field] = finding[field];
  if (finding.ProductFields) {
    out.ProductFields = Object.fromEntries(
      Object.entries(finding.ProductFields).filter(([k]) => !k.startsWith('aws/')),
    );
  }
  return out as unknown as AwsSecurityFinding;
};

/** Stable JSON: object keys sorted, so two equal findings compare equal whatever their key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** What makes a result different for a reader: status, severity, words, resources. */
const fingerprint = (finding: AwsSecurityFinding): string =>
  canonical({
    status: finding.Compliance?.Status,
    requirements: finding.Compliance?.RelatedRequirements,
    severity: finding.FindingProviderFields?.Severity?.Label ?? finding.Severity?.Label,
    types: finding.FindingProviderFields?.Types ?? finding.Types,
    title: finding.Title,
    description: finding.Description,
    remediation: finding.Remediation,
    resources: finding.Resources?.map((r) => ({
      Id: r.Id,
      Type: r.Type,
      Partition: r.Partition,
      Region: r.Region,
      Details: r.Details,
    })),
    record: finding.RecordState ?? 'ACTIVE',
  });

/** Security Hub ignores an update whose UpdatedAt is not later than the stored one. */
const laterThan = (stored: string | undefined, now: Date): string => {
  const storedMs = stored ? Date.parse(stored) : Number.NaN;
  return new Date(
    Number.isNaN(storedMs) ? now.getTime() : Math.max(now.getTime(), storedMs + 1),
  ).toISOString();
};

/** A check's NOT_AVAILABLE finding on the account (lib/evaluate/regionCoverage.ts): no resource has that type. */
const isRegionCoverageFinding = (finding: AwsSecurityFinding): boolean =>
  finding.Resources?.[0]?.Type === 'AwsAccount';

const inScope = (
  finding: AwsSecurityFinding,
  scope: PublishScope,
  checkIds: ReadonlySet<string>,
  arns?: ReadonlySet<string>,
) =>
  finding.AwsAccountId === scope.accountId &&
  finding.Region === scope.region &&
  checkIds.has(finding.GeneratorId ?? '') &&
  (!arns || arns.has(finding.Resources?.[0]?.Id ?? ''));

type Verdict = 'publish' | 'keep-stored' | 'withhold-pass';

/**
 * The fail-closed rule, in one place: a finding may become PASSED, change, be resolved or archived
 * only on what the scan saw of it.
 * - A check whose verdicts could differ with what the scan did not see (`verdictUncertainCheckIds`:
 *   a whole-region check of an incomplete listing, a resource whose exemption tags could not be
 *   read) leaves its stored findings as they were — but for a refresh of the very same content, so
 *   that they do not expire — and creates a new PASSED one as NOT_AVAILABLE.
 * - A NOT_AVAILABLE result of a check that could not see everything (`incompleteCheckIds`,
 *   `itemGapCheckIds`) never overwrites what a finding said before: it is what was not seen.
 * - Any other result was judged on the resource's own data (a check judges a resource NOT_AVAILABLE
 *   when some of it is missing): it is published.
 * Archiving is the plan's other half, below: never for an incomplete check.
 */
const mayPublish = (
  finding: AwsSecurityFinding,
  stored: AwsSecurityFinding | undefined,
  scope: PublishScope,
): Verdict => {
  const checkId = finding.GeneratorId ?? '';
  const status = finding.Compliance?.Status;
  if (isRegionCoverageFinding(finding)) return 'publish';
  if (scope.verdictUncertainCheckIds?.has(checkId)) {
    if (!stored) return status === 'PASSED' ? 'withhold-pass' : 'publish';
    return fingerprint(stored) === fingerprint(finding) ? 'publish' : 'keep-stored';
  }
  const blind = scope.incompleteCheckIds.has(checkId) || scope.itemGapCheckIds?.has(checkId);
  if (
    blind &&
    stored &&
    status === 'NOT_AVAILABLE' &&
    stored.Compliance?.Status !== 'NOT_AVAILABLE'
  ) {
    return 'keep-stored';
  }
  return 'publish';
};

const withheldPass = (finding: AwsSecurityFinding, scope: PublishScope): AwsSecurityFinding =>
  asNotAvailable(
    finding,
    `Not judged PASSED: some inputs of this check could not be collected in ${scope.region}, so the scan cannot tell that nothing it did not see fails.`,
  );

export const planPublish = (input: {
  /** Our ACTIVE findings in Security Hub for this scope (others are ignored). */
  existing: readonly AwsSecurityFinding[];
  /** This scan's findings, built with the evaluation time. */
  findings: readonly AwsSecurityFinding[];
  scope: PublishScope;
  now: Date;
  refreshDays: number;
}): PublishPlan => {
  const { scope, now } = input;
  const checkIds = new Set(scope.checkIds);
  const arns = scope.resourceArns && new Set(scope.resourceArns);
  const existing = new Map(
    input.existing.filter((f) => inScope(f, scope, checkIds, arns)).map((f) => [f.Id ?? '', f]),
  );
  const plan = emptyPlan();
  const seen = new Set<string>();

  for (const finding of input.findings) {
    if (!inScope(finding, scope, checkIds, arns)) continue;
    const id = finding.Id ?? '';
    seen.add(id);
    const stored = existing.get(id);
    const verdict = mayPublish(finding, stored, scope);
    if (verdict === 'keep-stored') {
      plan.untouched += 1; // what we knew stays until the scanner can see again
      continue;
    }
    if (!stored) {
      plan.create.push(verdict === 'withhold-pass' ? withheldPass(finding, scope) : finding);
      continue;
    }
    const kept = {
      ...finding,
      CreatedAt: stored.CreatedAt ?? finding.CreatedAt,
      FirstObservedAt: stored.FirstObservedAt ?? stored.CreatedAt ?? finding.FirstObservedAt,
      UpdatedAt: laterThan(stored.UpdatedAt, now),
    };
    if (fingerprint(stored) !== fingerprint(finding)) {
      plan.update.push(kept);
    } else if (
      now.getTime() - Date.parse(stored.UpdatedAt ?? '') >= input.refreshDays * DAY_MS ||
      !stored.UpdatedAt
    ) {
      plan.update.push(kept);
      plan.refreshed += 1;
    } else {
      plan.unchanged += 1;
    }
  }

  for (const [id, stored] of existing) {
    if (seen.has(id)) continue;
    // A stored "could not list" finding with no such result now: the sections are back.
    const outdatedCoverage = scope.regionCoverage && isRegionCoverageFinding(stored);
    if (scope.incompleteCheckIds.has(stored.GeneratorId ?? '') && !outdatedCoverage) {
      plan.untouched += 1; // no result may mean "not seen", not "gone"
      continue;
    }
    plan.archive.push({
      ...providerFieldsOf(stored),
      RecordState: 'ARCHIVED',
      UpdatedAt: laterThan(stored.UpdatedAt, now),
    });
  }
  return plan;
};
