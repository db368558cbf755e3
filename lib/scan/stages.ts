// A full scan judges and publishes in stages. Each throttle category has its own bucket and the
// slowest one (ELBv2's Describe*, App Mesh's with its tags) ends the collection long after the
// others: the checks whose inputs are all collected are judged and their findings imported while
// it still collects, so that the scan ends a few calls after its slowest bucket instead of a whole
// evaluation and import later. A stage is complete for its checks: its publish scope is those
// checks, and a section whose collection failed is absent, so its checks wait for the last stage.

import type { SectionProgress } from '../collect/sectionProgress.ts';
import { sectionFilter } from '../collect/sections.ts';
import type { Check } from '../evaluate/check.ts';
import type { SnapshotSection } from '../snapshot/sections.ts';
import type { RegionSnapshot } from '../snapshot/types.ts';

/**
 * The snapshot without the sections only the other stages' checks read (the task definitions,
 * whose credential detection is most of an evaluation's time, are judged once): what these checks
 * read, what collecting it takes, and what no check lists (the tags exemptions read) stay.
 */
export const sectionsFor = (
  snapshot: RegionSnapshot,
  checks: readonly Check[],
  others: readonly Check[],
): RegionSnapshot => {
  const need = sectionFilter(checks.flatMap((c) => c.metadata.inputs));
  const onlyOthers = new Set(others.flatMap((c) => c.metadata.inputs).filter((s) => !need(s)));
  const out: Record<string, Record<string, unknown>> = {};
  for (const [service, part] of Object.entries(snapshot)) {
    for (const [section, value] of Object.entries((part ?? {}) as Record<string, unknown>)) {
      if (!onlyOthers.has(`${service}.${section}` as SnapshotSection)) {
        out[service] = { ...out[service], [section]: value };
      }
    }
  }
  return out as RegionSnapshot;
};

/**
 * Judges checks while the collection goes on: whenever every input of some checks is collected
 * (CollectOptions.onSections), `run` judges and publishes them, one stage at a time, with those that
 * became ready meanwhile joining the next stage; never once `signal` is aborted (an aborted
 * collection's sections may be cut short). `close` stops new stages and waits for the one running;
 * the checks left are the last stage's.
 */
export const stagedJudging = <T>(
  checks: readonly Check[],
  signal: AbortSignal | undefined,
  run: (ready: Check[], progress: SectionProgress) => Promise<T[]>,
) => {
  const pending = new Set(checks);
  const judged: Check[] = [];
  let results: T[] = [];
  let running: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  let latest: SectionProgress | undefined;
  let closed = false;
  const next = () => {
    const progress = latest;
    if (running || closed || failure || signal?.aborted || !progress) return;
    const ready = [...pending].filter((c) =>
      c.metadata.inputs.every((section) => progress.sections.has(section)),
    );
    // The last checks are judged when the collection ends (with its final failures).
    if (ready.length === 0 || ready.length === pending.size) return;
    for (const check of ready) pending.delete(check);
    judged.push(...ready);
    running = run(ready, progress).then(
      (found) => {
        results = [...results, ...found];
        running = undefined;
        next();
      },
      // Rethrown by close(): the stage's failure (Security Hub) is the scan's.
      (error: unknown) => {
        failure = { error };
        running = undefined;
      },
    );
  };
  return {
    onSections: (progress: SectionProgress) => {
      latest = progress;
      next();
    },
    /** Starts no new stage; waits for the running one. */
    close: async () => {
      closed = true;
      while (running) await running;
      if (failure) throw failure.error;
      return { judged, results, remaining: [...pending] };
    },
  };
};
