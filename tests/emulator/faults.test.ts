import { setTimeout as sleep } from 'node:timers/promises';
import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { AppMeshClient, ListMeshesCommand } from '@aws-sdk/client-app-mesh';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/api.ts';
import { FaultState, faultsFromEnv, seededRandom } from '../../emulator/faults.ts';
import { startEmulator } from '../../emulator/server.ts';
import { certificateArn, clientConfig, richSnapshot } from './support.ts';

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
    ['no variable', {}, {}],
  ])('reads %s', (_name, env, faults) => {
    // Act
    const result = faultsFromEnv(env);

    // Assess
    expect(result).toEqual(faults);
  });

  it('refuses a variable that is not a number', () => {
    // Act
    const read = () => faultsFromEnv({ EMULATOR_LATENCY_MS: 'soon' });

    // Assess
    expect(read).toThrow('EMULATOR_LATENCY_MS must be a number, got "soon".');
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
