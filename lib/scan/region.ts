// One region of a scan: its data (collected live, all of it or what a focus leads to, or taken from
// a snapshot file), judged, as findings, with the scope they may be published in. A staged scan
// judges and publishes while it collects (stages.ts): the checks whose inputs are complete while
// the slowest categories still collect, then the rest. An aborted collection publishes only the
// stages whose inputs were all collected before: it never archives or overwrites what it did not see.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { RegionClients } from '../aws/regionClients.ts';
import type { RegionCollection } from '../collect/collect.ts';
import type { ScanFocus } from '../collect/focus.ts';
import type { ScanConfig } from '../config.ts';
import type { Check } from '../evaluate/check.ts';
import { evaluateSnapshot, type ScanResult } from '../evaluate/evaluate.ts';
import type { ExemptionFile } from '../evaluate/exemptions/file.ts';
import { buildFindings } from '../findings/asff.ts';
import type { Publication } from '../publish/publication.ts';
import { type PublishScope, publishScopes } from '../publish/scope.ts';
import type { ProgressEvent } from '../report/progress.ts';
import { type RegionSnapshot, SNAPSHOT_FORMAT } from '../snapshot/types.ts';
import { productVersion } from '../version.ts';
import { countFindings, type FindingCounts } from './counts.ts';
import { ScanAbortedError, throwIfAborted } from './errors.ts';
import type { ScanIo } from './ioModule.ts';
import { conclusiveResults, hostSectionsOf, isWholeRegionCheck } from './partialView.ts';
import { sectionsFor, stagedJudging } from './stages.ts';

export interface ScanLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** What every region of one scan shares. */
export interface RegionScanContext {
  accountId: string;
  partition: string;
  checks: readonly Check[];
  /** Every registered check ID: an exemption naming a check not run is not wrong. */
  knownCheckIds: readonly string[];
  focus?: ScanFocus;
  config: ScanConfig;
  exemptionsFile?: ExemptionFile;
  clock: { now(): Date };
  logger: ScanLogger;
  /** Each environment value's credentials, detected once per scan whichever stage judges it first. */
  credentialKinds: Map<string, string[]>;
  /** Told each judged part's exemption problems (the scan reports each once). */
  onExemptionProblems: (scan: ScanResult) => void;
  signal?: AbortSignal;
}

/** Where a region's data comes from. */
export type RegionSource =
  | {
      live: {
        io: ScanIo;
        clients: RegionClients;
        clientsFor: (region: string) => RegionClients;
        onProgress?: (event: ProgressEvent) => void;
      };
    }
  | {
      snapshot: RegionSnapshot;
      collection: Omit<RegionCollection, 'snapshot'>;
      failuresUnknown?: boolean;
    };

/** A judged part of a region: its results, their findings. */
export interface Judged {
  scan: ScanResult;
  findings: AwsSecurityFinding[];
}

/**
 * A stage a staged scan judged and published while it collected: only its counts stay (the
 * findings sent need no memory while the collection goes on).
 */
export interface PublishedStage {
  checkIds: string[];
  counts: FindingCounts;
}

export interface RegionJudgement {
  region: string;
  /** The stages already published (a staged scan), in order. */
  stages: PublishedStage[];
  /** The last judgement, still to publish: everything unless the scan was staged. */
  last: Judged;
  collection: RegionCollection;
  /** The checks of the last part. */
  lateChecks: Check[];
  /** The checks already judged and published in stages. */
  publishedChecks: Check[];
}

/** Judges some checks on a region snapshot, and builds their findings. */
export const judge = async (
  context: RegionScanContext,
  region: string,
  snapshot: RegionSnapshot,
  collection: Omit<RegionCollection, 'snapshot'> & { failuresUnknown?: boolean },
  checks: readonly Check[],
): Promise<Judged> => {
  const { accountId, partition } = context;
  const evaluated = await evaluateSnapshot(
    {
      format: SNAPSHOT_FORMAT,
      accountId,
      partition,
      failures: [],
      regions: { [region]: snapshot },
    },
    context.config,
    context.clock.now(),
    checks,
    {
      collectionFailures: collection.failures,
      failuresUnknown: collection.failuresUnknown,
      exemptionsFile: context.exemptionsFile,
      knownCheckIds: context.knownCheckIds,
      credentialKinds: context.credentialKinds,
      // A focus collects only some sections on purpose: no region-coverage results then.
      regionCoverage: !context.focus,
    },
  );
  context.onExemptionProblems(evaluated);
  const scan = {
    ...evaluated,
    results: conclusiveResults(evaluated.results, checks, context.focus),
  };
  const findings = buildFindings(
    scan.results,
    new Map(checks.map((c) => [c.metadata.id, c.metadata])),
    { accountId, partition, evaluatedAt: scan.evaluatedAt, productVersion: productVersion() },
  );
  return { scan, findings };
};

/**
 * Collects a region live and judges it; with `publication`, in stages: the checks whose inputs
 * are all collected are judged and published while the rest still collects.
 */
const collectAndJudge = async (
  context: RegionScanContext,
  region: string,
  live: Extract<RegionSource, { live: unknown }>['live'],
  publication: Publication | undefined,
): Promise<RegionJudgement> => {
  const { checks, signal, logger } = context;
  const published: PublishedStage[] = [];
  const stages = stagedJudging(checks, signal, async (ready, progress) => {
    const others = checks.filter((c) => !ready.includes(c));
    const part = await judge(
      context,
      region,
      sectionsFor(progress.snapshot, ready, others),
      { failures: progress.failures },
      ready,
    );
    const [scope] = publishScopes(part.scan, ready);
    if (!scope) throw new Error(`no publish scope for ${region}`);
    // Full imports only: the rest goes with the next stage's, as in a scan of one stage.
    await publication?.stage(part.findings, scope, {
      holdPartialBatch: true,
      now: context.clock.now(),
    });
    logger.info('Published the checks whose inputs are collected; the others follow.', {
      checks: ready.map((c) => c.metadata.id),
      findings: part.findings.length,
    });
    published.push({
      checkIds: ready.map((c) => c.metadata.id),
      counts: countFindings(part.findings),
    });
    return [];
  });
  const collection = await live.io.collectFocused(live.clients, region, {
    logger,
    accountId: context.accountId,
    config: context.config,
    focus: context.focus,
    clientsFor: live.clientsFor,
    onProgress: live.onProgress,
    // Only what the checks to run read; what only the VPC check reads, only where it can conclude.
    sections: [
      ...new Set(checks.filter((c) => !isWholeRegionCheck(c)).flatMap((c) => c.metadata.inputs)),
    ],
    hostSections: hostSectionsOf(checks),
    onSections: publication ? stages.onSections : undefined,
  });
  // A stage's own failure (Security Hub) is the scan's, as it would be at the end.
  const early = await stages.close();
  await stopIfAborted(
    signal,
    `while collecting ${context.accountId} ${region}`,
    early.judged,
    publication,
  );
  const last = await judge(
    context,
    region,
    publication
      ? sectionsFor(collection.snapshot, early.remaining, early.judged)
      : collection.snapshot,
    collection,
    early.remaining,
  );
  return {
    region,
    stages: published,
    last,
    collection,
    lateChecks: early.remaining,
    publishedChecks: early.judged,
  };
};

/** Stops an aborted scan; the stages judged were complete for their checks: sent in full. */
export const stopIfAborted = async (
  signal: AbortSignal | undefined,
  what: string,
  published: readonly Check[],
  publication: Publication | undefined,
): Promise<void> => {
  if (!signal?.aborted) return;
  if (published.length === 0 || !publication) throwIfAborted(signal, what);
  await publication?.finish();
  const ids = published.map((c) => c.metadata.id);
  throw new ScanAbortedError(
    `the scan was stopped before the Lambda timeout ${what}; only the findings of the ${ids.length} checks whose inputs were all collected were published (the next scan judges the others).`,
    ids,
  );
};

/**
 * A region's data judged. `publication` (a staged scan): stages are published as they are judged;
 * the last part is left to the caller, which publishes it in `lastScope`.
 */
export const judgeRegion = async (
  context: RegionScanContext,
  region: string,
  source: RegionSource,
  publication?: Publication,
): Promise<RegionJudgement> => {
  throwIfAborted(context.signal, 'before it started');
  if ('live' in source) return collectAndJudge(context, region, source.live, publication);
  const collection = { snapshot: source.snapshot, ...source.collection };
  const part = await judge(
    context,
    region,
    source.snapshot,
    { ...source.collection, failuresUnknown: source.failuresUnknown },
    context.checks,
  );
  return {
    region,
    stages: [],
    last: part,
    collection,
    lateChecks: [...context.checks],
    publishedChecks: [],
  };
};

/** The scope the last part of a region is published in. */
export const lastScope = (
  judgement: RegionJudgement,
  resourceArns: readonly string[] | undefined,
): PublishScope => {
  const [scope] = publishScopes(judgement.last.scan, judgement.lateChecks, resourceArns);
  if (!scope) throw new Error(`no publish scope for ${judgement.region}`);
  return scope;
};
