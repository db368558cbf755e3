// Scan requests onto the FIFO queue: message group = account and region (one worker at a time per
// account-region), deduplication ID derived from the request (a re-delivered event, or a retried
// planner run, within SQS's 5-minute window sends nothing twice).
import { createHash } from 'node:crypto';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type ScanMessage, scanMessageSchema } from '../events/scanMessage.ts';

const BATCH = 10;

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

/** Sends every message (validated against the worker's schema); throws when SQS refused any. */
export const enqueueScans = async (
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly ScanMessage[],
): Promise<number> => {
  for (const message of messages) scanMessageSchema.parse(message);
  const refused: string[] = [];
  for (let i = 0; i < messages.length; i += BATCH) {
    const batch = messages.slice(i, i + BATCH);
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((message, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(message),
          MessageGroupId: messageGroupId(message),
          MessageDeduplicationId: deduplicationId(message),
        })),
      }),
    );
    for (const failed of out.Failed ?? []) {
      const message = batch[Number(failed.Id)];
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
