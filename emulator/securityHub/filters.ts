// GetFindings filters and sort criteria, compiled once per request. Semantics from the API
// Reference (StringFilter, MapFilter, DateFilter, DateRange, NumberFilter, SortCriterion,
// GetFindings: "up to 10 finding attributes ... up to 20 filter values"):
// - positive string comparisons (EQUALS, PREFIX, CONTAINS) on one field are joined by OR,
//   negative ones (NOT_EQUALS, PREFIX_NOT_EQUALS, NOT_CONTAINS) by AND, then the two groups by
//   AND ("first processes the PREFIX filters, and then the NOT_EQUALS ..."); different fields
//   are joined by AND;
// - CONTAINS only combines with CONTAINS, NOT_CONTAINS only with NOT_CONTAINS, and EQUALS never
//   with NOT_EQUALS or PREFIX_NOT_EQUALS: such combinations are an InvalidInputException;
// - values are case sensitive.
import type {
  AwsSecurityFinding,
  AwsSecurityFindingFilters,
  BooleanFilter,
  DateFilter,
  MapFilter,
  NumberFilter,
  SortCriterion,
  StringFilter,
} from '@aws-sdk/client-securityhub';
import { invalidInput } from './errors.ts';
import { LIMITS, parseTimestamp } from './validation.ts';

type Finding = AwsSecurityFinding;
type Values = (string | undefined)[];

const resources = (f: Finding) => f.Resources ?? [];

const STRING_FIELDS: Record<string, (f: Finding) => Values> = {
  ProductArn: (f) => [f.ProductArn],
  AwsAccountId: (f) => [f.AwsAccountId],
  AwsAccountName: (f) => [f.AwsAccountName],
  Id: (f) => [f.Id],
  GeneratorId: (f) => [f.GeneratorId],
  Region: (f) => [f.Region],
  Type: (f) => f.Types ?? [],
  SeverityLabel: (f) => [f.Severity?.Label],
  Title: (f) => [f.Title],
  Description: (f) => [f.Description],
  RecommendationText: (f) => [f.Remediation?.Recommendation?.Text],
  SourceUrl: (f) => [f.SourceUrl],
  ProductName: (f) => [f.ProductName],
  CompanyName: (f) => [f.CompanyName],
  ResourceType: (f) => resources(f).map((r) => r.Type),
  ResourceId: (f) => resources(f).map((r) => r.Id),
  ResourcePartition: (f) => resources(f).map((r) => r.Partition),
  ResourceRegion: (f) => resources(f).map((r) => r.Region),
  ResourceApplicationName: (f) => resources(f).map((r) => r.ApplicationName),
  ResourceApplicationArn: (f) => resources(f).map((r) => r.ApplicationArn),
  ComplianceStatus: (f) => [f.Compliance?.Status],
  ComplianceSecurityControlId: (f) => [f.Compliance?.SecurityControlId],
  ComplianceAssociatedStandardsId: (f) =>
    (f.Compliance?.AssociatedStandards ?? []).map((s) => s.StandardsId),
  VerificationState: (f) => [f.VerificationState],
  WorkflowState: (f) => [f.WorkflowState],
  WorkflowStatus: (f) => [f.Workflow?.Status],
  RecordState: (f) => [f.RecordState],
  RelatedFindingsProductArn: (f) => (f.RelatedFindings ?? []).map((r) => r.ProductArn),
  RelatedFindingsId: (f) => (f.RelatedFindings ?? []).map((r) => r.Id),
  NoteText: (f) => [f.Note?.Text],
  NoteUpdatedBy: (f) => [f.Note?.UpdatedBy],
  FindingProviderFieldsSeverityLabel: (f) => [f.FindingProviderFields?.Severity?.Label],
  FindingProviderFieldsSeverityOriginal: (f) => [f.FindingProviderFields?.Severity?.Original],
  FindingProviderFieldsTypes: (f) => f.FindingProviderFields?.Types ?? [],
  FindingProviderFieldsRelatedFindingsId: (f) =>
    (f.FindingProviderFields?.RelatedFindings ?? []).map((r) => r.Id),
  FindingProviderFieldsRelatedFindingsProductArn: (f) =>
    (f.FindingProviderFields?.RelatedFindings ?? []).map((r) => r.ProductArn),
};

const DATE_FIELDS: Record<string, (f: Finding) => string | undefined> = {
  FirstObservedAt: (f) => f.FirstObservedAt,
  LastObservedAt: (f) => f.LastObservedAt,
  CreatedAt: (f) => f.CreatedAt,
  UpdatedAt: (f) => f.UpdatedAt,
  NoteUpdatedAt: (f) => f.Note?.UpdatedAt,
};

const NUMBER_FIELDS: Record<string, (f: Finding) => number | undefined> = {
  SeverityProduct: (f) => f.Severity?.Product,
  SeverityNormalized: (f) => f.Severity?.Normalized,
  Confidence: (f) => f.Confidence,
  Criticality: (f) => f.Criticality,
  FindingProviderFieldsConfidence: (f) => f.FindingProviderFields?.Confidence,
  FindingProviderFieldsCriticality: (f) => f.FindingProviderFields?.Criticality,
};

const MAP_FIELDS: Record<string, (f: Finding) => Record<string, string>[]> = {
  ProductFields: (f) => (f.ProductFields ? [f.ProductFields] : []),
  UserDefinedFields: (f) => (f.UserDefinedFields ? [f.UserDefinedFields] : []),
  ResourceTags: (f) => resources(f).flatMap((r) => (r.Tags ? [r.Tags] : [])),
  ResourceDetailsOther: (f) =>
    resources(f).flatMap((r) => (r.Details?.Other ? [r.Details.Other] : [])),
};

const BOOLEAN_FIELDS: Record<string, (f: Finding) => boolean> = {
  Sample: (f) => f.Sample === true,
};

// Parsed time stamps per stored finding object (stored findings are replaced, never mutated).
const times = new WeakMap<Finding, Map<string, bigint | undefined>>();

const timeOf = (finding: Finding, field: string): bigint | undefined => {
  let cache = times.get(finding);
  if (!cache) {
    cache = new Map();
    times.set(finding, cache);
  }
  if (!cache.has(field)) cache.set(field, parseTimestamp(DATE_FIELDS[field]?.(finding)));
  return cache.get(field);
};

export type Predicate = (finding: Finding) => boolean;

const POSITIVE = new Set(['EQUALS', 'PREFIX', 'CONTAINS']);
const NEGATIVE = new Set(['NOT_EQUALS', 'PREFIX_NOT_EQUALS', 'NOT_CONTAINS']);

const matches = (comparison: string, actual: string, wanted: string): boolean => {
  switch (comparison) {
    case 'EQUALS':
    case 'NOT_EQUALS':
      return actual === wanted;
    case 'PREFIX':
    case 'PREFIX_NOT_EQUALS':
      return actual.startsWith(wanted);
    default:
      return actual.includes(wanted);
  }
};

const checkCombination = (field: string, comparisons: Set<string>): void => {
  const others = (allowed: string) => [...comparisons].some((c) => c !== allowed);
  const fail = (why: string) => {
    throw invalidInput(`Invalid filter combination for ${field}: ${why}`);
  };
  if (comparisons.has('CONTAINS') && others('CONTAINS')) {
    fail('CONTAINS filters can only be used with other CONTAINS filters');
  }
  if (comparisons.has('NOT_CONTAINS') && others('NOT_CONTAINS')) {
    fail('NOT_CONTAINS filters can only be used with other NOT_CONTAINS filters');
  }
  if (
    comparisons.has('EQUALS') &&
    (comparisons.has('NOT_EQUALS') || comparisons.has('PREFIX_NOT_EQUALS'))
  ) {
    fail('EQUALS cannot be combined with NOT_EQUALS or PREFIX_NOT_EQUALS');
  }
};

/** Positive comparisons OR'ed, negative ones AND'ed; a negative holds when no value matches. */
const groupMatcher = <T>(
  field: string,
  items: readonly { Comparison?: string; Value?: string }[],
  test: (item: { comparison: string; value: string }, candidate: T) => boolean,
): ((candidates: readonly T[]) => boolean) => {
  const comparisons = new Set<string>();
  const parsed = items.map((item) => {
    if (typeof item?.Value !== 'string' || typeof item.Comparison !== 'string') {
      throw invalidInput(`Each ${field} filter needs a Value and a Comparison`);
    }
    if (item.Comparison === 'CONTAINS_WORD') {
      throw invalidInput(`CONTAINS_WORD (${field}) is only supported by GetFindingsV2`);
    }
    if (!POSITIVE.has(item.Comparison) && !NEGATIVE.has(item.Comparison)) {
      throw invalidInput(`Invalid Comparison ${item.Comparison} for ${field}`);
    }
    comparisons.add(item.Comparison);
    return { comparison: item.Comparison, value: item.Value };
  });
  checkCombination(field, comparisons);
  const positives = parsed.filter((p) => POSITIVE.has(p.comparison));
  const negatives = parsed.filter((p) => NEGATIVE.has(p.comparison));
  return (candidates) =>
    (positives.length === 0 || candidates.some((c) => positives.some((p) => test(p, c)))) &&
    negatives.every((n) => !candidates.some((c) => test(n, c)));
};

const stringPredicate = (field: string, filters: readonly StringFilter[]): Predicate => {
  const accessor = STRING_FIELDS[field] as (f: Finding) => Values;
  const match = groupMatcher<string>(field, filters, (p, actual) =>
    matches(p.comparison, actual, p.value),
  );
  return (finding) =>
    match(accessor(finding).filter((v): v is string => typeof v === 'string' && v !== ''));
};

const mapPredicate = (field: string, filters: readonly MapFilter[]): Predicate => {
  const accessor = MAP_FIELDS[field] as (f: Finding) => Record<string, string>[];
  const byKey = new Map<string, MapFilter[]>();
  for (const filter of filters) {
    if (typeof filter?.Key !== 'string') throw invalidInput(`Each ${field} filter needs a Key`);
    byKey.set(filter.Key, [...(byKey.get(filter.Key) ?? []), filter]);
  }
  const perKey = [...byKey].map(([key, items]) => {
    const match = groupMatcher<string>(`${field}.${key}`, items, (p, actual) =>
      matches(p.comparison, actual, p.value),
    );
    return (maps: Record<string, string>[]) =>
      match(maps.map((m) => m[key]).filter((v): v is string => typeof v === 'string'));
  });
  return (finding) => {
    const maps = accessor(finding);
    return perKey.every((match) => match(maps));
  };
};

const DAY_NS = 86_400_000_000_000n;

const datePredicate = (field: string, filters: readonly DateFilter[], nowMs: number): Predicate => {
  const nowNs = BigInt(nowMs) * 1_000_000n;
  const ranges = filters.map((filter) => {
    if (filter?.DateRange !== undefined) {
      const { Value, Unit, Comparison } = filter.DateRange;
      if (!Number.isInteger(Value) || (Value as number) < 0 || (Unit ?? 'DAYS') !== 'DAYS') {
        throw invalidInput(`Invalid DateRange for ${field}`);
      }
      const edge = nowNs - BigInt(Value as number) * DAY_NS;
      if ((Comparison ?? 'WITHIN') === 'WITHIN') return (t: bigint) => t >= edge && t <= nowNs;
      if (Comparison === 'OLDER_THAN') return (t: bigint) => t < edge;
      throw invalidInput(`Invalid DateRange Comparison for ${field}`);
    }
    const start = filter?.Start === undefined ? undefined : parseTimestamp(filter.Start);
    const end = filter?.End === undefined ? undefined : parseTimestamp(filter.End);
    if (
      (filter?.Start !== undefined && start === undefined) ||
      (filter?.End !== undefined && end === undefined) ||
      (start === undefined && end === undefined)
    ) {
      throw invalidInput(
        `Invalid date filter for ${field}: give Start and End time stamps or a DateRange`,
      );
    }
    return (t: bigint) => (start === undefined || t >= start) && (end === undefined || t <= end);
  });
  return (finding) => {
    const t = timeOf(finding, field);
    return t !== undefined && ranges.some((inRange) => inRange(t));
  };
};

const numberPredicate = (field: string, filters: readonly NumberFilter[]): Predicate => {
  const accessor = NUMBER_FIELDS[field] as (f: Finding) => number | undefined;
  const conditions = filters.map((filter) => {
    const { Eq, Gt, Gte, Lt, Lte } = filter ?? {};
    if ([Eq, Gt, Gte, Lt, Lte].every((bound) => bound === undefined)) {
      throw invalidInput(`Each ${field} filter needs Eq, Gt, Gte, Lt or Lte`);
    }
    return (n: number) =>
      (Eq === undefined || n === Eq) &&
      (Gt === undefined || n > Gt) &&
      (Gte === undefined || n >= Gte) &&
      (Lt === undefined || n < Lt) &&
      (Lte === undefined || n <= Lte);
  });
  return (finding) => {
    const n = accessor(finding);
    return n !== undefined && conditions.every((holds) => holds(n));
  };
};

const booleanPredicate = (field: string, filters: readonly BooleanFilter[]): Predicate => {
  const accessor = BOOLEAN_FIELDS[field] as (f: Finding) => boolean;
  const wanted = filters.map((filter) => {
    if (typeof filter?.Value !== 'boolean')
      throw invalidInput(`Each ${field} filter needs a boolean Value`);
    return filter.Value;
  });
  return (finding) => wanted.includes(accessor(finding));
};

/** One predicate for all of `filters`; throws InvalidInputException for what AWS rejects. */
export const compileFilters = (
  filters: AwsSecurityFindingFilters | undefined,
  nowMs: number,
): Predicate => {
  const used = Object.entries(filters ?? {}).filter(
    (entry): entry is [string, unknown[]] => Array.isArray(entry[1]) && entry[1].length > 0,
  );
  if (used.length > LIMITS.filterAttributes) {
    throw invalidInput(`You can filter by up to ${LIMITS.filterAttributes} finding attributes`);
  }
  const predicates = used.map(([field, items]): Predicate => {
    if (items.length > LIMITS.filterValuesPerAttribute) {
      throw invalidInput(
        `You can provide up to ${LIMITS.filterValuesPerAttribute} filter values for ${field}`,
      );
    }
    if (field in STRING_FIELDS) return stringPredicate(field, items as StringFilter[]);
    if (field in DATE_FIELDS) return datePredicate(field, items as DateFilter[], nowMs);
    if (field in NUMBER_FIELDS) return numberPredicate(field, items as NumberFilter[]);
    if (field in MAP_FIELDS) return mapPredicate(field, items as MapFilter[]);
    if (field in BOOLEAN_FIELDS) return booleanPredicate(field, items as BooleanFilter[]);
    throw invalidInput(`The local emulator does not support the ${field} filter`);
  });
  return (finding) => predicates.every((holds) => holds(finding));
};

// --- sorting ----------------------------------------------------------------------------------

export type SortValue = string | number | bigint | null;

export interface CompiledSort {
  /** The sort values of a finding, one per criterion. */
  keys: (finding: Finding) => SortValue[];
  /** Order of two key lists; missing values sort last in either direction. */
  compare: (a: readonly SortValue[], b: readonly SortValue[]) => number;
  /** Stable description of the criteria, for pagination tokens. */
  signature: string;
}

/** Security Hub documents no default order: the emulator returns the latest UpdatedAt first. */
export const DEFAULT_SORT: SortCriterion[] = [{ Field: 'UpdatedAt', SortOrder: 'desc' }];

const sortKey = (field: string): ((f: Finding) => SortValue) => {
  const date = DATE_FIELDS[field];
  if (date) return (f) => timeOf(f, field) ?? null;
  const number = NUMBER_FIELDS[field];
  if (number) return (f) => number(f) ?? null;
  const string = STRING_FIELDS[field];
  if (string) return (f) => string(f).find((v) => typeof v === 'string') ?? null;
  throw invalidInput(`The local emulator cannot sort by ${field}`);
};

export const compileSort = (criteria: SortCriterion[] | undefined): CompiledSort => {
  const effective = criteria === undefined || criteria.length === 0 ? DEFAULT_SORT : criteria;
  const parts = effective.map((criterion) => {
    if (typeof criterion?.Field !== 'string')
      throw invalidInput('Each SortCriterion needs a Field');
    const order = criterion.SortOrder ?? 'asc';
    if (order !== 'asc' && order !== 'desc') {
      throw invalidInput(`Invalid SortOrder ${String(criterion.SortOrder)}`);
    }
    return {
      field: criterion.Field,
      key: sortKey(criterion.Field),
      sign: order === 'asc' ? 1 : -1,
    };
  });
  return {
    keys: (finding) => parts.map((part) => part.key(finding)),
    compare: (a, b) => {
      for (const [index, part] of parts.entries()) {
        const x = a[index] ?? null;
        const y = b[index] ?? null;
        if (x === y) continue;
        if (x === null) return 1;
        if (y === null) return -1;
        if (x < y) return -part.sign;
        if (x > y) return part.sign;
      }
      return 0;
    },
    signature: parts.map((part) => `${part.field}:${part.sign}`).join(','),
  };
};
