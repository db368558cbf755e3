import { beforeAll, describe, expect, it } from 'vitest';
import { BENCH_REGION, generateAccount, SIZES } from '../../bench/generate.ts';
import { checks as allChecks, checks } from '../../checks/registry.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { evaluateSnapshot, type ScanResult } from '../../lib/evaluate/evaluate.ts';
import { snapshotSchema } from '../../lib/snapshot/schema.ts';
import {
  isServiceInScope,
  targetGroupArnsOfServices,
  uniqueTaskDefinitionArns,
} from '../../lib/snapshot/scope.ts';
import type { RegionSnapshot, Snapshot } from '../../lib/snapshot/types.ts';

const NOW = new Date('2026-11-28T12:00:00.000Z');

const dataOf = (snapshot: Snapshot) => snapshot.regions[BENCH_REGION] as RegionSnapshot;

/** The counts SIZES promises, measured on a snapshot. */
const measure = (snapshot: Snapshot) => {
  const data = dataOf(snapshot);
  const inScope = (data.ecs?.services ?? []).filter(isServiceInScope);
  return {
    clusters: data.ecs?.clusters?.length,
    services: data.ecs?.services?.length,
    taskDefinitions: uniqueTaskDefinitionArns(inScope).length,
    loadBalancers: data.elbv2?.loadBalancers?.length,
    listeners: data.elbv2?.listeners?.length,
    targetGroups: data.elbv2?.targetGroups?.length,
    meshes: data.appmesh?.meshes?.length,
    virtualNodes: data.appmesh?.virtualNodes?.length,
    virtualGateways: data.appmesh?.virtualGateways?.length,
    vpcEndpoints: data.ec2?.vpcEndpoints?.length,
  };
};

describe('generateAccount', () => {
  it.each(['small', 'medium'] as const)(
    'gives the %s account exactly the counts of its size',
    (size) => {
      expect(measure(generateAccount(SIZES[size]))).toEqual(SIZES[size]);
    },
  );

  it('describes every in-scope task definition and target group it references', () => {
    const data = dataOf(generateAccount(SIZES.medium));
    const inScope = (data.ecs?.services ?? []).filter(isServiceInScope);
    const taskDefinitions = new Set(data.ecs?.taskDefinitions?.map((td) => td.taskDefinitionArn));
    const targetGroups = new Set(data.elbv2?.targetGroups?.map((tg) => tg.TargetGroupArn));

    expect(uniqueTaskDefinitionArns(inScope).filter((arn) => !taskDefinitions.has(arn))).toEqual(
      [],
    );
    expect(targetGroupArnsOfServices(inScope).filter((arn) => !targetGroups.has(arn))).toEqual([]);
  });

  it.each(['small', 'medium'] as const)(
    'writes a %s snapshot that the snapshot schema accepts',
    (size) => {
      expect(snapshotSchema.safeParse(generateAccount(SIZES[size])).success).toBe(true);
    },
  );

  it('gives the same account for the same seed', () => {
    expect(generateAccount(SIZES.small, { seed: 7 })).toEqual(
      generateAccount(SIZES.small, { seed: 7 }),
    );
  });

  it('gives another account, of the same size, for another seed', () => {
    const a = generateAccount(SIZES.small, { seed: 7 });
    const b = generateAccount(SIZES.small, { seed: 8 });

    expect(b).not.toEqual(a);
    expect(measure(b)).toEqual(measure(a));
  });

  it('refuses more task definitions than in-scope services can run', () => {
    expect(() => generateAccount({ ...SIZES.small, taskDefinitions: 40 })).toThrow(RangeError);
  });
});

describe('the medium account', () => {
  let scan: ScanResult;

  beforeAll(async () => {
    scan = await evaluateSnapshot(generateAccount(SIZES.medium), DEFAULT_CONFIG, NOW, allChecks);
  });

  it.each(checks.map((c) => c.metadata.id))('has resources that %s finds misconfigured', (id) => {
    expect(scan.results.some((r) => r.checkId === id && r.status === 'FAILED')).toBe(true);
  });

  it.each(checks.map((c) => c.metadata.id).filter((id) => id !== 'appmesh_mesh_end_of_support'))(
    'has resources that %s passes',
    (id) => {
      expect(scan.results.some((r) => r.checkId === id && r.status === 'PASSED')).toBe(true);
    },
  );

  it('leaves every section collected, as a live scan of it would', () => {
    expect(scan.notCollected).toEqual([]);
  });
});
