// emulator/services/vpcLattice.ts through the real VPC Lattice client (restJson1): the target group
// listing and reads the collector makes.
import {
  GetTargetGroupCommand,
  ListTargetGroupsCommand,
  type ListTargetGroupsCommandInput,
  paginateListTargetGroups,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import type { LatticeTargetGroup, Snapshot } from '../../../lib/snapshot/types.ts';
import { clientConfig } from '../support.ts';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const arnOf = (id: string) => `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:targetgroup/${id}`;

const group = (id: string, type: string, vpc: string): LatticeTargetGroup =>
  ({
    arn: arnOf(id),
    id,
    name: `name-${id}`,
    type,
    status: 'ACTIVE',
    createdAt: '2026-10-02T09:14:00.000Z',
    serviceArns: [`arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/svc-1`],
    config: {
      port: 8443,
      protocol: 'HTTPS',
      protocolVersion: 'HTTP1',
      vpcIdentifier: vpc,
      ipAddressType: 'IPV4',
      healthCheck: { enabled: true },
    },
  }) as LatticeTargetGroup;

const TARGET_GROUPS = [
  group('tg-00000000000000001', 'IP', 'vpc-0000000a'),
  group('tg-00000000000000002', 'LAMBDA', 'vpc-0000000a'),
  group('tg-00000000000000003', 'IP', 'vpc-0000000b'),
  group('tg-00000000000000004', 'IP', 'vpc-0000000a'),
];

const account: Snapshot = {
  format: 'ecs-encryption-scanner/snapshot@2',
  accountId: ACCOUNT,
  partition: 'aws',
  regions: { [REGION]: { vpcLattice: { targetGroups: TARGET_GROUPS } } },
};

describe('the emulated VPC Lattice target groups', () => {
  let emulator: Emulator;
  let lattice: VPCLatticeClient;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [account] });
    lattice = new VPCLatticeClient(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  it('lists summaries with the configuration’s fields at the top level, as TargetGroupSummary has them', async () => {
    // Act
    const { items } = await lattice.send(new ListTargetGroupsCommand({}));

    // Assess: no protocolVersion or healthCheck, which the summary does not have.
    expect(items?.[0]).toEqual({
      arn: arnOf('tg-00000000000000001'),
      id: 'tg-00000000000000001',
      name: 'name-tg-00000000000000001',
      type: 'IP',
      status: 'ACTIVE',
      createdAt: new Date('2026-10-02T09:14:00.000Z'),
      serviceArns: [`arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/svc-1`],
      port: 8443,
      protocol: 'HTTPS',
      vpcIdentifier: 'vpc-0000000a',
      ipAddressType: 'IPV4',
    });
  });

  it.each<[string, ListTargetGroupsCommandInput, string[]]>([
    ['every target group', {}, ['1', '2', '3', '4']],
    ['one type', { targetGroupType: 'IP' }, ['1', '3', '4']],
    ['one VPC', { vpcIdentifier: 'vpc-0000000a' }, ['1', '2', '4']],
    ['both filters at once', { targetGroupType: 'IP', vpcIdentifier: 'vpc-0000000a' }, ['1', '4']],
  ])('lists %s', async (_name, input, ids) => {
    // Act
    const listed = [];
    for await (const page of paginateListTargetGroups({ client: lattice, pageSize: 2 }, input)) {
      listed.push(...(page.items ?? []));
    }

    // Assess
    expect(listed.map((tg) => tg.id)).toEqual(ids.map((n) => `tg-0000000000000000${n}`));
  });

  it('pages by maxResults and nextToken', async () => {
    // Act
    const first = await lattice.send(new ListTargetGroupsCommand({ maxResults: 3 }));
    const second = await lattice.send(
      new ListTargetGroupsCommand({ maxResults: 3, nextToken: first.nextToken }),
    );

    // Assess
    expect(first.items).toHaveLength(3);
    expect(first.nextToken).toBeDefined();
    expect(second.items?.map((tg) => tg.id)).toEqual(['tg-00000000000000004']);
    expect(second.nextToken).toBeUndefined();
  });

  it.each<[string, ListTargetGroupsCommandInput]>([
    ['maxResults above 100', { maxResults: 101 }],
    ['a token it did not hand out', { nextToken: 'forged' }],
    [
      'an unknown type',
      { targetGroupType: 'GPU' as ListTargetGroupsCommandInput['targetGroupType'] },
    ],
  ])('answers ValidationException for %s', async (_name, input) => {
    // Act
    const result = lattice.send(new ListTargetGroupsCommand(input));

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('gets a target group by ID or ARN with its whole configuration, and answers an unknown one as not found', async () => {
    // Act
    const byId = await lattice.send(
      new GetTargetGroupCommand({ targetGroupIdentifier: 'tg-00000000000000003' }),
    );
    const byArn = await lattice.send(
      new GetTargetGroupCommand({ targetGroupIdentifier: arnOf('tg-00000000000000003') }),
    );
    const unknown = lattice.send(
      new GetTargetGroupCommand({ targetGroupIdentifier: 'tg-00000000000000009' }),
    );

    // Assess
    expect(byId.config?.protocolVersion).toBe('HTTP1');
    expect(byArn.arn).toBe(byId.arn);
    await expect(unknown).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });
});
