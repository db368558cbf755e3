import { describe, expect, it } from 'vitest';
import { snapshotSchema } from '../../lib/snapshot/schema.ts';
import { emptyRegionSnapshot } from '../../lib/snapshot/sections.ts';
import { SNAPSHOT_FORMAT } from '../../lib/snapshot/types.ts';
import { ACCOUNT, arn } from '../support/evaluate.ts';

const snapshotWith = (regions: Record<string, unknown>) => ({
  format: SNAPSHOT_FORMAT,
  accountId: ACCOUNT,
  regions,
  failures: [],
});

describe('snapshotSchema', () => {
  it.each([
    'us-east-1',
    'eu-central-2',
    'ap-southeast-5',
    'us-gov-west-1',
    'cn-northwest-1',
    'us-isob-east-1',
    'eusc-de-east-1',
  ])('accepts the region name %s', (region) => {
    expect(snapshotSchema.safeParse(snapshotWith({ [region]: {} })).success).toBe(true);
  });

  it.each(['US-EAST-1', 'us-east', 'useast1', 'us-east-1a', 'global', ''])(
    'rejects the region name "%s"',
    (region) => {
      const result = snapshotSchema.safeParse(snapshotWith({ [region]: {} }));

      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['regions', region]);
    },
  );

  it('accepts every section of the format, empty', () => {
    // Prepare
    const region = emptyRegionSnapshot();

    // Act
    const result = snapshotSchema.safeParse(snapshotWith({ 'us-east-1': region }));

    // Assess
    expect(result.success).toBe(true);
    expect(result.data?.regions['us-east-1']).toEqual(region);
  });

  it.each([
    ['a cluster', { ecs: { clusters: [{}] } }, ['ecs', 'clusters', 0, 'clusterArn']],
    [
      'a task definition',
      { ecs: { taskDefinitions: [{}] } },
      ['ecs', 'taskDefinitions', 0, 'taskDefinitionArn'],
    ],
    [
      'a container instance',
      { ecs: { containerInstances: [{}] } },
      ['ecs', 'containerInstances', 0, 'containerInstanceArn'],
    ],
    [
      'a load balancer',
      { elbv2: { loadBalancers: [{}] } },
      ['elbv2', 'loadBalancers', 0, 'LoadBalancerArn'],
    ],
    [
      'a listener without its load balancer',
      { elbv2: { listeners: [{ ListenerArn: arn.listener('web', 'l1') }] } },
      ['elbv2', 'listeners', 0, 'LoadBalancerArn'],
    ],
    [
      'a target group',
      { elbv2: { targetGroups: [{}] } },
      ['elbv2', 'targetGroups', 0, 'TargetGroupArn'],
    ],
    ['a subnet', { ec2: { subnets: [{ VpcId: 'vpc-1' }] } }, ['ec2', 'subnets', 0, 'SubnetId']],
    ['an instance', { ec2: { instances: [{}] } }, ['ec2', 'instances', 0, 'InstanceId']],
    [
      'a mesh',
      { appmesh: { meshes: [{ metadata: {} }] } },
      ['appmesh', 'meshes', 0, 'metadata', 'arn'],
    ],
    [
      'a certificate',
      { acm: { certificates: [{}] } },
      ['acm', 'certificates', 0, 'CertificateArn'],
    ],
    [
      'a parameter',
      { ssm: { parameters: [{ Type: 'SecureString' }] } },
      ['ssm', 'parameters', 0, 'Name'],
    ],
    [
      'a parameter of another region',
      { ssm: { parameters: [], otherRegionParameters: { 'eu-west-1': [{ Type: 'String' }] } } },
      ['ssm', 'otherRegionParameters', 'eu-west-1', 0, 'Name'],
    ],
    [
      'a secret',
      { secretsManager: { secrets: [{ Name: 'db' }] } },
      ['secretsManager', 'secrets', 0, 'ARN'],
    ],
  ])('requires the identifier of %s', (_name, region, path) => {
    const result = snapshotSchema.safeParse(snapshotWith({ 'us-east-1': region }));

    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['regions', 'us-east-1', ...path],
    ]);
  });

  it.each([
    ['without otherRegionParameters (snapshots before issue 12)', { parameters: [] }],
    [
      'with the parameters of other regions, keyed by region',
      {
        parameters: [],
        otherRegionParameters: { 'eu-west-1': [{ Name: '/prod/db', Type: 'SecureString' }] },
      },
    ],
  ])('accepts the SSM section %s', (_name, ssm) => {
    // Act
    const result = snapshotSchema.safeParse(snapshotWith({ 'us-east-1': { ssm } }));

    // Assess
    expect(result.success).toBe(true);
    expect(result.data?.regions['us-east-1']?.ssm).toEqual(ssm);
  });
});
