// The in-scope inventory of one account and region: what the checks judge. A field that is
// `undefined` was not collected; an empty array or map means none exist.
import type { ScanConfig } from '../../config.ts';
import {
  isServiceInScope,
  loadBalancerArnsOfTargetGroups,
  targetGroupArnsOfServices,
  uniqueTaskDefinitionArns,
} from '../../snapshot/scope.ts';
import type {
  AcmCertificate,
  AppMeshMesh,
  AppMeshVirtualGateway,
  AppMeshVirtualNode,
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

const describe = <T>(arns: readonly string[], index: Map<string, T> | undefined): Described<T>[] =>
  arns.map((arn) => ({ arn, data: index?.get(arn) }));

export const buildInventory = (
  context: { accountId: string; partition: string; region: string },
  data: RegionSnapshot,
  config: Pick<ScanConfig, 'allLoadBalancers'>,
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
  const loadBalancerArns = new Set(loadBalancers?.map((lb) => lb.LoadBalancerArn));
  const listeners =
    loadBalancers && data.elbv2?.listeners?.filter((l) => loadBalancerArns.has(l.LoadBalancerArn));

  return {
    ...context,
    services,
    clusters: byKey(data.ecs?.clusters, (c) => c.clusterArn),
    taskDefinitions: services && describe(uniqueTaskDefinitionArns(services), taskDefinitionIndex),
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
    meshes: data.appmesh?.meshes,
    virtualNodes: data.appmesh?.virtualNodes,
    virtualGateways: data.appmesh?.virtualGateways,
    certificates: byKey(data.acm?.certificates, (c) => c.CertificateArn),
    parameters: data.ssm?.parameters,
    otherRegionParameters: data.ssm?.otherRegionParameters,
    secrets: data.secretsManager?.secrets,
    credentialKinds: new Map(),
  };
};

export const buildInventories = (
  snapshot: Snapshot,
  config: Pick<ScanConfig, 'allLoadBalancers'>,
) =>
  Object.entries(snapshot.regions).map(([region, data]) =>
    buildInventory(
      { accountId: snapshot.accountId, partition: snapshot.partition, region },
      data,
      config,
    ),
  );
