// What an AWS SDK error is: its code, and whether it is AWS saying "slow down".

/** The AWS error code of an SDK error, or the Node.js network error code. */
export const errorCodeOf = (error: unknown): string => {
  if (!(error instanceof Error)) return 'UnknownError';
  const { code } = error as Error & { code?: unknown };
  // Network errors carry Node's code (the SDK names a reset socket `TimeoutError`, code ECONNRESET).
  if (typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code)) return code;
  return error.name && error.name !== 'Error' ? error.name : 'UnknownError';
};

// ThrottlingException, Throttling, RequestLimitExceeded, TooManyRequestsException, RequestThrottled…
const THROTTLING = /throttl|toomanyrequests|requestlimitexceeded|slowdown|ratelimit/i;

/**
 * An SDK error AWS uses for "rate exceeded", whatever the service calls it: the one test of the
 * pacing, the collection's and the Lambda's call counters and the publisher's.
 */
export const isThrottlingError = (error: unknown): boolean => {
  const e = error as
    | {
        name?: unknown;
        $metadata?: { httpStatusCode?: number };
        $retryable?: { throttling?: boolean };
      }
    | undefined;
  return (
    (typeof e?.name === 'string' && THROTTLING.test(e.name)) ||
    e?.$metadata?.httpStatusCode === 429 ||
    e?.$retryable?.throttling === true
  );
};

const ACCESS_DENIED =
  /^(?:AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedException|AuthorizationError|ForbiddenException|UnrecognizedClientException|InvalidClientTokenId|ExpiredToken|ExpiredTokenException|SignatureDoesNotMatch|MissingAuthenticationToken)$/;

/**
 * What happened, in words a user can act on: access denied, an endpoint whose name does not
 * resolve or that refuses connections, no answer in time, throttled, a response the SDK could not
 * read, or AWS failing. Names codes only, never a message (it may quote a request).
 */
export const failureCauseOf = (error: unknown): string => {
  const code = errorCodeOf(error);
  const e = error as { $response?: unknown; $metadata?: { httpStatusCode?: number } } | undefined;
  if (ACCESS_DENIED.test(code)) return `access denied (${code})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `the endpoint's name does not resolve (${code})`;
  if (code === 'ECONNREFUSED') return `the endpoint refuses connections (${code})`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return `the connection was reset (${code})`;
  if (code === 'ETIMEDOUT' || code === 'TimeoutError' || code === 'RequestTimeout')
    return `the endpoint did not answer in time (${code})`;
  if (isThrottlingError(error)) return `throttled past the retries (${code})`;
  // The SDK attaches the raw response to an error it raised reading it (no $metadata of a service error).
  if (e && typeof e === 'object' && '$response' in e && !('$metadata' in e))
    return `a response the SDK could not read (${code})`;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return `AWS failed (${code}, HTTP ${status})`;
  return code;
};
