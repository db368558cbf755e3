// One API call (or one paginated listing) under its throttle category's concurrency limit; a failure after
// the SDK's retries is recorded and returned as a value, never thrown.
import { errorCodeOf } from '../aws/errors.ts';
import type { CollectedService, RegionContext } from './types.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export const attempt = async <T>(
  context: RegionContext,
  service: CollectedService,
  operation: string,
  task: () => Promise<T>,
  options: {
    record?: (error: unknown) => boolean;
    /** The items the call describes, when the scan already knows them (CollectionFailure.items). */
    items?: readonly string[];
  } = {},
): Promise<Outcome<T>> => {
  let outcome: Outcome<T>;
  let recorded = false;
  try {
    outcome = { ok: true, value: await context.limit(service, operation)(task) };
  } catch (error) {
    recorded = options.record?.(error) ?? true;
    if (recorded) context.failures.record(service, operation, error, 1, options.items);
    outcome = { ok: false, error };
  }
  // Outside the try: an error of the watcher is never taken for a failure of the call.
  context.onCall?.(service, operation, recorded ? 'failed' : 'done');
  return outcome;
};

/** Every page of a paginator, in order. */
export const pages = async <T>(paginator: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const page of paginator) all.push(page);
  return all;
};

/** The values when every outcome succeeded, else undefined (the whole list is not collected). */
export const allOrNothing = <T>(outcomes: readonly Outcome<T>[]): T[] | undefined =>
  outcomes.every((o) => o.ok) ? outcomes.map((o) => (o as { value: T }).value) : undefined;

/** The values of the outcomes that succeeded (absence of the rest means "not described"). */
export const succeeded = <T>(outcomes: readonly Outcome<T>[]): T[] =>
  outcomes.flatMap((o) => (o.ok ? [o.value] : []));

/**
 * An answer that succeeded on the wire but did not describe what was asked: a `failures[]` entry
 * other than MISSING, or a response without its item. Named after the reason, so that it is
 * recorded like any failed call.
 */
export class IncompleteAnswerError extends Error {
  constructor(reason: string) {
    super(`incomplete answer: ${reason}`);
    this.name = /^[A-Za-z_]+$/.test(reason) ? reason : 'IncompleteAnswer';
  }
}

/**
 * ECS batch describes answer an item they could not describe in `failures[]`: reason MISSING means
 * it does not exist (ECS API `Failure`); any other reason is a failure of the call.
 */
export const throwUnlessMissing = (
  failures: readonly { reason?: string | undefined }[] | undefined,
): void => {
  const other = failures?.find((f) => f.reason !== 'MISSING');
  if (other) throw new IncompleteAnswerError(other.reason ?? 'IncompleteAnswer');
};

export const isErrorNamed = (error: unknown, ...names: string[]): boolean =>
  error instanceof Error && names.includes(error.name);

/** Where an "it does not exist" answer is recorded (FailureRecorder.absent). */
export interface AbsenceNote {
  context: RegionContext;
  service: CollectedService;
  operation: string;
  items: readonly string[];
}

/**
 * The items a describe call returns, or none when the API answers that the item does not exist
 * (deleted, or a stale reference): that is an answer, not a collection failure. The item stays
 * absent, which the checks read as "not described". With a note, the answer is recorded, so that
 * the snapshot says which items were answered absent (orNotedAbsent).
 */
export const orAbsent = <T>(task: () => Promise<T[]>, ...notFound: string[]): Promise<T[]> =>
  answeredAbsent(undefined, task, notFound);

/** `orAbsent`, recording the items answered absent in the region's record. */
export const orNotedAbsent = <T>(
  noted: AbsenceNote,
  task: () => Promise<T[]>,
  ...notFound: string[]
): Promise<T[]> => answeredAbsent(noted, task, notFound);

const answeredAbsent = async <T>(
  noted: AbsenceNote | undefined,
  task: () => Promise<T[]>,
  notFound: readonly string[],
): Promise<T[]> => {
  try {
    return await task();
  } catch (error) {
    if (!isErrorNamed(error, ...notFound)) throw error;
    noted?.context.failures.absent(noted.service, noted.operation, errorCodeOf(error), noted.items);
    return [];
  }
};
