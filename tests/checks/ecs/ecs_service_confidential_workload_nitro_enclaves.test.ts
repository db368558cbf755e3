import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/ecs/ecs_service_confidential_workload_nitro_enclaves.ts';
import type {
  Ec2Instance,
  EcsCluster,
  EcsContainerInstance,
  EcsService,
  RegionSnapshot,
} from '../../../lib/snapshot/types.ts';
import { arn, runCheck } from '../../support/evaluate.ts';
import { containerInstance, ec2Instance, ecsService } from '../../support/service.ts';

const CONFIDENTIAL = [{ key: 'DataClassification', value: 'confidential' }];

const confidentialService = (fields: Partial<EcsService> = {}): EcsService =>
  ecsService('ledger', { launchType: 'EC2', tags: CONFIDENTIAL, ...fields });

const cluster = (fields: Partial<EcsCluster> = {}): EcsCluster => ({
  clusterArn: arn.cluster(),
  clusterName: 'prod',
  ...fields,
});

/** Absent container instances or instances = not collected. */
const accountWith = (parts: {
  service?: EcsService;
  clusters?: readonly EcsCluster[];
  containerInstances?: readonly EcsContainerInstance[];
  instances?: readonly Ec2Instance[];
}): RegionSnapshot => ({
  ecs: {
    services: [parts.service ?? confidentialService()],
    clusters: [...(parts.clusters ?? [cluster()])],
    ...(parts.containerInstances ? { containerInstances: [...parts.containerInstances] } : {}),
  },
  ...(parts.instances ? { ec2: { instances: [...parts.instances] } } : {}),
});

const enclaveHosts = {
  containerInstances: [containerInstance('i-0a1'), containerInstance('i-0a2')],
  instances: [ec2Instance('i-0a1', 'vpc-1', true), ec2Instance('i-0a2', 'vpc-1', true)],
};

describe('ecs_service_confidential_workload_nitro_enclaves', () => {
  it.each([
    [
      'passes when every ACTIVE container instance has enclaves enabled',
      {},
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes with an EC2 capacity provider strategy',
      {
        service: confidentialService({
          launchType: undefined,
          capacityProviderStrategy: [{ capacityProvider: 'enclave-asg', weight: 1 }],
        }),
      },
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes when a Fargate provider in the strategy receives no tasks (weight 0, no base)',
      {
        service: confidentialService({
          launchType: undefined,
          capacityProviderStrategy: [
            { capacityProvider: 'enclave-asg', weight: 1 },
            { capacityProvider: 'FARGATE', weight: 0, base: 0 },
          ],
        }),
      },
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'ignores a DRAINING container instance without enclaves',
      {
        containerInstances: [
          ...enclaveHosts.containerInstances,
          containerInstance('i-0d1', 'DRAINING'),
        ],
        instances: [...enclaveHosts.instances, ec2Instance('i-0d1', 'vpc-1', false)],
      },
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'ignores container instances of other clusters',
      {
        containerInstances: [
          ...enclaveHosts.containerInstances,
          containerInstance('i-0b1', 'ACTIVE', 'batch'),
        ],
        instances: [...enclaveHosts.instances, ec2Instance('i-0b1', 'vpc-1', false)],
      },
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes on ECS Managed Instances whose EC2 instances have enclaves enabled',
      { service: confidentialService({ launchType: 'MANAGED_INSTANCES' }) },
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'fails on ECS Managed Instances whose EC2 instance lacks enclaves (never judged as Fargate)',
      {
        service: confidentialService({ launchType: 'MANAGED_INSTANCES' }),
        instances: [ec2Instance('i-0a1', 'vpc-1', true), ec2Instance('i-0a2', 'vpc-1', false)],
      },
      'FAILED',
      'MEDIUM',
    ],
    [
      'is not available on ECS Managed Instances whose EC2 instances were not collected',
      {
        service: confidentialService({ launchType: 'MANAGED_INSTANCES' }),
        containerInstances: enclaveHosts.containerInstances,
        instances: undefined,
      },
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available on ECS Managed Instances whose container instances were not collected',
      {
        service: confidentialService({ launchType: 'MANAGED_INSTANCES' }),
        containerInstances: undefined,
        instances: enclaveHosts.instances,
      },
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'fails when the service runs on Fargate',
      { service: confidentialService({ launchType: 'FARGATE' }) },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails when the service strategy uses FARGATE_SPOT',
      {
        service: confidentialService({
          launchType: undefined,
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        }),
      },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails when the cluster default strategy is Fargate',
      {
        service: confidentialService({ launchType: undefined }),
        clusters: [
          cluster({
            defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
          }),
        ],
      },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails when a mixed strategy places part of the tasks on Fargate',
      {
        service: confidentialService({
          launchType: undefined,
          capacityProviderStrategy: [
            { capacityProvider: 'enclave-asg', weight: 1 },
            { capacityProvider: 'FARGATE', weight: 1 },
          ],
        }),
      },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails when the service runs on external instances',
      { service: confidentialService({ launchType: 'EXTERNAL' }) },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails when an instance has EnclaveOptions.Enabled false',
      { instances: [ec2Instance('i-0a1', 'vpc-1', true), ec2Instance('i-0a2', 'vpc-1', false)] },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails when an instance has no EnclaveOptions',
      { instances: [ec2Instance('i-0a1', 'vpc-1', true), ec2Instance('i-0a2', 'vpc-1')] },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails when an instance lacks enclaves even if another was not described',
      { instances: [ec2Instance('i-0a2', 'vpc-1', false)] },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails when the cluster has no ACTIVE container instance',
      { containerInstances: [containerInstance('i-0a1', 'DRAINING')] },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails when an ACTIVE container instance is not an EC2 instance',
      { containerInstances: [...enclaveHosts.containerInstances, containerInstance(undefined)] },
      'FAILED',
      'MEDIUM',
    ],
    [
      'reads the container instance status in lower case',
      {
        containerInstances: [containerInstance('i-0a1', 'active')],
        instances: [ec2Instance('i-0a1', 'vpc-1', false)],
      },
      'FAILED',
      'MEDIUM',
    ],
    [
      'is not available when the launch type is unknown and the cluster was not collected',
      { service: confidentialService({ launchType: undefined }), clusters: [] },
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available when the cluster cannot be told (no clusterArn, short service ARN)',
      {
        service: confidentialService({
          clusterArn: undefined,
          serviceArn: 'arn:aws:ecs:us-east-1:111122223333:service/ledger',
        }),
      },
      'NOT_AVAILABLE',
      'INFORMATIONAL',
      // Neither clusterArn nor an old-format ARN names the cluster: the service name alone.
      'ledger',
    ],
    [
      'is not available when container instances were not collected',
      { containerInstances: undefined },
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available when EC2 instances were not collected',
      { instances: undefined },
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available when an instance was not described',
      { instances: [ec2Instance('i-0a1', 'vpc-1', true)] },
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
  ] as const)('%s', async (_name, parts, status, severity, name: string = 'prod/ledger') => {
    // Prepare
    const data = accountWith({ ...enclaveHosts, ...parts });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity,
      resource: { kind: 'service', name },
    });
  });

  it.each([
    ['the tag value differs in case', [{ key: 'DataClassification', value: 'CONFIDENTIAL' }], 1],
    ['the tag value is another class', [{ key: 'DataClassification', value: 'internal' }], 0],
    ['the tag key differs in case', [{ key: 'dataclassification', value: 'confidential' }], 0],
    ['the service has no tags', undefined, 0],
  ] as const)('applies by tag when %s', async (_name, tags, count) => {
    // Prepare
    const data = accountWith({
      ...enclaveHosts,
      service: confidentialService({ tags: tags && [...tags] }),
    });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(count);
  });

  it('uses the configured confidential tag', async () => {
    // Prepare
    const data = accountWith({
      ...enclaveHosts,
      service: confidentialService({
        launchType: 'FARGATE',
        tags: [{ key: 'tier', value: 'Restricted' }],
      }),
    });

    // Act
    const results = await runCheck(check, data, {
      config: { confidentialTag: { key: 'tier', value: 'restricted' } },
    });

    // Assess
    expect(results.map((r) => r.status)).toEqual(['FAILED']);
  });

  it('names the instances without enclaves and not their neighbours', async () => {
    // Prepare
    const data = accountWith({
      ...enclaveHosts,
      instances: [ec2Instance('i-0a1', 'vpc-1', true), ec2Instance('i-0a2', 'vpc-1', false)],
    });

    // Act
    const [result] = await runCheck(check, data);

    // Assess
    expect(result?.reason).toContain('ledger');
    expect(result?.reason).toContain('i-0a2');
    expect(result?.reason).not.toContain('i-0a1');
  });

  it('finds the cluster from the service ARN when clusterArn is absent', async () => {
    // Prepare
    const data = accountWith({
      ...enclaveHosts,
      service: confidentialService({ clusterArn: undefined }),
    });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => r.status)).toEqual(['PASSED']);
  });
});
