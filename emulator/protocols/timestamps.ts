// Timestamps: the snapshot holds ISO-8601 strings; each protocol writes them in its own format.
import type { NormalizedSchema } from './schema.ts';

/** Smithy's schema ids: 5 date-time (ISO-8601), 6 http-date (RFC 7231), 7 epoch-seconds. */
export type TimestampFormat = 5 | 6 | 7;

/** The format a timestamp member is written in: its own trait, else the protocol's default. */
export const timestampFormat = (
  schema: NormalizedSchema,
  protocolDefault: TimestampFormat,
): TimestampFormat => {
  const id = schema.getSchema();
  return id === 5 || id === 6 || id === 7 ? id : protocolDefault;
};

export const toDate = (value: unknown): Date | undefined => {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') {
    const date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
};

/** A snapshot value written in `format`; values that are not dates pass through untouched. */
export const writeTimestamp = (value: unknown, format: TimestampFormat): unknown => {
  const date = toDate(value);
  if (!date) return value;
  switch (format) {
    case 5:
      return date.toISOString();
    case 6:
      return date.toUTCString();
    case 7:
      return date.getTime() / 1000;
  }
};

export const readTimestamp = (value: unknown): Date | unknown => toDate(value) ?? value;
