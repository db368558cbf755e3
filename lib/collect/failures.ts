// Records calls that still failed after the SDK's retries, aggregated per service, operation and error.
import { errorCodeOf } from '../aws/errors.ts';
import type { CollectedService, CollectionFailure, ItemAbsence } from '../snapshot/types.ts';

export type { CollectionFailure } from '../snapshot/types.ts';

interface Aggregate {
  failure: CollectionFailure;
  /** Every call named the items it described; false once one call named none (a listing). */
  itemsOnly: boolean;
  items: Set<string>;
}

export class FailureRecorder {
  readonly #region: string;
  readonly #failures = new Map<string, Aggregate>();

  constructor(region: string) {
    this.#region = region;
  }

  /** `items`: what the failed call described (`CollectionFailure.items`); none: a listing. */
  record(
    service: CollectedService,
    operation: string,
    error: unknown,
    count = 1,
    items?: readonly string[],
  ): void {
    const errorCode = errorCodeOf(error);
    const key = `${service}\u0000${operation}\u0000${errorCode}`;
    let known = this.#failures.get(key);
    if (!known) {
      known = {
        failure: { region: this.#region, service, operation, errorCode, count: 0 },
        itemsOnly: true,
        items: new Set(),
      };
      this.#failures.set(key, known);
    }
    known.failure.count += count;
    if (!items?.length) known.itemsOnly = false;
    else for (const item of items) known.items.add(item);
  }

  readonly #absent = new Map<string, ItemAbsence>();

  /** An answer that the items asked for do not exist (lib/collect/call.ts `orAbsent`). */
  absent(
    service: CollectedService,
    operation: string,
    errorCode: string,
    items: readonly string[],
  ) {
    const key = `${service}\u0000${operation}\u0000${errorCode}`;
    const known = this.#absent.get(key) ?? {
      region: this.#region,
      service,
      operation,
      errorCode,
      items: [],
    };
    known.items = [...new Set([...known.items, ...items])].sort();
    this.#absent.set(key, known);
  }

  absences(): ItemAbsence[] {
    return [...this.#absent.values()].map((a) => ({ ...a, items: [...a.items] }));
  }

  list(): CollectionFailure[] {
    return [...this.#failures.values()].map(({ failure, itemsOnly, items }) =>
      itemsOnly ? { ...failure, items: [...items].sort() } : { ...failure },
    );
  }
}
