// What one publish may touch: one account and region, some checks, optionally some resources —
// and which of those checks could not see everything (their findings are neither archived nor
// overwritten with NOT_AVAILABLE).
import type { Check } from '../../checks/types.ts';
import type { CollectionFailure } from '../collect/types.ts';
import type { ScanResult } from '../evaluate.ts';
import {
  ALL_SECTIONS,
  EXEMPTED_KINDS_OF_TAG_SECTION,
  type SnapshotSection,
} from '../snapshot/sections.ts';

export interface PublishScope {
  accountId: string;
  region: string;
  checkIds: readonly string[];
  /** A targeted rescan touches only these resources' findings; absent = every resource. */
  resourceArns?: readonly string[];
  /** Completeness.incomplete: none of their findings is archived (lib/publish/plan.ts). */
  incompleteCheckIds: ReadonlySet<string>;
  /** Completeness.verdictUncertain: their stored findings stay as they were. Absent: none. */
  verdictUncertainCheckIds?: ReadonlySet<string>;
  /** Completeness.itemGaps. Absent: none. */
  itemGapCheckIds?: ReadonlySet<string>;
  /**
   * The scan gave a region-coverage result (lib/regionCoverage.ts) to every check with a section
   * not collected: a stored one without a result now is out of date, even for an incomplete check.
   */
  regionCoverage?: boolean;
}

/**
 * The sections a failed API call leaves incomplete; an unknown operation counts against all.
 * `items`: of those, the sections a failure that names its items (CollectionFailure.items) leaves
 * incomplete only item by item. The inventory keeps such an item as "not described" and the checks
 * judge it NOT_AVAILABLE, so the rest of the section is complete: its findings may be resolved and
 * archived. Every other section listed is incomplete as a whole (its listing may miss resources).
 */
const SECTIONS_OF_OPERATION: Record<
  string,
  { sections: readonly SnapshotSection[]; items?: readonly SnapshotSection[] }
> = {
  'ecs:ListClusters': {
    sections: ['ecs.clusters', 'ecs.services', 'ecs.taskDefinitions', 'ecs.containerInstances'],
  },
  'ecs:DescribeClusters': { sections: ['ecs.clusters'] },
  'ecs:ListServices': { sections: ['ecs.services', 'ecs.taskDefinitions'] },
  'ecs:DescribeServices': { sections: ['ecs.services', 'ecs.taskDefinitions'] },
  // An undescribed revision hides the secrets and parameters it references. Parameters are judged
  // through the revisions (NOT_AVAILABLE with it); secrets are judged one by one, so a secret only
  // it references would be missing from the results: that list is incomplete as a whole.
  'ecs:DescribeTaskDefinition': {
    sections: ['ecs.taskDefinitions', 'ssm.parameters', 'secretsManager.secrets'],
    items: ['ecs.taskDefinitions', 'ssm.parameters'],
  },
  'ecs:ListContainerInstances': { sections: ['ecs.containerInstances'] },
  'ecs:DescribeContainerInstances': { sections: ['ecs.containerInstances'] },
  'elasticloadbalancing:DescribeLoadBalancers': {
    sections: ['elbv2.loadBalancers', 'elbv2.listeners'],
  },
  'elasticloadbalancing:DescribeListeners': { sections: ['elbv2.listeners'] },
  // An undescribed certificate list hides the ACM certificates it names.
  'elasticloadbalancing:DescribeListenerCertificates': {
    sections: ['elbv2.listenerCertificates', 'acm.certificates'],
    items: ['elbv2.listenerCertificates'],
  },
  'elasticloadbalancing:DescribeRules': { sections: ['elbv2.rules'], items: ['elbv2.rules'] },
  'elasticloadbalancing:DescribeTargetGroups': {
    sections: ['elbv2.targetGroups', 'elbv2.loadBalancers', 'elbv2.listeners'],
  },
  'elasticloadbalancing:DescribeSSLPolicies': { sections: ['elbv2.sslPolicies'] },
  // Tags only exempt findings: their failure leaves no check's input incomplete.
  'elasticloadbalancing:DescribeTags': { sections: ['elbv2.tags'] },
  'ec2:DescribeVpcEndpoints': { sections: ['ec2.vpcEndpoints'] },
  'ec2:DescribeSubnets': { sections: ['ec2.subnets'] },
  'ec2:DescribeInstances': { sections: ['ec2.instances'] },
  'ec2:DescribeVpcs': { sections: ['ec2.vpcs'] },
  'appmesh:ListMeshes': {
    sections: ['appmesh.meshes', 'appmesh.virtualNodes', 'appmesh.virtualGateways', 'appmesh.tags'],
  },
  'appmesh:DescribeMesh': { sections: ['appmesh.meshes'] },
  'appmesh:ListVirtualNodes': { sections: ['appmesh.virtualNodes'] },
  'appmesh:DescribeVirtualNode': { sections: ['appmesh.virtualNodes'] },
  'appmesh:ListVirtualGateways': { sections: ['appmesh.virtualGateways'] },
  'appmesh:DescribeVirtualGateway': { sections: ['appmesh.virtualGateways'] },
  'appmesh:ListTagsForResource': { sections: ['appmesh.tags'] },
  'acm:DescribeCertificate': { sections: ['acm.certificates'], items: ['acm.certificates'] },
  'ssm:DescribeParameters': { sections: ['ssm.parameters'], items: ['ssm.parameters'] },
  'secretsmanager:DescribeSecret': {
    sections: ['secretsManager.secrets'],
    items: ['secretsManager.secrets'],
  },
};

/** `service:Operation` of every call the collectors make. */
export const COLLECTED_OPERATIONS: readonly string[] = Object.keys(SECTIONS_OF_OPERATION);

export const sectionsAffectedBy = (
  service: string,
  operation: string,
): readonly SnapshotSection[] =>
  SECTIONS_OF_OPERATION[`${service}:${operation}`]?.sections ?? ALL_SECTIONS;

/**
 * What a failure leaves incomplete: `whole` sections (their listings may miss resources), and
 * `items` sections (some named items undescribed, the rest complete).
 */
export const gapsOf = (
  failure: CollectionFailure,
): { whole: readonly SnapshotSection[]; items: readonly SnapshotSection[] } => {
  const known = SECTIONS_OF_OPERATION[`${failure.service}:${failure.operation}`];
  if (!known) return { whole: ALL_SECTIONS, items: [] };
  const items = failure.items?.length ? (known.items ?? []) : [];
  return { whole: known.sections.filter((s) => !items.includes(s)), items };
};

/** The checks of `checks` that read one of `sections`. */
const reading = (checks: readonly Check[], sections: ReadonlySet<string>): Check[] =>
  checks.filter((check) => check.metadata.inputs.some((section) => sections.has(section)));

const ids = (checks: readonly Check[]): Set<string> => new Set(checks.map((c) => c.metadata.id));

/** What a scan of one region could not see, check by check (the publish plan's input). */
export interface Completeness {
  /**
   * Checks reading a section that was not collected or whose listing may have missed resources
   * (or any section, when the scan does not know what failed: a snapshot@1 file): a finding of
   * theirs without a result may be of a resource not seen, so none is archived.
   */
  incomplete: Set<string>;
  /**
   * Checks whose results may differ from what complete data says although each judged resource
   * was seen: whole-region checks (CheckMetadata.judges) of an incomplete listing, and checks of
   * resources whose exemption tags could not be read. Their stored findings stay as they were.
   */
  verdictUncertain: Set<string>;
  /** Checks reading a section in which some named items could not be described. */
  itemGaps: Set<string>;
}

export const completenessIn = (
  scan: ScanResult,
  checks: readonly Check[],
  region: string,
): Completeness => {
  const whole = new Set<string>(
    scan.failuresUnknown
      ? ALL_SECTIONS
      : scan.notCollected.filter((gap) => gap.region === region).map((gap) => gap.section),
  );
  const items = new Set<string>();
  for (const failure of scan.collectionFailures.filter((f) => f.region === region)) {
    const gaps = gapsOf(failure);
    for (const section of gaps.whole) whole.add(section);
    for (const section of gaps.items) items.add(section);
  }
  const incomplete = reading(checks, whole);
  const untagged = new Set(
    Object.entries(EXEMPTED_KINDS_OF_TAG_SECTION).flatMap(([section, kinds]) =>
      whole.has(section) && (scan.exemptionTags ?? true) ? kinds : [],
    ),
  );
  return {
    incomplete: ids(incomplete),
    verdictUncertain: ids([
      ...incomplete.filter((check) => check.metadata.judges === 'region'),
      ...checks.filter((check) => untagged.has(check.metadata.resourceKind)),
    ]),
    itemGaps: ids(reading(checks, items)),
  };
};

/** Checks that, in `region`, read a section that was not collected or whose collection failed. */
export const incompleteChecks = (
  scan: ScanResult,
  checks: readonly Check[],
  region: string,
): Set<string> => completenessIn(scan, checks, region).incomplete;

export const publishScopes = (
  scan: ScanResult,
  checks: readonly Check[],
  resourceArns?: readonly string[],
): PublishScope[] =>
  scan.regions.map((region) => {
    const { incomplete, verdictUncertain, itemGaps } = completenessIn(scan, checks, region);
    return {
      accountId: scan.accountId,
      region,
      checkIds: checks.map((c) => c.metadata.id),
      resourceArns,
      incompleteCheckIds: incomplete,
      verdictUncertainCheckIds: verdictUncertain,
      itemGapCheckIds: itemGaps,
      ...(scan.regionCoverage ? { regionCoverage: true } : {}),
    };
  });
