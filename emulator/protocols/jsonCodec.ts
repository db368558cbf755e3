// Schema-driven JSON for awsJson1_0/1_1 (member names) and restJson1 (`jsonName` names).
import { isRecord, type NormalizedSchema, type SchemaRef, schemaOf } from './schema.ts';
import { readTimestamp, writeTimestamp } from './timestamps.ts';

export interface JsonSettings {
  /** restJson1 writes members under their `jsonName` trait; awsJson ignores it. */
  jsonName: boolean;
}

const wireName = (name: string, member: NormalizedSchema, settings: JsonSettings): string =>
  settings.jsonName ? ((member.getMergedTraits().jsonName as string | undefined) ?? name) : name;

const base64 = (value: unknown): unknown =>
  value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;

/** A snapshot value (SDK shape, ISO dates) as the service writes it on the wire. */
export const writeJson = (ref: SchemaRef, value: unknown, settings: JsonSettings): unknown => {
  if (value == null) return undefined;
  const schema = schemaOf(ref);
  if (schema.isStructSchema()) {
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [name, member] of schema.structIterator()) {
      const encoded = writeJson(member, value[name], settings);
      if (encoded !== undefined) out[wireName(name, member, settings)] = encoded;
    }
    return out;
  }
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) return value;
    const item = schema.getValueSchema();
    return value.map((entry) => writeJson(item, entry, settings) ?? null);
  }
  if (schema.isMapSchema()) {
    if (!isRecord(value)) return value;
    const item = schema.getValueSchema();
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, writeJson(item, entry, settings) ?? null]),
    );
  }
  if (schema.isTimestampSchema()) {
    const id = schema.getSchema();
    return writeTimestamp(value, id === 5 || id === 6 ? id : 7);
  }
  if (schema.isBlobSchema()) return base64(value);
  return value;
};

/** A request body read into the SDK's input shape: Dates for timestamps, unknown members dropped. */
export const readJson = (ref: SchemaRef, value: unknown, settings: JsonSettings): unknown => {
  if (value == null) return undefined;
  const schema = schemaOf(ref);
  if (schema.isStructSchema()) {
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [name, member] of schema.structIterator()) {
      const decoded = readJson(member, value[wireName(name, member, settings)], settings);
      if (decoded !== undefined) out[name] = decoded;
    }
    return out;
  }
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) return value;
    const item = schema.getValueSchema();
    return value.map((entry) => readJson(item, entry, settings));
  }
  if (schema.isMapSchema()) {
    if (!isRecord(value)) return value;
    const item = schema.getValueSchema();
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, readJson(item, entry, settings)]),
    );
  }
  if (schema.isTimestampSchema()) return readTimestamp(value);
  return value;
};
