import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import type { ScanFocus } from '../../lib/events/scanMessage.ts';
import {
  ScanAbortedError,
  type ScanDependencies,
  scanTarget,
  WrongAccountError,
} from '../../lib/pipeline/scan.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';
import {
  type Bench,
  DEPLOYMENT_ACCOUNT,
  demoAccount,
  MEMBER_ACCOUNT,
  NOW,
  REGION,
  startBench,
} from '../handlers/support.ts';

const arn = (service: string, resource: string) =>
  `arn:aws:${service}:${REGION}:${DEPLOYMENT_ACCOUNT}:${resource}`;
const SERVICE = arn('ecs', 'service/service-fargate/service-orders');
const TASK_DEFINITION = arn('ecs', 'task-definition/service-orders:3');
const LB_WEB = arn('elasticloadbalancing', 'loadbalancer/app/elb-web/3f9c2a7d41b6e805');
const LB_LEGACY = arn('elasticloadbalancing', 'loadbalancer/app/elb-legacy/8d2e6b1c09a47f53');
const LISTENER_LEGACY_80 = arn(
  'elasticloadbalancing',
  'listener/app/elb-legacy/8d2e6b1c09a47f53/b2c6e9a1d4f78350',
);

describe('scanTarget', () => {
  let bench: Bench;
  let deployment: Snapshot;
  let deps: ScanDependencies;
  const warnings: string[] = [];
  let ticks = 0;

  beforeAll(async () => {
    deployment = demoAccount();
    bench = await startBench({}, [deployment, demoAccount(MEMBER_ACCOUNT)]);
    deps = {
      clients: bench.runtime().clients,
      config: DEFAULT_CONFIG,
      refreshDays: 7,
      // Time moves on (Security Hub ignores an import that is not later than the stored one).
      clock: {
        now: () => {
          ticks += 1000;
          return new Date(NOW.getTime() + ticks);
        },
      },
      logger: { info: () => {}, warn: (message) => warnings.push(message) },
    };
    // Every test starts from Security Hub holding a full scan of the deployment account.
    await scanTarget({ accountId: DEPLOYMENT_ACCOUNT, region: REGION }, deps);
  });
  afterAll(() => bench.close());
  beforeEach(() => bench.emulator.resetCalls());

  const importedIds = () => bench.emulator.securityHubFindings().map((f) => f.Id);

  it('imports nothing when the same full scan runs again', async () => {
    // Prepare
    const before = importedIds().length;

    // Act
    const report = await scanTarget({ accountId: DEPLOYMENT_ACCOUNT, region: REGION }, deps);

    // Assess
    expect(report.publish).toMatchObject({ created: 0, updated: 0, archived: 0 });
    expect(report.publish.unchangedSkipped).toBe(before);
    expect(bench.emulator.calls().securityhub?.BatchImportFindings).toBeUndefined();
  });

  it.each<[string, ScanFocus, number]>([
    ['a service', { services: [{ cluster: 'service-fargate', service: SERVICE }] }, 3],
    ['a task definition', { taskDefinitionArns: [TASK_DEFINITION] }, 3],
    ['a load balancer', { loadBalancerArns: [LB_WEB] }, 5],
    [
      'a target group',
      {
        targetGroupArns: [
          arn('elasticloadbalancing', 'targetgroup/elb-web-https/5e1f9a3c7b2d8046'),
        ],
      },
      5,
    ],
    ['a mesh', { meshes: [{ meshName: 'mesh-prod' }] }, 5],
    ['every service', { allServices: true }, 5],
  ])(
    'judges the resources %s leads to exactly as the full scan did',
    async (_name, focus, atLeast) => {
      // Act
      const report = await scanTarget(
        { accountId: DEPLOYMENT_ACCOUNT, region: REGION, focus, dryRun: true },
        deps,
      );

      // Assess: the focused results equal the stored ones, so nothing would change.
      expect(report.publish.planned).toEqual({ create: [], update: [], archive: [] });
      const judged = Object.values(report.results)
        .flatMap((bySeverity) => Object.values(bySeverity ?? {}))
        .reduce((n, count) => n + (count ?? 0), 0);
      expect(judged).toBeGreaterThanOrEqual(atLeast);
    },
  );

  it('rescans one service in a handful of calls', async () => {
    // Act
    await scanTarget(
      {
        accountId: DEPLOYMENT_ACCOUNT,
        region: REGION,
        focus: { services: [{ cluster: 'service-fargate', service: SERVICE }] },
        checks: [
          'ecs_service_connect_tls_enabled',
          'ecs_task_definition_no_secrets_in_environment',
        ],
      },
      deps,
    );

    // Assess
    const calls = bench.emulator.calls();
    const collector = Object.entries(calls)
      .filter(([service]) => service !== 'securityhub')
      .flatMap(([, operations]) => Object.values(operations))
      .reduce((n, count) => n + count, 0);
    expect(collector).toBeLessThanOrEqual(8);
    expect(calls.ecs).toMatchObject({ DescribeServices: 1, DescribeTaskDefinition: 1 });
    expect(calls.ecs?.ListServices).toBeUndefined();
  });

  it("archives a deleted service's findings and leaves its task definition's alone", async () => {
    // Prepare
    const region = deployment.regions[REGION];
    const services = region?.ecs?.services ?? [];
    const kept = services.filter((s) => s.serviceArn !== SERVICE);
    if (region?.ecs) region.ecs.services = kept;

    // Act
    const report = await scanTarget(
      {
        accountId: DEPLOYMENT_ACCOUNT,
        region: REGION,
        focus: { services: [{ cluster: 'service-fargate', service: SERVICE }] },
        resourceArns: [SERVICE],
      },
      deps,
    );
    if (region?.ecs) region.ecs.services = services;

    // Assess
    const archived = bench.emulator
      .securityHubFindings()
      .filter((f) => f.RecordState === 'ARCHIVED')
      .map((f) => f.Resources?.[0]?.Id);
    expect(report.publish.archived).toBeGreaterThan(0);
    expect(new Set(archived)).toEqual(new Set([SERVICE]));
  });

  it("archives the listeners' findings of a deleted load balancer, found under its prefix", async () => {
    // Prepare
    const elbv2 = deployment.regions[REGION]?.elbv2;
    const saved = structuredClone(elbv2);
    if (elbv2) {
      elbv2.loadBalancers = elbv2.loadBalancers?.filter((lb) => lb.LoadBalancerArn !== LB_LEGACY);
      elbv2.listeners = elbv2.listeners?.filter((l) => l.LoadBalancerArn !== LB_LEGACY);
      for (const tg of elbv2.targetGroups ?? []) {
        tg.LoadBalancerArns = tg.LoadBalancerArns?.filter((a) => a !== LB_LEGACY);
      }
    }

    // Act
    const report = await scanTarget(
      {
        accountId: DEPLOYMENT_ACCOUNT,
        region: REGION,
        focus: { loadBalancerArns: [LB_LEGACY] },
        checks: ['elbv2_listener_encrypted'],
        resourcePrefixes: [
          arn('elasticloadbalancing', 'listener/app/elb-legacy/8d2e6b1c09a47f53/'),
        ],
      },
      deps,
    );
    if (elbv2 && saved) Object.assign(elbv2, saved);

    // Assess
    expect(report.publish.archived).toBe(2);
    expect(report.resourceArns?.every((a) => a.includes('elb-legacy'))).toBe(true);
  });

  it('archives the findings of a deleted listener and updates none of its siblings', async () => {
    // Prepare: a full scan brings back what earlier tests archived.
    await scanTarget({ accountId: DEPLOYMENT_ACCOUNT, region: REGION }, deps);
    const elbv2 = deployment.regions[REGION]?.elbv2;
    const listeners = elbv2?.listeners ?? [];
    if (elbv2) elbv2.listeners = listeners.filter((l) => l.ListenerArn !== LISTENER_LEGACY_80);

    // Act
    const report = await scanTarget(
      {
        accountId: DEPLOYMENT_ACCOUNT,
        region: REGION,
        focus: { loadBalancerArns: [LB_LEGACY] },
        resourceArns: [LISTENER_LEGACY_80],
        dryRun: true,
      },
      deps,
    );
    if (elbv2) elbv2.listeners = listeners;

    // Assess
    expect(report.publish.planned?.create).toEqual([]);
    expect(report.publish.planned?.update).toEqual([]);
    expect(report.publish.planned?.archive.length).toBeGreaterThan(0);
    expect(report.publish.planned?.archive.every((id) => id.endsWith(LISTENER_LEGACY_80))).toBe(
      true,
    );
  });

  it('publishes nothing when collection is aborted before the timeout', async () => {
    // Prepare
    // Every call outlasts the abort, so the scan cannot finish first on a fast machine.
    bench.emulator.setFaults({ latencyMs: 400 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const before = JSON.stringify(bench.emulator.securityHubFindings());

    // Act
    const result = scanTarget(
      { accountId: DEPLOYMENT_ACCOUNT, region: REGION, signal: controller.signal },
      deps,
    );

    // Assess
    await expect(result).rejects.toBeInstanceOf(ScanAbortedError);
    bench.emulator.setFaults({});
    // Requests the abort cut off may still reach the in-process emulator: let them land first.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bench.emulator.calls().securityhub).toBeUndefined();
    expect(JSON.stringify(bench.emulator.securityHubFindings())).toBe(before);
  });

  it('refuses to scan when the credentials reach another account', async () => {
    // Act
    const result = scanTarget({ accountId: MEMBER_ACCOUNT, region: REGION }, deps);

    // Assess
    await expect(result).rejects.toBeInstanceOf(WrongAccountError);
    expect(bench.emulator.calls()).toEqual({ sts: { GetCallerIdentity: 1 } });
  });

  it('publishes only the listed resources of a listed scope', async () => {
    // Act
    const report = await scanTarget(
      {
        accountId: DEPLOYMENT_ACCOUNT,
        region: REGION,
        focus: { services: [{ cluster: 'service-fargate', service: SERVICE }] },
        resourceArns: [TASK_DEFINITION],
        resourceScope: 'listed',
        dryRun: true,
      },
      deps,
    );

    // Assess
    expect(report.resourceArns).toEqual([TASK_DEFINITION]);
    expect(report.publish.unchangedSkipped).toBe(
      bench.emulator
        .securityHubFindings()
        .filter((f) => f.Resources?.[0]?.Id === TASK_DEFINITION && f.RecordState === 'ACTIVE')
        .length,
    );
  });
});
