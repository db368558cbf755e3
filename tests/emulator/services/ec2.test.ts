import {
  DescribeInstancesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Filter,
  paginateDescribeInstances,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import { clientConfig, collect, richSnapshot } from '../support.ts';

describe('the emulated EC2', () => {
  let emulator: Emulator;
  let ec2: EC2Client;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot()], maxPageSize: 5 });
    ec2 = new EC2Client(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  it.each([
    [
      'DescribeVpcEndpoints',
      () => collect(paginateDescribeVpcEndpoints({ client: ec2 }, {}), (p) => p.VpcEndpoints),
      12,
      3,
    ],
    [
      'DescribeSubnets',
      () => collect(paginateDescribeSubnets({ client: ec2 }, {}), (p) => p.Subnets),
      11,
      3,
    ],
    [
      'DescribeInstances',
      () => collect(paginateDescribeInstances({ client: ec2 }, {}), (p) => p.Reservations),
      8,
      2,
    ],
  ] as const)('pages %s with the SDK paginator', async (_name, read, items, pages) => {
    // Act
    const result = await read();

    // Assess
    expect(result.items).toHaveLength(items);
    expect(result.pages).toBe(pages);
  });

  const vpcEndpointIds = async (Filters: Filter[]) =>
    (await ec2.send(new DescribeVpcEndpointsCommand({ Filters }))).VpcEndpoints?.map(
      (e) => e.VpcEndpointId,
    );

  it.each([
    [
      'vpc-id',
      [{ Name: 'vpc-id', Values: ['vpc-1'] }],
      [
        'vpce-000000000000001',
        'vpce-000000000000004',
        'vpce-000000000000007',
        'vpce-000000000000010',
      ],
    ],
    [
      'service-name and vpc-endpoint-type together',
      [
        { Name: 'service-name', Values: ['com.amazonaws.us-east-1.ecs'] },
        { Name: 'vpc-endpoint-type', Values: ['Interface'] },
      ],
      ['vpce-000000000000000', 'vpce-000000000000004', 'vpce-000000000000008'],
    ],
    [
      'a wildcard value',
      [{ Name: 'service-name', Values: ['*.s3'] }],
      ['vpce-000000000000003', 'vpce-000000000000007', 'vpce-000000000000011'],
    ],
    ['a tag', [{ Name: 'tag:Name', Values: ['endpoint-2'] }], ['vpce-000000000000002']],
  ])('filters VPC endpoints by %s', async (_name, filters, expected) => {
    // Act
    const ids = await vpcEndpointIds(filters);

    // Assess
    expect(ids).toEqual(expected);
  });

  it('filters subnets by subnet-id and instances by instance-id, wrapping each instance in a reservation', async () => {
    // Act
    const subnets = await ec2.send(
      new DescribeSubnetsCommand({
        Filters: [{ Name: 'subnet-id', Values: ['subnet-03', 'subnet-04'] }],
      }),
    );
    const instances = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [{ Name: 'instance-id', Values: ['i-0000000000000002'] }],
      }),
    );

    // Assess
    expect(subnets.Subnets?.map((s) => s.SubnetId)).toEqual(['subnet-03', 'subnet-04']);
    const reservation = instances.Reservations?.[0];
    expect(reservation?.OwnerId).toBe('444455556666');
    expect(reservation?.Instances?.[0]?.LaunchTime).toEqual(new Date('2026-01-07T10:30:15.250Z'));
    expect(
      reservation?.Instances?.[0]?.NetworkInterfaces?.[0]?.PrivateIpAddresses?.[0]?.Primary,
    ).toBe(true);
  });

  it('describes instances by ID and subnets of a VPC', async () => {
    // Act
    const instances = await ec2.send(
      new DescribeInstancesCommand({ InstanceIds: ['i-0000000000000003', 'i-0000000000000005'] }),
    );
    const subnets = await ec2.send(
      new DescribeSubnetsCommand({
        Filters: [{ Name: 'vpc-id', Values: ['vpc-2'] }],
        MaxResults: 5,
      }),
    );

    // Assess
    expect(
      instances.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId),
    ).toEqual(['i-0000000000000003', 'i-0000000000000005']);
    expect(subnets.Subnets?.map((s) => s.SubnetId)).toEqual([
      'subnet-02',
      'subnet-05',
      'subnet-08',
    ]);
  });

  it.each([
    [
      'an unknown subnet',
      () => ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-99'] })),
      'InvalidSubnetID.NotFound',
    ],
    [
      'an unknown instance',
      () => ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-99'] })),
      'InvalidInstanceID.NotFound',
    ],
    [
      'an unknown VPC endpoint',
      () => ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ['vpce-99'] })),
      'InvalidVpcEndpointId.NotFound',
    ],
    [
      'an unknown filter',
      () =>
        ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] })),
      'InvalidParameterValue',
    ],
    [
      'MaxResults below 5',
      () => ec2.send(new DescribeSubnetsCommand({ MaxResults: 4 })),
      'InvalidParameterValue',
    ],
    [
      'instance IDs with MaxResults',
      () =>
        ec2.send(
          new DescribeInstancesCommand({ InstanceIds: ['i-0000000000000001'], MaxResults: 5 }),
        ),
      'InvalidParameterCombination',
    ],
    [
      'a forged NextToken',
      () => ec2.send(new DescribeSubnetsCommand({ NextToken: 'forged' })),
      'InvalidPaginationToken',
    ],
  ])('answers %s with the ec2Query error the SDK parses', async (_name, call, name) => {
    // Act
    const result = call();

    // Assess
    await expect(result).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 400 } });
  });

  it('describes the VPCs a vpc-id filter names, with their tags, page by page', async () => {
    // Act
    const { items, pages } = await collect(
      paginateDescribeVpcs(
        { client: ec2, pageSize: 5 },
        { Filters: [{ Name: 'vpc-id', Values: ['vpc-0', 'vpc-2', 'vpc-9'] }] },
      ),
      (p) => p.Vpcs,
    );

    // Assess: an ID the filter names but that does not exist is simply not there.
    expect(items.map((vpc) => [vpc.VpcId, vpc.Tags])).toEqual([
      ['vpc-0', [{ Key: 'Name', Value: 'vpc-0' }]],
      ['vpc-2', [{ Key: 'Name', Value: 'vpc-2' }]],
    ]);
    expect(pages).toBe(1);
  });

  it('answers DescribeVpcs by an unknown VPC ID with InvalidVpcID.NotFound', async () => {
    // Act
    const result = ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-9'] }));

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'InvalidVpcID.NotFound' });
  });

  it('answers DescribeVpcs with UnauthorizedOperation when the snapshot did not collect ec2.vpcs', async () => {
    // Prepare
    const snapshot = richSnapshot();
    delete snapshot.regions['us-east-1']?.ec2?.vpcs;
    const denying = await startEmulator({ accounts: [snapshot] });
    const client = new EC2Client(clientConfig(denying));

    try {
      // Act
      const result = client.send(new DescribeVpcsCommand({}));

      // Assess
      await expect(result).rejects.toMatchObject({
        name: 'UnauthorizedOperation',
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      client.destroy();
      await denying.close();
    }
  });
});
