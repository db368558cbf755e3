// One scan of one account and region, whatever asked for it: collect (all of it, or what a focus
// leads to), evaluate, build findings, publish to that account's Security Hub in that region.
// Nothing is published when the collection was aborted (the Lambda is about to time out): an
// incomplete scan must never archive or overwrite what it did not see.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { checks as registeredChecks } from '../../checks/registry.ts';
import type { Check, ComplianceStatus, Severity } from '../../checks/types.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { errorCodeOf } from '../collect/failures.ts';
import { collectFocused } from '../collect/targeted.ts';
import type { CollectionFailure } from '../collect/types.ts';
import type { ScanConfig } from '../config.ts';
import { evaluateSnapshot } from '../evaluate.ts';
import { partitionOfRegion } from '../events/cloudTrail.ts';
import type { ScanFocus } from '../events/scanMessage.ts';
import { buildFindings } from '../findings/asff.ts';
import { type PublishSummary, publish } from '../publish/publisher.ts';
import { publishScopes } from '../publish/scope.ts';
import { SNAPSHOT_FORMAT } from '../snapshot/types.ts';
import type { CallStats, ClientFactory, Credentials } from './clients.ts';
import { activeResourcesUnder } from './existing.ts';

/** The scan stopped before it had seen everything: nothing was published. */
export class ScanAbortedError extends Error {
  override readonly name = 'ScanAbortedError';
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
  /** Aborts collection (the handler's deadline): nothing is published then. */
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
  publish: PublishSummary & {
    planned?: { create: string[]; update: string[]; archive: string[] };
  };
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
  // The VPC check judges a VPC by every service it hosts: only a scan that sees every service
  // (no focus, or the all-services focus) may judge it.
  const checks = selectChecks(target.checks).filter(
    (check) =>
      check.metadata.service !== 'vpc' || !target.focus || target.focus.allServices === true,
  );
  const stats: CallStats = { calls: 0, throttles: 0 };
  const clients = deps.clients.regionClients(region, {
    credentials: target.credentials,
    stats,
    signal,
  });
  const securityHub = deps.clients.securityHub(region, { credentials: target.credentials });
  try {
    throwIfAborted(signal, 'before it started');
    // Findings are imported by the account that owns them: make sure these credentials are it.
    let identity: { Account?: string };
    try {
      identity = await clients.sts.send(new GetCallerIdentityCommand({}));
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

    const collected = await collectFocused(clients, region, {
      logger: deps.logger,
      accountId,
      config: deps.config,
      focus: target.focus,
      // Only what the checks to run read: a service rescan makes no call the VPC check alone needs.
      sections: [...new Set(checks.flatMap((check) => check.metadata.inputs))],
    });
    throwIfAborted(signal, `while collecting ${accountId} ${region}`);

    const scan = await evaluateSnapshot(
      {
        format: SNAPSHOT_FORMAT,
        accountId,
        partition,
        regions: { [region]: collected.snapshot },
      },
      deps.config,
      deps.clock.now(),
      checks,
      { collectionFailures: collected.failures },
    );
    const findings = buildFindings(
      scan.results,
      new Map(checks.map((c) => [c.metadata.id, c.metadata])),
      {
        accountId,
        partition,
        evaluatedAt: scan.evaluatedAt,
        productVersion: packageJson.version,
      },
    );

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
    throwIfAborted(signal, `before publishing ${accountId} ${region}`);

    const [scope] = publishScopes(scan, checks, resourceArns);
    if (!scope) throw new Error(`no publish scope for ${region}`);
    const { plan, ...summary } = await publish({
      client: securityHub,
      findings,
      scope,
      partition,
      now: deps.clock.now(),
      refreshDays: deps.refreshDays,
      dryRun: target.dryRun ?? false,
      logger: deps.logger,
    });
    const ids = (list: AwsSecurityFinding[]) => list.map((f) => f.Id ?? '');
    const inScope = resourceArns && new Set(resourceArns);
    return {
      accountId,
      region,
      focused: Boolean(target.focus),
      checkIds: checks.map((c) => c.metadata.id),
      ...(resourceArns ? { resourceArns } : {}),
      results: countResults(
        inScope ? findings.filter((f) => inScope.has(f.Resources?.[0]?.Id ?? '')) : findings,
      ),
      collectionFailures: collected.failures,
      collection: { ...stats },
      publish: target.dryRun
        ? {
            ...summary,
            planned: {
              create: ids(plan.create),
              update: ids(plan.update),
              archive: ids(plan.archive),
            },
          }
        : summary,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    clients.destroy();
    securityHub.destroy();
  }
};
