import type { EcsTaskDefinition, EnvironmentValueVerdict } from '../../snapshot/types.ts';
import type { Inventory } from '../inventory/inventory.ts';
import { credentialKey } from '../inventory/inventory.ts';
import { credentialKindsOf } from './credentials.ts';
import { type EnvironmentEntry, standInValue } from './redact.ts';

const entriesOf = (definition: EcsTaskDefinition | undefined): EnvironmentEntry[] =>
  (definition?.containerDefinitions ?? []).flatMap((container) => container.environment ?? []);

const isVerdictOnly = (entry: EnvironmentEntry): boolean =>
  entry.value === undefined && entry.valueVerdict !== undefined;

/**
 * A snapshot written without values holds `{ name, valueVerdict }` entries: the in-scope task
 * definitions get a stand-in value for each (redact.ts), with the verdict's credential kinds
 * recorded under its key, so the checks judge them as they judged the values. The snapshot's own
 * objects are left as they are.
 */
const standInsForVerdicts = (inventory: Inventory): void => {
  const definitions = inventory.taskDefinitions;
  if (!definitions?.some(({ data }) => entriesOf(data).some(isVerdictOnly))) return;
  // A stand-in must not share a key with a real value the detector judges on its own.
  const realKeys = new Set(
    definitions.flatMap(({ data }) =>
      entriesOf(data).flatMap(({ name = '', value }) =>
        value === undefined ? [] : [credentialKey(name, value)],
      ),
    ),
  );
  let n = 0;
  const standIn = (name: string, verdict: EnvironmentValueVerdict): EnvironmentEntry => {
    let value: string;
    do value = standInValue(verdict, ++n);
    while (value !== '' && realKeys.has(credentialKey(name, value)));
    if (value !== '') {
      inventory.credentialKinds.set(credentialKey(name, value), [...verdict.credentialKinds]);
    }
    return { name, value };
  };
  inventory.taskDefinitions = definitions.map((described) => {
    const { data } = described;
    if (!data || !entriesOf(data).some(isVerdictOnly)) return described;
    const containerDefinitions = data.containerDefinitions?.map((container) =>
      container.environment?.some(isVerdictOnly)
        ? {
            ...container,
            environment: container.environment.map((entry: EnvironmentEntry) =>
              entry.value === undefined && entry.valueVerdict
                ? standIn(entry.name ?? '', entry.valueVerdict)
                : entry,
            ),
          }
        : container,
    );
    return { ...described, data: { ...data, containerDefinitions } };
  });
};

/** Fills `inventory.credentialKinds` for every environment entry of the in-scope task definitions. */
export const detectCredentials = async (inventory: Inventory): Promise<Inventory> => {
  standInsForVerdicts(inventory);
  const pending = new Map<string, { name: string; value: string }>();
  for (const { data } of inventory.taskDefinitions ?? []) {
    for (const container of data?.containerDefinitions ?? []) {
      for (const { name = '', value = '' } of container.environment ?? []) {
        const key = credentialKey(name, value);
        if (value && !inventory.credentialKinds.has(key)) pending.set(key, { name, value });
      }
    }
  }
  for (const [key, { name, value }] of pending) {
    inventory.credentialKinds.set(key, await credentialKindsOf(name, value));
  }
  return inventory;
};
