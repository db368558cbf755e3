// Scan requests onto the FIFO queue: message group = account and region (one worker at a time per
// account-region), deduplication ID derived from the request (a re-delivered event, or a retried
// planner run, within SQS's 5-minute window sends nothing twice).
import { createHash } from 'node:crypto';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type ScanMessage, scanMessageSchema } from './events/scanMessage.ts';

/** SendMessageBatch: at most 10 entries. */
export const MAX_BATCH_ENTRIES = 10;
/**
 * Bytes of one message body, and of all the bodies of one SendMessageBatch. SQS now allows 1 MiB
 * on queues whose MaximumMessageSize says so; 256 KiB is the limit queues created before 2025 and
 * the emulator keep, and it holds for every queue.
 */
export const MAX_MESSAGE_BYTES = 262_144;

/** The body SQS receives for a scan request, and its size as SQS counts it (UTF-8 bytes). */
export const messageBody = (message: ScanMessage): string => JSON.stringify(message);
export const messageBytes = (message: ScanMessage): number =>
  Buffer.byteLength(messageBody(message), 'utf8');

/** Consecutive batches of at most 10 messages and 256 KiB of bodies each (order kept). */
export const batchesOf = <T>(items: readonly T[], bytes: (item: T) => number): T[][] => {
  const batches: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const n = bytes(item);
    if (
      current.length > 0 &&
      (current.length >= MAX_BATCH_ENTRIES || size + n > MAX_MESSAGE_BYTES)
    ) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += n;
  }
  if (current.length > 0) batches.push(current);
  return batches;
};

export const messageGroupId = (message: Pick<ScanMessage, 'accountId' | 'region'>): string =>
  `${message.accountId}:${message.region}`;

/** Deterministic: the same trigger (event ID or schedule tick) and target give the same ID. */
export const deduplicationId = (
  message: Pick<ScanMessage, 'correlationId' | 'accountId' | 'region' | 'trigger'>,
): string =>
  createHash('sha256')
    .update(
      `${message.trigger}\u0000${message.correlationId}\u0000${message.accountId}\u0000${message.region}`,
    )
    .digest('hex');

export class EnqueueError extends Error {
  override readonly name = 'EnqueueError';
}

/**
 * Sends every message (validated against the worker's schema) in batches SQS accepts; throws when
 * SQS refused any, or when a message is larger than SQS takes (the caller must split it first).
 */
export const enqueueScans = async (
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly ScanMessage[],
): Promise<number> => {
  const entries = messages.map((message) => {
    scanMessageSchema.parse(message);
    const body = messageBody(message);
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > MAX_MESSAGE_BYTES) {
      throw new EnqueueError(
        `the scan request for ${messageGroupId(message)} is ${bytes} bytes, more than SQS's ${MAX_MESSAGE_BYTES}: nothing was sent.`,
      );
    }
    return { message, body, bytes };
  });
  const refused: string[] = [];
  for (const batch of batchesOf(entries, (entry) => entry.bytes)) {
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map(({ message, body }, index) => ({
          Id: String(index),
          MessageBody: body,
          MessageGroupId: messageGroupId(message),
          MessageDeduplicationId: deduplicationId(message),
        })),
      }),
    );
    for (const failed of out.Failed ?? []) {
      const message = batch[Number(failed.Id)]?.message;
      refused.push(
        `${message ? messageGroupId(message) : failed.Id} (${failed.Code ?? 'unknown error'})`,
      );
    }
  }
  if (refused.length > 0) {
    // The caller fails; its retry sends the same deduplication IDs, so nothing is scanned twice.
    throw new EnqueueError(`SQS refused ${refused.length} scan request(s): ${refused.join(', ')}.`);
  }
  return messages.length;
};
