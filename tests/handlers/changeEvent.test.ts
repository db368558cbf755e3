import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checks as registered } from '../../checks/registry.ts';
import { createChangeEventHandler } from '../../handlers/changeEvent.ts';
import { createWorkerHandler } from '../../handlers/worker.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';
import {
  type Bench,
  bodies,
  type Captured,
  capturePowertools,
  DEPLOYMENT_ACCOUNT,
  deliver,
  demoAccount,
  drain,
  lambdaContext,
  MEMBER_ACCOUNT,
  REGION,
  sampleEvent,
  startBench,
} from './support.ts';

const SAMPLES = readdirSync(join(import.meta.dirname, '..', '..', 'events', 'cloudtrail')).map(
  (f) => f.replace(/\.json$/, ''),
);
const SERVICE = `arn:aws:ecs:${REGION}:${DEPLOYMENT_ACCOUNT}:service/service-fargate/service-orders`;

type Event = ReturnType<typeof sampleEvent<{ detail: Record<string, unknown>; id: string }>>;
/** A sample event, as another delivery of the same call (same event ID) or, by default, a new call. */
const change = (name: string, { sameCall = false, account = DEPLOYMENT_ACCOUNT } = {}): Event => {
  const event = JSON.parse(
    JSON.stringify(sampleEvent(`cloudtrail/${name}.json`)).replaceAll(DEPLOYMENT_ACCOUNT, account),
  ) as Event;
  if (!sameCall) event.detail.eventID = randomUUID();
  return event;
};

describe('the change-event handler', () => {
  let bench: Bench;
  let deployment: Snapshot;
  let captured: Captured;

  beforeAll(async () => {
    deployment = demoAccount();
    bench = await startBench({}, [deployment, demoAccount(MEMBER_ACCOUNT)]);
    // Security Hub starts with a full scan of the deployment account.
    const quiet = capturePowertools();
    const worker = createWorkerHandler(bench.runtime());
    await worker(sampleEvent('sqs-scan-message.json'), lambdaContext('worker'));
    quiet.restore();
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

  it.each(SAMPLES)('queues a focused rescan for the sample %s', async (name) => {
    // Prepare
    const handler = createChangeEventHandler(bench.runtime());
    const event = change(name, { sameCall: true });

    // Act
    const result = await handler(event, lambdaContext('changeEvent'));
    const [message, ...more] = bodies({ Records: await drain(bench) });

    // Assess
    expect(result).toEqual({ status: 'enqueued' });
    expect(more).toEqual([]);
    expect(message).toMatchObject({
      trigger: 'change',
      correlationId: event.detail.eventID,
      accountId: DEPLOYMENT_ACCOUNT,
      region: REGION,
      focus: expect.any(Object),
      reason: event.detail.eventName,
    });
  });

  it.each([
    ['ecs-UpdateService', 'RegisterTaskDefinition'],
    ['elbv2-DeleteLoadBalancer', 'CreateLoadBalancer'],
  ])(
    'skips %s renamed %s, which the rules no longer forward, with a log line',
    async (name, eventName) => {
      // Prepare: a member account's old forwarding rule may still send it.
      const handler = createChangeEventHandler(bench.runtime());
      const event = change(name);
      event.detail.eventName = eventName;

      // Act
      const result = await handler(event, lambdaContext('changeEvent'));

      // Assess
      expect(result).toMatchObject({ status: 'skipped' });
      expect(bench.emulator.calls()).toEqual({});
      expect(captured.logs).toContainEqual(
        expect.objectContaining({
          level: 'INFO',
          message: expect.stringMatching(/^Skipped the change event: /),
        }),
      );
    },
  );

  it.each<[string, (e: Event) => void, NodeJS.ProcessEnv, string]>([
    [
      'a failed call',
      (e) => {
        e.detail.errorCode = 'InvalidParameterException';
      },
      {},
      'the call failed (InvalidParameterException)',
    ],
    [
      'an event name it does not follow',
      (e) => {
        e.detail.eventName = 'TagResource';
      },
      {},
      'unknown event ecs.amazonaws.com TagResource',
    ],
    [
      'a region it does not scan',
      () => {},
      { ECS_SCANNER_REGIONS: 'eu-west-1' },
      `account ${DEPLOYMENT_ACCOUNT} in us-east-1 is not scanned by this deployment`,
    ],
    [
      'an account it does not scan',
      (e) => {
        e.detail.recipientAccountId = '999988887777';
      },
      { ECS_SCANNER_ORGANIZATION_MODE: 'organization' },
      'account 999988887777 in us-east-1 is not scanned by this deployment',
    ],
  ])('skips %s without queueing anything', async (_name, edit, env, reason) => {
    // Prepare
    const handler = createChangeEventHandler(bench.runtime(env));
    const event = change('ecs-UpdateService');
    edit(event);

    // Act
    const result = await handler(event, lambdaContext('changeEvent'));

    // Assess
    expect(result).toEqual({ status: 'skipped', reason });
    expect(bench.emulator.calls().sqs).toBeUndefined();
    expect(captured.metricTotals()).toMatchObject({ SkippedEvents: 1 });
  });

  it('rescans those of the checks it is handed that read what the call changed', async () => {
    // Prepare
    const handed = registered.filter((c) =>
      ['ecs_service_connect_tls_enabled', 'elbv2_listener_certificate_valid'].includes(
        c.metadata.id,
      ),
    );
    const handler = createChangeEventHandler(bench.runtime(), handed);

    // Act
    const result = await handler(change('elbv2-ModifyListener'), lambdaContext('changeEvent'));
    const [message] = bodies({ Records: await drain(bench) });

    // Assess
    expect(result).toEqual({ status: 'enqueued' });
    expect(message).toMatchObject({ checks: ['elbv2_listener_certificate_valid'] });
  });

  it('skips a call that changes nothing the checks it is handed read', async () => {
    // Prepare
    const handed = registered.filter((c) => c.metadata.id === 'elbv2_listener_certificate_valid');
    const handler = createChangeEventHandler(bench.runtime(), handed);

    // Act
    const result = await handler(change('ec2-ModifyVpcEndpoint'), lambdaContext('changeEvent'));

    // Assess
    expect(result).toEqual({
      status: 'skipped',
      reason: 'no check reads what it changes (ec2.vpcEndpoints)',
    });
    expect(bench.emulator.calls().sqs).toBeUndefined();
  });

  it('queues a change of a member account of the organization', async () => {
    // Prepare
    const handler = createChangeEventHandler(
      bench.runtime({ ECS_SCANNER_ORGANIZATION_MODE: 'organization' }),
    );
    const event = change('ecs-UpdateService', { account: MEMBER_ACCOUNT });

    // Act
    const result = await handler(event, lambdaContext('changeEvent'));
    const [message] = bodies({ Records: await drain(bench) });

    // Assess
    expect(result).toEqual({ status: 'enqueued' });
    expect(message).toMatchObject({ accountId: MEMBER_ACCOUNT });
  });

  it('rescans only the changed service and what it uses, in a handful of calls', async () => {
    // Prepare: the service now runs a new revision that passes a password in its environment.
    const ecs = deployment.regions[REGION]?.ecs;
    const saved = structuredClone(ecs);
    const current = ecs?.taskDefinitions?.find((td) =>
      td.taskDefinitionArn?.endsWith('service-orders:3'),
    );
    const next = `arn:aws:ecs:${REGION}:${DEPLOYMENT_ACCOUNT}:task-definition/service-orders:4`;
    ecs?.taskDefinitions?.push({
      ...structuredClone(current),
      taskDefinitionArn: next,
      revision: 4,
      containerDefinitions: (current?.containerDefinitions ?? []).map((c) => ({
        ...c,
        environment: [
          ...(c.environment ?? []),
          { name: 'DB_PASSWORD', value: 'correct-horse-battery' },
        ],
      })),
    });
    const service = ecs?.services?.find((s) => s.serviceArn === SERVICE);
    if (service) {
      service.taskDefinition = next;
      service.deployments = (service.deployments ?? []).map((d) => ({
        ...d,
        taskDefinition: next,
      }));
    }
    const before = new Map(
      bench.emulator.securityHubFindings().map((f) => [f.Id, JSON.stringify(f)]),
    );
    const handler = createChangeEventHandler(bench.runtime());
    const worker = createWorkerHandler(bench.runtime());

    // Act
    await handler(change('ecs-UpdateService'), lambdaContext('changeEvent'));
    bench.emulator.resetCalls();
    const delivered = await deliver(bench, worker);
    if (ecs && saved) Object.assign(ecs, saved);

    // Assess
    expect(delivered?.response).toEqual({ batchItemFailures: [] });
    const calls = bench.emulator.calls();
    const collectorCalls = Object.entries(calls)
      .filter(([s]) => s !== 'sqs' && s !== 'securityhub')
      .flatMap(([, ops]) => Object.values(ops))
      .reduce((n, c) => n + c, 0);
    expect(collectorCalls).toBeLessThanOrEqual(8);
    expect(calls.ecs?.ListServices).toBeUndefined();
    const changed = bench.emulator
      .securityHubFindings()
      .filter((f) => before.get(f.Id) !== JSON.stringify(f))
      .map((f) => f.Resources?.[0]?.Id);
    expect(new Set(changed)).toEqual(new Set([SERVICE, next]));
    expect(
      bench.emulator
        .securityHubFindings()
        .find(
          (f) =>
            f.GeneratorId === 'ecs_task_definition_no_secrets_in_environment' &&
            f.Resources?.[0]?.Id === next,
        )?.Compliance?.Status,
    ).toBe('FAILED');
  });

  it('sends a duplicate delivery of the same event once (FIFO deduplication)', async () => {
    // Prepare
    const handler = createChangeEventHandler(bench.runtime());

    const event = change('elbv2-ModifyListener');

    // Act
    await handler(event, lambdaContext('changeEvent'));
    await handler(structuredClone(event), lambdaContext('changeEvent'));

    // Assess
    expect(bench.emulator.calls().sqs?.SendMessageBatch).toBe(2);
    expect(await drain(bench)).toHaveLength(1);
  });

  it('imports nothing when the same change is rescanned twice', async () => {
    // Prepare
    const handler = createChangeEventHandler(bench.runtime());
    const worker = createWorkerHandler(bench.runtime());
    await handler(change('appmesh-UpdateVirtualNode'), lambdaContext('changeEvent'));
    const first = await deliver(bench, worker);
    bench.emulator.resetCalls();

    // Act: the same message again, as after the deduplication window.
    const second = await worker(first?.batch ?? { Records: [] }, lambdaContext('worker'));

    // Assess
    expect(second).toEqual({ batchItemFailures: [] });
    expect(bench.emulator.calls().securityhub).toEqual({ GetFindings: 1 });
  });

  it("archives a deleted service's findings", async () => {
    // Prepare
    const ecs = deployment.regions[REGION]?.ecs;
    const services = ecs?.services ?? [];
    if (ecs) ecs.services = services.filter((s) => s.serviceArn !== SERVICE);
    const handler = createChangeEventHandler(bench.runtime());
    const worker = createWorkerHandler(bench.runtime());

    // Act
    await handler(change('ecs-DeleteService'), lambdaContext('changeEvent'));
    await deliver(bench, worker);
    if (ecs) ecs.services = services;

    // Assess
    const ofService = bench.emulator
      .securityHubFindings()
      .filter((f) => f.Resources?.[0]?.Id === SERVICE);
    expect(ofService.length).toBeGreaterThan(0);
    expect(ofService.every((f) => f.RecordState === 'ARCHIVED')).toBe(true);
  });

  it.each<[string, () => unknown]>([
    ['a scan request', () => sampleEvent('scan-requested.json')],
    ['a schedule event', () => sampleEvent('schedule.json')],
    ['an S3 call', () => ({ ...change('ecs-UpdateService'), source: 'aws.s3' })],
    [
      'a record without an event ID',
      () => {
        const e = change('ecs-UpdateService');
        delete e.detail.eventID;
        return e;
      },
    ],
    ['nothing', () => undefined],
    [
      'a record whose resources are in another account',
      () => {
        const e = change('ecs-UpdateService');
        e.detail.recipientAccountId = MEMBER_ACCOUNT;
        return e;
      },
    ],
  ])('rejects %s cleanly: logged, counted, not retried', async (_name, event) => {
    // Prepare: the organization's accounts are all in scope.
    const handler = createChangeEventHandler(
      bench.runtime({ ECS_SCANNER_ORGANIZATION_MODE: 'organization' }),
    );

    // Act
    const result = await handler(event(), lambdaContext('changeEvent'));

    // Assess
    expect(result).toMatchObject({ status: 'rejected' });
    expect(bench.emulator.calls().sqs).toBeUndefined();
    expect(captured.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: expect.stringMatching(/^Rejected the event: /),
        reason: expect.any(String),
      }),
    );
    expect(captured.metrics).toContainEqual(
      expect.objectContaining({ EventKind: 'CloudTrail', InvalidEvents: 1 }),
    );
  });
});
