// No secret value leaves the evaluation: an account whose task definitions carry known secrets is
// scanned through every channel the CLI has (each report format on stdout and in --out files,
// snapshots, stderr at every verbosity, error messages, Security Hub), and no channel holds any
// part of any value. Lambda logs: tests/handlers.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emulator, FaultConfig } from '../emulator/api.ts';
import { startEmulator } from '../emulator/server.ts';
import { FORMATS } from '../lib/cli/formats.ts';
import { type CliIo, runCli } from '../lib/cli/main.ts';
import type { EcsTaskDefinition, Snapshot } from '../lib/snapshot/types.ts';
import { arn, fixtureSnapshot, REGION } from './collect/fixture.ts';
import { NOW } from './support/evaluate.ts';

// Assembled from parts so that secret scanners reading this repository do not flag them; each
// `core` is the random part, alphanumeric so that no output format escapes it.
const part = (...parts: string[]) => parts.join('');
const PEM_BODY = part('MIIEowIBAAKCAQEAq7Vd3Ys9', 'Rk2TmWx8LpQe4Hc6Ja1Nb0Ug');
const SECRETS = [
  {
    name: 'AWS_ACCESS_KEY_ID',
    value: part('AKIA', 'W7QK3ZP9XR2M5TLB'),
    core: part('W7QK3ZP9', 'XR2M5TLB'),
  },
  {
    name: 'AWS_SECRET_ACCESS_KEY',
    value: part('Vb7Qm2Xk9Rt4Lp8Wz3Nc', '6Hy1Jd5Fs0Ga2Ke7Uo9T'),
    core: part('Vb7Qm2Xk9Rt4Lp8Wz3Nc', '6Hy1Jd5Fs0Ga2Ke7Uo9T'),
  },
  { name: 'DB_PASSWORD', value: part('hQ7rT2wZ', '9kLm4vB8'), core: part('hQ7rT2wZ', '9kLm4vB8') },
  {
    name: 'DATABASE_URL',
    value: part('postgres://app:', 'Jp3Xw8Rq', 'N5sYz2Lc', '@db.internal:5432/app'),
    core: part('Jp3Xw8Rq', 'N5sYz2Lc'),
  },
  {
    name: 'TLS_PRIVATE_KEY',
    value: part(
      '-----BEGIN ',
      'RSA PRIVATE KEY-----\n',
      PEM_BODY,
      '\n-----END ',
      'RSA PRIVATE KEY-----',
    ),
    core: PEM_BODY,
  },
  {
    name: 'GITHUB_TOKEN',
    value: part('ghp_', 'Qz8Lw3Rk7Tn2Vb6Xm9Pc', '4Hd1Js5Fa0Gy'),
    core: part('Qz8Lw3Rk7Tn2Vb6Xm9Pc', '4Hd1Js5Fa0Gy'),
  },
  {
    name: 'SESSION_JWT',
    value: part(
      'eyJhbGciOiJIUzI1NiJ9.',
      'eyJzdWIiOiJsZWFrdGVzdDQ3MTEifQ.',
      'Tq5Wz8Lx2Rk7Nv3Bm9Pc4Hd1Js6Fa0Gy',
    ),
    core: part('Tq5Wz8Lx2Rk7Nv3Bm9Pc', '4Hd1Js6Fa0Gy'),
  },
] as const;

const WINDOW = 10;
/** Every run of WINDOW characters of every secret's random part. */
const FRAGMENTS = SECRETS.flatMap(({ name, core }) =>
  Array.from({ length: core.length - WINDOW + 1 }, (_, i) => ({
    name,
    fragment: core.slice(i, i + WINDOW),
  })),
);

/** The secrets a text holds any part of, by variable name. */
const leakedIn = (text: string): string[] => [
  ...new Set(FRAGMENTS.filter(({ fragment }) => text.includes(fragment)).map(({ name }) => name)),
];

const LEAKY = arn.taskDefinition('leaky', 1);
const SPLIT = arn.taskDefinition('leaky-split', 3);

/** The collector fixture, plus two services whose task definitions carry every secret. */
const leakyAccount = (): Snapshot => {
  const account = fixtureSnapshot();
  const region = account.regions[REGION];
  const ecs = region?.ecs;
  if (!ecs?.services || !ecs.taskDefinitions) throw new Error('fixture without ECS');
  const definition = (
    taskDefinitionArn: string,
    containers: [string, (typeof SECRETS)[number][]][],
  ): EcsTaskDefinition => ({
    taskDefinitionArn,
    family: taskDefinitionArn.split('/').pop()?.split(':')[0],
    revision: Number(taskDefinitionArn.split(':').pop()),
    containerDefinitions: containers.map(([name, secrets]) => ({
      name,
      image: 'public.ecr.aws/docker/library/nginx:1.27',
      essential: true,
      environment: [
        { name: 'LOG_LEVEL', value: 'info' },
        ...secrets.map(({ name: variable, value }) => ({ name: variable, value })),
      ],
    })),
  });
  ecs.taskDefinitions.push(
    definition(LEAKY, [['app', [...SECRETS]]]),
    definition(SPLIT, [
      ['web', SECRETS.slice(0, 3)],
      ['sidecar', SECRETS.slice(3)],
    ]),
  );
  for (const [name, taskDefinition] of [
    ['leaky', LEAKY],
    ['leaky-split', SPLIT],
  ] as const) {
    ecs.services.push({
      serviceArn: arn.service('prod', name),
      serviceName: name,
      clusterArn: arn.cluster('prod'),
      status: 'ACTIVE',
      launchType: 'FARGATE',
      taskDefinition,
      deployments: [{ id: `ecs-svc/${name}`, status: 'PRIMARY', taskDefinition }],
    });
  }
  return account;
};

const dir = mkdtempSync(join(tmpdir(), 'leaks-'));
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ accounts: [leakyAccount()] });
});
afterAll(() => emulator.close());
beforeEach(() => {
  vi.stubEnv('AWS_ENDPOINT_URL', emulator.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEMULATOR');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'emulator-secret');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_REGION', REGION);
  vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  emulator.setFaults({});
});

/** The verbosities the CLI has: quiet, and everything on (DEBUG, a terminal's progress line). */
const VERBOSITIES: ReadonlyArray<[string, NodeJS.ProcessEnv, Partial<CliIo>]> = [
  ['by default', {}, {}],
  [
    'with DEBUG=ecs-encryption-scanner on a terminal',
    { DEBUG: 'ecs-encryption-scanner' },
    { stderrIsTTY: true, columns: 120 },
  ],
];

const run = async (argv: string[], env: NodeJS.ProcessEnv = {}, io: Partial<CliIo> = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    now: () => NOW,
    ...io,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

/** Written once per test file run: the account's snapshot with and without its values. */
const withValues = join(dir, 'with-values.json');
const keptOut = join(dir, 'kept-out.json');
beforeAll(async () => {
  vi.stubEnv('AWS_ENDPOINT_URL', emulator.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEMULATOR');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'emulator-secret');
  vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
  const regions = ['--regions', REGION];
  await run(['snapshot', ...regions, '--out', withValues, '--include-environment-values']);
  await run(['snapshot', ...regions, '--out', keptOut]);
  vi.unstubAllEnvs();
});

describe('the leak test', () => {
  it('seeds secrets that it finds where they are kept on purpose', () => {
    // The detector can fail: the snapshot written with values holds every secret.
    expect(leakedIn(readFileSync(withValues, 'utf8')).sort()).toEqual(
      SECRETS.map((s) => s.name).sort(),
    );
    expect(FRAGMENTS.length).toBeGreaterThan(100);
  });
});

const [QUIET, VERBOSE] = VERBOSITIES as [
  (typeof VERBOSITIES)[number],
  (typeof VERBOSITIES)[number],
];

describe.each([
  ['scan --regions', () => ['--regions', REGION]],
  ['scan --snapshot (values in the file)', () => ['--snapshot', withValues]],
  ['scan --snapshot (values left out)', () => ['--snapshot', keptOut]],
])('no secret leaves %s', (_source, source) => {
  it.each(FORMATS)(
    '--format %s: not on stdout, nor in its --out file, nor on stderr at either verbosity',
    async (format) => {
      // Act: on stdout quietly, to --out verbosely.
      const printed = await run(['scan', ...source(), '--format', format], QUIET[1], QUIET[2]);
      const file = join(dir, `report-${format}-${Math.random().toString(36).slice(2)}`);
      const written = await run(
        ['scan', ...source(), '--format', format, '--out', file],
        VERBOSE[1],
        VERBOSE[2],
      );

      // Assess
      expect([printed.code, written.code]).toEqual([0, 0]);
      expect(printed.stdout.length).toBeGreaterThan(1000);
      expect(readFileSync(file, 'utf8')).toBe(printed.stdout);
      expect({
        stdout: leakedIn(printed.stdout),
        stderr: leakedIn(printed.stderr + written.stderr),
      }).toEqual({ stdout: [], stderr: [] });
    },
  );
});

describe.each(VERBOSITIES)('no secret leaves the CLI %s', (_verbosity, env, io) => {
  it.each<[string, string[]]>([
    ['on stdout', []],
    ['in its --out file', ['--out', join(dir, 'snapshot-out.json')]],
  ])('snapshot (values left out): not %s, nor on stderr', async (_where, out) => {
    // Act
    const { code, stdout, stderr } = await run(['snapshot', '--regions', REGION, ...out], env, io);

    // Assess
    expect(code).toBe(0);
    const text = out[1] ? readFileSync(out[1], 'utf8') : stdout;
    expect(text).toContain('"valueVerdict"');
    expect({ snapshot: leakedIn(text), stderr: leakedIn(stderr) }).toEqual({
      snapshot: [],
      stderr: [],
    });
  });

  it('snapshot --include-environment-values: the file is its owner’s only, stderr says what it holds and holds none', async () => {
    // Prepare
    const out = join(dir, 'snapshot-with-values.json');
    writeFileSync(out, '');

    // Act
    const { code, stderr } = await run(
      ['snapshot', '--regions', REGION, '--out', out, '--include-environment-values'],
      env,
      io,
    );

    // Assess
    expect(code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(stderr).toContain(
      `${out} holds the account's configuration, including any plain-text secrets`,
    );
    expect(leakedIn(stderr)).toEqual([]);
  });

  it.each<[string, FaultConfig, string]>([
    [
      'a task definition that cannot be described',
      { accessDenied: ['ecs:DescribeTaskDefinition'] },
      'DescribeTaskDefinition failed',
    ],
    ['Secrets Manager denied', { accessDenied: ['secretsmanager'] }, 'DescribeSecret failed'],
    ['App Mesh denied', { accessDenied: ['appmesh'] }, 'App Mesh'],
  ])('a live scan with %s: not in its warnings', async (_name, faults, warning) => {
    // Prepare
    emulator.setFaults(faults);

    // Act
    const { stdout, stderr } = await run(
      ['scan', '--regions', REGION, '--format', 'json'],
      env,
      io,
    );

    // Assess
    expect(stderr).toContain(warning);
    expect({ stdout: leakedIn(stdout), stderr: leakedIn(stderr) }).toEqual({
      stdout: [],
      stderr: [],
    });
  });
});

describe('no secret reaches Security Hub', () => {
  it.each<[string, string[], FaultConfig, number]>([
    ['a publish', [], {}, 0],
    ['a dry run', ['--dry-run'], {}, 0],
    [
      'a publish whose findings Security Hub refuses',
      [],
      { failedFindings: { errorCode: 'InvalidInput', count: 5 } },
      5,
    ],
  ])(
    '%s: not in the stored findings nor in what the CLI prints',
    async (_name, flags, faults, exit) => {
      // Prepare: an emulator of its own, with an empty Security Hub.
      const own = await startEmulator({ accounts: [leakyAccount()], faults });
      vi.stubEnv('AWS_ENDPOINT_URL', own.url);
      try {
        // Act
        const { code, stdout, stderr } = await run(
          ['scan', '--regions', REGION, '--publish', ...flags],
          { DEBUG: 'ecs-encryption-scanner' },
        );

        // Assess
        expect(code).toBe(exit);
        const stored = own.securityHubFindings();
        const aboutLeaky = stored.filter((f) =>
          f.Resources?.some((r) => r.Id === LEAKY || r.Id === SPLIT),
        );
        // Two task definitions, three checks that judge each: the two environment checks and
        // ecs_task_definition_no_app_mesh_proxy (PASSED: neither is wired to App Mesh).
        expect(aboutLeaky.length).toBe(flags.includes('--dry-run') ? 0 : 6);
        expect(stdout + stderr).toContain(flags.includes('--dry-run') ? 'would create' : ' new, ');
        expect({
          stored: leakedIn(JSON.stringify(stored)),
          stdout: leakedIn(stdout),
          stderr: leakedIn(stderr),
        }).toEqual({ stored: [], stdout: [], stderr: [] });
      } finally {
        await own.close();
      }
    },
  );
});

describe('no secret is quoted in an error message', () => {
  const secret = SECRETS[5].value;
  const parsed = (file: string): Snapshot => JSON.parse(readFileSync(file, 'utf8'));
  /** The first container's environment of the leaky task definition, as the file holds it. */
  const leakyEnvironment = (snapshot: Snapshot): Record<string, unknown>[] =>
    snapshot.regions[REGION]?.ecs?.taskDefinitions?.find((td) => td.taskDefinitionArn === LEAKY)
      ?.containerDefinitions?.[0]?.environment as Record<string, unknown>[];
  const edited = (file: string, edit: (snapshot: Snapshot) => void) => () => {
    const snapshot = parsed(file);
    edit(snapshot);
    return JSON.stringify(snapshot);
  };

  it.each<[string, () => string]>([
    [
      'a file that is not JSON, cut short inside a value',
      () => readFileSync(withValues, 'utf8').replace(secret, `${secret.slice(0, 30)}\n,,`),
    ],
    ['a secret as the format', edited(withValues, (s) => Object.assign(s, { format: secret }))],
    [
      'a secret as the account ID',
      edited(withValues, (s) => Object.assign(s, { accountId: secret })),
    ],
    [
      'a secret as the partition',
      edited(withValues, (s) => Object.assign(s, { partition: secret })),
    ],
    [
      'a secret where an ARN must be a string',
      edited(withValues, (s) => {
        const [first] = s.regions[REGION]?.ecs?.services ?? [];
        Object.assign(first ?? {}, { serviceArn: { [secret]: secret } });
      }),
    ],
    [
      'a secret as an environment value of the wrong type',
      edited(withValues, (s) => Object.assign(leakyEnvironment(s)[6] ?? {}, { value: [secret] })),
    ],
    [
      'a secret among the credential kinds of a verdict',
      edited(keptOut, (s) =>
        (
          leakyEnvironment(s)[6] as { valueVerdict: { credentialKinds: string[] } }
        ).valueVerdict.credentialKinds.push(secret),
      ),
    ],
    [
      'a secret as a field of a verdict',
      edited(keptOut, (s) =>
        Object.assign((leakyEnvironment(s)[6] as { valueVerdict: object }).valueVerdict, {
          [secret]: true,
        }),
      ),
    ],
    [
      'a secret as a region name',
      edited(withValues, (s) => Object.assign(s.regions, { [secret]: {} })),
    ],
    [
      'a secret as the listener key of rules that are not a list',
      edited(withValues, (s) => {
        const elbv2 = s.regions[REGION]?.elbv2;
        if (elbv2) elbv2.rules = { ...elbv2.rules, [secret]: 'x' as never };
      }),
    ],
  ])('scan --snapshot with %s exits 2 with one clean line', async (_name, text) => {
    // Prepare
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, text());

    // Act
    const { code, stdout, stderr } = await run(['scan', '--snapshot', file], {
      DEBUG: 'ecs-encryption-scanner',
    });

    // Assess
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(leakedIn(stderr)).toEqual([]);
  });
});

describe('a snapshot without values', () => {
  it('gives the same results as the live scan', async () => {
    // Prepare
    vi.stubEnv('AWS_ENDPOINT_URL', emulator.url);

    // Act
    const live = await run(['scan', '--regions', REGION, '--format', 'json']);
    const offline = await run(['scan', '--snapshot', keptOut, '--format', 'json']);

    // Assess
    const results = (stdout: string) => JSON.parse(stdout).results;
    expect(results(offline.stdout)).toEqual(results(live.stdout));
    expect(
      results(live.stdout).filter(
        (r: { resource: { arn: string }; status: string }) =>
          (r.resource.arn === LEAKY || r.resource.arn === SPLIT) && r.status === 'FAILED',
      ),
    ).toHaveLength(4);
  });
});
