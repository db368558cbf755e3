import { describe, expect, it } from 'vitest';
import {
  containerInstancesOfCluster,
  isServiceInScope,
  type LaunchKind,
  launchKindOfService,
  loadBalancerArnsOfTargetGroups,
  mayRunOnContainerInstances,
  runsOnContainerInstances,
  secretReferencesOf,
  subnetIdsOfService,
  targetGroupArnsOfServices,
  taskDefinitionArnsOfService,
  uniqueTaskDefinitionArns,
} from '../../lib/snapshot/scope.ts';
import type { EcsCluster, EcsService } from '../../lib/snapshot/types.ts';
import { arn } from '../support/evaluate.ts';

const service = (fields: Partial<EcsService> = {}): EcsService => ({
  serviceArn: arn.service('api'),
  serviceName: 'api',
  ...fields,
});

describe('isServiceInScope', () => {
  it.each([
    ['an ACTIVE service is in scope', 'ACTIVE', true],
    ['a service with status in lower case is in scope', 'active', true],
    ['a service without a status is in scope (judged rather than skipped)', undefined, true],
    ['a DRAINING service is out of scope', 'DRAINING', false],
    ['an INACTIVE service is out of scope', 'INACTIVE', false],
    ['a service with an empty status is out of scope', '', false],
  ])('%s', (_name, status, expected) => {
    expect(isServiceInScope(service({ status }))).toBe(expected);
  });
});

describe('taskDefinitionArnsOfService', () => {
  const td = arn.taskDefinition;

  it.each([
    ['the service task definition alone', service({ taskDefinition: td('api:2') }), [td('api:2')]],
    [
      'the task definitions of PRIMARY and ACTIVE deployments',
      service({
        taskDefinition: td('api:3'),
        deployments: [
          { status: 'PRIMARY', taskDefinition: td('api:3') },
          { status: 'ACTIVE', taskDefinition: td('api:2') },
        ],
      }),
      [td('api:3'), td('api:2')],
    ],
    [
      'deployment statuses in any case',
      service({
        deployments: [
          { status: 'primary', taskDefinition: td('api:3') },
          { status: 'Active', taskDefinition: td('api:2') },
        ],
      }),
      [td('api:3'), td('api:2')],
    ],
    [
      'no INACTIVE deployment',
      service({
        taskDefinition: td('api:3'),
        deployments: [
          { status: 'PRIMARY', taskDefinition: td('api:3') },
          { status: 'INACTIVE', taskDefinition: td('api:1') },
        ],
      }),
      [td('api:3')],
    ],
    [
      'no deployment without a status or a task definition',
      service({ deployments: [{ taskDefinition: td('api:1') }, { status: 'PRIMARY' }] }),
      [],
    ],
    ['nothing for a service without task definitions', service(), []],
  ])('gives %s', (_name, input, expected) => {
    expect(taskDefinitionArnsOfService(input)).toEqual(expected);
  });
});

describe('uniqueTaskDefinitionArns', () => {
  it('lists a task definition shared by services and deployments once', () => {
    // Prepare
    const shared = arn.taskDefinition('api:3');
    const services = [
      service({
        taskDefinition: shared,
        deployments: [{ status: 'PRIMARY', taskDefinition: shared }],
      }),
      service({
        serviceArn: arn.service('worker'),
        taskDefinition: arn.taskDefinition('worker:1'),
        deployments: [{ status: 'ACTIVE', taskDefinition: shared }],
      }),
    ];

    // Act
    const arns = uniqueTaskDefinitionArns(services);

    // Assess
    expect(arns).toEqual([shared, arn.taskDefinition('worker:1')]);
  });
});

describe('targetGroupArnsOfServices', () => {
  it('lists each target group once and skips load balancer entries without one', () => {
    // Prepare
    const services = [
      service({
        loadBalancers: [{ targetGroupArn: arn.targetGroup('a') }, { loadBalancerName: 'classic' }],
      }),
      service({
        loadBalancers: [
          { targetGroupArn: arn.targetGroup('a') },
          { targetGroupArn: arn.targetGroup('b') },
        ],
      }),
      service(),
    ];

    // Act
    const arns = targetGroupArnsOfServices(services);

    // Assess
    expect(arns).toEqual([arn.targetGroup('a'), arn.targetGroup('b')]);
  });
});

describe('loadBalancerArnsOfTargetGroups', () => {
  it('lists each load balancer of the target groups once', () => {
    const arns = loadBalancerArnsOfTargetGroups([
      {
        TargetGroupArn: arn.targetGroup('a'),
        LoadBalancerArns: [arn.loadBalancer('web'), arn.loadBalancer('api')],
      },
      { TargetGroupArn: arn.targetGroup('b'), LoadBalancerArns: [arn.loadBalancer('web')] },
      { TargetGroupArn: arn.targetGroup('c') },
    ]);

    expect(arns).toEqual([arn.loadBalancer('web'), arn.loadBalancer('api')]);
  });
});

describe('launchKindOfService', () => {
  const fargateDefault: EcsCluster = {
    clusterArn: arn.cluster(),
    defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
  };
  const ec2Default: EcsCluster = {
    clusterArn: arn.cluster(),
    defaultCapacityProviderStrategy: [{ capacityProvider: 'my-asg-provider', weight: 1 }],
  };

  it.each<[string, Partial<EcsService>, EcsCluster | undefined, LaunchKind]>([
    ['launch type FARGATE is Fargate', { launchType: 'FARGATE' }, undefined, 'FARGATE'],
    ['launch type EC2 is EC2', { launchType: 'EC2' }, undefined, 'EC2'],
    ['launch type EXTERNAL is external', { launchType: 'EXTERNAL' }, undefined, 'EXTERNAL'],
    [
      'launch type MANAGED_INSTANCES is ECS Managed Instances',
      { launchType: 'MANAGED_INSTANCES' },
      fargateDefault,
      'MANAGED_INSTANCES',
    ],
    [
      'a Managed Instances capacity provider is an EC2 host, like an Auto Scaling group',
      { capacityProviderStrategy: [{ capacityProvider: 'mi-provider', weight: 1 }] },
      fargateDefault,
      'EC2',
    ],
    [
      'a launch type in lower case counts',
      { launchType: 'fargate' as EcsService['launchType'] },
      undefined,
      'FARGATE',
    ],
    ['the launch type wins over the cluster default', { launchType: 'EC2' }, fargateDefault, 'EC2'],
    [
      'a FARGATE and FARGATE_SPOT strategy is Fargate',
      {
        capacityProviderStrategy: [
          { capacityProvider: 'FARGATE', weight: 1 },
          { capacityProvider: 'FARGATE_SPOT', weight: 3 },
        ],
      },
      undefined,
      'FARGATE',
    ],
    [
      'an Auto Scaling group capacity provider is EC2',
      { capacityProviderStrategy: [{ capacityProvider: 'my-asg-provider', weight: 1 }] },
      undefined,
      'EC2',
    ],
    [
      'the service strategy wins over the cluster default',
      { capacityProviderStrategy: [{ capacityProvider: 'my-asg-provider', weight: 1 }] },
      fargateDefault,
      'EC2',
    ],
    [
      'no launch type and no strategy uses the cluster default (Fargate)',
      {},
      fargateDefault,
      'FARGATE',
    ],
    ['no launch type and no strategy uses the cluster default (EC2)', {}, ec2Default, 'EC2'],
    [
      'an empty service strategy uses the cluster default',
      { capacityProviderStrategy: [] },
      fargateDefault,
      'FARGATE',
    ],
    ['nothing known without the cluster is unknown', {}, undefined, 'UNKNOWN'],
    [
      'a cluster without a default strategy is unknown',
      {},
      { clusterArn: arn.cluster() },
      'UNKNOWN',
    ],
  ])('%s', (_name, fields, cluster, expected) => {
    expect(launchKindOfService(service(fields), cluster)).toBe(expected);
  });
});

describe('runsOnContainerInstances and mayRunOnContainerInstances', () => {
  it.each<[LaunchKind, boolean, boolean]>([
    ['EC2', true, true],
    ['MANAGED_INSTANCES', true, true],
    ['UNKNOWN', false, true],
    ['FARGATE', false, false],
    ['EXTERNAL', false, false],
  ])('%s runs on container instances: %s, may: %s', (kind, runs, may) => {
    expect([runsOnContainerInstances(kind), mayRunOnContainerInstances(kind)]).toEqual([runs, may]);
  });
});

describe('subnetIdsOfService', () => {
  it.each([
    [
      'the awsvpc subnets',
      service({
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1', 'subnet-2'] } },
      }),
      ['subnet-1', 'subnet-2'],
    ],
    ['none without a network configuration', service(), []],
  ])('gives %s', (_name, input, expected) => {
    expect(subnetIdsOfService(input)).toEqual(expected);
  });
});

describe('containerInstancesOfCluster', () => {
  const instances = [
    { containerInstanceArn: arn.containerInstance('i-prod-1', 'prod') },
    { containerInstanceArn: arn.containerInstance('i-batch-1', 'batch') },
    { containerInstanceArn: arn.containerInstance('i-prod-2', 'prod') },
    { containerInstanceArn: `arn:aws:ecs:us-east-1:111122223333:container-instance/i-old-format` },
  ];

  it.each([
    [
      'the instances of the cluster named in their ARN',
      arn.cluster('prod'),
      ['i-prod-1', 'i-prod-2'],
    ],
    ['only the instances of another cluster', arn.cluster('batch'), ['i-batch-1']],
    ['none for a cluster without instances', arn.cluster('empty'), []],
    ['none without a cluster ARN', undefined, []],
  ])('gives %s', (_name, clusterArn, expectedIds) => {
    const found = containerInstancesOfCluster(clusterArn, instances);

    expect(found.map((ci) => ci.containerInstanceArn?.split('/').pop())).toEqual(expectedIds);
  });
});

describe('secretReferencesOf', () => {
  it('lists secrets, repository credentials and log configuration secret options of every container', () => {
    // Prepare
    const definition = {
      taskDefinitionArn: arn.taskDefinition('api:1'),
      containerDefinitions: [
        {
          name: 'app',
          secrets: [
            { name: 'DB_PASSWORD', valueFrom: arn.secret('db-AbCdEf') },
            { name: 'API_KEY', valueFrom: '/prod/api-key' },
          ],
          repositoryCredentials: { credentialsParameter: arn.secret('registry-AbCdEf') },
        },
        {
          name: 'log-router',
          logConfiguration: {
            logDriver: 'awsfirelens' as const,
            secretOptions: [{ name: 'apikey', valueFrom: arn.parameter('/prod/datadog') }],
          },
        },
        { name: 'sidecar' },
      ],
    };

    // Act
    const references = secretReferencesOf(definition);

    // Assess
    expect(references).toEqual([
      {
        containerName: 'app',
        name: 'DB_PASSWORD',
        source: 'secrets',
        valueFrom: arn.secret('db-AbCdEf'),
        target: expect.objectContaining({
          store: 'secretsmanager',
          secretId: arn.secret('db-AbCdEf'),
        }),
      },
      {
        containerName: 'app',
        name: 'API_KEY',
        source: 'secrets',
        valueFrom: '/prod/api-key',
        target: { store: 'ssm', parameterName: '/prod/api-key' },
      },
      {
        containerName: 'app',
        name: 'repositoryCredentials',
        source: 'repositoryCredentials',
        valueFrom: arn.secret('registry-AbCdEf'),
        target: expect.objectContaining({ store: 'secretsmanager' }),
      },
      {
        containerName: 'log-router',
        name: 'apikey',
        source: 'logConfiguration',
        valueFrom: arn.parameter('/prod/datadog'),
        target: expect.objectContaining({ store: 'ssm', parameterName: '/prod/datadog' }),
      },
    ]);
  });

  it.each([
    ['a task definition without containers', { taskDefinitionArn: arn.taskDefinition('a:1') }],
    [
      'containers without secrets',
      {
        taskDefinitionArn: arn.taskDefinition('a:1'),
        containerDefinitions: [{ name: 'app', environment: [{ name: 'DB_PASSWORD', value: 'x' }] }],
      },
    ],
    [
      'repository credentials without a parameter',
      {
        taskDefinitionArn: arn.taskDefinition('a:1'),
        containerDefinitions: [{ name: 'app', repositoryCredentials: {} }],
      },
    ],
  ])('finds nothing in %s', (_name, definition) => {
    expect(secretReferencesOf(definition as Parameters<typeof secretReferencesOf>[0])).toEqual([]);
  });

  it('reads a bare name by its field: a secret in repository credentials, a parameter elsewhere', () => {
    // Prepare
    const definition = {
      taskDefinitionArn: arn.taskDefinition('api:1'),
      containerDefinitions: [
        {
          name: 'app',
          secrets: [{ name: 'DB', valueFrom: 'prod/db' }],
          repositoryCredentials: { credentialsParameter: 'prod/db' },
          logConfiguration: {
            logDriver: 'splunk' as const,
            secretOptions: [{ name: 'splunk-token', valueFrom: 'prod/db' }],
          },
        },
      ],
    };

    // Act
    const targets = secretReferencesOf(definition).map((r) => [r.source, r.target]);

    // Assess
    expect(targets).toEqual([
      ['secrets', { store: 'ssm', parameterName: 'prod/db' }],
      ['repositoryCredentials', { store: 'secretsmanager', secretId: 'prod/db' }],
      ['logConfiguration', { store: 'ssm', parameterName: 'prod/db' }],
    ]);
  });

  it('names unnamed containers and secrets "?" and treats a missing valueFrom as unknown', () => {
    const references = secretReferencesOf({
      taskDefinitionArn: arn.taskDefinition('a:1'),
      containerDefinitions: [{ secrets: [{} as { name: string; valueFrom: string }] }],
    });

    expect(references).toEqual([
      {
        containerName: '?',
        name: '?',
        source: 'secrets',
        valueFrom: '',
        target: { store: 'unknown' },
      },
    ]);
  });
});
