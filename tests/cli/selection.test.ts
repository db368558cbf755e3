// The check filters as the CLI parses them, and what `scan` and `list-checks` do with them.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import { type CliIo, EXIT, runCli } from '../../lib/cli/main.ts';
import { parseSelection, type SelectionFlags } from '../../lib/cli/selection.ts';
import type { CheckSelection } from '../../lib/scan/checks.ts';
import { hasAnsi } from '../support/ansi.ts';
import { NOW } from '../support/evaluate.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'examples', 'demo-account.json');

const run = async (argv: string[], io: Partial<CliIo> = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    now: () => NOW,
    ...io,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

describe('parseSelection', () => {
  it.each<[string, SelectionFlags, CheckSelection]>([
    ['no filter from no flag', {}, {}],
    [
      'lists split on commas, trimmed, each value once',
      { checks: ' a, b,,a ', 'exclude-checks': 'c' },
      { checks: ['a', 'b'], excludeChecks: ['c'] },
    ],
    [
      'services in lower case and the severity in upper case',
      { services: 'ELBv2,ecs', severity: 'high' },
      { services: ['elbv2', 'ecs'], minSeverity: 'HIGH' },
    ],
  ])('gives %s', (_name, flags, expected) => {
    // Act
    const selection = parseSelection(flags);

    // Assess
    expect(selection).toEqual(expected);
  });
});

describe('ecs-encryption-scanner with check filters', () => {
  it.each<[string, string[], string]>([
    [
      'a mistyped check ID',
      ['--checks', 'elbv2_listener_encrypt'],
      'ecs-encryption-scanner: unknown check ID in --checks: elbv2_listener_encrypt (did you mean elbv2_listener_encrypted?). Run list-checks for the check IDs.',
    ],
    [
      'a mistyped check ID to exclude',
      ['--exclude-checks', 'appmesh_mesh_end_of_suport'],
      'ecs-encryption-scanner: unknown check ID in --exclude-checks: appmesh_mesh_end_of_suport (did you mean appmesh_mesh_end_of_support?). Run list-checks for the check IDs.',
    ],
    [
      'a mistyped service',
      ['--services', 'ecs,elbb'],
      'ecs-encryption-scanner: unknown service in --services: elbb (did you mean elb?). Expected some of ecs, vpc, secretsmanager, elbv2, elb, vpclattice, appmesh.',
    ],
    [
      'a mistyped severity',
      ['--severity', 'hihg'],
      'ecs-encryption-scanner: unknown severity in --severity: HIHG (did you mean HIGH?). Expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL.',
    ],
    [
      'two severities',
      ['--severity', 'HIGH,LOW'],
      'ecs-encryption-scanner: --severity takes one severity, the minimum (e.g. --severity HIGH selects HIGH and CRITICAL checks), not "HIGH,LOW".',
    ],
    [
      'an empty service list',
      ['--services', ','],
      'ecs-encryption-scanner: --services needs at least one service, e.g. --services ecs,elbv2.',
    ],
    [
      'filters that keep no check',
      ['--services', 'elb', '--severity', 'CRITICAL'],
      'ecs-encryption-scanner: no check matches --services elb --severity CRITICAL. Run list-checks with the same filters to see what each selects.',
    ],
  ])(
    'exits 2 with one line, on scan and list-checks alike, for %s',
    async (_name, filters, line) => {
      // Act
      const scan = await run(['scan', '--snapshot', DEMO, ...filters]);
      const list = await run(['list-checks', ...filters]);

      // Assess
      for (const { code, stdout, stderr } of [scan, list]) {
        expect(code).toBe(EXIT.BAD_INPUT);
        expect(stdout).toBe('');
        expect(stderr).toBe(`${line}\n`);
      }
    },
  );

  it('lists every check with its ID, service, severity and title', async () => {
    // Act
    const { code, stdout, stderr } = await run(['list-checks']);

    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stderr).toBe('');
    const rows = stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^ID +SERVICE +SEVERITY +TITLE$/);
    expect(rows.slice(1).map((row) => row.split(/ +/).slice(0, 3))).toEqual(
      checks.map(({ metadata: m }) => [m.id, m.service, m.severity]),
    );
  });

  it.each([
    ['checks.json', undefined, 'json'],
    ['checks.txt', undefined, 'table'],
    ['checks.json', 'table', 'table'],
  ])('writes the list to --out %s with --format %s as %s', async (name, format, written) => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'list-checks-')), name);

    // Act
    const { code } = await run([
      'list-checks',
      '--out',
      file,
      ...(format ? ['--format', format] : []),
    ]);

    // Assess
    expect(code).toBe(EXIT.OK);
    const text = readFileSync(file, 'utf8');
    if (written === 'json') expect(JSON.parse(text)).toHaveLength(checks.length);
    else expect(text).toMatch(/^ID +SERVICE +SEVERITY +TITLE\n/);
  });

  it('lists, as JSON, the checks the filters select: those a scan with them runs', async () => {
    // Prepare
    const filters = [
      '--services',
      'elbv2,elb',
      '--severity',
      'HIGH',
      '--exclude-checks',
      'elb_listener_encrypted',
    ];

    // Act
    const list = await run(['list-checks', '--format', 'json', ...filters]);
    const scan = await run(['scan', '--snapshot', DEMO, '--format', 'json', ...filters]);

    // Assess
    const listed = JSON.parse(list.stdout).map((c: { id: string }) => c.id);
    expect(listed).toEqual([
      'elbv2_listener_encrypted',
      'elbv2_listener_certificate_valid',
      'elb_listener_certificate_valid',
    ]);
    const report = JSON.parse(scan.stdout);
    expect(report.checkIds).toEqual(listed);
    expect(new Set(report.results.map((r: { checkId: string }) => r.checkId))).toEqual(
      new Set(listed),
    );
  });

  it('reports every result of a check --severity selects, those the check rates lower too', async () => {
    // Act
    const { stdout } = await run([
      'scan',
      '--snapshot',
      DEMO,
      '--format',
      'json',
      '--checks',
      'elbv2_listener_encrypted',
      '--severity',
      'HIGH',
    ]);

    // Assess
    const failed = JSON.parse(stdout).results.filter(
      (r: { status: string }) => r.status === 'FAILED',
    );
    expect(failed.map((r: { severity: string }) => r.severity).sort()).toEqual(['HIGH', 'MEDIUM']);
  });

  it.each([
    [
      '--format sarif',
      ['--format', 'sarif'],
      'invalid --format "sarif" for list-checks: expected table or json.',
    ],
    ['--quiet', ['--quiet'], '--quiet does not apply to list-checks.'],
    ['--snapshot', ['--snapshot', DEMO], '--snapshot does not apply to list-checks.'],
  ])('refuses list-checks %s with one line', async (_name, argv, message) => {
    // Act
    const { code, stderr } = await run(['list-checks', ...argv]);

    // Assess
    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each<[string, string[], boolean]>([
    ['every check', [], true],
    ['the task definition checks the malformed tag is meant for', ['--services', 'ecs'], true],
    ['only listener checks', ['--checks', 'elbv2_listener_encrypted'], false],
    [
      'the services the tagged task definition is not one of',
      ['--services', 'elbv2,appmesh'],
      false,
    ],
  ])(
    'says a task definition’s exemption tag is not applied only when the scan runs checks it concerns: %s',
    async (_name, filters, said) => {
      // Act
      const { code, stdout, stderr } = await run(['scan', '--snapshot', DEMO, ...filters]);

      // Assess
      expect(code).toBe(EXIT.OK);
      const notice =
        'exemption not applied: tag on arn:aws:ecs:us-east-1:111122223333:task-definition/taskdef-worker:7';
      expect(stderr.includes(notice)).toBe(said);
      expect(stdout.includes('Exemptions not applied')).toBe(said);
    },
  );
});

describe('ecs-encryption-scanner scan --quiet', () => {
  it('prints only the summary line, and no notice', async () => {
    // Act
    const { code, stdout, stderr } = await run(['scan', '--snapshot', DEMO, '--quiet']);

    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/^Summary: 133 results: 44 failed, [^\n]*\.\n$/);
    expect(stderr).toBe('');
  });

  it('still writes the report to --out FILE, and still says why --fail-on ends the run', async () => {
    // Prepare
    const out = join(mkdtempSync(join(tmpdir(), 'quiet-')), 'report.json');

    // Act
    const { code, stdout, stderr } = await run([
      'scan',
      '--snapshot',
      DEMO,
      '--quiet',
      '--format',
      'json',
      '--out',
      out,
      '--fail-on',
      'CRITICAL',
    ]);

    // Assess
    expect(code).toBe(EXIT.FINDINGS_AT_THRESHOLD);
    expect(stdout).toMatch(/^Summary: [^\n]*\n$/);
    expect(stderr).toBe(
      'ecs-encryption-scanner: 2 FAILED results at or above CRITICAL (--fail-on CRITICAL).\n',
    );
    expect(JSON.parse(readFileSync(out, 'utf8')).results).toHaveLength(133);
  });

  it('refuses a machine format on stdout: the report would be lost', async () => {
    // Act
    const { code, stdout, stderr } = await run([
      'scan',
      '--snapshot',
      DEMO,
      '--quiet',
      '--format',
      'asff',
    ]);

    // Assess
    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'ecs-encryption-scanner: --quiet prints only the summary line: give --out FILE for the asff report, or leave out --quiet.\n',
    );
  });
});

describe('ecs-encryption-scanner colours', () => {
  it.each<[string, string[], Partial<CliIo>, boolean]>([
    ['colours the table when stdout is a terminal', [], { stdoutIsTTY: true }, true],
    ['does not colour a pipe', [], { stdoutIsTTY: false }, false],
    ['does not colour with --no-color', ['--no-color'], { stdoutIsTTY: true }, false],
    ['does not colour with NO_COLOR', [], { stdoutIsTTY: true, env: { NO_COLOR: '1' } }, false],
    [
      'colours a pipe with FORCE_COLOR',
      [],
      { stdoutIsTTY: false, env: { FORCE_COLOR: '1' } },
      true,
    ],
    ['does not colour JSON on a terminal', ['--format', 'json'], { stdoutIsTTY: true }, false],
  ])('%s', async (_name, argv, io, coloured) => {
    // Act
    const { code, stdout } = await run(['scan', '--snapshot', DEMO, ...argv], io);

    // Assess
    expect(code).toBe(EXIT.OK);
    expect(hasAnsi(stdout)).toBe(coloured);
  });

  it('does not colour a report written to --out FILE, even on a terminal', async () => {
    // Prepare
    const out = join(mkdtempSync(join(tmpdir(), 'colour-')), 'report.txt');

    // Act
    await run(['scan', '--snapshot', DEMO, '--out', out], {
      stdoutIsTTY: true,
      env: { FORCE_COLOR: '1' },
    });

    // Assess
    const table = readFileSync(out, 'utf8');
    expect(table).toContain('Summary: ');
    expect(hasAnsi(table)).toBe(false);
  });
});
