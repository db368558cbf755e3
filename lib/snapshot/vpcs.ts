// Which VPCs host which in-scope services, as a pure function of collected data. The VPC
// endpoint check and (later) the live collector use it: the collector to know which subnets and
// instances to describe, the check to know which VPCs to judge and whether they host EC2
// container instances (whose ECS agent needs the ecs-agent and ecs-telemetry endpoints).

import { clusterNameFromArn, parseArn } from '../aws/arn.ts';
import {
  containerInstancesOfCluster,
  launchKindOfService,
  mayRunOnContainerInstances,
  runsOnContainerInstances,
  subnetIdsOfService,
} from './scope.ts';
import type {
  Ec2Instance,
  Ec2Subnet,
  EcsCluster,
  EcsContainerInstance,
  EcsService,
} from './types.ts';

/** The service's cluster ARN, or the one its ARN names (`…:service/CLUSTER/NAME`). */
export const clusterArnOfService = (service: EcsService): string | undefined => {
  if (service.clusterArn) return service.clusterArn;
  const arn = parseArn(service.serviceArn ?? '');
  const clusterName = clusterNameFromArn(service.serviceArn ?? '');
  return arn && clusterName
    ? `arn:${arn.partition}:ecs:${arn.region}:${arn.accountId}:cluster/${clusterName}`
    : undefined;
};

/** Container instances that run (or are about to run) tasks; a missing status is kept. */
export const isHostingContainerInstance = (instance: EcsContainerInstance): boolean => {
  const status = (instance.status ?? '').toUpperCase();
  return status === '' || status === 'ACTIVE' || status === 'DRAINING' || status === 'REGISTERING';
};

export interface VpcHosting {
  vpcId: string;
  /** In-scope services with tasks (or task ENIs) in this VPC, in input order. */
  services: EcsService[];
  /** The VPC holds EC2 container instances of those services' clusters (the ECS agent runs there). */
  hostsContainerInstances: boolean;
}

export interface UnresolvedPlacement {
  service: EcsService;
  /** Why some of the service's VPCs are unknown, e.g. `subnet subnet-1 was not described`. */
  reasons: string[];
  /** The unknown part may be EC2 container instances, so any VPC could host some. */
  mayHostContainerInstances: boolean;
}

export interface VpcPlacement {
  /** Sorted by VPC ID. */
  vpcs: VpcHosting[];
  /** Services whose VPCs could not all be determined from the collected data. */
  unresolved: UnresolvedPlacement[];
}

export interface PlacementInput {
  services: readonly EcsService[];
  /** Keyed by cluster ARN; `undefined` = not collected. */
  clusters?: ReadonlyMap<string, EcsCluster>;
  containerInstances?: readonly EcsContainerInstance[];
  /** Keyed by subnet ID. */
  subnets?: ReadonlyMap<string, Ec2Subnet>;
  /** Keyed by EC2 instance ID. */
  instances?: ReadonlyMap<string, Ec2Instance>;
}

/**
 * The VPCs of each service: for `awsvpc` services the VPCs of their subnets; for services whose
 * tasks may run on EC2 container instances the VPCs of the cluster's container instances. A
 * task ENI of an EC2-hosted `awsvpc` task sits on a container instance, so its subnet's VPC
 * hosts container instances too.
 */
export const placeServicesInVpcs = (input: PlacementInput): VpcPlacement => {
  const vpcs = new Map<string, VpcHosting>();
  const unresolved: UnresolvedPlacement[] = [];

  const host = (vpcId: string, service: EcsService, containerInstances: boolean) => {
    const entry = vpcs.get(vpcId) ?? { vpcId, services: [], hostsContainerInstances: false };
    if (!entry.services.includes(service)) entry.services.push(service);
    entry.hostsContainerInstances ||= containerInstances;
    vpcs.set(vpcId, entry);
  };

  for (const service of input.services) {
    const clusterArn = clusterArnOfService(service);
    const kind = launchKindOfService(
      service,
      clusterArn ? input.clusters?.get(clusterArn) : undefined,
    );
    const reasons: string[] = [];
    let unknownInstances = false;

    for (const subnetId of subnetIdsOfService(service)) {
      const vpcId = input.subnets?.get(subnetId)?.VpcId;
      if (vpcId) host(vpcId, service, runsOnContainerInstances(kind));
      else
        reasons.push(
          input.subnets ? `subnet ${subnetId} was not described` : 'subnets were not collected',
        );
    }

    if (mayRunOnContainerInstances(kind)) {
      if (!input.containerInstances) {
        reasons.push('container instances were not collected');
        unknownInstances = true;
      } else if (!clusterArn) {
        reasons.push('its cluster is unknown (no clusterArn)');
        unknownInstances = true;
      } else {
        const hosting = containerInstancesOfCluster(clusterArn, input.containerInstances).filter(
          isHostingContainerInstance,
        );
        for (const containerInstance of hosting) {
          const instanceId = containerInstance.ec2InstanceId;
          if (!instanceId) continue; // an external (ECS Anywhere) instance: in no VPC
          const vpcId = input.instances?.get(instanceId)?.VpcId;
          if (vpcId) host(vpcId, service, true);
          else {
            reasons.push(
              input.instances
                ? `instance ${instanceId} was not described`
                : 'EC2 instances were not collected',
            );
            unknownInstances = true;
          }
        }
      }
    }

    if (reasons.length) {
      unresolved.push({
        service,
        reasons: [...new Set(reasons)],
        mayHostContainerInstances: unknownInstances,
      });
    }
  }

  return {
    vpcs: [...vpcs.values()].sort((a, b) => a.vpcId.localeCompare(b.vpcId)),
    unresolved,
  };
};
