import { describe, expect, it } from 'vitest';
import type { EcsService } from '../../lib/snapshot/types.ts';
import {
  clusterArnOfService,
  type PlacementInput,
  placeServicesInVpcs,
} from '../../lib/snapshot/vpcs.ts';
import { arn } from '../support/evaluate.ts';
import { awsvpc, containerInstance, ec2Instance, ecsService, subnet } from '../support/service.ts';

const byId = <T>(items: T[], id: (item: T) => string) =>
  new Map(items.map((item) => [id(item), item]));

const subnets = byId(
  [subnet('subnet-a', 'vpc-a'), subnet('subnet-b', 'vpc-b')],
  (s) => s.SubnetId ?? '',
);
const instances = byId(
  [ec2Instance('i-1', 'vpc-c'), ec2Instance('i-2', 'vpc-d'), ec2Instance('i-9', 'vpc-z')],
  (i) => i.InstanceId ?? '',
);
const containerInstances = [
  containerInstance('i-1'),
  containerInstance('i-2', 'DRAINING'),
  containerInstance('i-9', 'INACTIVE'),
  containerInstance(undefined), // external
];

const fargate = ecsService('web', { launchType: 'FARGATE', ...awsvpc('subnet-a') });
const ec2Bridge = ecsService('worker', { launchType: 'EC2' });
const ec2Awsvpc = ecsService('api', { launchType: 'EC2', ...awsvpc('subnet-b') });

const place = (services: EcsService[], input: Partial<PlacementInput> = {}) =>
  placeServicesInVpcs({
    services,
    clusters: new Map(),
    containerInstances,
    subnets,
    instances,
    ...input,
  });

const summary = (services: EcsService[], input: Partial<PlacementInput> = {}) =>
  place(services, input).vpcs.map((v) => ({
    vpcId: v.vpcId,
    services: v.services.map((s) => s.serviceName),
    hostsContainerInstances: v.hostsContainerInstances,
  }));

describe('placeServicesInVpcs', () => {
  it.each([
    [
      'places a Fargate awsvpc service in the VPC of its subnets, without container instances',
      [fargate],
      [{ vpcId: 'vpc-a', services: ['web'], hostsContainerInstances: false }],
    ],
    [
      'places an EC2 bridge service in the VPCs of its ACTIVE and DRAINING container instances',
      [ec2Bridge],
      [
        { vpcId: 'vpc-c', services: ['worker'], hostsContainerInstances: true },
        { vpcId: 'vpc-d', services: ['worker'], hostsContainerInstances: true },
      ],
    ],
    [
      'marks the subnet VPC of an EC2 awsvpc service as hosting container instances',
      [ec2Awsvpc],
      [
        { vpcId: 'vpc-b', services: ['api'], hostsContainerInstances: true },
        { vpcId: 'vpc-c', services: ['api'], hostsContainerInstances: true },
        { vpcId: 'vpc-d', services: ['api'], hostsContainerInstances: true },
      ],
    ],
    [
      'marks the subnet VPC of an ECS Managed Instances service as hosting container instances',
      [ecsService('gpu', { launchType: 'MANAGED_INSTANCES', ...awsvpc('subnet-a') })],
      [
        { vpcId: 'vpc-a', services: ['gpu'], hostsContainerInstances: true },
        { vpcId: 'vpc-c', services: ['gpu'], hostsContainerInstances: true },
        { vpcId: 'vpc-d', services: ['gpu'], hostsContainerInstances: true },
      ],
    ],
    [
      'lists every service of a shared VPC once, with VPCs sorted',
      [
        ecsService('b', { launchType: 'FARGATE', ...awsvpc('subnet-b', 'subnet-b') }),
        fargate,
        ecsService('c', { launchType: 'FARGATE', ...awsvpc('subnet-a') }),
      ],
      [
        { vpcId: 'vpc-a', services: ['web', 'c'], hostsContainerInstances: false },
        { vpcId: 'vpc-b', services: ['b'], hostsContainerInstances: false },
      ],
    ],
    [
      'considers container instances when the launch kind is unknown',
      [ecsService('legacy', awsvpc('subnet-a'))],
      [
        { vpcId: 'vpc-a', services: ['legacy'], hostsContainerInstances: false },
        { vpcId: 'vpc-c', services: ['legacy'], hostsContainerInstances: true },
        { vpcId: 'vpc-d', services: ['legacy'], hostsContainerInstances: true },
      ],
    ],
    ['places an EXTERNAL service in no VPC', [ecsService('edge', { launchType: 'EXTERNAL' })], []],
  ] as const)('%s', (_name, services, expected) => {
    // Act
    const result = summary([...services]);

    // Assess
    expect(result).toEqual(expected);
  });

  it.each([
    [
      'subnets were not collected',
      fargate,
      { subnets: undefined },
      'subnets were not collected',
      false,
    ],
    [
      'a subnet was not described',
      ecsService('x', { launchType: 'FARGATE', ...awsvpc('subnet-q') }),
      {},
      'subnet subnet-q was not described',
      false,
    ],
    [
      'container instances were not collected',
      ec2Bridge,
      { containerInstances: undefined },
      'container instances were not collected',
      true,
    ],
    [
      'EC2 instances were not collected',
      ec2Bridge,
      { instances: undefined },
      'EC2 instances were not collected',
      true,
    ],
    [
      'an instance was not described',
      ec2Bridge,
      { instances: new Map() },
      'instance i-1 was not described',
      true,
    ],
    [
      'the cluster is unknown',
      ecsService('old', {
        launchType: 'EC2',
        clusterArn: undefined,
        serviceArn: 'arn:aws:ecs:us-east-1:111122223333:service/old',
      }),
      {},
      'its cluster is unknown (no clusterArn)',
      true,
    ],
  ] as const)(
    'reports the service as unresolved when %s',
    (_name, service, input, reason, mayHost) => {
      // Act
      const { unresolved } = place([service], input);

      // Assess
      expect(unresolved).toHaveLength(1);
      expect(unresolved[0]?.reasons).toContain(reason);
      expect(unresolved[0]?.mayHostContainerInstances).toBe(mayHost);
    },
  );

  it('keeps the VPCs it could resolve beside the unresolved part', () => {
    // Act
    const result = place([ec2Awsvpc], { instances: undefined });

    // Assess
    expect(result.vpcs.map((v) => [v.vpcId, v.hostsContainerInstances])).toEqual([['vpc-b', true]]);
    expect(result.unresolved[0]?.mayHostContainerInstances).toBe(true);
  });

  it('does not need container instances for a Fargate service', () => {
    // Act
    const result = place([fargate], { containerInstances: undefined, instances: undefined });

    // Assess
    expect(result.unresolved).toEqual([]);
  });
});

describe('clusterArnOfService', () => {
  it.each([
    ['uses clusterArn when present', { clusterArn: arn.cluster('blue') }, arn.cluster('blue')],
    ['derives it from a long-format service ARN', { clusterArn: undefined }, arn.cluster('prod')],
    [
      'gives up on a short-format service ARN',
      { clusterArn: undefined, serviceArn: 'arn:aws:ecs:us-east-1:111122223333:service/web' },
      undefined,
    ],
  ] as const)('%s', (_name, fields, expected) => {
    // Act
    const result = clusterArnOfService(ecsService('web', fields));

    // Assess
    expect(result).toBe(expected);
  });
});
