// Focused rescans: instead of listing every cluster and service of the region, find the services a
// change touches, then let the regular region collection (collectRegion) follow them exactly as a
// full scan does: their task definitions, target groups, load balancers, listeners, certificates,
// secrets and subnets. The checks judge those resources as a full scan would.
//
// - explicit services: DescribeServices by cluster (no listing); clusters: ListServices of those
//   clusters, DescribeServices;
// - task definitions, target groups, load balancers, Classic load balancers (by name), Lattice
//   target groups:
//   ListClusters/ListServices/DescribeServices,
//   then the services that use them (a load balancer's target groups through DescribeTargetGroups);
// - `allServices`: every service (the VPC check needs all the services of a VPC);
// - meshes: DescribeMesh and the nodes and gateways of those meshes only; without allMeshes, only
//   of those an in-scope task definition points at, so every service is listed to know which. A
//   rescan of services judges no mesh: a mesh a changed revision now points at is judged by the
//   next full scan (ecs_task_definition_no_app_mesh_proxy reports the revision at once).
import { DescribeServicesCommand, ServiceField } from '@aws-sdk/client-ecs';
import { paginateDescribeTargetGroups } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { RegionClients } from '../aws/regionClients.ts';
import {
  latticeTargetGroupArnsOfService,
  launchKindOfService,
  mayRunOnContainerInstances,
  taskDefinitionArnsOfService,
} from '../snapshot/scope.ts';
import type { SnapshotSection } from '../snapshot/sections.ts';
import type { CollectionFailure, EcsCluster, EcsService } from '../snapshot/types.ts';
import { clusterArnOfService } from '../snapshot/vpcs.ts';
import { allOrNothing, attempt, orAbsent, pages, throwUnlessMissing } from './call.ts';
import {
  type CollectConfig,
  categoryLimiters,
  collectRegion,
  DEFAULT_CONCURRENCY,
  type RegionCollection,
} from './collect.ts';
import {
  collectClustersAndServices,
  collectServices,
  describeClusters,
  withoutEvents,
} from './ecs.ts';
import { FailureRecorder } from './failures.ts';
import type { ScanFocus } from './focus.ts';
import { chunk, unique } from './json.ts';
import type { CollectOptions, Logger, RegionContext } from './types.ts';

export type { ScanFocus };

export interface FocusedCollectOptions {
  logger: Logger;
  accountId: string;
  config: CollectConfig;
  /** Absent: the whole region (collectRegion). */
  focus?: ScanFocus;
  concurrency?: number;
  clientsFor?: (region: string) => RegionClients;
  /** The sections the checks to run read (CollectOptions.sections); absent: every section. */
  sections?: readonly SnapshotSection[];
  /**
   * Sections only the VPC check reads. A focus collects them only where a focused service may run
   * on EC2 container instances: only then can a partial view of a VPC's services judge the VPC
   * (lib/scan/partialView.ts).
   */
  hostSections?: readonly SnapshotSection[];
  /** Sections as they complete (CollectOptions.onSections). */
  onSections?: CollectOptions['onSections'];
  /** Every call's running counts (CollectOptions.onProgress). */
  onProgress?: CollectOptions['onProgress'];
}

/** DescribeServices takes 10 services a call. */
const SERVICES_PER_CALL = 10;

const clusterKey = (cluster: string) =>
  cluster.startsWith('arn:') ? (cluster.split('/').pop() ?? cluster) : cluster;

const sameCluster = (service: EcsService, cluster: string): boolean =>
  clusterKey(service.clusterArn ?? '') === clusterKey(cluster);

/** These services, described; undefined when a call failed (a missing one would look deleted). */
const describeServices = async (
  context: RegionContext,
  refs: NonNullable<ScanFocus['services']>,
): Promise<EcsService[] | undefined> => {
  const byCluster = new Map<string, { cluster: string; services: string[] }>();
  for (const { cluster, service } of refs) {
    const entry = byCluster.get(clusterKey(cluster)) ?? { cluster, services: [] };
    if (!entry.services.includes(service)) entry.services.push(service);
    byCluster.set(clusterKey(cluster), entry);
  }
  const outcomes = await Promise.all(
    [...byCluster.values()].flatMap(({ cluster, services }) =>
      chunk(services, SERVICES_PER_CALL).map((batch) =>
        attempt(context, 'ecs', 'DescribeServices', () =>
          // A cluster that no longer exists holds no services.
          orAbsent(async (): Promise<EcsService[]> => {
            const out = await context.clients.ecs.send(
              new DescribeServicesCommand({
                cluster,
                services: batch,
                include: [ServiceField.TAGS],
              }),
            );
            // `failures` (MISSING) name services that do not exist: absent, as in a listing.
            throwUnlessMissing(out.failures);
            // As a full scan keeps them: without their event log.
            return (out.services ?? []).map(withoutEvents);
          }, 'ClusterNotFoundException'),
        ),
      ),
    ),
  );
  return allOrNothing(outcomes)?.flat();
};

/** The target groups attached to these load balancers; undefined when a call failed. */
const targetGroupsOfLoadBalancers = async (
  context: RegionContext,
  loadBalancerArns: readonly string[],
): Promise<Set<string> | undefined> => {
  const outcomes = await Promise.all(
    loadBalancerArns.map((LoadBalancerArn) =>
      attempt(context, 'elasticloadbalancing', 'DescribeTargetGroups', () =>
        // A deleted load balancer has no target groups.
        orAbsent(
          async () =>
            (
              await pages(
                paginateDescribeTargetGroups(
                  { client: context.clients.elbv2, pageSize: 400 },
                  { LoadBalancerArn },
                ),
              )
            ).flatMap((page) => (page.TargetGroups ?? []).map((tg) => tg.TargetGroupArn ?? '')),
          'LoadBalancerNotFoundException',
        ),
      ),
    ),
  );
  const arns = allOrNothing(outcomes);
  return arns && new Set(arns.flat().filter(Boolean));
};

/** `wanted`: task definition, target group and Lattice target group ARNs, and Classic load balancer names. */
const usesAny = (service: EcsService, wanted: ReadonlySet<string>): boolean =>
  taskDefinitionArnsOfService(service).some((arn) => wanted.has(arn)) ||
  latticeTargetGroupArnsOfService(service).some((arn) => wanted.has(arn)) ||
  (service.loadBalancers ?? []).some(
    (lb) => wanted.has(lb.targetGroupArn ?? '') || wanted.has(lb.loadBalancerName ?? ''),
  );

/** The clusters and services the focus names or leads to (fields undefined: not collected). */
const focusedServices = async (
  context: RegionContext,
  focus: ScanFocus,
  config: CollectConfig,
): Promise<{ clusters?: EcsCluster[]; services?: EcsService[] }> => {
  const [named, ofClusters] = await Promise.all([
    focus.services?.length ? describeServices(context, focus.services) : [],
    focus.clusters?.length ? collectServices(context, unique(focus.clusters)) : [],
  ]);
  const explicit = named && ofClusters && [...named, ...ofClusters];
  // A mesh is in scope when a task definition of any service points at it.
  const everyService = Boolean(focus.allServices || (focus.meshes?.length && !config.allMeshes));
  const needsListing =
    everyService ||
    Boolean(
      focus.taskDefinitionArns?.length ||
        focus.targetGroupArns?.length ||
        focus.loadBalancerArns?.length ||
        focus.classicLoadBalancerNames?.length ||
        focus.latticeTargetGroupArns?.length,
    );
  if (!needsListing) {
    if (!explicit) return {};
    // A focused cluster is described even when it runs no service.
    const clusterArns = unique([
      ...explicit.flatMap((s) => (s.clusterArn ? [s.clusterArn] : [])),
      ...(focus.clusters ?? []).filter((c) => !explicit.some((s) => sameCluster(s, c))),
    ]);
    return {
      clusters: clusterArns.length ? await describeClusters(context, clusterArns) : [],
      services: explicit,
    };
  }
  const [listed, lbTargetGroups] = await Promise.all([
    collectClustersAndServices(context),
    focus.loadBalancerArns?.length
      ? targetGroupsOfLoadBalancers(context, focus.loadBalancerArns)
      : new Set<string>(),
  ]);
  if (!listed?.services || !explicit || !lbTargetGroups) {
    return { clusters: listed?.clusters };
  }
  if (everyService) return { clusters: listed.clusters, services: listed.services };
  const wanted = new Set([
    ...(focus.taskDefinitionArns ?? []),
    ...(focus.targetGroupArns ?? []),
    ...(focus.classicLoadBalancerNames ?? []),
    ...(focus.latticeTargetGroupArns ?? []),
    ...lbTargetGroups,
  ]);
  const selected = new Map<string, EcsService>();
  for (const service of [...explicit, ...listed.services.filter((s) => usesAny(s, wanted))]) {
    selected.set(service.serviceArn ?? '', service);
  }
  return { clusters: listed.clusters, services: [...selected.values()] };
};

/** The sections to collect: the checks' own, plus the host sections where they can conclude. */
const sectionsFor = (
  options: FocusedCollectOptions,
  base?: { clusters?: EcsCluster[]; services?: EcsService[] },
): readonly SnapshotSection[] | undefined => {
  const { sections, hostSections = [] } = options;
  if (!sections) return undefined;
  if (!base || options.focus?.allServices) return [...sections, ...hostSections];
  const clusters = new Map((base.clusters ?? []).map((c) => [c.clusterArn ?? '', c]));
  const mayRunOnInstances = (base.services ?? []).some((service) => {
    return mayRunOnContainerInstances(
      launchKindOfService(service, clusters.get(clusterArnOfService(service) ?? '')),
    );
  });
  return mayRunOnInstances ? [...sections, ...hostSections] : sections;
};

/**
 * Collects one region, or only what a focus leads to. The result is a region snapshot whose ECS
 * services are the focused ones: checks judge them and everything they use as a full scan would.
 * Failures of the focusing calls are reported with the collection's own.
 */
export const collectFocused = async (
  clients: RegionClients,
  region: string,
  options: FocusedCollectOptions,
): Promise<RegionCollection> => {
  const { focus } = options;
  const common = {
    logger: options.logger,
    accountId: options.accountId,
    concurrency: options.concurrency,
    clientsFor: options.clientsFor,
    onSections: options.onSections,
    onProgress: options.onProgress,
  };
  if (!focus) {
    return collectRegion(clients, region, options.config, {
      ...common,
      sections: sectionsFor(options),
    });
  }
  const context: RegionContext = {
    region,
    accountId: options.accountId,
    clients,
    failures: new FailureRecorder(region),
    limit: categoryLimiters(options.concurrency ?? DEFAULT_CONCURRENCY),
    clientsFor: options.clientsFor,
  };
  const base = await focusedServices(context, focus, options.config);
  const collection = await collectRegion(
    clients,
    region,
    // Every load balancer only where a load balancer is the focus: a service rescan judges the
    // load balancers in front of it, as a full scan does.
    {
      allLoadBalancers: options.config.allLoadBalancers && Boolean(focus.loadBalancerArns?.length),
      allMeshes: options.config.allMeshes,
      // The tags of the focused resources (load balancers, target groups, VPCs, meshes) too.
      exemptionTags: options.config.exemptionTags,
    },
    {
      ...common,
      sections: sectionsFor(options, base),
      focus: { ...base, meshes: focus.meshes ?? [] },
    },
  );
  const focusing = context.failures.list();
  for (const failure of focusing) {
    options.logger.warn(
      `${failure.service} ${failure.operation} failed in ${region} after retries (${failure.errorCode}); the rescan cannot tell which resources the change touched, so their findings are left untouched.`,
      { ...failure },
    );
  }
  const failures: CollectionFailure[] = [...focusing, ...collection.failures];
  const absent = [...context.failures.absences(), ...(collection.absent ?? [])];
  return { snapshot: collection.snapshot, failures, ...(absent.length ? { absent } : {}) };
};
