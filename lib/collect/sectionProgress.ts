// Tells a region collection's caller which snapshot sections are complete, as each collector ends
// (CollectOptions.onSections): a scan can judge the checks whose inputs are all there while the
// slowest categories (ELBv2, then ACM) are still collecting. Reporting changes no call.
import type { SnapshotSection } from '../snapshot/sections.ts';
import type { RegionSnapshot } from '../snapshot/types.ts';
import type { CollectionFailure, FailureRecorder } from './failures.ts';

export interface SectionProgress {
  /** Every section collected so far (a section whose collection failed is absent: not collected). */
  sections: ReadonlySet<SnapshotSection>;
  /** Those sections, as they will be in the region's snapshot. */
  snapshot: RegionSnapshot;
  /** The region's failed calls so far. */
  failures: CollectionFailure[];
}

type Service = keyof RegionSnapshot;

export const sectionReporter = (
  onSections: ((progress: SectionProgress) => void) | undefined,
  failures: FailureRecorder,
) => {
  let snapshot: Record<string, Record<string, unknown>> = {};
  const sections = new Set<SnapshotSection>();
  const add = (service: Service, part: object | undefined) => {
    if (!onSections || !part) return;
    for (const [key, value] of Object.entries(part)) {
      if (value === undefined) continue;
      // New objects: a caller still reading an earlier snapshot never sees it change.
      snapshot = { ...snapshot, [service]: { ...snapshot[service], [key]: value } };
      sections.add(`${service}.${key}` as SnapshotSection);
    }
    onSections({
      sections: new Set(sections),
      snapshot: snapshot as RegionSnapshot,
      failures: failures.list(),
    });
  };
  return {
    add,
    /** Reports a collector's section object (`elbv2`, `acm`, …) and passes it on. */
    tap:
      (service: Service) =>
      <T extends object | undefined>(part: T): T => {
        add(service, part);
        return part;
      },
    /** Reports one section of a service (`ecs.taskDefinitions`) and passes it on. */
    tapSection:
      (service: Service, section: string) =>
      <T>(value: T): T => {
        add(service, { [section]: value });
        return value;
      },
  };
};
