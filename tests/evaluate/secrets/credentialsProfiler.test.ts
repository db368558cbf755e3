import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { credentialKindsOf } from '../../../lib/evaluate/secrets/credentials.ts';

describe('credentialKindsOf over many values', () => {
  it('leaves no secretlint marks or measures in the performance timeline', async () => {
    // Prepare: more lints than one settling round.
    const values = Array.from(
      { length: 45 },
      (_, i) => `db-${i}.cluster-c9x1.us-east-1.rds.amazonaws.com`,
    );

    // Act
    for (const value of values) await credentialKindsOf('DB_HOST', value);
    await credentialKindsOf('AWS_ACCESS_KEY_ID', 'AKIAQWERTYUIOPASDFGH');
    await new Promise<void>((resolve) => setImmediate(resolve));

    // Assess: at most the marks and measures of the lints since the last settling round.
    const left = [
      ...performance.getEntriesByType('mark'),
      ...performance.getEntriesByType('measure'),
    ].filter((entry) => entry.name.startsWith('@core>'));
    expect(left.length).toBeLessThan(20 * 60);
  });

  it('still recognizes credentials after many lints', async () => {
    for (let i = 0; i < 25; i += 1) await credentialKindsOf('PORT', `80${i}0-and-more`);

    expect(await credentialKindsOf('AWS_ACCESS_KEY_ID', 'AKIAQWERTYUIOPASDFGH')).toContain(
      'aws-access-key-id',
    );
  });
});
