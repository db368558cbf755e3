import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../lib/collect/limit.ts';

describe('createLimiter', () => {
  it.each([1, 2, 4])(
    'runs at most %i tasks at once, all of them, in order of arrival',
    async (concurrency) => {
      // Prepare
      const limit = createLimiter(concurrency);
      let running = 0;
      let peak = 0;
      const started: number[] = [];
      const task = (i: number) => async () => {
        started.push(i);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return i;
      };

      // Act
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => limit(task(i))));

      // Assess
      expect(results).toEqual([...Array(10).keys()]);
      expect(peak).toBe(concurrency);
      expect(started).toEqual([...Array(10).keys()]);
    },
  );

  it('frees the slot of a task that fails', async () => {
    const limit = createLimiter(1);

    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(async () => 'next')).resolves.toBe('next');
  });

  it.each([0, -1, 1.5])('rejects a concurrency of %s', (concurrency) => {
    expect(() => createLimiter(concurrency)).toThrow(RangeError);
  });
});
