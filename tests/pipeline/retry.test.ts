import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from '../../lib/pipeline/retry.ts';

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
});
