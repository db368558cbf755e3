// The real CLI on a pseudo-terminal (util-linux `script`), not with isTTY forced: colours, the
// progress line and --quiet as a user at a terminal sees them, and none of it through a pipe.
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { fixtureSnapshot } from '../collect/fixture.ts';
import { ESC, hasAnsi, stripAnsi } from '../support/ansi.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'ecs-encryption-scanner.js');
const DEMO = join(ROOT, 'examples', 'demo-account.json');
const run = promisify(execFile);

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The environment of a user's shell: no colour setting of the test runner's own. */
const userEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...env } = process.env;
  return { ...env, TERM: 'xterm-256color', ...extra };
};

const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/** The CLI with stdout and stderr on one pseudo-terminal: what it wrote there, CRLF as LF. */
const onTerminal = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const command = ['node', BIN, ...args].map(quote).join(' ');
  const { stdout } = await run('script', ['-qec', command, '/dev/null'], {
    env: userEnv(env),
    cwd: ROOT,
  });
  return stdout.replaceAll('\r\n', '\n');
};

/** The CLI with stdout and stderr on pipes. */
const piped = async (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run('node', [BIN, ...args], { env: userEnv(env), cwd: ROOT });

describe.skipIf(!hasScript)('ecs-encryption-scanner on a terminal', () => {
  it('colours the statuses and severities of the table', async () => {
    // Act
    const output = await onTerminal(['scan', '--snapshot', DEMO]);

    // Assess
    expect(output).toContain(`${ESC}[1;31mFAILED${ESC}[0m ${ESC}[1;35mCRITICAL${ESC}[0m`);
    expect(output).toContain(`${ESC}[32m61 passed${ESC}[0m`);
    expect(stripAnsi(output)).toContain('Summary: 133 results: 44 failed, 6 warning');
  });

  it.each<[string, string[], NodeJS.ProcessEnv]>([
    ['with NO_COLOR=1', [], { NO_COLOR: '1' }],
    ['with --no-color', ['--no-color'], {}],
    ['with NO_COLOR=1 though FORCE_COLOR=1', [], { NO_COLOR: '1', FORCE_COLOR: '1' }],
  ])('prints no colour %s', async (_name, flags, env) => {
    // Act
    const output = await onTerminal(['scan', '--snapshot', DEMO, ...flags], env);

    // Assess
    expect(output).toContain('Summary: 133 results: 44 failed');
    expect(hasAnsi(output)).toBe(false);
  });

  it('colours the severities of list-checks', async () => {
    // Act
    const output = await onTerminal(['list-checks', '--services', 'ecs']);

    // Assess
    expect(output).toContain(`${ESC}[1;35mCRITICAL${ESC}[0m`);
    expect(stripAnsi(output).split('\n')[0]).toMatch(/^ID +SERVICE +SEVERITY +TITLE$/);
  });

  it('prints only the summary line with --quiet', async () => {
    // Act
    const output = await onTerminal(['scan', '--snapshot', DEMO, '--quiet']);

    // Assess
    expect(hasAnsi(output)).toBe(true);
    expect(stripAnsi(output)).toMatch(
      /^Summary: 133 results: 44 failed, 6 warning, 22 not available, 61 passed \(failed: [^\n]*\.\n$/,
    );
  });

  describe('a live scan', () => {
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = await startEmulator({ accounts: [fixtureSnapshot()] });
    });
    afterAll(() => emulator.close());

    const live = () => ({
      AWS_ENDPOINT_URL: emulator.url,
      AWS_ACCESS_KEY_ID: 'AKIDEMULATOR',
      AWS_SECRET_ACCESS_KEY: 'emulator-secret',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    });
    const CLEAR = `\r${ESC}\\[2K`;
    const PROGRESS = new RegExp(`${CLEAR}scanning us-east-1: [^\\r\\n]*\\becs \\d+`);

    it('shows its progress line, then clears it before the report', async () => {
      // Act
      const output = await onTerminal(['scan', '--regions', 'us-east-1'], live());

      // Assess
      expect(output).toMatch(PROGRESS);
      expect(output).toMatch(
        new RegExp(
          `${CLEAR}(?:ecs-encryption-scanner[^\\n]*\\n)*ecs-encryption-scanner — account `,
        ),
      );
      expect(stripAnsi(output)).toContain('Summary: ');
    });

    it('shows no progress and prints only the summary line with --quiet', async () => {
      // Act
      const output = await onTerminal(['scan', '--regions', 'us-east-1', '--quiet'], live());

      // Assess
      expect(output).not.toMatch(PROGRESS);
      expect(stripAnsi(output)).toMatch(/^Summary: [^\n]*\.\n$/);
    });

    it.each<[string, string[], NodeJS.ProcessEnv]>([
      [
        'snapshot --no-color',
        ['snapshot', '--regions', 'us-east-1', '--no-color', '--out', '/dev/null'],
        {},
      ],
      [
        'snapshot with NO_COLOR=1',
        ['snapshot', '--regions', 'us-east-1', '--out', '/dev/null'],
        { NO_COLOR: '1' },
      ],
      ['scan --no-color', ['scan', '--regions', 'us-east-1', '--no-color'], {}],
    ])('%s shows its progress line without any ANSI escape', async (_name, args, env) => {
      // Act
      const output = await onTerminal(args, { ...live(), ...env });

      // Assess
      expect(hasAnsi(output)).toBe(false);
      expect(output).toMatch(/\rscanning us-east-1: [^\r\n]*\becs \d+/);
    });

    it('shows no progress and says only the summary line with snapshot --quiet', async () => {
      // Act
      const output = await onTerminal(
        ['snapshot', '--regions', 'us-east-1', '--quiet', '--out', '/dev/null'],
        live(),
      );

      // Assess
      expect(output).toMatch(
        /^ecs-encryption-scanner: snapshot of account \d{12}, us-east-1 written to \/dev\/null\.\n$/,
      );
    });
  });
});

describe('ecs-encryption-scanner through a pipe', () => {
  it('prints no colour and no progress, on stdout or stderr', async () => {
    // Act
    const { stdout, stderr } = await piped(['scan', '--snapshot', DEMO]);

    // Assess
    expect(stdout).toContain('Summary: 133 results: 44 failed');
    expect(stderr).toContain('exemption not applied');
    expect(hasAnsi(stdout + stderr)).toBe(false);
  });

  it('colours the table with FORCE_COLOR=1 (a CI log that shows colours)', async () => {
    // Act
    const { stdout } = await piped(['scan', '--snapshot', DEMO], { FORCE_COLOR: '1' });

    // Assess
    expect(stdout).toContain(`${ESC}[1;31mFAILED${ESC}[0m`);
  });
});
