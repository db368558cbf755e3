// What every SDK client of the scanner gets, in one place: HTTP connection and request timeouts,
// a default abort signal (a deadline), and a record of the calls in flight (so that a deadline can
// name the call it was waiting for).
import type { Client, InitializeMiddleware } from '@smithy/types';

/** Above the SDK default of 3: a large account's scan meets throttling and must ride it out. */
export const DEFAULT_MAX_ATTEMPTS = 8;

export interface HttpTimeouts {
  /** Connecting to the endpoint (TCP and TLS). */
  connectionMs: number;
  /** One HTTP attempt, from sending the request to the last byte of the answer. */
  requestMs: number;
}

/**
 * AWS's read APIs answer in well under a second and a 6 MB BatchImportFindings in a few; an
 * attempt past these is retried by the SDK (TimeoutError is transient) and then fails the call.
 */
export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { connectionMs: 5_000, requestMs: 30_000 };

/** The NodeHttpHandler options every client is built with (its `requestHandler` takes them as they are). */
export const requestHandlerOptions = (timeouts: HttpTimeouts = DEFAULT_HTTP_TIMEOUTS) => ({
  connectionTimeout: timeouts.connectionMs,
  requestTimeout: timeouts.requestMs,
  // Without it @smithy/node-http-handler only logs a warning past requestTimeout and waits on.
  throwOnRequestTimeout: true,
});

/** A call (with its retries) that has not answered yet. */
export interface CallInFlight {
  service: string;
  operation: string;
  region: string;
  /** `performance.now()` when it was sent. */
  startedAt: number;
}

/** The calls in flight of a run, across every client it watches. */
export class CallsInFlight {
  readonly #calls = new Set<CallInFlight>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Registers a call; the function returned ends it. */
  start(service: string, operation: string, region: string): () => void {
    const call = { service, operation, region, startedAt: this.clock() };
    this.#calls.add(call);
    return () => this.#calls.delete(call);
  }

  /** The call waiting longest, if any. */
  oldest(): CallInFlight | undefined {
    let oldest: CallInFlight | undefined;
    for (const call of this.#calls) if (!oldest || call.startedAt < oldest.startedAt) oldest = call;
    return oldest && { ...oldest };
  }

  get size(): number {
    return this.#calls.size;
  }

  /** Seconds since the call was sent. */
  ageSeconds(call: CallInFlight): number {
    return (this.clock() - call.startedAt) / 1000;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: any SDK v3 client.
type AnyClient = Client<any, any, any>;

const WATCH = 'ecsScannerCallsInFlight';

/** Records each call of `client` in `calls` from its send to its answer (all its retries included). */
export const watchCalls = (
  client: AnyClient,
  where: { service: string; region: string },
  calls: CallsInFlight,
): void => {
  const middleware: InitializeMiddleware<object, object> = (next, context) => async (args) => {
    const operation = String(context.commandName ?? '?').replace(/Command$/, '');
    const end = calls.start(where.service, operation, where.region);
    try {
      return await next(args);
    } finally {
      end();
    }
  };
  client.middlewareStack.remove(WATCH);
  client.middlewareStack.add(middleware, { step: 'initialize', priority: 'high', name: WATCH });
};

/**
 * Gives every send of `client` (paginators included) `signal` unless the call brings its own; once
 * it is aborted, a send fails at once, before it waits for pacing or a socket.
 */
export const withAbortSignal = <T>(client: T, signal: AbortSignal): T => {
  const sdk = client as unknown as { send: (...args: unknown[]) => Promise<unknown> };
  const send = sdk.send.bind(sdk);
  sdk.send = (command: unknown, options?: unknown, callback?: unknown) => {
    // The error the SDK's HTTP handler gives an aborted request, whether it was in flight or not.
    if (signal.aborted) {
      return Promise.reject(
        Object.assign(new Error('Request aborted'), { name: 'AbortError', cause: signal.reason }),
      );
    }
    return typeof options === 'function'
      ? send(command, { abortSignal: signal }, options)
      : send(command, { abortSignal: signal, ...(options as object | undefined) }, callback);
  };
  return client;
};
