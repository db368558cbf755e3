// `scan --publish` / `--dry-run`: import the scan's findings into the Security Hub of the scanned
// account, region by region, and say what happened.
import { SecurityHubClient, type SecurityHubClientConfig } from '@aws-sdk/client-securityhub';
import packageJson from '../../package.json' with { type: 'json' };
import {
  type CallsInFlight,
  DEFAULT_MAX_ATTEMPTS,
  type HttpTimeouts,
  requestHandlerOptions,
  watchCalls,
  withAbortSignal,
} from '../aws/sdk.ts';
import type { Check } from '../evaluate/check.ts';
import type { ScanResult } from '../evaluate/evaluate.ts';
import { buildFindings } from '../findings/asff.ts';
import {
  type ExistingFindings,
  type PlannedSummary,
  type PublishLogger,
  publish,
  readExistingFindings,
  SecurityHubCallError,
  withPlanned,
} from '../publish/publisher.ts';
import { publishScopes } from '../publish/scope.ts';

/** With --dry-run, the finding IDs that would be sent. */
export type CliPublishSummary = PlannedSummary;

export interface PublishScanOptions {
  dryRun: boolean;
  refreshDays: number;
  logger: PublishLogger;
  /** Security Hub client per region; default: the SDK's default credentials (the scanned account's). */
  clientFor?: (region: string) => SecurityHubClient;
  now: Date;
  /** Our findings in a region, read while the scan collected (readAhead); absent: read now. */
  existing?: (region: string) => Promise<ExistingFindings> | undefined;
}

/** A Security Hub client with the scanner's HTTP timeouts and retries. */
const securityHubClient = (region: string, options: SecurityHubClientOptions = {}) => {
  const client = new SecurityHubClient({
    region,
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    requestHandler: requestHandlerOptions(options.timeouts),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  if (options.calls) watchCalls(client, { service: 'securityhub', region }, options.calls);
  if (options.signal) withAbortSignal(client, options.signal);
  return client;
};

export interface SecurityHubClientOptions {
  /** Aborts every call (the run's deadline). */
  signal?: AbortSignal;
  /** Where the calls in flight are recorded. */
  calls?: CallsInFlight;
  timeouts?: HttpTimeouts;
  /** Tests: an explicit endpoint and credentials; otherwise the SDK's configuration. */
  endpoint?: string;
  credentials?: SecurityHubClientConfig['credentials'];
}

/** One Security Hub client per region, shared by the read ahead and the publish. */
export const securityHubClients = (options: SecurityHubClientOptions = {}) => {
  const clients = new Map<string, SecurityHubClient>();
  return {
    clientFor: (region: string): SecurityHubClient => {
      let client = clients.get(region);
      if (!client) {
        client = securityHubClient(region, options);
        clients.set(region, client);
      }
      return client;
    },
    destroy: () => {
      for (const client of clients.values()) client.destroy();
    },
  };
};

/**
 * Starts reading our ACTIVE findings of these checks in every region as soon as the account is
 * known, while the scan collects (the publish scope of a whole-account scan does not depend on
 * what it finds): `publishScan` then only plans and imports. A failed read surfaces there.
 */
export const readAhead = (
  checks: readonly Check[],
  identity: { accountId: string; partition: string },
  regions: readonly string[],
  clientFor: (region: string) => SecurityHubClient,
): ((region: string) => Promise<ExistingFindings> | undefined) => {
  const reads = new Map(
    regions.map((region) => {
      const read = readExistingFindings({
        client: clientFor(region),
        partition: identity.partition,
        scope: {
          accountId: identity.accountId,
          region,
          checkIds: checks.map((c) => c.metadata.id),
        },
      });
      read.catch(() => undefined);
      return [region, read] as const;
    }),
  );
  return (region) => reads.get(region);
};

/**
 * A Security Hub call failed after retries in one region: the summaries of the regions published
 * before it, and the regions not attempted after it.
 */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  constructor(
    readonly failure: SecurityHubCallError,
    readonly done: CliPublishSummary[],
    readonly notAttempted: string[],
  ) {
    super(
      `${failure.message}${notAttempted.length > 0 ? ` Not attempted: ${notAttempted.join(', ')}.` : ''}`,
    );
  }
}

export const publishScan = async (
  scan: ScanResult,
  checks: readonly Check[],
  options: PublishScanOptions,
): Promise<CliPublishSummary[]> => {
  const findings = buildFindings(
    scan.results,
    new Map(checks.map((c) => [c.metadata.id, c.metadata])),
    {
      accountId: scan.accountId,
      partition: scan.partition,
      evaluatedAt: scan.evaluatedAt,
      productVersion: packageJson.version,
    },
  );
  const summaries: CliPublishSummary[] = [];
  const scopes = publishScopes(scan, checks);
  for (const [index, scope] of scopes.entries()) {
    const client = options.clientFor?.(scope.region) ?? securityHubClient(scope.region);
    try {
      const { plan, ...summary } = await publish({
        client,
        findings: findings.filter((f) => f.Region === scope.region),
        scope,
        partition: scan.partition,
        existing: options.existing?.(scope.region),
        now: options.now,
        refreshDays: options.refreshDays,
        dryRun: options.dryRun,
        logger: options.logger,
      });
      summaries.push(withPlanned(summary, plan));
    } catch (error) {
      if (!(error instanceof SecurityHubCallError)) throw error;
      const later = scopes.slice(index + 1).map((s) => s.region);
      throw new PublishError(error, summaries, later);
    } finally {
      if (!options.clientFor) client.destroy();
    }
  }
  return summaries;
};

const plannedLines = (s: CliPublishSummary): string =>
  s.planned
    ? (['create', 'update', 'archive'] as const)
        .flatMap((action) => (s.planned?.[action] ?? []).map((id) => `\n  would ${action}: ${id}`))
        .join('')
    : '';

export const renderPublishSummaries = (summaries: readonly CliPublishSummary[]): string =>
  `${summaries
    .map(
      (s) =>
        `Security Hub ${s.accountId} ${s.region}${s.dryRun ? ' (dry run: nothing imported)' : ''}: ` +
        `${s.created} new, ${s.updated} updated (${s.refreshed} refreshed), ${s.unchangedSkipped} unchanged (skipped), ` +
        `${s.archived} archived, ${s.untouched} left untouched (inputs not collected), ${s.failed} failed; ` +
        `${s.calls} calls, ${s.throttles} throttled.` +
        s.failures.map((f) => `\n  failed: ${f.findingId} (${f.errorCode})`).join('') +
        plannedLines(s),
    )
    .join('\n')}\n`;
