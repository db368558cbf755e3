// snapshot → results, pure but for the credential pre-pass (async, still no I/O).
import { checks as registeredChecks } from '../checks/registry.ts';
import type { Check, CheckResult } from '../checks/types.ts';
import type { CollectionFailure } from './collect/types.ts';
import type { ScanConfig } from './config.ts';
import { buildInventory, type Inventory } from './inventory/inventory.ts';
import { detectCredentials } from './secrets/detect.ts';
import { SNAPSHOT_SECTIONS } from './snapshot/sections.ts';
import type { RegionSnapshot, Snapshot } from './snapshot/types.ts';

export { SNAPSHOT_SECTIONS } from './snapshot/sections.ts';

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
}

export const coverageGaps = (region: string, data: RegionSnapshot): CoverageGap[] =>
  Object.entries(SNAPSHOT_SECTIONS).flatMap(([service, sections]) =>
    sections
      .filter((section) => {
        const part = data[service as keyof RegionSnapshot] as Record<string, unknown> | undefined;
        return part?.[section] === undefined;
      })
      .map((section) => ({ region, section: `${service}.${section}` })),
  );

export const evaluateInventory = (
  inventory: Inventory,
  config: ScanConfig,
  now: Date,
  checks: readonly Check[] = registeredChecks,
): CheckResult[] => checks.flatMap((check) => check.evaluate({ inventory, config, now }));

export const evaluateSnapshot = async (
  snapshot: Snapshot,
  config: ScanConfig,
  now: Date,
  checks: readonly Check[] = registeredChecks,
  options: { collectionFailures?: CollectionFailure[] } = {},
): Promise<ScanResult> => {
  const results: CheckResult[] = [];
  const notCollected: CoverageGap[] = [];
  for (const [region, data] of Object.entries(snapshot.regions)) {
    const context = { accountId: snapshot.accountId, partition: snapshot.partition, region };
    const inventory = await detectCredentials(buildInventory(context, data, config));
    results.push(...evaluateInventory(inventory, config, now, checks));
    notCollected.push(...coverageGaps(region, data));
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
  };
};
