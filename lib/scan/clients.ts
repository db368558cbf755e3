// The AWS side of one scan: a client set per region (created on first use, closed at the end,
// each counting its calls) and the account the credentials reach.
import type { CallStats, ClientFactory, Credentials } from '../aws/clients.ts';
import type { RegionClients } from '../aws/regionClients.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { throwIfAborted } from './errors.ts';
import type { Identity } from './identity.ts';
import type { ScanIo } from './ioModule.ts';

/** What the clients of a scan depend on. */
export interface ClientRequest {
  regions: readonly string[];
  credentials?: Credentials;
  /** The account the scan is for (checked against STS's answer). */
  accountId?: string;
  credentialsAccountId?: string;
  snapshot?: Snapshot;
  signal?: AbortSignal;
}

/** The client sets of one scan, one per region (the secrets of other regions included). */
export const scanClients = (
  request: ClientRequest,
  deps: { clients?: ClientFactory; io?: ScanIo },
) => {
  const sets = new Map<string, { clients: RegionClients; stats: CallStats }>();
  const securityHubs = new Map<string, ReturnType<ClientFactory['securityHub']>>();
  const factory = () => {
    if (!deps.clients || !deps.io)
      throw new Error('a scan that calls AWS needs deps.clients and deps.io');
    return deps.clients;
  };
  const setFor = (region: string) => {
    let set = sets.get(region);
    if (!set) {
      const stats = { calls: 0, throttles: 0 };
      const clients = factory().regionClients(region, {
        credentials: request.credentials,
        stats,
        signal: request.signal,
      });
      set = { clients, stats };
      sets.set(region, set);
    }
    return set;
  };
  return {
    regionClients: (region: string) => setFor(region).clients,
    statsOf: (region: string): CallStats => ({
      ...(sets.get(region)?.stats ?? { calls: 0, throttles: 0 }),
    }),
    total: (): CallStats =>
      [...sets.values()].reduce(
        (sum, { stats }) => ({
          calls: sum.calls + stats.calls,
          throttles: sum.throttles + stats.throttles,
        }),
        { calls: 0, throttles: 0 },
      ),
    securityHub: (region: string) => {
      let client = securityHubs.get(region);
      if (!client) {
        // Not aborted with the collection: what was judged in full is still published.
        client = factory().securityHub(region, { credentials: request.credentials });
        securityHubs.set(region, client);
      }
      return client;
    },
    destroy: () => {
      for (const { clients } of sets.values()) clients.destroy();
      for (const client of securityHubs.values()) client.destroy();
    },
  };
};

export type ScanClients = ReturnType<typeof scanClients>;

/** The account: the snapshot's when only judging a file, else STS's answer (or the caller's word). */
export const identityOf = async (
  request: ClientRequest,
  deps: { io?: ScanIo },
  clients: ScanClients,
  callsAws: boolean,
): Promise<Identity> => {
  const { snapshot } = request;
  if (snapshot && !callsAws)
    return { accountId: snapshot.accountId, partition: snapshot.partition };
  const [first] = request.regions;
  if (!first || !deps.io)
    throw new Error('a scan needs a region and deps.io to identify the account');
  const identity = await deps.io
    .identify(clients.regionClients(first).sts, first, {
      expected: request.accountId ?? snapshot?.accountId,
      known: request.credentialsAccountId,
    })
    .catch((error: unknown) => {
      throwIfAborted(request.signal, 'while identifying the account');
      throw error;
    });
  // A file's findings keep the partition its ARNs were written in.
  return snapshot ? { ...identity, partition: snapshot.partition } : identity;
};
