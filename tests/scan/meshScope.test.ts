// App Mesh in scope only where ECS uses it, through the whole scan: what is called, what is
// judged, and what happens to the findings of meshes that fall out of scope or cannot be read.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { FaultConfig } from '../../emulator/api.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import * as io from '../../lib/scan/io.ts';
import { type ScanDependencies, scan } from '../../lib/scan/scan.ts';
import { APP_MESH_VARIABLES, isAppMeshEnvoyImage } from '../../lib/snapshot/appMesh.ts';
import type { EcsTaskDefinition, Snapshot } from '../../lib/snapshot/types.ts';
import { type Bench, demoAccount, NOW, REGION, startBench } from '../handlers/support.ts';

const MESH_CHECK = /^appmesh_/;

/**
 * The revision as it would be without App Mesh (or, given a mesh, without its wiring to that
 * mesh): no Envoy, no proxy configuration, no variables.
 */
const unwired = (definition: EcsTaskDefinition, mesh?: string): EcsTaskDefinition => {
  const wired = JSON.stringify(definition).includes(`mesh/${mesh}/`);
  if (mesh && !wired) return definition;
  const { proxyConfiguration: _, ...rest } = definition;
  return {
    ...rest,
    containerDefinitions: (definition.containerDefinitions ?? [])
      .filter((c) => !isAppMeshEnvoyImage(c.image ?? ''))
      .map((c) => ({
        ...c,
        environment: c.environment?.filter(
          (e) => !(APP_MESH_VARIABLES as readonly (string | undefined)[]).includes(e.name),
        ),
      })),
  };
};

describe('a scan and the meshes in scope', () => {
  let bench: Bench;
  let account: Snapshot;
  let ticks = 0;
  const lines: string[] = [];

  const depsWith = (allMeshes: boolean): ScanDependencies => ({
    registry: checks,
    io,
    clients: bench.runtime().clients,
    config: { ...DEFAULT_CONFIG, allMeshes },
    refreshDays: 7,
    clock: {
      now: () => {
        ticks += 1000;
        return new Date(NOW.getTime() + ticks);
      },
    },
    logger: { info: () => {}, warn: (message) => lines.push(message) },
  });
  const fullScan = (allMeshes: boolean) =>
    scan({ regions: [REGION], publish: 'publish', staged: true }, depsWith(allMeshes));
  const meshFindings = () =>
    bench.emulator.securityHubFindings().filter((f) =>
      MESH_CHECK.test(
        String(f.GeneratorId ?? '')
          .split('/')
          .pop() ?? '',
      ),
    );
  const activeMeshNames = () =>
    new Set(
      meshFindings()
        .filter((f) => f.RecordState === 'ACTIVE')
        .map((f) => (f.Resources?.[0]?.Id ?? '').split(':mesh/')[1]?.split('/')[0]),
    );
  const appMeshCalls = () => bench.emulator.calls().appmesh ?? {};

  beforeAll(async () => {
    account = demoAccount();
    // The demo's two revisions that cannot be described could point at any mesh: while they fail,
    // no mesh finding is archived. Here they are described.
    const ecs = account.regions[REGION]?.ecs;
    const described = new Set(ecs?.taskDefinitions?.map((td) => td.taskDefinitionArn));
    for (const arn of new Set(ecs?.services?.map((s) => s.taskDefinition ?? ''))) {
      if (arn && !described.has(arn)) ecs?.taskDefinitions?.push({ taskDefinitionArn: arn });
    }
    bench = await startBench({}, [account]);
  });
  afterAll(() => bench.close());
  beforeEach(async () => {
    // Every test starts from Security Hub holding a scan of every mesh.
    bench.emulator.setFaults({});
    await fullScan(true);
    bench.emulator.resetCalls();
    lines.length = 0;
  });

  it('judges every mesh with allMeshes, listing them', async () => {
    // Assess (the scan of beforeEach)
    expect(activeMeshNames()).toEqual(new Set(['mesh-prod', 'mesh-legacy']));
  });

  it('judges only the meshes task definitions point at, without ListMeshes, and archives the others', async () => {
    // Prepare
    const ecs = account.regions[REGION]?.ecs;
    const saved = ecs?.taskDefinitions;
    if (ecs) ecs.taskDefinitions = saved?.map((td) => unwired(td, 'mesh-legacy'));

    // Act
    const outcome = await fullScan(false);
    if (ecs) ecs.taskDefinitions = saved;

    // Assess
    expect(appMeshCalls().ListMeshes).toBeUndefined();
    expect(appMeshCalls().DescribeMesh).toBe(1);
    expect(activeMeshNames()).toEqual(new Set(['mesh-prod']));
    const archived = meshFindings().filter((f) => f.RecordState === 'ARCHIVED');
    expect(archived.length).toBeGreaterThan(0);
    expect(archived.every((f) => f.Resources?.[0]?.Id?.includes(':mesh/mesh-legacy'))).toBe(true);
    expect(outcome.failures.filter((f) => f.service === 'appmesh')).toEqual([]);
  });

  it('makes no App Mesh call where no task definition mentions App Mesh, and archives every mesh finding there', async () => {
    // Prepare
    const ecs = account.regions[REGION]?.ecs;
    const saved = ecs?.taskDefinitions;
    if (ecs) ecs.taskDefinitions = saved?.map((td) => unwired(td));

    // Act
    const outcome = await fullScan(false);
    if (ecs) ecs.taskDefinitions = saved;

    // Assess
    expect(appMeshCalls()).toEqual({});
    expect(outcome.scan.results.filter((r) => MESH_CHECK.test(r.checkId))).toEqual([]);
    expect(activeMeshNames()).toEqual(new Set());
    expect(meshFindings().length).toBeGreaterThan(0);
  });

  it('is not held up by App Mesh failing where no task definition mentions App Mesh', async () => {
    // Prepare
    const ecs = account.regions[REGION]?.ecs;
    const saved = ecs?.taskDefinitions;
    if (ecs) ecs.taskDefinitions = saved?.map((td) => unwired(td));
    bench.emulator.setFaults({ accessDenied: ['appmesh'] });

    // Act
    const outcome = await fullScan(false);
    bench.emulator.setFaults({});
    if (ecs) ecs.taskDefinitions = saved;

    // Assess
    expect(appMeshCalls()).toEqual({});
    expect(outcome.failures.filter((f) => f.service === 'appmesh')).toEqual([]);
    expect(lines.filter((l) => l.startsWith('App Mesh'))).toEqual([]);
    expect(activeMeshNames()).toEqual(new Set());
  });

  it.each<[string, FaultConfig, RegExp]>([
    ['answering AccessDenied', { accessDenied: ['appmesh'] }, /access denied/],
    ['unreachable', { unreachable: ['appmesh'] }, /connection was reset|refuses|does not resolve/],
  ])(
    'archives and resolves nothing when App Mesh is %s while task definitions point at a mesh',
    async (_name, faults, cause) => {
      // Prepare
      const before = new Map(
        meshFindings().map((f) => [f.Id, [f.RecordState, f.Compliance?.Status]]),
      );
      bench.emulator.setFaults(faults);

      // Act
      await fullScan(false);
      bench.emulator.setFaults({});

      // Assess
      const changed = meshFindings().filter((f) => {
        const was = before.get(f.Id);
        return !was || was[0] !== f.RecordState || was[1] !== f.Compliance?.Status;
      });
      // New: one NOT_AVAILABLE per mesh check, on the account. Nothing stored changes.
      expect(changed.every((f) => f.Compliance?.Status === 'NOT_AVAILABLE')).toBe(true);
      expect(changed.every((f) => f.Resources?.[0]?.Type === 'AwsAccount')).toBe(true);
      expect(activeMeshNames()).toEqual(new Set(['mesh-prod', 'mesh-legacy', undefined]));
      expect(lines.filter((l) => l.startsWith('App Mesh could not be read'))).toHaveLength(1);
      expect(lines.find((l) => l.startsWith('App Mesh could not be read'))).toMatch(cause);
    },
  );
});
