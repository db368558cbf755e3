import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOnDemandHandler } from '../../handlers/onDemand.ts';
import { createWorkerHandler } from '../../handlers/worker.ts';
import {
  type Bench,
  bodies,
  type Captured,
  capturePowertools,
  DEPLOYMENT_ACCOUNT,
  deliver,
  drain,
  lambdaContext,
  MEMBER_ACCOUNT,
  REGION,
  sampleEvent,
  startBench,
} from './support.ts';

type Request = { id: string; detail: Record<string, unknown> };
/** A sample request as a new event (its own ID, so SQS deduplication does not merge tests). */
const request = (name: string, detail?: Record<string, unknown>): Request => {
  const event = sampleEvent<Request>(name);
  return { ...event, id: randomUUID(), ...(detail ? { detail } : {}) };
};

const SERVICE = `arn:aws:ecs:${REGION}:${DEPLOYMENT_ACCOUNT}:service/service-fargate/service-orders`;
const LISTENER = `arn:aws:elasticloadbalancing:${REGION}:${DEPLOYMENT_ACCOUNT}:listener/app/elb-web/3f9c2a7d41b6e805/7b1e4c9a2f60d3e8`;

describe('the on-demand handler', () => {
  let bench: Bench;
  let captured: Captured;

  beforeAll(async () => {
    bench = await startBench({ regions: ['us-east-1', 'eu-west-1'] });
  });
  afterAll(() => bench.close());
  beforeEach(() => {
    captured = capturePowertools();
    bench.emulator.resetCalls();
  });
  afterEach(async () => {
    captured.restore();
    await drain(bench);
  });

  it('queues exactly the requested accounts, regions and checks, as a dry run', async () => {
    // Prepare
    const handler = createOnDemandHandler(bench.runtime());
    const event = request('scan-requested.json');

    // Act
    const result = await handler(event, lambdaContext('onDemand'));
    const messages = bodies({ Records: await drain(bench) });

    // Assess
    expect(result).toEqual({ status: 'enqueued', messages: 1 });
    expect(messages).toEqual([
      {
        version: 1,
        trigger: 'on-demand',
        correlationId: event.id,
        accountId: DEPLOYMENT_ACCOUNT,
        region: REGION,
        checks: ['elbv2_listener_encrypted', 'elbv2_listener_tls_policy'],
        dryRun: true,
        reason: 'on-demand',
      },
    ]);
  });

  it('scans exactly the requested checks and imports nothing on a dry run', async () => {
    // Prepare
    const handler = createOnDemandHandler(bench.runtime());
    const worker = createWorkerHandler(bench.runtime());

    // Act
    await handler(request('scan-requested.json'), lambdaContext('onDemand'));
    const delivered = await deliver(bench, worker);

    // Assess
    expect(delivered?.response).toEqual({ batchItemFailures: [] });
    expect(bench.emulator.securityHubFindings()).toEqual([]);
    const planned = captured.logs.find((l) => l.planned)?.planned as { create: string[] };
    expect(planned.create.length).toBeGreaterThan(0);
    expect(
      planned.create.every((id) =>
        /\/(elbv2_listener_encrypted|elbv2_listener_tls_policy)\//.test(id),
      ),
    ).toBe(true);
  });

  it('queues the check filters as the CLI reads them: services in lower case, the severity in upper case', async () => {
    // Prepare
    const handler = createOnDemandHandler(bench.runtime());
    const event = request('scan-requested-filters.json', {
      services: ['ECS', 'elbv2'],
      minSeverity: 'high',
      excludeChecks: ['ecs_task_definition_secrets_from_secrets_manager'],
    });

    // Act
    const result = await handler(event, lambdaContext('onDemand'));
    const messages = bodies({ Records: await drain(bench) });

    // Assess
    expect(result).toEqual({ status: 'enqueued', messages: 1 });
    expect(messages).toEqual([
      {
        version: 1,
        trigger: 'on-demand',
        correlationId: event.id,
        accountId: DEPLOYMENT_ACCOUNT,
        region: REGION,
        excludeChecks: ['ecs_task_definition_secrets_from_secrets_manager'],
        services: ['ecs', 'elbv2'],
        minSeverity: 'HIGH',
        reason: 'on-demand',
      },
    ]);
    expect(
      captured.logs.find((l) => l.message === 'Sent the requested scans to the queue.'),
    ).toMatchObject({
      sent: 1,
      excludeChecks: ['ecs_task_definition_secrets_from_secrets_manager'],
      services: ['ecs', 'elbv2'],
      minSeverity: 'HIGH',
    });
  });

  it('scans exactly the checks the filters of the sample request keep', async () => {
    // Prepare
    const handler = createOnDemandHandler(bench.runtime());
    const worker = createWorkerHandler(bench.runtime());

    // Act
    await handler(request('scan-requested-filters.json'), lambdaContext('onDemand'));
    const delivered = await deliver(bench, worker);

    // Assess: the HIGH and CRITICAL ECS and ELBv2 checks, but the one excluded.
    expect(delivered?.response).toEqual({ batchItemFailures: [] });
    expect(bench.emulator.securityHubFindings()).toEqual([]);
    const planned = captured.logs.find((l) => l.planned)?.planned as { create: string[] };
    const checksPlanned = new Set(planned.create.map((id) => id.split('/')[3]));
    expect(checksPlanned).toEqual(
      new Set([
        'ecs_task_definition_no_secrets_in_environment',
        'ecs_task_definition_no_static_aws_credentials',
        'elbv2_listener_encrypted',
        'elbv2_listener_certificate_valid',
      ]),
    );
  });

  it('publishes for the requested resources only', async () => {
    // Prepare
    const handler = createOnDemandHandler(bench.runtime());
    const worker = createWorkerHandler(bench.runtime());

    // Act
    await handler(request('scan-requested-resources.json'), lambdaContext('onDemand'));
    await deliver(bench, worker);

    // Assess
    const resources = new Set(
      bench.emulator.securityHubFindings().map((f) => f.Resources?.[0]?.Id),
    );
    expect(resources).toEqual(new Set([SERVICE, LISTENER]));
  });

  it('queues the configured accounts and regions when the request names none', async () => {
    // Prepare
    const handler = createOnDemandHandler(
      bench.runtime({
        ECS_SCANNER_ORGANIZATION_MODE: 'accounts',
        ECS_SCANNER_ACCOUNT_IDS: `${DEPLOYMENT_ACCOUNT},${MEMBER_ACCOUNT}`,
        ECS_SCANNER_REGIONS: 'us-east-1,eu-west-1',
      }),
    );

    // Act
    const result = await handler(
      request('scan-requested-everything.json'),
      lambdaContext('onDemand'),
    );
    const messages = bodies({ Records: await drain(bench) });

    // Assess
    expect(result).toEqual({ status: 'enqueued', messages: 4 });
    expect(messages.map((m) => `${m.accountId}:${m.region}`).sort()).toEqual([
      `${DEPLOYMENT_ACCOUNT}:eu-west-1`,
      `${DEPLOYMENT_ACCOUNT}:us-east-1`,
      `${MEMBER_ACCOUNT}:eu-west-1`,
      `${MEMBER_ACCOUNT}:us-east-1`,
    ]);
  });

  it('expands regions ["all"] to every enabled region', async () => {
    // Prepare
    const handler = createOnDemandHandler(bench.runtime({ ECS_SCANNER_REGIONS: 'all' }));

    // Act
    await handler(request('scan-requested.json', { regions: ['all'] }), lambdaContext('onDemand'));
    const messages = bodies({ Records: await drain(bench) });

    // Assess
    expect(messages.map((m) => m.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(bench.emulator.calls().ec2).toEqual({ DescribeRegions: 1 });
  });

  it('rejects a request of 10,000 check IDs in one log line, counted, without throwing or sending', async () => {
    // Prepare: SQS once refused the message this made (BatchRequestTooLong), and the thrown
    // invocation was retried only to fail again.
    const handler = createOnDemandHandler(bench.runtime());
    const event = request('scan-requested.json', {
      checks: Array(10_000).fill('elbv2_listener_encrypted'),
    });

    // Act
    const result = await handler(event, lambdaContext('onDemand'));

    // Assess
    expect(result).toEqual({
      status: 'rejected',
      messages: 0,
      reason: expect.stringMatching(/^detail\.checks: expected at most \d+ check IDs, each once$/),
    });
    expect(bench.emulator.calls().sqs).toBeUndefined();
    const errors = captured.logs.filter((l) => l.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe(`Rejected the scan request: ${result.reason}`);
    expect(captured.metrics).toContainEqual(
      expect.objectContaining({ EventKind: 'ScanRequest', InvalidEvents: 1 }),
    );
  });

  it('sends each requested check, account and resource once', async () => {
    // Prepare
    const handler = createOnDemandHandler(bench.runtime());
    const event = request('scan-requested.json', {
      accounts: [DEPLOYMENT_ACCOUNT, DEPLOYMENT_ACCOUNT],
      checks: ['elbv2_listener_encrypted', 'elbv2_listener_encrypted'],
      resourceArns: [SERVICE, SERVICE, LISTENER],
    });

    // Act
    const result = await handler(event, lambdaContext('onDemand'));
    const messages = bodies({ Records: await drain(bench) });

    // Assess
    expect(result).toEqual({ status: 'enqueued', messages: 1 });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      checks: ['elbv2_listener_encrypted'],
      resourceArns: [SERVICE, LISTENER],
    });
  });

  it('rejects resources whose scan request would not fit in an SQS message', async () => {
    // Prepare: 100 service ARNs as long as the schema takes (2048) make a request of about 400 KB.
    const handler = createOnDemandHandler(bench.runtime());
    const services = Array.from(
      { length: 100 },
      (_, i) =>
        `arn:aws:ecs:${REGION}:${DEPLOYMENT_ACCOUNT}:service/prod/${String(i).padStart(3, '0')}${'n'.repeat(1950)}`,
    );
    const event = request('scan-requested.json', { resourceArns: services });

    // Act
    const result = await handler(event, lambdaContext('onDemand'));

    // Assess
    expect(result).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(
        new RegExp(
          `^the resources of ${DEPLOYMENT_ACCOUNT} ${REGION} make a scan request of \\d+ bytes, more than the 262144 an SQS message holds: ask for fewer resources at a time\\.$`,
        ),
      ),
    });
    expect(bench.emulator.calls().sqs).toBeUndefined();
    expect(captured.metrics).toContainEqual(
      expect.objectContaining({ EventKind: 'ScanRequest', InvalidEvents: 1 }),
    );
  });

  it.each<[string, () => unknown, NodeJS.ProcessEnv, string]>([
    [
      'an account the deployment does not scan',
      () => request('scan-requested.json', { accounts: [MEMBER_ACCOUNT] }),
      {},
      `account ${MEMBER_ACCOUNT} is not scanned by this deployment`,
    ],
    [
      'a region the deployment does not scan',
      () => request('scan-requested.json', { regions: ['eu-west-1'] }),
      {},
      'region eu-west-1 is not scanned by this deployment (configured: us-east-1)',
    ],
    [
      'a resource the checks do not judge',
      () =>
        request('scan-requested.json', {
          resourceArns: [`arn:aws:s3:${REGION}:${DEPLOYMENT_ACCOUNT}:bucket-x`],
        }),
      {},
      'is not a kind the checks judge',
    ],
    [
      'an unknown check',
      () => request('scan-requested.json', { checks: ['s3_bucket_encrypted'] }),
      {},
      'unknown check ID in detail.checks: s3_bucket_encrypted. Run list-checks for the check IDs.',
    ],
    [
      'an unknown check to exclude',
      () => request('scan-requested.json', { excludeChecks: ['elbv2_listener_tls_polcy'] }),
      {},
      'unknown check ID in detail.excludeChecks: elbv2_listener_tls_polcy (did you mean elbv2_listener_tls_policy?). Run list-checks for the check IDs.',
    ],
    [
      'an unknown service',
      () => request('scan-requested-filters.json', { services: ['ecs', 'elbb'] }),
      {},
      'unknown service in detail.services: elbb (did you mean elb?). Expected some of ecs, vpc, secretsmanager, elbv2, elb, vpclattice, appmesh.',
    ],
    [
      'an unknown severity',
      () => request('scan-requested-filters.json', { minSeverity: 'hihg' }),
      {},
      'unknown severity in detail.minSeverity: HIHG (did you mean HIGH?). Expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL.',
    ],
    [
      'filters that keep no check',
      () => request('scan-requested-filters.json', { services: ['elb'], minSeverity: 'CRITICAL' }),
      {},
      'no check matches detail.services ["elb"] detail.minSeverity "CRITICAL". Run list-checks with the same filters to see what each selects.',
    ],
    [
      'a severity list',
      () => request('scan-requested-filters.json', { minSeverity: ['HIGH'] }),
      {},
      'detail.minSeverity: Invalid input: expected string, received array',
    ],
    [
      'another detail-type',
      () => ({ ...request('scan-requested.json'), 'detail-type': 'Scan' }),
      {},
      'detail-type',
    ],
    ['a schedule event', () => sampleEvent('schedule.json'), {}, 'source'],
  ])(
    'rejects a request for %s cleanly: logged, counted, nothing queued',
    async (_name, event, env, reason) => {
      // Prepare
      const handler = createOnDemandHandler(bench.runtime(env));

      // Act
      const result = await handler(event(), lambdaContext('onDemand'));

      // Assess
      expect(result).toMatchObject({
        status: 'rejected',
        messages: 0,
        reason: expect.stringContaining(reason),
      });
      expect(bench.emulator.calls().sqs).toBeUndefined();
      expect(captured.logs).toContainEqual(
        expect.objectContaining({ level: 'ERROR', message: expect.stringContaining(reason) }),
      );
      expect(captured.metrics).toContainEqual(
        expect.objectContaining({ EventKind: 'ScanRequest', InvalidEvents: 1 }),
      );
    },
  );
});
