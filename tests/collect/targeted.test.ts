// lib/collect/targeted.ts at the SDK's HTTP boundary: focused rescans with real clients against
// the emulator serving the fixture account, which counts every request.
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Emulator, FaultConfig } from '../../emulator/api.ts';
import { createClients } from '../../lib/aws/regionClients.ts';
import { collectRegion } from '../../lib/collect/collect.ts';
import {
  collectFocused,
  type FocusedCollectOptions,
  type ScanFocus,
} from '../../lib/collect/targeted.ts';
import type { EcsService, RegionSnapshot, Snapshot } from '../../lib/snapshot/types.ts';
import { ACCOUNT, arn, fixtureSnapshot, REGION } from './fixture.ts';
import { CREDENTIALS, flatCalls, memoryLogger, start } from './support.ts';

const regionOf = (snapshot: Snapshot) => snapshot.regions[REGION] as RegionSnapshot;
const served = regionOf(fixtureSnapshot());
const ALL_SERVICES = (served.ecs?.services ?? []).map((s) => s.serviceName ?? '').sort();

const svc = (i: number) => `svc-${String(i).padStart(2, '0')}`;
const names = (services: readonly EcsService[] | undefined) =>
  services?.map((s) => s.serviceName ?? '').sort();

/** Calls of one service, as `Operation` → requests. */
const callsOf = (calls: Record<string, number>, service: string): Record<string, number> =>
  Object.fromEntries(
    Object.entries(calls)
      .filter(([key]) => key.startsWith(`${service}:`))
      .map(([key, n]) => [key.slice(service.length + 1), n]),
  );

const clientsOf = (emulator: Emulator) => {
  const clients = createClients(REGION, {
    endpoint: emulator.url,
    credentials: CREDENTIALS,
    maxAttempts: 2,
    pacing: false,
  });
  onTestFinished(() => clients.destroy());
  return clients;
};

/** A focused rescan of the fixture region, exemption tags off (their calls are tags.test.ts's). */
const rescan = async (
  emulator: Emulator,
  focus: ScanFocus | undefined,
  options: Partial<FocusedCollectOptions> = {},
) => {
  const { logger, lines } = memoryLogger();
  const run = await collectFocused(clientsOf(emulator), REGION, {
    logger,
    accountId: ACCOUNT,
    config: { allLoadBalancers: false, exemptionTags: false },
    focus,
    ...options,
  });
  return { ...run, messages: lines.map((l) => l.message), calls: flatCalls(emulator) };
};

let emulator: Emulator;

beforeAll(async () => {
  emulator = await start();
});
afterEach(() => {
  emulator.setFaults({});
  emulator.resetCalls();
});
afterAll(() => emulator.close());

describe('collectFocused without a focus', () => {
  it('collects the whole region exactly as collectRegion does', async () => {
    // Prepare
    const config = { allLoadBalancers: false, exemptionTags: false };
    const whole = await collectRegion(clientsOf(emulator), REGION, config, {
      logger: memoryLogger().logger,
      accountId: ACCOUNT,
    });
    emulator.resetCalls();

    // Act
    const run = await rescan(emulator, undefined);

    // Assess
    expect(run.snapshot).toEqual(whole.snapshot);
    expect(names(run.snapshot.ecs?.services)).toEqual(ALL_SERVICES);
    expect(run.failures).toEqual([]);
    expect(callsOf(run.calls, 'ecs')).toMatchObject({ ListClusters: 1, ListServices: 3 });
  });
});

describe('collectFocused on services named by cluster and service', () => {
  it.each<
    [string, { refs: { cluster: string; service: string }[]; expected: string[]; calls: number }]
  >([
    [
      'a service by names, in one call',
      { refs: [{ cluster: 'prod', service: svc(0) }], expected: [svc(0)], calls: 1 },
    ],
    [
      'a service by ARNs, in one call',
      {
        refs: [{ cluster: arn.cluster('prod'), service: arn.service('prod', svc(1)) }],
        expected: [svc(1)],
        calls: 1,
      },
    ],
    [
      'one cluster named by name and by ARN, a service named twice, in one call',
      {
        refs: [
          { cluster: 'prod', service: svc(0) },
          { cluster: arn.cluster('prod'), service: svc(1) },
          { cluster: 'prod', service: svc(0) },
        ],
        expected: [svc(0), svc(1)],
        calls: 1,
      },
    ],
    [
      '12 services of one cluster, 10 a call',
      {
        refs: Array.from({ length: 12 }, (_, i) => ({ cluster: 'prod', service: svc(i) })),
        expected: Array.from({ length: 12 }, (_, i) => svc(i)),
        calls: 2,
      },
    ],
    [
      'a service in each of three clusters, one call each',
      {
        refs: [
          { cluster: 'prod', service: svc(3) },
          { cluster: 'batch', service: 'worker' },
          { cluster: 'fargate-only', service: 'edge' },
        ],
        expected: ['edge', svc(3), 'worker'],
        calls: 3,
      },
    ],
    [
      'a service that does not exist beside one that does, leaving it out',
      {
        refs: [
          { cluster: 'prod', service: 'gone' },
          { cluster: 'prod', service: svc(0) },
        ],
        expected: [svc(0)],
        calls: 1,
      },
    ],
    [
      'a service of a cluster that does not exist, leaving it out',
      { refs: [{ cluster: 'gone', service: svc(0) }], expected: [], calls: 1 },
    ],
  ])('describes %s, without listing', async (_, { refs, expected, calls }) => {
    // Act
    const run = await rescan(emulator, { services: refs });

    // Assess
    expect(names(run.snapshot.ecs?.services)).toEqual(expected);
    expect(run.failures).toEqual([]);
    const ecs = callsOf(run.calls, 'ecs');
    expect(ecs.DescribeServices).toBe(calls);
    expect(ecs.ListClusters).toBeUndefined();
    expect(ecs.ListServices).toBeUndefined();
  });

  it('describes the clusters of the services found, all in one call', async () => {
    // Act
    const run = await rescan(emulator, {
      services: [
        { cluster: 'prod', service: svc(3) },
        { cluster: 'batch', service: 'worker' },
        { cluster: 'gone', service: 'x' },
      ],
    });

    // Assess
    expect(run.snapshot.ecs?.clusters?.map((c) => c.clusterName).sort()).toEqual(['batch', 'prod']);
    expect(callsOf(run.calls, 'ecs').DescribeClusters).toBe(1);
  });

  it('describes no cluster when no service named was found', async () => {
    // Act
    const run = await rescan(emulator, { services: [{ cluster: 'prod', service: 'gone' }] });

    // Assess
    expect(run.snapshot.ecs?.clusters).toEqual([]);
    expect(callsOf(run.calls, 'ecs').DescribeClusters).toBeUndefined();
  });

  it('follows a focused service to what it uses, as a full scan does, and no further', async () => {
    // Act
    const run = await rescan(emulator, { services: [{ cluster: 'prod', service: svc(0) }] });

    // Assess: svc-00 runs app-0:2 and still deploys app-0:1, behind target group web.
    const { ecs, elbv2 } = run.snapshot;
    expect(ecs?.taskDefinitions?.map((d) => d.taskDefinitionArn).sort()).toEqual([
      arn.taskDefinition('app-0', 1),
      arn.taskDefinition('app-0', 2),
    ]);
    expect(elbv2?.targetGroups?.map((tg) => tg.TargetGroupName)).toEqual(['web']);
    expect(elbv2?.loadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual(['web']);
    expect(elbv2?.listeners?.map((l) => l.ListenerArn)).toEqual(
      ['https', 'http', 'plain'].map((id) => arn.listener('web', id)),
    );
    expect(run.snapshot.ec2?.subnets?.map((s) => s.SubnetId)).toEqual(['subnet-a0']);
    expect(run.snapshot.appmesh).toBeUndefined();
    expect(callsOf(run.calls, 'appmesh')).toEqual({});
    expect(callsOf(run.calls, 'ecs')).toEqual({
      DescribeServices: 1,
      DescribeClusters: 1,
      DescribeTaskDefinition: 2,
    });
  });
});

describe('collectFocused on clusters', () => {
  it('lists and describes the services of the clusters named, by name or ARN, and describes those clusters once', async () => {
    // Act
    const run = await rescan(emulator, { clusters: ['batch', arn.cluster('fargate-only')] });

    // Assess
    expect(names(run.snapshot.ecs?.services)).toEqual(['edge', 'worker']);
    expect(run.snapshot.ecs?.clusters?.map((c) => c.clusterName).sort()).toEqual([
      'batch',
      'fargate-only',
    ]);
    expect(run.failures).toEqual([]);
    expect(callsOf(run.calls, 'ecs')).toMatchObject({ ListServices: 2, DescribeClusters: 1 });
    expect(callsOf(run.calls, 'ecs').ListClusters).toBeUndefined();
  });

  it('collects no service when a focused cluster cannot be listed: a missing service would look deleted', async () => {
    // Act
    const run = await rescan(emulator, { clusters: ['gone'] });

    // Assess
    expect(run.snapshot.ecs?.services).toBeUndefined();
    expect(run.failures).toEqual([
      expect.objectContaining({ service: 'ecs', operation: 'ListServices' }),
    ]);
  });
});

describe('collectFocused on Classic load balancers', () => {
  let classic: Emulator;
  beforeAll(async () => {
    const snapshot = fixtureSnapshot();
    const region = regionOf(snapshot);
    const worker = region.ecs?.services?.find((s) => s.serviceName === 'worker') as EcsService;
    worker.loadBalancers = [{ loadBalancerName: 'classic-web', containerName: 'app' }];
    region.elb = {
      loadBalancers: [
        {
          LoadBalancerName: 'classic-web',
          ListenerDescriptions: [
            { Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 8080 } },
          ],
        },
      ],
      policies: {},
    };
    classic = await start({}, snapshot);
  });
  afterAll(() => classic.close());

  it('collects the services that name the Classic load balancer, and the load balancer', async () => {
    // Act
    const run = await rescan(classic, { classicLoadBalancerNames: ['classic-web'] });

    // Assess
    expect(names(run.snapshot.ecs?.services)).toEqual(['worker']);
    expect(run.snapshot.elb?.loadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual([
      'classic-web',
    ]);
    expect(run.failures).toEqual([]);
  });
});

describe('collectFocused on what leads to services', () => {
  it.each<[string, { focus: ScanFocus; expected: string[] }]>([
    [
      'a task definition revision still deploying: the services deploying it',
      {
        focus: { taskDefinitionArns: [arn.taskDefinition('app-0', 1)] },
        expected: [0, 5, 10, 15, 20].map(svc),
      },
    ],
    [
      'the task definition of a service in another cluster',
      { focus: { taskDefinitionArns: [arn.taskDefinition('worker', 3)] }, expected: ['worker'] },
    ],
    [
      'a target group: the services behind it',
      { focus: { targetGroupArns: [arn.targetGroup('web')] }, expected: [svc(0), svc(2)] },
    ],
    [
      'a load balancer: the services behind its target groups',
      { focus: { loadBalancerArns: [arn.loadBalancer('tls', 'net')] }, expected: [svc(1)] },
    ],
    [
      'a load balancer in front of no service: none',
      { focus: { loadBalancerArns: [arn.loadBalancer('legacy')] }, expected: [] },
    ],
    [
      'a load balancer that does not exist: none',
      { focus: { loadBalancerArns: [arn.loadBalancer('gone')] }, expected: [] },
    ],
    [
      'a named service and a target group: both',
      {
        focus: {
          services: [{ cluster: 'prod', service: svc(3) }],
          targetGroupArns: [arn.targetGroup('tls')],
        },
        expected: [svc(1), svc(3)],
      },
    ],
    ['allServices: every service', { focus: { allServices: true }, expected: ALL_SERVICES }],
  ])('finds, for %s, after listing every cluster and service', async (_, { focus, expected }) => {
    // Act
    const run = await rescan(emulator, focus);

    // Assess
    expect(names(run.snapshot.ecs?.services)).toEqual(expected);
    expect(run.snapshot.ecs?.clusters).toHaveLength(3);
    expect(run.failures).toEqual([]);
    expect(callsOf(run.calls, 'ecs')).toMatchObject({
      ListClusters: 1,
      DescribeClusters: 1,
      ListServices: 3,
      DescribeServices: 5 + (focus.services ? 1 : 0),
    });
  });

  it("asks for each focused load balancer's target groups once, then collects as a full scan does", async () => {
    // Act
    const run = await rescan(emulator, {
      loadBalancerArns: [arn.loadBalancer('web'), arn.loadBalancer('tls', 'net')],
    });

    // Assess: one DescribeTargetGroups by load balancer each, one for the services found.
    expect(names(run.snapshot.ecs?.services)).toEqual([svc(0), svc(1), svc(2)]);
    expect(callsOf(run.calls, 'elasticloadbalancing').DescribeTargetGroups).toBe(2 + 1);
    expect(run.snapshot.elbv2?.targetGroups?.map((tg) => tg.TargetGroupName).sort()).toEqual([
      'tls',
      'web',
    ]);
  });

  it('keeps a draining service the focus leads to, but describes only what in-scope services run', async () => {
    // Act
    const run = await rescan(emulator, { taskDefinitionArns: [arn.taskDefinition('unused', 1)] });

    // Assess
    expect(names(run.snapshot.ecs?.services)).toEqual(['retired']);
    expect(run.snapshot.ecs?.taskDefinitions).toEqual([]);
    expect(callsOf(run.calls, 'ecs').DescribeTaskDefinition).toBeUndefined();
  });

  it.each<[string, { focus: ScanFocus; expected: string[] }]>([
    [
      'a service focus, only the load balancer in front of it',
      { focus: { services: [{ cluster: 'prod', service: svc(0) }] }, expected: ['web'] },
    ],
    [
      'a load balancer focus, every load balancer',
      {
        focus: { loadBalancerArns: [arn.loadBalancer('legacy')] },
        expected: ['legacy', 'tls', 'web'],
      },
    ],
  ])('with allLoadBalancers describes, for %s', async (_, { focus, expected }) => {
    // Act
    const run = await rescan(emulator, focus, {
      config: { allLoadBalancers: true, exemptionTags: false },
    });

    // Assess
    expect(run.snapshot.elbv2?.loadBalancers?.map((lb) => lb.LoadBalancerName).sort()).toEqual(
      expected,
    );
  });
});

describe('collectFocused on meshes', () => {
  const allMeshes = { config: { allLoadBalancers: false, exemptionTags: false, allMeshes: true } };

  it('with allMeshes describes only the focused mesh, its nodes and gateways, with no listing and no ECS call', async () => {
    // Act
    const run = await rescan(emulator, { meshes: [{ meshName: 'payments' }] }, allMeshes);

    // Assess
    expect(run.snapshot.appmesh?.meshes?.map((m) => m.metadata?.arn)).toEqual([
      arn.mesh('payments'),
    ]);
    expect(run.snapshot.appmesh?.virtualNodes?.map((n) => n.virtualNodeName)).toEqual(['ledger']);
    expect(run.snapshot.appmesh?.virtualGateways).toEqual([]);
    expect(callsOf(run.calls, 'appmesh')).toEqual({
      DescribeMesh: 1,
      ListVirtualNodes: 1,
      DescribeVirtualNode: 1,
      ListVirtualGateways: 1,
    });
    expect(callsOf(run.calls, 'ecs')).toEqual({});
    expect(run.snapshot.ecs?.services).toEqual([]);
  });

  it('with allMeshes leaves out a focused mesh that does not exist, with no failure', async () => {
    // Act
    const run = await rescan(
      emulator,
      { meshes: [{ meshName: 'gone' }, { meshName: 'lab' }] },
      allMeshes,
    );

    // Assess
    expect(run.snapshot.appmesh?.meshes?.map((m) => m.meshName)).toEqual(['lab']);
    expect(run.failures).toEqual([]);
    expect(callsOf(run.calls, 'appmesh')).toMatchObject({ DescribeMesh: 2, ListVirtualNodes: 1 });
  });

  it('reads every service and task definition to know that a focused mesh is in scope, then describes it', async () => {
    // Act
    const run = await rescan(emulator, { meshes: [{ meshName: 'payments' }] });

    // Assess
    expect(run.snapshot.appmesh?.meshes?.map((m) => m.meshName)).toEqual(['payments']);
    expect(run.snapshot.appmesh?.virtualNodes?.map((n) => n.virtualNodeName)).toEqual(['ledger']);
    expect(callsOf(run.calls, 'ecs')).toMatchObject({ ListServices: expect.any(Number) });
    expect(run.snapshot.ecs?.services?.length).toBeGreaterThan(20);
    expect(callsOf(run.calls, 'appmesh')).toEqual({
      DescribeMesh: 1,
      ListVirtualNodes: 1,
      DescribeVirtualNode: 1,
      ListVirtualGateways: 1,
    });
  });

  it('makes no App Mesh call for a focused mesh no task definition points at: none is in scope', async () => {
    // Act
    const run = await rescan(emulator, { meshes: [{ meshName: 'gone' }] });

    // Assess
    expect(callsOf(run.calls, 'appmesh')).toEqual({});
    expect(run.snapshot.appmesh).toEqual({ meshes: [], virtualNodes: [], virtualGateways: [] });
    expect(run.failures).toEqual([]);
  });
});

describe('collectFocused and the sections only the VPC check reads', () => {
  it.each<[string, { focus: ScanFocus | undefined; instances: string[] | undefined }]>([
    [
      'skips them for a Fargate service',
      { focus: { services: [{ cluster: 'prod', service: svc(0) }] }, instances: undefined },
    ],
    [
      "collects them for a service on its cluster's EC2 capacity",
      {
        focus: { services: [{ cluster: 'batch', service: 'worker' }] },
        instances: ['i-0batch0', 'i-0batch1', 'i-0batch2'],
      },
    ],
    [
      'collects them for every service',
      { focus: { allServices: true }, instances: ['i-0batch0', 'i-0batch1', 'i-0batch2'] },
    ],
    [
      'collects them without a focus',
      { focus: undefined, instances: ['i-0batch0', 'i-0batch1', 'i-0batch2'] },
    ],
  ])('%s', async (_, { focus, instances }) => {
    // Act
    const run = await rescan(emulator, focus, {
      sections: ['ecs.taskDefinitions'],
      hostSections: ['ec2.instances'],
    });

    // Assess
    expect(run.snapshot.ec2?.instances?.map((i) => i.InstanceId).sort()).toEqual(instances);
    expect(Boolean(callsOf(run.calls, 'ec2').DescribeInstances)).toBe(instances !== undefined);
    expect(run.snapshot.ecs?.taskDefinitions?.length).toBeGreaterThan(0);
  });
});

describe('collectFocused when a focusing call fails after retries', () => {
  const focusingFailure = (service: string, operation: string, errorCode: string, count = 1) => ({
    failure: { region: REGION, service, operation, errorCode, count },
    message: `${service} ${operation} failed in ${REGION} after retries (${errorCode}); the rescan cannot tell which resources the change touched, so their findings are left untouched.`,
  });

  it.each<
    [
      string,
      {
        focus: ScanFocus;
        faults: FaultConfig;
        clusters: number | undefined;
        expected: ReturnType<typeof focusingFailure>;
      },
    ]
  >([
    [
      'DescribeServices of the named services fails',
      {
        focus: { services: [{ cluster: 'prod', service: svc(0) }] },
        faults: { accessDenied: ['ecs:DescribeServices'] },
        clusters: undefined,
        expected: focusingFailure('ecs', 'DescribeServices', 'AccessDeniedException'),
      },
    ],
    [
      'DescribeServices of the named services fails though the listing answers',
      {
        focus: {
          services: [{ cluster: 'prod', service: svc(0) }],
          taskDefinitionArns: [arn.taskDefinition('app-1', 2)],
        },
        faults: {
          accessDenied: [{ operation: 'ecs:DescribeServices', match: '"cluster":"prod"' }],
        },
        clusters: 3,
        expected: focusingFailure('ecs', 'DescribeServices', 'AccessDeniedException'),
      },
    ],
    [
      'ListServices fails, for a task definition',
      {
        focus: { taskDefinitionArns: [arn.taskDefinition('app-1', 2)] },
        faults: { accessDenied: ['ecs:ListServices'] },
        clusters: 3,
        expected: focusingFailure('ecs', 'ListServices', 'AccessDeniedException', 3),
      },
    ],
    [
      'ListClusters fails, for a target group',
      {
        focus: { targetGroupArns: [arn.targetGroup('web')] },
        faults: { accessDenied: ['ecs:ListClusters'] },
        clusters: undefined,
        expected: focusingFailure('ecs', 'ListClusters', 'AccessDeniedException'),
      },
    ],
    [
      'DescribeTargetGroups of a focused load balancer fails (a 500 after its retry)',
      {
        focus: { loadBalancerArns: [arn.loadBalancer('web')] },
        faults: {
          errors: [
            {
              operation: 'elasticloadbalancing:DescribeTargetGroups',
              match: 'LoadBalancerArn=',
              code: 'InternalFailure',
              status: 500,
            },
          ],
        },
        clusters: 3,
        expected: focusingFailure(
          'elasticloadbalancing',
          'DescribeTargetGroups',
          'InternalFailure',
        ),
      },
    ],
  ])(
    'leaves the services and all they lead to uncollected, and says so, when %s',
    async (_, { focus, faults, clusters, expected }) => {
      // Prepare
      emulator.setFaults(faults);

      // Act
      const run = await rescan(emulator, focus);

      // Assess
      expect(run.snapshot.ecs?.services).toBeUndefined();
      expect(run.snapshot.ecs?.taskDefinitions).toBeUndefined();
      expect(run.snapshot.ecs?.clusters?.length).toBe(clusters);
      expect(run.snapshot.elbv2).toBeUndefined();
      expect(run.failures).toEqual([expected.failure]);
      expect(run.messages).toEqual([expected.message]);
    },
  );

  it("reports a failed DescribeClusters of the focused services' clusters with the collection's failures, first", async () => {
    // Prepare
    emulator.setFaults({
      accessDenied: [
        'ecs:DescribeClusters',
        { operation: 'ecs:DescribeTaskDefinition', match: 'task-definition/app-0:1' },
      ],
    });

    // Act
    const run = await rescan(emulator, { services: [{ cluster: 'prod', service: svc(0) }] });

    // Assess: the services are known, only their clusters are not.
    expect(names(run.snapshot.ecs?.services)).toEqual([svc(0)]);
    expect(run.snapshot.ecs?.clusters).toBeUndefined();
    expect(run.snapshot.ecs?.taskDefinitions?.map((d) => d.taskDefinitionArn)).toEqual([
      arn.taskDefinition('app-0', 2),
    ]);
    expect(run.failures).toEqual([
      focusingFailure('ecs', 'DescribeClusters', 'AccessDeniedException').failure,
      {
        region: REGION,
        service: 'ecs',
        operation: 'DescribeTaskDefinition',
        errorCode: 'AccessDeniedException',
        count: 1,
        items: [arn.taskDefinition('app-0', 1)],
      },
    ]);
    // The collection logs its own as it ends, before the focusing failures are logged.
    expect(run.messages).toEqual([
      expect.stringMatching(/^ecs DescribeTaskDefinition failed .* reported NOT_AVAILABLE\.$/),
      focusingFailure('ecs', 'DescribeClusters', 'AccessDeniedException').message,
    ]);
  });
});
