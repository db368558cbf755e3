import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../lib/cli/main.ts';
import type { RegionSnapshot } from '../../lib/snapshot/types.ts';
import { ACCOUNT, arn, NOW } from '../support/evaluate.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-'));
const writeSnapshot = (name: string, regions: Record<string, RegionSnapshot>): string => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ format: 'ecs-encryption-scanner/snapshot@1', accountId: ACCOUNT, regions }));
  return file;
};

const run = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    now: () => NOW,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

// One service whose secret has rotation off: one FAILED MEDIUM result.
const unrotated = writeSnapshot('unrotated.json', {
  'us-east-1': {
    ecs: {
      services: [{ serviceArn: arn.service('api'), status: 'ACTIVE', taskDefinition: arn.taskDefinition('api:1') }],
      taskDefinitions: [
        {
          taskDefinitionArn: arn.taskDefinition('api:1'),
          containerDefinitions: [{ name: 'app', secrets: [{ name: 'DB', valueFrom: arn.secret('db-AbCdEf') }] }],
        },
      ],
    },
    secretsManager: { secrets: [{ ARN: arn.secret('db-AbCdEf'), Name: 'db', RotationEnabled: false }] },
  },
});

describe('ecs-encryption-scanner scan', () => {
  it('prints ASFF findings as a JSON array and nothing else on stdout', async () => {
    const { code, stdout, stderr } = await run([
      'scan', '--snapshot', unrotated, '--format', 'asff', '--checks', 'secretsmanager_secret_rotation_enabled',
    ]);

    expect(code).toBe(EXIT.OK);
    expect(stderr).toBe('');
    const findings = JSON.parse(stdout);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ GeneratorId: 'secretsmanager_secret_rotation_enabled', Compliance: { Status: 'FAILED' }, CreatedAt: NOW.toISOString() });
  });

  it('prints results with check metadata as JSON', async () => {
    const { code, stdout } = await run(['scan', '--snapshot', unrotated, '--format', 'json']);

    expect(code).toBe(EXIT.OK);
    const report = JSON.parse(stdout);
    expect(report.accountId).toBe(ACCOUNT);
    expect(report.summary.byStatus.FAILED).toBeGreaterThan(0);
    expect(report.checks.map((c: { id: string }) => c.id)).toContain('secretsmanager_secret_rotation_enabled');
  });

  it('prints a table grouped by check by default', async () => {
    const { code, stdout } = await run(['scan', '--snapshot', unrotated]);

    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('secretsmanager_secret_rotation_enabled');
    expect(stdout).toMatch(/FAILED MEDIUM\s+us-east-1\s+Secret db/);
    expect(stdout).toMatch(/^Summary: /m);
  });

  it.each([
    ['MEDIUM', EXIT.FINDINGS_AT_THRESHOLD],
    ['medium', EXIT.FINDINGS_AT_THRESHOLD],
    ['LOW', EXIT.FINDINGS_AT_THRESHOLD],
    ['HIGH', EXIT.OK],
    ['CRITICAL', EXIT.OK],
  ])('with --fail-on %s exits %i on a MEDIUM failure', async (severity, expected) => {
    const { code } = await run([
      'scan', '--snapshot', unrotated, '--fail-on', severity, '--checks', 'secretsmanager_secret_rotation_enabled',
    ]);

    expect(code).toBe(expected);
  });

  it.each([
    ['no command', [], 'no command given'],
    ['an unknown command', ['scna'], 'unknown command "scna"'],
    ['no snapshot', ['scan'], 'scan needs --snapshot FILE'],
    ['an unknown option', ['scan', '--snapshot', unrotated, '--bogus'], "Unknown option '--bogus'"],
    ['an unknown format', ['scan', '--snapshot', unrotated, '--format', 'xml'], 'invalid --format "xml"'],
    ['an unknown severity', ['scan', '--snapshot', unrotated, '--fail-on', 'SEVERE'], 'invalid --fail-on "SEVERE"'],
    ['an unknown check', ['scan', '--snapshot', unrotated, '--checks', 'nope_nope_nope'], 'unknown check ID in --checks: nope_nope_nope'],
    ['a missing file', ['scan', '--snapshot', join(dir, 'missing.json')], 'cannot read the snapshot file (ENOENT)'],
    ['a bad option value', ['scan', '--snapshot', unrotated, '--certificate-expiry-days', 'soon'], 'invalid option --certificate-expiry-days'],
  ])('exits 2 with one line on %s', async (_name, argv, message) => {
    const { code, stdout, stderr } = await run(argv);

    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming the environment variable that holds a bad value', async () => {
    const { code, stderr } = await run(['scan', '--snapshot', unrotated], { ECS_SCANNER_TLS_POLICY_PROFILE: 'tls9' });

    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stderr).toContain('ECS_SCANNER_TLS_POLICY_PROFILE');
  });

  it('prints usage with --help', async () => {
    const { code, stdout } = await run(['--help']);

    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('Usage: ecs-encryption-scanner scan --snapshot FILE');
  });
});
