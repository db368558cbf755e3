// A failed scan message comes back after a short, growing delay instead of after the queue's
// visibility timeout (90 minutes, sized for the longest scan): the worker sets each failed
// message's visibility to 60 s × 2^(receives − 1), at most 15 minutes — 1, 2, 4 minutes for the
// queue's 3 receives — so a throttled or briefly unreachable account is retried within minutes,
// and the dead-letter queue (maxReceiveCount) still takes the message that keeps failing.
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { errorCodeOf } from '../collect/failures.ts';

export const RETRY_BASE_SECONDS = 60;
export const RETRY_MAX_SECONDS = 900;

/** The delay before the next receive of a message received `receiveCount` times (1 = first). */
export const retryDelaySeconds = (receiveCount: number): number => {
  const n = Number.isInteger(receiveCount) && receiveCount > 0 ? receiveCount : 1;
  return Math.min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2 ** Math.min(n - 1, 30));
};

export interface FailedMessage {
  messageId: string;
  receiptHandle: string;
  /** SQS's ApproximateReceiveCount attribute, as the record carries it. */
  receiveCount: string | undefined;
}

export interface RetryLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Shortens each failed message's visibility to its retry delay. Never throws: a message whose
 * visibility could not be changed is logged and simply comes back after the queue's timeout.
 */
export const scheduleRetries = async (
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly FailedMessage[],
  logger: RetryLogger,
): Promise<void> => {
  await Promise.all(
    messages.map(async ({ messageId, receiptHandle, receiveCount }) => {
      const delay = retryDelaySeconds(Number(receiveCount));
      try {
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: receiptHandle,
            VisibilityTimeout: delay,
          }),
        );
      } catch (error) {
        logger.warn(
          `Could not shorten the visibility of failed message ${messageId} to ${delay} s (SQS ChangeMessageVisibility: ${errorCodeOf(error)}); it is retried after the queue's visibility timeout instead.`,
          { messageId },
        );
      }
    }),
  );
};
