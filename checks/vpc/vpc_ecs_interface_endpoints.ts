import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import type { Inventory } from '../../lib/evaluate/inventory/inventory.ts';
import { serviceResource, vpcResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import { secretReferencesOf, taskDefinitionArnsOfService } from '../../lib/snapshot/scope.ts';
import type { Ec2VpcEndpoint, EcsService, EcsTaskDefinition } from '../../lib/snapshot/types.ts';
import { placeServicesInVpcs, type VpcHosting } from '../../lib/snapshot/vpcs.ts';

export const metadata: CheckMetadata = {
  id: 'vpc_ecs_interface_endpoints',
  service: 'vpc',
  title:
    'VPCs hosting ECS services have private DNS interface endpoints for ECS and the services the tasks use',
  severity: 'MEDIUM',
  resourceKind: 'vpc',
  inputs: [
    'ecs.services',
    'ecs.clusters',
    'ecs.taskDefinitions',
    'ecs.containerInstances',
    'ec2.subnets',
    'ec2.instances',
    'ec2.vpcEndpoints',
  ],
  judges: 'region',
  description:
    'Checks each VPC hosting in-scope ECS services for available Interface endpoints with private DNS: ecs, ecs-agent and ecs-telemetry where EC2 container instances run (FAILED when one is unusable); ecs where only Fargate tasks run (WARNING LOW, since the Fargate agent does not reach ECS through the VPC); and secretsmanager, ssm, ecr.api, ecr.dkr and logs when the task definitions reference secrets, parameters, ECR images in the region or the awslogs driver (WARNING LOW). Gateway endpoints do not count.',
  risk: 'Without these endpoints, ECS control-plane, image, secret and log traffic leaves the VPC through a NAT or internet gateway: it depends on internet egress, crosses public address space, and cannot be restricted with endpoint policies.',
  remediation: {
    text: 'Create Interface VPC endpoints with private DNS enabled in the VPC for com.amazonaws.REGION.ecs, .ecs-agent and .ecs-telemetry, plus .ecr.api, .ecr.dkr, .secretsmanager, .ssm and .logs as the tasks need them (and an S3 gateway endpoint for image layers).',
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/vpc-endpoints.html',
  },
  guidance:
    'Keep traffic between tasks and AWS services on the AWS network: use interface VPC endpoints (AWS PrivateLink) for Amazon ECS, Amazon ECR, Secrets Manager, Systems Manager and CloudWatch Logs.',
  relatedRequirements: [
    'AWS FSBP EC2.55',
    'AWS FSBP EC2.56',
    'AWS FSBP EC2.57',
    'AWS Config vpc-endpoint-enabled',
    'AWS Config service-vpc-endpoint-enabled',
    'NIST.800-53.r5 SC-7',
    'NIST.800-53.r5 SC-7(4)',
    'NIST.800-53.r5 AC-4',
  ],
};

const results = resultsFor(metadata);

/** The endpoints the ECS agent and the ECS API need, by their short name after `REGION.`. */
const ECS_ENDPOINT = 'ecs';
const AGENT_ENDPOINTS = ['ecs-agent', 'ecs-telemetry'];

/** Why a workload needs an endpoint, by short name. */
type Needs = Map<string, string>;

const lower = (value: string | undefined): string => (value ?? '').toLowerCase();

/** `com.amazonaws.REGION.NAME`, or `cn.com.amazonaws.…` in the China partition. */
const serviceNameOf = (short: string, inventory: Inventory): string =>
  `${inventory.partition === 'aws-cn' ? 'cn.com.amazonaws' : 'com.amazonaws'}.${inventory.region}.${short}`;

/** Matches by suffix so that every partition's prefix (`com.amazonaws`, `cn.com.amazonaws`) and FIPS variants count. */
const isEndpointFor = (endpoint: Ec2VpcEndpoint, short: string, region: string): boolean => {
  const name = lower(endpoint.ServiceName);
  return name.endsWith(`.${region}.${short}`) || name.endsWith(`.${region}.${short}-fips`);
};

/** Why the VPC has no usable endpoint for the service, or undefined when it has one. */
const problemWith = (
  endpoints: readonly Ec2VpcEndpoint[],
  short: string,
  region: string,
): string | undefined => {
  const candidates = endpoints.filter((e) => isEndpointFor(e, short, region));
  const problems = candidates.map((e) => {
    if (lower(e.VpcEndpointType) !== 'interface') return `type ${e.VpcEndpointType ?? 'absent'}`;
    if (lower(e.State) !== 'available') return `state ${e.State ?? 'absent'}`;
    if (e.PrivateDnsEnabled !== true) return 'private DNS disabled';
    return undefined;
  });
  if (problems.includes(undefined)) return undefined;
  return problems[0] ?? 'missing';
};

/** `123456789012.dkr.ecr.REGION.amazonaws.com/…` (also FIPS, China and dual-stack hosts). */
const ECR_HOST =
  /^\d{12}\.dkr[.-]ecr(?:-fips)?\.([a-z0-9-]+)\.(?:amazonaws\.com(?:\.cn)?|on\.aws)$/;

/** The endpoints a task definition's containers reach from the VPC, for resources in this region. */
const needsOf = (definition: EcsTaskDefinition, region: string, needs: Needs): void => {
  for (const ref of secretReferencesOf(definition)) {
    const { target } = ref;
    // A secret named without an ARN (repository credentials) is in the task's region.
    if (target.store === 'secretsmanager' && (target.region ?? region) === region) {
      needs.set('secretsmanager', 'Secrets Manager references');
    }
    if (target.store === 'ssm' && (target.region === undefined || target.region === region)) {
      needs.set('ssm', 'SSM parameter references');
    }
  }
  for (const container of definition.containerDefinitions ?? []) {
    const image = lower(container.image);
    const host = image.includes('/') ? image.slice(0, image.indexOf('/')) : '';
    if (ECR_HOST.exec(host)?.[1] === region) {
      needs.set('ecr.api', 'ECR images');
      needs.set('ecr.dkr', 'ECR images');
    }
    const log = container.logConfiguration;
    const logRegion = log?.options?.['awslogs-region'];
    if (lower(log?.logDriver) === 'awslogs' && (!logRegion || logRegion === region)) {
      needs.set('logs', 'the awslogs log driver');
    }
  }
};

const describeProblems = (
  problems: { short: string; problem: string; why?: string }[],
  inventory: Inventory,
) =>
  problems
    .map(
      ({ short, problem, why }) =>
        `${serviceNameOf(short, inventory)}${why ? ` for ${why}` : ''} (${problem})`,
    )
    .join(', ');

const evaluateVpc = (
  hosting: VpcHosting,
  inventory: Inventory,
  maybeHostsContainerInstances: string | undefined,
  /** Why some service's VPC is unknown: it may be this one and need endpoints it lacks. */
  unplacedService: string | undefined,
): CheckResult => {
  const { vpcId } = hosting;
  const { region } = inventory;
  const resource = vpcResource(vpcId, inventory);
  if (!inventory.vpcEndpoints) {
    return results.notAvailable(
      resource,
      `VPC ${vpcId} hosts ECS services but VPC endpoints were not collected.`,
    );
  }
  const endpoints = inventory.vpcEndpoints.filter((e) => e.VpcId === vpcId);
  const check = (short: string, why?: string) => {
    const problem = problemWith(endpoints, short, region);
    return problem ? [{ short, problem, why }] : [];
  };

  const ecsProblems = check(ECS_ENDPOINT);
  const agentProblems = AGENT_ENDPOINTS.flatMap((short) => check(short));
  if (hosting.hostsContainerInstances && (ecsProblems.length || agentProblems.length)) {
    return results.failed(
      resource,
      `VPC ${vpcId} hosts EC2 container instances but lacks usable interface endpoints (Interface, available, private DNS) for ${describeProblems([...ecsProblems, ...agentProblems], inventory)}.`,
    );
  }
  if (!hosting.hostsContainerInstances && maybeHostsContainerInstances && agentProblems.length) {
    return results.notAvailable(
      resource,
      `VPC ${vpcId} lacks ${describeProblems(agentProblems, inventory)}, and whether it hosts EC2 container instances is unknown because ${maybeHostsContainerInstances}.`,
    );
  }

  const needs: Needs = new Map();
  const undescribed: string[] = [];
  const arns = new Set(hosting.services.flatMap(taskDefinitionArnsOfService));
  for (const arn of arns) {
    const definition = inventory.taskDefinitions?.find((td) => td.arn === arn)?.data;
    if (definition) needsOf(definition, region, needs);
    else undescribed.push(arn.slice(arn.lastIndexOf('/') + 1));
  }
  const dependencyProblems = [...needs].flatMap(([short, why]) => check(short, why));

  if (ecsProblems.length) {
    return results.warning(
      resource,
      `VPC ${vpcId} hosts only Fargate tasks and lacks a usable interface endpoint for ${describeProblems([...ecsProblems, ...dependencyProblems], inventory)}.`,
    );
  }
  if (dependencyProblems.length) {
    return results.warning(
      resource,
      `VPC ${vpcId} has the ECS endpoints but lacks usable interface endpoints its workloads depend on: ${describeProblems(dependencyProblems, inventory)}.`,
    );
  }
  if (unplacedService) {
    return results.notAvailable(
      resource,
      `VPC ${vpcId} has the endpoints its known services need, but ${unplacedService}: that service may run in this VPC and need endpoints it lacks.`,
    );
  }
  if (undescribed.length) {
    return results.notAvailable(
      resource,
      `VPC ${vpcId} has the ECS endpoints, but task definition(s) ${undescribed.join(', ')} were not described, so the endpoints its workloads depend on are unknown.`,
    );
  }
  const used = [...needs.keys()];
  return results.passed(
    resource,
    `VPC ${vpcId} has available private DNS interface endpoints for ${[
      ECS_ENDPOINT,
      ...(hosting.hostsContainerInstances ? AGENT_ENDPOINTS : []),
      ...used,
    ].join(', ')}.`,
  );
};

/** `prod/web`, as the service's own results name it; its ARN when it has no name. */
const serviceNamed = (service: EcsService, region: string): string =>
  serviceResource(service, region).name || (service.serviceArn ?? '?');

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) => {
    if (!inventory.services) return [];
    const placement = placeServicesInVpcs({
      services: inventory.services,
      clusters: inventory.clusters,
      containerInstances: inventory.containerInstances,
      subnets: inventory.subnets,
      instances: inventory.instances,
    });
    // Container instances in unknown VPCs could sit in any VPC judged as Fargate-only.
    const unknownHosts = placement.unresolved.find((u) => u.mayHostContainerInstances);
    const unknownReason =
      unknownHosts &&
      `${unknownHosts.reasons[0]} (service ${serviceNamed(unknownHosts.service, inventory.region)})`;
    // Any service of unknown VPC could be in any VPC judged here: no VPC passes then.
    const unplaced = placement.unresolved[0];
    const unplacedReason =
      unplaced &&
      `the VPC of service ${serviceNamed(unplaced.service, inventory.region)} is unknown (${unplaced.reasons[0]})`;
    return placement.vpcs.map((hosting) =>
      evaluateVpc(hosting, inventory, unknownReason, unplacedReason),
    );
  },
};
