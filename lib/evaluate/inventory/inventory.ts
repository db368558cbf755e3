// The in-scope inventory of one account and region: what the checks judge. A field that is
// `undefined` was not collected; an empty array or map means none exist.
import type { ScanConfig } from '../../config.ts';
import { appMeshTargetsOf } from '../../snapshot/appMesh.ts';
import {
  classicLoadBalancerNamesOfServices,
  isServiceInScope,
  latticeTargetGroupArnsOfServices,
  loadBalancerArnsOfTargetGroups,
  targetGroupArnsOfServices,
  uniqueTaskDefinitionArns,
} from '../../snapshot/scope.ts';
import type {
  AcmCertificate,
  AppMeshMesh,
  AppMeshVirtualGateway,
  AppMeshVirtualNode,
  ClassicLoadBalancer,
  ClassicPolicy,
  Ec2Instance,
  Ec2Subnet,
  Ec2VpcEndpoint,
  EcsCluster,
  EcsContainerInstance,
  EcsService,
  EcsTaskDefinition,
  ElbCertificate,
  ElbListener,
  ElbLoadBalancer,
  ElbRule,
  ElbSslPolicy,
  ElbTargetGroup,
  ElbTrustStore,
  LatticeListener,
  LatticeRule,
  LatticeRuleAction,
  LatticeTargetGroup,
  RegionSnapshot,
  SecretsManagerSecret,
  Snapshot,
  SsmParameter,
} from '../../snapshot/types.ts';

/** An in-scope item known by its ARN; `data` is absent when it was not described. */
export interface Described<T> {
  arn: string;
  data?: T;
}

export interface Inventory {
  accountId: string;
  partition: string;
  region: string;
  services?: EcsService[];
  clusters?: Map<string, EcsCluster>;
  taskDefinitions?: Described<EcsTaskDefinition>[];
  containerInstances?: EcsContainerInstance[];
  subnets?: Map<string, Ec2Subnet>;
  instances?: Map<string, Ec2Instance>;
  vpcEndpoints?: Ec2VpcEndpoint[];
  loadBalancers?: ElbLoadBalancer[];
  listeners?: ElbListener[];
  listenerCertificates?: Record<string, ElbCertificate[]>;
  rules?: Record<string, ElbRule[]>;
  targetGroups?: Described<ElbTargetGroup>[];
  sslPolicies?: Map<string, ElbSslPolicy>;
  trustStores?: Map<string, ElbTrustStore>;
  /** The Classic Load Balancers in-scope services name (allLoadBalancers does not widen them). */
  classicLoadBalancers?: ClassicLoadBalancer[];
  /** DescribeLoadBalancerPolicies, keyed by Classic load balancer name. */
  classicPolicies?: Record<string, ClassicPolicy[]>;
  /** The VPC Lattice target groups in-scope services register with; `data` absent: not read. */
  latticeTargetGroups?: Described<LatticeTargetGroup>[];
  /** ListListeners, keyed by Lattice service ARN. */
  latticeListeners?: Record<string, LatticeListener[]>;
  /** GetListener's default action, keyed by listener ARN (listeners not HTTPS or TLS_PASSTHROUGH). */
  latticeDefaultActions?: Record<string, LatticeRuleAction>;
  /** GetRule of the non-default rules, keyed by listener ARN. */
  latticeRules?: Record<string, LatticeRule[]>;
  meshes?: AppMeshMesh[];
  virtualNodes?: AppMeshVirtualNode[];
  virtualGateways?: AppMeshVirtualGateway[];
  certificates?: Map<string, AcmCertificate>;
  parameters?: SsmParameter[];
  /** Parameters of other regions that task definitions here name by ARN, keyed by region. */
  otherRegionParameters?: Record<string, SsmParameter[]>;
  secrets?: SecretsManagerSecret[];
  /**
   * Credential formats recognized in environment values, keyed by `credentialKey(name, value)`.
   * Filled by `detectCredentials` before evaluation; holds rule names, never matched text.
   */
  credentialKinds: Map<string, string[]>;
}

export const credentialKey = (name: string, value: string): string => `${name}\u0000${value}`;

const byKey = <T>(items: readonly T[] | undefined, key: (item: T) => string | undefined) =>
  items &&
  new Map(items.flatMap((item) => (key(item) ? [[key(item) as string, item] as const] : [])));

/** What the inventory reads of the scan options; `allMeshes` absent: off. */
export type InventoryConfig = Pick<ScanConfig, 'allLoadBalancers'> &
  Partial<Pick<ScanConfig, 'allMeshes'>>;

type MeshItem = { meshName?: string; metadata?: { meshOwner?: string } };

/**
 * The App Mesh items in scope: every one with allMeshes, else those of the meshes the in-scope
 * task definitions point at (undefined while those are unknown). A described task definition
 * names its meshes; one not described names none that could be judged from it.
 */
const meshFilter = (
  context: { accountId: string; region: string },
  taskDefinitions: readonly Described<EcsTaskDefinition>[] | undefined,
  collected: boolean,
  config: InventoryConfig,
): ((item: MeshItem) => boolean) | undefined => {
  if (config.allMeshes) return () => true;
  if (!taskDefinitions || (taskDefinitions.length > 0 && !collected)) return undefined;
  const inScope = new Set(
    appMeshTargetsOf(taskDefinitions.flatMap(({ data }) => (data ? [data] : [])))
      .filter((t) => t.region === undefined || t.region === context.region)
      .map((t) => `${t.meshOwner ?? context.accountId}/${t.meshName}`),
  );
  return (item) =>
    inScope.has(`${item.metadata?.meshOwner ?? context.accountId}/${item.meshName ?? ''}`);
};

const describe = <T>(arns: readonly string[], index: Map<string, T> | undefined): Described<T>[] =>
  arns.map((arn) => ({ arn, data: index?.get(arn) }));

export const buildInventory = (
  context: { accountId: string; partition: string; region: string },
  data: RegionSnapshot,
  config: InventoryConfig,
): Inventory => {
  const services = data.ecs?.services?.filter(isServiceInScope);
  const taskDefinitionIndex = byKey(data.ecs?.taskDefinitions, (td) => td.taskDefinitionArn);
  const targetGroupIndex = byKey(data.elbv2?.targetGroups, (tg) => tg.TargetGroupArn);

  const targetGroups = services && describe(targetGroupArnsOfServices(services), targetGroupIndex);
  const loadBalancers = (() => {
    const all = data.elbv2?.loadBalancers;
    if (!all || config.allLoadBalancers) return all;
    // Which load balancers are in scope is only known from the target groups' LoadBalancerArns.
    if (!targetGroups || (targetGroups.length > 0 && !targetGroupIndex)) return undefined;
    const inScope = new Set(
      loadBalancerArnsOfTargetGroups(targetGroups.flatMap((tg) => (tg.data ? [tg.data] : []))),
    );
    return all.filter((lb) => inScope.has(lb.LoadBalancerArn ?? ''));
  })();
  const taskDefinitions =
    services && describe(uniqueTaskDefinitionArns(services), taskDefinitionIndex);
  const inMeshScope = meshFilter(context, taskDefinitions, Boolean(taskDefinitionIndex), config);
  const meshItems = <T extends MeshItem>(items: T[] | undefined) =>
    inMeshScope && items?.filter(inMeshScope);
  const classicNames = services && new Set(classicLoadBalancerNamesOfServices(services));
  const classicLoadBalancers =
    classicNames &&
    data.elb?.loadBalancers?.filter((lb) => classicNames.has(lb.LoadBalancerName ?? ''));
  const latticeIndex = byKey(data.vpcLattice?.targetGroups, (tg) => tg.arn);
  const latticeTargetGroups =
    services && describe(latticeTargetGroupArnsOfServices(services), latticeIndex);
  const loadBalancerArns = new Set(loadBalancers?.map((lb) => lb.LoadBalancerArn));
  const listeners =
    loadBalancers && data.elbv2?.listeners?.filter((l) => loadBalancerArns.has(l.LoadBalancerArn));

  return {
    ...context,
    services,
    clusters: byKey(data.ecs?.clusters, (c) => c.clusterArn),
    taskDefinitions,
    containerInstances: data.ecs?.containerInstances,
    subnets: byKey(data.ec2?.subnets, (s) => s.SubnetId),
    instances: byKey(data.ec2?.instances, (i) => i.InstanceId),
    vpcEndpoints: data.ec2?.vpcEndpoints,
    loadBalancers,
    listeners,
    listenerCertificates: data.elbv2?.listenerCertificates,
    rules: data.elbv2?.rules,
    targetGroups,
    sslPolicies: byKey(data.elbv2?.sslPolicies, (p) => p.Name),
    trustStores: byKey(data.elbv2?.trustStores, (t) => t.TrustStoreArn),
    classicLoadBalancers,
    classicPolicies: data.elb?.policies,
    latticeTargetGroups,
    latticeListeners: data.vpcLattice?.listeners,
    latticeDefaultActions: data.vpcLattice?.defaultActions,
    latticeRules: data.vpcLattice?.rules,
    meshes: meshItems(data.appmesh?.meshes),
    virtualNodes: meshItems(data.appmesh?.virtualNodes),
    virtualGateways: meshItems(data.appmesh?.virtualGateways),
    certificates: byKey(data.acm?.certificates, (c) => c.CertificateArn),
    parameters: data.ssm?.parameters,
    otherRegionParameters: data.ssm?.otherRegionParameters,
    secrets: data.secretsManager?.secrets,
    credentialKinds: new Map(),
  };
};

export const buildInventories = (snapshot: Snapshot, config: InventoryConfig) =>
  Object.entries(snapshot.regions).map(([region, data]) =>
    buildInventory(
      { accountId: snapshot.accountId, partition: snapshot.partition, region },
      data,
      config,
    ),
  );
