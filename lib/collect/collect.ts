// The orchestrator: runs the collectors of one region in dependency order, each as soon as its
// inputs are known, so that every throttle category works in parallel: ECS clusters and services
// first; then task definitions (→ SSM, Secrets Manager), container instances (→ EC2) and ELBv2
// (→ ACM, certificate by certificate as listeners are found) side by side; App Mesh alongside
// from the start. An account's regions run in parallel with one client set per region.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { parseArn } from '../aws/arn.ts';
import { errorCodeOf } from '../aws/errors.ts';
import { rateLimitOf } from '../aws/rateLimits.ts';
import { type ClientOptions, createClients, type RegionClients } from '../aws/regionClients.ts';
import type { ScanConfig } from '../config.ts';
import { UserInputError } from '../errors.ts';
import { isServiceInScope } from '../snapshot/scope.ts';
import { SNAPSHOT_SECTIONS, type SnapshotSection } from '../snapshot/sections.ts';
import type { CollectionFailure } from '../snapshot/types.ts';
import {
  type ItemAbsence,
  type RegionSnapshot,
  SNAPSHOT_FORMAT,
  type Snapshot,
} from '../snapshot/types.ts';
import { certificateCollector } from './acm.ts';
import { collectAppMesh } from './appmesh.ts';
import { collectEc2 } from './ec2.ts';
import {
  collectClustersAndServices,
  collectContainerInstancesOf,
  collectTaskDefinitions,
} from './ecs.ts';
import { elbv2Collector } from './elbv2.ts';
import { FailureRecorder } from './failures.ts';
import { createLimiter, type Limiter } from './limit.ts';
import { callCounter, throttledAttempts } from './progress.ts';
import { collectSecretsManager, collectSsm } from './secrets.ts';
import { sectionReporter } from './sectionProgress.ts';
import { sectionFilter } from './sections.ts';
import { isTagOperation, withAppMeshTags, withElbTags } from './tags.ts';
import type { CollectedService, CollectOptions, Logger, RegionContext } from './types.ts';

export const DEFAULT_CONCURRENCY = 4;

/** One concurrency limiter per throttle category, created on first use. */
export const categoryLimiters = (concurrency: number): RegionContext['limit'] => {
  const limiters = new Map<string, Limiter>();
  return (service: CollectedService, operation: string) => {
    const key = `${service}/${rateLimitOf(service, operation).category}`;
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = createLimiter(concurrency);
      limiters.set(key, limiter);
    }
    return limiter;
  };
};

/** Drops undefined fields, so a section that was not collected is absent from the JSON. */
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export interface RegionCollection {
  snapshot: RegionSnapshot;
  failures: CollectionFailure[];
  /** Items answered "does not exist" (left out, not failed). */
  absent?: ItemAbsence[];
}

const logFailures = (logger: Logger, failures: readonly CollectionFailure[]) => {
  for (const failure of failures) {
    // A ListMeshes failure already cost its one App Mesh log line.
    if (failure.service === 'appmesh' && failure.operation === 'ListMeshes') continue;
    const consequence = isTagOperation(failure.service, failure.operation)
      ? 'the tags it would have read are unknown, so those resources are not exempt'
      : 'what it would have collected is left out and reported NOT_AVAILABLE';
    logger.warn(
      `${failure.service} ${failure.operation} failed in ${failure.region} after retries (${failure.errorCode}, ${failure.count} call${failure.count === 1 ? '' : 's'}); ${consequence}.`,
      { ...failure },
    );
  }
};

/** What the collectors read of the scan options; `exemptionTags` absent: on (the default). */
export type CollectConfig = Pick<ScanConfig, 'allLoadBalancers'> &
  Partial<Pick<ScanConfig, 'exemptionTags'>>;

export const collectRegion = async (
  clients: RegionClients,
  region: string,
  config: CollectConfig,
  options: CollectOptions,
): Promise<RegionCollection> => {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const context: RegionContext = {
    region,
    accountId: options.accountId,
    clients,
    failures: new FailureRecorder(region),
    limit: categoryLimiters(concurrency),
    clientsFor: options.clientsFor,
    onCall:
      options.onProgress &&
      callCounter(region, options.onProgress, throttledAttempts(clients.pacer)),
  };

  const report = sectionReporter(options.onSections, context.failures);
  const need = sectionFilter(options.sections);
  // Tags go with the resources they exempt, whichever checks run: no check lists them as inputs.
  const tags = config.exemptionTags !== false;
  const appmeshPromise = collectAppMesh(context, options.logger, options.focus?.meshes, need).then(
    (section) => (section && tags ? withAppMeshTags(context, section) : section),
  );
  const acmNeeded = need('acm.certificates');
  const certificates = certificateCollector(context);
  const any = (sections: readonly SnapshotSection[]) => sections.some(need);
  // ELBv2 starts on each cluster's services as they are described (its bucket is the slowest).
  const elbv2 = any(SNAPSHOT_SECTIONS.elbv2.map((s) => `elbv2.${s}` as const))
    ? elbv2Collector(
        context,
        config,
        acmNeeded ? { onCertificateArns: certificates.add } : {},
        need,
      )
    : undefined;
  const base =
    options.focus ??
    (await collectClustersAndServices(context, {
      describeClusters: need('ecs.clusters'),
      onCluster: (services) => elbv2?.add(services.filter(isServiceInScope)),
    }));
  const clusters = base?.clusters;
  const services = base?.services?.filter(isServiceInScope);
  report.add('ecs', { clusters, services: base?.services });
  const taskDefinitionsPromise = need('ecs.taskDefinitions')
    ? collectTaskDefinitions(context, services)
    : Promise.resolve(undefined);
  const containerInstancesPromise = need('ecs.containerInstances')
    ? collectContainerInstancesOf(context, services, clusters)
    : Promise.resolve(undefined);
  const elbv2Promise = elbv2 ? elbv2.finish(services) : Promise.resolve(undefined);
  const elbv2Tagged = elbv2Promise.then((section) =>
    section && tags ? withElbTags(context, section) : section,
  );
  const [
    elbv2Section,
    acm,
    ec2,
    taskDefinitions,
    containerInstances,
    ssm,
    secretsManager,
    appmesh,
  ] = await Promise.all([
    elbv2Tagged.then(report.tap('elbv2')),
    acmNeeded
      ? elbv2Promise.then((elbv2) => certificates.result(elbv2)).then(report.tap('acm'))
      : undefined,
    any(SNAPSHOT_SECTIONS.ec2.map((s) => `ec2.${s}` as const))
      ? containerInstancesPromise
          .then((containerInstances) =>
            collectEc2(context, { services, clusters, containerInstances }, need, {
              vpcTags: tags,
            }),
          )
          .then(report.tap('ec2'))
      : undefined,
    taskDefinitionsPromise.then(report.tapSection('ecs', 'taskDefinitions')),
    containerInstancesPromise.then(report.tapSection('ecs', 'containerInstances')),
    need('ssm.parameters')
      ? taskDefinitionsPromise
          .then((definitions) => collectSsm(context, definitions))
          .then(report.tap('ssm'))
      : undefined,
    need('secretsManager.secrets')
      ? taskDefinitionsPromise
          .then((definitions) => collectSecretsManager(context, definitions))
          .then(report.tap('secretsManager'))
      : undefined,
    appmeshPromise.then(report.tap('appmesh')),
  ]);
  const ecs = base && {
    clusters,
    services: base.services,
    taskDefinitions,
    containerInstances,
  };

  const snapshot: RegionSnapshot = defined({
    ecs: ecs && defined(ecs),
    elbv2: elbv2Section && defined(elbv2Section),
    ec2: ec2 && defined(ec2),
    appmesh: appmesh && defined(appmesh),
    acm,
    ssm,
    secretsManager,
  });
  const failures = context.failures.list();
  logFailures(options.logger, failures);
  const absent = context.failures.absences();
  return { snapshot, failures, ...(absent.length ? { absent } : {}) };
};

export interface AccountCollectOptions {
  regions: readonly string[];
  config: CollectConfig;
  logger: Logger;
  clientOptions?: ClientOptions;
  concurrency?: number;
  /** Progress of every region's calls (a terminal); absent: nothing is counted. */
  onProgress?: CollectOptions['onProgress'];
  /** Told the account as soon as STS names it (a publish reads its findings while collecting). */
  onIdentity?: (identity: { accountId: string; partition: string }) => void;
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
    options.onIdentity?.({ accountId, partition });
    const collected = await Promise.all(
      options.regions.map((region) =>
        collectRegion(clientsFor(region), region, options.config, {
          logger: options.logger,
          accountId,
          concurrency: options.concurrency,
          clientsFor,
          onProgress: options.onProgress,
        }),
      ),
    );
    const failures = collected.flatMap((c) => c.failures);
    const absent = collected.flatMap((c) => c.absent ?? []);
    return {
      snapshot: {
        format: SNAPSHOT_FORMAT,
        accountId,
        partition,
        regions: Object.fromEntries(
          options.regions.map((region, i) => [region, collected[i]?.snapshot ?? {}]),
        ),
        // In the file too: a publish from it must know what was not seen (lib/publish/scope.ts).
        failures,
        ...(absent.length ? { absent } : {}),
      },
      failures,
    };
  } finally {
    for (const set of clients.values()) set.destroy();
  }
};
