// What one publish may touch: one account and region, some checks, optionally some resources —
// and which of those checks could not see everything (their findings are neither archived nor
// overwritten with NOT_AVAILABLE).
import type { Check } from '../../checks/types.ts';
import type { ScanResult } from '../evaluate.ts';
import { ALL_SECTIONS, type SnapshotSection } from '../snapshot/sections.ts';

export interface PublishScope {
  accountId: string;
  region: string;
  checkIds: readonly string[];
  /** A targeted rescan touches only these resources' findings; absent = every resource. */
  resourceArns?: readonly string[];
  /** Checks whose inputs were not fully collected here. */
  incompleteCheckIds: ReadonlySet<string>;
  /**
   * The scan gave a region-coverage result (lib/regionCoverage.ts) to every check with a section
   * not collected: a stored one without a result now is out of date, even for an incomplete check.
   */
  regionCoverage?: boolean;
}

/** The sections a failed API call leaves incomplete; an unknown operation counts against all. */
const SECTIONS_OF_OPERATION: Record<string, readonly SnapshotSection[]> = {
  'ecs:ListClusters': [
    'ecs.clusters',
    'ecs.services',
    'ecs.taskDefinitions',
    'ecs.containerInstances',
  ],
  'ecs:DescribeClusters': ['ecs.clusters'],
  'ecs:ListServices': ['ecs.services', 'ecs.taskDefinitions'],
  'ecs:DescribeServices': ['ecs.services', 'ecs.taskDefinitions'],
  'ecs:DescribeTaskDefinition': ['ecs.taskDefinitions'],
  'ecs:ListContainerInstances': ['ecs.containerInstances'],
  'ecs:DescribeContainerInstances': ['ecs.containerInstances'],
  'elasticloadbalancing:DescribeLoadBalancers': ['elbv2.loadBalancers', 'elbv2.listeners'],
  'elasticloadbalancing:DescribeListeners': ['elbv2.listeners'],
  'elasticloadbalancing:DescribeListenerCertificates': ['elbv2.listenerCertificates'],
  'elasticloadbalancing:DescribeRules': ['elbv2.rules'],
  'elasticloadbalancing:DescribeTargetGroups': [
    'elbv2.targetGroups',
    'elbv2.loadBalancers',
    'elbv2.listeners',
  ],
  'elasticloadbalancing:DescribeSSLPolicies': ['elbv2.sslPolicies'],
  // Tags only exempt findings: their failure leaves no check's input incomplete.
  'elasticloadbalancing:DescribeTags': ['elbv2.tags'],
  'ec2:DescribeVpcEndpoints': ['ec2.vpcEndpoints'],
  'ec2:DescribeSubnets': ['ec2.subnets'],
  'ec2:DescribeInstances': ['ec2.instances'],
  'ec2:DescribeVpcs': ['ec2.vpcs'],
  'appmesh:ListMeshes': [
    'appmesh.meshes',
    'appmesh.virtualNodes',
    'appmesh.virtualGateways',
    'appmesh.tags',
  ],
  'appmesh:DescribeMesh': ['appmesh.meshes'],
  'appmesh:ListVirtualNodes': ['appmesh.virtualNodes'],
  'appmesh:DescribeVirtualNode': ['appmesh.virtualNodes'],
  'appmesh:ListVirtualGateways': ['appmesh.virtualGateways'],
  'appmesh:DescribeVirtualGateway': ['appmesh.virtualGateways'],
  'appmesh:ListTagsForResource': ['appmesh.tags'],
  'acm:DescribeCertificate': ['acm.certificates'],
  'ssm:DescribeParameters': ['ssm.parameters'],
  'secretsmanager:DescribeSecret': ['secretsManager.secrets'],
};

export const sectionsAffectedBy = (
  service: string,
  operation: string,
): readonly SnapshotSection[] => SECTIONS_OF_OPERATION[`${service}:${operation}`] ?? ALL_SECTIONS;

/** Checks that, in `region`, read a section that was not collected or whose collection failed. */
export const incompleteChecks = (
  scan: ScanResult,
  checks: readonly Check[],
  region: string,
): Set<string> => {
  const incomplete = new Set<string>([
    ...scan.notCollected.filter((gap) => gap.region === region).map((gap) => gap.section),
    ...scan.collectionFailures
      .filter((failure) => failure.region === region)
      .flatMap((failure) => sectionsAffectedBy(failure.service, failure.operation)),
  ]);
  return new Set(
    checks
      .filter((check) => check.metadata.inputs.some((section) => incomplete.has(section)))
      .map((check) => check.metadata.id),
  );
};

export const publishScopes = (
  scan: ScanResult,
  checks: readonly Check[],
  resourceArns?: readonly string[],
): PublishScope[] =>
  scan.regions.map((region) => ({
    accountId: scan.accountId,
    region,
    checkIds: checks.map((c) => c.metadata.id),
    resourceArns,
    incompleteCheckIds: incompleteChecks(scan, checks, region),
    ...(scan.regionCoverage ? { regionCoverage: true } : {}),
  }));
