// A failed scan message comes back after a short, growing delay instead of after the queue's
// visibility timeout (90 minutes, sized for the longest scan): the worker sets each failed
// message's visibility to 60 s × 2^(receives − 1), at most 15 minutes — 1, then 2 minutes for the
// queue's 3 receives — so a throttled or briefly unreachable account is retried within minutes.
// The last attempt (receives = the queue's maxReceiveCount) gets no delay: the message is visible
// at once, so SQS moves it to the dead-letter queue on the next receive instead of holding its
// FIFO group, and the failed-scans alarm, back for minutes.
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { errorCodeOf } from '../aws/errors.ts';

export const RETRY_BASE_SECONDS = 60;
export const RETRY_MAX_SECONDS = 900;

/** SQS's ApproximateReceiveCount as a whole number (1 = the first receive; unreadable: 1). */
export const receiveCountOf = (receiveCount: number | string | undefined): number => {
  const n = Number(receiveCount);
  return Number.isInteger(n) && n > 0 ? n : 1;
};

/** Which attempt this receive is, of the `maxReceiveCount` the queue allows. */
export interface Attempt {
  attempt: number;
  maxReceiveCount: number;
  /** The queue moves the message to its dead-letter queue instead of delivering it again. */
  last: boolean;
}

export const attemptOf = (
  receiveCount: number | string | undefined,
  maxReceiveCount: number,
): Attempt => {
  const attempt = receiveCountOf(receiveCount);
  return { attempt, maxReceiveCount, last: attempt >= maxReceiveCount };
};

/** What happens to a failed message, for a log line: `the message is retried (attempt 1 of 3)`. */
export const describeRetry = ({ attempt, maxReceiveCount, last }: Attempt): string =>
  last
    ? `this was the last attempt (${attempt} of ${maxReceiveCount}): the message goes to the dead-letter queue`
    : `the message is retried (attempt ${attempt} of ${maxReceiveCount})`;

/**
 * The delay before the next receive of a message received `receiveCount` times (1 = first); 0 on
 * the last attempt the queue's `maxReceiveCount` allows.
 */
export const retryDelaySeconds = (
  receiveCount: number,
  maxReceiveCount = Number.POSITIVE_INFINITY,
): number => {
  const n = receiveCountOf(receiveCount);
  if (n >= maxReceiveCount) return 0;
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
 * Sets each failed message's visibility to its retry delay (0 on its last attempt). Never throws:
 * a message whose visibility could not be changed is logged and simply comes back after the
 * queue's timeout.
 */
export const scheduleRetries = async (
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly FailedMessage[],
  logger: RetryLogger,
  maxReceiveCount = Number.POSITIVE_INFINITY,
): Promise<void> => {
  await Promise.all(
    messages.map(async ({ messageId, receiptHandle, receiveCount }) => {
      const delay = retryDelaySeconds(receiveCountOf(receiveCount), maxReceiveCount);
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
