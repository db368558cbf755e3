import type { Inventory } from '../inventory/inventory.ts';
import { credentialKey } from '../inventory/inventory.ts';
import { credentialKindsOf } from './credentials.ts';

/** Fills `inventory.credentialKinds` for every environment entry of the in-scope task definitions. */
export const detectCredentials = async (inventory: Inventory): Promise<Inventory> => {
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
