import { describe, expect, it } from 'vitest';
import { readDoc, sectionOf } from './markdown.ts';

/** The `large` bench's JSON line in docs/performance.md (what `npm run bench -- --size large` printed). */
const largeBench = (): Record<string, unknown> & {
  rescanCalls: number;
  totalCalls: number;
  minCalls: number;
  peakRssMB: number;
  imported: { created: number };
  secondScan: { imported: number };
} => {
  const line = readDoc('docs/performance.md')
    .split('\n')
    .find((l) => l.startsWith('{"size":"large"'));
  if (!line) throw new Error('docs/performance.md has no large bench line');
  return JSON.parse(line);
};

describe("README's performance section", () => {
  const section = sectionOf(readDoc('README.md'), '## Performance');

  it('quotes the calls, memory and rescan figures of the measured large bench', () => {
    // Prepare
    const bench = largeBench();
    const thousands = (n: number) => n.toLocaleString('en-US');

    // Assess
    expect(bench.totalCalls).toBe(bench.minCalls);
    expect(section).toContain(`${thousands(bench.totalCalls)} calls = the minimum`);
    expect(section).toContain(`peak RSS ${bench.peakRssMB} MB`);
    expect(section).toContain(`rescan of one service takes ${bench.rescanCalls} calls`);
    expect(bench.secondScan.imported).toBe(0);
  });

  it('names the command that reproduces them', () => {
    expect(section).toContain('npm run bench -- --size large');
  });
});
