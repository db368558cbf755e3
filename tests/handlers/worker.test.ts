import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorkerHandler } from '../../handlers/worker.ts';
import {
  type Bench,
  type Captured,
  capturePowertools,
  DEPLOYMENT_ACCOUNT,
  lambdaContext,
  MEMBER_ACCOUNT,
  REGION,
  sampleEvent,
  sqsEvent,
  startBench,
} from './support.ts';

const scan = (accountId: string, fields: Record<string, unknown> = {}) => ({
  version: 1,
  trigger: 'schedule',
  correlationId: 'schedule-2026-11-28T12:00:00Z',
  accountId,
  region: REGION,
  ...fields,
});

describe('the worker', () => {
  let bench: Bench;
  let captured: Captured;

  beforeAll(async () => {
    bench = await startBench();
  });
  afterAll(() => bench.close());
  beforeEach(() => {
    captured = capturePowertools();
    bench.emulator.resetCalls();
  });
  afterEach(() => captured.restore());

  const findingsOf = (account: string) =>
    bench.emulator.securityHubFindings().filter((f) => f.AwsAccountId === account);

  it('scans the deployment account with its own role and publishes to its Security Hub', async () => {
    // Prepare
    const handler = createWorkerHandler(bench.runtime());

    // Act
    const result = await handler(sampleEvent('sqs-scan-message.json'), lambdaContext('worker'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(findingsOf(DEPLOYMENT_ACCOUNT).length).toBeGreaterThan(50);
    expect(bench.emulator.calls().sts).toEqual({ GetCallerIdentity: 1 });
    expect(captured.metricTotals()).toMatchObject({
      ScansCompleted: 1,
      FindingsImported: findingsOf(DEPLOYMENT_ACCOUNT).length,
      ImportFailures: 0,
    });
    expect(captured.metrics.some((m) => m.Status === 'FAILED' && m.Severity === 'HIGH')).toBe(true);
  });

  it("assumes the member role to scan a member account and publishes to that account's Security Hub", async () => {
    // Prepare
    const handler = createWorkerHandler(
      bench.runtime({ ECS_SCANNER_MEMBER_ROLE_NAME: 'scanner-member' }),
    );

    // Act
    const result = await handler(sqsEvent([scan(MEMBER_ACCOUNT)]), lambdaContext('worker'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(bench.emulator.calls().sts).toEqual({ AssumeRole: 1, GetCallerIdentity: 1 });
    const findings = findingsOf(MEMBER_ACCOUNT);
    expect(findings.length).toBeGreaterThan(50);
    expect(findings.every((f) => f.Resources?.[0]?.Id?.includes(MEMBER_ACCOUNT))).toBe(true);
  });

  it('fails only the message of a target that cannot be scanned', async () => {
    // Prepare: no such account in the emulator, so the member role cannot be assumed.
    const handler = createWorkerHandler(bench.runtime());
    const event = sqsEvent([
      scan(DEPLOYMENT_ACCOUNT, { correlationId: 'a' }),
      scan('999988887777', { correlationId: 'b' }),
      scan(MEMBER_ACCOUNT, { correlationId: 'c' }),
    ]);

    // Act
    const result = await handler(event, lambdaContext('worker'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-2' }] });
    expect(captured.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'The scan of 999988887777 us-east-1 failed; the message is retried.',
        correlation_id: 'b',
        error: expect.objectContaining({
          name: 'MemberRoleError',
          message: expect.stringContaining('deploy the member role'),
        }),
      }),
    );
    expect(captured.metricTotals()).toMatchObject({ ScansCompleted: 2, ScansFailed: 1 });
  });

  it('fails the later messages of a failed message group, keeping FIFO order', async () => {
    // Prepare
    const handler = createWorkerHandler(bench.runtime());
    const event = sqsEvent([
      scan('999988887777', { correlationId: 'first' }),
      scan('999988887777', { correlationId: 'second' }),
    ]);

    // Act
    const result = await handler(event, lambdaContext('worker'));

    // Assess
    expect(
      result.batchItemFailures.map((f: { itemIdentifier: string }) => f.itemIdentifier),
    ).toEqual(['message-1', 'message-2']);
    expect(bench.emulator.calls().sts).toEqual({ AssumeRole: 1 });
  });

  it.each([
    ['a body that is not JSON', 'scan everything please', 'the body is not JSON'],
    ['an unknown message version', scan(DEPLOYMENT_ACCOUNT, { version: 7 }), 'version'],
    [
      'an account ID that is not one',
      scan('12345'),
      'accountId: expected a 12-digit AWS account ID',
    ],
    [
      'an unknown check',
      scan(DEPLOYMENT_ACCOUNT, { checks: ['x'] }),
      'checks.0: unknown check ID "x"',
    ],
  ])('drops a message with %s: logged, counted, not retried', async (_name, body, reason) => {
    // Prepare
    const handler = createWorkerHandler(bench.runtime());

    // Act
    const result = await handler(sqsEvent([body]), lambdaContext('worker'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(bench.emulator.calls()).toEqual({});
    expect(captured.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'Rejected a scan request of the wrong shape; it is dropped, not retried.',
        reason: expect.stringContaining(reason),
        messageId: 'message-1',
      }),
    );
    expect(captured.metrics).toContainEqual(
      expect.objectContaining({ EventKind: 'ScanMessage', InvalidEvents: 1 }),
    );
  });

  it('rejects an event that is not an SQS batch without failing anything', async () => {
    // Prepare
    const handler = createWorkerHandler(bench.runtime());

    // Act
    const result = await handler(sampleEvent('schedule.json') as never, lambdaContext('worker'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(captured.metrics).toContainEqual(
      expect.objectContaining({ EventKind: 'SqsBatch', InvalidEvents: 1 }),
    );
  });

  it('stops collecting before the timeout, publishes nothing and fails the unfinished messages', async () => {
    // Prepare: the invocation has 1.5 s left, so collection must stop after 1 s; every call
    // takes 1.2 s, so not even the first one can finish in time, however fast the machine.
    bench.emulator.setFaults({ latencyMs: 1200 });
    const handler = createWorkerHandler(bench.runtime(), {
      timeoutEarlyMs: 200,
      publishReserveMs: 300,
    });
    const before = bench.emulator.securityHubFindings().length;
    const event = sqsEvent([
      scan(DEPLOYMENT_ACCOUNT, { correlationId: 'slow' }),
      scan(MEMBER_ACCOUNT, { correlationId: 'next' }),
    ]);

    // Act
    const result = await handler(event, lambdaContext('worker', 1500));
    await new Promise((resolve) => setTimeout(resolve, 500));
    bench.emulator.setFaults({});

    // Assess
    expect(
      result.batchItemFailures.map((f: { itemIdentifier: string }) => f.itemIdentifier).sort(),
    ).toEqual(['message-1', 'message-2']);
    expect(bench.emulator.calls().securityhub).toBeUndefined();
    expect(bench.emulator.securityHubFindings()).toHaveLength(before);
    expect(captured.metricTotals()).toMatchObject({ ScansAborted: 1 });
  });

  it('imports nothing on a dry run and logs what it would do', async () => {
    // Prepare
    const handler = createWorkerHandler(bench.runtime());
    const before = findingsOf(MEMBER_ACCOUNT).length;

    // Act
    const result = await handler(
      sqsEvent([scan(MEMBER_ACCOUNT, { dryRun: true, checks: ['elbv2_listener_tls_policy'] })]),
      lambdaContext('worker'),
    );

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(bench.emulator.calls().securityhub).toEqual({ GetFindings: 1 });
    expect(findingsOf(MEMBER_ACCOUNT)).toHaveLength(before);
    expect(captured.logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: expect.stringContaining('(dry run: nothing imported)'),
        planned: expect.objectContaining({ create: expect.any(Array) }),
      }),
    );
  });
});
