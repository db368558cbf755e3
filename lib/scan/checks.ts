// Which checks a scan runs: all of the registry's, or the IDs asked for. An unknown ID is an
// error wherever it comes from (a flag, a queue message): a typo never silently runs nothing.
import type { Check } from '../evaluate/check.ts';
import { UnknownCheckError } from './errors.ts';

export const selectChecks = (
  registry: readonly Check[],
  ids: readonly string[] | undefined,
): Check[] => {
  if (!ids) return [...registry];
  const known = new Set(registry.map((c) => c.metadata.id));
  const unknown = [...new Set(ids.filter((id) => !known.has(id)))];
  if (unknown.length > 0) throw new UnknownCheckError(unknown);
  return registry.filter((c) => ids.includes(c.metadata.id));
};
