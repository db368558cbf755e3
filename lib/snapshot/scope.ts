// What is in scope, as pure functions of collected data. The inventory builder and (later) the
// live collectors use the same functions, so both agree on what to look at.

import {
  clusterNameFromArn,
  parseSecretReference,
  type SecretReferenceSource,
  type SecretReferenceTarget,
} from '../aws/arn.ts';
import type {
  EcsCluster,
  EcsContainerInstance,
  EcsService,
  EcsTaskDefinition,
  ElbTargetGroup,
} from './types.ts';

const upper = (value: string | undefined): string => (value ?? '').toUpperCase();

/** ACTIVE services; a service without a status is kept (judged rather than skipped). */
export const isServiceInScope = (service: EcsService): boolean =>
  service.status === undefined || upper(service.status) === 'ACTIVE';

/** The service's task definition and those of its PRIMARY and ACTIVE deployments. */
export const taskDefinitionArnsOfService = (service: EcsService): string[] => {
  const arns = new Set<string>();
  if (service.taskDefinition) arns.add(service.taskDefinition);
  for (const deployment of service.deployments ?? []) {
    const status = upper(deployment.status);
    if ((status === 'PRIMARY' || status === 'ACTIVE') && deployment.taskDefinition) {
      arns.add(deployment.taskDefinition);
    }
  }
  return [...arns];
};

export const uniqueTaskDefinitionArns = (services: readonly EcsService[]): string[] => [
  ...new Set(services.flatMap(taskDefinitionArnsOfService)),
];

export const targetGroupArnsOfServices = (services: readonly EcsService[]): string[] => [
  ...new Set(
    services
      .flatMap((s) => (s.loadBalancers ?? []).map((lb) => lb.targetGroupArn ?? ''))
      .filter(Boolean),
  ),
];

/** The Classic Load Balancers the services name (`loadBalancers[].loadBalancerName`). */
export const classicLoadBalancerNamesOfServices = (services: readonly EcsService[]): string[] => [
  ...new Set(
    services
      .flatMap((s) => (s.loadBalancers ?? []).map((lb) => lb.loadBalancerName ?? ''))
      .filter(Boolean),
  ),
];

/**
 * The VPC Lattice target groups a service registers its tasks with: the `vpcLatticeConfigurations`
 * of its PRIMARY and ACTIVE deployments (DescribeServices has them on the deployments only; an
 * ACTIVE deployment's tasks still serve while a new one rolls out).
 */
export const latticeTargetGroupArnsOfService = (service: EcsService): string[] => {
  const arns = new Set<string>();
  for (const deployment of service.deployments ?? []) {
    const status = upper(deployment.status);
    if (status !== 'PRIMARY' && status !== 'ACTIVE') continue;
    for (const config of deployment.vpcLatticeConfigurations ?? []) {
      if (config.targetGroupArn) arns.add(config.targetGroupArn);
    }
  }
  return [...arns];
};

export const latticeTargetGroupArnsOfServices = (services: readonly EcsService[]): string[] => [
  ...new Set(services.flatMap(latticeTargetGroupArnsOfService)),
];

export const loadBalancerArnsOfTargetGroups = (
  targetGroups: readonly ElbTargetGroup[],
): string[] => [...new Set(targetGroups.flatMap((tg) => tg.LoadBalancerArns ?? []))];

export type LaunchKind = 'FARGATE' | 'EC2' | 'MANAGED_INSTANCES' | 'EXTERNAL' | 'UNKNOWN';

/**
 * Fargate, EC2 or ECS Managed Instances: the launch type, else the capacity provider strategy (the
 * service's or the cluster's default). A capacity provider other than FARGATE and FARGATE_SPOT is
 * an Auto Scaling group or a Managed Instances provider (names may not start with "fargate"): both
 * place tasks on EC2 container instances of the cluster, which the checks judge alike, so telling
 * them apart (DescribeCapacityProviders) would cost a call and change no result.
 */
export const launchKindOfService = (service: EcsService, cluster?: EcsCluster): LaunchKind => {
  const launchType = upper(service.launchType);
  if (
    launchType === 'FARGATE' ||
    launchType === 'EC2' ||
    launchType === 'EXTERNAL' ||
    launchType === 'MANAGED_INSTANCES'
  )
    return launchType;
  const strategy = service.capacityProviderStrategy?.length
    ? service.capacityProviderStrategy
    : cluster?.defaultCapacityProviderStrategy;
  if (!strategy?.length) return 'UNKNOWN';
  const fargate = strategy.filter((p) => upper(p.capacityProvider).startsWith('FARGATE'));
  if (fargate.length === strategy.length) return 'FARGATE';
  return 'EC2';
};

/**
 * Tasks of these launch kinds run on EC2 container instances of the cluster, whose ECS agent needs
 * the ecs-agent and ecs-telemetry endpoints: ECS Managed Instances are EC2 instances that ECS
 * launches and patches, registered as container instances like any other.
 */
export const runsOnContainerInstances = (kind: LaunchKind): boolean =>
  kind === 'EC2' || kind === 'MANAGED_INSTANCES';

/** Tasks of these launch kinds may be placed on the cluster's EC2 container instances. */
export const mayRunOnContainerInstances = (kind: LaunchKind): boolean =>
  runsOnContainerInstances(kind) || kind === 'UNKNOWN';

/** Tagged with the confidential tag (option confidentialTag): key matched exactly, value in any case. */
export const isConfidentialService = (
  service: EcsService,
  tag: { key: string; value: string },
): boolean =>
  (service.tags ?? []).some(
    (t) => t.key === tag.key && (t.value ?? '').toLowerCase() === tag.value.toLowerCase(),
  );

export const subnetIdsOfService = (service: EcsService): string[] =>
  service.networkConfiguration?.awsvpcConfiguration?.subnets ?? [];

/** Container instances of a cluster, matched by the cluster name in their ARN. */
export const containerInstancesOfCluster = (
  clusterArn: string | undefined,
  containerInstances: readonly EcsContainerInstance[],
): EcsContainerInstance[] => {
  const clusterName = clusterArn ? (clusterArn.split('/').pop() ?? '') : '';
  return containerInstances.filter(
    (ci) => clusterNameFromArn(ci.containerInstanceArn ?? '') === clusterName,
  );
};

export type { SecretReferenceSource } from '../aws/arn.ts';

export interface SecretReference {
  containerName: string;
  /** The variable or option name; for repository credentials, `repositoryCredentials`. */
  name: string;
  source: SecretReferenceSource;
  valueFrom: string;
  target: SecretReferenceTarget;
}

/** Every secret reference of a task definition: `secrets`, `repositoryCredentials`, `logConfiguration.secretOptions`. */
export const secretReferencesOf = (definition: EcsTaskDefinition): SecretReference[] =>
  (definition.containerDefinitions ?? []).flatMap((container) => {
    const containerName = container.name ?? '?';
    const ref = (
      name: string,
      source: SecretReferenceSource,
      valueFrom: string,
    ): SecretReference => ({
      containerName,
      name,
      source,
      valueFrom,
      // The field decides what a bare name means (a secret name in repositoryCredentials).
      target: parseSecretReference(valueFrom, source),
    });
    return [
      ...(container.secrets ?? []).map((s) => ref(s.name ?? '?', 'secrets', s.valueFrom ?? '')),
      ...(container.repositoryCredentials?.credentialsParameter
        ? [
            ref(
              'repositoryCredentials',
              'repositoryCredentials',
              container.repositoryCredentials.credentialsParameter,
            ),
          ]
        : []),
      ...(container.logConfiguration?.secretOptions ?? []).map((s) =>
        ref(s.name ?? '?', 'logConfiguration', s.valueFrom ?? ''),
      ),
    ];
  });
