// What one publish may touch: one account and region, some checks, optionally some resources —
// and which of those checks could not see everything (their findings are neither archived nor
// overwritten with NOT_AVAILABLE).

import { collectorOperationOf, OPERATIONS } from '../aws/operations.ts';
import type { Check } from '../evaluate/check.ts';
import type { ScanResult } from '../evaluate/evaluate.ts';
import {
  ALL_SECTIONS,
  EXEMPTED_KINDS_OF_TAG_SECTION,
  type SnapshotSection,
} from '../snapshot/sections.ts';
import type { CollectionFailure } from '../snapshot/types.ts';

export interface PublishScope {
  accountId: string;
  region: string;
  checkIds: readonly string[];
  /** A targeted rescan touches only these resources' findings; absent = every resource. */
  resourceArns?: readonly string[];
  /** Completeness.incomplete: none of their findings is archived (lib/publish/plan.ts). */
  incompleteCheckIds: ReadonlySet<string>;
  /** Completeness.verdictUncertain: their stored findings stay as they were. Absent: none. */
  verdictUncertainCheckIds?: ReadonlySet<string>;
  /** Completeness.itemGaps. Absent: none. */
  itemGapCheckIds?: ReadonlySet<string>;
  /**
   * The scan gave a region-coverage result (lib/evaluate/regionCoverage.ts) to every check with a section
   * not collected: a stored one without a result now is out of date, even for an incomplete check.
   */
  regionCoverage?: boolean;
}

/** `service:Operation` of every call the collectors make. */
export const COLLECTED_OPERATIONS: readonly string[] = OPERATIONS.filter(
  (op) => op.sections.length > 0,
).map((op) => `${op.service}:${op.operation}`);

/**
 * The sections a failed API call leaves incomplete; an operation that is not a collector's
 * (lib/aws/operations.ts) counts against all.
 */
export const sectionsAffectedBy = (
  service: string,
  operation: string,
): readonly SnapshotSection[] => collectorOperationOf(service, operation)?.sections ?? ALL_SECTIONS;

/**
 * What a failure leaves incomplete: `whole` sections (their listings may miss resources), and
 * `items` sections (some named items undescribed, the rest complete).
 */
export const gapsOf = (
  failure: CollectionFailure,
): { whole: readonly SnapshotSection[]; items: readonly SnapshotSection[] } => {
  const known = collectorOperationOf(failure.service, failure.operation);
  if (!known) return { whole: ALL_SECTIONS, items: [] };
  const items = failure.items?.length ? (known.itemSections ?? []) : [];
  return { whole: known.sections.filter((s) => !items.includes(s)), items };
};

/** The checks of `checks` that read one of `sections`. */
const reading = (checks: readonly Check[], sections: ReadonlySet<string>): Check[] =>
  checks.filter((check) => check.metadata.inputs.some((section) => sections.has(section)));

const ids = (checks: readonly Check[]): Set<string> => new Set(checks.map((c) => c.metadata.id));

/** What a scan of one region could not see, check by check (the publish plan's input). */
export interface Completeness {
  /**
   * Checks reading a section that was not collected or whose listing may have missed resources
   * (or any section, when the scan does not know what failed: a snapshot@1 file): a finding of
   * theirs without a result may be of a resource not seen, so none is archived.
   */
  incomplete: Set<string>;
  /**
   * Checks whose results may differ from what complete data says although each judged resource
   * was seen: whole-region checks (CheckMetadata.judges) of an incomplete listing, and checks of
   * resources whose exemption tags could not be read. Their stored findings stay as they were.
   */
  verdictUncertain: Set<string>;
  /** Checks reading a section in which some named items could not be described. */
  itemGaps: Set<string>;
}

export const completenessIn = (
  scan: ScanResult,
  checks: readonly Check[],
  region: string,
): Completeness => {
  const whole = new Set<string>(
    scan.failuresUnknown
      ? ALL_SECTIONS
      : scan.notCollected.filter((gap) => gap.region === region).map((gap) => gap.section),
  );
  const items = new Set<string>();
  for (const failure of scan.collectionFailures.filter((f) => f.region === region)) {
    const gaps = gapsOf(failure);
    for (const section of gaps.whole) whole.add(section);
    for (const section of gaps.items) items.add(section);
  }
  const incomplete = reading(checks, whole);
  const untagged = new Set(
    Object.entries(EXEMPTED_KINDS_OF_TAG_SECTION).flatMap(([section, kinds]) =>
      whole.has(section) && (scan.exemptionTags ?? true) ? kinds : [],
    ),
  );
  return {
    incomplete: ids(incomplete),
    verdictUncertain: ids([
      ...incomplete.filter((check) => check.metadata.judges === 'region'),
      ...checks.filter((check) => untagged.has(check.metadata.resourceKind)),
    ]),
    itemGaps: ids(reading(checks, items)),
  };
};

/** Checks that, in `region`, read a section that was not collected or whose collection failed. */
export const incompleteChecks = (
  scan: ScanResult,
  checks: readonly Check[],
  region: string,
): Set<string> => completenessIn(scan, checks, region).incomplete;

export const publishScopes = (
  scan: ScanResult,
  checks: readonly Check[],
  resourceArns?: readonly string[],
): PublishScope[] =>
  scan.regions.map((region) => {
    const { incomplete, verdictUncertain, itemGaps } = completenessIn(scan, checks, region);
    return {
      accountId: scan.accountId,
      region,
      checkIds: checks.map((c) => c.metadata.id),
      resourceArns,
      incompleteCheckIds: incomplete,
      verdictUncertainCheckIds: verdictUncertain,
      itemGapCheckIds: itemGaps,
      ...(scan.regionCoverage ? { regionCoverage: true } : {}),
    };
  });
