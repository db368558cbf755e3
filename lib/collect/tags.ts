// The resource tags that exempt findings (`ecs-encryption-scanner:exempt…`), with the fewest calls:
// one Resource Groups Tagging API GetResources sweep a region for the resources that carry the
// exemption tag key (any value), of the kinds whose describe calls return no tags (load balancers,
// target groups, VPCs, App Mesh resources) — usually one page, where DescribeTags, DescribeVpcs and
// App Mesh ListTagsForResource took a call per 20 ARNs, per page of VPCs and per mesh resource.
// ECS and Secrets Manager return their tags with the describe calls already made. A resource the
// sweep does not return has no exemption tag; one the snapshot did not describe is left out. When
// the sweep fails, no tag section is collected: nothing is exempt by tag, and as no check reads
// these sections, nothing turns NOT_AVAILABLE either (the publisher keeps their findings as they
// were, lib/publish/scope.ts).
import { paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { parseArn } from '../aws/arn.ts';
import { EXEMPT_TAG } from '../snapshot/sections.ts';
import type {
  AppMeshSection,
  AppMeshTag,
  Ec2Vpc,
  ElbTag,
  Elbv2Section,
} from '../snapshot/types.ts';
import { attempt, pages } from './call.ts';
import { jsonify, unique } from './json.ts';
import type { CollectedService, RegionContext } from './types.ts';

/** GetResources' largest page (API Reference: ResourcesPerPage 1–100). */
const TAGGING_PAGE = 100;

/** The calls made only for tag exemptions (their failures exempt nothing, and hide nothing). */
export const isTagOperation = (service: CollectedService, operation: string): boolean =>
  service === 'tagging' && operation === 'GetResources';

/** The kinds of resource a sweep asks for (GetResources ResourceTypeFilters: `service[:type]`). */
export interface TaggedKinds {
  loadBalancers: boolean;
  vpcs: boolean;
  appMesh: boolean;
}

const typeFilters = (kinds: TaggedKinds): string[] => [
  ...(kinds.loadBalancers
    ? ['elasticloadbalancing:loadbalancer', 'elasticloadbalancing:targetgroup']
    : []),
  ...(kinds.vpcs ? ['ec2:vpc'] : []),
  // Virtual nodes and gateways are `mesh/…` resources too: the service alone takes them all.
  ...(kinds.appMesh ? ['appmesh'] : []),
];

/** The resources that carry the exemption tag key, with all their tags, keyed by ARN. */
export type ExemptResources = ReadonlyMap<string, ElbTag[]>;

/**
 * GetResources of the resources of these kinds that carry the exemption tag key, every page (pages
 * may come back short, or empty with a token: the SDK's paginator follows PaginationToken to its
 * end). Undefined when the sweep failed (recorded), or when no kind is asked for.
 */
export const getExemptResources = async (
  context: RegionContext,
  kinds: TaggedKinds,
): Promise<ExemptResources | undefined> => {
  const ResourceTypeFilters = typeFilters(kinds);
  if (ResourceTypeFilters.length === 0) return undefined;
  const outcome = await attempt(context, 'tagging', 'GetResources', async () =>
    (
      await pages(
        paginateGetResources(
          { client: context.clients.tagging, pageSize: TAGGING_PAGE },
          { TagFilters: [{ Key: EXEMPT_TAG }], ResourceTypeFilters },
        ),
      )
    ).flatMap((page) => page.ResourceTagMappingList ?? []),
  );
  if (!outcome.ok) return undefined;
  return new Map(
    outcome.value.flatMap((mapping) =>
      mapping.ResourceARN ? [[mapping.ResourceARN, jsonify(mapping.Tags ?? [])] as const] : [],
    ),
  );
};

/** The region's sweep, made once, on first demand (a region that describes nothing makes none). */
export type ExemptSweep = () => Promise<ExemptResources | undefined>;

export const exemptSweep = (context: RegionContext, kinds: TaggedKinds): ExemptSweep => {
  let sweep: Promise<ExemptResources | undefined> | undefined;
  return () => {
    sweep ??= getExemptResources(context, kinds);
    return sweep;
  };
};

/** The tags of those of `arns` the sweep returned; undefined when it failed. */
const pick = async <T>(
  sweep: ExemptSweep,
  arns: readonly string[],
  convert: (tags: ElbTag[]) => T[],
): Promise<Record<string, T[]> | undefined> => {
  if (arns.length === 0) return {};
  const exempt = await sweep();
  return (
    exempt &&
    Object.fromEntries(
      unique(arns).flatMap((arn) => {
        const tags = exempt.get(arn);
        return tags ? [[arn, convert(tags)] as const] : [];
      }),
    )
  );
};

/** The load balancers and target groups an ELBv2 section described. */
export const elbTagArns = (section: Elbv2Section): string[] => [
  ...(section.loadBalancers ?? []).flatMap((lb) =>
    lb.LoadBalancerArn ? [lb.LoadBalancerArn] : [],
  ),
  ...(section.targetGroups ?? []).flatMap((tg) => (tg.TargetGroupArn ? [tg.TargetGroupArn] : [])),
];

/** The section with the exemption tags of what it described (unchanged when it described none). */
export const withElbTags = async (
  section: Elbv2Section,
  sweep: ExemptSweep,
): Promise<Elbv2Section> => {
  if (!section.loadBalancers && !section.targetGroups) return section;
  return { ...section, tags: await pick(sweep, elbTagArns(section), (tags) => tags) };
};

/** The meshes, virtual nodes and virtual gateways an App Mesh section described. */
export const appMeshTagArns = (section: AppMeshSection): string[] =>
  [
    ...(section.meshes ?? []),
    ...(section.virtualNodes ?? []),
    ...(section.virtualGateways ?? []),
  ].flatMap((item) => (item.metadata?.arn ? [item.metadata.arn] : []));

/** App Mesh's own spelling of a tag (ListTagsForResource), as the snapshot keeps it. */
const asAppMeshTags = (tags: ElbTag[]): AppMeshTag[] =>
  tags.map((tag) => ({ key: tag.Key, value: tag.Value }));

/** The section with the exemption tags of what it described (unchanged when it described none). */
export const withAppMeshTags = async (
  section: AppMeshSection,
  sweep: ExemptSweep,
): Promise<AppMeshSection> => {
  if (!section.meshes && !section.virtualNodes && !section.virtualGateways) return section;
  return { ...section, tags: await pick(sweep, appMeshTagArns(section), asAppMeshTags) };
};

/**
 * Those of these VPCs that carry the exemption tag key, each with its tags (`ec2.vpcs`); undefined
 * when the sweep failed. GetResources answers for the caller's account and region only: a VPC ARN
 * it returns is one of theirs.
 */
export const exemptVpcs = async (
  vpcIds: readonly string[],
  sweep: ExemptSweep,
): Promise<Ec2Vpc[] | undefined> => {
  if (vpcIds.length === 0) return [];
  const exempt = await sweep();
  if (!exempt) return undefined;
  const byId = new Map(
    [...exempt].flatMap(([arn, tags]) => {
      const parsed = parseArn(arn);
      return parsed?.service === 'ec2' && parsed.resource.startsWith('vpc/')
        ? [[parsed.resource.slice('vpc/'.length), tags] as const]
        : [];
    }),
  );
  return unique(vpcIds).flatMap((VpcId) => {
    const Tags = byId.get(VpcId);
    return Tags ? [{ VpcId, Tags }] : [];
  });
};
