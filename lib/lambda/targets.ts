// What a scheduled or on-demand scan covers: accounts × regions. Accounts: this one, the ACTIVE
// accounts of the AWS Organization, or a configured list; regions: the deployment region, a list,
// or every region enabled for the deployment account (EC2 DescribeRegions).
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { paginateListAccounts } from '@aws-sdk/client-organizations';
import type { ClientFactory } from '../aws/clients.ts';
import type { DeploymentConfig, RegionSelection } from '../config.ts';

export interface Target {
  accountId: string;
  region: string;
}

/** Every region enabled for the account (opted in, or needing no opt-in). */
export const enabledRegions = async (clients: ClientFactory, region: string): Promise<string[]> => {
  const out = await clients.ec2(region).send(
    new DescribeRegionsCommand({
      Filters: [{ Name: 'opt-in-status', Values: ['opt-in-not-required', 'opted-in'] }],
    }),
  );
  return (out.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
};

export const resolveRegions = async (
  selection: RegionSelection,
  config: Pick<DeploymentConfig, 'deploymentRegion'>,
  clients: ClientFactory,
): Promise<string[]> => {
  if (selection.mode === 'deployment') return [config.deploymentRegion];
  if (selection.mode === 'list') return selection.regions;
  return enabledRegions(clients, config.deploymentRegion);
};

/** The ACTIVE accounts of the organization (ListAccounts from the management or a delegated administrator account). */
export const organizationAccounts = async (
  clients: ClientFactory,
  region: string,
): Promise<string[]> => {
  const accounts: string[] = [];
  for await (const page of paginateListAccounts({ client: clients.organizations(region) }, {})) {
    for (const account of page.Accounts ?? []) {
      // `State` replaces `Status` (which AWS retires in 2026); either says ACTIVE.
      const state = account.State ?? account.Status;
      if (account.Id && state === 'ACTIVE') accounts.push(account.Id);
    }
  }
  return accounts.sort();
};

export const resolveAccounts = async (
  config: Pick<DeploymentConfig, 'organizationMode' | 'accountIds' | 'deploymentRegion'>,
  deploymentAccountId: string,
  clients: ClientFactory,
): Promise<string[]> => {
  if (config.organizationMode === 'accounts') return config.accountIds;
  if (config.organizationMode === 'organization') {
    return organizationAccounts(clients, config.deploymentRegion);
  }
  return [deploymentAccountId];
};

export const planTargets = async (
  config: Pick<
    DeploymentConfig,
    'organizationMode' | 'accountIds' | 'deploymentRegion' | 'regions'
  >,
  deploymentAccountId: string,
  clients: ClientFactory,
): Promise<Target[]> => {
  const [accounts, regions] = await Promise.all([
    resolveAccounts(config, deploymentAccountId, clients),
    resolveRegions(config.regions, config, clients),
  ]);
  return accounts.flatMap((accountId) => regions.map((region) => ({ accountId, region })));
};

const CACHE_MS = 15 * 60 * 1000;

const cachedFor = <T>(ms: number, load: () => Promise<T>, now: () => number) => {
  let cached: { value: T; at: number } | undefined;
  return async (): Promise<T> => {
    if (!cached || now() - cached.at > ms) cached = { value: await load(), at: now() };
    return cached.value;
  };
};

/** What the deployment scans, looked up at most every 15 minutes (Organizations, DescribeRegions). */
export interface DeploymentScope {
  accounts(): Promise<string[]>;
  regions(): Promise<string[]>;
  enabledRegions(): Promise<string[]>;
  /** Whether a change in this account and region is the deployment's to rescan. */
  covers(accountId: string, region: string): Promise<boolean>;
}

export const createDeploymentScope = (
  config: Pick<
    DeploymentConfig,
    'organizationMode' | 'accountIds' | 'deploymentRegion' | 'regions'
  >,
  deploymentAccountId: string,
  clients: ClientFactory,
  now: () => number = Date.now,
): DeploymentScope => {
  const accounts = cachedFor(
    CACHE_MS,
    () => resolveAccounts(config, deploymentAccountId, clients),
    now,
  );
  const enabled = cachedFor(CACHE_MS, () => enabledRegions(clients, config.deploymentRegion), now);
  const regions = () =>
    config.regions.mode === 'all' ? enabled() : resolveRegions(config.regions, config, clients);
  return {
    accounts,
    regions,
    enabledRegions: enabled,
    covers: async (accountId, region) => {
      // With `all`, any region an event comes from is enabled (no look-up needed).
      const regionCovered = config.regions.mode === 'all' || (await regions()).includes(region);
      return regionCovered && (await accounts()).includes(accountId);
    },
  };
};
