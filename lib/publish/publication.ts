// A publication to the Security Hub of one account and region, in stages: each stage plans the
// difference between our ACTIVE findings and its findings within its own scope and imports it;
// `finish` sends what the stages held back and sums them up. One GetFindings bucket and one
// BatchImportFindings bucket per publication, whatever its stages.
import type {
  AwsSecurityFinding,
  ImportFindingsError,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { pacedBucket, rateShareFrom, type TokenBucket } from '../aws/tokenBucket.ts';
import { importedSoFar, refusedLine, SecurityHubCallError } from './errors.ts';
import { countThrottles, type ImportOptions, type ImportState, importAll } from './import.ts';
import { SECURITY_HUB_LIMITS } from './limits.ts';
import { emptyPlan, type PublishPlan, planPublish } from './plan.ts';
import {
  type ExistingFindings,
  type ReadExistingOptions,
  readExisting,
  resourcesUnderPrefixes,
} from './read.ts';
import type { PublishScope } from './scope.ts';
import { type PublishSummary, summarize } from './summary.ts';

export interface PublishLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** Options of a publication in stages; each stage brings its findings and its scope. */
export interface PublicationOptions extends Omit<ReadExistingOptions, 'scope'>, ImportOptions {
  /** A client for the scanned account's Security Hub in `region` (findings are imported from the account that owns them). */
  client: SecurityHubClient;
  accountId: string;
  region: string;
  now: Date;
  refreshDays?: number;
  dryRun?: boolean;
  logger: PublishLogger;
  /**
   * Our findings in every stage's scope: a promise (readExistingFindings, same client), or the
   * scope to read them for, read from now on (while the scan collects); absent: read at the first
   * stage with its scope.
   */
  existing?: Promise<ExistingFindings> | ReadExistingOptions['scope'];
}

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

interface PublicationState {
  options: PublicationOptions;
  counter: { calls: number; throttles: number };
  readBucket: TokenBucket;
  imports: ImportState;
  existing: Promise<ExistingFindings> | undefined;
  /** Whether the calls that read `existing` are in `counter` yet. */
  existingCounted: boolean;
  /** Every stage's plan, its findings by ID only. */
  plan: PublishPlan;
  failures: ImportFindingsError[];
  /** A partial last batch a stage held back for the next. */
  held: AwsSecurityFinding[];
}

const read = (state: PublicationState, scope: ReadExistingOptions['scope']) =>
  readExisting({ ...state.options, scope }, state.readBucket);

const open = (options: PublicationOptions): PublicationState => {
  const share = options.rateShare ?? rateShareFrom();
  const counter = { calls: 0, throttles: 0 };
  countThrottles(options.client, counter);
  const importBucket = pacedBucket(SECURITY_HUB_LIMITS.batchImportFindings, share, options.clock);
  const state: PublicationState = {
    options,
    counter,
    readBucket: pacedBucket(SECURITY_HUB_LIMITS.getFindings, share, options.clock),
    imports: { bucket: importBucket, counter, landed: new Set() },
    existing: undefined,
    existingCounted: false,
    plan: emptyPlan(),
    failures: [],
    held: [],
  };
  state.existing =
    options.existing === undefined || options.existing instanceof Promise
      ? options.existing
      : read(state, options.existing);
  // Read while the scan collects: a failure surfaces at the first stage, not as an unhandled rejection.
  state.existing?.catch(() => undefined);
  return state;
};

const failedCall = (
  state: PublicationState,
  operation: SecurityHubCallError['operation'],
  error: unknown,
) =>
  new SecurityHubCallError(
    operation,
    state.options.accountId,
    state.options.region,
    importedSoFar(state.plan, state.imports.landed),
    error,
  );

/** Imports `findings` (not on a dry run), keeping the refused ones and what `hold` held back. */
const send = async (
  state: PublicationState,
  findings: readonly AwsSecurityFinding[],
  hold: boolean,
) => {
  if (state.options.dryRun) return;
  try {
    const sent = await importAll(state.options, findings, state.imports, hold);
    state.failures.push(...sent.failures);
    state.held = sent.held;
  } catch (error) {
    throw failedCall(state, 'BatchImportFindings', error);
  }
};

/** Our findings in the publication's scope (read now with `scope` if not yet), counted once. */
const existingFindings = async (
  state: PublicationState,
  scope: PublishScope,
): Promise<AwsSecurityFinding[]> => {
  state.existing ??= read(state, scope);
  let known: ExistingFindings;
  try {
    known = await state.existing;
  } catch (error) {
    throw failedCall(state, 'GetFindings', error);
  }
  if (!state.existingCounted) state.counter.calls += known.calls;
  state.existingCounted = true;
  return known.findings;
};

/** A planned finding by ID only: what the summary and a dry run's list need. */
const idOnly = (finding: AwsSecurityFinding): AwsSecurityFinding =>
  ({ Id: finding.Id }) as AwsSecurityFinding;

const addToPlan = (plan: PublishPlan, planned: PublishPlan) => {
  plan.create.push(...planned.create.map(idOnly));
  plan.update.push(...planned.update.map(idOnly));
  plan.archive.push(...planned.archive.map(idOnly));
  plan.unchanged += planned.unchanged;
  plan.untouched += planned.untouched;
  plan.refreshed += planned.refreshed;
};

const stage = async (
  state: PublicationState,
  findings: readonly AwsSecurityFinding[],
  scope: PublishScope,
  stageOptions: { holdPartialBatch?: boolean; now?: Date } = {},
) => {
  const existing = await existingFindings(state, scope);
  const planned = planPublish({
    existing,
    findings,
    scope,
    now: stageOptions.now ?? state.options.now,
    refreshDays: state.options.refreshDays ?? 7,
  });
  addToPlan(state.plan, planned);
  await send(
    state,
    [...state.held, ...planned.create, ...planned.update, ...planned.archive],
    stageOptions.holdPartialBatch ?? false,
  );
};

const resourcesUnder = async (
  state: PublicationState,
  checkIds: readonly string[],
  prefixes: readonly string[],
): Promise<string[]> => {
  if (prefixes.length === 0) return [];
  const { accountId, region } = state.options;
  let found: ExistingFindings;
  try {
    found = await read(state, { accountId, region, checkIds, resourcePrefixes: prefixes });
  } catch (error) {
    throw failedCall(state, 'GetFindings', error);
  }
  state.counter.calls += found.calls;
  return resourcesUnderPrefixes(found.findings, prefixes);
};

const finish = async (state: PublicationState) => {
  if (state.held.length > 0) await send(state, state.held, false);
  const { options, failures } = state;
  if (failures.length > 0) options.logger.warn(...refusedLine(options, failures));
  return summarize(options, state.plan, failures, state.counter);
};

export const startPublication = (options: PublicationOptions): Publication => {
  const state = open(options);
  return {
    resourcesUnder: (checkIds, prefixes) => resourcesUnder(state, checkIds, prefixes),
    stage: (findings, scope, stageOptions) => stage(state, findings, scope, stageOptions),
    finish: () => finish(state),
  };
};
