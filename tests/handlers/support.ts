// The handlers' test bench: the emulator with two accounts (the demo account deploys the scanner,
// a copy of it under another ID is a member account), the scan queue, a runtime built like the
// Lambda's around them, Powertools' output captured, and the Lambda context.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { vi } from 'vitest';
import type { Emulator, EmulatorOptions } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { createClientFactory } from '../../lib/aws/clients.ts';
import { resolveDeploymentConfig } from '../../lib/config.ts';
import { createObservability } from '../../lib/lambda/observability.ts';
import type { Runtime } from '../../lib/lambda/runtime.ts';
import { parseSnapshot } from '../../lib/snapshot/load.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';

export const DEPLOYMENT_ACCOUNT = '111122223333';
export const MEMBER_ACCOUNT = '444455556666';
export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' };
export const NOW = new Date('2026-11-28T12:00:00.000Z');

const ROOT = join(import.meta.dirname, '..', '..');

/** The demo account, or a copy of it in another account (every ARN and ID rewritten). */
export const demoAccount = (accountId = DEPLOYMENT_ACCOUNT): Snapshot =>
  parseSnapshot(
    JSON.parse(
      readFileSync(join(ROOT, 'examples', 'demo-account.json'), 'utf8').replaceAll(
        DEPLOYMENT_ACCOUNT,
        accountId,
      ),
    ),
    'demo account',
  );

/** A sample event of events/, parsed. */
export const sampleEvent = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(join(ROOT, 'events', name), 'utf8')) as T;

export interface Bench {
  emulator: Emulator;
  queueUrl: string;
  sqs: SQSClient;
  /** A runtime as the Lambda builds it, from these environment variables (over the bench's). */
  runtime(env?: NodeJS.ProcessEnv): Runtime;
  close(): Promise<void>;
}

export const startBench = async (
  options: Partial<EmulatorOptions> = {},
  accounts: Snapshot[] = [demoAccount(), demoAccount(MEMBER_ACCOUNT)],
): Promise<Bench> => {
  const emulator = await startEmulator({ accounts, ...options });
  const sqs = new SQSClient({
    region: REGION,
    endpoint: emulator.url,
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
  const { QueueUrl = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: 'ecs-encryption-scanner-test-scans.fifo',
      Attributes: { FifoQueue: 'true', VisibilityTimeout: '900' },
    }),
  );
  return {
    emulator,
    queueUrl: QueueUrl,
    sqs,
    runtime: (env = {}) => ({
      config: resolveDeploymentConfig({
        AWS_REGION: REGION,
        ECS_SCANNER_QUEUE_URL: QueueUrl,
        ...env,
      }),
      clients: createClientFactory({
        endpoint: emulator.url,
        credentials: CREDENTIALS,
        maxAttempts: 1,
        pacing: false,
      }),
      clock: { now: () => NOW },
      observability: createObservability(),
    }),
    close: async () => {
      sqs.destroy();
      await emulator.close();
    },
  };
};

export const lambdaContext = (functionName: string, remainingMs = 60_000): Context => {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `ecs-encryption-scanner-test-${functionName}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${DEPLOYMENT_ACCOUNT}:function:ecs-encryption-scanner-test-${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `request-${functionName}-${Math.random().toString(16).slice(2)}`,
    logGroupName: `/aws/lambda/ecs-encryption-scanner-test-${functionName}`,
    logStreamName: '2026/11/28/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
};

/** Every message waiting in the queue, received as the Lambda event source mapping would (FIFO order, one receive per group). */
export const receiveBatch = async (bench: Bench, max = 10): Promise<SQSEvent> => {
  const out = await bench.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: bench.queueUrl,
      MaxNumberOfMessages: max,
      MessageSystemAttributeNames: ['All'],
    }),
  );
  return {
    Records: (out.Messages ?? []).map((m) => ({
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? '0',
        SenderId: m.Attributes?.SenderId ?? 'AIDAEMULATOR',
        ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? '0',
        MessageGroupId: m.Attributes?.MessageGroupId,
        MessageDeduplicationId: m.Attributes?.MessageDeduplicationId,
        SequenceNumber: m.Attributes?.SequenceNumber,
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${REGION}:${DEPLOYMENT_ACCOUNT}:ecs-encryption-scanner-test-scans.fifo`,
      awsRegion: REGION,
    })),
  };
};

/**
 * What the Lambda event source mapping does with the worker's answer: deletes the messages that
 * succeeded, and makes the failed ones visible again (here at once, instead of after the timeout).
 */
export const settle = async (bench: Bench, batch: SQSEvent, response: SQSBatchResponse) => {
  const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
  for (const record of batch.Records) {
    const target = { QueueUrl: bench.queueUrl, ReceiptHandle: record.receiptHandle };
    if (failed.has(record.messageId)) {
      await bench.sqs.send(new ChangeMessageVisibilityCommand({ ...target, VisibilityTimeout: 0 }));
    } else {
      await bench.sqs.send(new DeleteMessageCommand(target));
    }
  }
};

/** Receives what is waiting, runs the worker on it and settles the batch; undefined when the queue was empty. */
export const deliver = async (
  bench: Bench,
  worker: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>,
  context: Context = lambdaContext('worker'),
) => {
  const batch = await receiveBatch(bench);
  if (batch.Records.length === 0) return undefined;
  const response = await worker(batch, context);
  await settle(bench, batch, response);
  return { batch, response };
};

/** Receives and deletes every waiting message (what a worker would have consumed). */
export const drain = async (bench: Bench): Promise<SQSEvent['Records']> => {
  const records: SQSEvent['Records'] = [];
  for (;;) {
    const batch = await receiveBatch(bench);
    if (batch.Records.length === 0) return records;
    await settle(bench, batch, { batchItemFailures: [] });
    records.push(...batch.Records);
  }
};

/** The scan requests in a batch, parsed. */
export const bodies = (event: SQSEvent) =>
  event.Records.map((r) => JSON.parse(r.body) as Record<string, unknown>);

/** An SQS event carrying these bodies (one message group per account-region). */
export const sqsEvent = (messages: readonly unknown[]): SQSEvent => ({
  Records: messages.map((message, i) => {
    const body = typeof message === 'string' ? message : JSON.stringify(message);
    const m = (typeof message === 'object' && message) as { accountId?: string; region?: string };
    return {
      messageId: `message-${i + 1}`,
      receiptHandle: `handle-${i + 1}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1795867200123',
        SenderId: 'AROA3EXAMPLEROLEID12:planner',
        ApproximateFirstReceiveTimestamp: '1795867200456',
        MessageGroupId: `${m?.accountId ?? 'x'}:${m?.region ?? 'y'}`,
        MessageDeduplicationId: `dedup-${i + 1}`,
        SequenceNumber: `1884949646046769612${i}`,
      },
      messageAttributes: {},
      md5OfBody: '0',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${REGION}:${DEPLOYMENT_ACCOUNT}:ecs-encryption-scanner-test-scans.fifo`,
      awsRegion: REGION,
    };
  }),
});

export interface Captured {
  /** Structured log lines (Powertools Logger, POWERTOOLS_DEV). */
  logs: Record<string, unknown>[];
  /** EMF documents (Powertools Metrics). */
  metrics: Record<string, unknown>[];
  /** Metric name → values summed over every EMF document. */
  metricTotals(): Record<string, number>;
  restore(): void;
}

/**
 * Powertools writes to the global console in POWERTOOLS_DEV mode: capture its JSON lines (call
 * before building the runtime).
 */
export const capturePowertools = (): Captured => {
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
  // POWERTOOLS_DEV turns EMF off unless told otherwise.
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const logs: Record<string, unknown>[] = [];
  const metrics: Record<string, unknown>[] = [];
  const take = (...args: unknown[]) => {
    const [first] = args;
    if (typeof first !== 'string') return;
    try {
      const parsed = JSON.parse(first) as Record<string, unknown>;
      if (parsed._aws) metrics.push(parsed);
      else logs.push(parsed);
    } catch {
      // not Powertools output
    }
  };
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation(take),
  );
  return {
    logs,
    metrics,
    metricTotals: () => {
      const totals: Record<string, number> = {};
      for (const document of metrics) {
        const definitions = (
          document._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }
        ).CloudWatchMetrics.flatMap((m) => m.Metrics);
        for (const { Name } of definitions) {
          const value = document[Name];
          const values = Array.isArray(value) ? value : [value];
          totals[Name] = (totals[Name] ?? 0) + values.reduce((n, v) => n + Number(v), 0);
        }
      }
      return totals;
    },
    restore: () => {
      for (const spy of spies) spy.mockRestore();
      vi.unstubAllEnvs();
    },
  };
};
