// Helpers the services share: error sets per protocol family, pagination, token buckets.
import { AwsError } from '../protocols/types.ts';
import type { BucketSpec, CallContext, ServiceErrors } from './types.ts';

const INTERNAL_MESSAGE =
  'The request processing has failed because of an unknown error, exception or failure.';
const UNAVAILABLE_MESSAGE = 'The request has failed due to a temporary failure of the server.';

/** IAM's AccessDenied message: `User: ARN is not authorized to perform: svc:Op [on resource: R] …`. */
export const notAuthorized = (
  callerArn: string,
  signingName: string,
  operation: string,
  resource?: string,
): string =>
  `User: ${callerArn} is not authorized to perform: ${signingName}:${operation}${resource ? ` on resource: ${resource}` : ''} because no identity-based policy allows the ${signingName}:${operation} action`;

export interface ErrorCodes {
  throttling: [code: string, status: number];
  accessDenied: [code: string, status: number];
  internalFailure?: [code: string, status: number];
  serviceUnavailable?: [code: string, status: number];
  unknownOperation: [code: string, status: number];
}

export const serviceErrors = (signingName: string, codes: ErrorCodes): ServiceErrors => ({
  throttling: () => new AwsError(codes.throttling[0], 'Rate exceeded', codes.throttling[1]),
  accessDenied: (operation, { callerArn }) =>
    new AwsError(
      codes.accessDenied[0],
      notAuthorized(callerArn, signingName, operation),
      codes.accessDenied[1],
    ),
  internalFailure: () => {
    const [code, status] = codes.internalFailure ?? ['InternalFailure', 500];
    return new AwsError(code, INTERNAL_MESSAGE, status);
  },
  serviceUnavailable: () => {
    const [code, status] = codes.serviceUnavailable ?? ['ServiceUnavailable', 503];
    return new AwsError(code, UNAVAILABLE_MESSAGE, status);
  },
  unknownOperation: (operation) =>
    new AwsError(
      codes.unknownOperation[0],
      operation
        ? `The action or operation ${operation} is not valid for this web service.`
        : 'The request does not name an operation this service answers.',
      codes.unknownOperation[1],
    ),
});

/** awsJson services (ECS, ACM, SSM, Secrets Manager): the codes of their "Common errors" pages. */
export const awsJsonErrors = (signingName: string): ServiceErrors =>
  serviceErrors(signingName, {
    throttling: ['ThrottlingException', 400],
    accessDenied: ['AccessDeniedException', 400],
    unknownOperation: ['UnknownOperationException', 400],
  });

export const error = (code: string, message: string, status = 400): AwsError =>
  new AwsError(code, message, status);

/** Services whose throttle quotas are not published per API: a modest default bucket. */
export const DEFAULT_BUCKET: BucketSpec = { category: 'default', burst: 50, rate: 20 };

// Pagination ------------------------------------------------------------------------------------

export interface PageSpec {
  /** AWS's page size when the caller sets none. */
  defaultSize: number;
  /** AWS's largest allowed page size. */
  maxSize: number;
  minSize?: number;
  invalidSize: (size: number) => AwsError;
  invalidToken: () => AwsError;
}

export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

const TOKEN_PREFIX = 'emulator-page:';

const encodeToken = (offset: number): string =>
  Buffer.from(`${TOKEN_PREFIX}${offset}`).toString('base64url');

const decodeToken = (token: string): number | undefined => {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX)) return undefined;
  const offset = Number(text.slice(TOKEN_PREFIX.length));
  return Number.isInteger(offset) && offset >= 0 ? offset : undefined;
};

/**
 * One page of `items`: the caller's size (validated against AWS's range) or AWS's default, further
 * capped by EmulatorOptions.maxPageSize; the token is an opaque offset.
 */
export const paginate = <T>(
  items: readonly T[],
  request: { size?: number | undefined; token?: string | undefined },
  spec: PageSpec,
  context: Pick<CallContext, 'maxPageSize'>,
): Page<T> => {
  const { size, token } = request;
  if (size !== undefined && (size < (spec.minSize ?? 1) || size > spec.maxSize)) {
    throw spec.invalidSize(size);
  }
  let offset = 0;
  if (token) {
    const decoded = decodeToken(token);
    if (decoded === undefined) throw spec.invalidToken();
    offset = decoded;
  }
  const pageSize = Math.max(1, Math.min(size ?? spec.defaultSize, context.maxPageSize ?? Infinity));
  const end = offset + pageSize;
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? encodeToken(end) : undefined,
  };
};

/** Items by identifier, in the order asked for; unknown identifiers are reported separately. */
export const pick = <T>(
  items: readonly T[],
  refs: readonly string[],
  matches: (item: T, ref: string) => boolean,
): { found: T[]; missing: string[] } => {
  const found: T[] = [];
  const missing: string[] = [];
  for (const ref of refs) {
    const item = items.find((candidate) => matches(candidate, ref));
    if (item === undefined) missing.push(ref);
    else if (!found.includes(item)) found.push(item);
  }
  return { found, missing };
};

/** Snapshot data that must have been collected: missing, it answers the service's AccessDenied. */
export const collected = <T>(context: CallContext, value: T | undefined, what: string): T => {
  if (value === undefined) throw context.notCollected(what);
  return value;
};

/** A deep copy, so that handlers may drop fields without touching the snapshot. */
export const copy = <T>(value: T): T => structuredClone(value);
