// One scan of one account and region, whatever asked for it: collect (all of it, or what a focus
// leads to), evaluate, build findings, publish to that account's Security Hub in that region.
// A scan of the whole region reads our findings while it collects and judges and publishes in
// stages (stages.ts): the checks whose inputs are complete while the slowest categories still
// collect, then the rest. When the collection is aborted (the Lambda is about to time out), only the
// stages whose inputs were all collected before are published: an incomplete scan never archives
// or overwrites what it did not see.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { checks as registeredChecks } from '../../checks/registry.ts';
import type { CallStats, ClientFactory, Credentials } from '../aws/clients.ts';
import { errorCodeOf } from '../aws/errors.ts';
import { partitionOfRegion } from '../aws/regions.ts';
import type { ScanFocus } from '../collect/focus.ts';
import { collectFocused } from '../collect/targeted.ts';
import type { ScanConfig } from '../config.ts';
import type { Check } from '../evaluate/check.ts';
import { evaluateSnapshot } from '../evaluate/evaluate.ts';
import { loadConfiguredExemptions } from '../evaluate/exemptions/configured.ts';
import { buildFindings } from '../findings/asff.ts';
import type { ComplianceStatus, Severity } from '../model.ts';
import { activeResourcesUnder } from '../publish/existing.ts';
import { type PlannedSummary, startPublication, withPlanned } from '../publish/publisher.ts';
import { publishScopes } from '../publish/scope.ts';
import { describeProblem } from '../report/exemptions.ts';
import type { CollectionFailure } from '../snapshot/types.ts';
import { type RegionSnapshot, SNAPSHOT_FORMAT } from '../snapshot/types.ts';
import { productVersion } from '../version.ts';
import {
  conclusiveResults,
  hostSectionsOf,
  isWholeRegionCheck,
  seesEveryService,
} from './partialView.ts';
import { sectionsFor, stagedJudging } from './stages.ts';

/**
 * The scan stopped before it had seen everything: nothing was published but, in a staged scan,
 * the findings of the checks whose inputs were all collected before (`publishedCheckIds`).
 */
export class ScanAbortedError extends Error {
  override readonly name = 'ScanAbortedError';
  constructor(
    message: string,
    readonly publishedCheckIds: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The credentials do not reach the account the scan is for. */
export class WrongAccountError extends Error {
  override readonly name = 'WrongAccountError';
}

export interface PipelineLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface ScanTarget {
  accountId: string;
  region: string;
  /** The account's credentials; undefined: the function's own (the deployment account). */
  credentials?: Credentials;
  /**
   * The account the credentials are known to reach (the worker's own account, or the one whose
   * member role STS just let it assume): no GetCallerIdentity call then. Absent: asked of STS.
   */
  credentialsAccountId?: string;
  /** Check IDs; default every check. */
  checks?: readonly string[];
  /** A focused rescan; absent: the whole region. */
  focus?: ScanFocus;
  /** Resources whose findings are in scope even when gone (then archived). */
  resourceArns?: readonly string[];
  /** The resources with ACTIVE findings under these ARN prefixes join resourceArns. */
  resourcePrefixes?: readonly string[];
  /** `affected` (default): resourceArns plus what the focused scan judged; `listed`: resourceArns only. */
  resourceScope?: 'affected' | 'listed';
  dryRun?: boolean;
  /** Aborts collection (the handler's deadline): only the stages already judged are published. */
  signal?: AbortSignal;
}

export interface ScanDependencies {
  clients: ClientFactory;
  config: ScanConfig;
  refreshDays: number;
  /** Wall clock: evaluation time and finding timestamps. */
  clock: { now(): Date };
  logger: PipelineLogger;
}

export type FindingCounts = Partial<Record<ComplianceStatus, Partial<Record<Severity, number>>>>;

export interface ScanReport {
  accountId: string;
  region: string;
  focused: boolean;
  checkIds: string[];
  /** The resources whose findings the publish could touch; undefined: every resource. */
  resourceArns?: string[];
  results: FindingCounts;
  collectionFailures: CollectionFailure[];
  /** Collector calls (attempts) and throttled attempts; Security Hub's are in publish. */
  collection: CallStats;
  publish: PlannedSummary;
  durationMs: number;
}

const selectChecks = (ids: readonly string[] | undefined): Check[] =>
  ids ? registeredChecks.filter((c) => ids.includes(c.metadata.id)) : [...registeredChecks];

const countResults = (findings: readonly AwsSecurityFinding[]): FindingCounts => {
  const counts: FindingCounts = {};
  for (const finding of findings) {
    const status = (finding.Compliance?.Status ?? 'NOT_AVAILABLE') as ComplianceStatus;
    const severity = (finding.FindingProviderFields?.Severity?.Label ??
      finding.Severity?.Label ??
      'INFORMATIONAL') as Severity;
    const bySeverity = counts[status] ?? {};
    bySeverity[severity] = (bySeverity[severity] ?? 0) + 1;
    counts[status] = bySeverity;
  }
  return counts;
};

const mergeCounts = (all: readonly FindingCounts[]): FindingCounts => {
  const merged: FindingCounts = {};
  for (const counts of all) {
    for (const [status, bySeverity] of Object.entries(counts) as [
      ComplianceStatus,
      Partial<Record<Severity, number>>,
    ][]) {
      const into = merged[status] ?? {};
      for (const [severity, n] of Object.entries(bySeverity) as [Severity, number][]) {
        into[severity] = (into[severity] ?? 0) + n;
      }
      merged[status] = into;
    }
  }
  return merged;
};

const throwIfAborted = (signal: AbortSignal | undefined, what: string) => {
  if (signal?.aborted) {
    throw new ScanAbortedError(
      `the scan was stopped before the Lambda timeout ${what}; nothing was published (the next scan judges it).`,
    );
  }
};

export const scanTarget = async (
  target: ScanTarget,
  deps: ScanDependencies,
): Promise<ScanReport> => {
  const started = performance.now();
  const { accountId, region, signal } = target;
  const partition = partitionOfRegion(region);
  // The VPC check judges a VPC by every service it hosts: a focused rescan keeps only its
  // conclusive results (partialView.ts).
  const checks = selectChecks(target.checks);
  const stats: CallStats = { calls: 0, throttles: 0 };
  const clients = deps.clients.regionClients(region, {
    credentials: target.credentials,
    stats,
    signal,
  });
  const securityHub = deps.clients.securityHub(region, { credentials: target.credentials });
  // A scan whose publish scope is every resource of its checks: read ahead, publish in stages.
  const staged = target.resourceScope !== 'listed' && seesEveryService(target.focus);
  try {
    throwIfAborted(signal, 'before it started');
    // Findings are imported by the account that owns them: make sure these credentials are it.
    let identity: { Account?: string };
    try {
      identity = target.credentialsAccountId
        ? { Account: target.credentialsAccountId }
        : await clients.sts.send(new GetCallerIdentityCommand({}));
    } catch (error) {
      throwIfAborted(signal, 'while identifying the account');
      throw new WrongAccountError(
        `cannot identify the account (STS GetCallerIdentity: ${errorCodeOf(error)}).`,
      );
    }
    if (identity.Account !== accountId) {
      throw new WrongAccountError(
        `the credentials reach account ${identity.Account ?? '?'}, not ${accountId}: nothing was scanned.`,
      );
    }

    const publication = startPublication({
      client: securityHub,
      accountId,
      region,
      partition,
      now: deps.clock.now(),
      refreshDays: deps.refreshDays,
      dryRun: target.dryRun ?? false,
      logger: deps.logger,
      // A scope that does not depend on what the scan finds is read while it collects.
      existing: staged
        ? { accountId, region, checkIds: checks.map((c) => c.metadata.id) }
        : undefined,
    });
    // Read per scan: a bad file fails the scan (and its message is retried) rather than publish
    // results without the exemptions the operator shipped.
    const exemptionsFile = await loadConfiguredExemptions(
      deps.config,
      new Set(registeredChecks.map((c) => c.metadata.id)),
    );
    const reportedProblems = new Set<string>();
    // Each environment value's credentials are detected once, whichever stage judges it first.
    const credentialKinds = new Map<string, string[]>();
    /** Judges some checks on a region snapshot: their findings, and the scope to publish them in. */
    const judge = async (
      snapshot: RegionSnapshot,
      failures: CollectionFailure[],
      judged: readonly Check[],
    ) => {
      const evaluated = await evaluateSnapshot(
        { format: SNAPSHOT_FORMAT, accountId, partition, regions: { [region]: snapshot } },
        deps.config,
        deps.clock.now(),
        judged,
        // A focus collects only some sections on purpose: no region-coverage results then.
        {
          collectionFailures: failures,
          exemptionsFile,
          knownCheckIds: registeredChecks.map((c) => c.metadata.id),
          credentialKinds,
          regionCoverage: !target.focus,
        },
      );
      for (const problem of evaluated.exemptionProblems ?? []) {
        const line = describeProblem(problem);
        if (reportedProblems.has(line)) continue;
        reportedProblems.add(line);
        deps.logger.warn(`${line.charAt(0).toUpperCase()}${line.slice(1)}`, { ...problem });
      }
      const scan = {
        ...evaluated,
        results: conclusiveResults(evaluated.results, judged, target.focus),
      };
      const findings = buildFindings(
        scan.results,
        new Map(judged.map((c) => [c.metadata.id, c.metadata])),
        {
          accountId,
          partition,
          evaluatedAt: scan.evaluatedAt,
          productVersion: productVersion(),
        },
      );
      return { scan, findings };
    };
    const stages = stagedJudging(checks, signal, async (ready, progress) => {
      const others = checks.filter((c) => !ready.includes(c));
      const { scan, findings } = await judge(
        sectionsFor(progress.snapshot, ready, others),
        progress.failures,
        ready,
      );
      const [scope] = publishScopes(scan, ready);
      if (!scope) throw new Error(`no publish scope for ${region}`);
      // Full imports only: the rest goes with the next stage's, as in a scan of one stage.
      await publication.stage(findings, scope, { holdPartialBatch: true, now: deps.clock.now() });
      deps.logger.info('Published the checks whose inputs are collected; the others follow.', {
        checks: ready.map((c) => c.metadata.id),
        findings: findings.length,
      });
      // Only the counts stay: the findings sent need no memory while the collection goes on.
      return [countResults(findings)];
    });

    const collected = await collectFocused(clients, region, {
      logger: deps.logger,
      accountId,
      config: deps.config,
      focus: target.focus,
      // Only what the checks to run read; what only the VPC check reads, only where it can conclude.
      sections: [
        ...new Set(checks.filter((c) => !isWholeRegionCheck(c)).flatMap((c) => c.metadata.inputs)),
      ],
      hostSections: hostSectionsOf(checks),
      onSections: staged ? stages.onSections : undefined,
    });
    // A stage's own failure (Security Hub) is the scan's, as it would be at the end.
    const early = await stages.close();
    const lateChecks = early.remaining;
    /** Stops an aborted scan; the stages judged were complete for their checks: sent in full. */
    const stopIfAborted = async (what: string) => {
      if (!signal?.aborted) return;
      if (early.judged.length === 0) throwIfAborted(signal, what);
      await publication.finish();
      const published = early.judged.map((c) => c.metadata.id);
      throw new ScanAbortedError(
        `the scan was stopped before the Lambda timeout ${what}; only the findings of the ${published.length} checks whose inputs were all collected were published (the next scan judges the others).`,
        published,
      );
    };
    await stopIfAborted(`while collecting ${accountId} ${region}`);

    const last = await judge(
      staged ? sectionsFor(collected.snapshot, lateChecks, early.judged) : collected.snapshot,
      collected.failures,
      lateChecks,
    );
    const scan = last.scan;
    const findings = last.findings;

    const listed = [
      ...(target.resourceArns ?? []),
      ...(target.resourcePrefixes?.length
        ? await activeResourcesUnder(securityHub, {
            accountId,
            region,
            partition,
            checkIds: checks.map((c) => c.metadata.id),
            prefixes: target.resourcePrefixes,
          })
        : []),
    ];
    // A focus judges what it leads to: the publish may touch those resources and the listed ones
    // (`listed`: only the listed ones and those under the prefixes). The all-services focus sees
    // every service, so its results are complete for the region.
    const judged = findings.flatMap((f) => (f.Resources?.[0]?.Id ? [f.Resources[0].Id] : []));
    const prefixes = target.resourcePrefixes ?? [];
    const underPrefix = judged.filter((arn) => prefixes.some((p) => arn.startsWith(p)));
    const resourceArns =
      target.resourceScope === 'listed'
        ? [...new Set([...listed, ...underPrefix])]
        : target.focus && !target.focus.allServices
          ? [...new Set([...listed, ...judged])]
          : undefined;
    await stopIfAborted(`before publishing ${accountId} ${region}`);

    const [scope] = publishScopes(scan, lateChecks, resourceArns);
    if (!scope) throw new Error(`no publish scope for ${region}`);
    await publication.stage(last.findings, scope, { now: deps.clock.now() });
    const { plan, ...summary } = await publication.finish();
    const inScope = resourceArns && new Set(resourceArns);
    return {
      accountId,
      region,
      focused: Boolean(target.focus),
      checkIds: checks.map((c) => c.metadata.id),
      ...(resourceArns ? { resourceArns } : {}),
      results: mergeCounts([
        ...early.results,
        countResults(
          inScope ? findings.filter((f) => inScope.has(f.Resources?.[0]?.Id ?? '')) : findings,
        ),
      ]),
      collectionFailures: collected.failures,
      collection: { ...stats },
      publish: withPlanned(summary, plan),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    clients.destroy();
    securityHub.destroy();
  }
};
