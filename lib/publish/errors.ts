// How a publication tells what went wrong: a Security Hub call that failed after the SDK's
// retries (SecurityHubCallError), and the findings Security Hub refused (refusedLine). Error
// codes and IDs only: AWS's messages may quote finding content.
import type { AwsSecurityFinding, ImportFindingsError } from '@aws-sdk/client-securityhub';
import { errorCodeOf, isThrottlingError } from '../aws/errors.ts';
import type { PublishPlan } from './plan.ts';

/** What a publication had imported when a Security Hub call failed. */
export interface ImportedSoFar {
  created: number;
  updated: number;
  archived: number;
  /** Planned findings that were not imported (not sent, or sent in the call that failed). */
  notImported: number;
}

/** How much of `plan` landed: `landed` holds the IDs Security Hub took. */
export const importedSoFar = (plan: PublishPlan, landed: ReadonlySet<string>): ImportedSoFar => {
  const count = (list: AwsSecurityFinding[]) => list.filter((f) => landed.has(f.Id ?? '')).length;
  const imported = {
    created: count(plan.create),
    updated: count(plan.update),
    archived: count(plan.archive),
  };
  const planned = plan.create.length + plan.update.length + plan.archive.length;
  return {
    ...imported,
    notImported: planned - imported.created - imported.updated - imported.archived,
  };
};

const transient = (error: unknown, code: string): boolean => {
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return (
    isThrottlingError(error) ||
    (status !== undefined && status >= 500) ||
    /^E[A-Z]+$|Timeout|Internal|Unavailable/.test(code)
  );
};

/** What to do about a failed Security Hub call, by its error code. */
const adviceFor = (operation: string, region: string, error: unknown, code: string): string => {
  if (/AccessDenied|Unauthorized|Forbidden/i.test(code)) {
    return `grant securityhub:${operation} to the identity running the scan, then run it again`;
  }
  if (/InvalidAccess/i.test(code)) {
    return `enable Security Hub in ${region} for this account (or its integration for this product), then run the scan again`;
  }
  if (transient(error, code)) {
    return 'Security Hub was unavailable or throttling past the retries: run the scan again later; it sends only what is still missing';
  }
  return 'run the scan again; if it fails the same way, report it with the error code';
};

/** What was and was not imported, in words. */
const importedWords = (imported: ImportedSoFar): string => {
  const landed = imported.created + imported.updated + imported.archived;
  return landed === 0
    ? `nothing was imported there${imported.notImported > 0 ? ` (${imported.notImported} findings to import)` : ''}`
    : `${landed} of ${landed + imported.notImported} findings were imported there (${imported.created} new, ${imported.updated} updated, ${imported.archived} archived), ${imported.notImported} were not`;
};

/**
 * A Security Hub call of a publication failed after the SDK's retries: says which, where, what
 * was and was not imported, and what to do, in one line (the error code only: AWS's message may
 * quote finding content).
 */
export class SecurityHubCallError extends Error {
  override readonly name = 'SecurityHubCallError';
  readonly errorCode: string;
  constructor(
    readonly operation: 'GetFindings' | 'BatchImportFindings',
    readonly accountId: string,
    readonly region: string,
    readonly imported: ImportedSoFar,
    cause: unknown,
  ) {
    const code = errorCodeOf(cause);
    super(
      `Security Hub ${operation} failed in ${region} for account ${accountId} after retries (${code}): ${importedWords(imported)}. What to do: ${adviceFor(operation, region, cause, code)}.`,
      { cause },
    );
    this.errorCode = code;
  }
}

/** IDs named in the one line about refused findings; the rest are counted (and in the summary). */
const REFUSED_IDS_SHOWN = 10;

/**
 * One line for every finding Security Hub refused, with their IDs and codes: IDs and codes only,
 * Security Hub's messages may quote finding content.
 */
export const refusedLine = (
  where: { accountId: string; region: string },
  failures: readonly ImportFindingsError[],
): [string, Record<string, unknown>] => {
  const byCode = new Map<string, number>();
  for (const f of failures)
    byCode.set(f.ErrorCode ?? '?', (byCode.get(f.ErrorCode ?? '?') ?? 0) + 1);
  const codes = [...byCode].map(([code, n]) => `${code} ×${n}`).join(', ');
  const shown = failures
    .slice(0, REFUSED_IDS_SHOWN)
    .map((f) => `${f.Id} (${f.ErrorCode})`)
    .join(', ');
  const more = failures.length - REFUSED_IDS_SHOWN;
  return [
    `Security Hub refused ${failures.length} finding${failures.length === 1 ? '' : 's'} in ${where.region} for account ${where.accountId} (${codes}): ${shown}${more > 0 ? ` and ${more} more` : ''}; they were not imported.`,
    {
      accountId: where.accountId,
      region: where.region,
      refused: failures.length,
      findings: failures
        .slice(0, 100)
        .map((f) => ({ findingId: f.Id ?? '', errorCode: f.ErrorCode ?? '' })),
    },
  ];
};
