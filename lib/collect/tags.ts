// The resource tags that exempt findings (`ecs-encryption-scanner:exempt…`), with the fewest calls:
// ELBv2 DescribeTags 20 ARNs a call (load balancers and target groups mixed), App Mesh
// ListTagsForResource one resource at a time. ECS and Secrets Manager return their tags with the
// describe calls already made. A resource whose tags could not be read has no key: it is not
// exempt (fail closed); no check reads these sections, so a failure here makes nothing
// NOT_AVAILABLE.
import { paginateListTagsForResource } from '@aws-sdk/client-app-mesh';
import { DescribeTagsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AppMeshSection, AppMeshTag, ElbTag, Elbv2Section } from '../snapshot/types.ts';
import { attempt, isErrorNamed, type Outcome, orAbsent, pages, succeeded } from './call.ts';
import { chunk, jsonify, unique } from './json.ts';
import type { CollectedService, RegionContext } from './types.ts';

/** DescribeTags takes at most 20 resource ARNs a call. */
const ELB_ARNS_PER_CALL = 20;
/** ListTagsForResource's largest page (App Mesh API Reference: `limit` 1–50). */
const APP_MESH_TAGS_PAGE = 50;

/** Deleted since they were described: gone, not a failure. */
const ELB_NOT_FOUND = ['LoadBalancerNotFoundException', 'TargetGroupNotFoundException'];

/** The calls made only for tag exemptions (their failures exempt nothing, and hide nothing). */
export const isTagOperation = (service: CollectedService, operation: string): boolean =>
  (service === 'elasticloadbalancing' && operation === 'DescribeTags') ||
  (service === 'ec2' && operation === 'DescribeVpcs') ||
  (service === 'appmesh' && operation === 'ListTagsForResource');

type Tagged<T> = (readonly [arn: string, tags: T[]])[];

/**
 * The entries of the calls that succeeded; undefined when every call failed (the section shows
 * as not collected), `{}` when there was nothing to ask.
 */
const entriesUnlessAllFailed = <T>(
  outcomes: readonly Outcome<Tagged<T>>[],
): Record<string, T[]> | undefined =>
  outcomes.length > 0 && outcomes.every((o) => !o.ok)
    ? undefined
    : Object.fromEntries(succeeded(outcomes).flat());

const describeElbTagsOf = async (
  context: RegionContext,
  ResourceArns: string[],
): Promise<Tagged<ElbTag>> => {
  const out = await context.clients.elbv2.send(new DescribeTagsCommand({ ResourceArns }));
  return (out.TagDescriptions ?? []).flatMap((d) =>
    d.ResourceArn ? [[d.ResourceArn, jsonify(d.Tags ?? [])] as const] : [],
  );
};

/**
 * DescribeTags of these load balancers and target groups, 20 a call. A batch naming one that no
 * longer exists fails whole: its ARNs are then asked one by one, and the gone ones left out.
 */
export const describeElbTags = async (
  context: RegionContext,
  arns: readonly string[],
): Promise<Record<string, ElbTag[]> | undefined> => {
  const one = (arn: string) =>
    attempt(context, 'elasticloadbalancing', 'DescribeTags', () =>
      orAbsent(() => describeElbTagsOf(context, [arn]), ...ELB_NOT_FOUND),
    );
  const outcomes = await Promise.all(
    chunk(unique(arns), ELB_ARNS_PER_CALL).map(async (batch) => {
      if (batch.length === 1) return [await one(batch[0] as string)];
      const whole = await attempt(
        context,
        'elasticloadbalancing',
        'DescribeTags',
        () => describeElbTagsOf(context, batch),
        { record: (error) => !isErrorNamed(error, ...ELB_NOT_FOUND) },
      );
      if (whole.ok || !isErrorNamed(whole.error, ...ELB_NOT_FOUND)) return [whole];
      return Promise.all(batch.map(one));
    }),
  );
  return entriesUnlessAllFailed(outcomes.flat());
};

/** The load balancers and target groups an ELBv2 section described. */
export const elbTagArns = (section: Elbv2Section): string[] => [
  ...(section.loadBalancers ?? []).flatMap((lb) =>
    lb.LoadBalancerArn ? [lb.LoadBalancerArn] : [],
  ),
  ...(section.targetGroups ?? []).flatMap((tg) => (tg.TargetGroupArn ? [tg.TargetGroupArn] : [])),
];

/** The section with the tags of what it described (unchanged when neither list was collected). */
export const withElbTags = async (
  context: RegionContext,
  section: Elbv2Section,
): Promise<Elbv2Section> => {
  if (!section.loadBalancers && !section.targetGroups) return section;
  return { ...section, tags: await describeElbTags(context, elbTagArns(section)) };
};

/** ListTagsForResource of each resource, every page; one that no longer exists is left out. */
export const listAppMeshTags = async (
  context: RegionContext,
  arns: readonly string[],
): Promise<Record<string, AppMeshTag[]> | undefined> =>
  entriesUnlessAllFailed(
    await Promise.all(
      unique(arns).map((resourceArn) =>
        attempt(context, 'appmesh', 'ListTagsForResource', () =>
          orAbsent(async (): Promise<Tagged<AppMeshTag>> => {
            const tags = (
              await pages(
                paginateListTagsForResource(
                  { client: context.clients.appmesh, pageSize: APP_MESH_TAGS_PAGE },
                  { resourceArn },
                ),
              )
            ).flatMap((page) => page.tags ?? []);
            return [[resourceArn, jsonify(tags)]];
          }, 'NotFoundException'),
        ),
      ),
    ),
  );

/** The meshes, virtual nodes and virtual gateways an App Mesh section described. */
export const appMeshTagArns = (section: AppMeshSection): string[] =>
  [
    ...(section.meshes ?? []),
    ...(section.virtualNodes ?? []),
    ...(section.virtualGateways ?? []),
  ].flatMap((item) => (item.metadata?.arn ? [item.metadata.arn] : []));

/** The section with the tags of what it described (unchanged when nothing was collected). */
export const withAppMeshTags = async (
  context: RegionContext,
  section: AppMeshSection,
): Promise<AppMeshSection> => {
  if (!section.meshes && !section.virtualNodes && !section.virtualGateways) return section;
  return { ...section, tags: await listAppMeshTags(context, appMeshTagArns(section)) };
};
