// The scan queue's consumer: for each message, the credentials of the target account (the member
// role, but in the deployment account), then collect, evaluate and publish to that account's
// Security Hub in that region. SQS partial batch responses (Powertools Batch's FIFO processor): a
// failing target fails only its own message (and the later messages of its group in the batch, so
// FIFO order holds; the other groups go on); a message of the wrong shape is logged, counted and
// dropped (a retry cannot fix it); a message delivered twice in the batch is scanned once, every
// copy answered alike. A failed message's visibility is shortened to a growing retry delay
// (lib/lambda/retry.ts), so it comes back in minutes, or at once on its last attempt.
import { setMaxListeners } from 'node:events';
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { SqsSchema } from '@aws-lambda-powertools/parser/schemas';
import type { ParsedResult } from '@aws-lambda-powertools/parser/types';
import middy from '@middy/core';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import type { z } from 'zod';
import { checks } from '../checks/registry.ts';
import { partitionOfRegion } from '../lib/aws/regions.ts';
import { type CredentialBroker, createCredentialBroker } from '../lib/lambda/credentials.ts';
import { describeIssues } from '../lib/lambda/events/common.ts';
import {
  filtersOf,
  type ScanMessage,
  scanMessageSchema,
} from '../lib/lambda/events/scanMessage.ts';
import {
  countInvalidEvent,
  METRIC,
  observe,
  pipelineLogger,
  recordScan,
} from '../lib/lambda/observability.ts';
import { type Attempt, attemptOf, describeRetry, scheduleRetries } from '../lib/lambda/retry.ts';
import {
  accountOfFunction,
  lazyHandler,
  type Runtime,
  runtimeFromEnvironment,
} from '../lib/lambda/runtime.ts';
import { warnExemptionProblems } from '../lib/report/exemptions.ts';
import { ScanAbortedError } from '../lib/scan/errors.ts';
import * as io from '../lib/scan/io.ts';
import { scan } from '../lib/scan/scan.ts';

type SqsEvent = z.infer<typeof SqsSchema>;
type SqsRecord = SqsEvent['Records'][number];

export interface WorkerOptions {
  /** Middy answers this long before the Lambda timeout (with the unfinished messages failed). */
  timeoutEarlyMs?: number;
  /** Collection stops this long (at most a quarter of the time left) before the Lambda timeout, leaving time to publish. */
  publishReserveMs?: number;
}

/** Production: stop collecting 2 minutes before the timeout, answer 10 seconds before it. */
const DEFAULTS: Required<WorkerOptions> = { timeoutEarlyMs: 10_000, publishReserveMs: 120_000 };

/** The scan request in the body; a body that is not JSON is never quoted (it may be anything). */
const parseBody = (
  record: SqsRecord,
): ReturnType<typeof scanMessageSchema.safeParse> | { notJson: number } => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    return { notJson: Buffer.byteLength(record.body, 'utf8') };
  }
  return scanMessageSchema.safeParse(body);
};

/** What became of a message: a copy delivered again in the same batch is answered the same. */
type Outcome = 'scanned' | 'dropped' | 'failed';

/** The running invocation's batch: what a timeout reports. */
interface Batch {
  records: SqsRecord[];
  /** Each record's first copy in the batch (its message ID): the one processed. */
  firstOf: Map<SqsRecord, string>;
  /** The first copies finished without failing: scanned, or dropped. */
  settled: Set<string>;
}

/** Copies of one message in a batch: the same message ID, or the same deduplication ID in its group. */
const deliveryKeys = (record: SqsRecord): string[] => {
  const { MessageGroupId: group, MessageDeduplicationId: deduplication } = record.attributes;
  return [
    `id:${record.messageId}`,
    ...(deduplication ? [`dedup:${group ?? ''}\u0000${deduplication}`] : []),
  ];
};

/** What an aborted scan published: nothing, or the checks whose inputs it had all collected. */
const publishedBefore = (error: ScanAbortedError) =>
  error.publishedCheckIds.length === 0
    ? 'nothing was published'
    : `only the findings of the ${error.publishedCheckIds.length} checks whose inputs were all collected were published`;

export const createWorkerHandler = (runtime: Runtime, options: WorkerOptions = {}) => {
  const { config, clients, clock, observability } = runtime;
  const { logger, metrics } = observability;
  const { timeoutEarlyMs, publishReserveMs } = { ...DEFAULTS, ...options };
  const log = pipelineLogger(logger);
  let broker: CredentialBroker | undefined;
  let running: Batch | undefined;

  /** The failed messages come back after their retry delay; returns the batch response. */
  const answer = async (
    records: readonly SqsRecord[],
    failed: readonly string[],
  ): Promise<SQSBatchResponse> => {
    const ids = new Set(failed);
    if (ids.size > 0 && config.queueUrl) {
      await scheduleRetries(
        clients.sqs(config.deploymentRegion),
        config.queueUrl,
        records
          .filter((r) => ids.has(r.messageId))
          .map((r) => ({
            messageId: r.messageId,
            receiptHandle: r.receiptHandle,
            receiveCount: r.attributes.ApproximateReceiveCount,
          })),
        log,
        config.maxReceiveCount,
      );
    }
    return { batchItemFailures: [...ids].map((itemIdentifier) => ({ itemIdentifier })) };
  };

  const scanOne = async (
    message: ScanMessage,
    deploymentAccountId: string,
    signal: AbortSignal,
  ) => {
    broker ??= createCredentialBroker({
      sts: clients.sts(config.deploymentRegion),
      deploymentAccountId,
      memberRoleName: config.memberRoleName,
    });
    const credentials = await broker.credentialsFor(
      message.accountId,
      partitionOfRegion(message.region),
    );
    const outcome = await scan(
      {
        regions: [message.region],
        accountId: message.accountId,
        credentials,
        // The function's own account, or the one whose member role the broker just assumed.
        credentialsAccountId: message.accountId,
        checkIds: message.checks,
        excludeCheckIds: message.excludeChecks,
        services: message.services,
        minSeverity: message.minSeverity,
        focus: message.focus,
        resourceArns: message.resourceArns,
        resourcePrefixes: message.resourcePrefixes,
        resourceScope: message.resourceScope,
        publish: message.dryRun ? 'dry-run' : 'publish',
        staged: true,
        signal,
      },
      {
        registry: checks,
        io,
        clients,
        config: config.scan,
        refreshDays: config.refreshDays,
        clock,
        logger: log,
      },
    );
    warnExemptionProblems(outcome.scan, log);
    const [region] = outcome.regions;
    if (!region?.publish) throw new Error(`the scan of ${message.region} published nothing`);
    // Calls the region's collection made into other regions (secrets referenced there) count too.
    const report = { ...region, publish: region.publish, collection: outcome.collection };
    recordScan(metrics, report);
    const { publish } = report;
    logger.info(
      `Scanned ${message.accountId} ${message.region}${publish.dryRun ? ' (dry run: nothing imported)' : ''}: ${publish.created} created, ${publish.updated} updated, ${publish.archived} archived, ${publish.unchangedSkipped} unchanged, ${publish.untouched} left untouched, ${publish.failed} refused.`,
      {
        trigger: message.trigger,
        reason: message.reason,
        focused: report.focused,
        // What the scan judged: a filtered one resolves and archives only these checks' findings.
        checksRun: report.checkIds.length,
        ...filtersOf(message),
        results: report.results,
        collectionCalls: report.collection.calls,
        collectionFailures: report.collectionFailures,
        securityHubCalls: publish.calls,
        durationMs: report.durationMs,
        ...(publish.failures.length ? { importFailures: publish.failures } : {}),
        ...(publish.planned ? { planned: publish.planned } : {}),
      },
    );
  };

  /**
   * One invocation's batch, answered with Powertools Batch (SqsFifoPartialProcessorAsync,
   * skipGroupOnError: after a failure, the later messages of its group are failed unscanned, the
   * other groups go on). Two steps stay here, before it, because Powertools cannot do them
   * (measured against @aws-lambda-powertools/batch 2.35.0): it skips a failed group's later records
   * before calling the record handler, so a wrong-shaped message there would be failed and retried
   * instead of dropped, and its first receive never counted in ScansReceived; and it has no notion
   * of a message delivered twice in one batch (both copies are scanned; a failing one is listed
   * twice). So each message's first copy is parsed here, and only the well-formed first copies go
   * to Powertools; every other copy is answered like its first. A new processor per invocation:
   * one invocation's state must not leak into the next (the scan middy answered early for keeps
   * running; a shared processor then reported its messages in the next batch's answer).
   */
  const base = async (
    parsed: ParsedResult<unknown, SqsEvent>,
    context: Context,
    { signal }: { signal: AbortSignal },
  ): Promise<SQSBatchResponse> => {
    running = undefined;
    if (!parsed.success) {
      logger.error('Rejected the event: it is not an SQS batch, so nothing was scanned.', {
        reason: describeIssues(parsed.error.cause) || parsed.error.message,
      });
      countInvalidEvent(metrics, 'SqsBatch');
      return { batchItemFailures: [] };
    }
    const records = parsed.data.Records;
    const batch: Batch = { records, firstOf: new Map(), settled: new Set() };
    running = batch;
    const deploymentAccountId = accountOfFunction(context.invokedFunctionArn);
    // Collection stops early enough to publish what it saw before middy answers for the timeout.
    const remaining = context.getRemainingTimeInMillis?.() ?? 15 * 60 * 1000;
    const reserve = Math.min(publishReserveMs, Math.floor(remaining / 4));
    const collectSignal = AbortSignal.any([
      signal,
      AbortSignal.timeout(Math.max(0, remaining - reserve - timeoutEarlyMs)),
    ]);
    // Every SDK call in flight listens to it.
    setMaxListeners(0, collectSignal);

    // Each message's first copy in the batch: parsed, counted, dropped if of the wrong shape.
    const firstByKey = new Map<string, SqsRecord>();
    const requests = new Map<string, { message: ScanMessage; attempt: Attempt }>();
    const scannable: SqsRecord[] = [];
    const copies: SqsRecord[] = [];
    for (const record of records) {
      const keys = deliveryKeys(record);
      const first = keys.map((key) => firstByKey.get(key)).find((r) => r !== undefined) ?? record;
      for (const key of keys) firstByKey.set(key, first);
      batch.firstOf.set(record, first.messageId);
      if (first !== record) {
        copies.push(record);
        continue;
      }
      logger.appendKeys({ messageId: record.messageId });
      try {
        const parsedBody = parseBody(record);
        if ('notJson' in parsedBody || !parsedBody.success) {
          logger.error('Rejected a scan request of the wrong shape; it is dropped, not retried.', {
            reason:
              'notJson' in parsedBody
                ? `the body is not JSON (${parsedBody.notJson} bytes)`
                : describeIssues(parsedBody.error),
          });
          countInvalidEvent(metrics, 'ScanMessage');
          batch.settled.add(record.messageId);
          continue;
        }
        const attempt = attemptOf(
          record.attributes.ApproximateReceiveCount,
          config.maxReceiveCount,
        );
        // The first receive of each message: what SQS queued (a repeat it dropped never arrives).
        if (attempt.attempt === 1) metrics.addMetric(METRIC.scansReceived, 'Count', 1);
        requests.set(record.messageId, { message: parsedBody.data, attempt });
        scannable.push(record);
      } finally {
        logger.removeKeys(['messageId']);
      }
    }

    /** One well-formed message: scanned, or it throws and Powertools fails it (and, FIFO, its group). */
    const scanRecord = async (record: SqsRecord): Promise<void> => {
      const { message, attempt } = requests.get(record.messageId) as {
        message: ScanMessage;
        attempt: Attempt;
      };
      logger.appendKeys({ messageId: record.messageId });
      logger.setCorrelationId(message.correlationId);
      logger.appendKeys({ accountId: message.accountId, region: message.region });
      try {
        // Collection has stopped: the rest of the batch waits for its retry, unscanned.
        if (collectSignal.aborted) throw new Error('Collection stopped before this message.');
        try {
          await scanOne(message, deploymentAccountId, collectSignal);
        } catch (error) {
          const aborted = error instanceof ScanAbortedError;
          metrics.addMetric(aborted ? METRIC.scansAborted : METRIC.scansFailed, 'Count', 1);
          const retry = describeRetry(attempt);
          logger.error(
            aborted
              ? `Stopped the scan of ${message.accountId} ${message.region} before the Lambda timeout; ${publishedBefore(error)}; ${retry}.`
              : `The scan of ${message.accountId} ${message.region} failed; ${retry}.`,
            {
              error: error as Error,
              receiveCount: attempt.attempt,
              maxReceiveCount: attempt.maxReceiveCount,
            },
          );
          throw error;
        }
        batch.settled.add(record.messageId);
      } finally {
        logger.removeKeys(['messageId', 'accountId', 'region', 'correlation_id']);
      }
    };

    const processor = new SqsFifoPartialProcessorAsync();
    const { batchItemFailures } = await processPartialResponse(
      { Records: scannable },
      scanRecord,
      processor,
      // Every message failing is answered like any other batch (each one's retry delay), not thrown.
      { context, skipGroupOnError: true, throwOnFullBatchFailure: false },
    );
    const failedFirsts = new Set(batchItemFailures.map((f) => f.itemIdentifier));

    // The other copies: answered like their first.
    for (const record of copies) {
      const first = batch.firstOf.get(record) ?? record.messageId;
      const outcome: Outcome = failedFirsts.has(first)
        ? 'failed'
        : requests.has(first)
          ? 'scanned'
          : 'dropped';
      logger.appendKeys({ messageId: record.messageId });
      logger.info(
        `Skipped a second delivery of a message in this batch: it is processed once, and this copy is answered like the first (${outcome}).`,
        { outcome },
      );
      logger.removeKeys(['messageId']);
    }
    const failed = records
      .filter((r) => failedFirsts.has(batch.firstOf.get(r) ?? r.messageId))
      .map((r) => r.messageId);
    return answer(records, failed);
  };

  return observe(
    middy(base, {
      timeoutEarlyInMillis: timeoutEarlyMs,
      // The handler is still running: every message it has not finished is reported failed, so
      // SQS hands it out again; the scan in flight was aborted and publishes no more stages.
      timeoutEarlyResponse: async (): Promise<SQSBatchResponse> => {
        const records = running?.records ?? [];
        const settled = running?.settled ?? new Set<string>();
        const firstOf = running?.firstOf ?? new Map<SqsRecord, string>();
        // Failed or not finished: every message whose first copy was neither scanned nor dropped.
        const retried = [
          ...new Set(
            records
              .filter((r) => !settled.has(firstOf.get(r) ?? r.messageId))
              .map((r) => r.messageId),
          ),
        ];
        const last = records
          .filter(
            (r) =>
              retried.includes(r.messageId) &&
              attemptOf(r.attributes.ApproximateReceiveCount, config.maxReceiveCount).last,
          )
          .map((r) => r.messageId);
        logger.error(
          last.length === 0
            ? 'The invocation is about to time out; unfinished messages are retried.'
            : `The invocation is about to time out; unfinished messages are retried, but ${last.length} of them were on their last attempt and go to the dead-letter queue.`,
          { retried, ...(last.length ? { lastAttempt: [...new Set(last)] } : {}) },
        );
        // Half the early-answer margin at most for the retry delays: the answer must beat the timeout.
        const fallback = {
          batchItemFailures: retried.map((itemIdentifier) => ({ itemIdentifier })),
        };
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<SQSBatchResponse>((resolve) => {
          timer = setTimeout(() => resolve(fallback), timeoutEarlyMs / 2);
        });
        try {
          return await Promise.race([answer(records, retried), late]);
        } finally {
          clearTimeout(timer);
        }
      },
    }).use(parser({ schema: SqsSchema, safeParse: true })),
    observability,
  );
};

export const handler = lazyHandler(() => createWorkerHandler(runtimeFromEnvironment()));
