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
