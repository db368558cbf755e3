import { describe, expect, it } from 'vitest';
import { attemptOf, describeRetry, retryDelaySeconds } from '../../lib/lambda/retry.ts';

describe('retryDelaySeconds', () => {
  it.each([
    ['the first receive', 1, 60],
    ['the second receive', 2, 120],
    ['the third receive', 3, 240],
    ['the fifth receive, capped at 15 minutes', 5, 900],
    ['a receive count far beyond the cap', 1000, 900],
    ['a missing receive count, as a first receive', Number.NaN, 60],
    ['a zero receive count, as a first receive', 0, 60],
  ])('waits the right delay after %s', (_name, receiveCount, seconds) => {
    // Act
    const delay = retryDelaySeconds(receiveCount);

    // Assess
    expect(delay).toBe(seconds);
  });

  it.each([
    ['the first of 3 receives', 1, 3, 60],
    ['the second of 3 receives', 2, 3, 120],
    ['the last of 3 receives: at once, to the dead-letter queue', 3, 3, 0],
    ['a receive past the last (a lower setting than the queue has)', 4, 3, 0],
    ['the only receive of a queue that dead-letters at once', 1, 1, 0],
  ])('waits the right delay after %s', (_name, receiveCount, maxReceiveCount, seconds) => {
    // Act
    const delay = retryDelaySeconds(receiveCount, maxReceiveCount);

    // Assess
    expect(delay).toBe(seconds);
  });
});

describe('attemptOf and describeRetry', () => {
  it.each<[string, string | undefined, number, string]>([
    ['a first receive', '1', 3, 'the message is retried (attempt 1 of 3)'],
    ['a second receive', '2', 3, 'the message is retried (attempt 2 of 3)'],
    [
      'the last receive',
      '3',
      3,
      'this was the last attempt (3 of 3): the message goes to the dead-letter queue',
    ],
    [
      'a missing receive count, as a first receive',
      undefined,
      3,
      'the message is retried (attempt 1 of 3)',
    ],
  ])('say what happens to a failed message after %s', (_name, receiveCount, max, expected) => {
    // Act
    const text = describeRetry(attemptOf(receiveCount, max));

    // Assess
    expect(text).toBe(expected);
  });
});
