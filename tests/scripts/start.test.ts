// `npm start [-- FILE]` (scripts/start.ts): one-line errors and exit 2 for bad input, its own
// usage, and a run that says what it scans and what to do next.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../lib/cli/main.ts';
import { runStart, START_USAGE } from '../../scripts/start.ts';

const dir = mkdtempSync(join(tmpdir(), 'start-'));
const badJson = join(dir, 'bad.json');
writeFileSync(badJson, '{"format":');
const notSnapshot = join(dir, 'not-a-snapshot.json');
writeFileSync(notSnapshot, '{"hello":"world"}');

const run = async (argv: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await runStart(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: process.env,
    now: () => new Date('2026-12-02T12:00:00.000Z'),
  });
  return { code, stdout, stderr };
};

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe('npm start', () => {
  it.each([
    ['a file that is not JSON', [badJson], `${badJson}: not valid JSON`],
    [
      'a file that does not exist',
      ['nope.json'],
      'nope.json: cannot read the snapshot file (ENOENT). Check the path given to npm start.',
    ],
    ['a file that is not a snapshot', [notSnapshot], `${notSnapshot}: not a valid snapshot`],
    [
      'an option',
      ['--snapshot', 'x.json'],
      'npm start takes a snapshot file, not the option --snapshot',
    ],
    ['two files', ['a.json', 'b.json'], 'npm start takes one snapshot file, not 2 (a.json b.json)'],
  ])('exits 2 with one line, no stack trace, on %s', async (_name, argv, message) => {
    // Act
    const { code, stdout, stderr } = await run(argv);

    // Assess
    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stdout).toBe('');
    expect(stderr).toContain(`ecs-encryption-scanner: ${message}`);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each([['--help'], ['-h']])('prints its own usage for %s', async (flag) => {
    // Act
    const { code, stdout, stderr } = await run([flag]);

    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toBe(START_USAGE);
    expect(stderr).toBe('');
  });

  it('says it scans the demo account on the local emulator, then what to do next', async () => {
    // Act
    const { code, stdout } = await run([]);

    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(
      /^Scanning the demo account \(111122223333, us-east-1\) on the local AWS emulator at http:\/\/127\.0\.0\.1:\d+: no credentials, no network\.\n/,
    );
    expect(stdout).toMatch(/^Summary: /m);
    expect(stdout).toMatch(
      /\nNext:\n {2}what each check verifies and how to fix it +docs\/checks\.md\n/,
    );
    expect(stdout).toContain('--format html --out report.html');
    expect(stdout).toContain('docs/operations.md');
  }, 60_000);
});
