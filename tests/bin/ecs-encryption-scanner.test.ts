// The installed CLI, run as a user runs it, on the bundled demo account.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import { startEmulator } from '../../emulator/server.ts';
import { asffViolations } from '../../lib/findings/limits.ts';
import { loadSnapshotFile } from '../../lib/snapshot/load.ts';

const root = join(import.meta.dirname, '..', '..');
const demo = join(root, 'examples', 'demo-account.json');
const runWith = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  promisify(execFile)(process.execPath, [join(root, 'bin', 'ecs-encryption-scanner.js'), ...args], {
    cwd: root,
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
const run = (...args: string[]) => runWith(process.env, ...args);

// Each format is run once and shared by the tests that read it.
const outputs = new Map<string, ReturnType<typeof run>>();
const scanDemo = (format: string) => {
  if (!outputs.has(format))
    outputs.set(format, run('scan', '--snapshot', demo, '--format', format));
  return outputs.get(format) as ReturnType<typeof run>;
};

// Secret values planted in the demo's environment variables: they must never be printed.
const PLANTED_SECRETS = [
  'changeme',
  'AKIAQYLPMN5HHHFPZAM2',
  'taskdefDEMOfakeSECRETkey0000000000000000',
  'tdw-3f9c2a71e8b44d06',
];

describe('ecs-encryption-scanner on the demo account', () => {
  it('still has the planted secret values in the demo snapshot', () => {
    const text = readFileSync(demo, 'utf8');

    for (const secret of PLANTED_SECRETS) expect(text).toContain(secret);
  });

  it('prints only ASFF findings that Security Hub accepts, one per result', async () => {
    // Act
    const { stdout, stderr } = await scanDemo('asff');

    // Assess
    const findings = JSON.parse(stdout) as AwsSecurityFinding[];
    // The demo's one malformed exemption (a tag without a reason) is the only thing on stderr.
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^ecs-encryption-scanner: exemption not applied: tag on .*taskdef-worker:7 .*no ecs-encryption-scanner:exempt-reason tag/,
      ),
    ]);
    expect(findings.length).toBeGreaterThan(50);
    expect(findings.flatMap((f) => asffViolations(f).map((v) => `${f.Id}: ${v}`))).toEqual([]);
    expect(new Set(findings.map((f) => f.Id)).size).toBe(findings.length);
  });

  it('exercises every check with a FAILED result, and a PASSED one where the check can pass', async () => {
    const { stdout } = await scanDemo('json');
    const { results } = JSON.parse(stdout) as {
      results: { checkId: string; status: string; exemption?: { state: string } }[];
    };

    for (const { metadata } of checks) {
      // An exempt result is a FAILED one the exemption turned into a WARNING.
      const statuses = new Set(
        results
          .filter((r) => r.checkId === metadata.id)
          .map((r) => (r.exemption?.state === 'applied' ? 'FAILED' : r.status)),
      );
      expect(statuses, metadata.id).toContain('FAILED');
      if (metadata.id !== 'appmesh_mesh_end_of_support')
        expect(statuses, metadata.id).toContain('PASSED');
    }
  });

  it.each(['table', 'json', 'asff'])(
    'never prints a secret value from the snapshot in %s output',
    async (format) => {
      const { stdout, stderr } = await scanDemo(format);

      for (const secret of PLANTED_SECRETS) {
        expect(stdout).not.toContain(secret);
        expect(stderr).not.toContain(secret);
      }
    },
  );

  it('exits 1 with --fail-on HIGH, as the demo has HIGH failures', async () => {
    await expect(run('scan', '--snapshot', demo, '--fail-on', 'HIGH')).rejects.toMatchObject({
      code: 1,
    });
  });

  it('exits 2 with one line and no stack trace on a file that is not a snapshot', async () => {
    const error = await run('scan', '--snapshot', join(root, 'package.json')).catch((e) => e);

    expect(error.code).toBe(2);
    expect(error.stderr.trim().split('\n')).toHaveLength(1);
    expect(error.stderr).toContain('package.json: not a valid snapshot: format:');
  });
});

describe('ecs-encryption-scanner scanning live', () => {
  it("prints none of the AWS SDK's Node version notice", async () => {
    // Prepare
    const emulator = await startEmulator({ accounts: [await loadSnapshotFile(demo)] });
    const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _, ...env } = process.env;

    // Act
    const { stdout, stderr } = await runWith(
      {
        ...env,
        AWS_ENDPOINT_URL: emulator.url,
        AWS_ACCESS_KEY_ID: 'AKIDEMULATOR',
        AWS_SECRET_ACCESS_KEY: 'emulator',
        AWS_REGION: 'us-east-1',
      },
      'scan',
      '--regions',
      'us-east-1',
      '--format',
      'json',
    ).finally(() => emulator.close());

    // Assess
    expect(JSON.parse(stdout).results.length).toBeGreaterThan(0);
    expect(stderr).not.toMatch(/NodeVersionSupportWarning|version of Node\.js/i);
  }, 60_000);
});
