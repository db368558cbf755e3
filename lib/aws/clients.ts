// The AWS clients of the Lambda functions, built by one factory that the handlers create once at
// cold start: the same endpoint settings (tests point them at the emulator), retries, the tracer's
// capture, and per scan an abort signal and call counters.
import { EC2Client } from '@aws-sdk/client-ec2';
import type { ECSClientConfig } from '@aws-sdk/client-ecs';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { isThrottlingError } from './errors.ts';
import { createClients, DEFAULT_MAX_ATTEMPTS, type RegionClients } from './regionClients.ts';
import {
  type CallsInFlight,
  type HttpTimeouts,
  requestHandlerOptions,
  watchCalls,
  withAbortSignal,
} from './sdk.ts';

/** Static credentials or a provider, as every SDK client takes them. */
export type Credentials = NonNullable<ECSClientConfig['credentials']>;

/** What every SDK v3 client has: a middleware stack and `send`. */
interface SdkClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: string; name: string; priority?: string }): void;
    remove(name: string): boolean;
  };
  send(...args: unknown[]): Promise<unknown>;
  destroy(): void;
}

export interface ClientSettings {
  /** One endpoint for every service (tests: the emulator); default: the SDK's configuration. */
  endpoint?: string;
  /** Credentials of the deployment account (tests); default: the Lambda role's. */
  credentials?: Credentials;
  maxAttempts?: number;
  /** Client-side pacing of the collectors' clients; `false` in tests against an unthrottled emulator. */
  pacing?: false;
  /** Applied to every client once created (Powertools Tracer's captureAWSv3Client). */
  capture?: <T>(client: T) => T;
  /** HTTP connection and request timeouts of every client (default DEFAULT_HTTP_TIMEOUTS). */
  timeouts?: HttpTimeouts;
  /** Where every call in flight is recorded (the CLI's deadline names the one it waited for). */
  calls?: CallsInFlight;
  /** Aborts every call of every client (the CLI's deadline); a scan's own signal aborts its collection. */
  signal?: AbortSignal;
}

/** Calls and throttled attempts a scan made, counted on every attempt inside the SDK's retries. */
export interface CallStats {
  calls: number;
  throttles: number;
}

const COUNTER = 'ecsScannerCallCounter';

/**
 * Counts every HTTP attempt and the throttled ones: a finalizeRequest middleware below the SDK's
 * retry middleware sees each attempt and the error the deserializer raised (one at the
 * deserialize step, below the deserializer, sees only the raw answer). Defaults `abortSignal` of
 * every send (paginators included) to `signal`.
 */
export const instrument = <T>(client: T, stats?: CallStats, signal?: AbortSignal): T => {
  const sdk = client as unknown as SdkClient;
  if (stats) {
    sdk.middlewareStack.remove(COUNTER);
    sdk.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
        stats.calls += 1;
        try {
          return await next(args);
        } catch (error) {
          if (isThrottlingError(error)) stats.throttles += 1;
          throw error;
        }
      },
      { step: 'finalizeRequest', name: COUNTER, priority: 'low' },
    );
  }
  if (signal) withAbortSignal(client, signal);
  return client;
};

export interface ClientFactory {
  /** The collectors' clients of one region, for an account's credentials (default: the deployment account's). */
  regionClients(
    region: string,
    options?: { credentials?: Credentials; stats?: CallStats; signal?: AbortSignal },
  ): RegionClients;
  securityHub(
    region: string,
    options?: { credentials?: Credentials; stats?: CallStats; signal?: AbortSignal },
  ): SecurityHubClient;
  sts(region: string): STSClient;
  sqs(region: string): SQSClient;
  ec2(region: string): EC2Client;
  organizations(region: string): OrganizationsClient;
}

export const createClientFactory = (settings: ClientSettings = {}): ClientFactory => {
  const capture = settings.capture ?? (<T>(client: T) => client);
  const base = (region: string, credentials?: Credentials) => ({
    region,
    maxAttempts: settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestHandler: requestHandlerOptions(settings.timeouts),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...((credentials ?? settings.credentials)
      ? { credentials: credentials ?? settings.credentials }
      : {}),
  });
  /** The call's own signal and the factory's (a deadline): whichever aborts first. */
  const signalOf = (own: AbortSignal | undefined) =>
    own && settings.signal ? AbortSignal.any([own, settings.signal]) : (own ?? settings.signal);
  const cached = <T>(make: (region: string) => T) => {
    const clients = new Map<string, T>();
    return (region: string): T => {
      let client = clients.get(region);
      if (!client) {
        client = instrument(capture(make(region)), undefined, settings.signal);
        clients.set(region, client);
      }
      return client;
    };
  };
  return {
    regionClients: (region, options = {}) => {
      const { requestHandler: _handler, ...config } = base(region, options.credentials);
      const set = createClients(region, {
        ...config,
        ...(settings.timeouts ? { timeouts: settings.timeouts } : {}),
        ...(settings.pacing === false ? { pacing: false as const } : {}),
        ...(settings.calls ? { calls: settings.calls } : {}),
      });
      for (const key of [
        'ecs',
        'elbv2',
        'ec2',
        'appmesh',
        'acm',
        'ssm',
        'secretsManager',
        'sts',
      ] as const) {
        instrument(capture(set[key]), options.stats, signalOf(options.signal));
      }
      return set;
    },
    securityHub: (region, options = {}) => {
      const client = new SecurityHubClient(base(region, options.credentials));
      if (settings.calls) watchCalls(client, { service: 'securityhub', region }, settings.calls);
      return instrument(capture(client), options.stats, signalOf(options.signal));
    },
    // The deployment account's own clients live as long as the function instance.
    sts: cached((region) => new STSClient(base(region))),
    sqs: cached((region) => new SQSClient(base(region))),
    ec2: cached((region) => new EC2Client(base(region))),
    organizations: cached((region) => new OrganizationsClient(base(region))),
  };
};
