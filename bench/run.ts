// `npm run bench -- --size large [--latency-ms 20] [--rate-share 0.95] [--throttle-factor 1]
// [--seed 42]`: generates an account, serves it from the emulator in this process with AWS's token
// buckets on and a latency per call, runs the product's scan (lib/scan: collect with the live
// collectors, evaluate, publish to the emulator's Security Hub) in a worker process, then a second
// scan of the unchanged account and a change-driven rescan of one service after UpdateService,
// and prints one JSON line. docs/performance.md explains every field.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { checks } from '../checks/registry.ts';
import type { Emulator, FaultConfig } from '../emulator/api.ts';
import { startEmulator } from '../emulator/server.ts';
import { DEFAULT_RATE_SHARE, RATE_SHARE_ENV } from '../lib/aws/pacing.ts';
import { cloudTrailEventSchema, mapChange } from '../lib/lambda/events/cloudTrail.ts';
import { isServiceInScope } from '../lib/snapshot/scope.ts';
import type {
  EcsService,
  EcsTaskDefinition,
  RegionSnapshot,
  Snapshot,
} from '../lib/snapshot/types.ts';
import { awsBucketLoads, type BucketLoad, boundOf, pacedBucketLoads } from './bound.ts';
import { bundleWorker } from './bundle.ts';
import { BENCH_REGION, generateAccount, SIZES, type SizeName } from './generate.ts';
import {
  type CallCounts,
  minCalls,
  securityHubMinCalls,
  sumCalls,
  totalCalls,
} from './minCalls.ts';
import type { WorkerRequest, WorkerResult } from './worker.ts';

const USAGE = `Usage: npm run bench -- --size small|medium|large [options]

  --size NAME              small (20 services), medium, large (2,000 services) — default small
  --seed N                 the generator's seed (default 42)
  --latency-ms N           added to every emulated call (default 20)
  --rate-share S           share of AWS's rates the scanner paces itself at, 0 < S <= 1 (default 0.95, the scanner's)
  --throttle-factor F      scales the emulator's buckets (0.5 = AWS at half rate; default 1)
  --no-pacing              no client-side pacing (only the SDK's retries against throttling)
  --worker-heap-mb N       caps the worker's V8 heap (--max-old-space-size), as in a small Lambda`;

/** The scans' clock: the generator's reference time (certificate validity and so on). */
const NOW = new Date('2026-11-28T12:00:00.000Z');

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

const parse = (argv: string[]) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: 'small' },
      seed: { type: 'string', default: '42' },
      'latency-ms': { type: 'string', default: '20' },
      'rate-share': { type: 'string', default: String(DEFAULT_RATE_SHARE) },
      'throttle-factor': { type: 'string', default: '1' },
      'no-pacing': { type: 'boolean', default: false },
      'worker-heap-mb': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const size = values.size as SizeName;
  if (!(size in SIZES)) throw new Error(`unknown --size ${size}\n${USAGE}`);
  const number = (name: string, text: string, ok: (n: number) => boolean) => {
    const value = Number(text);
    if (!ok(value)) throw new Error(`invalid --${name} ${text}\n${USAGE}`);
    return value;
  };
  return {
    size,
    seed: number('seed', values.seed, Number.isInteger),
    latencyMs: number('latency-ms', values['latency-ms'], (n) => n >= 0),
    rateShare: number('rate-share', values['rate-share'], (n) => n > 0 && n <= 1),
    throttleFactor: number('throttle-factor', values['throttle-factor'], (n) => n > 0),
    pacing: !values['no-pacing'],
    workerHeapMB:
      values['worker-heap-mb'] === undefined
        ? undefined
        : number('worker-heap-mb', values['worker-heap-mb'], (n) => Number.isInteger(n) && n > 0),
  };
};

type Options = ReturnType<typeof parse>;

/** One scan in a fresh worker process, against full buckets and zeroed counts. */
const runWorker = async (
  worker: string,
  emulator: Emulator,
  faults: FaultConfig,
  options: Options,
  target: WorkerRequest['target'],
): Promise<{ result: WorkerResult; calls: CallCounts; throttled: CallCounts }> => {
  const child = fork(worker, [], {
    execArgv: [
      ...(options.workerHeapMB ? [`--max-old-space-size=${options.workerHeapMB}`] : []),
      ...(process.env.BENCH_WORKER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []),
    ],
    env: {
      ...process.env,
      [RATE_SHARE_ENV]: String(options.rateShare),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_REGION: BENCH_REGION,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const messages: unknown[] = [];
    let wake: (() => void) | undefined;
    child.on('message', (message) => {
      messages.push(message);
      wake?.();
    });
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`the bench worker exited (${code})`))),
    );
    exited.catch(() => {});
    const next = async (): Promise<Record<string, unknown>> => {
      while (messages.length === 0) {
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), exited]);
      }
      const message = messages.shift() as Record<string, unknown>;
      if (typeof message.error === 'string') throw new Error(`bench worker: ${message.error}`);
      return message;
    };
    await next(); // ready
    emulator.resetCalls();
    emulator.setFaults(faults); // full buckets
    const request: WorkerRequest = {
      endpoint: emulator.url,
      target,
      now: NOW.toISOString(),
      refreshDays: 7,
      pacing: options.pacing,
    };
    child.send(request);
    const result = (await next()) as unknown as WorkerResult;
    return { result, calls: emulator.calls(), throttled: emulator.throttled() };
  } finally {
    if (child.exitCode === null) child.kill();
  }
};

/** Successful calls: the throttled ones took no token. */
const minus = (calls: CallCounts, throttled: CallCounts): CallCounts =>
  Object.fromEntries(
    Object.entries(calls).map(([service, ops]) => [
      service,
      Object.fromEntries(
        Object.entries(ops).map(([op, n]) => [op, n - (throttled[service]?.[op] ?? 0)]),
      ),
    ]),
  );

/** Security Hub's ACTIVE findings, as a digest of what every one says (ID, status, severity). */
const digestOf = (findings: readonly AwsSecurityFinding[]) => {
  const active = findings
    .filter((f) => f.RecordState !== 'ARCHIVED')
    .map(
      (f) =>
        `${f.Id} ${f.Compliance?.Status} ${f.FindingProviderFields?.Severity?.Label ?? f.Severity?.Label}`,
    )
    .sort();
  return {
    activeFindings: active.length,
    notAvailable: active.filter((line) => line.includes(' NOT_AVAILABLE ')).length,
    digest: createHash('sha256').update(active.join('\n')).digest('hex').slice(0, 16),
  };
};

/** The calls that differ from the minimum, `service:Operation: calls/min`. */
const differences = (calls: CallCounts, min: CallCounts): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const service of new Set([...Object.keys(calls), ...Object.keys(min)])) {
    for (const op of new Set([
      ...Object.keys(calls[service] ?? {}),
      ...Object.keys(min[service] ?? {}),
    ])) {
      const a = calls[service]?.[op] ?? 0;
      const b = min[service]?.[op] ?? 0;
      if (a !== b) out[`${service}:${op}`] = `${a}/${b}`;
    }
  }
  return out;
};

/**
 * A typical service for the change: Fargate, one target group behind an ALB with an HTTPS and an
 * HTTP listener, no deployment in progress, no secret references.
 */
const pickService = (data: RegionSnapshot): EcsService => {
  const listenersOf = (lbArn: string) =>
    (data.elbv2?.listeners ?? []).filter((l) => l.LoadBalancerArn === lbArn);
  const tds = new Map((data.ecs?.taskDefinitions ?? []).map((td) => [td.taskDefinitionArn, td]));
  const service = (data.ecs?.services ?? []).find((s) => {
    if (!isServiceInScope(s) || s.launchType !== 'FARGATE') return false;
    if ((s.loadBalancers ?? []).length !== 1 || (s.deployments ?? []).length !== 1) return false;
    const tg = data.elbv2?.targetGroups?.find(
      (t) => t.TargetGroupArn === s.loadBalancers?.[0]?.targetGroupArn,
    );
    const lb = tg?.LoadBalancerArns?.[0];
    const protocols = lb ? listenersOf(lb).map((l) => l.Protocol) : [];
    const td = tds.get(s.taskDefinition);
    const secrets = (td?.containerDefinitions ?? []).some((c) => c.secrets?.length);
    return protocols.join(',') === 'HTTPS,HTTP' && !secrets;
  });
  if (!service) throw new Error('no typical service to update in this account');
  return service;
};

/** UpdateService to a new task definition revision: the new deployment is PRIMARY, the old one still ACTIVE. */
const updateService = (snapshot: Snapshot, service: EcsService) => {
  const data = snapshot.regions[BENCH_REGION] as RegionSnapshot;
  const ecs = data.ecs as NonNullable<RegionSnapshot['ecs']>;
  const current = ecs.taskDefinitions?.find(
    (td) => td.taskDefinitionArn === service.taskDefinition,
  ) as EcsTaskDefinition;
  const revision = (current.revision ?? 1) + 1;
  const next: EcsTaskDefinition = {
    ...structuredClone(current),
    revision,
    taskDefinitionArn: (current.taskDefinitionArn ?? '').replace(/:\d+$/, `:${revision}`),
  };
  ecs.taskDefinitions?.push(next);
  const old = service.deployments?.[0];
  service.taskDefinition = next.taskDefinitionArn;
  service.deployments = [
    {
      ...old,
      id: `${old?.id ?? 'ecs-svc/1'}1`,
      status: 'PRIMARY',
      taskDefinition: next.taskDefinitionArn,
      rolloutState: 'IN_PROGRESS',
    },
    ...(old ? [{ ...old, status: 'ACTIVE' }] : []),
  ];
  const event = cloudTrailEventSchema.parse({
    version: '0',
    id: '6f1d2c8a-4b7e-4e91-9c3a-5d8b0f2e7a14',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ecs',
    account: snapshot.accountId,
    time: NOW.toISOString(),
    region: BENCH_REGION,
    resources: [],
    detail: {
      eventVersion: '1.09',
      eventID: '0d4f8b2e-6a1c-4375-9e0f-0a1b2c3d4e5f',
      eventTime: NOW.toISOString(),
      eventSource: 'ecs.amazonaws.com',
      eventName: 'UpdateService',
      awsRegion: BENCH_REGION,
      recipientAccountId: snapshot.accountId,
      requestParameters: {
        cluster: service.clusterArn,
        service: service.serviceName,
        taskDefinition: next.taskDefinitionArn,
      },
      responseElements: {
        service: { serviceArn: service.serviceArn, clusterArn: service.clusterArn },
      },
    },
  });
  const change = mapChange(event, checks);
  if (change.kind !== 'rescan')
    throw new Error(`UpdateService asks for no rescan: ${change.reason}`);
  return change;
};

const bucketsSummary = (loads: readonly BucketLoad[]) =>
  Object.fromEntries(
    loads.map((b) => [
      b.bucket,
      { calls: b.calls, burst: b.burst, rate: b.ratePerSecond, boundSeconds: b.boundSeconds },
    ]),
  );

const main = async () => {
  const options = parse(process.argv.slice(2));
  const benchStarted = performance.now();
  const size = SIZES[options.size];
  const snapshot = generateAccount(size, { seed: options.seed, now: NOW });
  const faults: FaultConfig = {
    latencyMs: options.latencyMs,
    throttling: true,
    throttleRateFactor: options.throttleFactor,
  };
  const dir = await mkdtemp(join(tmpdir(), 'ecs-scanner-bench-'));
  const { file: worker } = await bundleWorker(dir);
  const emulator = await startEmulator({ accounts: [snapshot], faults });
  try {
    // As the Lambda worker scans: it knows the account its credentials reach (no STS call).
    const target = {
      accountId: snapshot.accountId,
      region: BENCH_REGION,
      credentialsAccountId: snapshot.accountId,
    };

    // 1. The full scan of a Security Hub without our findings.
    const first = await runWorker(worker, emulator, faults, options, target);
    const hub = digestOf(emulator.securityHubFindings());
    const publish = first.result.report.publish;
    const imported = publish.created + publish.updated + publish.archived;
    const collectionMin = minCalls(snapshot, { accountKnown: true });
    const min = sumCalls(
      collectionMin,
      securityHubMinCalls({
        checkIds: checks.map((c) => c.metadata.id),
        importedFindings: imported,
      }),
    );
    const served = minus(first.calls, first.throttled);
    const aws = awsBucketLoads(served, options.throttleFactor);
    const paced = pacedBucketLoads(served, options.rateShare, options.rateShare);
    const bound = boundOf(aws);
    const pacedBound = boundOf(paced);
    const findings = Object.values(first.result.report.results).reduce(
      (n, bySeverity) => n + Object.values(bySeverity ?? {}).reduce((a, b) => a + (b ?? 0), 0),
      0,
    );

    // 2. The unchanged account again: everything unchanged and recent, nothing imported.
    const second = await runWorker(worker, emulator, faults, options, target);
    const secondPublish = second.result.report.publish;
    const secondServed = minus(second.calls, second.throttled);
    const secondBound = boundOf(awsBucketLoads(secondServed, options.throttleFactor));

    // 3. UpdateService on one service, and the rescan its CloudTrail event asks for.
    const service = pickService(snapshot.regions[BENCH_REGION] as RegionSnapshot);
    const change = updateService(snapshot, service);
    const rescan = await runWorker(worker, emulator, faults, options, {
      ...target,
      checks: change.checks,
      focus: change.focus,
      resourceArns: change.resourceArns,
      resourcePrefixes: change.resourcePrefixes,
    });
    const rescanPublish = rescan.result.report.publish;

    const total = totalCalls(first.calls);
    const output = {
      size: options.size,
      seed: options.seed,
      latencyMs: options.latencyMs,
      rateShare: options.pacing ? options.rateShare : null,
      throttleFactor: options.throttleFactor,
      workerHeapMB: options.workerHeapMB ?? null,
      resources: size,
      calls: first.calls,
      totalCalls: total,
      minCalls: totalCalls(min),
      callsRatio: round(total / totalCalls(min)),
      callsOverMinimum: differences(first.calls, min),
      wallSeconds: first.result.wallSeconds,
      boundSeconds: round(bound?.boundSeconds ?? 0),
      boundBucket: bound?.bucket,
      wallOverBound: bound?.boundSeconds
        ? round(first.result.wallSeconds / bound.boundSeconds)
        : null,
      pacedBoundSeconds: round(pacedBound?.boundSeconds ?? 0),
      wallOverPacedBound: pacedBound?.boundSeconds
        ? round(first.result.wallSeconds / pacedBound.boundSeconds)
        : null,
      phases: {
        collectSeconds: first.result.collectSeconds,
        evaluateSeconds: first.result.evaluateSeconds,
        publishSeconds: first.result.publishSeconds,
      },
      buckets: bucketsSummary(aws.slice(0, 6)),
      peakRssMB: first.result.peakRssMB,
      peakHeapUsedMB: first.result.peakHeapUsedMB,
      throttledCalls: totalCalls(first.throttled),
      throttledByOperation: first.throttled,
      collectionFailures: first.result.report.collectionFailures.length,
      findings,
      imported: {
        created: publish.created,
        updated: publish.updated,
        archived: publish.archived,
        failed: publish.failed,
      },
      securityHub: hub,
      secondScan: {
        calls: totalCalls(second.calls),
        securityHubCalls: second.calls.securityhub ?? {},
        wallSeconds: second.result.wallSeconds,
        boundSeconds: round(secondBound?.boundSeconds ?? 0),
        boundBucket: secondBound?.bucket,
        imported: secondPublish.created + secondPublish.updated + secondPublish.archived,
        unchangedSkipped: secondPublish.unchangedSkipped,
        throttledCalls: totalCalls(second.throttled),
        peakRssMB: second.result.peakRssMB,
        peakHeapUsedMB: second.result.peakHeapUsedMB,
      },
      rescan: {
        service: service.serviceArn,
        focus: change.focus,
        calls: rescan.calls,
        wallSeconds: rescan.result.wallSeconds,
        imported: {
          created: rescanPublish.created,
          updated: rescanPublish.updated,
          archived: rescanPublish.archived,
          unchanged: rescanPublish.unchangedSkipped,
        },
        throttledCalls: totalCalls(rescan.throttled),
      },
      rescanCalls: totalCalls(rescan.calls),
      rescanWallSeconds: rescan.result.wallSeconds,
      benchSeconds: round((performance.now() - benchStarted) / 1000, 1),
      warnings: [...new Set([...first.result.warnings, ...rescan.result.warnings])].slice(0, 5),
    };
    process.stdout.write(`${JSON.stringify(output)}\n`);
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
