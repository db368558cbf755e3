import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlannerHandler } from '../../handlers/planner.ts';
import {
  type Bench,
  bodies,
  type Captured,
  capturePowertools,
  DEPLOYMENT_ACCOUNT,
  drain,
  lambdaContext,
  MEMBER_ACCOUNT,
  sampleEvent,
  startBench,
} from './support.ts';

describe('the planner', () => {
  let bench: Bench;
  let captured: Captured;

  beforeAll(async () => {
    bench = await startBench({
      regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
      organization: {
        accounts: [
          { id: DEPLOYMENT_ACCOUNT },
          { id: MEMBER_ACCOUNT },
          { id: '999988887777', status: 'SUSPENDED' },
        ],
      },
    });
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

  /** The sample schedule event at another tick: each tick is a run of its own (deduplication IDs). */
  let tick = 0;
  const schedule = () => {
    tick += 1;
    return {
      ...sampleEvent('schedule.json'),
      time: `2026-11-28T${String(tick).padStart(2, '0')}:00:00Z`,
    };
  };

  it.each<[string, NodeJS.ProcessEnv, string[]]>([
    [
      'the ACTIVE accounts of the organization in the configured regions',
      { ECS_SCANNER_ORGANIZATION_MODE: 'organization', ECS_SCANNER_REGIONS: 'us-east-1,eu-west-1' },
      [
        `${DEPLOYMENT_ACCOUNT}:eu-west-1`,
        `${DEPLOYMENT_ACCOUNT}:us-east-1`,
        `${MEMBER_ACCOUNT}:eu-west-1`,
        `${MEMBER_ACCOUNT}:us-east-1`,
      ],
    ],
    [
      'an explicit account list in the deployment region',
      { ECS_SCANNER_ORGANIZATION_MODE: 'accounts', ECS_SCANNER_ACCOUNT_IDS: MEMBER_ACCOUNT },
      [`${MEMBER_ACCOUNT}:us-east-1`],
    ],
    [
      'this account in every enabled region',
      { ECS_SCANNER_REGIONS: 'all' },
      [
        `${DEPLOYMENT_ACCOUNT}:ap-southeast-2`,
        `${DEPLOYMENT_ACCOUNT}:eu-west-1`,
        `${DEPLOYMENT_ACCOUNT}:us-east-1`,
      ],
    ],
  ])('enqueues one message per account and region: %s', async (_name, env, expected) => {
    // Prepare
    const handler = createPlannerHandler(bench.runtime(env));

    // Act
    const event = schedule();
    const result = await handler(event, lambdaContext('planner'));
    const messages = await drain(bench);

    // Assess
    expect(result).toEqual({ status: 'enqueued', messages: expected.length });
    expect(messages.map((m) => m.attributes.MessageGroupId).sort()).toEqual(expected);
    expect(
      bodies({ Records: messages })
        .map((b) => `${b.accountId}:${b.region}`)
        .sort(),
    ).toEqual(expected);
    expect(bodies({ Records: messages })[0]).toMatchObject({
      version: 1,
      trigger: 'schedule',
      correlationId: `schedule-${event.time}`,
    });
  });

  it('sends nothing twice when the same schedule tick is delivered again', async () => {
    // Prepare
    const handler = createPlannerHandler(
      bench.runtime({ ECS_SCANNER_ORGANIZATION_MODE: 'organization' }),
    );
    const event = schedule();
    await handler(event, lambdaContext('planner'));

    // Act
    await handler(event, lambdaContext('planner'));
    const messages = await drain(bench);

    // Assess
    expect(bench.emulator.calls().sqs?.SendMessageBatch).toBe(2);
    expect(messages).toHaveLength(2);
  });

  it('counts in ScanRequestsSent what it sent, while the queue holds each request once (SQS deduplication)', async () => {
    // Prepare: one tick delivered three times, as EventBridge may.
    const handler = createPlannerHandler(
      bench.runtime({ ECS_SCANNER_ORGANIZATION_MODE: 'organization' }),
    );
    const event = schedule();

    // Act
    for (const _ of [1, 2, 3]) await handler(event, lambdaContext('planner'));
    const { Attributes } = await bench.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: bench.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );

    // Assess: 2 accounts × 1 region, sent 3 times; the emulator's queue holds 2.
    expect(Number(Attributes?.ApproximateNumberOfMessages)).toBe(2);
    expect(captured.metricTotals()).toMatchObject({ ScanRequestsSent: 6 });
    expect(
      captured.logs.filter((l) =>
        String(l.message).startsWith('Planned the scheduled scan: sent 2 '),
      ),
    ).toHaveLength(3);
    expect(
      captured.logs.some((l) => String(l.message).includes('SQS drops those it already holds')),
    ).toBe(true);
  });

  it('logs the plan with the event ID as correlation ID', async () => {
    // Prepare
    const handler = createPlannerHandler(bench.runtime());

    // Act
    await handler(schedule(), lambdaContext('planner'));

    // Assess
    expect(captured.logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: expect.stringMatching(
          /^Planned the scheduled scan: sent 1 scan request to the queue \(SQS drops those/,
        ),
        correlation_id: '5c1f8e3a-9b2d-4c7e-a6f0-3d8b1e5c9a27',
        function_name: 'ecs-encryption-scanner-test-planner',
        sent: 1,
      }),
    );
    expect(captured.metricTotals()).toMatchObject({ ScanRequestsSent: 1 });
  });

  it.each([
    ['a scan request', () => sampleEvent('scan-requested.json')],
    ['a CloudTrail event', () => sampleEvent('cloudtrail/ecs-UpdateService.json')],
    ['an empty event', () => ({})],
    ['a schedule without its time', () => ({ ...sampleEvent('schedule.json'), time: 'noon' })],
  ])('rejects %s cleanly: logged, counted, nothing sent, no retry', async (_name, event) => {
    // Prepare
    const handler = createPlannerHandler(bench.runtime());

    // Act
    const result = await handler(event(), lambdaContext('planner'));

    // Assess
    expect(result).toEqual({ status: 'rejected', messages: 0 });
    expect(bench.emulator.calls().sqs).toBeUndefined();
    expect(captured.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'Rejected the event: it is not a schedule event, so no scan was planned.',
        reason: expect.any(String),
      }),
    );
    expect(captured.metricTotals()).toMatchObject({ InvalidEvents: 1 });
  });
});
