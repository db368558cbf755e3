// Running counts of one region's calls, per service, for a terminal's progress line
// (lib/report/progress.ts): calls answered, calls failed after retries, attempts throttled.
// Counts and names of services only: nothing collected leaves here.

import type { Pacer } from '../aws/pacing.ts';
import type { ProgressEvent } from '../report/progress.ts';
import type { CallOutcome, CollectedService, RegionContext } from './types.ts';

/** Attempts of a service AWS answered with throttling, as the region's pacer counted them. */
export const throttledAttempts =
  (pacer: Pick<Pacer, 'stats'> | undefined) =>
  (service: CollectedService): number =>
    (pacer?.stats() ?? [])
      .filter((category) => category.service === service)
      .reduce((sum, category) => sum + category.throttled, 0);

/** The `onCall` of a region's context: each call reports its service's counts so far. */
export const callCounter = (
  region: string,
  onProgress: (event: ProgressEvent) => void,
  throttledOf: (service: CollectedService) => number = () => 0,
): NonNullable<RegionContext['onCall']> => {
  const counts = new Map<CollectedService, Record<CallOutcome, number>>();
  return (service, operation, outcome) => {
    const count = counts.get(service) ?? { done: 0, failed: 0 };
    count[outcome] += 1;
    counts.set(service, count);
    onProgress({
      region,
      service,
      operation,
      done: count.done,
      failed: count.failed,
      throttled: throttledOf(service),
    });
  };
};
