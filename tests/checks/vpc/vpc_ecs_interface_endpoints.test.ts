import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/vpc/vpc_ecs_interface_endpoints.ts';
import type {
  Ec2VpcEndpoint,
  EcsTaskDefinition,
  RegionSnapshot,
} from '../../../lib/snapshot/types.ts';
import { arn, runCheck } from '../../support/evaluate.ts';
import {
  awsvpc,
  containerInstance,
  ECS_TRIO,
  ec2Instance,
  ecsService,
  raw,
  subnet,
  taskDefinition,
  vpcEndpoint,
  vpcEndpoints,
} from '../../support/service.ts';

const ECR_IMAGE = '111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2';

/** A VPC `vpc-ec2` with one EC2 (bridge) service on container instance i-1. */
const ec2Account = (
  endpoints: Ec2VpcEndpoint[] | undefined,
  definition = taskDefinition('worker:1'),
): RegionSnapshot => ({
  ecs: {
    services: [
      ecsService('worker', { launchType: 'EC2', taskDefinition: definition.taskDefinitionArn }),
    ],
    taskDefinitions: [definition],
    containerInstances: [containerInstance('i-1')],
  },
  ec2: {
    instances: [ec2Instance('i-1', 'vpc-ec2')],
    subnets: [],
    ...(endpoints ? { vpcEndpoints: endpoints } : {}),
  },
});

/** A VPC `vpc-fg` with one Fargate service in subnet-f. */
const fargateAccount = (
  endpoints: Ec2VpcEndpoint[] | undefined,
  /** `null`: the service's task definition was not described. */
  definition: EcsTaskDefinition | null = taskDefinition('web:1'),
): RegionSnapshot => ({
  ecs: {
    services: [
      ecsService('web', {
        launchType: 'FARGATE',
        taskDefinition: definition?.taskDefinitionArn ?? arn.taskDefinition('web:1'),
        ...awsvpc('subnet-f'),
      }),
    ],
    taskDefinitions: definition ? [definition] : [],
    containerInstances: [],
  },
  ec2: {
    subnets: [subnet('subnet-f', 'vpc-fg')],
    instances: [],
    ...(endpoints ? { vpcEndpoints: endpoints } : {}),
  },
});

const withoutTaskDefinitions = (data: RegionSnapshot): RegionSnapshot => ({
  ...data,
  ecs: { ...data.ecs, taskDefinitions: [] },
});

const webUsing = (container: NonNullable<EcsTaskDefinition['containerDefinitions']>[number]) =>
  taskDefinition('web:1', [{ name: 'app', image: 'nginx:1.27', ...container }]);

const trio = vpcEndpoints('vpc-ec2', ...ECS_TRIO);
const withoutAgent = trio.filter((e) => !e.ServiceName?.endsWith('.ecs-agent'));
const replace = (endpoints: Ec2VpcEndpoint[], short: string, fields: Partial<Ec2VpcEndpoint>) =>
  endpoints.map((e) => (e.ServiceName?.endsWith(`.${short}`) ? { ...e, ...fields } : e));

describe('vpc_ecs_interface_endpoints', () => {
  it.each([
    // VPCs hosting EC2 container instances
    [
      'passes an EC2 VPC with the ecs, ecs-agent and ecs-telemetry endpoints',
      ec2Account(trio),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'fails an EC2 VPC without the ecs-agent endpoint',
      ec2Account(withoutAgent),
      'FAILED',
      'MEDIUM',
    ],
    ['fails an EC2 VPC without any endpoint', ec2Account([]), 'FAILED', 'MEDIUM'],
    [
      'fails an EC2 VPC whose ecs-telemetry endpoint has private DNS disabled',
      ec2Account(replace(trio, 'ecs-telemetry', { PrivateDnsEnabled: false })),
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails an EC2 VPC whose ecs endpoint is pendingAcceptance',
      ec2Account(replace(trio, 'ecs', { State: raw('pendingAcceptance') })),
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails an EC2 VPC whose ecs endpoint is of Gateway type',
      ec2Account(replace(trio, 'ecs', { VpcEndpointType: 'Gateway' })),
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails an EC2 VPC whose endpoints are in another VPC',
      ec2Account(trio.map((e) => ({ ...e, VpcId: 'vpc-other' }))),
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails an EC2 VPC whose ecs-agent endpoint is for another region',
      ec2Account(replace(trio, 'ecs-agent', { ServiceName: 'com.amazonaws.us-west-2.ecs-agent' })),
      'FAILED',
      'MEDIUM',
    ],
    [
      'reads endpoint type and state in any case',
      ec2Account(
        trio.map((e) => ({ ...e, VpcEndpointType: raw('interface'), State: raw('AVAILABLE') })),
      ),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'matches service names by their region suffix (China partition prefix)',
      ec2Account(trio.map((e) => ({ ...e, ServiceName: `cn.${e.ServiceName}` }))),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes when a usable endpoint sits beside a deleted one for the same service',
      ec2Account([
        ...trio,
        vpcEndpoint('vpc-ec2', 'ecs', { VpcEndpointId: 'vpce-old', State: raw('deleted') }),
      ]),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'fails an EC2 VPC even when a task definition was not described',
      withoutTaskDefinitions(ec2Account(withoutAgent)),
      'FAILED',
      'MEDIUM',
    ],
    // VPCs hosting only Fargate tasks
    [
      'passes a Fargate VPC with only the ecs endpoint',
      fargateAccount(vpcEndpoints('vpc-fg', 'ecs')),
      'PASSED',
      'INFORMATIONAL',
    ],
    ['warns (LOW) on a Fargate VPC without the ecs endpoint', fargateAccount([]), 'WARNING', 'LOW'],
    [
      'warns on a Fargate VPC without the secretsmanager endpoint its secrets need',
      fargateAccount(
        vpcEndpoints('vpc-fg', 'ecs'),
        webUsing({ secrets: [{ name: 'DB_PASSWORD', valueFrom: arn.secret('db-AbCdEf') }] }),
      ),
      'WARNING',
      'LOW',
    ],
    [
      'passes a Fargate VPC with the secretsmanager endpoint its secrets need',
      fargateAccount(
        vpcEndpoints('vpc-fg', 'ecs', 'secretsmanager'),
        webUsing({ secrets: [{ name: 'DB_PASSWORD', valueFrom: arn.secret('db-AbCdEf') }] }),
      ),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'warns on a Fargate VPC without the secretsmanager endpoint repository credentials named without an ARN need',
      fargateAccount(
        vpcEndpoints('vpc-fg', 'ecs'),
        webUsing({ repositoryCredentials: { credentialsParameter: 'prod/registry' } }),
      ),
      'WARNING',
      'LOW',
    ],
    [
      'warns on a Fargate VPC without the ssm endpoint a bare parameter name needs',
      fargateAccount(
        vpcEndpoints('vpc-fg', 'ecs'),
        webUsing({ secrets: [{ name: 'API_KEY', valueFrom: '/prod/api-key' }] }),
      ),
      'WARNING',
      'LOW',
    ],
    [
      'warns on a Fargate VPC without the ECR endpoints its images need',
      fargateAccount(vpcEndpoints('vpc-fg', 'ecs'), webUsing({ image: ECR_IMAGE })),
      'WARNING',
      'LOW',
    ],
    [
      'warns on a Fargate VPC with ecr.api but without ecr.dkr',
      fargateAccount(vpcEndpoints('vpc-fg', 'ecs', 'ecr.api'), webUsing({ image: ECR_IMAGE })),
      'WARNING',
      'LOW',
    ],
    [
      'passes a Fargate VPC with both ECR endpoints its images need',
      fargateAccount(
        vpcEndpoints('vpc-fg', 'ecs', 'ecr.api', 'ecr.dkr'),
        webUsing({ image: ECR_IMAGE }),
      ),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'warns on a Fargate VPC without the logs endpoint the awslogs driver needs',
      fargateAccount(
        vpcEndpoints('vpc-fg', 'ecs'),
        webUsing({
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } },
        }),
      ),
      'WARNING',
      'LOW',
    ],
    [
      'does not count an S3 gateway endpoint as an interface endpoint',
      fargateAccount([
        vpcEndpoint('vpc-fg', 'ecs', { VpcEndpointType: 'Gateway' }),
        vpcEndpoint('vpc-fg', 's3', { VpcEndpointType: 'Gateway' }),
      ]),
      'WARNING',
      'LOW',
    ],
    [
      'does not require endpoints for resources in other regions',
      fargateAccount(
        vpcEndpoints('vpc-fg', 'ecs'),
        webUsing({
          image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1',
          secrets: [
            {
              name: 'DB',
              valueFrom: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf',
            },
          ],
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-region': 'eu-west-1' } },
        }),
      ),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'does not require ECR endpoints for public images',
      fargateAccount(
        vpcEndpoints('vpc-fg', 'ecs'),
        webUsing({ image: 'public.ecr.aws/nginx/nginx:1.27' }),
      ),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'is not available when a task definition of the VPC was not described',
      fargateAccount(vpcEndpoints('vpc-fg', 'ecs'), null),
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available when VPC endpoints were not collected',
      fargateAccount(undefined),
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
  ] as const)('%s', async (_name, data, status, severity) => {
    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status, severity, resource: { kind: 'vpc' } });
    expect(results[0]?.resource.arn).toMatch(
      /^arn:aws:ec2:us-east-1:111122223333:vpc\/vpc-(ec2|fg)$/,
    );
  });

  it('names each unusable ECS endpoint with its problem', async () => {
    // Prepare
    const data = ec2Account(replace(withoutAgent, 'ecs-telemetry', { PrivateDnsEnabled: false }));

    // Act
    const [result] = await runCheck(check, data);

    // Assess
    expect(result?.reason).toContain('vpc-ec2');
    expect(result?.reason).toContain('com.amazonaws.us-east-1.ecs-agent (missing)');
    expect(result?.reason).toContain(
      'com.amazonaws.us-east-1.ecs-telemetry (private DNS disabled)',
    );
    expect(result?.reason).not.toContain('us-east-1.ecs (');
  });

  it('names the dependency endpoints a Fargate VPC lacks', async () => {
    // Prepare
    const data = fargateAccount(
      vpcEndpoints('vpc-fg', 'ecs', 'ecr.api'),
      webUsing({ image: ECR_IMAGE, logConfiguration: { logDriver: 'awslogs' } }),
    );

    // Act
    const [result] = await runCheck(check, data);

    // Assess
    expect(result?.reason).toContain('com.amazonaws.us-east-1.ecr.dkr for ECR images (missing)');
    expect(result?.reason).toContain(
      'com.amazonaws.us-east-1.logs for the awslogs log driver (missing)',
    );
    expect(result?.reason).not.toContain('ecr.api');
  });

  it('judges a VPC once for all the services it hosts', async () => {
    // Prepare
    const data = fargateAccount(vpcEndpoints('vpc-fg', 'ecs'));
    data.ecs?.services?.push(
      ecsService('admin', {
        launchType: 'FARGATE',
        taskDefinition: arn.taskDefinition('web:1'),
        ...awsvpc('subnet-f'),
      }),
    );

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
  });

  it('judges a VPC with EC2 and Fargate services as hosting container instances', async () => {
    // Prepare
    const data = ec2Account(vpcEndpoints('vpc-ec2', 'ecs'));
    data.ec2?.subnets?.push(subnet('subnet-e', 'vpc-ec2'));
    data.ecs?.services?.push(
      ecsService('web', {
        launchType: 'FARGATE',
        taskDefinition: arn.taskDefinition('worker:1'),
        ...awsvpc('subnet-e'),
      }),
    );

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([['vpc-ec2', 'FAILED']]);
  });

  it.each([
    ['fails without the agent endpoints', ['ecs'], 'FAILED'],
    ['passes with the agent and telemetry endpoints', ECS_TRIO, 'PASSED'],
  ])(
    'judges an ECS Managed Instances service as an EC2 host: %s',
    async (_name, shorts, status) => {
      // Prepare: awsvpc tasks in subnet-f (vpc-fg); the cluster's container instance is elsewhere,
      // so only the launch type says that vpc-fg hosts the ECS agent.
      const data = fargateAccount([
        ...vpcEndpoints('vpc-fg', ...shorts),
        ...vpcEndpoints('vpc-mi', ...ECS_TRIO),
      ]);
      const [service] = data.ecs?.services ?? [];
      if (service) service.launchType = 'MANAGED_INSTANCES';
      data.ecs?.containerInstances?.push(containerInstance('i-1'));
      data.ec2?.instances?.push(ec2Instance('i-1', 'vpc-mi'));

      // Act
      const results = await runCheck(check, data);

      // Assess
      const fg = results.find((r) => r.resource.name === 'vpc-fg');
      expect(fg?.status).toBe(status);
      if (status === 'FAILED') expect(fg?.reason).toContain('ecs-agent');
    },
  );

  it('is not available for a Fargate VPC without agent endpoints while container instances were not described', async () => {
    // Prepare: a second, EC2 service whose instance i-2 is unknown could have it in vpc-fg.
    const data = fargateAccount(vpcEndpoints('vpc-fg', 'ecs'));
    data.ecs?.services?.push(
      ecsService('worker', { launchType: 'EC2', taskDefinition: arn.taskDefinition('web:1') }),
    );
    data.ecs?.containerInstances?.push(containerInstance('i-2'));

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => r.status)).toEqual(['NOT_AVAILABLE']);
    expect(results[0]?.reason).toContain('instance i-2 was not described');
  });

  it('reports nothing for a service whose subnets were not collected', async () => {
    // Prepare
    const data = fargateAccount(vpcEndpoints('vpc-fg', 'ecs'));
    delete data.ec2?.subnets;

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toEqual([]);
  });

  it.each([
    ['its subnet was not described', { subnets: [] as ReturnType<typeof subnet>[] }],
    ['the subnets were not collected', { subnets: undefined }],
  ])(
    'is not available, never PASSED, for a VPC another service may share when %s',
    async (_name, { subnets }) => {
      // Prepare: vpc-ec2 has what its EC2 service needs; the Fargate service reads a Secrets
      // Manager secret and sits in a subnet of unknown VPC: vpc-ec2 may host it and lacks that endpoint.
      const data = ec2Account(trio);
      data.ecs?.services?.push(
        ecsService('web', {
          launchType: 'FARGATE',
          taskDefinition: arn.taskDefinition('web:1'),
          ...awsvpc('subnet-unknown'),
        }),
      );
      data.ecs?.taskDefinitions?.push(
        taskDefinition('web:1', [
          {
            name: 'app',
            image: 'nginx:1.27',
            secrets: [{ name: 'DB', valueFrom: arn.secret('db-AbCdEf') }],
          },
        ]),
      );
      if (data.ec2) data.ec2.subnets = subnets;

      // Act
      const results = await runCheck(check, data);

      // Assess
      expect(results.map((r) => [r.resource.name, r.status])).toEqual([
        ['vpc-ec2', 'NOT_AVAILABLE'],
      ]);
      expect(results[0]?.reason).toMatch(/service prod\/web is unknown/);
    },
  );
});
