// The sections of a region's snapshot. A missing one was not collected.
import type { RegionSnapshot } from './types.ts';
export const SNAPSHOT_SECTIONS = {
  ecs: ['clusters', 'services', 'taskDefinitions', 'containerInstances'],
  elbv2: [
    'loadBalancers',
    'listeners',
    'listenerCertificates',
    'rules',
    'targetGroups',
    'sslPolicies',
    'trustStores',
    'tags',
  ],
  elb: ['loadBalancers', 'policies'],
  vpcLattice: ['targetGroups', 'listeners', 'defaultActions', 'rules'],
  ec2: ['vpcEndpoints', 'subnets', 'instances', 'vpcs'],
  appmesh: ['meshes', 'virtualNodes', 'virtualGateways', 'tags'],
  acm: ['certificates'],
  ssm: ['parameters'],
  secretsManager: ['secrets'],
} as const;

type Sections = typeof SNAPSHOT_SECTIONS;
/** `ecs.services`, `elbv2.rules`, … */
export type SnapshotSection = {
  [S in keyof Sections]: `${S}.${Sections[S][number]}`;
}[keyof Sections];

export const ALL_SECTIONS: readonly SnapshotSection[] = Object.entries(SNAPSHOT_SECTIONS).flatMap(
  ([service, sections]) => sections.map((s) => `${service}.${s}` as SnapshotSection),
);

/** The tag key that exempts a resource's findings (lib/evaluate/exemptions/tags.ts reads it). */
export const EXEMPT_TAG = 'ecs-encryption-scanner:exempt';

/**
 * Sections only tag exemptions read (resource tags, and the VPCs for theirs): no check lists them in
 * its `inputs`, so a failure to collect them never makes a check NOT_AVAILABLE; without them,
 * no resource is exempt.
 */
export const EXEMPTION_TAG_SECTIONS = [
  'elbv2.tags',
  'ec2.vpcs',
  'appmesh.tags',
] as const satisfies readonly SnapshotSection[];

/**
 * The kinds of resource whose exemption tags each tag section holds (a load balancer's tags exempt
 * its listeners too): while one could not be read, findings of those kinds may be exempt or not.
 */
export const EXEMPTED_KINDS_OF_TAG_SECTION: Record<
  (typeof EXEMPTION_TAG_SECTIONS)[number],
  readonly string[]
> = {
  'elbv2.tags': ['loadBalancer', 'listener', 'targetGroup'],
  'ec2.vpcs': ['vpc'],
  'appmesh.tags': ['mesh', 'virtualNode', 'virtualGateway'],
};

/** Sections keyed by ARN (or listener ARN) rather than lists. */
const KEYED_SECTIONS: ReadonlySet<string> = new Set([
  'elbv2.listenerCertificates',
  'elbv2.rules',
  'elbv2.tags',
  'elb.policies',
  'vpcLattice.listeners',
  'vpcLattice.defaultActions',
  'vpcLattice.rules',
  'appmesh.tags',
]);

/** A region in which every section was collected and nothing exists. */
export const emptyRegionSnapshot = (): RegionSnapshot =>
  Object.fromEntries(
    Object.entries(SNAPSHOT_SECTIONS).map(([service, sections]) => [
      service,
      Object.fromEntries(sections.map((s) => [s, KEYED_SECTIONS.has(`${service}.${s}`) ? {} : []])),
    ]),
  ) as RegionSnapshot;
