// Builders for the task definition group's tests: one ACTIVE service per task definition, so every
// task definition given is in scope.
import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import type {
  EcsService,
  EcsTaskDefinition,
  Jsonified,
  RegionSnapshot,
} from '../../lib/snapshot/types.ts';
import { arn } from './evaluate.ts';

export type Container = Jsonified<ContainerDefinition>;
export type Volume = NonNullable<EcsTaskDefinition['volumes']>[number];

export const container = (fields: Partial<Container> = {}): Container => ({
  name: 'app',
  image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1.4.2',
  essential: true,
  ...fields,
});

/** A container with the given environment, as `{ NAME: value }`. */
export const withEnvironment = (
  environment: Record<string, string>,
  fields: Partial<Container> = {},
): Container =>
  container({
    environment: Object.entries(environment).map(([name, value]) => ({ name, value })),
    ...fields,
  });

export const taskDefinition = (
  familyRevision: string,
  containers: Container[] = [container()],
  fields: Partial<EcsTaskDefinition> = {},
): EcsTaskDefinition => {
  const [family = familyRevision, revision = '1'] = familyRevision.split(':');
  return {
    taskDefinitionArn: arn.taskDefinition(familyRevision),
    family,
    revision: Number(revision),
    containerDefinitions: containers,
    ...fields,
  };
};

const serviceRunning = (taskDefinitionArn: string, index: number): EcsService => ({
  serviceArn: arn.service(`svc-${index}`),
  serviceName: `svc-${index}`,
  clusterArn: arn.cluster(),
  status: 'ACTIVE',
  taskDefinition: taskDefinitionArn,
});

/** A region where one service runs each task definition; `undescribed` ARNs run but were not described. */
export const accountRunning = (
  definitions: EcsTaskDefinition[],
  extra: Omit<RegionSnapshot, 'ecs'> = {},
  undescribed: string[] = [],
): RegionSnapshot => ({
  ...extra,
  ecs: {
    services: [...definitions.map((d) => d.taskDefinitionArn ?? ''), ...undescribed].map(
      serviceRunning,
    ),
    taskDefinitions: definitions,
  },
});
