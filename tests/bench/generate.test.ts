import { beforeAll, describe, expect, it } from 'vitest';
import { BENCH_REGION, generateAccount, SIZES } from '../../bench/generate.ts';
import { checks as allChecks, checks } from '../../checks/registry.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { evaluateSnapshot, type ScanResult } from '../../lib/evaluate/evaluate.ts';
import { appMeshTargetsOf } from '../../lib/snapshot/appMesh.ts';
import { snapshotSchema } from '../../lib/snapshot/schema.ts';
import {
  isServiceInScope,
  targetGroupArnsOfServices,
  uniqueTaskDefinitionArns,
} from '../../lib/snapshot/scope.ts';
import type { RegionSnapshot, Snapshot } from '../../lib/snapshot/types.ts';

const NOW = new Date('2026-11-28T12:00:00.000Z');

const dataOf = (snapshot: Snapshot) => snapshot.regions[BENCH_REGION] as RegionSnapshot;

/** The task definitions of the in-scope services, as the scanner describes them. */
const inScopeTaskDefinitions = (data: RegionSnapshot) => {
  const arns = new Set(
    uniqueTaskDefinitionArns((data.ecs?.services ?? []).filter(isServiceInScope)),
  );
  return (data.ecs?.taskDefinitions ?? []).filter((td) => arns.has(td.taskDefinitionArn ?? ''));
};

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

  it.each([
    ['small', SIZES.small],
    ['medium', SIZES.medium],
    ['large', SIZES.large],
    ['small with more meshes than services with one', { ...SIZES.small, meshes: 3 }],
  ] as const)(
    'points an in-scope task definition at every mesh of the %s account',
    (_name, size) => {
      const data = dataOf(generateAccount(size));
      const targets = appMeshTargetsOf(inScopeTaskDefinitions(data));

      expect(new Set(targets.map((t) => t.meshName))).toEqual(
        new Set(data.appmesh?.meshes?.map((m) => m.meshName)),
      );
    },
  );

  it.each([
    // size, the kinds of resource its Envoys serve (the small account has one mesh-wired family)
    ['small', ['virtualNode']],
    ['medium', ['virtualNode', 'virtualGateway']],
    ['large', ['virtualNode', 'virtualGateway']],
  ] as const)(
    "points the %s account's Envoys at nodes and gateways that exist, in its own region and account",
    (size, kinds) => {
      const data = dataOf(generateAccount(SIZES[size]));
      const arnOf = (t: ReturnType<typeof appMeshTargetsOf>[number]) =>
        `arn:aws:appmesh:${t.region}:${t.meshOwner}:mesh/${t.meshName}/${t.resourceType}/${t.resourceName}`;
      const existing = new Set(
        [...(data.appmesh?.virtualNodes ?? []), ...(data.appmesh?.virtualGateways ?? [])].map(
          (item) => item.metadata?.arn,
        ),
      );
      const targets = appMeshTargetsOf(data.ecs?.taskDefinitions ?? []);

      expect(targets.length).toBeGreaterThan(0);
      expect(targets.map(arnOf).filter((arn) => !existing.has(arn))).toEqual([]);
      expect(new Set(targets.map((t) => t.resourceType))).toEqual(new Set(kinds));
    },
  );

  it("routes most mesh-wired tasks through Envoy, and no gateway's", () => {
    const wired = dataOf(generateAccount(SIZES.medium)).ecs?.taskDefinitions?.flatMap((td) => {
      const [target] = appMeshTargetsOf([td]);
      return target ? [{ td, target }] : [];
    });
    const proxied = (wired ?? []).filter(({ td }) => td.proxyConfiguration);

    expect(proxied.length).toBeGreaterThan((wired?.length ?? 0) / 2);
    expect(proxied.filter(({ target }) => target.resourceType !== 'virtualNode')).toEqual([]);
    expect(proxied[0]?.td.proxyConfiguration).toEqual({
      type: 'APPMESH',
      containerName: 'envoy',
      properties: [
        { name: 'IgnoredUID', value: '1337' },
        { name: 'ProxyIngressPort', value: '15000' },
        { name: 'ProxyEgressPort', value: '15001' },
        { name: 'AppPorts', value: '8080' },
        { name: 'EgressIgnoredIPs', value: '169.254.170.2,169.254.169.254' },
      ],
    });
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
