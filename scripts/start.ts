// `npm start`: the whole product, locally. Starts the AWS emulator on the demo account, scans it
// live through the real SDK collectors, imports the findings into the emulator's Security Hub and
// prints the findings table, the import summary and the API calls made. No credentials, no network.
import { startEmulator } from '../emulator/server.ts';
import { type CliIo, EXIT, runCli } from '../lib/cli/main.ts';
import { UserInputError } from '../lib/errors.ts';
import { loadSnapshotFile } from '../lib/snapshot/load.ts';
import type { Snapshot } from '../lib/snapshot/types.ts';

export const DEMO_FILE = 'examples/demo-account.json';

export const START_USAGE = `Usage: npm start [-- SNAPSHOT_FILE]

Scans an account on the local AWS emulator, as the scanner scans AWS: the emulator serves the
snapshot file (default ${DEMO_FILE}) through the real AWS APIs, the scanner collects it with the
AWS SDK, judges it and imports the findings into the emulator's Security Hub. No credentials and
no network are needed. The file's format: docs/snapshot-format.md.

  -h, --help   this text
`;

const NEXT_STEPS = `
Next:
  what each check verifies and how to fix it   docs/checks.md
  an HTML report of a snapshot                 npx ecs-encryption-scanner scan --snapshot ${DEMO_FILE} --format html --out report.html
  scan your own account                        npx ecs-encryption-scanner scan --regions us-east-1   (docs/cli.md)
  deploy to an account or an Organization      docs/operations.md
`;

const fail = (io: CliIo, message: string): number => {
  io.stderr(`ecs-encryption-scanner: ${message}\n`);
  return EXIT.BAD_INPUT;
};

/** The snapshot file `npm start` was given, or why its arguments are not usable. */
const fileOf = (argv: readonly string[]): string | UserInputError => {
  const flag = argv.find((a) => a.startsWith('-'));
  if (flag) {
    return new UserInputError(
      `npm start takes a snapshot file, not the option ${flag}: run npm start -- --help for usage, or the scanner itself: npx ecs-encryption-scanner --help.`,
    );
  }
  if (argv.length > 1) {
    return new UserInputError(
      `npm start takes one snapshot file, not ${argv.length} (${argv.join(' ')}). Run npm start -- --help for usage.`,
    );
  }
  return argv[0] ?? DEMO_FILE;
};

const printCalls = (io: CliIo, calls: Record<string, Record<string, number>>, url: string) => {
  const total = Object.values(calls).reduce(
    (n, ops) => n + Object.values(ops).reduce((a, b) => a + b, 0),
    0,
  );
  io.stdout(`\nAPI calls (${total}, served by the local emulator at ${url}):\n`);
  for (const [service, operations] of Object.entries(calls).sort()) {
    const list = Object.entries(operations)
      .sort()
      .map(([operation, count]) => `${operation} ${count}`)
      .join(', ');
    io.stdout(`  ${service}: ${list}\n`);
  }
};

/**
 * `npm start [-- FILE]`: exit code as the CLI's. Sets the AWS environment variables of this
 * process (`env`, process.env by default), as a user pointing an SDK program at an endpoint does.
 */
export const runStart = async (
  argv: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> => {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(START_USAGE);
    return EXIT.OK;
  }
  const file = fileOf(argv);
  if (file instanceof UserInputError) return fail(io, file.message);
  let snapshot: Snapshot;
  try {
    snapshot = await loadSnapshotFile(file, 'Check the path given to npm start.');
  } catch (error) {
    if (error instanceof UserInputError) return fail(io, error.message);
    throw error;
  }
  const regions = Object.keys(snapshot.regions);
  const emulator = await startEmulator({ accounts: [snapshot] });
  Object.assign(env, {
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: 'AKIDLOCALDEMO',
    AWS_SECRET_ACCESS_KEY: 'local-demo',
    AWS_REGION: regions[0] ?? 'us-east-1',
    // The SDK's notice that its 2027 releases need Node 22 (README: Node versions) is noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  try {
    const what = file === DEMO_FILE ? 'the demo account' : `the account in ${file}`;
    io.stdout(
      `Scanning ${what} (${snapshot.accountId}, ${regions.join(', ') || 'no region'}) on the local AWS emulator at ${emulator.url}: no credentials, no network.\n\n`,
    );
    const code = await runCli(['scan', '--regions', regions.join(','), '--publish'], {
      ...io,
      env,
    });
    printCalls(io, emulator.calls(), emulator.url);
    io.stdout(NEXT_STEPS);
    return code;
  } finally {
    await emulator.close();
  }
};

/** `npm start` on this process's arguments and streams (bin/start.js). */
export const startFromProcess = (): Promise<number> =>
  runStart(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    now: () => new Date(),
  });
