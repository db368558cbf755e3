// Tag exemptions: `ecs-encryption-scanner:exempt` lists the check IDs (or `*`) a resource is exempt
// from, `…:exempt-reason` says why (required), `…:exempt-until` until when (YYYY-MM-DD, optional).

import { EXEMPT_TAG } from '../../snapshot/sections.ts';
import type { RegionSnapshot } from '../../snapshot/types.ts';
import { vpcResource } from '../inventory/resources.ts';
import { type ExemptionProblem, type ExemptionRule, isIsoDate } from './model.ts';

export { EXEMPT_TAG };
export const EXEMPT_REASON_TAG = 'ecs-encryption-scanner:exempt-reason';
export const EXEMPT_UNTIL_TAG = 'ecs-encryption-scanner:exempt-until';

export interface Tag {
  key: string;
  value: string;
}

/** A check ID as the registry spells them: named in a problem; anything else is only counted. */
const CHECK_ID = /^[a-z0-9_]{1,80}$/;

/**
 * The exemption one resource's tags declare, and what is wrong with it. A rule is returned only
 * when it has a reason, a valid expiry (if any) and at least one known check ID.
 */
export const parseTagExemption = (
  tags: readonly Tag[],
  resourceArn: string,
  region: string,
  knownCheckIds: ReadonlySet<string>,
): { rule?: ExemptionRule; problems: ExemptionProblem[] } => {
  const value = (key: string) => tags.find((t) => t.key === key)?.value;
  const exempt = value(EXEMPT_TAG);
  if (exempt === undefined) return { problems: [] };
  const problems: ExemptionProblem[] = [];
  const report = (problem: string, checkIds?: readonly string[] | '*') =>
    problems.push({
      source: 'tag',
      region,
      resource: resourceArn,
      problem,
      ...(checkIds ? { checkIds } : {}),
    });

  const ids = exempt.split(/[\s,]+/).filter(Boolean);
  const unknown = ids.filter((id) => id !== '*' && !knownCheckIds.has(id));
  const known = ids.filter((id) => knownCheckIds.has(id));
  const all = ids.includes('*');
  if (ids.length === 0) report(`tag ${EXEMPT_TAG} lists no check ID: list check IDs or *.`);
  if (unknown.length > 0) {
    const named = unknown.filter((id) => CHECK_ID.test(id));
    const others = unknown.length - named.length;
    const list = [...named, ...(others ? [`${others} malformed`] : [])].join(', ');
    report(
      `tag ${EXEMPT_TAG} names unknown check IDs (${list}): they exempt nothing; see docs/checks.md.`,
    );
  }
  // The checks a reason or a date would have exempted: their FAILED results say why they are not.
  const meant = all ? '*' : known.length > 0 ? known : undefined;
  const reason = value(EXEMPT_REASON_TAG)?.trim();
  if (!reason) {
    report(
      `tag ${EXEMPT_TAG} has no ${EXEMPT_REASON_TAG} tag: the exemption is not applied until it says why.`,
      meant,
    );
  }
  const until = value(EXEMPT_UNTIL_TAG)?.trim();
  const badDate = until !== undefined && !isIsoDate(until);
  if (badDate) {
    report(
      `tag ${EXEMPT_UNTIL_TAG} is not a date YYYY-MM-DD: the exemption is not applied.`,
      meant,
    );
  }
  if (!reason || badDate || (!all && known.length === 0)) return { problems };
  return {
    rule: {
      source: 'tag',
      checkIds: all ? '*' : known,
      resource: resourceArn,
      reason,
      ...(until ? { expires: until } : {}),
    },
    problems,
  };
};

interface AwsTag {
  Key?: string;
  Value?: string;
}
interface LowerTag {
  key?: string;
  value?: string;
}

const fromAws = (tags: readonly AwsTag[] | undefined): Tag[] =>
  (tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
const fromLower = (tags: readonly LowerTag[] | undefined): Tag[] =>
  (tags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' }));

/**
 * Every tagged resource of one region that can carry an exemption, keyed by ARN: task definitions,
 * services, secrets, load balancers and target groups, VPCs and App Mesh resources.
 */
export const tagsByArn = (
  data: RegionSnapshot,
  context: { partition: string; region: string; accountId: string },
): Map<string, Tag[]> => {
  const region = data;
  const index = new Map<string, Tag[]>();
  const add = (arn: string | undefined, tags: Tag[]) => {
    if (arn && tags.length > 0) index.set(arn, tags);
  };
  for (const td of region.ecs?.taskDefinitions ?? []) add(td.taskDefinitionArn, fromLower(td.tags));
  for (const service of region.ecs?.services ?? [])
    add(service.serviceArn, fromLower(service.tags));
  for (const secret of region.secretsManager?.secrets ?? []) add(secret.ARN, fromAws(secret.Tags));
  for (const [arn, tags] of Object.entries(region.elbv2?.tags ?? {})) add(arn, fromAws(tags));
  for (const [arn, tags] of Object.entries(region.appmesh?.tags ?? {})) add(arn, fromLower(tags));
  for (const vpc of region.ec2?.vpcs ?? []) {
    // The ARN the VPC check's results carry.
    if (vpc.VpcId) add(vpcResource(vpc.VpcId, context).arn, fromAws(vpc.Tags));
  }
  return index;
};
