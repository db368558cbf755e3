// lib/collect/ecs.ts at the SDK's HTTP boundary: real clients against the emulator, which serves
// the fixture account (or an account built for one case) and counts every request.
import type { Service } from '@aws-sdk/client-ecs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator, FaultConfig } from '../../emulator/api.ts';
import {
  clustersWithContainerInstanceServices,
  collectClustersAndServices,
  collectContainerInstancesOf,
  collectEcs,
  collectTaskDefinitions,
  describeClusters,
  withoutEvents,
} from '../../lib/collect/ecs.ts';
import { isServiceInScope } from '../../lib/snapshot/scope.ts';
import type {
  EcsCluster,
  EcsContainerInstance,
  EcsService,
  RegionSnapshot,
  Snapshot,
} from '../../lib/snapshot/types.ts';
import { arn, fixtureSnapshot, REGION } from './fixture.ts';
import { flatCalls, regionContext, start } from './support.ts';

const regionOf = (snapshot: Snapshot) => snapshot.regions[REGION] as RegionSnapshot;
const served = regionOf(fixtureSnapshot());
const servedServices = served.ecs?.services ?? [];
const servedClusters = served.ecs?.clusters ?? [];
const inScope = servedServices.filter(isServiceInScope);
const CLUSTERS = ['prod', 'batch', 'fargate-only'].map(arn.cluster);

/** The task definitions the in-scope services run: five families at :2, app-0:1 still deploying, worker:3. */
const IN_SCOPE_TASK_DEFINITIONS = [
  ...[0, 1, 2, 3, 4].map((f) => arn.taskDefinition(`app-${f}`, 2)),
  arn.taskDefinition('app-0', 1),
  arn.taskDefinition('worker', 3),
].sort();

/** Only the ECS calls, as `Operation` → requests. */
const ecsCalls = (emulator: Emulator): Record<string, number> =>
  Object.fromEntries(
    Object.entries(flatCalls(emulator))
      .filter(([key]) => key.startsWith('ecs:'))
      .map(([key, n]) => [key.split(':')[1] as string, n]),
  );

const failure = (operation: string, errorCode: string, count = 1, items?: string[]) => ({
  region: REGION,
  service: 'ecs',
  operation,
  errorCode,
  count,
  ...(items ? { items } : {}),
});

const names = (services: readonly EcsService[] | undefined) =>
  services?.map((s) => s.serviceName).sort();

describe('withoutEvents', () => {
  const event = { id: 'e1', createdAt: new Date('2026-11-01T10:00:00.000Z'), message: 'steady' };

  it.each<[string, { given: Service; expected: EcsService }]>([
    [
      'a service with events',
      { given: { serviceName: 'a', events: [event] }, expected: { serviceName: 'a' } },
    ],
    [
      'a service with an empty event list',
      { given: { serviceName: 'a', events: [] }, expected: { serviceName: 'a', events: [] } },
    ],
    [
      'a service without an event list',
      { given: { serviceName: 'a' }, expected: { serviceName: 'a' } },
    ],
    [
      'a service with dates',
      {
        given: {
          serviceName: 'a',
          createdAt: new Date('2026-10-01T08:00:00.000Z'),
          events: [event],
        },
        expected: { serviceName: 'a', createdAt: '2026-10-01T08:00:00.000Z' },
      },
    ],
  ])('writes %s as JSON, its events dropped unless there are none', (_, { given, expected }) => {
    // Act
    const written = withoutEvents(given);

    // Assess
    expect(written).toEqual(expected);
  });
});

describe('clustersWithContainerInstanceServices', () => {
  const cluster = arn.cluster('c');
  const other = arn.cluster('other');
  const service = (extra: Partial<EcsService>): EcsService => ({
    serviceArn: arn.service('c', 's'),
    clusterArn: cluster,
    ...extra,
  });
  const withDefault = (capacityProvider: string): EcsCluster[] => [
    { clusterArn: cluster, defaultCapacityProviderStrategy: [{ capacityProvider }] },
  ];

  it.each<
    [string, { given: EcsService[]; clusters: EcsCluster[] | undefined; expected: string[] }]
  >([
    [
      'a Fargate service needs no container instance',
      { given: [service({ launchType: 'FARGATE' })], clusters: [], expected: [] },
    ],
    [
      "an EC2 service needs its cluster's",
      { given: [service({ launchType: 'EC2' })], clusters: [], expected: [cluster] },
    ],
    [
      "an ECS Managed Instances service needs its cluster's (they are EC2 container instances)",
      {
        given: [service({ launchType: 'MANAGED_INSTANCES' })],
        clusters: withDefault('FARGATE'),
        expected: [cluster],
      },
    ],
    [
      'an external service needs none',
      { given: [service({ launchType: 'EXTERNAL' })], clusters: [], expected: [] },
    ],
    [
      'a service on Fargate capacity providers only needs none',
      {
        given: [
          service({
            capacityProviderStrategy: [
              { capacityProvider: 'FARGATE' },
              { capacityProvider: 'FARGATE_SPOT' },
            ],
          }),
        ],
        clusters: [],
        expected: [],
      },
    ],
    [
      "a service on an Auto Scaling group capacity provider needs its cluster's",
      {
        given: [service({ capacityProviderStrategy: [{ capacityProvider: 'asg' }] })],
        clusters: withDefault('FARGATE'),
        expected: [cluster],
      },
    ],
    [
      "a service on its cluster's Fargate default strategy needs none",
      { given: [service({})], clusters: withDefault('FARGATE'), expected: [] },
    ],
    [
      "a service on its cluster's EC2 default strategy needs its cluster's",
      { given: [service({})], clusters: withDefault('asg'), expected: [cluster] },
    ],
    [
      "a service of no known launch kind needs its cluster's",
      { given: [service({})], clusters: [], expected: [cluster] },
    ],
    [
      "a service of no known launch kind needs its cluster's when the clusters were not collected",
      { given: [service({})], clusters: undefined, expected: [cluster] },
    ],
    [
      'an EC2 service named only by its ARN needs the cluster its ARN names',
      {
        given: [{ serviceArn: arn.service('other', 's'), launchType: 'EC2' }],
        clusters: [],
        expected: [other],
      },
    ],
    [
      'an EC2 service of no known cluster names none',
      { given: [{ serviceName: 's', launchType: 'EC2' }], clusters: [], expected: [] },
    ],
    [
      'two EC2 services of one cluster and a Fargate one of another need that cluster once',
      {
        given: [
          service({ launchType: 'EC2' }),
          service({ serviceArn: arn.service('c', 't'), launchType: 'ec2' as 'EC2' }),
          { serviceArn: arn.service('other', 'f'), clusterArn: other, launchType: 'FARGATE' },
        ],
        clusters: [],
        expected: [cluster],
      },
    ],
  ])('%s', (_, { given, clusters, expected }) => {
    // Act
    const hosting = clustersWithContainerInstanceServices(given, clusters);

    // Assess
    expect(hosting).toEqual(expected);
  });
});

describe('the ECS collectors on the fixture account', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start();
  });
  afterEach(() => {
    emulator.setFaults({});
    emulator.resetCalls();
  });
  afterAll(() => emulator.close());

  describe('collectClustersAndServices', () => {
    it('describes every cluster with its settings and tags, and every listed service, as served', async () => {
      // Prepare
      const context = regionContext(emulator);

      // Act
      const base = await collectClustersAndServices(context);

      // Assess
      expect(context.failures.list()).toEqual([]);
      expect(base?.clusters).toEqual(servedClusters);
      expect(base?.clusters?.[0]?.settings).toEqual([
        { name: 'containerInsights', value: 'enabled' },
      ]);
      expect(base?.services).toEqual(servedServices);
    });

    it('lists each cluster once and describes its services 10 at a time, clusters 100 at a time', async () => {
      // Prepare
      const context = regionContext(emulator);

      // Act
      await collectClustersAndServices(context);

      // Assess: prod's 24 services take 3 calls, batch's and fargate-only's one each.
      expect(ecsCalls(emulator)).toEqual({
        ListClusters: 1,
        DescribeClusters: 1,
        ListServices: 3,
        DescribeServices: 5,
      });
    });

    it('skips DescribeClusters when the clusters are not needed', async () => {
      // Prepare
      const context = regionContext(emulator);

      // Act
      const base = await collectClustersAndServices(context, { describeClusters: false });

      // Assess
      expect(base?.clusters).toBeUndefined();
      expect(base?.services).toHaveLength(26);
      expect(ecsCalls(emulator).DescribeClusters).toBeUndefined();
    });

    it("hands over each cluster's services once they are all described", async () => {
      // Prepare
      const context = regionContext(emulator);
      const handed: string[][] = [];

      // Act
      await collectClustersAndServices(context, {
        onCluster: (services) => handed.push(services.map((s) => s.serviceName ?? '')),
      });

      // Assess
      expect(handed.map((batch) => batch.length).sort((a, b) => a - b)).toEqual([1, 1, 24]);
      expect(handed.flat().sort()).toEqual(names(servedServices));
    });

    it.each<
      [
        string,
        {
          faults: FaultConfig;
          clusters: number | undefined;
          handed: number[];
          recorded: ReturnType<typeof failure>;
        },
      ]
    >([
      [
        'ListClusters',
        {
          faults: { accessDenied: ['ecs:ListClusters'] },
          clusters: undefined,
          handed: [],
          recorded: failure('ListClusters', 'AccessDeniedException'),
        },
      ],
      [
        "one cluster's ListServices",
        {
          faults: { accessDenied: [{ operation: 'ecs:ListServices', match: 'cluster/batch' }] },
          clusters: 3,
          handed: [1, 24],
          recorded: failure('ListServices', 'AccessDeniedException'),
        },
      ],
      [
        "one DescribeServices batch (a 500 after its retry) of prod's three",
        {
          faults: {
            errors: [
              {
                operation: 'ecs:DescribeServices',
                match: 'service/prod/svc-00',
                code: 'ServerException',
                status: 500,
              },
            ],
          },
          clusters: 3,
          handed: [1, 1],
          recorded: failure('DescribeServices', 'ServerException'),
        },
      ],
    ])(
      'leaves every service uncollected when %s fails',
      async (_, { faults, clusters, handed, recorded }) => {
        // Prepare
        emulator.setFaults(faults);
        const context = regionContext(emulator);
        const sizes: number[] = [];

        // Act
        const base = await collectClustersAndServices(context, {
          onCluster: (services) => sizes.push(services.length),
        });

        // Assess
        expect(base?.services).toBeUndefined();
        expect(base?.clusters?.length).toBe(clusters);
        expect(sizes.sort((a, b) => a - b)).toEqual(handed);
        expect(context.failures.list()).toEqual([recorded]);
      },
    );

    it('leaves only the clusters uncollected when DescribeClusters fails', async () => {
      // Prepare
      emulator.setFaults({ accessDenied: ['ecs:DescribeClusters'] });
      const context = regionContext(emulator);

      // Act
      const base = await collectClustersAndServices(context);

      // Assess
      expect(base?.clusters).toBeUndefined();
      expect(base?.services).toHaveLength(26);
      expect(context.failures.list()).toEqual([
        failure('DescribeClusters', 'AccessDeniedException'),
      ]);
    });
  });

  describe('describeClusters', () => {
    it.each<[string, { arns: string[]; calls: number; described: string[] }]>([
      ['no cluster with no call', { arns: [], calls: 0, described: [] }],
      ['the three clusters in one call', { arns: CLUSTERS, calls: 1, described: CLUSTERS }],
      [
        '150 clusters, 147 of them unknown, in two calls',
        {
          arns: [
            ...CLUSTERS,
            ...Array.from({ length: 147 }, (_, i) => arn.cluster(`unknown-${i}`)),
          ],
          calls: 2,
          described: CLUSTERS,
        },
      ],
    ])('describes %s, leaving out the missing ones', async (_, { arns, calls, described }) => {
      // Prepare
      const context = regionContext(emulator);

      // Act
      const clusters = await describeClusters(context, arns);

      // Assess
      expect(clusters?.map((c) => c.clusterArn)).toEqual(described);
      expect(ecsCalls(emulator).DescribeClusters ?? 0).toBe(calls);
      expect(context.failures.list()).toEqual([]);
      expect(context.failures.absences()).toEqual([]);
    });

    it('is undefined when one of its calls fails, recorded without items', async () => {
      // Prepare
      emulator.setFaults({ throttle: ['ecs:DescribeClusters'] });
      const context = regionContext(emulator);

      // Act
      const clusters = await describeClusters(context, CLUSTERS);

      // Assess: throttled on both attempts.
      expect(clusters).toBeUndefined();
      expect(context.failures.list()).toEqual([failure('DescribeClusters', 'ThrottlingException')]);
      expect(ecsCalls(emulator).DescribeClusters).toBe(2);
    });
  });

  describe('collectTaskDefinitions', () => {
    it('describes each distinct task definition of the in-scope services once, with its tags', async () => {
      // Prepare
      const context = regionContext(emulator);

      // Act
      const definitions = await collectTaskDefinitions(context, inScope);

      // Assess: not the revision 0 of INACTIVE deployments, nor the draining service's.
      expect(definitions?.map((d) => d.taskDefinitionArn).sort()).toEqual(
        IN_SCOPE_TASK_DEFINITIONS,
      );
      expect(ecsCalls(emulator)).toEqual({ DescribeTaskDefinition: 7 });
      const worker = definitions?.find((d) => d.family === 'worker');
      expect(worker).toEqual(
        served.ecs?.taskDefinitions?.find((d) => d.taskDefinitionArn === worker?.taskDefinitionArn),
      );
      expect(worker?.tags).toEqual([{ key: 'family', value: 'worker' }]);
    });

    it('is undefined, with no call, when the services were not collected', async () => {
      // Prepare
      const context = regionContext(emulator);

      // Act
      const definitions = await collectTaskDefinitions(context, undefined);

      // Assess
      expect(definitions).toBeUndefined();
      expect(ecsCalls(emulator)).toEqual({});
    });

    it.each<[string, { faults: FaultConfig; errorCode: string }]>([
      [
        'AccessDenied',
        {
          faults: {
            accessDenied: [
              { operation: 'ecs:DescribeTaskDefinition', match: 'task-definition/app-1:2' },
            ],
          },
          errorCode: 'AccessDeniedException',
        },
      ],
      [
        'a 500 after its retry',
        {
          faults: {
            errors: [
              {
                operation: 'ecs:DescribeTaskDefinition',
                match: 'task-definition/app-1:2',
                code: 'ServerException',
                status: 500,
              },
            ],
          },
          errorCode: 'ServerException',
        },
      ],
    ])(
      'leaves out only the task definition answered %s, recorded with its ARN',
      async (_, { faults, errorCode }) => {
        // Prepare
        emulator.setFaults(faults);
        const context = regionContext(emulator);
        const failed = arn.taskDefinition('app-1', 2);

        // Act
        const definitions = await collectTaskDefinitions(context, inScope);

        // Assess
        expect(definitions?.map((d) => d.taskDefinitionArn).sort()).toEqual(
          IN_SCOPE_TASK_DEFINITIONS.filter((a) => a !== failed),
        );
        expect(context.failures.list()).toEqual([
          failure('DescribeTaskDefinition', errorCode, 1, [failed]),
        ]);
      },
    );

    it('records a revision ECS cannot describe (ClientException) as a failure, not as absent', async () => {
      // Prepare
      const context = regionContext(emulator);
      const unknown = arn.taskDefinition('app-9', 1);

      // Act
      const definitions = await collectTaskDefinitions(context, [
        { serviceArn: arn.service('prod', 'x'), status: 'ACTIVE', taskDefinition: unknown },
      ]);

      // Assess
      expect(definitions).toEqual([]);
      expect(context.failures.list()).toEqual([
        failure('DescribeTaskDefinition', 'ClientException', 1, [unknown]),
      ]);
      expect(context.failures.absences()).toEqual([]);
    });

    it('describes a task definition throttled once, on its retry', async () => {
      // Prepare
      emulator.setFaults({
        throttle: [{ operation: 'ecs:DescribeTaskDefinition', match: 'worker:3', count: 1 }],
      });
      const context = regionContext(emulator);

      // Act
      const definitions = await collectTaskDefinitions(context, inScope);

      // Assess
      expect(definitions).toHaveLength(7);
      expect(context.failures.list()).toEqual([]);
      expect(ecsCalls(emulator).DescribeTaskDefinition).toBe(8);
    });
  });

  describe('collectContainerInstancesOf', () => {
    it('describes the container instances of the clusters whose services may run on EC2 only', async () => {
      // Prepare
      const context = regionContext(emulator);

      // Act
      const instances = await collectContainerInstancesOf(context, inScope, servedClusters);

      // Assess: batch runs on an Auto Scaling group by default; fargate-only's instance is not asked for.
      expect(instances?.map((i) => i.containerInstanceArn)).toEqual(
        ['ci-1', 'ci-2', 'ci-3', 'ci-old'].map((id) => arn.containerInstance('batch', id)),
      );
      expect(ecsCalls(emulator)).toEqual({
        ListContainerInstances: 1,
        DescribeContainerInstances: 1,
      });
    });

    it.each<[string, { given: EcsService[] | undefined; expected: unknown }]>([
      ['services not collected', { given: undefined, expected: undefined }],
      [
        'Fargate services only',
        { given: inScope.filter((s) => s.launchType === 'FARGATE'), expected: [] },
      ],
    ])('makes no call for %s', async (_, { given, expected }) => {
      // Prepare
      const context = regionContext(emulator);

      // Act
      const instances = await collectContainerInstancesOf(context, given, servedClusters);

      // Assess
      expect(instances).toEqual(expected);
      expect(ecsCalls(emulator)).toEqual({});
    });

    it.each(['ecs:ListContainerInstances', 'ecs:DescribeContainerInstances'])(
      'is undefined when %s fails, recorded without items',
      async (operation) => {
        // Prepare
        emulator.setFaults({ accessDenied: [operation] });
        const context = regionContext(emulator);

        // Act
        const instances = await collectContainerInstancesOf(context, inScope, servedClusters);

        // Assess
        expect(instances).toBeUndefined();
        expect(context.failures.list()).toEqual([
          failure(operation.split(':')[1] as string, 'AccessDeniedException'),
        ]);
      },
    );
  });

  describe('collectEcs', () => {
    it('fills the section: clusters, every service, and what the in-scope ones use', async () => {
      // Prepare
      const context = regionContext(emulator);

      // Act
      const section = await collectEcs(context);

      // Assess
      expect(section?.clusters?.map((c) => c.clusterArn)).toEqual(CLUSTERS);
      expect(section?.services).toEqual(servedServices);
      expect(section?.taskDefinitions?.map((d) => d.taskDefinitionArn).sort()).toEqual(
        IN_SCOPE_TASK_DEFINITIONS,
      );
      expect(section?.containerInstances).toHaveLength(4);
      expect(context.failures.list()).toEqual([]);
    });

    it('is undefined when not even the clusters could be listed', async () => {
      // Prepare
      emulator.setFaults({ accessDenied: ['ecs:ListClusters'] });
      const context = regionContext(emulator);

      // Act
      const section = await collectEcs(context);

      // Assess: AccessDenied is not retried.
      expect(section).toBeUndefined();
      expect(ecsCalls(emulator)).toEqual({ ListClusters: 1 });
    });

    it('leaves the task definitions and container instances uncollected when the services are', async () => {
      // Prepare
      emulator.setFaults({
        accessDenied: [{ operation: 'ecs:ListServices', match: 'cluster/prod' }],
      });
      const context = regionContext(emulator);

      // Act
      const section = await collectEcs(context);

      // Assess
      expect(section).toEqual({
        clusters: servedClusters,
        services: undefined,
        taskDefinitions: undefined,
        containerInstances: undefined,
      });
    });
  });
});

describe('the ECS collectors over many pages and batches', () => {
  /** 130 services in one EC2 cluster, each on its own task definition, and 150 container instances. */
  const account = (): Snapshot => {
    const snapshot = fixtureSnapshot();
    const ecs = regionOf(snapshot).ecs as Required<NonNullable<RegionSnapshot['ecs']>>;
    ecs.clusters.push({ clusterArn: arn.cluster('big'), clusterName: 'big', status: 'ACTIVE' });
    for (let i = 0; i < 130; i += 1) {
      ecs.services.push({
        serviceArn: arn.service('big', `s-${i}`),
        serviceName: `s-${i}`,
        clusterArn: arn.cluster('big'),
        status: 'ACTIVE',
        launchType: 'EC2',
        taskDefinition: arn.taskDefinition(`big-${i}`, 1),
      });
      ecs.taskDefinitions.push({
        taskDefinitionArn: arn.taskDefinition(`big-${i}`, 1),
        family: `big-${i}`,
        revision: 1,
      });
    }
    for (let i = 0; i < 150; i += 1) {
      const instance: EcsContainerInstance = {
        containerInstanceArn: arn.containerInstance('big', `i-${i}`),
        ec2InstanceId: `i-0big${i}`,
        status: 'ACTIVE',
      };
      ecs.containerInstances.push(instance);
    }
    return snapshot;
  };

  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start({ maxPageSize: 10 }, account());
  });
  afterEach(() => emulator.resetCalls());
  afterAll(() => emulator.close());

  it('follows every page of ListClusters and ListServices, and still describes 10 services a call', async () => {
    // Prepare
    const context = regionContext(emulator);

    // Act
    const base = await collectClustersAndServices(context);

    // Assess: 156 services in 4 clusters, listed 10 a page.
    expect(base?.services).toHaveLength(156);
    expect(base?.clusters?.map((c) => c.clusterName)).toEqual([
      'prod',
      'batch',
      'fargate-only',
      'big',
    ]);
    expect(ecsCalls(emulator)).toEqual({
      ListClusters: 1,
      DescribeClusters: 1,
      ListServices: 3 + 1 + 1 + 13,
      DescribeServices: 3 + 1 + 1 + 13,
    });
  });

  it('describes container instances 100 a call after listing them page by page', async () => {
    // Prepare
    const context = regionContext(emulator);
    const services: EcsService[] = [{ serviceArn: arn.service('big', 's-0'), launchType: 'EC2' }];

    // Act
    const instances = await collectContainerInstancesOf(context, services, undefined);

    // Assess
    expect(instances).toHaveLength(150);
    expect(ecsCalls(emulator)).toEqual({
      ListContainerInstances: 15,
      DescribeContainerInstances: 2,
    });
  });

  it('describes the task definitions of 130 services once each', async () => {
    // Prepare
    const context = regionContext(emulator);
    const services = (regionOf(account()).ecs?.services ?? []).filter(
      (s) => s.clusterArn === arn.cluster('big'),
    );

    // Act
    const definitions = await collectTaskDefinitions(context, services);

    // Assess
    expect(definitions).toHaveLength(130);
    expect(ecsCalls(emulator)).toEqual({ DescribeTaskDefinition: 130 });
  });
});
