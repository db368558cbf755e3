// Records calls that still failed after the SDK's retries, aggregated per service, operation and error.
import type { CollectedService, CollectionFailure } from './types.ts';

/** The AWS error code of an SDK error, or the Node.js network error code. */
export const errorCodeOf = (error: unknown): string => {
  if (!(error instanceof Error)) return 'UnknownError';
  const { code } = error as Error & { code?: unknown };
  // Network errors carry Node's code (the SDK names a reset socket `TimeoutError`, code ECONNRESET).
  if (typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code)) return code;
  return error.name && error.name !== 'Error' ? error.name : 'UnknownError';
};

export class FailureRecorder {
  readonly #region: string;
  readonly #failures = new Map<string, CollectionFailure>();

  constructor(region: string) {
    this.#region = region;
  }

  record(service: CollectedService, operation: string, error: unknown, count = 1): void {
    const errorCode = errorCodeOf(error);
    const key = `${service}\u0000${operation}\u0000${errorCode}`;
    const known = this.#failures.get(key);
    if (known) known.count += count;
    else this.#failures.set(key, { region: this.#region, service, operation, errorCode, count });
  }

  list(): CollectionFailure[] {
    return [...this.#failures.values()].map((f) => ({ ...f }));
  }
}
