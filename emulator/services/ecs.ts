// Amazon ECS (awsJson1_1): the read APIs the scanner calls, over the snapshot's `ecs` section.
import {
  DescribeClusters$,
  DescribeContainerInstances$,
  DescribeServices$,
  DescribeTaskDefinition$,
  ListClusters$,
  ListContainerInstances$,
  ListServices$,
} from '@aws-sdk/client-ecs';
import { clusterNameFromArn } from '../../lib/aws/arn.ts';
import type { EcsCluster, EcsService } from '../../lib/snapshot/types.ts';
import { awsJsonProtocol } from '../protocols/awsJson.ts';
import { awsJsonErrors, collected, copy, error, type PageSpec, paginate, pick } from './common.ts';
import type { BucketSpec, CallContext, Input, ServiceDefinition } from './types.ts';

const invalidParameter = (message: string) => error('InvalidParameterException', message);

const pageSpec = (defaultSize: number, maxSize: number): PageSpec => ({
  defaultSize,
  maxSize,
  invalidSize: () => invalidParameter(`maxResults must be between 1 and ${maxSize}.`),
  invalidToken: () => invalidParameter('Invalid token'),
});

// ListClusters / ListContainerInstances: default and maximum 100; ListServices: default 10, max 100.
const LIST_CLUSTERS = pageSpec(100, 100);
const LIST_SERVICES = pageSpec(10, 100);
const LIST_CONTAINER_INSTANCES = pageSpec(100, 100);

const clustersOf = (context: CallContext): EcsCluster[] =>
  collected(context, context.data.ecs?.clusters, 'ecs.clusters');

const clusterArn = (context: CallContext, name: string): string =>
  `arn:${context.partition}:ecs:${context.region}:${context.accountId}:cluster/${name}`;

/** The cluster a request names (`default` when it names none); ClusterNotFoundException otherwise. */
const findCluster = (context: CallContext, ref: string | undefined): EcsCluster => {
  const wanted = ref ?? 'default';
  const cluster = clustersOf(context).find(
    (candidate) => candidate.clusterArn === wanted || candidate.clusterName === wanted,
  );
  if (!cluster) throw error('ClusterNotFoundException', 'Cluster not found.');
  return cluster;
};

const clusterNameOf = (cluster: EcsCluster): string =>
  cluster.clusterName ?? cluster.clusterArn?.split('/').pop() ?? '';

const serviceInCluster = (service: EcsService, cluster: EcsCluster): boolean =>
  service.clusterArn
    ? service.clusterArn === cluster.clusterArn
    : clusterNameFromArn(service.serviceArn ?? '') === clusterNameOf(cluster);

const includes = (input: Input, field: string): boolean =>
  Array.isArray(input.include) && input.include.includes(field);

// Fields that DescribeClusters fills only when `include` asks for them: the lists come back empty
// (as `statistics: []` and `tags: []` do from AWS), the others are left out.
const CLUSTER_INCLUDES: [include: string, field: keyof EcsCluster, empty?: []][] = [
  ['ATTACHMENTS', 'attachments'],
  ['CONFIGURATIONS', 'configuration'],
  ['SETTINGS', 'settings'],
  ['STATISTICS', 'statistics', []],
  ['TAGS', 'tags', []],
];

const listClusters = (input: Input, context: CallContext) => {
  const arns = clustersOf(context).map((cluster) => cluster.clusterArn ?? '');
  const page = paginate(
    arns,
    { size: input.maxResults, token: input.nextToken },
    LIST_CLUSTERS,
    context,
  );
  return { clusterArns: page.items, nextToken: page.nextToken };
};

const describeClusters = (input: Input, context: CallContext) => {
  const refs: string[] = input.clusters?.length ? input.clusters : ['default'];
  if (refs.length > 100) throw invalidParameter('clusters can have at most 100 items.');
  const { found, missing } = pick(
    clustersOf(context),
    refs,
    (cluster, ref) => cluster.clusterArn === ref || cluster.clusterName === ref,
  );
  const clusters = found.map((cluster) => {
    const out = copy(cluster);
    for (const [include, field, empty] of CLUSTER_INCLUDES) {
      if (includes(input, include)) continue;
      if (empty && out[field] !== undefined) Object.assign(out, { [field]: [] });
      else delete out[field];
    }
    return out;
  });
  return {
    clusters,
    failures: missing.map((ref) => ({
      arn: ref.startsWith('arn:') ? ref : clusterArn(context, ref),
      reason: 'MISSING',
    })),
  };
};

const listServices = (input: Input, context: CallContext) => {
  const cluster = findCluster(context, input.cluster);
  const arns = collected(context, context.data.ecs?.services, 'ecs.services')
    .filter((service) => serviceInCluster(service, cluster))
    .filter((service) => service.status !== 'INACTIVE')
    .filter((service) => !input.launchType || service.launchType === input.launchType)
    .filter(
      (service) =>
        !input.schedulingStrategy || service.schedulingStrategy === input.schedulingStrategy,
    )
    .map((service) => service.serviceArn ?? '');
  const page = paginate(
    arns,
    { size: input.maxResults, token: input.nextToken },
    LIST_SERVICES,
    context,
  );
  return { serviceArns: page.items, nextToken: page.nextToken };
};

const describeServices = (input: Input, context: CallContext) => {
  const refs: string[] = input.services ?? [];
  if (refs.length === 0) throw invalidParameter('Services cannot be empty.');
  if (refs.length > 10) throw invalidParameter('services can have at most 10 items.');
  const cluster = findCluster(context, input.cluster);
  const inCluster = collected(context, context.data.ecs?.services, 'ecs.services').filter(
    (service) => serviceInCluster(service, cluster),
  );
  const { found, missing } = pick(
    inCluster,
    refs,
    (service, ref) => service.serviceArn === ref || service.serviceName === ref,
  );
  return {
    services: found.map((service) => {
      const out = copy(service);
      if (!includes(input, 'TAGS')) delete out.tags;
      return out;
    }),
    failures: missing.map((ref) => ({
      arn: ref.startsWith('arn:')
        ? ref
        : `arn:${context.partition}:ecs:${context.region}:${context.accountId}:service/${clusterNameOf(cluster)}/${ref}`,
      reason: 'MISSING',
    })),
  };
};

const describeTaskDefinition = (input: Input, context: CallContext) => {
  const ref: string = input.taskDefinition ?? '';
  const all = collected(context, context.data.ecs?.taskDefinitions, 'ecs.taskDefinitions');
  let match: (typeof all)[number] | undefined;
  if (ref.startsWith('arn:')) {
    match = all.find((definition) => definition.taskDefinitionArn === ref);
  } else if (ref.includes(':')) {
    const [family, revision] = ref.split(':');
    match = all.find(
      (definition) => definition.family === family && String(definition.revision) === revision,
    );
  } else {
    // A family alone names its latest ACTIVE revision.
    match = all
      .filter((definition) => definition.family === ref && definition.status !== 'INACTIVE')
      .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0];
  }
  if (!match) throw error('ClientException', 'Unable to describe task definition.');
  const { tags, ...taskDefinition } = copy(match);
  return { taskDefinition, tags: includes(input, 'TAGS') ? (tags ?? []) : undefined };
};

const containerInstancesOf = (context: CallContext, input: Input) => {
  const cluster = findCluster(context, input.cluster);
  return collected(context, context.data.ecs?.containerInstances, 'ecs.containerInstances').filter(
    (instance) =>
      clusterNameFromArn(instance.containerInstanceArn ?? '') === clusterNameOf(cluster),
  );
};

const listContainerInstances = (input: Input, context: CallContext) => {
  // `filter` (the cluster query language) is not emulated: it is ignored.
  const arns = containerInstancesOf(context, input)
    .filter((instance) =>
      input.status ? instance.status === input.status : instance.status !== 'INACTIVE',
    )
    .map((instance) => instance.containerInstanceArn ?? '');
  const page = paginate(
    arns,
    { size: input.maxResults, token: input.nextToken },
    LIST_CONTAINER_INSTANCES,
    context,
  );
  return { containerInstanceArns: page.items, nextToken: page.nextToken };
};

const describeContainerInstances = (input: Input, context: CallContext) => {
  const refs: string[] = input.containerInstances ?? [];
  if (refs.length === 0) throw invalidParameter('containerInstances cannot be empty.');
  if (refs.length > 100) throw invalidParameter('containerInstances can have at most 100 items.');
  const { found, missing } = pick(
    containerInstancesOf(context, input),
    refs,
    (instance, ref) =>
      instance.containerInstanceArn === ref ||
      instance.containerInstanceArn?.endsWith(`/${ref}`) === true,
  );
  return {
    containerInstances: found.map((instance) => {
      const out = copy(instance);
      if (!includes(input, 'TAGS')) delete out.tags;
      return out;
    }),
    failures: missing.map((ref) => ({ arn: ref, reason: 'MISSING' })),
  };
};

// AWS's ECS throttle categories (Amazon ECS API Reference, "Request throttling").
const CLUSTER_READ: BucketSpec = { category: 'cluster-read', burst: 50, rate: 20 };
const SERVICE_READ: BucketSpec = { category: 'service-read', burst: 100, rate: 20 };
const TASK_DEFINITION_READ: BucketSpec = { category: 'task-definition-read', burst: 50, rate: 20 };
const CLUSTER_RESOURCE_READ: BucketSpec = {
  category: 'cluster-resource-read',
  burst: 100,
  rate: 20,
};

const BUCKETS: Record<string, BucketSpec> = {
  ListClusters: CLUSTER_READ,
  DescribeClusters: CLUSTER_READ,
  ListServices: SERVICE_READ,
  DescribeServices: SERVICE_READ,
  DescribeTaskDefinition: TASK_DEFINITION_READ,
  ListContainerInstances: CLUSTER_RESOURCE_READ,
  DescribeContainerInstances: CLUSTER_RESOURCE_READ,
};

export const ecs: ServiceDefinition = {
  name: 'ecs',
  protocol: awsJsonProtocol({
    version: '1.1',
    serviceTarget: 'AmazonEC2ContainerServiceV20141113',
  }),
  operations: {
    ListClusters: { schema: ListClusters$, handler: listClusters },
    DescribeClusters: { schema: DescribeClusters$, handler: describeClusters },
    ListServices: { schema: ListServices$, handler: listServices },
    DescribeServices: { schema: DescribeServices$, handler: describeServices },
    DescribeTaskDefinition: { schema: DescribeTaskDefinition$, handler: describeTaskDefinition },
    ListContainerInstances: { schema: ListContainerInstances$, handler: listContainerInstances },
    DescribeContainerInstances: {
      schema: DescribeContainerInstances$,
      handler: describeContainerInstances,
    },
  },
  errors: awsJsonErrors('ecs'),
  bucket: (operation) => BUCKETS[operation] ?? CLUSTER_READ,
};
