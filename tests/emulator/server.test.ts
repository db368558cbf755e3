import { AppMeshClient, CreateMeshCommand } from '@aws-sdk/client-app-mesh';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { ECSClient, ListClustersCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import {
  CreateLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/api.ts';
import { credentialScope, startEmulator } from '../../emulator/server.ts';
import { clientConfig, richSnapshot } from './support.ts';

const signed = (service: string, region = 'us-east-1') => ({
  authorization: `AWS4-HMAC-SHA256 Credential=AKIDEMULATOR/20261128/${region}/${service}/aws4_request, SignedHeaders=host, Signature=00`,
});

describe('credentialScope', () => {
  it.each([
    [
      'an Authorization header',
      { authorization: signed('ecs', 'eu-west-1').authorization },
      '',
      { accessKeyId: 'AKIDEMULATOR', region: 'eu-west-1', service: 'ecs' },
    ],
    [
      'a presigned query',
      {},
      'X-Amz-Credential=AKID%2F20261128%2Fus-east-1%2Fsts%2Faws4_request',
      { accessKeyId: 'AKID', region: 'us-east-1', service: 'sts' },
    ],
    ['no signature', {}, '', undefined],
  ])('reads the SigV4 scope from %s', (_name, headers, query, scope) => {
    // Act
    const result = credentialScope({
      method: 'POST',
      path: '/',
      query: new URLSearchParams(query),
      headers,
      body: '',
    });

    // Assess
    expect(result).toEqual(scope);
  });
});

describe('the emulator server', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot()] });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.resetCalls());

  it.each([
    [
      'awsJson1_1 (ECS)',
      () => new ECSClient(clientConfig(emulator)).send(new RunTaskCommand({ taskDefinition: 'x' })),
      'UnknownOperationException',
      400,
    ],
    [
      'awsJson1_1 (SSM)',
      () => new SSMClient(clientConfig(emulator)).send(new GetParameterCommand({ Name: 'x' })),
      'UnknownOperationException',
      400,
    ],
    [
      'awsQuery (ELBv2)',
      () =>
        new ElasticLoadBalancingV2Client(clientConfig(emulator)).send(
          new CreateLoadBalancerCommand({ Name: 'x' }),
        ),
      'InvalidAction',
      400,
    ],
    [
      'ec2Query (EC2)',
      () =>
        new EC2Client(clientConfig(emulator)).send(
          new RunInstancesCommand({ MinCount: 1, MaxCount: 1 }),
        ),
      'InvalidAction',
      400,
    ],
    [
      'restJson1 (App Mesh)',
      () =>
        new AppMeshClient(clientConfig(emulator)).send(new CreateMeshCommand({ meshName: 'x' })),
      'UnknownOperationException',
      404,
    ],
    [
      'restJson1 (Security Hub)',
      () => new SecurityHubClient(clientConfig(emulator)).send(new EnableSecurityHubCommand({})),
      'UnknownOperationException',
      404,
    ],
  ])(
    "answers an operation it does not emulate in %s with the protocol's error",
    async (_name, call, name, status) => {
      // Act
      const result = call();

      // Assess
      await expect(result).rejects.toMatchObject({ name, $metadata: { httpStatusCode: status } });
    },
  );

  it('counts every call by service and operation, failed ones included', async () => {
    // Prepare
    const ecs = new ECSClient(clientConfig(emulator));

    // Act
    await ecs.send(new ListClustersCommand({}));
    await ecs.send(new ListClustersCommand({}));
    await ecs.send(new RunTaskCommand({ taskDefinition: 'x' })).catch(() => undefined);
    const counts = await (await fetch(`${emulator.url}/__emulator/calls`)).json();

    // Assess
    expect(emulator.calls()).toEqual({ ecs: { ListClusters: 2, RunTask: 1 } });
    expect(counts).toEqual({ calls: { ecs: { ListClusters: 2, RunTask: 1 } }, throttled: {} });
  });

  it('serves each region its own data, and a region the snapshot does not list as empty', async () => {
    // Act
    const eu = await new ECSClient(clientConfig(emulator, 'eu-west-1')).send(
      new ListClustersCommand({}),
    );
    const elsewhere = await new ECSClient(clientConfig(emulator, 'ap-south-1')).send(
      new ListClustersCommand({}),
    );

    // Assess
    expect(eu.clusterArns).toEqual(['arn:aws:ecs:eu-west-1:444455556666:cluster/eu']);
    expect(elsewhere.clusterArns).toEqual([]);
  });

  it('answers a section a listed region lacks (not collected) with AccessDenied, so that a collector marks it not collected too', async () => {
    // Act
    const result = new ElasticLoadBalancingV2Client(clientConfig(emulator, 'eu-west-1')).send(
      new DescribeLoadBalancersCommand({}),
    );

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining('did not collect elbv2.loadBalancers in eu-west-1'),
    });
  });

  it.each([
    ['an unsigned request', {}, 403, 'MissingAuthenticationTokenException'],
    ['a service it does not answer', signed('s3'), 400, 'UnrecognizedClientException'],
    [
      'the SQS stub (awsJson1_0)',
      {
        ...signed('sqs'),
        'x-amz-target': 'AmazonSQS.ListQueues',
        'content-type': 'application/x-amz-json-1.0',
      },
      400,
      'UnknownOperationException',
    ],
  ])('answers %s with an error', async (_name, headers, status, errorType) => {
    // Act
    const response = await fetch(emulator.url, { method: 'POST', headers, body: '{}' });

    // Assess
    expect(response.status).toBe(status);
    expect(response.headers.get('x-amzn-errortype')).toBe(errorType);
  });

  it('resets its counts through the control endpoint', async () => {
    // Prepare
    await new ECSClient(clientConfig(emulator)).send(new ListClustersCommand({}));

    // Act
    const reset = await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });

    // Assess
    expect(reset.status).toBe(200);
    expect(emulator.calls()).toEqual({});
  });

  it('refuses invalid faults on the control endpoint', async () => {
    // Act
    const response = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      body: '{"serverErrorRate": 2}',
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'serverErrorRate must be between 0 and 1.' });
  });
});
