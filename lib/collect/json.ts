// SDK output → snapshot items: a JSON round trip (Dates become ISO strings) without `$metadata`.
import type { Jsonified } from '../snapshot/types.ts';

export const jsonify = <T>(value: T): Jsonified<T> =>
  JSON.parse(
    JSON.stringify(value, (key, v) => (key === '$metadata' ? undefined : v)),
  ) as Jsonified<T>;

export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
};

export const unique = <T>(items: Iterable<T>): T[] => [...new Set(items)];
