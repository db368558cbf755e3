// Builders for the service group's tests: ECS services, container instances and the EC2 side
// (subnets, instances, VPC endpoints), with only the fields the checks read.
import type {
  Ec2Instance,
  Ec2Subnet,
  Ec2VpcEndpoint,
  EcsContainerInstance,
  EcsService,
  EcsTaskDefinition,
} from '../../lib/snapshot/types.ts';
import { arn, REGION } from './evaluate.ts';

export const ecsService = (name: string, fields: Partial<EcsService> = {}): EcsService => ({
  serviceArn: arn.service(name),
  serviceName: name,
  clusterArn: arn.cluster(),
  status: 'ACTIVE',
  ...fields,
});

/** A service whose tasks use `awsvpc` networking in the given subnets. */
export const awsvpc = (...subnets: string[]): Partial<EcsService> => ({
  networkConfiguration: { awsvpcConfiguration: { subnets } },
});

export const taskDefinition = (
  familyRevision: string,
  containers: NonNullable<EcsTaskDefinition['containerDefinitions']> = [
    { name: 'app', image: 'nginx:1.27' },
  ],
): EcsTaskDefinition => ({
  taskDefinitionArn: arn.taskDefinition(familyRevision),
  family: familyRevision.split(':')[0],
  containerDefinitions: containers,
});

export const containerInstance = (
  instanceId: string | undefined,
  status = 'ACTIVE',
  cluster = 'prod',
): EcsContainerInstance => ({
  containerInstanceArn: arn.containerInstance(`ci-${instanceId ?? 'external'}`, cluster),
  ...(instanceId ? { ec2InstanceId: instanceId } : {}),
  status,
});

export const ec2Instance = (id: string, vpcId: string, enclaves?: boolean): Ec2Instance => ({
  InstanceId: id,
  VpcId: vpcId,
  ...(enclaves === undefined ? {} : { EnclaveOptions: { Enabled: enclaves } }),
});

export const subnet = (id: string, vpcId: string): Ec2Subnet => ({ SubnetId: id, VpcId: vpcId });

export const vpcEndpoint = (
  vpcId: string,
  short: string,
  fields: Partial<Ec2VpcEndpoint> = {},
): Ec2VpcEndpoint => ({
  VpcEndpointId: `vpce-${vpcId}-${short}`,
  VpcId: vpcId,
  ServiceName: `com.amazonaws.${REGION}.${short}`,
  VpcEndpointType: 'Interface',
  State: raw('available'),
  PrivateDnsEnabled: true,
  ...fields,
});

/** Usable interface endpoints for each short service name (`ecs`, `ecr.api`, …). */
export const vpcEndpoints = (vpcId: string, ...shorts: string[]): Ec2VpcEndpoint[] =>
  shorts.map((short) => vpcEndpoint(vpcId, short));

/** An enum value as AWS really returns it (EC2 sends `available`), outside the SDK's constants. */
export const raw = <T>(value: string): T => value as T;

export const ECS_TRIO = ['ecs', 'ecs-agent', 'ecs-telemetry'];
