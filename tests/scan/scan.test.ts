import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { ScanFocus } from '../../lib/collect/focus.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { ScanAbortedError, WrongAccountError } from '../../lib/scan/errors.ts';
import * as io from '../../lib/scan/io.ts';
import { type ScanDependencies, type ScanRequest, scan } from '../../lib/scan/scan.ts';
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

type Target = Omit<ScanRequest, 'regions' | 'publish'> & {
  accountId: string;
  region: string;
  dryRun?: boolean;
};

/** A scan as the worker runs it: one account and region, judged in stages and published. */
const scanTarget = async ({ region, dryRun, ...request }: Target, deps: ScanDependencies) => {
  const outcome = await scan(
    { ...request, regions: [region], publish: dryRun ? 'dry-run' : 'publish', staged: true },
    deps,
  );
  const [report] = outcome.regions;
  if (!report?.publish) throw new Error('the scan published nothing');
  return { ...report, publish: report.publish };
};

describe('scan', () => {
  let bench: Bench;
  let deployment: Snapshot;
  let deps: ScanDependencies;
  const warnings: string[] = [];
  let ticks = 0;

  beforeAll(async () => {
    deployment = demoAccount();
    bench = await startBench({}, [deployment, demoAccount(MEMBER_ACCOUNT)]);
    deps = {
      registry: checks,
      io,
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
        checkIds: [
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

  it.each<[string, string, string, string | undefined, boolean]>([
    // EC2 instances of service-legacy sit in vpc-0b22, which lacks the ecs-agent endpoint: FAILED.
    [
      'an EC2 service whose VPC lacks the agent endpoints',
      'service-legacy',
      'service-inventory',
      'vpc-0b22c0ffee0000002',
      true,
    ],
    // vpc-0a11 has the ECS endpoints: its result hangs on the services the rescan does not see.
    ['an EC2 service whose VPC has them', 'service-enclave', 'service-ledger', undefined, true],
    // A Fargate service alone never decides its VPC: no subnet or endpoint call is made.
    ['a Fargate service', 'service-fargate', 'service-orders', undefined, false],
  ])(
    'publishes the VPC result of %s only when the service alone decides it',
    async (_name, cluster, service, judgedVpc, describesEc2) => {
      // Act
      const report = await scanTarget(
        {
          accountId: DEPLOYMENT_ACCOUNT,
          region: REGION,
          focus: { services: [{ cluster, service }] },
          checkIds: ['vpc_ecs_interface_endpoints'],
          dryRun: true,
        },
        deps,
      );

      // Assess: what it publishes equals the stored full-scan result.
      expect(report.publish.planned).toEqual({ create: [], update: [], archive: [] });
      const vpcs = (report.resourceArns ?? []).filter((a) => a.includes(':vpc/'));
      expect(vpcs).toEqual(judgedVpc ? [arn('ec2', `vpc/${judgedVpc}`)] : []);
      expect(bench.emulator.calls().ec2?.DescribeVpcEndpoints !== undefined).toBe(describesEc2);
    },
  );

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
        checkIds: ['elbv2_listener_encrypted'],
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
    // Reading the existing findings while collecting is allowed; importing is not.
    expect(bench.emulator.calls().securityhub?.BatchImportFindings).toBeUndefined();
    expect(JSON.stringify(bench.emulator.securityHubFindings())).toBe(before);
  });

  it('asks STS nothing when the account the credentials reach is known', async () => {
    // Act
    await scanTarget(
      { accountId: DEPLOYMENT_ACCOUNT, region: REGION, credentialsAccountId: DEPLOYMENT_ACCOUNT },
      deps,
    );

    // Assess
    expect(bench.emulator.calls().sts).toBeUndefined();
  });

  it('refuses to scan when the credentials are known to reach another account', async () => {
    // Act
    const result = scanTarget(
      { accountId: MEMBER_ACCOUNT, region: REGION, credentialsAccountId: DEPLOYMENT_ACCOUNT },
      deps,
    );

    // Assess
    await expect(result).rejects.toThrow(
      `the credentials reach account ${DEPLOYMENT_ACCOUNT}, not ${MEMBER_ACCOUNT}: nothing was scanned.`,
    );
    expect(bench.emulator.calls()).toEqual({});
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

  it('reports each mesh check NOT_AVAILABLE on the account while App Mesh is refused, then archives that finding when it answers again', async () => {
    // Prepare
    const meshChecks = new Set(
      bench.emulator
        .securityHubFindings()
        .filter((f) => f.GeneratorId?.startsWith('appmesh_'))
        .map((f) => f.GeneratorId),
    );
    const meshFindings = () =>
      bench.emulator
        .securityHubFindings()
        .filter((f) => (f.Resources?.[0]?.Id ?? '').startsWith('arn:aws:appmesh:'))
        .map((f) => [f.Id, f.RecordState, f.Compliance?.Status, f.UpdatedAt]);
    const accountFindings = () =>
      bench.emulator.securityHubFindings().filter((f) => f.Resources?.[0]?.Type === 'AwsAccount');
    const before = meshFindings();
    bench.emulator.setFaults({ unreachable: ['appmesh'] });

    // Act
    try {
      await scanTarget({ accountId: DEPLOYMENT_ACCOUNT, region: REGION }, deps);
    } finally {
      bench.emulator.setFaults({});
    }

    // Assess: one ACTIVE NOT_AVAILABLE finding per mesh check, the mesh findings as they were.
    const refused = accountFindings();
    expect(new Set(refused.map((f) => f.GeneratorId))).toEqual(meshChecks);
    expect(refused).toHaveLength(meshChecks.size);
    for (const finding of refused) {
      expect(finding).toMatchObject({
        RecordState: 'ACTIVE',
        Compliance: { Status: 'NOT_AVAILABLE' },
        Resources: [{ Id: `AWS::::Account:${DEPLOYMENT_ACCOUNT}`, Region: REGION }],
      });
      expect(finding.Description).toMatch(/^App Mesh could not be listed in .* \(appmesh\./);
    }
    expect(before.length).toBeGreaterThan(0);
    expect(meshFindings()).toEqual(before);

    // Act: App Mesh answers again.
    await scanTarget({ accountId: DEPLOYMENT_ACCOUNT, region: REGION }, deps);

    // Assess: the account findings archived, the mesh findings judged again and still ACTIVE.
    const answered = accountFindings();
    expect(answered.map((f) => f.Id).sort()).toEqual(refused.map((f) => f.Id).sort());
    expect(answered.every((f) => f.RecordState === 'ARCHIVED')).toBe(true);
    expect(meshFindings().map(([id, state, status]) => [id, state, status])).toEqual(
      before.map(([id, state, status]) => [id, state, status]),
    );
  });
});

describe('scanTarget in stages', () => {
  let bench: Bench;
  beforeAll(async () => {
    // A Security Hub of its own: what the aborted scan imports is all there is.
    bench = await startBench({}, [demoAccount()]);
  });
  afterAll(() => bench.close());

  it('publishes, when aborted, the checks whose inputs it had collected and nothing of the others', async () => {
    // Prepare: ELBv2 answers nothing until the abort, which comes right after the first stage.
    const controller = new AbortController();
    const aborted = new Promise((resolve) => controller.signal.addEventListener('abort', resolve));
    const factory = bench.runtime().clients;
    const deps: ScanDependencies = {
      registry: checks,
      io,
      clients: {
        ...factory,
        regionClients: (region, options) => {
          const clients = factory.regionClients(region, options);
          clients.elbv2.middlewareStack.add(
            (next) => async (args) => {
              await aborted;
              return next(args);
            },
            { step: 'initialize', name: 'holdUntilAborted' },
          );
          return clients;
        },
      },
      config: DEFAULT_CONFIG,
      refreshDays: 7,
      clock: { now: () => NOW },
      logger: { info: () => controller.abort(), warn: () => {} },
    };

    // Act
    const result = scanTarget(
      { accountId: DEPLOYMENT_ACCOUNT, region: REGION, signal: controller.signal },
      deps,
    );

    // Assess: the stage's checks in full, as a complete scan judges them; no ELBv2 finding.
    const error = await result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ScanAbortedError);
    const published = new Set((error as ScanAbortedError).publishedCheckIds);
    expect(published.size).toBeGreaterThan(0);
    expect([...published].some((id) => id.startsWith('elbv2_'))).toBe(false);
    const stored = bench.emulator.securityHubFindings();
    expect(stored.every((f) => published.has(f.GeneratorId ?? ''))).toBe(true);
    const complete = await scanTarget(
      { accountId: DEPLOYMENT_ACCOUNT, region: REGION, dryRun: true },
      { ...deps, clients: factory, logger: { info: () => {}, warn: () => {} } },
    );
    const ofStage = (ids: readonly string[] = []) =>
      ids.filter((id) => [...published].some((check) => id.includes(`/${check}/`)));
    expect(stored.length).toBeGreaterThan(0);
    expect(ofStage(complete.publish.planned?.create)).toEqual([]);
    expect(ofStage(complete.publish.planned?.update)).toEqual([]);
    expect(complete.publish.planned?.create.length).toBeGreaterThan(0);
  });
});
