// ECS: clusters → services → the task definitions of in-scope services, and the container
// instances of the clusters whose in-scope services may run on EC2 container instances.
import {
  ClusterField,
  ContainerInstanceField,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  paginateListClusters,
  paginateListContainerInstances,
  paginateListServices,
  type Service,
  ServiceField,
  TaskDefinitionField,
} from '@aws-sdk/client-ecs';
import {
  isServiceInScope,
  launchKindOfService,
  mayRunOnContainerInstances,
  uniqueTaskDefinitionArns,
} from '../snapshot/scope.ts';
import type {
  EcsCluster,
  EcsContainerInstance,
  EcsSection,
  EcsService,
  EcsTaskDefinition,
} from '../snapshot/types.ts';
import { clusterArnOfService } from '../snapshot/vpcs.ts';
import {
  allOrNothing,
  attempt,
  IncompleteAnswerError,
  pages,
  succeeded,
  throwUnlessMissing,
} from './call.ts';
import { chunk, jsonify, unique } from './json.ts';
import type { RegionContext } from './types.ts';

/** API limits: DescribeClusters 100, DescribeServices 10, DescribeContainerInstances 100 per call. */
const CLUSTERS_PER_CALL = 100;
const SERVICES_PER_CALL = 10;
const CONTAINER_INSTANCES_PER_CALL = 100;
const PAGE_SIZE = 100;

const listClusterArns = (context: RegionContext) =>
  attempt(context, 'ecs', 'ListClusters', async () =>
    unique(
      (
        await pages(paginateListClusters({ client: context.clients.ecs, pageSize: PAGE_SIZE }, {}))
      ).flatMap((page) => page.clusterArns ?? []),
    ),
  );

/** All clusters, or undefined when any batch failed (a missing cluster would look deleted). */
/** DescribeClusters with the settings, configurations and tags the checks read, 100 a call. */
export const describeClusters = async (
  context: RegionContext,
  clusterArns: readonly string[],
): Promise<EcsCluster[] | undefined> => {
  const batches = await Promise.all(
    chunk(clusterArns, CLUSTERS_PER_CALL).map((clusters) =>
      attempt(context, 'ecs', 'DescribeClusters', async () => {
        const out = await context.clients.ecs.send(
          new DescribeClustersCommand({
            clusters,
            include: [ClusterField.SETTINGS, ClusterField.CONFIGURATIONS, ClusterField.TAGS],
          }),
        );
        throwUnlessMissing(out.failures);
        return jsonify(out.clusters ?? []);
      }),
    ),
  );
  return allOrNothing(batches)?.flat();
};

/**
 * A described service without its `events` (the latest 100 service events, most of a large
 * account's DescribeServices data): no check reads them, so they are dropped as they arrive. The
 * field is left out (not collected); an empty list stays, as it says there are none.
 */
export const withoutEvents = (service: Service): EcsService => {
  const { events, ...rest } = service;
  return jsonify(events?.length ? rest : service);
};

/** Every service of every cluster, or undefined when any call failed: a partial list would make missing services look deleted. */
export const collectServices = async (
  context: RegionContext,
  clusterArns: readonly string[],
  onCluster?: (services: EcsService[]) => void,
): Promise<EcsService[] | undefined> => {
  const { ecs } = context.clients;
  const perCluster = await Promise.all(
    clusterArns.map(async (cluster) => {
      const listed = await attempt(context, 'ecs', 'ListServices', async () =>
        unique(
          (
            await pages(paginateListServices({ client: ecs, pageSize: PAGE_SIZE }, { cluster }))
          ).flatMap((page) => page.serviceArns ?? []),
        ),
      );
      if (!listed.ok) return [listed];
      const described = await Promise.all(
        chunk(listed.value, SERVICES_PER_CALL).map((services) =>
          attempt(context, 'ecs', 'DescribeServices', async () => {
            const out = await ecs.send(
              new DescribeServicesCommand({ cluster, services, include: [ServiceField.TAGS] }),
            );
            throwUnlessMissing(out.failures);
            return (out.services ?? []).map(withoutEvents);
          }),
        ),
      );
      const all = allOrNothing(described);
      if (all) onCluster?.(all.flat());
      return described;
    }),
  );
  return allOrNothing(perCluster.flat())?.flat();
};

/** The task definitions that described; one that failed is left out (= not described). */
const describeTaskDefinitions = async (
  context: RegionContext,
  arns: readonly string[],
  onDescribed?: (definition: EcsTaskDefinition) => void,
): Promise<EcsTaskDefinition[]> => {
  const outcomes = await Promise.all(
    arns.map((taskDefinition) =>
      // Every revision asked for is one a collected service runs, and ECS keeps a revision
      // describable while a service uses it (INACTIVE, even DELETE_IN_PROGRESS): no error here
      // means "does not exist" (ClientException is ECS's catch-all for client-side errors).
      attempt(
        context,
        'ecs',
        'DescribeTaskDefinition',
        async (): Promise<EcsTaskDefinition[]> => {
          const out = await context.clients.ecs.send(
            new DescribeTaskDefinitionCommand({
              taskDefinition,
              include: [TaskDefinitionField.TAGS],
            }),
          );
          if (!out.taskDefinition) throw new IncompleteAnswerError('no taskDefinition');
          const definition: EcsTaskDefinition = jsonify(out.taskDefinition);
          const described = out.tags ? { ...definition, tags: jsonify(out.tags) } : definition;
          onDescribed?.(described);
          return [described];
        },
        { items: [taskDefinition] },
      ),
    ),
  );
  return succeeded(outcomes).flat();
};

/**
 * Clusters whose in-scope services may place tasks on EC2 container instances (launch kind EC2
 * or Managed Instances, or unknown), judged with the same scope functions the checks use.
 */
export const clustersWithContainerInstanceServices = (
  services: readonly EcsService[],
  clusters: readonly EcsCluster[] | undefined,
): string[] => {
  const byArn = new Map(clusters?.map((c) => [c.clusterArn, c]));
  return unique(
    services.flatMap((service) => {
      const clusterArn = clusterArnOfService(service);
      if (!clusterArn) return [];
      return mayRunOnContainerInstances(launchKindOfService(service, byArn.get(clusterArn)))
        ? [clusterArn]
        : [];
    }),
  );
};

/** The container instances of these clusters, or undefined when any call failed (a missing instance would look absent). */
const collectContainerInstances = async (
  context: RegionContext,
  clusterArns: readonly string[],
): Promise<EcsContainerInstance[] | undefined> => {
  const { ecs } = context.clients;
  const perCluster = await Promise.all(
    clusterArns.map(async (cluster) => {
      const listed = await attempt(context, 'ecs', 'ListContainerInstances', async () =>
        unique(
          (
            await pages(
              paginateListContainerInstances({ client: ecs, pageSize: PAGE_SIZE }, { cluster }),
            )
          ).flatMap((page) => page.containerInstanceArns ?? []),
        ),
      );
      if (!listed.ok) return [listed];
      return Promise.all(
        chunk(listed.value, CONTAINER_INSTANCES_PER_CALL).map((containerInstances) =>
          attempt(context, 'ecs', 'DescribeContainerInstances', async () => {
            const out = await ecs.send(
              new DescribeContainerInstancesCommand({
                cluster,
                containerInstances,
                include: [ContainerInstanceField.TAGS],
              }),
            );
            throwUnlessMissing(out.failures);
            return jsonify(out.containerInstances ?? []);
          }),
        ),
      );
    }),
  );
  return allOrNothing(perCluster.flat())?.flat();
};

/** Clusters and services: what every other collector starts from. */
export interface EcsServices {
  clusters?: EcsCluster[];
  services?: EcsService[];
}

/** Clusters and every listed service; undefined when not even the clusters could be listed. */
export const collectClustersAndServices = async (
  context: RegionContext,
  options: {
    describeClusters?: boolean;
    /** Each cluster's services, as soon as they are all described. */
    onCluster?: (services: EcsService[]) => void;
  } = {},
): Promise<EcsServices | undefined> => {
  const listed = await listClusterArns(context);
  if (!listed.ok) return undefined;
  const [clusters, services] = await Promise.all([
    options.describeClusters === false ? undefined : describeClusters(context, listed.value),
    collectServices(context, listed.value, options.onCluster),
  ]);
  return { clusters, services };
};

/** The task definitions of the in-scope services (undefined: services were not collected). */
/** `onDescribed` hears of each as it is described (App Mesh starts on the meshes it names). */
export const collectTaskDefinitions = async (
  context: RegionContext,
  inScope: readonly EcsService[] | undefined,
  onDescribed?: (definition: EcsTaskDefinition) => void,
): Promise<EcsTaskDefinition[] | undefined> =>
  inScope
    ? describeTaskDefinitions(context, uniqueTaskDefinitionArns(inScope), onDescribed)
    : undefined;

/** The container instances that may host in-scope services (undefined: services were not collected). */
export const collectContainerInstancesOf = async (
  context: RegionContext,
  inScope: readonly EcsService[] | undefined,
  clusters: readonly EcsCluster[] | undefined,
): Promise<EcsContainerInstance[] | undefined> =>
  inScope
    ? collectContainerInstances(context, clustersWithContainerInstanceServices(inScope, clusters))
    : undefined;

/** The ECS section; undefined when not even the clusters could be listed. */
export const collectEcs = async (context: RegionContext): Promise<EcsSection | undefined> => {
  const base = await collectClustersAndServices(context);
  if (!base) return undefined;
  const { clusters, services } = base;
  const inScope = services?.filter(isServiceInScope);
  const [taskDefinitions, containerInstances] = await Promise.all([
    collectTaskDefinitions(context, inScope),
    collectContainerInstancesOf(context, inScope, clusters),
  ]);
  return { clusters, services, taskDefinitions, containerInstances };
};
