// A service the emulator answers: its signing name, wire protocol, operations and error codes.

import type { RegionSnapshot, Snapshot } from '../../lib/snapshot/types.ts';
import type { EmulatedService, OrganizationAccount } from '../api.ts';
import type { StaticOperationSchema } from '../protocols/schema.ts';
import type { AwsError, Protocol } from '../protocols/types.ts';

/** Who a call comes from, and so which account it acts in (emulator/accounts.ts). */
export interface Caller {
  account: Snapshot;
  /** `arn:aws:iam::ACCT:user/emulator` or `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`. */
  arn: string;
  userId: string;
  session?: AssumedSession;
}

/** What a handler sees: the calling account's snapshot data for the region the call was signed for. */
export interface CallContext {
  /** Security Hub: the error code to refuse the next imported finding with (fault injection), if any. */
  failImport?: () => string | undefined;
  service: EmulatedService;
  operation: string;
  region: string;
  accountId: string;
  partition: string;
  account: Snapshot;
  /** The region's data; `{}` for a region the snapshot does not hold (no resources). */
  data: RegionSnapshot;
  /** The access key the call was signed with, and who it stands for. */
  accessKeyId: string;
  caller: Caller;
  /**
   * The error for data the snapshot did not collect (a missing section, array or entry): the
   * service's AccessDenied, so that a collector reading the emulator marks the same data as not
   * collected and the scan gives the same NOT_AVAILABLE results as on the snapshot file.
   */
  notCollected: (what: string) => AwsError;
  /** Lower page-size cap from EmulatorOptions.maxPageSize. */
  maxPageSize?: number;
  /**
   * The shortPages fault hit this call (only for operations with `shortPages`): answer one item,
   * or an empty page with a token before the last.
   */
  shortPage?: boolean;
  /** Emulator-wide state a service keeps between calls (Security Hub findings, STS sessions). */
  state: EmulatorState;
}

export interface AssumedSession {
  accountId: string;
  roleArn: string;
  sessionName: string;
}

export interface EmulatorState {
  accounts: Snapshot[];
  /** Access keys handed out by STS AssumeRole → the account they select. */
  sessions: Map<string, AssumedSession>;
  /** Per-service state keyed by the service (`securityhub` → its finding stores). */
  services: Map<string, unknown>;
  /** Regions enabled in every account (EmulatorOptions.regions or the default list). */
  regions: readonly string[];
  /** The organization's accounts; the first snapshot's account is the management account. */
  organization: readonly OrganizationAccount[];
}

// biome-ignore lint/suspicious/noExplicitAny: handlers read inputs shaped by the SDK's schemas.
export type Input = Record<string, any>;

export type Handler = (input: Input, context: CallContext) => unknown | Promise<unknown>;

export interface OperationDefinition {
  schema: StaticOperationSchema;
  handler: Handler;
  /** Its pages can come back short (FaultConfig.shortPages): the handler reads `shortPage`. */
  shortPages?: boolean;
}

export interface ServiceErrors {
  throttling: () => AwsError;
  accessDenied: (operation: string, context: { callerArn: string }) => AwsError;
  internalFailure: () => AwsError;
  serviceUnavailable: () => AwsError;
  unknownOperation: (operation: string | undefined) => AwsError;
}

/** A throttle category: AWS's token bucket (burst = bucket size, rate = refill per second). */
export interface BucketSpec {
  category: string;
  burst: number;
  rate: number;
}

export interface ServiceDefinition {
  name: EmulatedService;
  protocol: Protocol;
  operations: Record<string, OperationDefinition>;
  errors: ServiceErrors;
  /** The token bucket an operation draws from. */
  bucket: (operation: string) => BucketSpec;
}
