// Schema-driven decoding of awsQuery and ec2Query form bodies into the SDK's input shape.
// awsQuery: `Names.member.1=a`, maps `Tags.entry.1.key`; ec2Query: `Filter.1.Name=vpc-id`,
// `Filter.1.Value.1=vpc-0abc`, member names from `ec2QueryName` (else the capitalised name).
import { type NormalizedSchema, type SchemaRef, schemaOf } from './schema.ts';
import { readTimestamp } from './timestamps.ts';

export interface QuerySettings {
  ec2: boolean;
}

export const parseForm = (body: string): Map<string, string> => {
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(body)) params.set(key, value);
  return params;
};

const memberKey = (name: string, member: NormalizedSchema, settings: QuerySettings): string => {
  const traits = member.getMergedTraits();
  if (settings.ec2) {
    if (typeof traits.ec2QueryName === 'string') return traits.ec2QueryName;
    const key = (traits.xmlName as string | undefined) ?? name;
    return key.charAt(0).toUpperCase() + key.slice(1);
  }
  return (traits.xmlName as string | undefined) ?? name;
};

/** The indices N present under `prefix.N` (sorted), for lists and maps. */
const indices = (params: Map<string, string>, prefix: string): number[] => {
  const found = new Set<number>();
  for (const key of params.keys()) {
    if (!key.startsWith(`${prefix}.`)) continue;
    const index = Number.parseInt(key.slice(prefix.length + 1), 10);
    if (Number.isInteger(index) && index > 0) found.add(index);
  }
  return [...found].sort((a, b) => a - b);
};

const hasPrefix = (params: Map<string, string>, prefix: string): boolean => {
  for (const key of params.keys()) {
    if (key === prefix || key.startsWith(`${prefix}.`)) return true;
  }
  return false;
};

const readScalar = (schema: NormalizedSchema, text: string): unknown => {
  if (schema.isNumericSchema()) return Number(text);
  if (schema.isBooleanSchema()) return text.toLowerCase() === 'true';
  if (schema.isTimestampSchema()) return readTimestamp(text);
  if (schema.isBigIntegerSchema()) return BigInt(text);
  return text;
};

const readValue = (
  ref: SchemaRef,
  params: Map<string, string>,
  prefix: string,
  settings: QuerySettings,
): unknown => {
  const schema = schemaOf(ref);
  if (schema.isListSchema()) {
    if (!hasPrefix(params, prefix)) return undefined;
    if (params.get(prefix) === '') return [];
    const item = schema.getValueSchema();
    const flat = settings.ec2 || Boolean(schema.getMergedTraits().xmlFlattened);
    const itemTraits = item.getMergedTraits();
    const base = flat
      ? prefix
      : `${prefix}.${(itemTraits.xmlName as string | undefined) ?? 'member'}`;
    return indices(params, base).map((index) =>
      readValue(item, params, `${base}.${index}`, settings),
    );
  }
  if (schema.isMapSchema()) {
    if (!hasPrefix(params, prefix)) return undefined;
    const flat = Boolean(schema.getMergedTraits().xmlFlattened);
    const base = flat ? prefix : `${prefix}.entry`;
    const keySchema = schema.getKeySchema();
    const valueSchema = schema.getValueSchema();
    const keyName = (keySchema.getMergedTraits().xmlName as string | undefined) ?? 'key';
    const valueName = (valueSchema.getMergedTraits().xmlName as string | undefined) ?? 'value';
    const out: Record<string, unknown> = {};
    for (const index of indices(params, base)) {
      const key = params.get(`${base}.${index}.${keyName}`);
      if (key !== undefined) {
        out[key] = readValue(valueSchema, params, `${base}.${index}.${valueName}`, settings);
      }
    }
    return out;
  }
  if (schema.isStructSchema()) {
    if (prefix && !hasPrefix(params, prefix)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [name, member] of schema.structIterator()) {
      const key = memberKey(name, member, settings);
      const value = readValue(member, params, prefix ? `${prefix}.${key}` : key, settings);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
  const text = params.get(prefix);
  return text === undefined ? undefined : readScalar(schema, text);
};

/** The operation input read from the form parameters (`Action` and `Version` are not members). */
export const readQuery = (
  ref: SchemaRef,
  params: Map<string, string>,
  settings: QuerySettings,
): Record<string, unknown> =>
  (readValue(ref, params, '', settings) as Record<string, unknown>) ?? {};
