// `npm run bench:startup [-- --runs 10]`: how fast the CLI starts, measured side by side with
// `node -e 0` in one run, each command run in turn `--runs` times: the median wall time and the
// peak RSS (GNU time's %M, when /usr/bin/time is installed). Prints one JSON line;
// docs/performance.md gives the figures and the targets. Run `npm run build` first: the CLI runs
// its built JavaScript only while it is current (bin/launch.js).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const GNU_TIME = '/usr/bin/time';
const CLI = 'bin/ecs-encryption-scanner.js';

const COMMANDS: Record<string, string[]> = {
  node: ['-e', '0'],
  version: [CLI, '--version'],
  help: [CLI, '--help'],
  snapshotJson: [CLI, 'scan', '--snapshot', 'examples/demo-account.json', '--format', 'json'],
};

interface Sample {
  wallSeconds: number;
  peakRssMb?: number;
}

const runOnce = (args: string[]): Sample => {
  const timed = existsSync(GNU_TIME);
  const [command, argv] = timed
    ? [GNU_TIME, ['-f', '%M', process.execPath, ...args]]
    : [process.execPath, args];
  const started = performance.now();
  const child = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallSeconds = (performance.now() - started) / 1000;
  if (child.status !== 0) {
    throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr.slice(-500)}`);
  }
  const kb = timed ? Number(child.stderr.trim().split('\n').at(-1)) : Number.NaN;
  return { wallSeconds, ...(Number.isFinite(kb) ? { peakRssMb: kb / 1024 } : {}) };
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const round = (value: number) => Math.round(value * 1000) / 1000;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs: expected a whole number ≥ 1');

const samples: Record<string, Sample[]> = Object.fromEntries(
  Object.keys(COMMANDS).map((name) => [name, []]),
);
for (let run = 0; run < runs; run += 1) {
  for (const [name, args] of Object.entries(COMMANDS)) samples[name]?.push(runOnce(args));
}
const summary = Object.fromEntries(
  Object.entries(samples).map(([name, list]) => {
    const rss = list.flatMap((s) => (s.peakRssMb === undefined ? [] : [s.peakRssMb]));
    return [
      name,
      {
        wallSeconds: round(median(list.map((s) => s.wallSeconds))),
        ...(rss.length ? { peakRssMb: round(Math.max(...rss)) } : {}),
      },
    ];
  }),
) as Record<string, { wallSeconds: number; peakRssMb?: number }>;
const nodeWall = summary.node?.wallSeconds ?? Number.NaN;
console.log(
  JSON.stringify({
    runs,
    nodeVersion: process.version,
    ...summary,
    versionOverNode: round((summary.version?.wallSeconds ?? Number.NaN) / nodeWall),
    snapshotJsonOverNode: round((summary.snapshotJson?.wallSeconds ?? Number.NaN) / nodeWall),
  }),
);
