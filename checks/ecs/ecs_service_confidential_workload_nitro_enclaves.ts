import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { serviceResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';
import {
  containerInstancesOfCluster,
  isConfidentialService,
  launchKindOfService,
} from '../../lib/snapshot/scope.ts';
import type { EcsCluster, EcsService } from '../../lib/snapshot/types.ts';
import { clusterArnOfService } from '../../lib/snapshot/vpcs.ts';

export const metadata: CheckMetadata = {
  id: 'ecs_service_confidential_workload_nitro_enclaves',
  service: 'ecs',
  title:
    'ECS services tagged as confidential run on EC2 container instances with Nitro Enclaves enabled',
  severity: 'MEDIUM',
  resourceKind: 'service',
  inputs: ['ecs.services', 'ecs.clusters', 'ecs.containerInstances', 'ec2.instances'],
  description:
    'Checks that every in-scope ECS service carrying the confidential tag (option confidentialTag, default DataClassification=confidential; key matched exactly, value in any case) runs on EC2 container instances that all have Nitro Enclaves enabled (EnclaveOptions.Enabled). ECS Managed Instances (launch type MANAGED_INSTANCES or a Managed Instances capacity provider) are EC2 container instances and are judged the same way, by the EC2 instances behind them. Fargate, Fargate capacity providers and external instances cannot host enclaves.',
  risk: 'Without an enclave, data in use sits in memory that the instance operating system, its administrators and any process that gains root on the host can read; confidential data then depends on every host being uncompromised.',
  remediation: {
    text: 'Run the service on an EC2 capacity provider whose launch template enables Nitro Enclaves (EnclaveOptions Enabled=true, a supported Nitro instance type), replace the existing container instances, and process the confidential data inside the enclave with KMS attestation.',
    url: 'https://docs.aws.amazon.com/enclaves/latest/user/nitro-enclave.html',
  },
  guidance:
    'Protect highly sensitive data in use: run confidential workloads on EC2 instances with AWS Nitro Enclaves, isolated from the parent instance and its administrators.',
  relatedRequirements: ['NIST.800-53.r5 SC-39'],
};

const results = resultsFor(metadata);

/** The most instance IDs a reason lists before it summarizes. */
const LISTED = 5;

const list = (ids: readonly string[]): string =>
  ids.length <= LISTED
    ? ids.join(', ')
    : `${ids.slice(0, LISTED).join(', ')} and ${ids.length - LISTED} more`;

/**
 * A Fargate capacity provider that receives tasks (weight or base above zero; an absent weight
 * counts). A launch type, when set, overrides every strategy.
 */
const fargateProviderOf = (service: EcsService, cluster?: EcsCluster): string | undefined => {
  if (service.launchType) return undefined;
  const strategy = service.capacityProviderStrategy?.length
    ? service.capacityProviderStrategy
    : cluster?.defaultCapacityProviderStrategy;
  return strategy?.find(
    (p) =>
      (p.capacityProvider ?? '').toUpperCase().startsWith('FARGATE') &&
      (p.weight === undefined || p.weight > 0 || (p.base ?? 0) > 0),
  )?.capacityProvider;
};

export const check: Check = {
  metadata,
  evaluate: ({ inventory, config }) =>
    (inventory.services ?? [])
      .filter((service) => isConfidentialService(service, config.confidentialTag))
      .map((service) => {
        const resource = serviceResource(service, inventory.region);
        const name = resource.name;
        const clusterArn = clusterArnOfService(service);
        const cluster = clusterArn ? inventory.clusters?.get(clusterArn) : undefined;
        const kind = launchKindOfService(service, cluster);

        if (kind === 'FARGATE') {
          return results.failed(
            resource,
            `Service ${name} is tagged confidential but runs on Fargate, which cannot host Nitro Enclaves.`,
          );
        }
        if (kind === 'EXTERNAL') {
          return results.failed(
            resource,
            `Service ${name} is tagged confidential but runs on external (ECS Anywhere) instances, which cannot host Nitro Enclaves.`,
          );
        }
        if (kind === 'UNKNOWN') {
          return results.notAvailable(
            resource,
            `Service ${name} is tagged confidential but its launch type is unknown (no launchType or capacity provider strategy${cluster ? '' : ', cluster not described'}).`,
          );
        }
        // A mixed strategy puts part of the tasks on Fargate.
        const fargateProvider = fargateProviderOf(service, cluster);
        if (fargateProvider) {
          return results.failed(
            resource,
            `Service ${name} is tagged confidential but its capacity provider strategy places tasks on ${fargateProvider}, which cannot host Nitro Enclaves.`,
          );
        }

        if (!inventory.containerInstances) {
          return results.notAvailable(
            resource,
            `Service ${name} is tagged confidential but container instances were not collected, so its hosts are unknown.`,
          );
        }
        if (!clusterArn) {
          return results.notAvailable(
            resource,
            `Service ${name} is tagged confidential but its cluster is unknown (no clusterArn), so its hosts are unknown.`,
          );
        }
        const active = containerInstancesOfCluster(clusterArn, inventory.containerInstances).filter(
          (ci) => (ci.status ?? '').toUpperCase() === 'ACTIVE',
        );
        if (active.length === 0) {
          return results.failed(
            resource,
            `Service ${name} is tagged confidential but its cluster has no ACTIVE container instance that could host a Nitro Enclave.`,
          );
        }

        const notEc2 = active
          .filter((ci) => !ci.ec2InstanceId)
          .map((ci) => ci.containerInstanceArn);
        const instanceIds = active.flatMap((ci) => (ci.ec2InstanceId ? [ci.ec2InstanceId] : []));
        const undescribed = instanceIds.filter((id) => !inventory.instances?.get(id));
        const disabled = instanceIds.filter((id) => {
          const instance = inventory.instances?.get(id);
          return instance && instance.EnclaveOptions?.Enabled !== true;
        });

        // A host known to lack enclaves fails the service whatever the unknown hosts are.
        if (disabled.length || notEc2.length) {
          const parts = [
            ...(disabled.length ? [`EnclaveOptions.Enabled is not true on ${list(disabled)}`] : []),
            ...(notEc2.length
              ? [`${notEc2.length} ACTIVE container instance(s) are not EC2 instances`]
              : []),
          ];
          return results.failed(
            resource,
            `Service ${name} is tagged confidential but ${parts.join(' and ')}.`,
          );
        }
        if (!inventory.instances) {
          return results.notAvailable(
            resource,
            `Service ${name} is tagged confidential but EC2 instances were not collected, so EnclaveOptions of its ${instanceIds.length} container instance(s) is unknown.`,
          );
        }
        if (undescribed.length) {
          return results.notAvailable(
            resource,
            `Service ${name} is tagged confidential but EC2 instance(s) ${list(undescribed)} were not described, so their EnclaveOptions are unknown.`,
          );
        }
        return results.passed(
          resource,
          `Service ${name} is tagged confidential and all ${instanceIds.length} ACTIVE container instance(s) of its cluster have Nitro Enclaves enabled.`,
        );
      }),
};
