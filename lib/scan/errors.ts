// What can stop a scan, as types its callers tell apart (the CLI by exit code, the worker by
// metric): no SDK behind them, so that a judge-only CLI run loads none.
import type { SecurityHubCallError } from '../publish/errors.ts';
import type { PlannedSummary } from '../publish/summary.ts';

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

/** Stops a scan whose signal was aborted before it published anything. */
export const throwIfAborted = (signal: AbortSignal | undefined, what: string): void => {
  if (signal?.aborted) {
    throw new ScanAbortedError(
      `the scan was stopped before the Lambda timeout ${what}; nothing was published (the next scan judges it).`,
    );
  }
};

/** STS could not say whose the credentials are (none, invalid, or STS unreachable). */
export class CannotIdentifyError extends Error {
  override readonly name = 'CannotIdentifyError';
  constructor(
    readonly region: string,
    readonly errorCode: string,
    /** The SDK's error: the CLI tells credentials, endpoints and AWS failing apart by it. */
    cause?: unknown,
  ) {
    super(
      `cannot identify the AWS account (STS GetCallerIdentity in ${region} failed: ${errorCode}).`,
      { cause },
    );
  }
}

/** The credentials reach another account than the one the scan is for. */
export class WrongAccountError extends Error {
  override readonly name = 'WrongAccountError';
}

/** The parts of a check selection (lib/scan/checks.ts). */
export type SelectionField = 'checks' | 'excludeChecks' | 'services' | 'minSeverity';

const NAMED: Record<SelectionField, string> = {
  checks: 'check ID',
  excludeChecks: 'check ID to exclude',
  services: 'service',
  minSeverity: 'severity',
};

/**
 * A selection naming a check ID, service or severity the registry does not have (a flag, a queue
 * message): never silently nothing. `known` is what it could have named (for "did you mean").
 */
export class UnknownSelectionError extends Error {
  override readonly name: string = 'UnknownSelectionError';
  constructor(
    readonly field: SelectionField,
    readonly unknown: readonly string[],
    readonly known: readonly string[],
  ) {
    super(`unknown ${NAMED[field]}: ${unknown.join(', ')}.`);
  }
}

/** A check ID that is not in the registry. */
export class UnknownCheckError extends UnknownSelectionError {
  override readonly name = 'UnknownCheckError';
  constructor(
    unknown: readonly string[],
    field: 'checks' | 'excludeChecks' = 'checks',
    known: readonly string[] = [],
  ) {
    super(field, unknown, known);
  }
}

/** Filters that together leave no check to run: a scan of nothing would look clean. */
export class NoCheckSelectedError extends Error {
  override readonly name = 'NoCheckSelectedError';
  constructor() {
    super('the check selection leaves no check to run.');
  }
}

/**
 * A Security Hub call failed after retries in one region: the summaries of the regions published
 * before it, and the regions not attempted after it.
 */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  constructor(
    readonly failure: SecurityHubCallError,
    readonly done: PlannedSummary[],
    readonly notAttempted: string[],
  ) {
    super(
      `${failure.message}${notAttempted.length > 0 ? ` Not attempted: ${notAttempted.join(', ')}.` : ''}`,
    );
  }
}
