// `npm run emulator -- --snapshot FILE [--snapshot FILE2] [--port N] [--latency-ms N] [--throttling]`
// Starts the local AWS emulator over one or more account snapshots (the first is the default
// account) and prints how to point the AWS SDK and CLI at it.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { UserInputError } from '../lib/errors.ts';
import { loadSnapshotFile } from '../lib/snapshot/load.ts';
import type { EmulatedService, FaultConfig } from './api.ts';
import { startEmulator } from './server.ts';

const USAGE = `Usage: npm run emulator -- --snapshot FILE [--snapshot FILE…] [options]

  --snapshot FILE            an account snapshot to serve (repeat for more accounts; the first is the default)
  --port N                   port on 127.0.0.1 (default 4566; 0 picks a free one)
  --latency-ms N             added to every call
  --throttling               AWS's token buckets per throttle category
  --throttle-rate-factor F   scales every bucket (0.5 = half rate)
  --access-denied LIST       services or service:Operation answered with AccessDenied (comma-separated)
  --server-error-rate R      share of calls (0..1) answered with a 5xx error
  --unreachable LIST         services whose connections are dropped (comma-separated signing names)
  --seed N                   seed of the 5xx PRNG (default 1)
  --throttle LIST            services or service:Operation always answered with their throttling error
  --hang LIST                services or service:Operation whose calls are never answered
  --reset LIST               services or service:Operation whose connections are reset
  --short-pages LIST         service:Operation whose pages come back short (tagging:GetResources)
  --errors JSON              error faults, e.g. '[{"operation":"ecs:DescribeServices","code":"ServerException","status":500}]'
  --max-page-size N          lower page-size cap, to exercise pagination
The EMULATOR_* environment variables (emulator/README.md) set the same faults; flags win.`;

const number = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new UserInputError(`--${name} needs a number, got "${text}".`);
  return value;
};

const list = (text: string | undefined): string[] | undefined =>
  text
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export const main = async (argv: string[]): Promise<void> => {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        snapshot: { type: 'string', multiple: true },
        port: { type: 'string' },
        'latency-ms': { type: 'string' },
        throttling: { type: 'boolean' },
        'throttle-rate-factor': { type: 'string' },
        'access-denied': { type: 'string' },
        'server-error-rate': { type: 'string' },
        unreachable: { type: 'string' },
        seed: { type: 'string' },
        throttle: { type: 'string' },
        hang: { type: 'string' },
        reset: { type: 'string' },
        'short-pages': { type: 'string' },
        errors: { type: 'string' },
        'max-page-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UserInputError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const files = (values.snapshot as string[] | undefined) ?? [];
  if (files.length === 0) throw new UserInputError(`give at least one --snapshot FILE.\n${USAGE}`);
  const accounts = await Promise.all(files.map((file) => loadSnapshotFile(file)));

  const faults: FaultConfig = {};
  const latencyMs = number('latency-ms', values['latency-ms'] as string | undefined);
  if (latencyMs !== undefined) faults.latencyMs = latencyMs;
  if (values.throttling) faults.throttling = true;
  const factor = number(
    'throttle-rate-factor',
    values['throttle-rate-factor'] as string | undefined,
  );
  if (factor !== undefined) faults.throttleRateFactor = factor;
  const denied = list(values['access-denied'] as string | undefined);
  if (denied) faults.accessDenied = denied;
  const rate = number('server-error-rate', values['server-error-rate'] as string | undefined);
  if (rate !== undefined) faults.serverErrorRate = rate;
  const unreachable = list(values.unreachable as string | undefined);
  if (unreachable) faults.unreachable = unreachable as EmulatedService[];
  const seed = number('seed', values.seed as string | undefined);
  if (seed !== undefined) faults.seed = seed;
  for (const kind of ['throttle', 'hang', 'reset'] as const) {
    const selectors = list(values[kind] as string | undefined);
    if (selectors) faults[kind] = selectors;
  }
  const shortPages = list(values['short-pages'] as string | undefined);
  if (shortPages) faults.shortPages = shortPages;
  if (values.errors !== undefined) {
    try {
      faults.errors = JSON.parse(values.errors as string) as FaultConfig['errors'];
    } catch {
      throw new UserInputError('--errors needs a JSON array of error faults (emulator/README.md).');
    }
  }
  const maxPageSize = number('max-page-size', values['max-page-size'] as string | undefined);

  const emulator = await startEmulator({
    accounts,
    port: number('port', values.port as string | undefined) ?? 4566,
    faults,
    ...(maxPageSize !== undefined ? { maxPageSize } : {}),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new UserInputError(
        `port ${values.port ?? 4566} is in use: pick another with --port N (0 = any free port).`,
      );
    }
    // A fault the emulator refuses (a misspelt operation, a bad status) is the user's to fix.
    if (error.code === undefined) throw new UserInputError(error.message);
    throw error;
  });

  const [first] = accounts;
  const region = Object.keys(first?.regions ?? {})[0] ?? 'us-east-1';
  console.log(`AWS emulator listening on ${emulator.url}`);
  accounts.forEach((account, index) => {
    const regions = Object.keys(account.regions).join(', ') || 'no regions';
    console.log(`  account ${account.accountId}${index === 0 ? ' (default)' : ''}: ${regions}`);
  });
  const active = Object.entries(emulator.faults()).filter(([, value]) => value !== undefined);
  if (active.length > 0) console.log(`  faults: ${JSON.stringify(Object.fromEntries(active))}`);
  console.log(`
Point any AWS SDK v3 program or the AWS CLI at it (signatures are not checked, any key works):
  export AWS_ENDPOINT_URL=${emulator.url}
  export AWS_ACCESS_KEY_ID=AKIDEMULATOR AWS_SECRET_ACCESS_KEY=emulator AWS_REGION=${region}
Call counts:  curl ${emulator.url}/__emulator/calls
Set faults:   curl -X POST ${emulator.url}/__emulator/faults -d '{"throttling":true}'
Reset counts: curl -X POST ${emulator.url}/__emulator/reset
Ctrl+C stops it.`);

  const stop = async () => {
    console.log(`\nCalls: ${JSON.stringify(emulator.calls())}`);
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof UserInputError) {
      console.error(`emulator: ${error.message}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  });
}
