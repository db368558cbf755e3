import {
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListServicesCommand,
  paginateListClusters,
  paginateListContainerInstances,
  paginateListServices,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import {
  clientConfig,
  clusterArn,
  collect,
  richSnapshot,
  serviceArn,
  taskDefinitionArn,
} from '../support.ts';

describe('the emulated ECS', () => {
  let emulator: Emulator;
  let ecs: ECSClient;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot()], maxPageSize: 5 });
    ecs = new ECSClient(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  it.each([
    ['ListClusters', () => paginateListClusters({ client: ecs }, {}), 3, 1],
    [
      'ListServices (22 ACTIVE of 23)',
      () => paginateListServices({ client: ecs }, { cluster: 'prod' }),
      22,
      5,
    ],
    [
      'ListContainerInstances',
      () =>
        paginateListContainerInstances({ client: ecs, pageSize: 2 }, { cluster: 'ec2-cluster' }),
      3,
      2,
    ],
  ] as const)('pages %s with the SDK paginator', async (_name, paginate, items, pages) => {
    // Act
    const result = await collect(
      paginate() as AsyncIterable<Record<string, string[] | undefined>>,
      (page) => Object.values(page).find(Array.isArray) as string[] | undefined,
    );

    // Assess
    expect(result.items).toHaveLength(items);
    expect(result.pages).toBe(pages);
  });

  it("uses ListServices' default page of 10 when the caller sets no maxResults", async () => {
    // Prepare
    const unlimited = await startEmulator({ accounts: [richSnapshot()] });

    // Act
    const page = await new ECSClient(clientConfig(unlimited)).send(
      new ListServicesCommand({ cluster: 'prod' }),
    );
    await unlimited.close();

    // Assess
    expect(page.serviceArns).toHaveLength(10);
    expect(page.nextToken).toBeDefined();
  });

  it('describes services by name and ARN, with tags only when asked, and lists the missing ones as failures', async () => {
    // Act
    const withTags = await ecs.send(
      new DescribeServicesCommand({
        cluster: 'prod',
        services: ['svc-01', serviceArn('prod', 'svc-02'), 'gone'],
        include: ['TAGS'],
      }),
    );
    const withoutTags = await ecs.send(
      new DescribeServicesCommand({ cluster: clusterArn('prod'), services: ['svc-01'] }),
    );

    // Assess
    expect(withTags.services?.map((s) => s.serviceName)).toEqual(['svc-01', 'svc-02']);
    expect(withTags.services?.[0]?.tags).toEqual([{ key: 'team', value: 'team-1' }]);
    expect(withTags.services?.[0]?.createdAt).toEqual(new Date('2026-01-03T10:30:15.250Z'));
    expect(withTags.failures).toEqual([{ arn: serviceArn('prod', 'gone'), reason: 'MISSING' }]);
    expect(withoutTags.services?.[0]?.tags).toBeUndefined();
  });

  it.each([
    [
      'more than 10 services',
      { cluster: 'prod', services: Array.from({ length: 11 }, (_, i) => `svc-${i}`) },
      'InvalidParameterException',
    ],
    ['an unknown cluster', { cluster: 'nope', services: ['svc-01'] }, 'ClusterNotFoundException'],
  ])('refuses DescribeServices for %s', async (_name, input, code) => {
    // Act
    const call = ecs.send(new DescribeServicesCommand(input));

    // Assess
    await expect(call).rejects.toMatchObject({ name: code, $metadata: { httpStatusCode: 400 } });
  });

  it.each([
    ['a full ARN', taskDefinitionArn('svc-03', 1), 1],
    ['family:revision', 'svc-03:1', 1],
    ['a family alone (its latest ACTIVE revision)', 'svc-03', 2],
  ])(
    'describes a task definition named by %s, with its tags beside it',
    async (_name, taskDefinition, revision) => {
      // Act
      const result = await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] }),
      );

      // Assess
      expect(result.taskDefinition?.revision).toBe(revision);
      expect(result.taskDefinition?.registeredAt).toBeInstanceOf(Date);
      expect(result.tags).toEqual([{ key: 'family', value: 'svc-03' }]);
      expect(result.taskDefinition).not.toHaveProperty('tags');
    },
  );

  it('answers ClientException for an unknown task definition', async () => {
    // Act
    const call = ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope:1' }));

    // Assess
    await expect(call).rejects.toMatchObject({
      name: 'ClientException',
      message: 'Unable to describe task definition.',
    });
  });

  it('describes clusters with the fields include asks for, and empty lists for the others', async () => {
    // Act
    const result = await ecs.send(new DescribeClustersCommand({ clusters: ['prod', 'nope'] }));

    // Assess
    expect(result.clusters?.[0]?.clusterName).toBe('prod');
    expect(result.clusters?.[0]?.tags).toEqual([]);
    expect(result.clusters?.[0]?.settings).toBeUndefined();
    expect(result.failures).toEqual([{ arn: clusterArn('nope'), reason: 'MISSING' }]);
  });

  it('describes container instances by ARN or ID', async () => {
    // Act
    const result = await ecs.send(
      new DescribeContainerInstancesCommand({
        cluster: 'ec2-cluster',
        containerInstances: ['0a1b2c3d4e5f60718293a4b5c6d7e8f1'],
      }),
    );

    // Assess
    expect(result.containerInstances?.map((ci) => ci.ec2InstanceId)).toEqual([
      'i-0000000000000001',
    ]);
    expect(result.containerInstances?.[0]?.remainingResources?.[1]?.stringSetValue).toEqual([
      '22',
      '2375',
    ]);
  });
});
