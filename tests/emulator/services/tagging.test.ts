import {
  GetResourcesCommand,
  type GetResourcesCommandInput,
  type GetResourcesCommandOutput,
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import type { RegionSnapshot, Snapshot } from '../../../lib/snapshot/types.ts';
import {
  ACCOUNT,
  clientConfig,
  clusterArn,
  collect,
  loadBalancerArn,
  OTHER_ACCOUNT,
  serviceArn,
  targetGroupArn,
  taskDefinitionArn,
} from '../support.ts';

const EXEMPT = 'ecs-encryption-scanner:exempt';
const REGION = 'us-east-1';
const vpcArn = (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${id}`;
const MESH = `arn:aws:appmesh:${REGION}:${ACCOUNT}:mesh/mesh-0`;
const NODE = `${MESH}/virtualNode/node-0`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-AbCdEf`;

/** A region whose every kind of resource comes tagged, untagged, and with the exemption key. */
const region = (): RegionSnapshot => ({
  elbv2: {
    loadBalancers: [],
    targetGroups: [],
    tags: {
      [loadBalancerArn(0)]: [
        { Key: EXEMPT, Value: 'elb-tls-policy' },
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: 'web' },
      ],
      [loadBalancerArn(1)]: [{ Key: 'env', Value: 'staging' }],
      [loadBalancerArn(2)]: [],
      [targetGroupArn(0)]: [{ Key: EXEMPT, Value: '*' }],
      [targetGroupArn(1)]: [{ Key: 'env', Value: 'prod' }],
    },
  },
  ec2: {
    vpcs: [
      {
        VpcId: 'vpc-0a',
        OwnerId: ACCOUNT,
        Tags: [
          { Key: EXEMPT, Value: '*' },
          { Key: 'Name', Value: 'main' },
        ],
      },
      { VpcId: 'vpc-0b', OwnerId: ACCOUNT, Tags: [] },
      // Shared by another account: that account's resource, not the caller's.
      { VpcId: 'vpc-0c', OwnerId: OTHER_ACCOUNT, Tags: [{ Key: EXEMPT, Value: '*' }] },
    ],
  },
  appmesh: {
    tags: {
      [MESH]: [
        { key: EXEMPT, value: '*' },
        { key: 'env', value: 'prod' },
      ],
      [NODE]: [{ key: 'env', value: 'prod' }],
    },
  },
  ecs: {
    clusters: [
      {
        clusterArn: clusterArn('prod'),
        clusterName: 'prod',
        tags: [{ key: 'env', value: 'prod' }],
      },
    ],
    services: [{ serviceArn: serviceArn('prod', 'web'), serviceName: 'web', tags: [] }],
    taskDefinitions: [
      { taskDefinitionArn: taskDefinitionArn('web', 3), tags: [{ key: EXEMPT, value: '*' }] },
    ],
  },
  secretsManager: {
    secrets: [{ ARN: SECRET, Name: 'db', Tags: [{ Key: 'env', Value: 'prod' }] }],
  },
});

const snapshot = (regions: Record<string, RegionSnapshot>): Snapshot => ({
  format: 'ecs-encryption-scanner/snapshot@2',
  failures: [],
  accountId: ACCOUNT,
  partition: 'aws',
  regions,
});

const without = (section: 'elbv2' | 'ec2' | 'appmesh', field: 'tags' | 'vpcs'): RegionSnapshot => {
  const data = region();
  delete (data[section] as Record<string, unknown>)[field];
  return data;
};

/** Every tagged resource of the region: the untagged and the other account's are never returned. */
const TAGGED = [
  loadBalancerArn(0),
  loadBalancerArn(1),
  targetGroupArn(0),
  targetGroupArn(1),
  vpcArn('vpc-0a'),
  MESH,
  NODE,
  clusterArn('prod'),
  taskDefinitionArn('web', 3),
  SECRET,
];
const EXEMPTED = [
  loadBalancerArn(0),
  targetGroupArn(0),
  vpcArn('vpc-0a'),
  MESH,
  taskDefinitionArn('web', 3),
];

const arnsOf = (list: GetResourcesCommandOutput['ResourceTagMappingList']) =>
  (list ?? []).map((mapping) => mapping.ResourceARN);
const sorted = (arns: readonly (string | undefined)[]) => [...arns].sort();

describe('the emulated Resource Groups Tagging API GetResources', () => {
  let emulator: Emulator;
  let tagging: ResourceGroupsTaggingAPIClient;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [snapshot({ [REGION]: region() })] });
    tagging = new ResourceGroupsTaggingAPIClient(clientConfig(emulator));
  });
  afterAll(() => {
    tagging.destroy();
    return emulator.close();
  });
  afterEach(() => emulator.setFaults({}));

  it.each<[string, GetResourcesCommandInput, string[]]>([
    ['every tagged resource without filters', {}, TAGGED],
    ['those with a tag key, whatever its value', { TagFilters: [{ Key: EXEMPT }] }, EXEMPTED],
    [
      'those with a tag key and one of the values asked for',
      { TagFilters: [{ Key: 'env', Values: ['prod', 'qa'] }] },
      [loadBalancerArn(0), targetGroupArn(1), MESH, NODE, clusterArn('prod'), SECRET],
    ],
    [
      'those that match every tag filter',
      { TagFilters: [{ Key: EXEMPT }, { Key: 'env', Values: ['prod'] }] },
      [loadBalancerArn(0), MESH],
    ],
    [
      'those of a service',
      { ResourceTypeFilters: ['elasticloadbalancing'], TagFilters: [{ Key: EXEMPT }] },
      [loadBalancerArn(0), targetGroupArn(0)],
    ],
    [
      'those of a service:resourceType',
      { ResourceTypeFilters: ['elasticloadbalancing:targetgroup'] },
      [targetGroupArn(0), targetGroupArn(1)],
    ],
    ['the VPCs of the account', { ResourceTypeFilters: ['ec2:vpc'] }, [vpcArn('vpc-0a')]],
    [
      'every App Mesh resource by the service alone',
      { ResourceTypeFilters: ['appmesh'] },
      [MESH, NODE],
    ],
    [
      'the virtual nodes of a mesh as `appmesh:mesh` resources (their ARNs are `mesh/…`)',
      { ResourceTypeFilters: ['appmesh:mesh'] },
      [MESH, NODE],
    ],
    [
      'those of several resource types',
      {
        ResourceTypeFilters: ['elasticloadbalancing:loadbalancer', 'ec2:vpc', 'appmesh'],
        TagFilters: [{ Key: EXEMPT }],
      },
      [loadBalancerArn(0), vpcArn('vpc-0a'), MESH],
    ],
    [
      'none of a resource type the snapshot holds none of',
      { ResourceTypeFilters: ['ec2:instance'] },
      [],
    ],
    ['none for a tag value nobody has', { TagFilters: [{ Key: 'env', Values: ['dev'] }] }, []],
  ])('returns %s', async (_name, input, expected) => {
    // Act
    const result = await tagging.send(new GetResourcesCommand(input));

    // Assess
    expect(sorted(arnsOf(result.ResourceTagMappingList))).toEqual(sorted(expected));
    expect(result.PaginationToken).toBe('');
  });

  it('returns every tag of a resource it finds by one of them, written Key and Value', async () => {
    // Act
    const result = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: 'team', Values: ['web'] }, { Key: EXEMPT }] }),
    );
    const mesh = await tagging.send(
      new GetResourcesCommand({ ResourceTypeFilters: ['appmesh'], TagFilters: [{ Key: EXEMPT }] }),
    );

    // Assess
    expect(result.ResourceTagMappingList).toEqual([
      {
        ResourceARN: loadBalancerArn(0),
        Tags: [
          { Key: EXEMPT, Value: 'elb-tls-policy' },
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'web' },
        ],
      },
    ]);
    expect(mesh.ResourceTagMappingList).toEqual([
      {
        ResourceARN: MESH,
        Tags: [
          { Key: EXEMPT, Value: '*' },
          { Key: 'env', Value: 'prod' },
        ],
      },
    ]);
  });

  it('returns the tagged resources of a ResourceARNList, each once, and leaves out the others', async () => {
    // Prepare: one untagged, one unknown, one of another account, one twice.
    const ResourceARNList = [
      vpcArn('vpc-0a'),
      loadBalancerArn(2),
      loadBalancerArn(0),
      loadBalancerArn(9),
      `arn:aws:ec2:${REGION}:${OTHER_ACCOUNT}:vpc/vpc-0c`,
      vpcArn('vpc-0a'),
    ];

    // Act
    const result = await tagging.send(new GetResourcesCommand({ ResourceARNList }));

    // Assess
    expect(arnsOf(result.ResourceTagMappingList)).toEqual([vpcArn('vpc-0a'), loadBalancerArn(0)]);
    expect(result.ResourceTagMappingList?.[0]?.Tags).toEqual([
      { Key: EXEMPT, Value: '*' },
      { Key: 'Name', Value: 'main' },
    ]);
  });

  it('pages by ResourcesPerPage, the last page with an empty PaginationToken, and the paginator gets all', async () => {
    // Act
    const manual: { count: number; token: string | undefined }[] = [];
    let PaginationToken: string | undefined;
    do {
      const page = await tagging.send(
        new GetResourcesCommand({ ResourcesPerPage: 3, PaginationToken }),
      );
      PaginationToken = page.PaginationToken;
      manual.push({ count: page.ResourceTagMappingList?.length ?? 0, token: PaginationToken });
    } while (PaginationToken);
    const paged = await collect(
      paginateGetResources({ client: tagging, pageSize: 3 }, {}),
      (page) => page.ResourceTagMappingList,
    );

    // Assess
    expect(manual.map((page) => page.count)).toEqual([3, 3, 3, 1]);
    expect(manual.map((page) => page.token === '')).toEqual([false, false, false, true]);
    expect(paged.pages).toBe(4);
    expect(sorted(paged.items.map((mapping) => mapping.ResourceARN))).toEqual(sorted(TAGGED));
  });

  it('answers short pages under the shortPages fault, which the paginator follows to the end', async () => {
    // Prepare
    emulator.setFaults({ shortPages: ['tagging:GetResources'] });

    // Act
    const sizes: number[] = [];
    const paged = await collect(
      paginateGetResources({ client: tagging, pageSize: 100 }, { TagFilters: [{ Key: EXEMPT }] }),
      (page) => {
        sizes.push(page.ResourceTagMappingList?.length ?? 0);
        return page.ResourceTagMappingList;
      },
    );

    // Assess: one resource a page, an empty page with a token before the last.
    expect(sizes).toEqual([1, 1, 1, 1, 0, 1]);
    expect(sorted(paged.items.map((mapping) => mapping.ResourceARN))).toEqual(sorted(EXEMPTED));
  });

  it('answers an empty page with a token, then an empty last page, when nothing matches under shortPages', async () => {
    // Prepare
    emulator.setFaults({ shortPages: ['tagging'] });

    // Act
    const first = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: 'env', Values: ['dev'] }] }),
    );
    const last = await tagging.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: 'env', Values: ['dev'] }],
        PaginationToken: first.PaginationToken,
      }),
    );

    // Assess
    expect(first).toMatchObject({
      ResourceTagMappingList: [],
      PaginationToken: expect.any(String),
    });
    expect(first.PaginationToken).not.toBe('');
    expect(last).toMatchObject({ ResourceTagMappingList: [], PaginationToken: '' });
  });

  it('answers only `count` pages short, then full pages', async () => {
    // Prepare
    emulator.setFaults({ shortPages: [{ operation: 'tagging:GetResources', count: 2 }] });

    // Act
    const sizes: number[] = [];
    await collect(paginateGetResources({ client: tagging, pageSize: 100 }, {}), (page) => {
      sizes.push(page.ResourceTagMappingList?.length ?? 0);
      return page.ResourceTagMappingList;
    });

    // Assess
    expect(sizes).toEqual([1, 1, TAGGED.length - 2]);
    expect(emulator.faults().shortPages).toEqual([{ operation: 'tagging:GetResources', count: 0 }]);
  });

  it('answers IncludeComplianceDetails with every resource compliant (no tag policy in force)', async () => {
    // Act
    const included = await tagging.send(
      new GetResourcesCommand({ ResourceTypeFilters: ['ec2:vpc'], IncludeComplianceDetails: true }),
    );
    const excluded = await tagging.send(
      new GetResourcesCommand({ IncludeComplianceDetails: true, ExcludeCompliantResources: true }),
    );

    // Assess
    expect(included.ResourceTagMappingList?.[0]?.ComplianceDetails).toEqual({
      NoncompliantKeys: [],
      KeysWithNoncompliantValues: [],
      ComplianceStatus: true,
    });
    expect(excluded.ResourceTagMappingList).toEqual([]);
  });

  const many = (count: number) => Array.from({ length: count }, (_, i) => `v${i}`);
  const arns = (count: number) => Array.from({ length: count }, (_, i) => loadBalancerArn(i));

  it.each<[string, GetResourcesCommandInput]>([
    ['more than 50 tag filters', { TagFilters: many(51).map((Key) => ({ Key })) }],
    ['a tag filter of more than 20 values', { TagFilters: [{ Key: 'env', Values: many(21) }] }],
    ['a tag filter without a key', { TagFilters: [{ Values: ['prod'] }] }],
    ['a ResourcesPerPage of 0', { ResourcesPerPage: 0 }],
    ['a ResourcesPerPage over 100', { ResourcesPerPage: 101 }],
    ['a TagsPerPage under 100', { TagsPerPage: 99 }],
    [
      'a resource type filter that is not service[:resourceType]',
      { ResourceTypeFilters: ['ec2:vpc:x'] },
    ],
    ['a PaginationToken it did not give', { PaginationToken: 'forged' }],
    ['more than 100 ARNs', { ResourceARNList: arns(101) }],
    ['an empty ResourceARNList', { ResourceARNList: [] }],
    ['a ResourceARNList with ResourcesPerPage', { ResourceARNList: arns(1), ResourcesPerPage: 5 }],
    ['a ResourceARNList with TagsPerPage', { ResourceARNList: arns(1), TagsPerPage: 100 }],
    [
      'a ResourceARNList with a PaginationToken',
      { ResourceARNList: arns(1), PaginationToken: 'x' },
    ],
    [
      'a ResourceARNList with TagFilters',
      { ResourceARNList: arns(1), TagFilters: [{ Key: EXEMPT }] },
    ],
    [
      'a ResourceARNList with ResourceTypeFilters',
      { ResourceARNList: arns(1), ResourceTypeFilters: ['ec2'] },
    ],
    ['an ARN that is not one', { ResourceARNList: ['vpc-0a'] }],
    [
      'an ARN of another partition',
      { ResourceARNList: [`arn:aws-cn:ec2:cn-north-1:${ACCOUNT}:vpc/vpc-0a`] },
    ],
    [
      'ExcludeCompliantResources without IncludeComplianceDetails',
      { ExcludeCompliantResources: true },
    ],
  ])('answers %s with InvalidParameterException', async (_name, input) => {
    // Act
    const result = tagging.send(new GetResourcesCommand(input));

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'InvalidParameterException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers a PaginationToken older than 15 minutes with PaginationTokenExpiredException', async () => {
    // Prepare: only Date is faked, so that sockets and timers run as usual.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const first = await tagging.send(new GetResourcesCommand({ ResourcesPerPage: 1 }));
      vi.setSystemTime(Date.now() + 16 * 60 * 1000);

      // Act
      const result = tagging.send(
        new GetResourcesCommand({ ResourcesPerPage: 1, PaginationToken: first.PaginationToken }),
      );

      // Assess
      await expect(result).rejects.toMatchObject({
        name: 'PaginationTokenExpiredException',
        $metadata: { httpStatusCode: 400 },
      });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the emulated GetResources, with TagsPerPage', () => {
  it('ends a page before the resource whose tags would pass TagsPerPage, never splitting one', async () => {
    // Prepare: five load balancers of 40 tags each.
    const data = region();
    data.elbv2 = {
      tags: Object.fromEntries(
        [0, 1, 2, 3, 4].map((n) => [
          loadBalancerArn(n),
          Array.from({ length: 40 }, (_, i) => ({ Key: `k${i}`, Value: `v${n}` })),
        ]),
      ),
    };
    const emulator = await startEmulator({ accounts: [snapshot({ [REGION]: data })] });
    const tagging = new ResourceGroupsTaggingAPIClient(clientConfig(emulator));

    try {
      // Act
      const sizes: number[] = [];
      const paged = await collect(
        paginateGetResources(
          { client: tagging },
          { TagsPerPage: 100, ResourceTypeFilters: ['elasticloadbalancing'] },
        ),
        (page) => {
          sizes.push(page.ResourceTagMappingList?.length ?? 0);
          return page.ResourceTagMappingList;
        },
      );

      // Assess
      expect(sizes).toEqual([2, 2, 1]);
      expect(paged.items.every((mapping) => mapping.Tags?.length === 40)).toBe(true);
    } finally {
      tagging.destroy();
      await emulator.close();
    }
  });
});

describe('the emulated GetResources over sections the snapshot did not collect', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      accounts: [
        snapshot({
          'us-east-1': region(),
          'us-east-2': without('elbv2', 'tags'),
          'us-west-1': without('ec2', 'vpcs'),
          'us-west-2': without('appmesh', 'tags'),
        }),
      ],
    });
  });
  afterAll(() => emulator.close());

  const call = async (regionName: string, input: GetResourcesCommandInput) => {
    const client = new ResourceGroupsTaggingAPIClient(clientConfig(emulator, regionName));
    try {
      return await client.send(new GetResourcesCommand(input));
    } finally {
      client.destroy();
    }
  };

  it.each<[string, string, GetResourcesCommandInput, string]>([
    [
      'load balancers without elbv2.tags',
      'us-east-2',
      { ResourceTypeFilters: ['elasticloadbalancing:loadbalancer'] },
      'elbv2.tags',
    ],
    ['VPCs without ec2.vpcs', 'us-west-1', { ResourceTypeFilters: ['ec2:vpc'] }, 'ec2.vpcs'],
    [
      'App Mesh without appmesh.tags',
      'us-west-2',
      { ResourceTypeFilters: ['appmesh'] },
      'appmesh.tags',
    ],
    ['no resource type filter without appmesh.tags', 'us-west-2', {}, 'appmesh.tags'],
    [
      'no resource type filter without ec2.vpcs',
      'us-west-1',
      { TagFilters: [{ Key: EXEMPT }] },
      'ec2.vpcs',
    ],
    [
      'a ResourceARNList naming a load balancer without elbv2.tags',
      'us-east-2',
      { ResourceARNList: [loadBalancerArn(0).replace('us-east-1', 'us-east-2')] },
      'elbv2.tags',
    ],
  ])('answers %s with AccessDeniedException', async (_name, regionName, input, section) => {
    // Act
    const result = call(regionName, input);

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(
        new RegExp(`not authorized to perform: tag:GetResources.*did not collect ${section}`),
      ),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers the resource types whose sections were collected', async () => {
    // Act
    const result = await call('us-east-2', {
      ResourceTypeFilters: ['ec2:vpc', 'appmesh'],
      TagFilters: [{ Key: EXEMPT }],
    });

    // Assess
    expect(arnsOf(result.ResourceTagMappingList)).toEqual([
      vpcArn('vpc-0a').replace('us-east-1', 'us-east-2'),
      MESH,
    ]);
  });

  it('answers a region the snapshot does not list as one without tagged resources', async () => {
    // Act
    const result = await call('eu-north-1', {});

    // Assess
    expect(result).toMatchObject({ ResourceTagMappingList: [], PaginationToken: '' });
  });
});

describe("the emulated GetResources' faults", () => {
  let emulator: Emulator;
  let tagging: ResourceGroupsTaggingAPIClient;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [snapshot({ [REGION]: region() })] });
    tagging = new ResourceGroupsTaggingAPIClient(clientConfig(emulator));
  });
  afterAll(() => {
    tagging.destroy();
    return emulator.close();
  });
  afterEach(() => {
    emulator.setFaults({});
    emulator.resetCalls();
  });

  it('throttles a burst past its documented 15 calls (15 a second) with ThrottledException', async () => {
    // Prepare
    emulator.setFaults({ throttling: true });

    // Act: 20 at once (the bucket refills by one every 67 ms meanwhile).
    const burst = await Promise.allSettled(
      Array.from({ length: 20 }, () => tagging.send(new GetResourcesCommand({}))),
    );

    // Assess
    const rejected = burst.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.length).toBeLessThanOrEqual(5);
    for (const reason of rejected) {
      expect(reason).toMatchObject({
        name: 'ThrottledException',
        $metadata: { httpStatusCode: 400 },
      });
    }
    expect(emulator.throttled()).toEqual({ tagging: { GetResources: rejected.length } });
  });

  it('drops the connection when the service is unreachable', async () => {
    // Prepare
    emulator.setFaults({ unreachable: ['tagging'] });

    // Act
    const result = tagging.send(new GetResourcesCommand({}));

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(emulator.calls()).toEqual({ tagging: { GetResources: 1 } });
  });

  it.each([
    [500, 'InternalServiceException'],
    [503, 'ServiceUnavailable'],
  ])('answers %s errors as %s', async (status, name) => {
    // Prepare: every call a 5xx; the seed picks which.
    emulator.setFaults({ serverErrorRate: 1 });

    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => tagging.send(new GetResourcesCommand({}))),
    );

    // Assess
    const errors = results.map(
      (r) =>
        (r as PromiseRejectedResult).reason as {
          name: string;
          $metadata: { httpStatusCode: number };
        },
    );
    expect(errors.every((e) => e.$metadata.httpStatusCode >= 500)).toBe(true);
    expect(errors.find((e) => e.$metadata.httpStatusCode === status)?.name).toBe(name);
  });

  it('refuses the shortPages fault for an operation that does not page short', () => {
    // Act
    const set = () => emulator.setFaults({ shortPages: ['ecs:ListClusters'] });

    // Assess
    expect(set).toThrow('shortPages[0]: the emulator answers no short pages for ecs:ListClusters.');
  });
});
