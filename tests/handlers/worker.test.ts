import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  type ChangeMessageVisibilityCommandInput,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { checks } from '../../checks/registry.ts';
import { createWorkerHandler } from '../../handlers/worker.ts';
import { enqueueScans } from '../../lib/lambda/enqueue.ts';
import type { ScanMessage } from '../../lib/lambda/events/scanMessage.ts';
import type { CheckMetadata } from '../../lib/model.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';
import {
  type Bench,
  type Captured,
  capturePowertools,
  DEPLOYMENT_ACCOUNT,
  deliver,
  demoAccount,
  drain,
  lambdaContext,
  MEMBER_ACCOUNT,
  REGION,
  receiveBatch,
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
    // Its own role reaches its own account: no STS call is needed to know it.
    expect(bench.emulator.calls().sts).toBeUndefined();
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
    // The assumed session's ARN names the account: no GetCallerIdentity.
    expect(bench.emulator.calls().sts).toEqual({ AssumeRole: 1 });
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
        message:
          'The scan of 999988887777 us-east-1 failed; the message is retried (attempt 1 of 3).',
        receiveCount: 1,
        maxReceiveCount: 3,
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

  it('fails the later messages of a failed group unscanned while the other groups go on', async () => {
    // Prepare: two groups that cannot be scanned, each with a later message, around one that can.
    const handler = createWorkerHandler(bench.runtime());
    const event = sqsEvent([
      scan('999988887777', { correlationId: 'a1', checks: ['elbv2_listener_tls_policy'] }),
      scan('999988880000', { correlationId: 'b1', checks: ['elbv2_listener_tls_policy'] }),
      scan(DEPLOYMENT_ACCOUNT, {
        correlationId: 'c1',
        dryRun: true,
        checks: ['elbv2_listener_tls_policy'],
      }),
      scan('999988887777', { correlationId: 'a2', checks: ['elbv2_listener_tls_policy'] }),
      scan('999988880000', { correlationId: 'b2', checks: ['elbv2_listener_tls_policy'] }),
    ]);

    // Act
    const result = await handler(event, lambdaContext('worker'));

    // Assess: the later messages of both failed groups are failed without being tried.
    expect(
      result.batchItemFailures.map((f: { itemIdentifier: string }) => f.itemIdentifier),
    ).toEqual(['message-1', 'message-2', 'message-4', 'message-5']);
    expect(bench.emulator.calls().sts).toEqual({ AssumeRole: 2 });
    // Each retried message has its delay (the event's receipt handles are stale: SQS refuses).
    expect(bench.emulator.calls().sqs).toEqual({ ChangeMessageVisibility: 4 });
    // Every first receive counts, a skipped one too: it is not received for the first time again.
    expect(captured.metricTotals()).toMatchObject({
      ScansReceived: 5,
      ScansFailed: 2,
      ScansCompleted: 1,
    });
    // The per-message log keys: each message's own, none left over from the one before.
    expect(captured.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: expect.stringMatching(/^The scan of 999988880000 us-east-1 failed/),
        messageId: 'message-2',
        accountId: '999988880000',
        region: REGION,
        correlation_id: 'b1',
      }),
    );
    const scanned = captured.logs.find((l) => String(l.message).startsWith('Scanned'));
    expect(scanned).toMatchObject({
      messageId: 'message-3',
      accountId: DEPLOYMENT_ACCOUNT,
      correlation_id: 'c1',
    });
    // After the batch (the retry delays' warnings: SQS refuses the stale receipt handles), only
    // the message ID each warning names itself.
    const after = captured.logs.filter((l) => l.level === 'WARN');
    expect(after).toHaveLength(4);
    for (const line of after) {
      expect(String(line.message)).toContain(`failed message ${String(line.messageId)} `);
      for (const key of ['accountId', 'region', 'correlation_id']) {
        expect(line).not.toHaveProperty(key);
      }
    }
  });

  it('answers with every message failed, rather than throwing, when the whole batch fails', async () => {
    // Prepare: no message of the batch can be scanned.
    const handler = createWorkerHandler(bench.runtime());
    const event = sqsEvent([
      light('999988887777', 'all-1'),
      light('999988880000', 'all-2'),
      light('999988887777', 'all-3'),
    ]);

    // Act
    const result = await handler(event, lambdaContext('worker'));

    // Assess
    expect(result).toEqual({
      batchItemFailures: [
        { itemIdentifier: 'message-1' },
        { itemIdentifier: 'message-2' },
        { itemIdentifier: 'message-3' },
      ],
    });
    expect(bench.emulator.calls().sqs).toEqual({ ChangeMessageVisibility: 3 });
    expect(captured.logs.some((l) => String(l.message).includes('All records failed'))).toBe(false);
  });

  it('drops a wrong-shaped message after a failed message of its group, rather than retrying it', async () => {
    // Prepare: both in the group 999988887777:us-east-1.
    const handler = createWorkerHandler(bench.runtime());
    const event = sqsEvent([
      light('999988887777', 'first'),
      scan('999988887777', { version: 7, correlationId: 'malformed' }),
    ]);

    // Act
    const result = await handler(event, lambdaContext('worker'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
    expect(captured.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'Rejected a scan request of the wrong shape; it is dropped, not retried.',
        messageId: 'message-2',
      }),
    );
    expect(captured.metrics).toContainEqual(
      expect.objectContaining({ EventKind: 'ScanMessage', InvalidEvents: 1 }),
    );
  });

  it('brings a failed message back after 1, then 2 minutes instead of the queue timeout', async () => {
    // Prepare: a real queued message for an account the member role cannot reach.
    const runtime = bench.runtime();
    const changes: ChangeMessageVisibilityCommandInput[] = [];
    runtime.clients.sqs(REGION).middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ChangeMessageVisibilityCommand') {
          changes.push(args.input as ChangeMessageVisibilityCommandInput);
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    const handler = createWorkerHandler(runtime);
    await bench.sqs.send(
      new SendMessageCommand({
        QueueUrl: bench.queueUrl,
        MessageBody: JSON.stringify(scan('999988887777', { correlationId: 'retried' })),
        MessageGroupId: `999988887777:${REGION}`,
        MessageDeduplicationId: 'retried',
      }),
    );

    // Act: two deliveries; the test makes the message visible again instead of waiting a minute.
    const delays: number[] = [];
    for (const _ of [1, 2]) {
      const batch = await receiveBatch(bench);
      const result = await handler(batch, lambdaContext('worker'));
      expect(result.batchItemFailures).toHaveLength(1);
      const [record] = batch.Records;
      const change = changes.at(-1);
      expect(change?.ReceiptHandle).toBe(record?.receiptHandle);
      delays.push(change?.VisibilityTimeout ?? -1);
      expect((await receiveBatch(bench)).Records).toHaveLength(0);
      await bench.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: bench.queueUrl,
          ReceiptHandle: record?.receiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }

    // Assess
    expect(delays).toEqual([60, 120]);
    expect(await drain(bench)).toHaveLength(1);
  });

  it('answers the batch when the visibility of a failed message cannot be changed', async () => {
    // Prepare: the event's receipt handles are not the queue's, so SQS refuses them.
    const handler = createWorkerHandler(bench.runtime());

    // Act
    const result = await handler(
      sqsEvent([scan('999988887777', { correlationId: 'stale' })]),
      lambdaContext('worker'),
    );

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
    expect(bench.emulator.calls().sqs).toEqual({ ChangeMessageVisibility: 1 });
    expect(captured.logs).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: expect.stringContaining(
          "(SQS ChangeMessageVisibility: ReceiptHandleIsInvalid); it is retried after the queue's visibility timeout instead.",
        ),
      }),
    );
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
    [
      'an unknown check to exclude',
      scan(DEPLOYMENT_ACCOUNT, { excludeChecks: ['appmesh_mesh_end_of_suport'] }),
      'excludeChecks.0: unknown check ID "appmesh_mesh_end_of_suport" (see the check catalogue)',
    ],
    [
      'an unknown service',
      scan(DEPLOYMENT_ACCOUNT, { services: ['elbb'] }),
      'services.0: unknown service "elbb" (expected some of ecs, vpc, secretsmanager, elbv2, elb, vpclattice, appmesh)',
    ],
    [
      'a severity in lower case (the on-demand handler sends it in upper case)',
      scan(DEPLOYMENT_ACCOUNT, { minSeverity: 'high' }),
      'minSeverity: unknown severity "high" (expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL)',
    ],
    [
      'check filters that keep no check',
      scan(DEPLOYMENT_ACCOUNT, { services: ['elb'], minSeverity: 'CRITICAL' }),
      'no check matches services ["elb"] minSeverity "CRITICAL". Run list-checks with the same filters to see what each selects.',
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
    // Reading the existing findings while collecting is allowed; importing is not.
    expect(bench.emulator.calls().securityhub?.BatchImportFindings).toBeUndefined();
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
  it('answers before the timeout while publishing, failing the unfinished messages and claiming nothing', async () => {
    // Prepare: 4 s left; collection must end by 2.5 s, middy answers at 3.5 s. The one light check
    // collects in a few fast calls, while every Security Hub call takes 6 s, longer than the whole
    // invocation: publishing cannot finish before the answer, however fast the machine.
    bench.emulator.setFaults({ latencyByService: { securityhub: 6000 } });
    const handler = createWorkerHandler(bench.runtime(), {
      timeoutEarlyMs: 500,
      publishReserveMs: 1000,
    });
    const before = JSON.stringify(bench.emulator.securityHubFindings());
    const event = sqsEvent([
      scan(DEPLOYMENT_ACCOUNT, {
        correlationId: 'slow-publish',
        checks: ['elbv2_listener_tls_policy'],
      }),
      scan(MEMBER_ACCOUNT, { correlationId: 'never-started' }),
    ]);

    // Act
    const result = await handler(event, lambdaContext('worker', 4000));
    const atAnswer = {
      findings: JSON.stringify(bench.emulator.securityHubFindings()),
      securityHub: bench.emulator.calls().securityhub,
      logs: captured.logs.map((l) => ({ ...l })),
      metrics: captured.metricTotals(),
    };
    // The scan still in flight (a frozen Lambda's, in AWS) ends before the next test.
    bench.emulator.setFaults({});
    await vi.waitFor(
      () =>
        expect(captured.logs).toContainEqual(
          expect.objectContaining({
            message: expect.stringMatching(
              /^(Stopped the scan of|The scan of|Scanned) 111122223333 /,
            ),
          }),
        ),
      { timeout: 20_000, interval: 100 },
    );

    // Assess: both messages failed, collection had finished, nothing was imported or claimed.
    expect(
      result.batchItemFailures.map((f: { itemIdentifier: string }) => f.itemIdentifier).sort(),
    ).toEqual(['message-1', 'message-2']);
    expect(atAnswer.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'The invocation is about to time out; unfinished messages are retried.',
        retried: ['message-1', 'message-2'],
      }),
    );
    expect(atAnswer.logs.some((l) => String(l.message).startsWith('Stopped the scan'))).toBe(false);
    expect(atAnswer.logs.some((l) => String(l.message).startsWith('Scanned'))).toBe(false);
    expect(atAnswer.securityHub?.BatchImportFindings).toBeUndefined();
    expect(atAnswer.findings).toBe(before);
    expect(atAnswer.metrics.ScansCompleted ?? 0).toBe(0);
    expect(atAnswer.metrics.ScansAborted ?? 0).toBe(0);
  });
  it('publishes a failure the shipped exemptions file covers as an exempt WARNING', async () => {
    // Prepare: the file the deployment packages (serverless.yml: exemptionsFile).
    const dir = await mkdtemp(join(tmpdir(), 'exemptions-'));
    const file = join(dir, 'exemptions.json');
    await writeFile(
      file,
      JSON.stringify({
        exemptions: [
          {
            checkId: 'ecs_task_definition_no_secrets_in_environment',
            resource: `arn:aws:ecs:${REGION}:${DEPLOYMENT_ACCOUNT}:task-definition/*`,
            reason: 'CHG-1234: values rotated, removal planned',
            expires: '2099-12-31',
          },
        ],
      }),
    );
    const handler = createWorkerHandler(bench.runtime({ ECS_SCANNER_EXEMPTIONS_FILE: file }));

    // Act
    const result = await handler(sqsEvent([scan(DEPLOYMENT_ACCOUNT)]), lambdaContext('worker'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const exempted = findingsOf(DEPLOYMENT_ACCOUNT).filter(
      (f) => f.GeneratorId === 'ecs_task_definition_no_secrets_in_environment',
    );
    // The check's own WARNINGs (names that only look secret) are not exemptions.
    const warned = exempted.filter(
      (f) => f.ProductFields?.['ecs-encryption-scanner/Exemption/Status'] === 'applied',
    );
    expect(warned.length).toBeGreaterThan(0);
    expect(exempted.some((f) => f.Compliance?.Status === 'FAILED')).toBe(false);
    for (const finding of warned) {
      expect(finding.Compliance?.Status).toBe('WARNING');
      expect(finding.FindingProviderFields?.Severity?.Label).toBe('INFORMATIONAL');
      expect(finding.ProductFields?.['ecs-encryption-scanner/Exemption/Source']).toBe('file');
      expect(finding.ProductFields?.['ecs-encryption-scanner/Exemption/Reason']).toBe(
        'CHG-1234: values rotated, removal planned',
      );
    }
  });

  it('fails the scan, importing nothing, when the shipped exemptions file is malformed', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'exemptions-'));
    const file = join(dir, 'exemptions.json');
    await writeFile(file, JSON.stringify({ exemptions: [{ checkId: 'nope', resource: 'x' }] }));
    const handler = createWorkerHandler(bench.runtime({ ECS_SCANNER_EXEMPTIONS_FILE: file }));
    const before = JSON.stringify(findingsOf(DEPLOYMENT_ACCOUNT));

    // Act
    const result = await handler(sqsEvent([scan(DEPLOYMENT_ACCOUNT)]), lambdaContext('worker'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
    expect(bench.emulator.calls().securityhub?.BatchImportFindings).toBeUndefined();
    expect(JSON.stringify(findingsOf(DEPLOYMENT_ACCOUNT))).toBe(before);
  });

  /** A cheap scan: one light check, nothing imported. */
  const light = (accountId: string, correlationId: string) =>
    scan(accountId, { correlationId, dryRun: true, checks: ['elbv2_listener_tls_policy'] });

  it('dead-letters a message at once after its last attempt, saying so, instead of delaying it', async () => {
    // Prepare: a queue whose redrive policy allows 3 receives, as the deployment's does.
    const created = async (name: string, attributes: Record<string, string> = {}) =>
      (
        await bench.sqs.send(
          new CreateQueueCommand({
            QueueName: name,
            Attributes: { FifoQueue: 'true', VisibilityTimeout: '900', ...attributes },
          }),
        )
      ).QueueUrl ?? '';
    const deadLetterUrl = await created('last-attempt-dlq.fifo');
    const queueUrl = await created('last-attempt.fifo', {
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: `arn:aws:sqs:${REGION}:${DEPLOYMENT_ACCOUNT}:last-attempt-dlq.fifo`,
        maxReceiveCount: 3,
      }),
    });
    const queue = { ...bench, queueUrl };
    const runtime = bench.runtime({
      ECS_SCANNER_QUEUE_URL: queueUrl,
      ECS_SCANNER_MAX_RECEIVE_COUNT: '3',
    });
    const changes: ChangeMessageVisibilityCommandInput[] = [];
    runtime.clients.sqs(REGION).middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ChangeMessageVisibilityCommand') {
          changes.push(args.input as ChangeMessageVisibilityCommandInput);
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    const handler = createWorkerHandler(runtime);
    await bench.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(scan('999988887777', { correlationId: 'last' })),
        MessageGroupId: `999988887777:${REGION}`,
        MessageDeduplicationId: 'last',
      }),
    );

    // Act: three deliveries; the test makes the message visible after the first two at once.
    for (const attempt of [1, 2, 3]) {
      const batch = await receiveBatch(queue);
      expect(batch.Records[0]?.attributes.ApproximateReceiveCount).toBe(String(attempt));
      await handler(batch, lambdaContext('worker'));
      if (attempt < 3) {
        await bench.sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: batch.Records[0]?.receiptHandle,
            VisibilityTimeout: 0,
          }),
        );
      }
    }
    const next = await receiveBatch(queue);
    const deadLetters = await receiveBatch({ ...bench, queueUrl: deadLetterUrl });

    // Assess
    expect(changes.map((c) => c.VisibilityTimeout)).toEqual([60, 120, 0]);
    expect(next.Records).toHaveLength(0);
    expect(deadLetters.Records.map((r) => JSON.parse(r.body).correlationId)).toEqual(['last']);
    expect(
      captured.logs.filter((l) => l.level === 'ERROR').map((l) => [l.message, l.receiveCount]),
    ).toEqual([
      ['The scan of 999988887777 us-east-1 failed; the message is retried (attempt 1 of 3).', 1],
      ['The scan of 999988887777 us-east-1 failed; the message is retried (attempt 2 of 3).', 2],
      [
        'The scan of 999988887777 us-east-1 failed; this was the last attempt (3 of 3): the message goes to the dead-letter queue.',
        3,
      ],
    ]);
  });

  it('counts in ScansReceived each message the queue held, once, however often it was sent or received', async () => {
    // Prepare: the same three requests sent three times (a trigger delivered three times); the
    // third target cannot be scanned, so it is received twice.
    await drain(bench);
    const requests = [
      light(DEPLOYMENT_ACCOUNT, 'received'),
      light(MEMBER_ACCOUNT, 'received'),
      light('999988887777', 'received'),
    ] as ScanMessage[];
    for (const _ of [1, 2, 3]) await enqueueScans(bench.sqs, bench.queueUrl, requests);
    const { Attributes } = await bench.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: bench.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    const handler = createWorkerHandler(bench.runtime());

    // Act
    const first = await deliver(bench, handler);
    const second = await deliver(bench, handler);
    await drain(bench);

    // Assess: the emulator held 3 messages; the worker received 4 times and counted 3.
    expect(Number(Attributes?.ApproximateNumberOfMessages)).toBe(3);
    expect((first?.batch.Records.length ?? 0) + (second?.batch.Records.length ?? 0)).toBe(4);
    expect(captured.metricTotals()).toMatchObject({ ScansReceived: 3, ScansFailed: 2 });
  });

  it.each<[string, (event: SQSEvent) => void]>([
    [
      'the same message ID',
      (event) => {
        (event.Records[1] as SQSEvent['Records'][number]).messageId = 'message-1';
      },
    ],
    [
      'the same deduplication ID in its group',
      (event) => {
        (event.Records[1] as SQSEvent['Records'][number]).attributes.MessageDeduplicationId =
          'dedup-1';
      },
    ],
  ])('scans a message delivered twice in one batch (%s) once', async (_name, duplicate) => {
    // Prepare
    const handler = createWorkerHandler(bench.runtime());
    const event = sqsEvent([
      light(DEPLOYMENT_ACCOUNT, 'twice'),
      light(DEPLOYMENT_ACCOUNT, 'twice'),
    ]);
    duplicate(event);

    // Act
    const result = await handler(event, lambdaContext('worker'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(bench.emulator.calls().securityhub).toEqual({ GetFindings: 1 });
    expect(captured.metricTotals()).toMatchObject({ ScansCompleted: 1, ScansReceived: 1 });
    expect(captured.logs).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(/^Skipped a second delivery of a message in this batch/),
        outcome: 'scanned',
      }),
    );
  });

  it.each<[string, (event: SQSEvent) => void, string[]]>([
    [
      'the same message ID',
      (event) => {
        (event.Records[1] as SQSEvent['Records'][number]).messageId = 'message-1';
      },
      ['message-1'],
    ],
    [
      'the same deduplication ID in its group',
      (event) => {
        (event.Records[1] as SQSEvent['Records'][number]).attributes.MessageDeduplicationId =
          'dedup-1';
      },
      ['message-1', 'message-2'],
    ],
  ])(
    'fails every copy of a failing message delivered twice in one batch (%s), trying it once',
    async (_name, duplicate, failed) => {
      // Prepare
      const handler = createWorkerHandler(bench.runtime());
      const event = sqsEvent([light('999988887777', 'twice'), light('999988887777', 'twice')]);
      duplicate(event);

      // Act
      const result = await handler(event, lambdaContext('worker'));

      // Assess
      expect(
        result.batchItemFailures.map((f: { itemIdentifier: string }) => f.itemIdentifier),
      ).toEqual(failed);
      expect(bench.emulator.calls().sts).toEqual({ AssumeRole: 1 });
      expect(captured.metricTotals()).toMatchObject({ ScansFailed: 1 });
    },
  );

  it('answers a copy like its first even when its group failed in between, and scans the same deduplication ID of another group', async () => {
    // Prepare: message-4 is a copy of message-1 (same deduplication ID in its group), after the
    // failure of message-2 in that group; message-5 has message-3's deduplication ID in another
    // group, so it is another message.
    const handler = createWorkerHandler(bench.runtime());
    const event = sqsEvent([
      light(DEPLOYMENT_ACCOUNT, 'copied'),
      light(DEPLOYMENT_ACCOUNT, 'failing'),
      light(MEMBER_ACCOUNT, 'same-dedup'),
      light(DEPLOYMENT_ACCOUNT, 'copied'),
      light('999988887777', 'same-dedup'),
    ]);
    const records = event.Records as SQSEvent['Records'][number][];
    // message-2 fails: an account ID the member role cannot reach, in message-1's group.
    records[1] = {
      ...(records[1] as SQSEvent['Records'][number]),
      body: JSON.stringify(light('999988887777', 'failing')),
    };
    (records[3] as SQSEvent['Records'][number]).attributes.MessageDeduplicationId = 'dedup-1';
    (records[4] as SQSEvent['Records'][number]).attributes.MessageDeduplicationId = 'dedup-3';

    // Act
    const result = await handler(event, lambdaContext('worker'));

    // Assess: the copy is not failed with its group; the other group's message was tried.
    expect(
      result.batchItemFailures.map((f: { itemIdentifier: string }) => f.itemIdentifier),
    ).toEqual(['message-2', 'message-5']);
    expect(bench.emulator.calls().sts).toEqual({ AssumeRole: 3 });
    expect(captured.metricTotals()).toMatchObject({
      ScansCompleted: 2,
      ScansFailed: 2,
      ScansReceived: 4,
    });
    expect(captured.logs).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(/^Skipped a second delivery of a message in this batch/),
        outcome: 'scanned',
        messageId: 'message-4',
      }),
    );
  });

  it('never quotes a body that is not JSON: its size and message ID only', async () => {
    // Prepare
    const body = 'DB_PASSWORD=hunter2-correct-horse';
    const handler = createWorkerHandler(bench.runtime());

    // Act
    await handler(sqsEvent([body]), lambdaContext('worker'));

    // Assess
    expect(captured.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        reason: `the body is not JSON (${body.length} bytes)`,
        messageId: 'message-1',
      }),
    );
    expect(JSON.stringify(captured.logs)).not.toContain('hunter2');
    expect(JSON.stringify(captured.logs)).not.toContain('DB_PASSW');
  });

  it('says a transient STS failure is transient, not a missing member role, and retries the message', async () => {
    // Prepare: STS resets every connection.
    const handler = createWorkerHandler(bench.runtime());
    bench.emulator.setFaults({ unreachable: ['sts'] });

    // Act
    const result = await handler(
      sqsEvent([light(MEMBER_ACCOUNT, 'sts-reset')]),
      lambdaContext('worker'),
    ).finally(() => bench.emulator.setFaults({}));

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-1' }] });
    const failure = captured.logs.find((l) => l.level === 'ERROR');
    expect(failure).toMatchObject({
      message: `The scan of ${MEMBER_ACCOUNT} us-east-1 failed; the message is retried (attempt 1 of 3).`,
      error: expect.objectContaining({
        name: 'StsUnavailableError',
        message: expect.stringContaining('STS answered ECONNRESET, a transient failure'),
      }),
    });
    expect(JSON.stringify(failure)).not.toContain('deploy the member role');
  });
});

/** Every resource of the account's regions gone: each section collected, and empty. */
const removeEveryResource = (account: Snapshot) => {
  for (const region of Object.values(account.regions)) {
    for (const section of Object.values(region) as Record<string, unknown>[]) {
      for (const [key, value] of Object.entries(section)) {
        section[key] = Array.isArray(value) ? [] : {};
      }
    }
  }
};

describe('the worker with check filters', () => {
  let captured: Captured;
  beforeEach(() => {
    captured = capturePowertools();
  });
  afterEach(() => captured.restore());

  it.each<[string, Record<string, unknown>, (m: CheckMetadata) => boolean]>([
    [
      'minSeverity HIGH',
      { minSeverity: 'HIGH' },
      (m) => m.severity === 'HIGH' || m.severity === 'CRITICAL',
    ],
    [
      'services elbv2 and appmesh',
      { services: ['elbv2', 'appmesh'] },
      (m) => m.service === 'elbv2' || m.service === 'appmesh',
    ],
    [
      'excludeChecks of every ECS check',
      {
        excludeChecks: checks.filter((c) => c.metadata.service === 'ecs').map((c) => c.metadata.id),
      },
      (m) => m.service !== 'ecs',
    ],
    [
      'services elb and minSeverity HIGH without elb_listener_encrypted',
      { services: ['elb'], minSeverity: 'HIGH', excludeChecks: ['elb_listener_encrypted'] },
      (m) => m.id === 'elb_listener_certificate_valid',
    ],
  ])(
    'with %s archives only the findings of the checks it keeps, though every resource is gone',
    async (_name, filters, kept) => {
      // Prepare: a Security Hub of its own with every check's findings, then every resource gone.
      const account = demoAccount();
      const bench = await startBench({}, [account]);
      try {
        const handler = createWorkerHandler(bench.runtime());
        await handler(sqsEvent([scan(DEPLOYMENT_ACCOUNT)]), lambdaContext('worker'));
        const before = new Map(bench.emulator.securityHubFindings().map((f) => [f.Id, f]));
        removeEveryResource(account);

        // Act
        const result = await handler(
          sqsEvent([scan(DEPLOYMENT_ACCOUNT, { correlationId: 'filtered', ...filters })]),
          lambdaContext('worker'),
        );

        // Assess
        expect(result).toEqual({ batchItemFailures: [] });
        const keptIds = new Set(checks.filter((c) => kept(c.metadata)).map((c) => c.metadata.id));
        const after = bench.emulator.securityHubFindings();
        const ran = after.filter((f) => keptIds.has(f.GeneratorId ?? ''));
        const others = after.filter((f) => !keptIds.has(f.GeneratorId ?? ''));
        expect(ran.length).toBeGreaterThan(0);
        expect(others.length).toBeGreaterThan(0);
        // Every finding of a check it ran stands for a resource now gone: archived.
        expect(ran.filter((f) => f.RecordState !== 'ARCHIVED')).toEqual([]);
        // The other checks' findings are as the full scan left them: active, not resolved.
        expect(others.filter((f) => f.RecordState !== 'ACTIVE')).toEqual([]);
        for (const finding of others) expect(finding).toEqual(before.get(finding.Id));
        const scanned = captured.logs.find(
          (l) => l.correlation_id === 'filtered' && String(l.message).startsWith('Scanned'),
        );
        expect(scanned?.message).toMatch(
          new RegExp(
            `^Scanned ${DEPLOYMENT_ACCOUNT} ${REGION}: 0 created, 0 updated, ${ran.length} archived`,
          ),
        );
        // The log line says which filters the scan ran under, and how many checks they kept.
        expect(scanned).toMatchObject({ ...filters, checksRun: keptIds.size });
      } finally {
        await bench.close();
      }
    },
  );
});
