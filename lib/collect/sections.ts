// Which snapshot sections a collection must fill: those the checks to run read (their `inputs`),
// and those the collectors need to get there (listeners need load balancers, which need target
// groups…). A scan of some checks (a focused rescan, `--checks`) makes no call that only the
// other checks need.
import type { SnapshotSection } from '../snapshot/sections.ts';

/** What collecting a section takes first. */
const PREREQUISITES: Partial<Record<SnapshotSection, readonly SnapshotSection[]>> = {
  'ecs.containerInstances': ['ecs.clusters'],
  'ec2.instances': ['ecs.containerInstances'],
  // Placing services in VPCs takes their subnets, container instances and clusters.
  'ec2.vpcEndpoints': ['ec2.subnets', 'ec2.instances', 'ecs.clusters'],
  'elbv2.loadBalancers': ['elbv2.targetGroups'],
  'elbv2.listeners': ['elbv2.loadBalancers'],
  'elbv2.listenerCertificates': ['elbv2.listeners'],
  'elbv2.rules': ['elbv2.listeners'],
  'elbv2.sslPolicies': ['elbv2.listeners'],
  'elbv2.trustStores': ['elbv2.listeners'],
  'elb.policies': ['elb.loadBalancers'],
  'vpcLattice.listeners': ['vpcLattice.targetGroups'],
  'vpcLattice.defaultActions': ['vpcLattice.targetGroups', 'vpcLattice.listeners'],
  'vpcLattice.rules': [
    'vpcLattice.targetGroups',
    'vpcLattice.listeners',
    'vpcLattice.defaultActions',
  ],
  'acm.certificates': ['elbv2.listeners', 'elbv2.listenerCertificates', 'elb.loadBalancers'],
  'ssm.parameters': ['ecs.taskDefinitions'],
  'secretsManager.secrets': ['ecs.taskDefinitions'],
  // The meshes in scope are those the in-scope task definitions point at (without allMeshes).
  'appmesh.meshes': ['ecs.taskDefinitions'],
  'appmesh.virtualNodes': ['ecs.taskDefinitions'],
  'appmesh.virtualGateways': ['ecs.taskDefinitions'],
};

export type SectionFilter = (section: SnapshotSection) => boolean;

/** Whether a section must be collected: every one when `wanted` is absent. */
export const sectionFilter = (wanted?: Iterable<SnapshotSection>): SectionFilter => {
  if (!wanted) return () => true;
  const needed = new Set<SnapshotSection>();
  const add = (section: SnapshotSection) => {
    if (needed.has(section)) return;
    needed.add(section);
    for (const prerequisite of PREREQUISITES[section] ?? []) add(prerequisite);
  };
  for (const section of wanted) add(section);
  return (section) => needed.has(section);
};
