import { describe, expect, it } from 'vitest';
import type { SectionProgress } from '../../lib/collect/sectionProgress.ts';
import type { Check } from '../../lib/evaluate/check.ts';
import { sectionsFor, stagedJudging } from '../../lib/scan/stages.ts';
import type { SnapshotSection } from '../../lib/snapshot/sections.ts';
import type { RegionSnapshot } from '../../lib/snapshot/types.ts';

const check = (id: string, inputs: SnapshotSection[]) =>
  ({ metadata: { id, inputs }, evaluate: () => [] }) as unknown as Check;
const SERVICES = check('services', ['ecs.services']);
const DEFINITIONS = check('definitions', ['ecs.services', 'ecs.taskDefinitions']);
const LISTENERS = check('listeners', ['ecs.services', 'elbv2.listeners']);
const progress = (sections: SnapshotSection[]): SectionProgress => ({
  sections: new Set(sections),
  snapshot: {},
  failures: [],
});

describe('stagedJudging', () => {
  it.each([
    {
      name: 'judges checks as their inputs complete, leaving the last ones to the end',
      reports: [['ecs.services'], ['ecs.services', 'ecs.taskDefinitions']],
      stages: [['services'], ['definitions']],
      remaining: ['listeners'],
    },
    {
      name: 'starts no stage for the checks that become ready only with every other one',
      reports: [['ecs.services', 'ecs.taskDefinitions', 'elbv2.listeners']],
      stages: [],
      remaining: ['services', 'definitions', 'listeners'],
    },
  ] as { name: string; reports: SnapshotSection[][]; stages: string[][]; remaining: string[] }[])(
    '$name',
    async ({ reports, stages, remaining }) => {
      // Prepare
      const judged: string[][] = [];
      const staging = stagedJudging(
        [SERVICES, DEFINITIONS, LISTENERS],
        undefined,
        async (ready) => {
          judged.push(ready.map((c) => c.metadata.id));
          return [ready.length];
        },
      );

      // Act
      for (const sections of reports) {
        staging.onSections(progress(sections));
        await Promise.resolve();
      }
      const outcome = await staging.close();

      // Assess
      expect(judged).toEqual(stages);
      expect(outcome.remaining.map((c) => c.metadata.id)).toEqual(remaining);
      expect(outcome.results).toEqual(stages.map((s) => s.length));
    },
  );

  it('starts no stage once the scan is aborted', async () => {
    // Prepare
    const controller = new AbortController();
    controller.abort();
    const staging = stagedJudging([SERVICES, LISTENERS], controller.signal, async () => [1]);

    // Act
    staging.onSections(progress(['ecs.services']));
    const outcome = await staging.close();

    // Assess
    expect(outcome.judged).toEqual([]);
  });

  it('rethrows a stage’s failure when closed', async () => {
    // Prepare
    const staging = stagedJudging([SERVICES, LISTENERS], undefined, async () => {
      throw new Error('GetFindings refused');
    });

    // Act
    staging.onSections(progress(['ecs.services']));

    // Assess
    await expect(staging.close()).rejects.toThrow('GetFindings refused');
  });
});

describe('sectionsFor', () => {
  it('drops the sections only the other stages read and keeps what no check reads (tags)', () => {
    // Prepare
    const snapshot = {
      ecs: { services: [], taskDefinitions: [] },
      elbv2: { listeners: [], loadBalancers: [], targetGroups: [], tags: {} },
    } as unknown as RegionSnapshot;

    // Act
    const kept = sectionsFor(snapshot, [LISTENERS], [SERVICES, DEFINITIONS]);

    // Assess
    expect(kept).toEqual({
      ecs: { services: [] },
      elbv2: { listeners: [], loadBalancers: [], targetGroups: [], tags: {} },
    });
  });
});
