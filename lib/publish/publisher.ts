// Publishes a scan's findings to the Security Hub of the scanned account and region: read our
// ACTIVE findings in scope, send only the difference, account for every failure.
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  GetFindingsCommand,
  type ImportFindingsError,
  type SecurityHubClient,
  type StringFilter,
} from '@aws-sdk/client-securityhub';
import { errorCodeOf, isThrottlingError } from '../aws/errors.ts';
import {
  type Clock,
  pacedBucket,
  rateShareFrom,
  realClock,
  type TokenBucket,
} from '../aws/tokenBucket.ts';
import { productArn } from '../findings/asff.ts';
import { fitFinding, importBatches } from './batches.ts';
import { SECURITY_HUB_LIMITS } from './limits.ts';
import { emptyPlan, type PublishPlan, planPublish, providerFieldsOf } from './plan.ts';
import type { PublishScope } from './scope.ts';

export interface PublishLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

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

export interface PublishOptions {
  /** A client for the scanned account's Security Hub in `scope.region` (findings are imported from the account that owns them). */
  client: SecurityHubClient;
  findings: readonly AwsSecurityFinding[];
  scope: PublishScope;
  partition: string;
  now: Date;
  refreshDays?: number;
  dryRun?: boolean;
  logger: PublishLogger;
  /**
   * Share of Security Hub's documented rates to use (default: ECS_SCANNER_RATE_SHARE, else 0.95;
   * at 1 the client's bucket and Security Hub's drift apart by a few milliseconds and throttle).
   */
  rateShare?: number;
  clock?: Clock;
  /** Attempts for findings that failed with a transient error code. */
  transientAttempts?: number;
  /**
   * Our findings in scope, read beforehand with readExistingFindings (same client and scope);
   * default: read now. Throttled GetFindings attempts made before `publish` are not counted.
   */
  existing?: Promise<ExistingFindings>;
}

const TRANSIENT = /throttl|toomanyrequests|limitexceeded|internal|serviceunavailable|timeout/i;

/**
 * Counts throttled attempts: a finalizeRequest middleware below the SDK's retry middleware sees
 * each attempt's error as the deserializer raised it (at the deserialize step, below the
 * deserializer, it would see only the raw answer and count none).
 */
const countThrottles = (client: SecurityHubClient, counter: { throttles: number }) => {
  const name = 'ecsScannerThrottleCounter';
  client.middlewareStack.remove(name);
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isThrottlingError(error)) counter.throttles += 1;
        throw error;
      }
    },
    { step: 'finalizeRequest', name, priority: 'low' },
  );
};

/** What a publication had imported when a Security Hub call failed. */
export interface ImportedSoFar {
  created: number;
  updated: number;
  archived: number;
  /** Planned findings that were not imported (not sent, or sent in the call that failed). */
  notImported: number;
}

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
    const landed = imported.created + imported.updated + imported.archived;
    const what =
      landed === 0
        ? `nothing was imported there${imported.notImported > 0 ? ` (${imported.notImported} findings to import)` : ''}`
        : `${landed} of ${landed + imported.notImported} findings were imported there (${imported.created} new, ${imported.updated} updated, ${imported.archived} archived), ${imported.notImported} were not`;
    super(
      `Security Hub ${operation} failed in ${region} for account ${accountId} after retries (${code}): ${what}. What to do: ${adviceFor(operation, region, cause, code)}.`,
      { cause },
    );
    this.errorCode = code;
  }
}

const equals = (values: readonly string[]): StringFilter[] =>
  values.map((Value) => ({ Comparison: 'EQUALS', Value }));

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

/** What reading our findings needs: the client and the scope's account, region, checks, resources. */
export type ReadExistingOptions = Pick<
  PublishOptions,
  'client' | 'partition' | 'rateShare' | 'clock'
> & {
  scope: Pick<PublishScope, 'accountId' | 'region' | 'checkIds' | 'resourceArns'> & {
    /** Only findings on resources under these ARN prefixes (a deleted load balancer's listeners). */
    resourcePrefixes?: readonly string[];
  };
};

/** Our ACTIVE findings in scope, with the GetFindings calls that read them. */
export interface ExistingFindings {
  findings: AwsSecurityFinding[];
  calls: number;
}

/** A deep copy of JSON data whose equal strings are one string (JSON.parse makes each anew). */
const interner = () => {
  const strings = new Map<string, string>();
  const intern = <T>(value: T): T => {
    if (typeof value === 'string') {
      const known = strings.get(value);
      if (known !== undefined) return known as T;
      strings.set(value, value);
      return value;
    }
    if (Array.isArray(value)) return value.map(intern) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, intern(v)])) as T;
    }
    return value;
  };
  return intern;
};

/** Our ACTIVE findings in scope, paginated, paced within GetFindings' 3 requests per second. */
const readExisting = async (
  options: ReadExistingOptions,
  bucket: TokenBucket,
  counter: { calls: number },
): Promise<AwsSecurityFinding[]> => {
  const { scope } = options;
  const found: AwsSecurityFinding[] = [];
  const intern = interner();
  // A filter takes at most 20 values: split check IDs and (targeted scans) resource IDs.
  const generatorChunks = chunks(scope.checkIds, SECURITY_HUB_LIMITS.filterValues);
  const resourceChunks = scope.resourceArns
    ? chunks(scope.resourceArns, SECURITY_HUB_LIMITS.filterValues)
    : [undefined];
  const prefixChunks = scope.resourcePrefixes
    ? chunks(scope.resourcePrefixes, SECURITY_HUB_LIMITS.filterValues)
    : [undefined];
  const filters = generatorChunks.flatMap((generatorIds) =>
    resourceChunks.flatMap((resourceIds) =>
      prefixChunks.map((prefixes) => ({ generatorIds, resourceIds, prefixes })),
    ),
  );
  for (const { generatorIds, resourceIds, prefixes } of filters) {
    let NextToken: string | undefined;
    do {
      await bucket.take();
      counter.calls += 1;
      const page = await options.client.send(
        new GetFindingsCommand({
          Filters: {
            ProductArn: equals([productArn(options.partition, scope.region, scope.accountId)]),
            AwsAccountId: equals([scope.accountId]),
            Region: equals([scope.region]),
            GeneratorId: equals(generatorIds),
            RecordState: equals(['ACTIVE']),
            ...(resourceIds ? { ResourceId: equals(resourceIds) } : {}),
            ...(prefixes
              ? { ResourceId: prefixes.map((Value) => ({ Comparison: 'PREFIX' as const, Value })) }
              : {}),
          },
          MaxResults: SECURITY_HUB_LIMITS.getFindingsPageSize,
          NextToken,
        }),
      );
      // Only what the plan compares and sends back, with the strings repeated from finding to
      // finding (types, remediation texts, dates, ARNs) kept once: a large account's findings
      // read back whole are a large share of the worker's memory.
      found.push(...(page.Findings ?? []).map((f) => intern(providerFieldsOf(f))));
      NextToken = page.NextToken || undefined;
    } while (NextToken);
  }
  return found;
};

/**
 * Imports findings; retries those that failed with a transient error; returns the permanent
 * failures. With `hold`, a last batch of fewer than 100 is not sent but returned as `held`, for a
 * later stage to fill: a publication in stages then makes as few imports as one in a single stage.
 */
const importAll = async (
  options: Pick<PublishOptions, 'client' | 'clock' | 'transientAttempts'>,
  findings: readonly AwsSecurityFinding[],
  bucket: TokenBucket,
  counter: { calls: number },
  landed: Set<string>,
  hold = false,
): Promise<{ failures: ImportFindingsError[]; held: AwsSecurityFinding[] }> => {
  const clock = options.clock ?? realClock;
  const attempts = options.transientAttempts ?? 3;
  let pending = findings.map(fitFinding);
  const permanent: ImportFindingsError[] = [];
  let held: AwsSecurityFinding[] = [];
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const retry: AwsSecurityFinding[] = [];
    const byId = new Map(pending.map((f) => [f.Id, f]));
    const batches = importBatches(pending);
    const last = batches.at(-1);
    if (hold && attempt === 1 && last && last.length < SECURITY_HUB_LIMITS.findingsPerImport) {
      held = batches.pop() ?? [];
    }
    for (const batch of batches) {
      await bucket.take();
      counter.calls += 1;
      const response = await options.client.send(
        new BatchImportFindingsCommand({ Findings: batch }),
      );
      const failed = new Set((response.FailedFindings ?? []).map((f) => f.Id));
      for (const finding of batch) if (!failed.has(finding.Id)) landed.add(finding.Id ?? '');
      for (const failure of response.FailedFindings ?? []) {
        const finding = byId.get(failure.Id);
        if (finding && attempt < attempts && TRANSIENT.test(failure.ErrorCode ?? ''))
          retry.push(finding);
        else permanent.push(failure);
      }
    }
    pending = retry;
    if (pending.length > 0) await clock.sleep(200 * 2 ** attempt);
  }
  return { failures: permanent, held };
};

/**
 * Reads our ACTIVE findings in scope. A full scan can start it while it still collects (the scope
 * does not depend on what it finds) and hand the promise to `publish` as `existing`.
 */
export const readExistingFindings = async (
  options: ReadExistingOptions,
): Promise<ExistingFindings> => {
  const counter = { calls: 0 };
  const findings = await readExisting(
    options,
    pacedBucket(
      SECURITY_HUB_LIMITS.getFindings,
      options.rateShare ?? rateShareFrom(),
      options.clock,
    ),
    counter,
  );
  return { findings, calls: counter.calls };
};

/** Options of a publication in stages: those of `publish` but the findings and the scope, which each stage brings. */
export type PublicationOptions = Omit<PublishOptions, 'findings' | 'scope' | 'existing'> & {
  accountId: string;
  region: string;
  /**
   * Our findings in every stage's scope: a promise (readExistingFindings, same client), or the
   * scope to read them for, read from now on (while the scan collects); absent: read at the first
   * stage with its scope.
   */
  existing?: Promise<ExistingFindings> | ReadExistingOptions['scope'];
};

/**
 * A publication in stages (a scan judges the checks whose inputs are collected first while it
 * still collects the others): each stage plans the difference within its own scope (its checks)
 * and imports it; `finish` sends what the stages held back and sums them up.
 */
export interface Publication {
  /**
   * The resources with ACTIVE findings of these checks under these ARN prefixes (the listeners of
   * a deleted load balancer): read with the publication's paced, counted GetFindings.
   */
  resourcesUnder(checkIds: readonly string[], prefixes: readonly string[]): Promise<string[]>;
  /**
   * Plans and imports the findings of one scope. `holdPartialBatch`: a last import of fewer than
   * 100 findings waits for the next stage (or `finish`), so that the whole publication makes
   * ⌈findings sent / 100⌉ imports. `now`: this stage's time (default the publication's).
   */
  stage(
    findings: readonly AwsSecurityFinding[],
    scope: PublishScope,
    options?: { holdPartialBatch?: boolean; now?: Date },
  ): Promise<void>;
  /**
   * Imports what is held back; the summary and the merged plan of every stage so far, its findings
   * by ID only (`{ Id }`): a publication keeps nothing it has sent.
   */
  finish(): Promise<PublishSummary & { plan: PublishPlan }>;
}

/** A planned finding by ID only: what the summary and a dry run's list need. */
const idOnly = (finding: AwsSecurityFinding): AwsSecurityFinding =>
  ({ Id: finding.Id }) as AwsSecurityFinding;

export const startPublication = (options: PublicationOptions): Publication => {
  const { logger } = options;
  const share = options.rateShare ?? rateShareFrom();
  const counter = { calls: 0, throttles: 0 };
  countThrottles(options.client, counter);
  const importBucket = pacedBucket(SECURITY_HUB_LIMITS.batchImportFindings, share, options.clock);
  const readBucket = pacedBucket(SECURITY_HUB_LIMITS.getFindings, share, options.clock);
  const read = async (scope: ReadExistingOptions['scope']): Promise<ExistingFindings> => {
    const reads = { calls: 0 };
    const findings = await readExisting({ ...options, scope }, readBucket, reads);
    return { findings, calls: reads.calls };
  };
  let existing =
    options.existing === undefined || options.existing instanceof Promise
      ? options.existing
      : read(options.existing);
  // Read while the scan collects: a failure surfaces at the first stage, not as an unhandled rejection.
  existing?.catch(() => undefined);
  let existingCounted = false;
  const plan = emptyPlan();
  const failures: ImportFindingsError[] = [];
  let held: AwsSecurityFinding[] = [];
  // IDs Security Hub took (in a batch answered, and not among its FailedFindings).
  const landed = new Set<string>();
  const failedCall = (operation: SecurityHubCallError['operation'], error: unknown) => {
    const count = (list: AwsSecurityFinding[]) => list.filter((f) => landed.has(f.Id ?? '')).length;
    const imported = {
      created: count(plan.create),
      updated: count(plan.update),
      archived: count(plan.archive),
    };
    const planned = plan.create.length + plan.update.length + plan.archive.length;
    return new SecurityHubCallError(
      operation,
      options.accountId,
      options.region,
      {
        ...imported,
        notImported: planned - imported.created - imported.updated - imported.archived,
      },
      error,
    );
  };
  const send = async (findings: readonly AwsSecurityFinding[], hold: boolean) => {
    if (options.dryRun) return;
    try {
      const sent = await importAll(options, findings, importBucket, counter, landed, hold);
      failures.push(...sent.failures);
      held = sent.held;
    } catch (error) {
      throw failedCall('BatchImportFindings', error);
    }
  };
  return {
    resourcesUnder: async (checkIds, prefixes) => {
      if (prefixes.length === 0) return [];
      let found: ExistingFindings;
      try {
        found = await read({
          accountId: options.accountId,
          region: options.region,
          checkIds,
          resourcePrefixes: prefixes,
        });
      } catch (error) {
        throw failedCall('GetFindings', error);
      }
      counter.calls += found.calls;
      const ids = found.findings.flatMap((f) => (f.Resources?.[0]?.Id ? [f.Resources[0].Id] : []));
      return [...new Set(ids.filter((id) => prefixes.some((prefix) => id.startsWith(prefix))))];
    },
    stage: async (findings, scope, stageOptions = {}) => {
      existing ??= read(scope);
      let known: ExistingFindings;
      try {
        known = await existing;
      } catch (error) {
        throw failedCall('GetFindings', error);
      }
      if (!existingCounted) counter.calls += known.calls;
      existingCounted = true;
      const planned = planPublish({
        existing: known.findings,
        findings,
        scope,
        now: stageOptions.now ?? options.now,
        refreshDays: options.refreshDays ?? 7,
      });
      plan.create.push(...planned.create.map(idOnly));
      plan.update.push(...planned.update.map(idOnly));
      plan.archive.push(...planned.archive.map(idOnly));
      plan.unchanged += planned.unchanged;
      plan.untouched += planned.untouched;
      plan.refreshed += planned.refreshed;
      await send(
        [...held, ...planned.create, ...planned.update, ...planned.archive],
        stageOptions.holdPartialBatch ?? false,
      );
    },
    finish: async () => {
      if (held.length > 0) await send(held, false);
      if (failures.length > 0) logger.warn(...refusedLine(options, failures));
      const failedIds = new Set(failures.map((f) => f.Id));
      const landed = (list: AwsSecurityFinding[]) =>
        list.filter((f) => !failedIds.has(f.Id)).length;
      return {
        accountId: options.accountId,
        region: options.region,
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
        dryRun: options.dryRun ?? false,
        plan: { ...plan },
      };
    },
  };
};

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

/** Publishes one scope's findings: a publication of one stage. */
export const publish = async (
  options: PublishOptions,
): Promise<PublishSummary & { plan: PublishPlan }> => {
  const publication = startPublication({
    ...options,
    accountId: options.scope.accountId,
    region: options.scope.region,
  });
  await publication.stage(options.findings, options.scope);
  return publication.finish();
};
