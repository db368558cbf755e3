// The scan core: every way of running the scanner (the CLI, `npm start`, the Lambda worker, the
// bench) calls `scan`. Given the regions, the checks, the clients and a publish mode, it identifies
// the account, collects each region (or takes a snapshot file's), judges, builds findings and
// publishes them to that account's Security Hub, and returns one outcome.
import type { CallStats } from '../aws/clients.ts';
import type { ScanConfig } from '../config.ts';
import type { Check } from '../evaluate/check.ts';
import { coverageGaps, type ScanResult } from '../evaluate/evaluate.ts';
import { loadConfiguredExemptions } from '../evaluate/exemptions/configured.ts';
import { describeProblem } from '../report/exemptions.ts';
import { type CheckSelection, concernsChecks, selectChecks } from './checks.ts';
import { identityOf, type ScanClients, scanClients } from './clients.ts';
import { countFindings, mergeCounts } from './counts.ts';
import { PublishError } from './errors.ts';
import type { Identity } from './identity.ts';
import type { ScanIo } from './ioModule.ts';
import { type PublishedRegion, publishRegion, startPublications } from './publishing.ts';
import {
  judgeRegion,
  type RegionJudgement,
  type RegionScanContext,
  type RegionSource,
} from './region.ts';
import type { RegionOutcome, ScanDependencies, ScanOutcome, ScanRequest } from './request.ts';

export type {
  PublishMode,
  RegionOutcome,
  ScanDependencies,
  ScanOutcome,
  ScanRequest,
} from './request.ts';

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

/** Every region's parts as one result, as the reports render an account. */
const mergedResult = (
  identity: Identity,
  regions: readonly string[],
  checks: readonly Check[],
  judgements: readonly RegionJudgement[],
  config: ScanConfig,
  problems: ScanResult['exemptionProblems'],
): ScanResult => {
  const parts = judgements.map((j) => j.last.scan);
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

/** The request's check filters; only those it gives. */
const selectionOf = (request: ScanRequest): CheckSelection => ({
  ...(request.checkIds ? { checks: request.checkIds } : {}),
  ...(request.excludeCheckIds ? { excludeChecks: request.excludeCheckIds } : {}),
  ...(request.services ? { services: request.services } : {}),
  ...(request.minSeverity ? { minSeverity: request.minSeverity } : {}),
});

/**
 * Each exemption problem of the scan once, whichever region or stage met it first; only those
 * that concern the checks run.
 */
const exemptionProblems = (checks: readonly Check[]) => {
  const problems: NonNullable<ScanResult['exemptionProblems']> = [];
  const seen = new Set<string>();
  return {
    problems,
    onExemptionProblems: (part: ScanResult) => {
      for (const problem of part.exemptionProblems ?? []) {
        const line = describeProblem(problem);
        if (seen.has(line) || !concernsChecks(problem, checks)) continue;
        seen.add(line);
        problems.push(problem);
      }
    },
  };
};

/** A region's line of the outcome: counts of the findings in its publish scope, its calls. */
const regionOutcome = (
  judgement: RegionJudgement,
  published: PublishedRegion,
  shared: {
    accountId: string;
    focused: boolean;
    checkIds: string[];
    collection: CallStats;
    started: number;
  },
): RegionOutcome => {
  const { findings } = judgement.last;
  const { resourceArns, publish } = published;
  const inScope = resourceArns && new Set(resourceArns);
  return {
    accountId: shared.accountId,
    region: judgement.region,
    focused: shared.focused,
    checkIds: shared.checkIds,
    ...(resourceArns ? { resourceArns } : {}),
    results: mergeCounts([
      ...judgement.stages.map((stage) => stage.counts),
      countFindings(
        inScope ? findings.filter((f) => inScope.has(f.Resources?.[0]?.Id ?? '')) : findings,
      ),
    ]),
    collectionFailures: judgement.collection.failures,
    collection: shared.collection,
    ...(publish ? { publish } : {}),
    durationMs: Math.round(performance.now() - shared.started),
  };
};

export const scan = async (request: ScanRequest, deps: ScanDependencies): Promise<ScanOutcome> => {
  const started = performance.now();
  const checks = selectChecks(deps.registry, selectionOf(request));
  const checkIds = checks.map((c) => c.metadata.id);
  const mode = request.publish ?? 'none';
  const knownCheckIds = deps.registry.map((c) => c.metadata.id);
  // Read before any AWS call: a bad file fails the scan rather than publish without its exemptions.
  const exemptionsFile = await loadConfiguredExemptions(deps.config, new Set(knownCheckIds));
  const clients = scanClients(request, deps);
  try {
    const identity = await identityOf(request, deps, clients, !request.snapshot || mode !== 'none');
    const publications = startPublications(request, deps, clients, identity, checkIds);
    const sink = exemptionProblems(checks);
    const context: RegionScanContext = {
      ...identity,
      checks,
      knownCheckIds,
      focus: request.focus,
      config: deps.config,
      exemptionsFile,
      credentialKinds: new Map(),
      clock: deps.clock,
      logger: deps.logger,
      signal: request.signal,
      onExemptionProblems: sink.onExemptionProblems,
    };
    const staged = Boolean(request.staged) && publications.readAhead;
    const judgements = await Promise.all(
      request.regions.map((region) =>
        judgeRegion(
          context,
          region,
          sourceOf(request, deps, clients, region),
          staged ? publications.of(region) : undefined,
        ),
      ),
    );
    const findings = judgements.flatMap((j) => j.last.findings);
    const result = mergedResult(
      identity,
      request.regions,
      checks,
      judgements,
      deps.config,
      sink.problems,
    );
    await deps.beforePublish?.({ scan: result, findings });

    const regions: RegionOutcome[] = [];
    for (const [index, judgement] of judgements.entries()) {
      const published = await publishRegion(
        request,
        deps,
        judgement,
        publications.of(judgement.region),
        {
          accountId: identity.accountId,
          checkIds,
        },
      ).catch((error: unknown) => {
        if (!(error instanceof (deps.io as ScanIo).SecurityHubCallError)) throw error;
        const done = regions.flatMap((r) => (r.publish ? [r.publish] : []));
        throw new PublishError(
          error,
          done,
          judgements.slice(index + 1).map((j) => j.region),
        );
      });
      regions.push(
        regionOutcome(judgement, published, {
          accountId: identity.accountId,
          focused: Boolean(request.focus),
          checkIds,
          collection: clients.statsOf(judgement.region),
          started,
        }),
      );
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
