// What a focused rescan collects instead of the whole region (lib/collect/targeted.ts): these
// services, the services of these clusters, the services that use these task definitions, target groups, load balancers, Classic load balancers or Lattice target groups, these
// meshes, and with `allServices` every service (the VPC check needs all the services of a VPC).
// The queue message validates it (lib/lambda/events/scanMessage.ts).
export interface ScanFocus {
  /** Cluster and service, each a name or an ARN. */
  services?: { cluster: string; service: string }[];
  /** Every service of these clusters (names or ARNs): a change to a cluster's configuration. */
  clusters?: string[];
  taskDefinitionArns?: string[];
  targetGroupArns?: string[];
  loadBalancerArns?: string[];
  /** Classic Load Balancers, by name: the services that name them. */
  classicLoadBalancerNames?: string[];
  /** VPC Lattice target groups: the services whose deployments' vpcLatticeConfigurations name them. */
  latticeTargetGroupArns?: string[];
  meshes?: { meshName: string; meshOwner?: string }[];
  allServices?: boolean;
}
