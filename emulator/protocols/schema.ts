// Helpers over the AWS SDK v3 clients' static schemas (`DescribeServices$` and friends), walked with
// @smithy/core's NormalizedSchema: the same model the SDK's own serializers and deserializers read.
import { NormalizedSchema } from '@smithy/core/schema';
import type { StaticOperationSchema } from '@smithy/types';

export type { StaticOperationSchema };
export { NormalizedSchema };

/** Anything NormalizedSchema.of accepts: a static schema, a member, a lazy `() => X$` reference. */
export type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];

export interface Traits {
  [trait: string]: unknown;
  xmlName?: string;
  xmlFlattened?: unknown;
  ec2QueryName?: string;
  jsonName?: string;
  httpLabel?: unknown;
  httpQuery?: string;
  httpQueryParams?: unknown;
  httpHeader?: string;
  httpPrefixHeaders?: string;
  httpPayload?: unknown;
  httpResponseCode?: unknown;
  awsQueryError?: [string, number];
  error?: 'client' | 'server';
  httpError?: number;
  http?: [string, string, number];
}

export const schemaOf = (ref: SchemaRef): NormalizedSchema => NormalizedSchema.of(ref);

export const traitsOf = (schema: NormalizedSchema): Traits => schema.getMergedTraits() as Traits;

export const memberTraitsOf = (schema: NormalizedSchema): Traits =>
  schema.getMemberTraits() as Traits;

/** `[9, namespace, name, traits, input, output]` */
export const operationName = (operation: StaticOperationSchema): string => operation[2];
export const operationTraits = (operation: StaticOperationSchema): Traits =>
  (typeof operation[3] === 'object' ? operation[3] : {}) as Traits;
export const inputSchema = (operation: StaticOperationSchema): NormalizedSchema =>
  schemaOf(operation[4] as SchemaRef);
export const outputSchema = (operation: StaticOperationSchema): NormalizedSchema =>
  schemaOf(operation[5] as SchemaRef);

export const members = (schema: NormalizedSchema): [string, NormalizedSchema][] =>
  schema.isStructSchema() ? [...schema.structIterator()] : [];

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
