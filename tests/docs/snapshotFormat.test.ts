import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks as allChecks } from '../../checks/registry.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { evaluateSnapshot } from '../../lib/evaluate/evaluate.ts';
import { parseSnapshot } from '../../lib/snapshot/load.ts';
import { NOW } from '../support/evaluate.ts';

const doc = readFileSync(
  join(import.meta.dirname, '..', '..', 'docs', 'snapshot-format.md'),
  'utf8',
);
const example = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1] ?? '';

describe('docs/snapshot-format.md', () => {
  it('has a complete example that is a valid snapshot', () => {
    const snapshot = parseSnapshot(JSON.parse(example), 'example');

    expect(Object.keys(snapshot.regions)).toEqual(['us-east-1']);
  });

  it('has an example in which every section was collected and nothing fails', async () => {
    const scan = await evaluateSnapshot(
      parseSnapshot(JSON.parse(example), 'example'),
      DEFAULT_CONFIG,
      NOW,
      allChecks,
    );

    expect(scan.notCollected).toEqual([]);
    expect(
      scan.results.filter((r) => r.status === 'FAILED' || r.status === 'NOT_AVAILABLE'),
    ).toEqual([]);
    expect(scan.results.length).toBeGreaterThan(0);
  });
});
