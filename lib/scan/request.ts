// What a scan is asked (ScanRequest), what it is handed (ScanDependencies), and what it answers
// (ScanOutcome, a RegionOutcome per region).
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { CallStats, ClientFactory, Credentials } from '../aws/clients.ts';
import type { ScanFocus } from '../collect/focus.ts';
import type { ScanConfig } from '../config.ts';
import type { Check } from '../evaluate/check.ts';
import type { CoverageGap, ScanResult } from '../evaluate/evaluate.ts';
import type { Severity } from '../model.ts';
import type { PlannedSummary } from '../publish/summary.ts';
import type { ProgressEvent } from '../report/progress.ts';
import type { CollectionFailure, Snapshot } from '../snapshot/types.ts';
import type { FindingCounts } from './counts.ts';
import type { Identity } from './identity.ts';
import type { ScanIo } from './ioModule.ts';
import type { ScanLogger } from './region.ts';

export type PublishMode = 'none' | 'dry-run' | 'publish';

export interface ScanRequest {
  regions: readonly string[];
  /** Judge this snapshot (a file) instead of collecting; its account and partition are the scan's. */
  snapshot?: Snapshot;
  /** The account the scan is for; absent: the one the credentials reach (or the snapshot's). */
  accountId?: string;
  /** The account's credentials; absent: the clients' own. */
  credentials?: Credentials;
  /** The account the credentials are known to reach: no STS call then. */
  credentialsAccountId?: string;
  /** Check IDs; absent: every registered check. An unknown ID is an error. */
  checkIds?: readonly string[];
  /** Filters on the checks (lib/scan/checks.ts); the publish scope is what they leave. */
  excludeCheckIds?: readonly string[];
  services?: readonly string[];
  minSeverity?: Severity;
  /** A focused rescan; absent: the whole region. */
  focus?: ScanFocus;
  /** Resources whose findings are in scope even when gone (then archived). */
  resourceArns?: readonly string[];
  /** The resources with ACTIVE findings of the checks under these ARN prefixes join resourceArns. */
  resourcePrefixes?: readonly string[];
  /** `affected` (default): resourceArns plus what the focused scan judged; `listed`: resourceArns only. */
  resourceScope?: 'affected' | 'listed';
  publish?: PublishMode;
  /**
   * Judge and publish the checks whose inputs are collected while the rest still collects (the
   * Lambda's time counts most). Off: every region is judged, `beforePublish` runs (the CLI's
   * report is out before anything is imported), then region after region is published.
   */
  staged?: boolean;
  /** Aborts collection: only what was judged in full before is published. */
  signal?: AbortSignal;
}

export interface ScanDependencies {
  /** Every registered check (checks/registry.ts, passed in by the entry point). */
  registry: readonly Check[];
  /** The collectors and the publisher; needed to collect or publish (judging a file needs neither). */
  io?: ScanIo;
  clients?: ClientFactory;
  config: ScanConfig;
  refreshDays: number;
  /** Wall clock: evaluation time and finding timestamps. */
  clock: { now(): Date };
  logger: ScanLogger;
  /** Every collection call's running counts (a terminal's progress line). */
  onProgress?: (event: ProgressEvent) => void;
  /** Called once everything is judged, before anything more is published. */
  beforePublish?: (judged: { scan: ScanResult; findings: AwsSecurityFinding[] }) => unknown;
}

/** One region of the outcome. */
export interface RegionOutcome {
  accountId: string;
  region: string;
  focused: boolean;
  checkIds: string[];
  /** The resources whose findings the publish could touch; undefined: every resource. */
  resourceArns?: string[];
  /** The findings in the publish scope, by status and severity. */
  results: FindingCounts;
  collectionFailures: CollectionFailure[];
  /** Collector calls (attempts) and throttled attempts; Security Hub's are in publish. */
  collection: CallStats;
  /** Absent: nothing was to be published. */
  publish?: PlannedSummary;
  durationMs: number;
}

export interface ScanOutcome extends Identity {
  /**
   * Every region's results, as the reports render them, and their findings. A staged scan keeps
   * only the counts of the stages it published while collecting (in `regions[].results`): their
   * results and findings are not held in memory while the collection goes on.
   */
  scan: ScanResult;
  findings: AwsSecurityFinding[];
  regions: RegionOutcome[];
  /** Collector calls of every region (other regions' secrets included). */
  collection: CallStats;
  failures: CollectionFailure[];
  /** The sections not collected, per region. */
  coverage: CoverageGap[];
  durationMs: number;
}
