import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { AppMeshClient, DescribeMeshCommand, ListMeshesCommand } from '@aws-sdk/client-app-mesh';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../emulator/api.ts';
import { FaultState, faultsFromEnv, seededRandom } from '../../emulator/faults.ts';
import { startEmulator } from '../../emulator/server.ts';
import {
  certificateArn,
  clientConfig,
  listenerArn,
  richSnapshot,
  taskDefinitionArn,
} from './support.ts';

/** The error a call fails with (undefined when it succeeds). */
const failure = (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('faultsFromEnv', () => {
  it.each([
    ['EMULATOR_LATENCY_MS', { EMULATOR_LATENCY_MS: '25' }, { latencyMs: 25 }],
    ['EMULATOR_THROTTLING', { EMULATOR_THROTTLING: '1' }, { throttling: true }],
    ['EMULATOR_THROTTLING=false', { EMULATOR_THROTTLING: 'false' }, { throttling: false }],
    [
      'EMULATOR_THROTTLE_RATE_FACTOR',
      { EMULATOR_THROTTLE_RATE_FACTOR: '0.5' },
      { throttleRateFactor: 0.5 },
    ],
    [
      'EMULATOR_ACCESS_DENIED',
      { EMULATOR_ACCESS_DENIED: 'ecs:DescribeServices, ssm' },
      { accessDenied: ['ecs:DescribeServices', 'ssm'] },
    ],
    ['EMULATOR_SERVER_ERROR_RATE', { EMULATOR_SERVER_ERROR_RATE: '0.1' }, { serverErrorRate: 0.1 }],
    [
      'EMULATOR_UNREACHABLE',
      { EMULATOR_UNREACHABLE: 'appmesh,sqs' },
      { unreachable: ['appmesh', 'sqs'] },
    ],
    ['EMULATOR_SEED', { EMULATOR_SEED: '7' }, { seed: 7 }],
    [
      'EMULATOR_THROTTLE',
      { EMULATOR_THROTTLE: 'ecs:DescribeTaskDefinition' },
      { throttle: ['ecs:DescribeTaskDefinition'] },
    ],
    ['EMULATOR_HANG', { EMULATOR_HANG: 'appmesh' }, { hang: ['appmesh'] }],
    [
      'EMULATOR_RESET',
      { EMULATOR_RESET: 'sts,ecs:ListClusters' },
      { reset: ['sts', 'ecs:ListClusters'] },
    ],
    [
      'EMULATOR_SHORT_PAGES',
      { EMULATOR_SHORT_PAGES: 'tagging:GetResources' },
      { shortPages: ['tagging:GetResources'] },
    ],
    [
      'EMULATOR_ERRORS',
      { EMULATOR_ERRORS: '[{"operation":"ecs","code":"ServerException","status":500}]' },
      { errors: [{ operation: 'ecs', code: 'ServerException', status: 500 }] },
    ],
    ['no variable', {}, {}],
  ])('reads %s', (_name, env, faults) => {
    // Act
    const result = faultsFromEnv(env);

    // Assess
    expect(result).toEqual(faults);
  });

  it.each([
    [
      'a variable that is not a number',
      { EMULATOR_LATENCY_MS: 'soon' },
      'EMULATOR_LATENCY_MS must be a number, got "soon".',
    ],
    [
      'EMULATOR_ERRORS that is not JSON',
      { EMULATOR_ERRORS: 'ecs=500' },
      'EMULATOR_ERRORS must be a JSON array',
    ],
  ])('refuses %s', (_name, env, message) => {
    // Act
    const read = () => faultsFromEnv(env);

    // Assess
    expect(read).toThrow(message);
  });
});

describe('FaultState selectors', () => {
  const call = (service: string, operation: string, text = '') => ({
    service,
    operation,
    text: () => text,
  });

  it.each([
    ['the whole service', 'ecs', call('ecs', 'ListClusters'), true],
    ['the operation', 'ecs:ListClusters', call('ecs', 'ListClusters'), true],
    ['not another operation', 'ecs:ListClusters', call('ecs', 'ListServices'), false],
    ['not another service', 'ecs', call('ssm', 'DescribeParameters'), false],
    [
      'a request containing the match',
      { operation: 'ecs', match: 'svc-01' },
      call('ecs', 'DescribeServices', '{"services":["svc-01"]}'),
      true,
    ],
    [
      'not a request without the match',
      { operation: 'ecs', match: 'svc-01' },
      call('ecs', 'DescribeServices', '{"services":["svc-02"]}'),
      false,
    ],
    [
      'nothing once its count is spent',
      { operation: 'ecs', count: 0 },
      call('ecs', 'ListClusters'),
      false,
    ],
  ] as const)('hits %s', (_name, selector, request, hits) => {
    // Prepare
    const faults = new FaultState({ hang: [selector] });

    // Act
    const hang = faults.hangs(request);

    // Assess
    expect(hang).toBe(hits);
  });

  it('takes one from the count of the fault that hit, and shows what is left', () => {
    // Prepare
    const faults = new FaultState({ reset: [{ operation: 'ecs', count: 2 }] });

    // Act
    const hits = [1, 2, 3].map(() => faults.resets(call('ecs', 'ListClusters')));

    // Assess
    expect(hits).toEqual([true, true, false]);
    expect(faults.get()).toEqual({ reset: [{ operation: 'ecs', count: 0 }] });
  });

  it.each([
    [
      'a selector that is not service:Operation',
      { throttle: ['ecs DescribeServices'] },
      'throttle[0] must be service or service:Operation.',
    ],
    [
      'an error fault without a code',
      { errors: [{ operation: 'ecs', status: 400 }] },
      'errors[0].code must be a string.',
    ],
    [
      'an error fault with a success status',
      { errors: [{ operation: 'ecs', code: 'X', status: 200 }] },
      'errors[0].status must be an HTTP error status (400..599).',
    ],
    [
      'a negative count',
      { hang: [{ operation: 'ecs', count: -1 }] },
      'hang[0].count must be a whole number >= 0.',
    ],
    [
      'an empty match',
      { reset: [{ operation: 'ecs', match: '' }] },
      'reset[0].match must be a non-empty string.',
    ],
    [
      'an operation the emulator does not answer',
      { accessDenied: ['ecs:DescribeTaskDefinitions'] },
      'accessDenied[0]: the emulator answers no ecs:DescribeTaskDefinitions.',
    ],
  ])('refuses %s', (_name, config, message) => {
    // Act
    const build = () =>
      new FaultState(
        config as never,
        undefined,
        (service, operation) =>
          service === 'ecs' && (operation === undefined || operation === 'DescribeServices'),
      );

    // Assess
    expect(build).toThrow(message);
  });
});

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    // Act
    const [a, b, c] = [seededRandom(42), seededRandom(42), seededRandom(43)];
    const draw = (random: () => number) => Array.from({ length: 5 }, random);

    // Assess
    expect(draw(a)).toEqual(draw(b));
    expect(draw(seededRandom(42))).not.toEqual(draw(c));
  });
});

describe('FaultState latency', () => {
  it.each([
    ['a service with its own latency', 'securityhub', 3000],
    ["another service, with every call's latency", 'ecs', 5],
  ] as const)('gives %s', (_name, service, latency) => {
    // Prepare
    const faults = new FaultState({ latencyMs: 5, latencyByService: { securityhub: 3000 } });

    // Act
    const actual = faults.latencyMs(service);

    // Assess
    expect(actual).toBe(latency);
  });

  it('refuses a negative latency for a service', () => {
    // Act
    const build = () => new FaultState({ latencyByService: { sqs: -1 } });

    // Assess
    expect(build).toThrow('latencyByService.sqs must be >= 0.');
  });
});

describe("the emulator's faults", () => {
  let emulator: Emulator;
  let config: ReturnType<typeof clientConfig>;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot()] });
    config = clientConfig(emulator);
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.setFaults({});
    emulator.resetCalls();
  });

  // One cheap read per service, and the error each answers to throttling and to AccessDenied.
  const calls: [
    service: string,
    call: () => Promise<unknown>,
    throttled: [string, number],
    denied: [string, number],
  ][] = [
    [
      'ecs',
      () => new ECSClient(config).send(new ListClustersCommand({})),
      ['ThrottlingException', 400],
      ['AccessDeniedException', 400],
    ],
    [
      'acm',
      () =>
        new ACMClient(config).send(
          new DescribeCertificateCommand({ CertificateArn: certificateArn(0) }),
        ),
      ['ThrottlingException', 400],
      ['AccessDeniedException', 400],
    ],
    [
      'ssm',
      () => new SSMClient(config).send(new DescribeParametersCommand({})),
      ['ThrottlingException', 400],
      ['AccessDeniedException', 400],
    ],
    [
      'secretsmanager',
      () => new SecretsManagerClient(config).send(new DescribeSecretCommand({ SecretId: 'db-0' })),
      ['ThrottlingException', 400],
      ['AccessDeniedException', 400],
    ],
    [
      'elasticloadbalancing',
      () => new ElasticLoadBalancingV2Client(config).send(new DescribeLoadBalancersCommand({})),
      ['Throttling', 400],
      ['AccessDenied', 403],
    ],
    [
      'ec2',
      () => new EC2Client(config).send(new DescribeSubnetsCommand({})),
      ['RequestLimitExceeded', 503],
      ['UnauthorizedOperation', 403],
    ],
    [
      'appmesh',
      () => new AppMeshClient(config).send(new ListMeshesCommand({})),
      ['TooManyRequestsException', 429],
      ['ForbiddenException', 403],
    ],
    [
      'securityhub',
      () => new SecurityHubClient(config).send(new GetFindingsCommand({})),
      ['TooManyRequestsException', 429],
      ['AccessDeniedException', 403],
    ],
    [
      'sts',
      () => new STSClient(config).send(new GetCallerIdentityCommand({})),
      ['Throttling', 400],
      ['AccessDenied', 403],
    ],
    [
      'tagging',
      () => new ResourceGroupsTaggingAPIClient(config).send(new GetResourcesCommand({})),
      ['ThrottledException', 400],
      ['AccessDeniedException', 400],
    ],
  ];

  it.each(calls)(
    'throttles %s past its bucket with its real error, counting the throttled call',
    async (service, call, [name, status]) => {
      // Prepare: a bucket of one token that refills in minutes.
      emulator.setFaults({ throttling: true, throttleRateFactor: 0.0001 });

      // Act
      await call();
      const second = call();

      // Assess
      await expect(second).rejects.toMatchObject({ name, $metadata: { httpStatusCode: status } });
      expect(Object.values(emulator.calls()[service] ?? {})).toEqual([2]);
      expect(Object.values(emulator.throttled()[service] ?? {})).toEqual([1]);
    },
  );

  it.each(calls)(
    'answers %s with its AccessDenied error when the service is denied',
    async (service, call, _throttled, [name, status]) => {
      // Prepare
      emulator.setFaults({ accessDenied: [service] });

      // Act
      const result = call();

      // Assess
      await expect(result).rejects.toMatchObject({ name, $metadata: { httpStatusCode: status } });
    },
  );

  it.each(calls)(
    'answers %s with its throttling error, counted as throttled, when throttled by name',
    async (service, call, [name, status]) => {
      // Prepare
      emulator.setFaults({ throttle: [service] });

      // Act
      const result = call();

      // Assess
      await expect(result).rejects.toMatchObject({ name, $metadata: { httpStatusCode: status } });
      expect(Object.values(emulator.throttled()[service] ?? {})).toEqual([1]);
    },
  );

  it('throttles one operation always and leaves the other operations alone', async () => {
    // Prepare
    emulator.setFaults({ throttle: ['ecs:DescribeTaskDefinition'] });
    const ecs = new ECSClient(config);

    // Act
    const throttled = await Promise.all(
      [1, 2, 3].map(() =>
        failure(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'svc-01:2' }))),
      ),
    );
    const other = await ecs.send(new ListClustersCommand({}));

    // Assess
    expect(throttled.map((error) => (error as Error | undefined)?.name)).toEqual(
      Array(3).fill('ThrottlingException'),
    );
    expect(other.clusterArns).toHaveLength(3);
    expect(emulator.throttled()).toEqual({ ecs: { DescribeTaskDefinition: 3 } });
  });

  it.each([
    [
      'ECS (awsJson) for one task definition ARN',
      {
        operation: 'ecs:DescribeTaskDefinition',
        match: taskDefinitionArn('svc-01', 2),
        code: 'ClientException',
        status: 400,
      },
      'ClientException',
      () =>
        new ECSClient(config).send(
          new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn('svc-01', 2) }),
        ),
      () =>
        new ECSClient(config).send(
          new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn('svc-02', 2) }),
        ),
    ],
    [
      'ELBv2 (awsQuery, form-encoded) for one listener ARN',
      {
        operation: 'elasticloadbalancing:DescribeRules',
        match: listenerArn(1, 0),
        code: 'ListenerNotFound',
        status: 400,
      },
      'ListenerNotFoundException',
      () =>
        new ElasticLoadBalancingV2Client(config).send(
          new DescribeRulesCommand({ ListenerArn: listenerArn(1, 0) }),
        ),
      () =>
        new ElasticLoadBalancingV2Client(config).send(
          new DescribeRulesCommand({ ListenerArn: listenerArn(2, 0) }),
        ),
    ],
    [
      'App Mesh (restJson, the name in the path) for one mesh',
      {
        operation: 'appmesh:DescribeMesh',
        match: '/meshes/mesh-1',
        code: 'NotFoundException',
        status: 404,
      },
      'NotFoundException',
      () => new AppMeshClient(config).send(new DescribeMeshCommand({ meshName: 'mesh-1' })),
      () => new AppMeshClient(config).send(new DescribeMeshCommand({ meshName: 'mesh-2' })),
    ],
    [
      'EC2 (ec2Query) with a 5xx',
      { operation: 'ec2', match: 'subnet-03', code: 'InternalError', status: 500 },
      'InternalError',
      () => new EC2Client(config).send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-03'] })),
      () => new EC2Client(config).send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-04'] })),
    ],
  ])(
    'answers %s with the chosen error code, status and message, and only that item',
    async (_name, fault, sdkName, hit, missed) => {
      // Prepare
      emulator.setFaults({ errors: [{ ...fault, message: 'Chosen message.' }] });

      // Act
      const error = await failure(hit());
      const other = await failure(missed());

      // Assess
      expect(error).toMatchObject({
        name: sdkName,
        message: 'Chosen message.',
        $metadata: { httpStatusCode: fault.status },
      });
      expect(other).toBeUndefined();
    },
  );

  it('answers an error fault only `count` times, then as usual', async () => {
    // Prepare
    emulator.setFaults({
      errors: [{ operation: 'ecs:ListClusters', code: 'ServerException', status: 500, count: 1 }],
    });
    const ecs = new ECSClient(config);

    // Act
    const first = await failure(ecs.send(new ListClustersCommand({})));
    const second = await ecs.send(new ListClustersCommand({}));

    // Assess
    expect(first).toMatchObject({
      name: 'ServerException',
      message: 'Fault injected by the emulator.',
      $metadata: { httpStatusCode: 500 },
    });
    expect(second.clusterArns).toHaveLength(3);
    expect(emulator.faults().errors).toEqual([
      { operation: 'ecs:ListClusters', code: 'ServerException', status: 500, count: 0 },
    ]);
  });

  it('denies only the request that contains the match', async () => {
    // Prepare
    emulator.setFaults({ accessDenied: [{ operation: 'ecs:DescribeServices', match: 'svc-01' }] });
    const ecs = new ECSClient(config);

    // Act
    const denied = await failure(
      ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['svc-01'] })),
    );
    const allowed = await ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['svc-02'] }),
    );

    // Assess
    expect(denied).toMatchObject({ name: 'AccessDeniedException' });
    expect(allowed.services).toHaveLength(1);
  });

  it('resets the connection of the chosen operation without an answer', async () => {
    // Prepare
    emulator.setFaults({ reset: ['sts:GetCallerIdentity'] });

    // Act
    const result = await failure(new STSClient(config).send(new GetCallerIdentityCommand({})));
    const other = await new ECSClient(config).send(new ListClustersCommand({}));

    // Assess
    expect(result).toMatchObject({ code: 'ECONNRESET' });
    expect(result).not.toHaveProperty('$metadata.httpStatusCode');
    expect(other.clusterArns).toHaveLength(3);
  });

  it('hangs the chosen operation until the client gives up, and answers the others', async () => {
    // Prepare
    emulator.setFaults({ hang: ['appmesh:ListMeshes'] });
    const appmesh = new AppMeshClient({
      ...config,
      requestHandler: { requestTimeout: 100, throwOnRequestTimeout: true },
    });

    // Act
    const hung = await failure(appmesh.send(new ListMeshesCommand({})));
    const other = await appmesh.send(new DescribeMeshCommand({ meshName: 'mesh-1' }));

    // Assess
    expect(hung).toMatchObject({ name: 'TimeoutError' });
    expect(other.mesh?.meshName).toBe('mesh-1');
    expect(emulator.calls().appmesh).toEqual({ ListMeshes: 1, DescribeMesh: 1 });
  });

  it('ends a hung call when the emulator closes', async () => {
    // Prepare
    const own = await startEmulator({ accounts: [richSnapshot()], faults: { hang: ['ecs'] } });
    const call = failure(new ECSClient(clientConfig(own)).send(new ListClustersCommand({})));
    await vi.waitFor(() => expect(own.calls().ecs).toEqual({ ListClusters: 1 }));

    // Act
    await own.close();

    // Assess
    expect(await call).toMatchObject({ code: 'ECONNRESET' });
  });

  it('lets the process exit after close while a call hangs (no timer or socket left)', () => {
    // Prepare: a process that starts the emulator, hangs a call, closes, and must then end by itself.
    const here = import.meta.dirname;
    const script = `
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { startEmulator } from ${JSON.stringify(join(here, '../../emulator/server.ts'))};
import { clientConfig, richSnapshot } from ${JSON.stringify(join(here, 'support.ts'))};
const emulator = await startEmulator({ accounts: [richSnapshot()], faults: { hang: ['ecs'] } });
const call = new ECSClient(clientConfig(emulator)).send(new ListClustersCommand({})).catch((e) => e.code);
while (!emulator.calls().ecs) await new Promise((resolve) => setTimeout(resolve, 5));
await emulator.close();
console.log('call ended:', await call);`;

    // Act
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: join(here, '../..'),
        encoding: 'utf8',
        timeout: 20_000,
      },
    );

    // Assess
    expect(run.signal).toBeNull();
    expect(run.stdout).toContain('call ended: ECONNRESET');
    expect(run.status).toBe(0);
  });

  it('refuses a fault for an operation it does not answer, keeping the faults in force', () => {
    // Prepare
    emulator.setFaults({ hang: ['appmesh'] });

    // Act
    const set = () => emulator.setFaults({ throttle: ['ecs:DescribeTaskDefinitionz'] });

    // Assess
    expect(set).toThrow('throttle[0]: the emulator answers no ecs:DescribeTaskDefinitionz.');
    expect(emulator.faults()).toEqual({ hang: ['appmesh'] });
  });

  it('denies one operation of a service and leaves the others alone', async () => {
    // Prepare
    emulator.setFaults({ accessDenied: ['ecs:DescribeServices'] });
    const ecs = new ECSClient(config);

    // Act
    const denied = await failure(
      ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['svc-01'] })),
    );
    const allowed = await ecs.send(new ListClustersCommand({}));

    // Assess
    expect(denied).toMatchObject({ name: 'AccessDeniedException' });
    expect(allowed.clusterArns).toHaveLength(3);
  });

  it('keeps one bucket per throttle category: ECS service reads do not drain cluster reads', async () => {
    // Prepare
    emulator.setFaults({ throttling: true, throttleRateFactor: 0.0001 });
    const ecs = new ECSClient(config);

    // Act
    await ecs.send(new ListServicesCommand({ cluster: 'prod' }));
    const throttled = await failure(ecs.send(new ListServicesCommand({ cluster: 'prod' })));
    const other = await ecs.send(new ListClustersCommand({}));

    // Assess
    expect(throttled).toMatchObject({ name: 'ThrottlingException' });
    expect(other.clusterArns).toHaveLength(3);
  });

  it("applies Security Hub's documented GetFindings bucket (burst 6, 3 per second) and refills it", async () => {
    // Prepare
    emulator.setFaults({ throttling: true });
    const hub = new SecurityHubClient(config);

    // Act
    const burst = await Promise.allSettled(
      Array.from({ length: 7 }, () => hub.send(new GetFindingsCommand({}))),
    );
    await sleep(400);
    const refilled = await hub.send(new GetFindingsCommand({}));

    // Assess
    expect(burst.map((r) => r.status)).toEqual([...Array(6).fill('fulfilled'), 'rejected']);
    expect(refilled.Findings).toEqual([]);
  });

  it.each([
    [
      'ecs',
      () => new ECSClient(config).send(new ListClustersCommand({})),
      { 500: 'InternalFailure', 503: 'ServiceUnavailable' },
    ],
    [
      'ec2',
      () => new EC2Client(config).send(new DescribeSubnetsCommand({})),
      { 500: 'InternalError', 503: 'Unavailable' },
    ],
    [
      'appmesh',
      () => new AppMeshClient(config).send(new ListMeshesCommand({})),
      { 500: 'InternalServerErrorException', 503: 'ServiceUnavailableException' },
    ],
    [
      'elasticloadbalancing',
      () => new ElasticLoadBalancingV2Client(config).send(new DescribeLoadBalancersCommand({})),
      { 500: 'InternalFailure', 503: 'ServiceUnavailable' },
    ],
    [
      'tagging',
      () => new ResourceGroupsTaggingAPIClient(config).send(new GetResourcesCommand({})),
      { 500: 'InternalServiceException', 503: 'ServiceUnavailable' },
    ],
  ])(
    'answers %s with 5xx errors the SDK parses, at the chosen rate',
    async (_service, call, names) => {
      // Prepare
      emulator.setFaults({ serverErrorRate: 1 });

      // Act
      const results = await Promise.allSettled(Array.from({ length: 8 }, call));

      // Assess
      for (const result of results) {
        expect(result.status).toBe('rejected');
        const error = (result as PromiseRejectedResult).reason as {
          name: string;
          $metadata: { httpStatusCode: 500 | 503 };
        };
        expect(error.name).toBe(names[error.$metadata.httpStatusCode]);
      }
    },
  );

  it('picks the same calls for 5xx errors on every run with the same seed', async () => {
    // Prepare
    const run = async () => {
      emulator.setFaults({ serverErrorRate: 0.5, seed: 9 });
      const ecs = new ECSClient(config);
      const results = [];
      for (let i = 0; i < 12; i++) {
        results.push(
          await ecs.send(new ListClustersCommand({})).then(
            () => 200,
            (e: { $metadata: { httpStatusCode: number } }) => e.$metadata.httpStatusCode,
          ),
        );
      }
      return results;
    };

    // Act
    const [first, second] = [await run(), await run()];

    // Assess
    expect(first).toEqual(second);
    expect(first).toContain(200);
    expect(first.some((status) => status >= 500)).toBe(true);
  });

  it('drops the connection of an unreachable service, and counts the attempt', async () => {
    // Prepare
    emulator.setFaults({ unreachable: ['appmesh'] });

    // Act
    const result = await failure(new AppMeshClient(config).send(new ListMeshesCommand({})));
    const other = await new ECSClient(config).send(new ListClustersCommand({}));

    // Assess
    expect(result).toMatchObject({ code: 'ECONNRESET' });
    expect(result).not.toHaveProperty('$metadata.httpStatusCode');
    expect(other.clusterArns).toHaveLength(3);
    expect(emulator.calls().appmesh).toEqual({ ListMeshes: 1 });
  });

  it('adds the latency to every call', async () => {
    // Prepare
    emulator.setFaults({ latencyMs: 120 });
    const started = performance.now();

    // Act
    await new ECSClient(config).send(new ListClustersCommand({}));

    // Assess
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('takes its faults from the control endpoint and the EMULATOR_* variables', async () => {
    // Prepare
    process.env.EMULATOR_ACCESS_DENIED = 'ssm';
    const fromEnv = await startEmulator({ accounts: [richSnapshot()], faults: { latencyMs: 1 } });
    delete process.env.EMULATOR_ACCESS_DENIED;
    const atStart = fromEnv.faults();

    // Act
    const posted = await fetch(`${fromEnv.url}/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ unreachable: ['sqs'] }),
    });
    const afterPost = fromEnv.faults();
    await fromEnv.close();

    // Assess
    expect(atStart).toEqual({ accessDenied: ['ssm'], latencyMs: 1 });
    expect(posted.status).toBe(200);
    expect(afterPost).toEqual({ unreachable: ['sqs'] });
  });
});
