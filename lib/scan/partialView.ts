// A focused rescan sees some services, not every service of their VPCs, while the VPC check judges
// a VPC by all the services it hosts. Its FAILED result is the exception: the VPC hosts EC2
// container instances of a service the rescan saw and lacks the ECS endpoints their agent needs.
// Unseen services cannot add those endpoints nor take the instances away, and the reason names
// only the endpoints, so the full scan would say exactly the same. Any other result could change
// with the unseen services: it is dropped, and the VPC's finding stays as the last scan that saw
// every service left it (fail closed: never resolved, never archived from a partial view).

import type { ScanFocus } from '../collect/focus.ts';
import type { Check } from '../evaluate/check.ts';
import type { CheckResult } from '../model.ts';

/** Checks whose result for a resource depends on every service of the region that uses it. */
export const isWholeRegionCheck = (check: Check): boolean => check.metadata.judges === 'region';

/** Whether the scan sees every service of the region (a full scan or the all-services focus). */
export const seesEveryService = (focus: ScanFocus | undefined): boolean =>
  !focus || focus.allServices === true;

/** The results a scan that saw only some services may publish. */
export const conclusiveResults = (
  results: readonly CheckResult[],
  checks: readonly Check[],
  focus: ScanFocus | undefined,
): CheckResult[] => {
  if (seesEveryService(focus)) return [...results];
  const partial = new Set(checks.filter(isWholeRegionCheck).map((c) => c.metadata.id));
  return results.filter((r) => !partial.has(r.checkId) || r.status === 'FAILED');
};

/**
 * The sections only the whole-region checks read: a focused rescan collects them only where a
 * focused service may run on EC2 container instances (the one case that can give a conclusive
 * result), so a Fargate service's rescan makes no subnet or VPC endpoint call.
 */
export const hostSectionsOf = (checks: readonly Check[]) => {
  const others = new Set(
    checks.filter((c) => !isWholeRegionCheck(c)).flatMap((c) => c.metadata.inputs),
  );
  return [
    ...new Set(
      checks
        .filter(isWholeRegionCheck)
        .flatMap((c) => c.metadata.inputs)
        .filter((s) => !others.has(s)),
    ),
  ];
};
