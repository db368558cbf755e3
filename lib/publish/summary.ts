// What a publication reports for its account and region: what it created, updated, archived and
// left alone, what Security Hub refused, the calls it made; on a dry run, what it would do.
import type { AwsSecurityFinding, ImportFindingsError } from '@aws-sdk/client-securityhub';
import type { PublishPlan } from './plan.ts';

export interface PublishSummary {
  accountId: string;
  region: string;
  created: number;
  updated: number;
  /** Unchanged findings re-imported because their last import was older than refreshDays (counted in updated). */
  refreshed: number;
  unchangedSkipped: number;
  archived: number;
  /** Left alone because the scan could not see their inputs. */
  untouched: number;
  /** Findings Security Hub refused for good (after retrying transient errors). */
  failed: number;
  failures: { findingId: string; errorCode: string }[];
  /** Security Hub API calls made (GetFindings and BatchImportFindings). */
  calls: number;
  /** Attempts answered with a throttling error (retried by the SDK). */
  throttles: number;
  dryRun: boolean;
}

/** A summary with, on a dry run, the IDs of what it would create, update and archive. */
export type PlannedSummary = PublishSummary & {
  planned?: { create: string[]; update: string[]; archive: string[] };
};

export const withPlanned = (summary: PublishSummary, plan: PublishPlan): PlannedSummary => {
  if (!summary.dryRun) return summary;
  const ids = (list: readonly AwsSecurityFinding[]) => list.map((f) => f.Id ?? '');
  return {
    ...summary,
    planned: { create: ids(plan.create), update: ids(plan.update), archive: ids(plan.archive) },
  };
};

/** A publication's summary and plan: the planned findings less those Security Hub refused. */
export const summarize = (
  where: { accountId: string; region: string; dryRun?: boolean },
  plan: PublishPlan,
  failures: readonly ImportFindingsError[],
  counter: { calls: number; throttles: number },
): PublishSummary & { plan: PublishPlan } => {
  const failedIds = new Set(failures.map((f) => f.Id));
  const landed = (list: AwsSecurityFinding[]) => list.filter((f) => !failedIds.has(f.Id)).length;
  return {
    accountId: where.accountId,
    region: where.region,
    created: landed(plan.create),
    updated: landed(plan.update),
    refreshed: plan.refreshed,
    unchangedSkipped: plan.unchanged,
    archived: landed(plan.archive),
    untouched: plan.untouched,
    failed: failures.length,
    failures: failures.map((f) => ({ findingId: f.Id ?? '', errorCode: f.ErrorCode ?? '' })),
    calls: counter.calls,
    throttles: counter.throttles,
    dryRun: where.dryRun ?? false,
    plan: { ...plan },
  };
};
