import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { type CliIo, EXIT, runCli } from '../../lib/cli/main.ts';
import type { EcsTaskDefinition, RegionSnapshot } from '../../lib/snapshot/types.ts';
import { fixtureSnapshot } from '../collect/fixture.ts';
import { ACCOUNT, arn, NOW } from '../support/evaluate.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-'));
const writeSnapshot = (name: string, regions: Record<string, RegionSnapshot>): string => {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      format: 'ecs-encryption-scanner/snapshot@2',
      accountId: ACCOUNT,
      regions,
      failures: [],
    }),
  );
  return file;
};

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
  return { code, stdout: out.join(''), stderr: err.join(''), stderrWrites: err };
};

/** The line every `snapshot --out FILE` ends with, values left out. */
const keptOutNotice = (file: string): string =>
  `ecs-encryption-scanner: ${file} holds the account's configuration: container environment values are left out (only the checks' verdict on each is kept), but other fields may hold plain-text secrets (commands, labels, log options). Keep it private (the file is readable by its owner only, mode 0600).\n`;

/** stderr without the malformed exemption tags' notices (the emulator's seed account has some). */
const withoutExemptionNotices = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((line) => !line.startsWith('ecs-encryption-scanner: exemption not applied:'))
    .join('\n');

// One service whose secret has rotation off: one FAILED MEDIUM result.
const unrotated = writeSnapshot('unrotated.json', {
  'us-east-1': {
    ecs: {
      services: [
        {
          serviceArn: arn.service('api'),
          status: 'ACTIVE',
          taskDefinition: arn.taskDefinition('api:1'),
        },
      ],
      taskDefinitions: [
        {
          taskDefinitionArn: arn.taskDefinition('api:1'),
          containerDefinitions: [
            { name: 'app', secrets: [{ name: 'DB', valueFrom: arn.secret('db-AbCdEf') }] },
          ],
        },
      ],
    },
    secretsManager: {
      secrets: [{ ARN: arn.secret('db-AbCdEf'), Name: 'db', RotationEnabled: false }],
    },
  },
});

describe('ecs-encryption-scanner scan', () => {
  it('prints ASFF findings as a JSON array and nothing else on stdout', async () => {
    const { code, stdout, stderr } = await run([
      'scan',
      '--snapshot',
      unrotated,
      '--format',
      'asff',
      '--checks',
      'secretsmanager_secret_rotation_enabled',
    ]);

    expect(code).toBe(EXIT.OK);
    expect(stderr).toBe('');
    const findings = JSON.parse(stdout);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      GeneratorId: 'secretsmanager_secret_rotation_enabled',
      Compliance: { Status: 'FAILED' },
      CreatedAt: NOW.toISOString(),
    });
  });

  it('reports a check whose sections the snapshot lacks NOT_AVAILABLE on the account in that region', async () => {
    // Act: the snapshot has no App Mesh section.
    const { code, stdout } = await run([
      'scan',
      '--snapshot',
      unrotated,
      '--format',
      'asff',
      '--checks',
      'appmesh_mesh_end_of_support',
    ]);

    // Assess
    expect(code).toBe(EXIT.OK);
    const findings = JSON.parse(stdout);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      GeneratorId: 'appmesh_mesh_end_of_support',
      Region: 'us-east-1',
      Compliance: { Status: 'NOT_AVAILABLE' },
      Resources: [{ Id: `AWS::::Account:${ACCOUNT}`, Type: 'AwsAccount' }],
    });
  });

  it('prints results with check metadata as JSON', async () => {
    const { code, stdout } = await run(['scan', '--snapshot', unrotated, '--format', 'json']);

    expect(code).toBe(EXIT.OK);
    const report = JSON.parse(stdout);
    expect(report.accountId).toBe(ACCOUNT);
    expect(report.summary.byStatus.FAILED).toBeGreaterThan(0);
    expect(report.checks.map((c: { id: string }) => c.id)).toContain(
      'secretsmanager_secret_rotation_enabled',
    );
  });

  it('prints a table grouped by check by default', async () => {
    const { code, stdout } = await run(['scan', '--snapshot', unrotated]);

    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('secretsmanager_secret_rotation_enabled');
    expect(stdout).toMatch(/FAILED MEDIUM\s+us-east-1\s+Secret db/);
    expect(stdout).toMatch(/^Summary: /m);
  });

  it.each([
    [
      'MEDIUM',
      EXIT.FINDINGS_AT_THRESHOLD,
      '1 FAILED result at or above MEDIUM (--fail-on MEDIUM).',
    ],
    [
      'medium',
      EXIT.FINDINGS_AT_THRESHOLD,
      '1 FAILED result at or above MEDIUM (--fail-on MEDIUM).',
    ],
    ['LOW', EXIT.FINDINGS_AT_THRESHOLD, '1 FAILED result at or above LOW (--fail-on LOW).'],
    ['HIGH', EXIT.OK, undefined],
    ['CRITICAL', EXIT.OK, undefined],
  ])(
    'with --fail-on %s exits %i on a MEDIUM failure, saying why on stderr',
    async (severity, expected, line) => {
      const { code, stderr } = await run([
        'scan',
        '--snapshot',
        unrotated,
        '--fail-on',
        severity,
        '--checks',
        'secretsmanager_secret_rotation_enabled',
      ]);

      expect(code).toBe(expected);
      if (line) expect(stderr).toContain(`ecs-encryption-scanner: ${line}\n`);
      else expect(stderr).not.toContain('at or above');
    },
  );

  it.each([
    ['no command', [], 'no command given'],
    ['a mistyped command', ['scna'], 'unknown command "scna" (did you mean scan?)'],
    ['an unknown command', ['deploy'], 'unknown command "deploy". Run with --help for usage.'],
    [
      'a stray word after the command',
      ['scan', 'extra-positional', '--snapshot', unrotated],
      'unexpected argument "extra-positional" after scan: options start with --.',
    ],
    ['no snapshot', ['scan'], 'scan needs --snapshot FILE'],
    [
      'an unknown option',
      ['scan', '--snapshot', unrotated, '--bogus'],
      'unknown option --bogus. Run with --help for usage.',
    ],
    [
      'a mistyped option',
      ['scan', '--snapshot', unrotated, '--fromat', 'json'],
      'unknown option --fromat (did you mean --format?).',
    ],
    [
      'an option missing its value',
      ['scan', '--snapshot', unrotated, '--out'],
      '--out needs a value. Run with --help for usage.',
    ],
    [
      'an option whose value starts with a dash',
      ['scan', '--snapshot', unrotated, '--certificate-expiry-days', '-5'],
      '--certificate-expiry-days takes a value; for one that starts with "-", write --certificate-expiry-days=VALUE.',
    ],
    [
      'an unknown format',
      ['scan', '--snapshot', unrotated, '--format', 'xml'],
      'invalid --format "xml"',
    ],
    [
      'an unknown severity',
      ['scan', '--snapshot', unrotated, '--fail-on', 'SEVERE'],
      'invalid --fail-on "SEVERE"',
    ],
    [
      'an unknown check',
      ['scan', '--snapshot', unrotated, '--checks', 'nope_nope_nope'],
      'unknown check ID in --checks: nope_nope_nope',
    ],
    [
      'a check list with no ID',
      ['scan', '--snapshot', unrotated, '--checks', ','],
      '--checks needs at least one check ID',
    ],
    [
      'a missing file',
      ['scan', '--snapshot', join(dir, 'missing.json')],
      'cannot read the snapshot file (ENOENT)',
    ],
    [
      'a bad option value',
      ['scan', '--snapshot', unrotated, '--certificate-expiry-days', 'soon'],
      'invalid option --certificate-expiry-days',
    ],
  ])('exits 2 with one line on %s', async (_name, argv, message) => {
    const { code, stdout, stderr } = await run(argv);

    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming the environment variable that holds a bad value', async () => {
    const { code, stderr } = await run(['scan', '--snapshot', unrotated], {
      ECS_SCANNER_TLS_POLICY_PROFILE: 'tls9',
    });

    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stderr).toContain('ECS_SCANNER_TLS_POLICY_PROFILE');
  });

  it.each<[string, string[], string, string[]]>([
    [
      'scan --help',
      ['scan', '--help'],
      'Usage: ecs-encryption-scanner scan (',
      ['--include-environment-values'],
    ],
    [
      'help scan',
      ['help', 'scan'],
      'Usage: ecs-encryption-scanner scan (',
      ['--include-environment-values'],
    ],
    [
      'snapshot --help',
      ['snapshot', '--help'],
      'Usage: ecs-encryption-scanner snapshot --regions',
      ['--format', '--snapshot', '--publish', '--fail-on SEVERITY', '--checks'],
    ],
    [
      'help snapshot',
      ['help', 'snapshot'],
      'Usage: ecs-encryption-scanner snapshot --regions',
      ['--format', '--snapshot', '--publish'],
    ],
    [
      'list-checks --help',
      ['list-checks', '--help'],
      'Usage: ecs-encryption-scanner list-checks [--format table|json]',
      ['--snapshot', '--quiet', '--publish', '--fail-on SEVERITY', '--regions'],
    ],
  ])(
    'prints the command’s own usage for %s, without the options it does not take',
    async (_name, argv, start, absent) => {
      // Act
      const { code, stdout } = await run(argv);

      // Assess
      expect(code).toBe(EXIT.OK);
      expect(stdout.startsWith(start)).toBe(true);
      expect(stdout).toContain('  --out FILE');
      expect(stdout).toContain('Exit codes:');
      for (const option of absent) expect(stdout).not.toContain(`  ${option} `);
    },
  );

  it.each<[string, string[], string]>([
    [
      'snapshot with --format',
      ['snapshot', '--regions', 'us-east-1', '--format', 'html'],
      '--format does not apply to snapshot. Run ecs-encryption-scanner snapshot --help for its options.',
    ],
    [
      'snapshot with --out-dir',
      ['snapshot', '--regions', 'us-east-1', '--out-dir', 'reports'],
      '--out-dir does not apply to snapshot. Run ecs-encryption-scanner snapshot --help for its options.',
    ],
    [
      'snapshot with --fail-on',
      ['snapshot', '--regions', 'us-east-1', '--fail-on', 'HIGH'],
      '--fail-on does not apply to snapshot.',
    ],
    [
      'list-checks with --quiet',
      ['list-checks', '--quiet'],
      '--quiet does not apply to list-checks. Run ecs-encryption-scanner list-checks --help for its options.',
    ],
    ['help for an unknown command', ['help', 'scna'], 'no help for "scna" (did you mean scan?)'],
  ])('refuses %s with one line and exit 2', async (_name, argv, message) => {
    // Act
    const { code, stdout, stderr } = await run(argv);

    // Assess
    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stdout).toBe('');
    expect(stderr).toContain(`ecs-encryption-scanner: ${message}`);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('prints usage with --help', async () => {
    const { code, stdout } = await run(['--help']);

    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain(
      'Usage: ecs-encryption-scanner scan (--snapshot FILE | --regions REGION[,REGION…])',
    );
    expect(stdout).toContain(
      'ecs-encryption-scanner snapshot --regions REGION[,REGION…] [--out FILE]',
    );
  });
});

describe('ecs-encryption-scanner live collection (snapshot, scan --regions)', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [fixtureSnapshot()] });
  });
  afterAll(() => emulator.close());

  // The SDK reads AWS_ENDPOINT_URL itself: nothing in the scanner knows about the emulator.
  const pointAtEmulator = () => {
    vi.stubEnv('AWS_ENDPOINT_URL', emulator.url);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEMULATOR');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'emulator-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
  };
  afterEach(() => {
    vi.unstubAllEnvs();
    emulator.setFaults({});
  });

  it('writes a snapshot of the account the credentials point at, via AWS_ENDPOINT_URL', async () => {
    // Prepare
    pointAtEmulator();
    const out = join(dir, 'live.json');
    emulator.resetCalls();

    // Act
    const { code, stdout, stderr } = await run([
      'snapshot',
      '--regions',
      'us-east-1,eu-west-1',
      '--out',
      out,
    ]);

    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `ecs-encryption-scanner: snapshot of account ${ACCOUNT}, us-east-1, eu-west-1 written to ${out}.\n${keptOutNotice(out)}`,
    );
    const snapshot = JSON.parse(readFileSync(out, 'utf8'));
    expect(snapshot).toMatchObject({
      format: 'ecs-encryption-scanner/snapshot@2',
      accountId: ACCOUNT,
      partition: 'aws',
      failures: [],
    });
    expect(Object.keys(snapshot.regions)).toEqual(['us-east-1', 'eu-west-1']);
    expect(snapshot.regions['us-east-1'].ecs.services.length).toBeGreaterThan(20);
    // eu-west-1 holds only a replica secret that no task definition there references: every
    // section is collected, and empty.
    expect(snapshot.regions['eu-west-1']).toEqual({
      ecs: { clusters: [], services: [], taskDefinitions: [], containerInstances: [] },
      elbv2: {
        loadBalancers: [],
        listeners: [],
        listenerCertificates: {},
        rules: {},
        targetGroups: [],
        sslPolicies: [],
        trustStores: [],
        tags: {},
      },
      elb: { loadBalancers: [], policies: {} },
      ec2: { vpcEndpoints: [], subnets: [], instances: [], vpcs: [] },
      appmesh: { meshes: [], virtualNodes: [], virtualGateways: [], tags: {} },
      acm: { certificates: [] },
      ssm: { parameters: [] },
      secretsManager: { secrets: [] },
      vpcLattice: { targetGroups: [], listeners: {}, defaultActions: {}, rules: {} },
    });
    expect(emulator.calls().sts).toEqual({ GetCallerIdentity: 1 });
  });

  it.each<[string, string[], NodeJS.ProcessEnv]>([
    ['--no-exemption-tags', ['--no-exemption-tags'], {}],
    ['ECS_SCANNER_EXEMPTION_TAGS=false', [], { ECS_SCANNER_EXEMPTION_TAGS: 'false' }],
  ])('collects no exemption tags with %s', async (_name, flags, env) => {
    // Prepare
    pointAtEmulator();
    emulator.resetCalls();
    const out = join(dir, 'untagged.json');

    // Act
    const { code } = await run(['snapshot', '--regions', 'us-east-1', '--out', out, ...flags], env);

    // Assess
    expect(code).toBe(EXIT.OK);
    const calls = emulator.calls();
    expect([
      calls.tagging?.GetResources,
      calls.elasticloadbalancing?.DescribeTags,
      calls.ec2?.DescribeVpcs,
      calls.appmesh?.ListTagsForResource,
    ]).toEqual([undefined, undefined, undefined, undefined]);
    expect(calls.elasticloadbalancing?.DescribeLoadBalancers).toBeGreaterThan(0);
    const region = JSON.parse(readFileSync(out, 'utf8')).regions['us-east-1'];
    expect([region.elbv2.tags, region.ec2.vpcs, region.appmesh.tags]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('makes read-only calls only', async () => {
    pointAtEmulator();
    emulator.resetCalls();

    await run(['snapshot', '--regions', 'us-east-1']);

    const operations = Object.values(emulator.calls()).flatMap((ops) => Object.keys(ops));
    expect(operations.filter((op) => !/^(Describe|List|Get)/.test(op))).toEqual([]);
  });

  it('prints the snapshot on stdout without --out', async () => {
    pointAtEmulator();

    const { code, stdout } = await run(['snapshot', '--regions', 'us-east-1']);

    expect(code).toBe(EXIT.OK);
    expect(JSON.parse(stdout).accountId).toBe(ACCOUNT);
  });

  describe('snapshot files', () => {
    const environmentOf = (file: string) =>
      JSON.parse(readFileSync(file, 'utf8')).regions['us-east-1'].ecs.taskDefinitions.flatMap(
        (td: EcsTaskDefinition) =>
          (td.containerDefinitions ?? []).flatMap((c) => c.environment ?? []),
      );
    const modeOf = (file: string) => statSync(file).mode & 0o777;

    it('leaves environment values out by default, each replaced by its verdict', async () => {
      // Prepare
      pointAtEmulator();
      const out = join(dir, 'kept-out.json');

      // Act
      const { code } = await run(['snapshot', '--regions', 'us-east-1', '--out', out]);

      // Assess
      expect(code).toBe(EXIT.OK);
      expect(environmentOf(out)).toContainEqual({
        name: 'LOG_LEVEL',
        valueVerdict: {
          blank: false,
          credentialKinds: [],
          urlWithPassword: false,
          secretByNameOrContent: false,
        },
      });
      expect(readFileSync(out, 'utf8')).not.toContain('"value": "info"');
    });

    it('keeps environment values with --include-environment-values, and says so', async () => {
      // Prepare
      pointAtEmulator();
      const out = join(dir, 'with-values.json');

      // Act
      const { code, stderr } = await run([
        'snapshot',
        '--regions',
        'us-east-1',
        '--out',
        out,
        '--include-environment-values',
      ]);

      // Assess
      expect(code).toBe(EXIT.OK);
      expect(environmentOf(out)).toContainEqual({ name: 'LOG_LEVEL', value: 'info' });
      expect(stderr.split('\n')[1]).toBe(
        `ecs-encryption-scanner: ${out} holds the account's configuration, including any plain-text secrets: container environment values are in it (--include-environment-values). Keep it private (the file is readable by its owner only, mode 0600).`,
      );
    });

    it.each([
      ['a new file', undefined],
      ['an existing file readable by everyone', 0o644],
      ['an existing file writable by everyone', 0o666],
    ])('writes %s readable by its owner only', async (_name, existingMode) => {
      // Prepare
      pointAtEmulator();
      const out = join(dir, `mode-${existingMode ?? 'new'}.json`);
      if (existingMode !== undefined) {
        writeFileSync(out, 'x'.repeat(100_000));
        chmodSync(out, existingMode);
      }

      // Act
      const { code } = await run(['snapshot', '--regions', 'us-east-1', '--out', out]);

      // Assess
      expect(code).toBe(EXIT.OK);
      expect(modeOf(out)).toBe(0o600);
      expect(JSON.parse(readFileSync(out, 'utf8')).accountId).toBe(ACCOUNT);
    });

    it('says on stderr what the snapshot on stdout holds', async () => {
      // Prepare
      pointAtEmulator();

      // Act
      const { stderr } = await run(['snapshot', '--regions', 'us-east-1']);

      // Assess
      expect(stderr.split('\n')).toEqual([
        `ecs-encryption-scanner: snapshot of account ${ACCOUNT}, us-east-1.`,
        "ecs-encryption-scanner: the snapshot holds the account's configuration: container environment values are left out (only the checks' verdict on each is kept), but other fields may hold plain-text secrets (commands, labels, log options). Keep it private.",
        '',
      ]);
    });

    it('exits 2 with one line on --include-environment-values for a scan', async () => {
      // Act
      const { code, stderr } = await run([
        'scan',
        '--snapshot',
        unrotated,
        '--include-environment-values',
      ]);

      // Assess
      expect(code).toBe(EXIT.BAD_INPUT);
      expect(stderr).toBe(
        'ecs-encryption-scanner: --include-environment-values does not apply to scan. Run ecs-encryption-scanner scan --help for its options.\n',
      );
    });
  });

  describe('snapshot --quiet', () => {
    it.each<[string, string[], (out: string) => string]>([
      [
        'with --out FILE',
        ['--out', join(dir, 'quiet.json')],
        (out) =>
          `ecs-encryption-scanner: snapshot of account ${ACCOUNT}, us-east-1 written to ${out}.\n`,
      ],
      [
        'on stdout',
        [],
        () => `ecs-encryption-scanner: snapshot of account ${ACCOUNT}, us-east-1.\n`,
      ],
    ])('writes the snapshot %s and says only its summary line', async (_name, flags, line) => {
      // Prepare
      pointAtEmulator();
      const loud = await run(['snapshot', '--regions', 'us-east-1', ...flags]);

      // Act
      const quiet = await run(['snapshot', '--regions', 'us-east-1', '--quiet', ...flags]);

      // Assess: the same snapshot, without the notice of what it holds.
      expect(quiet.code).toBe(EXIT.OK);
      expect(quiet.stderr).toBe(line(flags[1] ?? ''));
      expect(loud.stderr.startsWith(quiet.stderr)).toBe(true);
      expect(loud.stderr.trimEnd().split('\n')).toHaveLength(2);
      expect(quiet.stdout).toBe(loud.stdout);
      if (flags.length === 0) expect(JSON.parse(quiet.stdout).accountId).toBe(ACCOUNT);
    });

    it.each<[string, string[], number]>([
      ['exits 0', [], EXIT.OK],
      ['exits 4 with --fail-on-incomplete', ['--fail-on-incomplete'], EXIT.INCOMPLETE],
    ])(
      'says in its one line that calls failed, without the warnings, and %s',
      async (_name, flags, exit) => {
        // Prepare
        pointAtEmulator();
        emulator.setFaults({ accessDenied: ['secretsmanager:DescribeSecret'] });
        const out = join(dir, 'quiet-incomplete.json');

        // Act
        const { code, stderr } = await run([
          'snapshot',
          '--regions',
          'us-east-1',
          '--out',
          out,
          '--quiet',
          ...flags,
        ]);

        // Assess
        const { failures } = JSON.parse(readFileSync(out, 'utf8'));
        const calls = failures.reduce((n: number, f: { count: number }) => n + f.count, 0);
        expect(calls).toBeGreaterThan(0);
        expect(code).toBe(exit);
        expect(stderr).toBe(
          `ecs-encryption-scanner: snapshot of account ${ACCOUNT}, us-east-1 written to ${out}; ${calls} call(s) failed after retries, their data is left out (not collected). Run without --quiet for the list.\n`,
        );
      },
    );

    it('still says what ended the run badly, in one line', async () => {
      // Prepare
      pointAtEmulator();

      // Act
      const { code, stderr } = await run([
        'snapshot',
        '--regions',
        'us-east-1',
        '--quiet',
        '--out',
        join(dir, 'missing', 'quiet.json'),
      ]);

      // Assess
      expect(code).toBe(EXIT.BAD_INPUT);
      expect(stderr).toMatch(
        /^ecs-encryption-scanner: [^\n]*cannot write the snapshot file \(ENOENT\)[^\n]*\n$/,
      );
    });
  });

  it('scans live and reports no collection failure when every call succeeds', async () => {
    pointAtEmulator();

    const { code, stdout, stderr } = await run([
      'scan',
      '--regions',
      'us-east-1',
      '--format',
      'json',
    ]);

    expect(code).toBe(EXIT.OK);
    expect(withoutExemptionNotices(stderr)).toBe('');
    const report = JSON.parse(stdout);
    expect(report.collectionFailures).toEqual([]);
    expect(report.results.length).toBeGreaterThan(10);
  });

  it.each([
    [
      'json',
      (stdout: string) =>
        expect(JSON.parse(stdout).collectionFailures).toEqual([
          {
            region: 'us-east-1',
            service: 'secretsmanager',
            operation: 'DescribeSecret',
            errorCode: 'AccessDeniedException',
            count: 3,
            items: [
              expect.stringContaining(':secret:'),
              expect.stringContaining(':secret:'),
              expect.stringContaining(':secret:'),
            ],
          },
        ]),
    ],
    [
      'table',
      (stdout: string) => {
        expect(stdout).toContain('Collection failures');
        expect(stdout).toContain(
          'us-east-1: secretsmanager DescribeSecret AccessDeniedException ×3',
        );
      },
    ],
  ])('prints collection failures in %s output and still exits 0', async (format, assess) => {
    pointAtEmulator();
    emulator.setFaults({ accessDenied: ['secretsmanager'] });

    const { code, stdout, stderr } = await run([
      'scan',
      '--regions',
      'us-east-1',
      '--format',
      format,
    ]);

    expect(code).toBe(EXIT.OK);
    assess(stdout);
    expect(stderr).toContain('secretsmanager DescribeSecret failed in us-east-1');
    expect(withoutExemptionNotices(stderr).trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    ['scan', ['scan', '--regions', 'us-east-1']],
    ['snapshot', ['snapshot', '--regions', 'us-east-1']],
  ])('%s exits 4 with --fail-on-incomplete when a call failed', async (_name, argv) => {
    pointAtEmulator();
    emulator.setFaults({ accessDenied: ['ecs:DescribeTaskDefinition'] });

    const { code } = await run([...argv, '--fail-on-incomplete']);

    expect(code).toBe(EXIT.INCOMPLETE);
  });

  it('records the calls that failed in the snapshot file, and a scan of the file knows them', async () => {
    // Prepare: the snapshot is taken while DescribeSecret is denied.
    pointAtEmulator();
    emulator.setFaults({ accessDenied: ['secretsmanager:DescribeSecret'] });
    const file = join(dir, 'with-failures.json');
    await run(['snapshot', '--regions', 'us-east-1', '--out', file]);
    emulator.setFaults({});

    // Act
    const { code, stdout } = await run([
      'scan',
      '--snapshot',
      file,
      '--format',
      'json',
      '--fail-on-incomplete',
    ]);

    // Assess
    const recorded = JSON.parse(readFileSync(file, 'utf8')).failures;
    expect(recorded).toEqual([
      expect.objectContaining({ operation: 'DescribeSecret', errorCode: 'AccessDeniedException' }),
    ]);
    expect(JSON.parse(stdout).collectionFailures).toEqual(recorded);
    expect(code).toBe(EXIT.INCOMPLETE);
  });

  it('exits 0 with --fail-on-incomplete when the scan is complete', async () => {
    pointAtEmulator();

    const { code } = await run(['scan', '--regions', 'us-east-1', '--fail-on-incomplete']);

    expect(code).toBe(EXIT.OK);
  });

  it('exits 2 with one line when the account cannot be identified', async () => {
    pointAtEmulator();
    emulator.setFaults({ accessDenied: ['sts'] });

    const { code, stdout, stderr } = await run(['scan', '--regions', 'us-east-1']);

    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^ecs-encryption-scanner: cannot identify the AWS account \(STS GetCallerIdentity in us-east-1 failed: AccessDenied\)/,
    );
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each<[string, () => void, string | RegExp]>([
    [
      'an endpoint that refuses connections',
      () => vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:1'),
      'failed: ECONNREFUSED): cannot reach http://127.0.0.1:1 (from AWS_ENDPOINT_URL); check that URL and that something answers there.',
    ],
    [
      'STS failing with HTTP 500 on every attempt',
      () =>
        emulator.setFaults({
          errors: [{ operation: 'sts:GetCallerIdentity', code: 'InternalFailure', status: 500 }],
        }),
      /failed: InternalFailure\): http:\/\/127\.0\.0\.1:\d+ \(from AWS_ENDPOINT_URL\) answered HTTP 500 after \d+ attempts; AWS is failing there, try again later\./,
    ],
    [
      'a rate share out of range',
      () => vi.stubEnv('ECS_SCANNER_RATE_SHARE', '2'),
      'invalid ECS_SCANNER_RATE_SHARE "2": expected a number above 0 and at most 1',
    ],
    [
      'an endpoint that is not a URL',
      () => vi.stubEnv('AWS_ENDPOINT_URL', 'localhost:4566'),
      'invalid AWS_ENDPOINT_URL "localhost:4566"',
    ],
  ])(
    'exits 2 with one line saying what went wrong on %s',
    async (_name, prepare, message) => {
      // Prepare
      pointAtEmulator();
      prepare();

      // Act: the CLI reads the environment the SDK reads, as bin/ does.
      const { code, stdout, stderr } = await run(['scan', '--regions', 'us-east-1'], process.env);

      // Assess
      expect(code).toBe(EXIT.BAD_INPUT);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    },
    60_000,
  );

  it.each([
    ['snapshot without regions', ['snapshot'], 'snapshot needs --regions'],
    [
      'an invalid region',
      ['scan', '--regions', 'us-east-1,Europe'],
      'invalid --regions "us-east-1,Europe"',
    ],
    ['an empty region list', ['snapshot', '--regions', ','], 'invalid --regions ","'],
    [
      'a region AWS has not opened',
      ['scan', '--regions', 'eu-west-9'],
      'invalid --regions "eu-west-9": eu-west-9 is not an AWS region (did you mean eu-west-1?).',
    ],
    [
      'both a snapshot and regions',
      ['scan', '--snapshot', 'x.json', '--regions', 'us-east-1'],
      'either --snapshot FILE or --regions',
    ],
    [
      'an unwritable --out',
      ['snapshot', '--regions', 'us-east-1', '--out', join(dir, 'missing', 'x.json')],
      'cannot write the snapshot file (ENOENT)',
    ],
    [
      'a timeout of 0 seconds',
      ['scan', '--regions', 'us-east-1', '--timeout', '0'],
      'invalid option --timeout: expected a whole number of seconds from 1 to 86400.',
    ],
    [
      'a timeout that is not a number',
      ['snapshot', '--regions', 'us-east-1', '--timeout', '5m'],
      'invalid option --timeout: expected a whole number of seconds from 1 to 86400.',
    ],
  ])('exits 2 with one line on %s', async (_name, argv, message) => {
    pointAtEmulator();

    const { code, stderr } = await run(argv);

    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  describe('the run deadline (--timeout)', () => {
    it.each<[string, string[], NodeJS.ProcessEnv, string]>([
      [
        'scan --timeout 1',
        ['scan', '--regions', 'us-east-1', '--timeout', '1'],
        {},
        'no report was written and nothing was imported into Security Hub.',
      ],
      [
        'snapshot with ECS_SCANNER_TIMEOUT_SECONDS=1',
        ['snapshot', '--regions', 'us-east-1', '--out', join(dir, 'timed-out.json')],
        { ECS_SCANNER_TIMEOUT_SECONDS: '1' },
        'no snapshot was written.',
      ],
    ])(
      'ends %s that waits on a call that never answers, naming the call, exit 7',
      async (_name, argv, env, done) => {
        // Prepare
        pointAtEmulator();
        emulator.setFaults({ hang: ['appmesh:DescribeMesh'] });

        // Act
        const { code, stdout, stderr } = await run(argv, env);

        // Assess
        expect(code).toBe(EXIT.TIMED_OUT);
        expect(stdout).toBe('');
        expect(withoutExemptionNotices(stderr)).toMatch(
          /^ecs-encryption-scanner: the run did not finish within --timeout 1 s: appmesh DescribeMesh in us-east-1 had not answered after \d+\.\d s(?: \(\d+ other calls? (?:was|were) waiting too\))?; /,
        );
        expect(stderr).toContain(done);
        expect(withoutExemptionNotices(stderr).trimEnd().split('\n')).toHaveLength(1);
        expect(() => readFileSync(join(dir, 'timed-out.json'))).toThrow('ENOENT');
      },
    );

    it('says the report is out and what Security Hub may hold when the deadline passes while publishing', async () => {
      // Prepare: 8 s, so that collecting the demo finishes first even on a loaded machine (with
      // 1 s the deadline sometimes passed while collecting, and the test failed for that).
      pointAtEmulator();
      emulator.setFaults({ hang: ['securityhub:BatchImportFindings'] });

      // Act
      const { code, stdout, stderr } = await run([
        'scan',
        '--regions',
        'us-east-1',
        '--publish',
        '--format',
        'json',
        '--timeout',
        '8',
      ]);

      // Assess
      expect(code).toBe(EXIT.TIMED_OUT);
      expect(JSON.parse(stdout).results.length).toBeGreaterThan(10);
      expect(withoutExemptionNotices(stderr)).toMatch(
        /^ecs-encryption-scanner: the run did not finish within --timeout 8 s: securityhub BatchImportFindings in us-east-1 had not answered after \d+\.\d s; the report was written; Security Hub may hold part of this run’s findings/,
      );
      expect(withoutExemptionNotices(stderr).trimEnd().split('\n')).toHaveLength(1);
    }, 60_000);
  });

  describe('Security Hub failures (--publish)', () => {
    it.each([
      [
        'denied in the first region',
        { accessDenied: [{ operation: 'securityhub:GetFindings', match: 'us-east-1' }] },
        [],
        `ecs-encryption-scanner: Security Hub GetFindings failed in us-east-1 for account ${ACCOUNT} after retries (AccessDeniedException): nothing was imported there. What to do: grant securityhub:GetFindings to the identity running the scan, then run it again. Not attempted: eu-west-1.`,
      ],
      [
        'not enabled in the second region',
        {
          errors: [
            {
              operation: 'securityhub:GetFindings',
              match: 'eu-west-1',
              code: 'InvalidAccessException',
              status: 401,
            },
          ],
        },
        [`Security Hub ${ACCOUNT} us-east-1: `],
        `ecs-encryption-scanner: Security Hub GetFindings failed in eu-west-1 for account ${ACCOUNT} after retries (InvalidAccessException): nothing was imported there. What to do: enable Security Hub in eu-west-1 for this account (or its integration for this product), then run the scan again.`,
      ],
    ])(
      'exits 6 when Security Hub is %s, with what each region imported and what to do',
      async (_name, faults, before, line) => {
        // Prepare
        pointAtEmulator();
        emulator.setFaults(faults);

        // Act
        const { code, stdout, stderr } = await run([
          'scan',
          '--regions',
          'us-east-1,eu-west-1',
          '--publish',
          '--format',
          'json',
        ]);

        // Assess
        expect(code).toBe(EXIT.SECURITY_HUB_ERROR);
        expect(JSON.parse(stdout).results.length).toBeGreaterThan(10);
        const lines = withoutExemptionNotices(stderr).trimEnd().split('\n');
        expect(lines.at(-1)).toBe(line);
        expect(lines.slice(0, -1).map((l) => l.slice(0, before[0]?.length ?? 0))).toEqual(before);
        expect(stderr).not.toContain('internal error');
      },
    );

    it("refuses to publish a snapshot file into another account's Security Hub, exit 2", async () => {
      // Prepare: the credentials reach the emulator's account, the file is another's.
      pointAtEmulator();
      const other = join(dir, 'other-account.json');
      writeFileSync(
        other,
        JSON.stringify({
          ...JSON.parse(readFileSync(unrotated, 'utf8')),
          accountId: '999988887777',
        }),
      );
      emulator.resetCalls();

      // Act
      const { code, stdout, stderr } = await run(['scan', '--snapshot', other, '--publish']);

      // Assess
      expect(code).toBe(EXIT.BAD_INPUT);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `ecs-encryption-scanner: the credentials reach account ${ACCOUNT}, not 999988887777: nothing was scanned.\n`,
      );
      expect(emulator.calls()).toEqual({ sts: { GetCallerIdentity: 1 } });
    });
  });

  it.each<[string, string, 'stdout' | 'stderr']>([
    ['table,csv', 'the table is on stdout', 'stdout'],
    ['csv,ocsf', 'stdout carries no report', 'stderr'],
  ])(
    'puts the --publish summary of --format %s --out-dir where the table goes (%s: %s)',
    async (format, _why, stream) => {
      // Prepare
      pointAtEmulator();
      const outDir = join(dir, `publish-${format.replace(',', '-')}`);

      // Act
      const result = await run([
        'scan',
        '--regions',
        'us-east-1',
        '--publish',
        '--dry-run',
        '--format',
        format,
        '--out-dir',
        outDir,
      ]);

      // Assess
      const summary = `Security Hub ${ACCOUNT} us-east-1 (dry run: nothing imported): `;
      expect(result.code).toBe(EXIT.OK);
      expect(result[stream]).toContain(summary);
      expect(result[stream === 'stdout' ? 'stderr' : 'stdout']).not.toContain(summary);
      expect(readFileSync(join(outDir, 'report.csv'), 'utf8')).toMatch(/^account,region,/);
    },
  );

  describe('progress on a terminal', () => {
    const CLEAR = '\r\u001b[2K';
    const REGIONS = 'us-east-1,eu-west-1';

    /** The CLI with stderr on a terminal unless `io` says otherwise; `writes` keeps stderr's writes apart. */
    const runOnTerminal = async (argv: string[], io: Partial<CliIo> = {}) => {
      const { stderrWrites, ...ran } = await run(
        argv,
        {},
        { stderrIsTTY: true, columns: 1000, ...io },
      );
      return { ...ran, writes: stderrWrites };
    };

    /** A clock a second further on at each reading: every progress update is drawn. */
    const steppingClock = () => {
      let time = NOW.getTime();
      return () => {
        time += 1000;
        return new Date(time);
      };
    };

    const progressLines = (writes: readonly string[]) =>
      writes.filter((w) => w.startsWith(CLEAR) && w !== CLEAR).map((w) => w.slice(CLEAR.length));

    /** Each write other than the progress line starts on a cleared line, and the last one is cleared. */
    const expectNothingWrittenOverTheLine = (writes: readonly string[]) => {
      let drawn = false;
      for (const write of writes) {
        if (write.startsWith(CLEAR)) drawn = write !== CLEAR;
        else expect(drawn, `written over the progress line: ${write.trim()}`).toBe(false);
      }
      expect(drawn).toBe(false);
    };

    it.each([
      ['snapshot', ['snapshot', '--regions', REGIONS]],
      ['scan', ['scan', '--regions', REGIONS, '--format', 'json']],
    ])(
      '%s shows progress by region and service with counts, then clears it',
      async (_name, argv) => {
        // Prepare
        pointAtEmulator();

        // Act
        const { code, writes } = await runOnTerminal(argv, { now: steppingClock() });

        // Assess
        expect(code).toBe(EXIT.OK);
        const lines = progressLines(writes);
        expect(lines.some((line) => /us-east-1: .*\becs [1-9]/.test(line))).toBe(true);
        expect(lines.some((line) => /eu-west-1: .*\becs [1-9]/.test(line))).toBe(true);
        // App Mesh only where task definitions point at meshes.
        expect(lines.some((line) => /us-east-1: .*\bappmesh [1-9]/.test(line))).toBe(true);
        expectNothingWrittenOverTheLine(writes);
      },
    );

    it('draws only region and service names with counts, nothing collected', async () => {
      // Prepare
      pointAtEmulator();
      const service = String.raw`[a-z0-9]+ \d+(?: \((?:\d+ failed|\d+ throttled|\d+ failed, \d+ throttled)\))?`;
      const region = `[a-z]{2}(?:-[a-z]+)+-\\d: ${service}(?:, ${service})*`;
      const countsOnly = new RegExp(`^scanning ${region}(?: \\| ${region})*$`);

      // Act
      const { writes } = await runOnTerminal(['snapshot', '--regions', REGIONS], {
        now: steppingClock(),
      });

      // Assess
      const lines = progressLines(writes);
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(line).toMatch(countsOnly);
    });

    it.each([
      ['scan', ['scan', '--regions', REGIONS]],
      ['snapshot', ['snapshot', '--regions', REGIONS]],
    ])('%s writes the same stdout as when stderr is not a terminal', async (_name, argv) => {
      // Prepare
      pointAtEmulator();
      const piped = await runOnTerminal(argv, { stderrIsTTY: false });

      // Act
      const onTerminal = await runOnTerminal(argv);

      // Assess
      expect(progressLines(onTerminal.writes)).not.toEqual([]);
      expect(onTerminal.stdout).toBe(piped.stdout);
      expect(onTerminal.stdout).not.toContain('\u001b');
    });

    it.each<[string, Partial<CliIo>]>([
      ['stderr is not a terminal', { stderrIsTTY: false }],
      ['nobody says what stderr is', { stderrIsTTY: undefined }],
      [
        'it runs in Lambda, even on a terminal',
        { env: { AWS_LAMBDA_FUNCTION_NAME: 'ecs-encryption-scanner-worker' } },
      ],
    ])('shows nothing of it when %s', async (_name, io) => {
      pointAtEmulator();

      const { code, writes } = await runOnTerminal(
        ['scan', '--regions', REGIONS, '--format', 'json'],
        { now: steppingClock(), ...io },
      );

      // Assess: collection warnings, if any, are the only lines.
      expect(code).toBe(EXIT.OK);
      for (const write of writes) {
        expect(write).toMatch(/^ecs-encryption-scanner: [^\n\r]*\n$/);
        expect(write).not.toContain('\u001b');
      }
    });

    it.each<[string, string[], NodeJS.ProcessEnv]>([
      ['snapshot --no-color', ['snapshot', '--regions', REGIONS, '--no-color'], {}],
      ['snapshot with NO_COLOR=1', ['snapshot', '--regions', REGIONS], { NO_COLOR: '1' }],
      ['scan --no-color', ['scan', '--regions', REGIONS, '--format', 'json', '--no-color'], {}],
    ])(
      '%s draws its progress with no ANSI escape, and blanks it with spaces',
      async (_name, argv, env) => {
        // Prepare
        pointAtEmulator();

        // Act
        const { code, writes } = await runOnTerminal(argv, { now: steppingClock(), env });

        // Assess
        expect(code).toBe(EXIT.OK);
        expect(writes.join('')).not.toContain('\u001b');
        const drawn = writes.filter((w) => w.startsWith('\rscanning '));
        expect(drawn.some((w) => /us-east-1: .*\becs [1-9]/.test(w))).toBe(true);
        // The last write on the line blanks all of the last line drawn and returns to its start.
        const last = writes.findLast((w) => w.startsWith('\r')) ?? '';
        expect(last).toMatch(/^\r +\r$/);
        expect(last.length - 2).toBeGreaterThanOrEqual((drawn.at(-1) ?? '').trimEnd().length - 1);
      },
    );

    it.each<[string, string[], 'stdout' | 'stderr', RegExp]>([
      [
        'snapshot',
        ['snapshot', '--regions', REGIONS, '--quiet', '--out', join(dir, 'quiet-tty.json')],
        'stderr',
        /^ecs-encryption-scanner: snapshot of account \d{12}, us-east-1, eu-west-1 written to [^\n]*\.\n$/,
      ],
      ['scan', ['scan', '--regions', REGIONS, '--quiet'], 'stdout', /^Summary: [^\n]*\.\n$/],
    ])(
      '%s --quiet shows no progress on a terminal, only its summary line on %s',
      async (_name, argv, stream, summary) => {
        // Prepare
        pointAtEmulator();

        // Act
        const result = await runOnTerminal(argv, { now: steppingClock() });

        // Assess
        expect(result.code).toBe(EXIT.OK);
        expect(result[stream]).toMatch(summary);
        expect(result[stream === 'stdout' ? 'stderr' : 'stdout']).toBe('');
        expect(result.writes.filter((w) => w.includes('\r'))).toEqual([]);
      },
    );

    it('clears the line before a collection warning, which keeps its own line', async () => {
      // Prepare
      pointAtEmulator();
      emulator.setFaults({ accessDenied: ['secretsmanager'] });

      // Act
      const { code, writes } = await runOnTerminal(['scan', '--regions', 'us-east-1'], {
        now: steppingClock(),
      });

      // Assess
      expect(code).toBe(EXIT.OK);
      const warning = writes.findIndex((w) =>
        w.startsWith('ecs-encryption-scanner: secretsmanager DescribeSecret failed in us-east-1'),
      );
      expect(writes[warning]).toMatch(/^[^\n]*\n$/);
      expect(progressLines(writes.slice(0, warning))).not.toEqual([]);
      expect(writes[warning - 1]).toBe(CLEAR);
      expectNothingWrittenOverTheLine(writes);
    });
  });
});

describe('ecs-encryption-scanner scan --publish options', () => {
  it.each([
    ['--dry-run without --publish', ['--dry-run'], '--dry-run goes with --publish'],
    [
      'a refresh period Security Hub would not keep',
      ['--publish', '--refresh-days', '90'],
      'invalid --refresh-days "90"',
    ],
    [
      'a refresh period that is not a number',
      ['--publish', '--refresh-days', 'weekly'],
      'invalid --refresh-days "weekly"',
    ],
  ])('exits 2 on %s', async (_name, flags, message) => {
    const { code, stderr } = await run(['scan', '--snapshot', unrotated, ...flags]);

    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stderr).toContain(message);
  });
});

describe('ecs-encryption-scanner scan report formats and --out', () => {
  it.each([
    ['html', (text: string) => expect(text).toMatch(/^<!doctype html>\n<html lang="en">/)],
    ['sarif', (text: string) => expect(JSON.parse(text).version).toBe('2.1.0')],
    [
      'junit',
      (text: string) =>
        expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /),
    ],
    [
      'csv',
      (text: string) =>
        expect(text).toMatch(
          /^account,region,check,severity,status,resource,reason,remediation_url\r\n/,
        ),
    ],
    [
      'ocsf',
      (text: string) =>
        expect(JSON.parse(text)[0]).toMatchObject({
          class_uid: 2003,
          metadata: { version: '1.6.0' },
        }),
    ],
  ])('prints the %s report on stdout and nothing on stderr', async (format, assess) => {
    const { code, stdout, stderr } = await run([
      'scan',
      '--snapshot',
      unrotated,
      '--format',
      format,
    ]);

    expect(code).toBe(EXIT.OK);
    assess(stdout);
    expect(stdout).toContain('secretsmanager_secret_rotation_enabled');
    expect(stderr).toBe('');
  });

  it.each(['html', 'sarif', 'junit', 'json', 'table', 'asff', 'csv', 'ocsf'])(
    'writes the %s report to --out FILE, says so in one line and prints nothing on stdout',
    async (format) => {
      const out = join(dir, `report-${format}.out`);
      const expected = await run(['scan', '--snapshot', unrotated, '--format', format]);

      const { code, stdout, stderr } = await run([
        'scan',
        '--snapshot',
        unrotated,
        '--format',
        format,
        '--out',
        out,
      ]);

      expect(code).toBe(EXIT.OK);
      expect(stdout).toBe('');
      expect(stderr).toBe(`ecs-encryption-scanner: ${format} report written to ${out}.\n`);
      expect(readFileSync(out, 'utf8')).toBe(expected.stdout);
    },
  );

  /** Each format's report as a run with that format alone prints it. */
  const printed = async (format: string) =>
    (await run(['scan', '--snapshot', unrotated, '--format', format])).stdout;

  it('--format table,html --out FILE prints the table and writes the HTML to FILE', async () => {
    // Prepare
    const out = join(dir, 'both.html');

    // Act
    const { code, stdout, stderr } = await run([
      'scan',
      '--snapshot',
      unrotated,
      '--format',
      'table,html',
      '--out',
      out,
    ]);

    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toBe(await printed('table'));
    expect(readFileSync(out, 'utf8')).toBe(await printed('html'));
    expect(stderr).toBe(`ecs-encryption-scanner: html report written to ${out}.\n`);
  });

  it('--out-dir DIR creates DIR and writes each format but table into it as report.<ext>', async () => {
    // Prepare: a directory that does not exist yet.
    const outDir = join(dir, 'reports', 'nested');

    // Act
    const { code, stdout, stderr } = await run([
      'scan',
      '--snapshot',
      unrotated,
      '--format',
      'table,csv,ocsf,sarif',
      '--out-dir',
      outDir,
    ]);

    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toBe(await printed('table'));
    for (const [format, name] of [
      ['csv', 'report.csv'],
      ['ocsf', 'report.ocsf.json'],
      ['sarif', 'report.sarif'],
    ] as const) {
      expect(readFileSync(join(outDir, name), 'utf8')).toBe(await printed(format));
    }
    expect(stderr.trimEnd().split('\n')).toEqual([
      `ecs-encryption-scanner: csv report written to ${join(outDir, 'report.csv')}.`,
      `ecs-encryption-scanner: ocsf report written to ${join(outDir, 'report.ocsf.json')}.`,
      `ecs-encryption-scanner: sarif report written to ${join(outDir, 'report.sarif')}.`,
    ]);
  });

  it.each([
    ['report.csv', 'csv'],
    ['report.ocsf.json', 'ocsf'],
    ['report.html', 'html'],
    ['report.xml', 'junit'],
  ])('writes --out %s without --format as %s, the format its name says', async (name, format) => {
    // Prepare
    const out = join(dir, `inferred-${name}`);

    // Act
    const { code, stderr } = await run(['scan', '--snapshot', unrotated, '--out', out]);

    // Assess
    expect(code).toBe(EXIT.OK);
    expect(readFileSync(out, 'utf8')).toBe(await printed(format));
    expect(stderr).toBe(`ecs-encryption-scanner: ${format} report written to ${out}.\n`);
  });

  it('warns in one line when --format disagrees with the name of --out, and writes what --format says', async () => {
    // Prepare
    const out = join(dir, 'mismatch.html');

    // Act
    const { code, stderr } = await run([
      'scan',
      '--snapshot',
      unrotated,
      '--format',
      'sarif',
      '--out',
      out,
    ]);

    // Assess
    expect(code).toBe(EXIT.OK);
    expect(readFileSync(out, 'utf8')).toBe(await printed('sarif'));
    expect(stderr.trimEnd().split('\n')).toEqual([
      `ecs-encryption-scanner: --out ${out} is named for html but --format says sarif: writing sarif. End the --out name in .sarif, or drop --format.`,
      `ecs-encryption-scanner: sarif report written to ${out}.`,
    ]);
  });

  it('keeps the --fail-on exit code when the report goes to --out', async () => {
    const { code } = await run([
      'scan',
      '--snapshot',
      unrotated,
      '--format',
      'junit',
      '--out',
      join(dir, 'report.xml'),
      '--fail-on',
      'MEDIUM',
    ]);

    expect(code).toBe(EXIT.FINDINGS_AT_THRESHOLD);
  });

  it.each([
    [
      'an unwritable --out',
      ['--format', 'html', '--out', join(dir, 'missing', 'report.html')],
      'cannot write the html report (ENOENT)',
    ],
    [
      'an unknown format',
      ['--format', 'pdf'],
      'expected table, json, asff, html, sarif, junit, csv, ocsf',
    ],
    [
      'a mistyped format',
      ['--format', 'table,ocfs'],
      'invalid --format "ocfs" (did you mean ocsf?)',
    ],
    [
      'a file format with neither --out nor --out-dir',
      ['--format', 'table,html'],
      '--format table,html writes html to files: give --out-dir DIR or --out FILE',
    ],
    [
      'two formats for one --out',
      ['--format', 'csv,ocsf', '--out', join(dir, 'two.csv')],
      '--out takes one: give --out-dir DIR instead.',
    ],
    [
      'both --out and --out-dir',
      ['--out', join(dir, 'r.html'), '--out-dir', dir],
      'give either --out FILE (one report) or --out-dir DIR',
    ],
    [
      'an --out-dir that cannot be created',
      ['--format', 'csv', '--out-dir', join(unrotated, 'reports')],
      'cannot create the report directory (ENOTDIR). Check the path given to --out-dir.',
    ],
  ])('exits 2 with one line on %s', async (_name, flags, message) => {
    const { code, stdout, stderr } = await run(['scan', '--snapshot', unrotated, ...flags]);

    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('ecs-encryption-scanner scan with exemptions', () => {
  // The `unrotated` account, its secret exempt by tag from the rotation check (its only failure).
  const exemptSnapshot = (tags: { Key: string; Value: string }[]) =>
    writeSnapshot(`exempt-${tags.length}.json`, {
      'us-east-1': {
        ...JSON.parse(readFileSync(unrotated, 'utf8')).regions['us-east-1'],
        secretsManager: {
          secrets: [
            { ARN: arn.secret('db-AbCdEf'), Name: 'db', RotationEnabled: false, Tags: tags },
          ],
        },
      },
    });
  const ROTATION = ['--checks', 'secretsmanager_secret_rotation_enabled', '--fail-on', 'medium'];
  const writeExemptions = (name: string, data: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(data));
    return file;
  };

  it.each<[string, { Key: string; Value: string }[], number]>([
    [
      'exits 0 under --fail-on when the only failure at the threshold is exempt',
      [
        { Key: 'ecs-encryption-scanner:exempt', Value: 'secretsmanager_secret_rotation_enabled' },
        { Key: 'ecs-encryption-scanner:exempt-reason', Value: 'Rotated by the vendor' },
        { Key: 'ecs-encryption-scanner:exempt-until', Value: '2026-11-28' },
      ],
      EXIT.OK,
    ],
    [
      'exits 1 under --fail-on when the exemption expired',
      [
        { Key: 'ecs-encryption-scanner:exempt', Value: 'secretsmanager_secret_rotation_enabled' },
        { Key: 'ecs-encryption-scanner:exempt-reason', Value: 'Rotated by the vendor' },
        { Key: 'ecs-encryption-scanner:exempt-until', Value: '2026-11-27' },
      ],
      EXIT.FINDINGS_AT_THRESHOLD,
    ],
    [
      'exits 1 under --fail-on when the exemption has no reason',
      [{ Key: 'ecs-encryption-scanner:exempt', Value: '*' }],
      EXIT.FINDINGS_AT_THRESHOLD,
    ],
  ])('%s', async (_name, tags, expected) => {
    // Act
    const { code } = await run(['scan', '--snapshot', exemptSnapshot(tags), ...ROTATION]);

    // Assess
    expect(code).toBe(expected);
  });

  it('lists the exempt result and counts it in the table and the json summary', async () => {
    const file = exemptSnapshot([
      { Key: 'ecs-encryption-scanner:exempt', Value: '*' },
      { Key: 'ecs-encryption-scanner:exempt-reason', Value: 'Rotated by the vendor' },
    ]);

    const table = await run(['scan', '--snapshot', file, ...ROTATION]);
    const json = await run(['scan', '--snapshot', file, ...ROTATION, '--format', 'json']);

    expect(table.stdout).toContain('WARNING EXEMPT');
    expect(table.stdout).toContain(
      `Exempt (MEDIUM) by tag on ${arn.secret('db-AbCdEf')}: Rotated by the vendor.`,
    );
    expect(table.stdout).toContain('1 exempt (reported as WARNING)');
    expect(JSON.parse(json.stdout).summary).toMatchObject({ exempted: 1, byStatus: { FAILED: 0 } });
  });

  it('reports a tag exemption without a reason on stderr and in the report', async () => {
    const file = exemptSnapshot([{ Key: 'ecs-encryption-scanner:exempt', Value: '*' }]);

    const { stdout, stderr } = await run(['scan', '--snapshot', file, ...ROTATION]);

    expect(stderr).toBe(
      `ecs-encryption-scanner: exemption not applied: tag on ${arn.secret('db-AbCdEf')} (us-east-1): tag ecs-encryption-scanner:exempt has no ecs-encryption-scanner:exempt-reason tag: the exemption is not applied until it says why.\n` +
        'ecs-encryption-scanner: 1 FAILED result at or above MEDIUM (--fail-on MEDIUM).\n',
    );
    expect(stdout).toContain('Exemptions not applied');
  });

  it('applies an exemptions file given with --exemptions or ECS_SCANNER_EXEMPTIONS_FILE', async () => {
    const exemptions = writeExemptions('exemptions.json', {
      exemptions: [
        {
          checkId: 'secretsmanager_secret_rotation_enabled',
          resource: `arn:aws:secretsmanager:*:${ACCOUNT}:secret:db-*`,
          reason: 'Rotated by the vendor',
          expires: '2027-01-31',
        },
      ],
    });
    const file = exemptSnapshot([]);

    const byFlag = await run(['scan', '--snapshot', file, ...ROTATION, '--exemptions', exemptions]);
    const byEnv = await run(['scan', '--snapshot', file, ...ROTATION], {
      ECS_SCANNER_EXEMPTIONS_FILE: exemptions,
    });

    expect(byFlag.code).toBe(EXIT.OK);
    expect(byEnv.code).toBe(EXIT.OK);
    expect(byFlag.stdout).toContain(`${exemptions} exemptions[0]`);
  });

  it('exits 2 with one line naming the file and the entry for an invalid exemptions file', async () => {
    const exemptions = writeExemptions('bad-exemptions.json', {
      exemptions: [
        { checkId: 'secretsmanager_secret_rotation_enabled', resource: 'db', reason: 'x' },
      ],
    });

    const { code, stdout, stderr } = await run([
      'scan',
      '--snapshot',
      exemptSnapshot([]),
      '--exemptions',
      exemptions,
    ]);

    expect(code).toBe(EXIT.BAD_INPUT);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `ecs-encryption-scanner: ${exemptions}: not a valid exemptions file: exemptions[0].resource: expected a resource ARN or an ARN pattern with * (arn:…), without spaces. See docs/operations.md#exemptions.\n`,
    );
  });
});
