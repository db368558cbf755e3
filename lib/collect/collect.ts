// The orchestrator: runs the collectors of one region in dependency order (ECS first; ELBv2 and
// EC2 from the in-scope services; ACM from the listeners; SSM and Secrets Manager from the task
// definitions; App Mesh alongside), and an account's regions with one client set per region.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ScanConfig } from '../config.ts';
import { UserInputError } from '../errors.ts';
import { parseArn } from '../inventory/arn.ts';
import { isServiceInScope } from '../inventory/scope.ts';
import { type RegionSnapshot, SNAPSHOT_FORMAT, type Snapshot } from '../snapshot/types.ts';
import { collectAcm } from './acm.ts';
import { collectAppMesh } from './appmesh.ts';
import { type ClientOptions, createClients, type RegionClients } from './clients.ts';
import { collectEc2 } from './ec2.ts';
import { collectEcs } from './ecs.ts';
import { collectElbv2 } from './elbv2.ts';
import { errorCodeOf, FailureRecorder } from './failures.ts';
import { createLimiter } from './limit.ts';
import { collectSecretsManager, collectSsm } from './secrets.ts';
import type {
  CollectedService,
  CollectionFailure,
  CollectOptions,
  Logger,
  RegionContext,
} from './types.ts';

export const DEFAULT_CONCURRENCY = 4;

const SERVICES: readonly CollectedService[] = [
  'ecs',
  'elasticloadbalancing',
  'ec2',
  'appmesh',
  'acm',
  'ssm',
  'secretsmanager',
  'sts',
];

/** Drops undefined fields, so a section that was not collected is absent from the JSON. */
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export interface RegionCollection {
  snapshot: RegionSnapshot;
  failures: CollectionFailure[];
}

const logFailures = (logger: Logger, failures: readonly CollectionFailure[]) => {
  for (const failure of failures) {
    // A ListMeshes failure already cost its one App Mesh log line.
    if (failure.service === 'appmesh' && failure.operation === 'ListMeshes') continue;
    logger.warn(
      `${failure.service} ${failure.operation} failed in ${failure.region} after retries (${failure.errorCode}, ${failure.count} call${failure.count === 1 ? '' : 's'}); what it would have collected is left out and reported NOT_AVAILABLE.`,
      { ...failure },
    );
  }
};

export const collectRegion = async (
  clients: RegionClients,
  region: string,
  config: Pick<ScanConfig, 'allLoadBalancers'>,
  options: CollectOptions,
): Promise<RegionCollection> => {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const context: RegionContext = {
    region,
    accountId: options.accountId,
    clients,
    failures: new FailureRecorder(region),
    limit: Object.fromEntries(
      SERVICES.map((s) => [s, createLimiter(concurrency)]),
    ) as RegionContext['limit'],
    clientsFor: options.clientsFor,
  };

  const appmeshPromise = collectAppMesh(context, options.logger);
  const ecs = await collectEcs(context);
  const services = ecs?.services?.filter(isServiceInScope);
  const [elbv2, ec2, ssm, secretsManager] = await Promise.all([
    collectElbv2(context, services, config),
    collectEc2(context, {
      services,
      clusters: ecs?.clusters,
      containerInstances: ecs?.containerInstances,
    }),
    collectSsm(context, ecs?.taskDefinitions),
    collectSecretsManager(context, ecs?.taskDefinitions),
  ]);
  const [acm, appmesh] = await Promise.all([collectAcm(context, elbv2), appmeshPromise]);

  const snapshot: RegionSnapshot = defined({
    ecs: ecs && defined(ecs),
    elbv2: elbv2 && defined(elbv2),
    ec2: ec2 && defined(ec2),
    appmesh: appmesh && defined(appmesh),
    acm,
    ssm,
    secretsManager,
  });
  const failures = context.failures.list();
  logFailures(options.logger, failures);
  return { snapshot, failures };
};

export interface AccountCollectOptions {
  regions: readonly string[];
  config: Pick<ScanConfig, 'allLoadBalancers'>;
  logger: Logger;
  clientOptions?: ClientOptions;
  concurrency?: number;
}

export interface AccountCollection {
  snapshot: Snapshot;
  failures: CollectionFailure[];
}

/**
 * A snapshot of the account the credentials point at (STS GetCallerIdentity), region by region
 * in parallel, with one client set per region, created once and closed at the end.
 */
export const collectAccount = async (
  options: AccountCollectOptions,
): Promise<AccountCollection> => {
  const [firstRegion] = options.regions;
  if (!firstRegion) throw new UserInputError('no region given: pass --regions REGION[,REGION…].');
  const clients = new Map<string, RegionClients>();
  const clientsFor = (region: string): RegionClients => {
    let set = clients.get(region);
    if (!set) {
      set = createClients(region, options.clientOptions);
      clients.set(region, set);
    }
    return set;
  };
  try {
    let identity: { Account?: string; Arn?: string };
    try {
      identity = await clientsFor(firstRegion).sts.send(new GetCallerIdentityCommand({}));
    } catch (error) {
      throw new UserInputError(
        `cannot identify the AWS account (STS GetCallerIdentity in ${firstRegion} failed: ${errorCodeOf(error)}). Configure credentials for the default credential chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, …); AWS_ENDPOINT_URL points the scanner at another endpoint.`,
      );
    }
    const accountId = identity.Account ?? '';
    const partition = parseArn(identity.Arn ?? '')?.partition || 'aws';
    const collected = await Promise.all(
      options.regions.map((region) =>
        collectRegion(clientsFor(region), region, options.config, {
          logger: options.logger,
          accountId,
          concurrency: options.concurrency,
          clientsFor,
        }),
      ),
    );
    return {
      snapshot: {
        format: SNAPSHOT_FORMAT,
        accountId,
        partition,
        regions: Object.fromEntries(
          options.regions.map((region, i) => [region, collected[i]?.snapshot ?? {}]),
        ),
      },
      failures: collected.flatMap((c) => c.failures),
    };
  } finally {
    for (const set of clients.values()) set.destroy();
  }
};
