// The scan core: every way of running the scanner (the CLI, `npm start`, the Lambda worker, the
// bench) calls `scan`. Given the regions, the checks, the clients and a publish mode, it identifies
// the account, collects each region (or takes a snapshot file's), judges, builds findings and
// publishes them to that account's Security Hub, and returns one outcome.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { CallStats, ClientFactory, Credentials } from '../aws/clients.ts';
import type { ScanFocus } from '../collect/focus.ts';
import type { ScanConfig } from '../config.ts';
import type { Check } from '../evaluate/check.ts';
import { type CoverageGap, coverageGaps, type ScanResult } from '../evaluate/evaluate.ts';
import { loadConfiguredExemptions } from '../evaluate/exemptions/configured.ts';
import type { Publication } from '../publish/publication.ts';
import type { PlannedSummary } from '../publish/summary.ts';
import { describeProblem } from '../report/exemptions.ts';
import type { ProgressEvent } from '../report/progress.ts';
import type { CollectionFailure, Snapshot } from '../snapshot/types.ts';
import { selectChecks } from './checks.ts';
import { identityOf, type ScanClients, scanClients } from './clients.ts';
import { countFindings, type FindingCounts } from './counts.ts';
import { PublishError } from './errors.ts';
import type { Identity } from './identity.ts';
import type { ScanIo } from './ioModule.ts';
import { seesEveryService } from './partialView.ts';
import {
  judgeRegion,
  lastScope,
  type RegionJudgement,
  type RegionScanContext,
  type RegionSource,
  type ScanLogger,
  stopIfAborted,
} from './region.ts';

export type PublishMode = 'none' | 'dry-run' | 'publish';

export interface ScanRequest {
  regions: readonly string[];
  /** Judge this snapshot (a file) instead of collecting; its account and partition are the scan's. */
  snapshot?: Snapshot;
  /** The account the scan is for; absent: the one the credentials reach (or the snapshot's). */
  accountId?: string;
  /** The account's credentials; absent: the clients' own. */
  credentials?: Credentials;
  /** The account the credentials are known to reach: no STS call then. */
  credentialsAccountId?: string;
  /** Check IDs; absent: every registered check. An unknown ID is an error. */
  checkIds?: readonly string[];
  /** A focused rescan; absent: the whole region. */
  focus?: ScanFocus;
  /** Resources whose findings are in scope even when gone (then archived). */
  resourceArns?: readonly string[];
  /** The resources with ACTIVE findings of the checks under these ARN prefixes join resourceArns. */
  resourcePrefixes?: readonly string[];
  /** `affected` (default): resourceArns plus what the focused scan judged; `listed`: resourceArns only. */
  resourceScope?: 'affected' | 'listed';
  publish?: PublishMode;
  /**
   * Judge and publish the checks whose inputs are collected while the rest still collects (the
   * Lambda's time counts most). Off: every region is judged, `beforePublish` runs (the CLI's
   * report is out before anything is imported), then region after region is published.
   */
  staged?: boolean;
  /** Aborts collection: only what was judged in full before is published. */
  signal?: AbortSignal;
}

export interface ScanDependencies {
  /** Every registered check (checks/registry.ts, passed in by the entry point). */
  registry: readonly Check[];
  /** The collectors and the publisher; needed to collect or publish (judging a file needs neither). */
  io?: ScanIo;
  clients?: ClientFactory;
  config: ScanConfig;
  refreshDays: number;
  /** Wall clock: evaluation time and finding timestamps. */
  clock: { now(): Date };
  logger: ScanLogger;
  /** Every collection call's running counts (a terminal's progress line). */
  onProgress?: (event: ProgressEvent) => void;
  /** Called once everything is judged, before anything more is published. */
  beforePublish?: (judged: { scan: ScanResult; findings: AwsSecurityFinding[] }) => unknown;
}

/** One region of the outcome. */
export interface RegionOutcome {
  accountId: string;
  region: string;
  focused: boolean;
  checkIds: string[];
  /** The resources whose findings the publish could touch; undefined: every resource. */
  resourceArns?: string[];
  /** The findings in the publish scope, by status and severity. */
  results: FindingCounts;
  collectionFailures: CollectionFailure[];
  /** Collector calls (attempts) and throttled attempts; Security Hub's are in publish. */
  collection: CallStats;
  /** Absent: nothing was to be published. */
  publish?: PlannedSummary;
  durationMs: number;
}

export interface ScanOutcome extends Identity {
  /** Every region's results, as the reports render them. */
  scan: ScanResult;
  findings: AwsSecurityFinding[];
  regions: RegionOutcome[];
  /** Collector calls of every region (other regions' secrets included). */
  collection: CallStats;
  failures: CollectionFailure[];
  /** The sections not collected, per region. */
  coverage: CoverageGap[];
  durationMs: number;
}

const sourceOf = (
  request: ScanRequest,
  deps: ScanDependencies,
  clients: ScanClients,
  region: string,
): RegionSource => {
  const { snapshot } = request;
  if (!snapshot) {
    return {
      live: {
        io: deps.io as ScanIo,
        clients: clients.regionClients(region),
        clientsFor: clients.regionClients,
        onProgress: deps.onProgress,
      },
    };
  }
  const absent = snapshot.absent?.filter((a) => a.region === region);
  return {
    snapshot: snapshot.regions[region] ?? {},
    collection: {
      failures: (snapshot.failures ?? []).filter((f) => f.region === region),
      ...(absent?.length ? { absent } : {}),
    },
    failuresUnknown: snapshot.failuresUnknown,
  };
};

/** The resources a region's publish may touch; undefined: every resource of its checks. */
const resourceArnsOf = async (
  request: ScanRequest,
  findings: readonly AwsSecurityFinding[],
  underPrefixes: () => Promise<string[]>,
): Promise<string[] | undefined> => {
  const listed = [
    ...(request.resourceArns ?? []),
    ...(request.resourcePrefixes?.length ? await underPrefixes() : []),
  ];
  // A focus judges what it leads to: the publish may touch those resources and the listed ones
  // (`listed`: only the listed ones and those under the prefixes). The all-services focus sees
  // every service, so its results are complete for the region.
  const judged = findings.flatMap((f) => (f.Resources?.[0]?.Id ? [f.Resources[0].Id] : []));
  const prefixes = request.resourcePrefixes ?? [];
  const underPrefix = judged.filter((arn) => prefixes.some((p) => arn.startsWith(p)));
  if (request.resourceScope === 'listed') return [...new Set([...listed, ...underPrefix])];
  if (request.focus && !request.focus.allServices) return [...new Set([...listed, ...judged])];
  return undefined;
};

/** Every region's parts as one result, as the reports render an account. */
const mergedResult = (
  identity: Identity,
  regions: readonly string[],
  checks: readonly Check[],
  judgements: readonly RegionJudgement[],
  config: ScanConfig,
  problems: ScanResult['exemptionProblems'],
): ScanResult => {
  const parts = judgements.flatMap((j) => j.parts.map((p) => p.scan));
  const failures = judgements.flatMap((j) => j.collection.failures);
  return {
    accountId: identity.accountId,
    partition: identity.partition,
    regions: [...regions],
    evaluatedAt:
      parts
        .map((p) => p.evaluatedAt)
        .sort()
        .at(-1) ?? new Date(0).toISOString(),
    checkIds: checks.map((c) => c.metadata.id),
    results: parts.flatMap((p) => p.results),
    // From the whole collection: a stage judges a snapshot without the other stages' sections.
    notCollected: judgements.flatMap((j) =>
      coverageGaps(j.region, j.collection.snapshot, config.exemptionTags !== false),
    ),
    collectionFailures: failures,
    ...(parts.some((p) => p.regionCoverage) ? { regionCoverage: true } : {}),
    ...(parts.some((p) => p.failuresUnknown) ? { failuresUnknown: true } : {}),
    ...(config.exemptionTags === false ? { exemptionTags: false } : {}),
    exemptionProblems: problems,
  };
};

export const scan = async (request: ScanRequest, deps: ScanDependencies): Promise<ScanOutcome> => {
  const started = performance.now();
  const checks = selectChecks(deps.registry, request.checkIds);
  const mode = request.publish ?? 'none';
  const callsAws = !request.snapshot || mode !== 'none';
  const knownCheckIds = deps.registry.map((c) => c.metadata.id);
  // Read before any AWS call: a bad file fails the scan rather than publish without its exemptions.
  const exemptionsFile = await loadConfiguredExemptions(deps.config, new Set(knownCheckIds));
  const clients = scanClients(request, deps);
  try {
    const identity = await identityOf(request, deps, clients, callsAws);
    const { accountId, partition } = identity;
    // A scope that does not depend on what the scan finds is read while it collects.
    const fullScope = request.resourceScope !== 'listed' && seesEveryService(request.focus);
    const publications = new Map<string, Publication>(
      mode === 'none'
        ? []
        : request.regions.map((region) => [
            region,
            (deps.io as ScanIo).startPublication({
              client: clients.securityHub(region),
              accountId,
              region,
              partition,
              now: deps.clock.now(),
              refreshDays: deps.refreshDays,
              dryRun: mode === 'dry-run',
              logger: deps.logger,
              existing: fullScope
                ? { accountId, region, checkIds: checks.map((c) => c.metadata.id) }
                : undefined,
            }),
          ]),
    );
    const problems: NonNullable<ScanResult['exemptionProblems']> = [];
    const seen = new Set<string>();
    const context: RegionScanContext = {
      accountId,
      partition,
      checks,
      knownCheckIds,
      focus: request.focus,
      config: deps.config,
      exemptionsFile,
      credentialKinds: new Map(),
      clock: deps.clock,
      logger: deps.logger,
      signal: request.signal,
      onExemptionProblems: (part) => {
        for (const problem of part.exemptionProblems ?? []) {
          const line = describeProblem(problem);
          if (seen.has(line)) continue;
          seen.add(line);
          problems.push(problem);
        }
      },
    };
    const staged = Boolean(request.staged) && mode !== 'none' && fullScope;
    const judgements = await Promise.all(
      request.regions.map((region) =>
        judgeRegion(
          context,
          region,
          sourceOf(request, deps, clients, region),
          staged ? publications.get(region) : undefined,
        ),
      ),
    );
    const findings = judgements.flatMap((j) => j.parts.flatMap((p) => p.findings));
    const result = mergedResult(
      identity,
      request.regions,
      checks,
      judgements,
      deps.config,
      problems,
    );
    await deps.beforePublish?.({ scan: result, findings });

    const regions: RegionOutcome[] = [];
    for (const [index, judgement] of judgements.entries()) {
      const { region } = judgement;
      const regionFindings = judgement.parts.flatMap((p) => p.findings);
      const publication = publications.get(region);
      const resourceArns = await resourceArnsOf(request, regionFindings, async () =>
        publication
          ? publication.resourcesUnder(
              checks.map((c) => c.metadata.id),
              request.resourcePrefixes ?? [],
            )
          : [],
      );
      let publish: PlannedSummary | undefined;
      if (publication) {
        await stopIfAborted(
          request.signal,
          `before publishing ${accountId} ${region}`,
          judgement.publishedChecks,
          publication,
        );
        try {
          const last = judgement.parts.at(-1);
          await publication.stage(last?.findings ?? [], lastScope(judgement, resourceArns), {
            now: deps.clock.now(),
          });
          const { plan, ...summary } = await publication.finish();
          publish = (deps.io as ScanIo).withPlanned(summary, plan);
        } catch (error) {
          if (!(error instanceof (deps.io as ScanIo).SecurityHubCallError)) throw error;
          const later = judgements.slice(index + 1).map((j) => j.region);
          throw new PublishError(
            error,
            regions.flatMap((r) => (r.publish ? [r.publish] : [])),
            later,
          );
        }
      }
      const inScope = resourceArns && new Set(resourceArns);
      regions.push({
        accountId,
        region,
        focused: Boolean(request.focus),
        checkIds: checks.map((c) => c.metadata.id),
        ...(resourceArns ? { resourceArns } : {}),
        results: countFindings(
          inScope
            ? regionFindings.filter((f) => inScope.has(f.Resources?.[0]?.Id ?? ''))
            : regionFindings,
        ),
        collectionFailures: judgement.collection.failures,
        collection: clients.statsOf(region),
        ...(publish ? { publish } : {}),
        durationMs: Math.round(performance.now() - started),
      });
    }
    return {
      ...identity,
      scan: result,
      findings,
      regions,
      collection: clients.total(),
      failures: result.collectionFailures,
      coverage: result.notCollected,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    clients.destroy();
  }
};
