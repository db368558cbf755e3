import { rateLimitOf } from '../aws/rateLimits.ts';
import type { RegionClients } from '../aws/regionClients.ts';
import type { ScanConfig } from '../config.ts';
import { isServiceInScope } from '../snapshot/scope.ts';
import { SNAPSHOT_SECTIONS, type SnapshotSection } from '../snapshot/sections.ts';
import type { CollectionFailure, ItemAbsence, RegionSnapshot } from '../snapshot/types.ts';
import { certificateCollector } from './acm.ts';
import { meshCollector } from './appmesh.ts';
import { collectEc2 } from './ec2.ts';
import {
  collectClustersAndServices,
  collectContainerInstancesOf,
  collectTaskDefinitions,
} from './ecs.ts';
import { elbCollector } from './elb.ts';
import { elbv2Collector } from './elbv2.ts';
import { FailureRecorder } from './failures.ts';
import { createLimiter, type Limiter } from './limit.ts';
import { callCounter, throttledAttempts } from './progress.ts';
import { collectSecretsManager, collectSsm } from './secrets.ts';
import { sectionReporter } from './sectionProgress.ts';
import { sectionFilter } from './sections.ts';
import { exemptSweep, isTagOperation, withAppMeshTags, withElbTags } from './tags.ts';
import type { CollectedService, CollectOptions, Logger, RegionContext } from './types.ts';
import { collectVpcLattice } from './vpcLattice.ts';

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
    // App Mesh's failures already cost their one log line (lib/collect/appmesh.ts).
    if (failure.service === 'appmesh') continue;
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
  Partial<Pick<ScanConfig, 'exemptionTags' | 'allMeshes'>>;

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
  const any = (sections: readonly SnapshotSection[]) => sections.some(need);
  const wants = (service: keyof typeof SNAPSHOT_SECTIONS) =>
    any(SNAPSHOT_SECTIONS[service].map((s) => `${service}.${s}` as SnapshotSection));
  // Tags go with the resources they exempt, whichever checks run: no check lists them as inputs.
  // One sweep for the region, on first demand or as the first in-scope service is seen (its
  // VPC, at least, will want it); each section keeps the tags of what it described.
  const exempt =
    config.exemptionTags === false
      ? undefined
      : exemptSweep(context, {
          loadBalancers: wants('elbv2'),
          vpcs: need('ec2.vpcEndpoints'),
          appMesh: wants('appmesh'),
        });
  const meshes = meshCollector(
    context,
    options.logger,
    { all: config.allMeshes === true, only: options.focus?.meshes },
    need,
    exempt && ((section) => withAppMeshTags(section, exempt)),
  );
  const acmNeeded = need('acm.certificates');
  const certificates = certificateCollector(context, options.logger);
  // ELBv2 starts on each cluster's services as they are described (its bucket is the slowest).
  const elbv2 = any(SNAPSHOT_SECTIONS.elbv2.map((s) => `elbv2.${s}` as const))
    ? elbv2Collector(
        context,
        config,
        acmNeeded ? { onCertificateArns: certificates.add } : {},
        need,
      )
    : undefined;
  const elb = any(SNAPSHOT_SECTIONS.elb.map((s) => `elb.${s}` as const))
    ? elbCollector(context, acmNeeded ? { onCertificateArns: certificates.add } : {}, need)
    : undefined;
  const base =
    options.focus ??
    (await collectClustersAndServices(context, {
      describeClusters: need('ecs.clusters'),
      onCluster: (services) => {
        const inScope = services.filter(isServiceInScope);
        if (inScope.length > 0) void exempt?.();
        elbv2?.add(inScope);
        elb?.add(inScope);
      },
    }));
  const clusters = base?.clusters;
  const services = base?.services?.filter(isServiceInScope);
  report.add('ecs', { clusters, services: base?.services });
  const taskDefinitionsPromise = need('ecs.taskDefinitions')
    ? collectTaskDefinitions(context, services, (definition) => meshes.add([definition]))
    : Promise.resolve(undefined);
  // Every mesh (allMeshes) does not wait for the task definitions; the meshes they name do.
  const appmeshPromise =
    config.allMeshes && !options.focus
      ? meshes.finish(undefined)
      : taskDefinitionsPromise.then(meshes.finish);
  const containerInstancesPromise = need('ecs.containerInstances')
    ? collectContainerInstancesOf(context, services, clusters)
    : Promise.resolve(undefined);
  const elbv2Promise = elbv2 ? elbv2.finish(services) : Promise.resolve(undefined);
  const elbPromise = elb ? elb.finish(services) : Promise.resolve(undefined);
  const elbv2Tagged = elbv2Promise.then((section) =>
    section && exempt ? withElbTags(section, exempt) : section,
  );
  const [
    elbv2Section,
    elbSection,
    vpcLatticeSection,
    acm,
    ec2,
    taskDefinitions,
    containerInstances,
    ssm,
    secretsManager,
    appmesh,
  ] = await Promise.all([
    elbv2Tagged.then(report.tap('elbv2')),
    elbPromise.then(report.tap('elb')),
    any(SNAPSHOT_SECTIONS.vpcLattice.map((s) => `vpcLattice.${s}` as const))
      ? collectVpcLattice(context, services, need).then(report.tap('vpcLattice'))
      : undefined,
    acmNeeded
      ? Promise.all([elbv2Promise, elbPromise])
          .then(([elbv2, classic]) => certificates.result(elbv2, classic))
          .then(report.tap('acm'))
      : undefined,
    any(SNAPSHOT_SECTIONS.ec2.map((s) => `ec2.${s}` as const))
      ? containerInstancesPromise
          .then((containerInstances) =>
            collectEc2(
              context,
              { services, clusters, containerInstances },
              need,
              exempt ? { exempt } : {},
            ),
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
    elb: elbSection && defined(elbSection),
    vpcLattice: vpcLatticeSection && defined(vpcLatticeSection),
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
