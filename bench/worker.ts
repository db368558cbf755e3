// One scan of the bench in a process of its own, as the Lambda worker runs it (the scan core,
// lib/scan: collect, evaluate, publish in stages), so that its peak RSS is the scanner's alone (the
// emulator runs in the bench's process). Started by bench/run.ts with `fork`; it says `ready` once
// its modules are loaded, scans on the first message and answers with the report and its timings.
// Its imports are static, as the handlers' are: behind an import(), esbuild kept the SDK packages
// whole (every EC2 command and its schemas), and the worker loaded 48 MB more than the deployed one.
import { checks } from '../checks/registry.ts';
import { createClientFactory } from '../lib/aws/clients.ts';
import { resolveConfig } from '../lib/config.ts';
import { warnExemptionProblems } from '../lib/report/exemptions.ts';
import * as io from '../lib/scan/io.ts';
import { type RegionOutcome, type ScanRequest, scan } from '../lib/scan/scan.ts';

/** What the worker scans: one account and region, as a queue message names them. */
export type BenchTarget = Pick<
  ScanRequest,
  'credentialsAccountId' | 'focus' | 'resourceArns' | 'resourcePrefixes'
> & { accountId: string; region: string; checks?: string[] };

export interface WorkerRequest {
  endpoint: string;
  /** The target without credentials and abort signal (the bench's default account). */
  target: BenchTarget;
  /** The scan's clock (ISO): evaluation time and finding timestamps. */
  now: string;
  refreshDays: number;
  /** `false`: no client-side pacing. The share itself comes from ECS_SCANNER_RATE_SHARE. */
  pacing: boolean;
}

export interface WorkerResult {
  report: RegionOutcome & Required<Pick<RegionOutcome, 'publish'>>;
  wallSeconds: number;
  /** From the scan's start to the last answer of a collection call. */
  collectSeconds: number;
  /** From then to the first BatchImportFindings call, or the end (evaluation and findings). */
  evaluateSeconds: number;
  publishSeconds: number;
  peakRssMB: number;
  /** The largest V8 heap in use, sampled every 100 ms. */
  peakHeapUsedMB: number;
  pacing?: import('../lib/aws/pacing.ts').CategoryStats[];
  warnings: string[];
}

const MEGABYTE = 1024 * 1024;

const main = async () => {
  // Loading the SDK is part of a cold start, not of the scan: ask for work only now.
  process.send?.({ ready: true });
  const request = await new Promise<WorkerRequest>((resolve) =>
    process.once('message', (message) => resolve(message as WorkerRequest)),
  );
  const marks = { lastCollect: 0, firstPublish: 0 };
  const mark = <T>(client: T, which: 'collect' | 'publish'): T => {
    const stack = (client as { middlewareStack: { add: (...args: unknown[]) => void } })
      .middlewareStack;
    stack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
        async (args: unknown) => {
          // Our findings may be read during collection: publishing starts with the first import.
          if (
            which === 'publish' &&
            !marks.firstPublish &&
            context.commandName === 'BatchImportFindingsCommand'
          )
            marks.firstPublish = performance.now();
          try {
            return await next(args);
          } finally {
            if (which === 'collect') marks.lastCollect = performance.now();
          }
        },
      { step: 'initialize', name: 'benchMarks' },
    );
    return client;
  };
  const factory = createClientFactory({
    endpoint: request.endpoint,
    credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator' },
    ...(request.pacing ? {} : { pacing: false as const }),
  });
  let pacer: import('../lib/aws/pacing.ts').Pacer | undefined;
  const clients = {
    ...factory,
    regionClients: (...args: Parameters<typeof factory.regionClients>) => {
      const set = factory.regionClients(...args);
      pacer = set.pacer;
      for (const key of ['ecs', 'elbv2', 'ec2', 'appmesh', 'acm', 'ssm', 'secretsManager'] as const)
        mark(set[key], 'collect');
      return set;
    },
    securityHub: (...args: Parameters<typeof factory.securityHub>) =>
      mark(factory.securityHub(...args), 'publish'),
  };
  const warnings: string[] = [];
  const logger = {
    info: () => {},
    warn: (message: string) => {
      warnings.push(message);
    },
  };
  const now = new Date(request.now);
  let peakHeapUsed = 0;
  const sampler = setInterval(() => {
    peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed);
  }, 100);
  const started = performance.now();
  const { region, checks: checkIds, ...target } = request.target;
  const outcome = await scan(
    { ...target, regions: [region], checkIds, publish: 'publish', staged: true },
    {
      registry: checks,
      io,
      clients,
      config: resolveConfig({}, {}),
      refreshDays: request.refreshDays,
      clock: { now: () => now },
      logger,
    },
  );
  // As the Lambda worker logs them (handlers/worker.ts).
  warnExemptionProblems(outcome.scan, logger);
  const [regionOutcome] = outcome.regions;
  if (!regionOutcome?.publish) throw new Error('the bench scan published nothing');
  const report = {
    ...regionOutcome,
    publish: regionOutcome.publish,
    collection: outcome.collection,
  };
  const ended = performance.now();
  clearInterval(sampler);
  const seconds = (ms: number) => Math.round(ms) / 1000;
  const lastCollect = marks.lastCollect || started;
  const firstPublish = marks.firstPublish || ended;
  const result: WorkerResult = {
    report,
    wallSeconds: seconds(ended - started),
    collectSeconds: seconds(lastCollect - started),
    evaluateSeconds: seconds(Math.max(0, firstPublish - lastCollect)),
    publishSeconds: seconds(ended - firstPublish),
    // maxRSS is in kilobytes.
    peakRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / MEGABYTE),
    peakHeapUsedMB: Math.round(peakHeapUsed / MEGABYTE),
    ...(pacer ? { pacing: pacer.stats() } : {}),
    warnings: warnings.slice(0, 20),
  };
  process.send?.(result, undefined, {}, () => process.exit(0));
};

main().catch((error: unknown) => {
  process.send?.({
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exitCode = 1;
});
