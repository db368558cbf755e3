// The local AWS emulator's public API (contract between the emulator, the collectors' tests and
// `npm start`). Test and demo tool only: never bundled into the Lambda functions.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { Snapshot } from '../lib/snapshot/types.ts';

/**
 * The APIs the emulator answers, by AWS signing name, routed on the SigV4 credential scope; but for
 * `elb`, the Classic Load Balancer API, signed as `elasticloadbalancing` and told from ELBv2 by its
 * `Version` (2012-06-01): `calls()`, `throttled()` and fault selectors name it `elb`.
 */
export type EmulatedService =
  | 'ecs'
  | 'elasticloadbalancing'
  | 'elb'
  | 'vpc-lattice'
  | 'ec2'
  | 'appmesh'
  | 'acm'
  | 'ssm'
  | 'secretsmanager'
  | 'securityhub'
  | 'sts'
  | 'sqs'
  | 'organizations'
  | 'tagging';

/**
 * Which calls a fault hits: `operation` is a signing name (`ecs`) or `service:Operation`
 * (`ecs:DescribeTaskDefinition`); `match`, when set, keeps only requests whose body, path or query
 * contains that string (an ARN, a name), decoded; `count`, when set, is how many calls it hits
 * (what is left shows in `faults()`).
 */
export interface FaultTarget {
  operation: string;
  match?: string;
  count?: number;
}

/** A plain `service` / `service:Operation` string, or a target with `match` / `count`. */
export type FaultSelector = string | FaultTarget;

export interface ErrorFault extends FaultTarget {
  /** The error code as the service writes it on the wire (`ClientException`, `InvalidInputException`). */
  code: string;
  /** HTTP status, 400..599. */
  status: number;
  /** Default: `Fault injected by the emulator.` */
  message?: string;
}

export interface FaultConfig {
  /** Added to every call, in milliseconds. */
  latencyMs?: number;
  /** Added to every call of these services instead of `latencyMs` (e.g. a slow Security Hub). */
  latencyByService?: Partial<Record<EmulatedService, number>>;
  /** AWS's documented token buckets per throttle category, answered with each protocol's throttling error. */
  throttling?: boolean;
  /** Multiplies every bucket's refill rate and burst (0.5 = half rate). */
  throttleRateFactor?: number;
  /** `service` or `service:Operation` answered with the protocol's AccessDenied error. */
  accessDenied?: FaultSelector[];
  /** Always answered with the service's throttling error (counted as throttled), buckets or not. */
  throttle?: FaultSelector[];
  /** Answered with this error code and HTTP status, in the protocol's error shape. */
  errors?: ErrorFault[];
  /** The connection is accepted and never answered, until the client gives up or the emulator closes. */
  hang?: FaultSelector[];
  /** The connection is destroyed without an answer (the SDK sees ECONNRESET). */
  reset?: FaultSelector[];
  /** Share of calls (0..1) answered with a 5xx error (InternalFailure / ServiceUnavailable). */
  serverErrorRate?: number;
  /** Services whose endpoint is unreachable (the connection is destroyed). */
  unreachable?: EmulatedService[];
  /** Seed of the PRNG that picks the 5xx answers (default 1), so that runs are repeatable. */
  seed?: number;
  /**
   * Paged answers that come back short, as AWS warns they can ("Queries can occasionally return
   * fewer results on a page than allowed"): one item a page, and an empty page with a token before
   * the last, so that a pagination loop must follow the token to its end. Only the operations
   * that page this way take it (`tagging:GetResources`); a `count` counts pages.
   */
  shortPages?: FaultSelector[];
  /**
   * Security Hub: the next `count` findings imported are answered in `FailedFindings` with
   * `errorCode` (and not stored), as BatchImportFindings does with HTTP 200.
   */
  failedFindings?: { errorCode: string; count: number };
}

export interface EmulatorOptions {
  /** One snapshot per account; the first is the default account. */
  accounts: Snapshot[];
  /** 0 (default) picks a free port on 127.0.0.1. */
  port?: number;
  faults?: FaultConfig;
  /** Lower page-size cap for list/describe APIs, to exercise pagination in tests (never above AWS's). */
  maxPageSize?: number;
  /**
   * Regions enabled in every account (EC2 DescribeRegions); default: the commercial regions that
   * need no opt-in. The other commercial regions answer as `not-opted-in` with AllRegions.
   */
  regions?: string[];
  /**
   * AWS Organizations: the organization's member accounts (ListAccounts), by default every snapshot
   * account, ACTIVE. The first snapshot's account is the management account.
   */
  organization?: { accounts: OrganizationAccount[] };
}

export interface OrganizationAccount {
  id: string;
  name?: string;
  /** Default ACTIVE. */
  status?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
}

/** Calls by service and operation: `{ ecs: { DescribeServices: 3 } }`. */
export type CallCounts = Record<string, Record<string, number>>;

export interface Emulator {
  /** `http://127.0.0.1:PORT`, for AWS_ENDPOINT_URL. */
  url: string;
  port: number;
  calls(): CallCounts;
  /** Calls answered with a throttling error, by service and operation. */
  throttled(): CallCounts;
  resetCalls(): void;
  setFaults(faults: FaultConfig): void;
  /** The faults in force (start options over EMULATOR_* variables, or the last setFaults). */
  faults(): FaultConfig;
  /** Security Hub findings imported so far, every account and Region, in import order. */
  securityHubFindings(): AwsSecurityFinding[];
  close(): Promise<void>;
}
