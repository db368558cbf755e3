// snapshot → results, pure but for the credential pre-pass (async, still no I/O).

import type { ScanConfig } from '../config.ts';
import type { CheckResult } from '../model.ts';
import { EXEMPTION_TAG_SECTIONS, SNAPSHOT_SECTIONS } from '../snapshot/sections.ts';
import type { CollectionFailure, RegionSnapshot, Snapshot } from '../snapshot/types.ts';
import type { Check } from './check.ts';
import { applyExemptions, noteExemptionProblems, regionExemptions } from './exemptions/apply.ts';
import type { ExemptionFile } from './exemptions/file.ts';
import type { ExemptionProblem } from './exemptions/model.ts';
import { buildInventory, type Inventory } from './inventory/inventory.ts';
import { regionCoverageResults } from './regionCoverage.ts';
import { detectCredentials } from './secrets/detect.ts';

export { SNAPSHOT_SECTIONS } from '../snapshot/sections.ts';

export interface CoverageGap {
  region: string;
  /** e.g. `elbv2.listeners` */
  section: string;
}

export interface ScanResult {
  accountId: string;
  partition: string;
  regions: string[];
  evaluatedAt: string;
  checkIds: string[];
  results: CheckResult[];
  notCollected: CoverageGap[];
  /** Live scans: calls that still failed after retries (what they would have collected is NOT_AVAILABLE). */
  collectionFailures: CollectionFailure[];
  /** A full-region scan: every check with a section not collected has its region-coverage result. */
  regionCoverage?: boolean;
  /**
   * What failed is not known (a snapshot@1 file does not record it): publishing then resolves and
   * archives nothing (lib/publish/scope.ts).
   */
  failuresUnknown?: boolean;
  /** Whether exemption tags were to be read (ScanConfig.exemptionTags; absent: yes). */
  exemptionTags?: boolean;
  /** Exemptions not applied because they are malformed (lib/evaluate/exemptions); evaluateSnapshot always sets it. */
  exemptionProblems?: ExemptionProblem[];
}

export interface EvaluateOptions {
  /** Every registered check ID, when only some checks run: an exemption naming another is not wrong. */
  knownCheckIds?: Iterable<string>;
  collectionFailures?: CollectionFailure[];
  /** The snapshot does not say which calls failed (ScanResult.failuresUnknown). */
  failuresUnknown?: boolean;
  /** The exemptions file, loaded (lib/evaluate/exemptions/file.ts). */
  exemptionsFile?: ExemptionFile;
  /** Credential detections to reuse and extend: a scan judged in stages detects each value once. */
  credentialKinds?: Map<string, string[]>;
  /**
   * A full-region scan: a check with an input section not collected in a region gets one
   * NOT_AVAILABLE result on the account there. Off for focused rescans (they leave sections out).
   */
  regionCoverage?: boolean;
}

/** The sections of a region not collected; `tagsWanted: false` (tag exemptions off) leaves the tag sections out. */
export const coverageGaps = (
  region: string,
  data: RegionSnapshot,
  tagsWanted = true,
): CoverageGap[] =>
  Object.entries(SNAPSHOT_SECTIONS).flatMap(([service, sections]) =>
    sections
      .filter((section) => tagsWanted || !isExemptionTagSection(`${service}.${section}`))
      .filter((section) => {
        const part = data[service as keyof RegionSnapshot] as Record<string, unknown> | undefined;
        return part?.[section] === undefined;
      })
      .map((section) => ({ region, section: `${service}.${section}` })),
  );

const isExemptionTagSection = (section: string): boolean =>
  (EXEMPTION_TAG_SECTIONS as readonly string[]).includes(section);

export const evaluateInventory = (
  inventory: Inventory,
  config: ScanConfig,
  now: Date,
  checks: readonly Check[],
): CheckResult[] => checks.flatMap((check) => check.evaluate({ inventory, config, now }));

export const evaluateSnapshot = async (
  snapshot: Snapshot,
  config: ScanConfig,
  now: Date,
  checks: readonly Check[],
  options: EvaluateOptions = {},
): Promise<ScanResult> => {
  const results: CheckResult[] = [];
  const notCollected: CoverageGap[] = [];
  const exemptionProblems: ExemptionProblem[] = [];
  // Every registered ID is known, whichever checks run: `--checks` does not make a tag wrong.
  const knownCheckIds = new Set([
    ...(options.knownCheckIds ?? []),
    ...checks.map((c) => c.metadata.id),
  ]);
  for (const [region, data] of Object.entries(snapshot.regions)) {
    const context = { accountId: snapshot.accountId, partition: snapshot.partition, region };
    const built = buildInventory(context, data, config);
    if (options.credentialKinds) built.credentialKinds = options.credentialKinds;
    const inventory = await detectCredentials(built);
    const exemptions = regionExemptions(data, context, {
      tags: config.exemptionTags,
      file: options.exemptionsFile,
      knownCheckIds,
    });
    results.push(
      ...noteExemptionProblems(
        applyExemptions(evaluateInventory(inventory, config, now, checks), exemptions.rules, now),
        exemptions.problems,
      ),
    );
    exemptionProblems.push(...exemptions.problems);
    const gaps = coverageGaps(region, data, config.exemptionTags !== false);
    notCollected.push(...gaps);
    // After the exemptions: the result is about the scan, not a resource anyone could exempt.
    if (options.regionCoverage) {
      const missing = new Set(gaps.map((gap) => gap.section));
      results.push(...regionCoverageResults(checks, context, missing));
    }
  }
  return {
    accountId: snapshot.accountId,
    partition: snapshot.partition,
    regions: Object.keys(snapshot.regions),
    evaluatedAt: now.toISOString(),
    checkIds: checks.map((c) => c.metadata.id),
    results,
    notCollected,
    collectionFailures: options.collectionFailures ?? [],
    ...(options.regionCoverage ? { regionCoverage: true } : {}),
    ...(options.failuresUnknown ? { failuresUnknown: true } : {}),
    ...(config.exemptionTags === false ? { exemptionTags: false } : {}),
    exemptionProblems,
  };
};
