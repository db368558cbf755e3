// Shared types of the live collectors: failures, the logger and the per-region context.

import type { RegionClients } from '../aws/regionClients.ts';
import type { ProgressEvent } from '../report/progress.ts';
import type { SnapshotSection } from '../snapshot/sections.ts';
import type { CollectedService, EcsCluster, EcsService } from '../snapshot/types.ts';
import type { FailureRecorder } from './failures.ts';
import type { Limiter } from './limit.ts';
import type { SectionProgress } from './sectionProgress.ts';

export type { CollectedService } from '../snapshot/types.ts';

export type { CollectionFailure } from './failures.ts';

/** A mesh by name and owner (an App Mesh focus, or what ListMeshes named). */
export type MeshKey = { meshName?: string; meshOwner?: string };

export interface Logger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface CollectOptions {
  logger: Logger;
  accountId?: string;
  /** Concurrent requests per AWS throttle category in a region (default 4). */
  concurrency?: number;
  /**
   * Clients of another region, for references that point there (a task definition may name a
   * Secrets Manager secret of another region by its full ARN). Without it those stay undescribed.
   */
  clientsFor?: (region: string) => RegionClients;
  /**
   * A focused rescan (lib/collect/targeted.ts): these clusters and services instead of listing
   * every one (a field left undefined was not collected), and only these App Mesh meshes (`[]`:
   * none).
   */
  focus?: { clusters?: EcsCluster[]; services?: EcsService[]; meshes: readonly MeshKey[] };
  /**
   * The sections the checks to run read (their metadata `inputs`): calls that only other sections
   * need are not made, and those sections are left out (not collected). Absent: every section.
   */
  sections?: readonly SnapshotSection[];
  /**
   * Called after every call with the running counts of its region and service (a terminal's
   * progress line). Absent (Lambda, a pipe): nothing is counted.
   */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Told, as each collector ends, every section complete so far (lib/collect/sectionProgress.ts):
   * a scan judges the checks whose inputs are there while slower sections still collect.
   */
  onSections?: (progress: SectionProgress) => void;
}

/** How a call ended: answered (an expected "not found" included), or failed after retries. */
export type CallOutcome = 'done' | 'failed';

/** What every collector of one region is handed. */
export interface RegionContext {
  region: string;
  accountId?: string;
  clients: RegionClients;
  failures: FailureRecorder;
  /**
   * The limiter of an operation's throttle category: bounded concurrency per category and region,
   * so that calls waiting for one category's tokens never hold up another category of the service.
   */
  limit: (service: CollectedService, operation: string) => Limiter;
  clientsFor?: (region: string) => RegionClients;
  /** Told how every call ended (lib/collect/progress.ts counts them); absent: nobody is watching. */
  onCall?: (service: CollectedService, operation: string, outcome: CallOutcome) => void;
}
