// EC2: the subnets of awsvpc services and the instances of container instances (to place the
// services in VPCs), then the VPC endpoints of those VPCs (and, for tag exemptions, those of the
// VPCs the region's GetResources sweep found exempt, lib/collect/tags.ts). Filters, not ID lists: an ID that no
// longer exists makes an ID-list call fail whole, a filter just leaves it out.
import {
  type Filter,
  paginateDescribeInstances,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import { subnetIdsOfService } from '../snapshot/scope.ts';
import type {
  Ec2Instance,
  Ec2Section,
  Ec2Subnet,
  Ec2VpcEndpoint,
  EcsCluster,
  EcsContainerInstance,
  EcsService,
} from '../snapshot/types.ts';
import { isHostingContainerInstance, placeServicesInVpcs } from '../snapshot/vpcs.ts';
import { allOrNothing, attempt, type Outcome, pages, succeeded } from './call.ts';
import { chunk, jsonify, unique } from './json.ts';
import type { SectionFilter } from './sections.ts';
import { type ExemptSweep, exemptVpcs } from './tags.ts';
import type { RegionContext } from './types.ts';

/** EC2 accepts up to 200 values per filter; its describe calls return up to 1000 items a page. */
const FILTER_VALUES_PER_CALL = 200;
const PAGE_SIZE = 1000;

const filtered = async <T>(
  context: RegionContext,
  operation: string,
  filterName: string,
  values: readonly string[],
  fetch: (Filters: Filter[]) => Promise<T[]>,
): Promise<Outcome<T[]>[]> =>
  Promise.all(
    chunk(values, FILTER_VALUES_PER_CALL).map((Values) =>
      attempt(context, 'ec2', operation, () => fetch([{ Name: filterName, Values }])),
    ),
  );

/**
 * Items whose call failed are left out: the scope functions read a missing subnet or instance as
 * "not described". Undefined when every call failed, so the section shows as not collected.
 */
const itemsUnlessAllFailed = <T>(outcomes: Outcome<T[]>[]): T[] | undefined =>
  outcomes.length > 0 && outcomes.every((o) => !o.ok) ? undefined : succeeded(outcomes).flat();

const describeSubnets = async (context: RegionContext, subnetIds: readonly string[]) =>
  itemsUnlessAllFailed<Ec2Subnet>(
    await filtered(context, 'DescribeSubnets', 'subnet-id', subnetIds, async (Filters) =>
      jsonify(
        (
          await pages(
            paginateDescribeSubnets(
              { client: context.clients.ec2, pageSize: PAGE_SIZE },
              { Filters },
            ),
          )
        ).flatMap((page) => page.Subnets ?? []),
      ),
    ),
  );

const describeInstances = async (context: RegionContext, instanceIds: readonly string[]) =>
  itemsUnlessAllFailed<Ec2Instance>(
    await filtered(context, 'DescribeInstances', 'instance-id', instanceIds, async (Filters) =>
      jsonify(
        (
          await pages(
            paginateDescribeInstances(
              { client: context.clients.ec2, pageSize: PAGE_SIZE },
              { Filters },
            ),
          )
        ).flatMap((page) => (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])),
      ),
    ),
  );

/** All endpoints of these VPCs, or undefined when any call failed (a VPC would look endpoint-less). */
const describeVpcEndpoints = async (context: RegionContext, vpcIds: readonly string[]) =>
  allOrNothing<Ec2VpcEndpoint[]>(
    await filtered(context, 'DescribeVpcEndpoints', 'vpc-id', vpcIds, async (Filters) =>
      jsonify(
        (
          await pages(
            paginateDescribeVpcEndpoints(
              { client: context.clients.ec2, pageSize: PAGE_SIZE },
              { Filters },
            ),
          )
        ).flatMap((page) => page.VpcEndpoints ?? []),
      ),
    ),
  )?.flat();

export interface Ec2Inputs {
  /** In-scope services; undefined = not collected. */
  services?: readonly EcsService[];
  clusters?: readonly EcsCluster[];
  containerInstances?: readonly EcsContainerInstance[];
}

const byKey = <T>(items: readonly T[] | undefined, key: (item: T) => string | undefined) =>
  items &&
  new Map(items.flatMap((item) => (key(item) ? [[key(item) as string, item] as const] : [])));

/**
 * The EC2 section for the in-scope services (undefined: ECS services were not collected). With
 * `exempt` (the region's tag sweep), `vpcs` holds those of the VPCs whose endpoints are described
 * that carry the exemption tag key (tag exemptions of the VPC check's findings).
 */
export const collectEc2 = async (
  context: RegionContext,
  inputs: Ec2Inputs,
  need: SectionFilter = () => true,
  options: { exempt?: ExemptSweep } = {},
): Promise<Ec2Section | undefined> => {
  const { services, containerInstances } = inputs;
  if (!services) return undefined;
  const subnetIds = unique(services.flatMap(subnetIdsOfService));
  const instanceIds =
    containerInstances &&
    unique(
      containerInstances
        .filter(isHostingContainerInstance)
        .flatMap((ci) => (ci.ec2InstanceId ? [ci.ec2InstanceId] : [])),
    );
  const [subnets, instances] = await Promise.all([
    need('ec2.subnets') ? describeSubnets(context, subnetIds) : undefined,
    instanceIds && need('ec2.instances') ? describeInstances(context, instanceIds) : undefined,
  ]);
  if (!need('ec2.vpcEndpoints')) return { subnets, instances };
  const placement = placeServicesInVpcs({
    services,
    clusters: byKey(inputs.clusters, (c) => c.clusterArn),
    containerInstances,
    subnets: byKey(subnets, (s) => s.SubnetId),
    instances: byKey(instances, (i) => i.InstanceId),
  });
  const vpcIds = placement.vpcs.map((v) => v.vpcId);
  const [vpcEndpoints, vpcs] = await Promise.all([
    describeVpcEndpoints(context, vpcIds),
    options.exempt ? exemptVpcs(vpcIds, options.exempt) : undefined,
  ]);
  return { vpcEndpoints, subnets, instances, vpcs };
};
