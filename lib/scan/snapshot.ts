// `snapshot`: the collection of a scan without its judgement, as the file a later scan judges.
// The same clients, identity and collectors as `scan`, every section of every region.
import type { ClientFactory } from '../aws/clients.ts';
import type { Logger } from '../collect/types.ts';
import type { ScanConfig } from '../config.ts';
import type { ProgressEvent } from '../report/progress.ts';
import { SNAPSHOT_FORMAT, type Snapshot } from '../snapshot/types.ts';
import { type ClientRequest, identityOf, scanClients } from './clients.ts';
import type { ScanIo } from './ioModule.ts';

export interface SnapshotDependencies {
  io: ScanIo;
  clients: ClientFactory;
  config: ScanConfig;
  logger: Logger;
  onProgress?: (event: ProgressEvent) => void;
}

export const takeSnapshot = async (
  request: Omit<ClientRequest, 'snapshot'>,
  deps: SnapshotDependencies,
): Promise<Snapshot> => {
  const clients = scanClients(request, deps);
  try {
    const { accountId, partition } = await identityOf(request, deps, clients, true);
    const collected = await Promise.all(
      request.regions.map((region) =>
        deps.io.collectFocused(clients.regionClients(region), region, {
          logger: deps.logger,
          accountId,
          config: deps.config,
          clientsFor: clients.regionClients,
          onProgress: deps.onProgress,
        }),
      ),
    );
    const absent = collected.flatMap((c) => c.absent ?? []);
    return {
      format: SNAPSHOT_FORMAT,
      accountId,
      partition,
      regions: Object.fromEntries(request.regions.map((r, i) => [r, collected[i]?.snapshot ?? {}])),
      // In the file too: a publish from it must know what was not seen (lib/publish/scope.ts).
      failures: collected.flatMap((c) => c.failures),
      ...(absent.length ? { absent } : {}),
    };
  } finally {
    clients.destroy();
  }
};
