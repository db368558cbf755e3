// The account snapshot: every item is the object the AWS SDK v3 returns, with Date fields as
// ISO-8601 strings (as JSON.stringify writes them). A missing section means "not collected";
// an empty array means "none exist".
import type { CertificateDetail } from '@aws-sdk/client-acm';
import type {
  MeshData,
  TagRef,
  VirtualGatewayData,
  VirtualNodeData,
} from '@aws-sdk/client-app-mesh';
import type { Instance, Subnet, Vpc, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { Cluster, ContainerInstance, Service, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import type {
  LoadBalancerDescription,
  PolicyDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import type {
  Certificate,
  Tag as ElbSdkTag,
  Listener,
  LoadBalancer,
  Rule,
  SslPolicy,
  TargetGroup,
  TrustStore,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DescribeSecretResponse } from '@aws-sdk/client-secrets-manager';
import type { ParameterMetadata } from '@aws-sdk/client-ssm';
import type {
  GetRuleResponse,
  GetTargetGroupResponse,
  ListenerSummary,
  RuleAction,
} from '@aws-sdk/client-vpc-lattice';

export const SNAPSHOT_FORMAT = 'ecs-encryption-scanner/snapshot@2';
/** Files of the first format, read by migration (lib/snapshot/load.ts): they do not record failures. */
export const SNAPSHOT_FORMAT_V1 = 'ecs-encryption-scanner/snapshot@1';

/** An SDK shape as it is after a JSON round trip: Dates become strings, `$metadata` goes. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T as K extends '$metadata' ? never : K]: Jsonified<T[K]> }
      : T;

export type EcsCluster = Jsonified<Cluster>;
export type EcsService = Jsonified<Service>;
/** DescribeTaskDefinition's `taskDefinition`, with its `tags` (include: ['TAGS']) beside its fields. */
export type EcsTaskDefinition = Jsonified<TaskDefinition> & { tags?: Jsonified<Tag>[] };
export type EcsContainerInstance = Jsonified<ContainerInstance>;
export type ElbLoadBalancer = Jsonified<LoadBalancer>;
export type ElbListener = Jsonified<Listener>;
export type ElbCertificate = Jsonified<Certificate>;
export type ElbRule = Jsonified<Rule>;
export type ElbTargetGroup = Jsonified<TargetGroup>;
export type ElbSslPolicy = Jsonified<SslPolicy>;
/** A DescribeTrustStores trust store (ALB mutual TLS). */
export type ElbTrustStore = Jsonified<TrustStore>;
/** A DescribeTags tag: `{ Key, Value }`. */
export type ElbTag = Jsonified<ElbSdkTag>;
/** A Classic Load Balancer (ELB API 2012-06-01 DescribeLoadBalancers). */
export type ClassicLoadBalancer = Jsonified<LoadBalancerDescription>;
/** A Classic Load Balancer policy (DescribeLoadBalancerPolicies), with its attributes. */
export type ClassicPolicy = Jsonified<PolicyDescription>;
/**
 * A VPC Lattice target group (GetTargetGroup, or a ListTargetGroups summary spelt alike, without
 * `config.protocolVersion` and `config.healthCheck`): `config.protocol` HTTP/HTTPS/TCP, `serviceArns`.
 */
export type LatticeTargetGroup = Jsonified<GetTargetGroupResponse>;
/** A VPC Lattice listener as ListListeners returns it: `protocol` HTTP/HTTPS/TLS_PASSTHROUGH. */
export type LatticeListener = Jsonified<ListenerSummary>;
/** A listener's or rule's action: `forward.targetGroups[].targetGroupIdentifier`, or a fixed response. */
export type LatticeRuleAction = Jsonified<RuleAction>;
/** A VPC Lattice listener rule (GetRule), with its action. */
export type LatticeRule = Jsonified<GetRuleResponse>;
export type Ec2VpcEndpoint = Jsonified<VpcEndpoint>;
export type Ec2Subnet = Jsonified<Subnet>;
export type Ec2Instance = Jsonified<Instance>;
/** DescribeVpcs' VPC, with its `Tags`. */
export type Ec2Vpc = Jsonified<Vpc>;
export type AppMeshMesh = Jsonified<MeshData>;
export type AppMeshVirtualNode = Jsonified<VirtualNodeData>;
export type AppMeshVirtualGateway = Jsonified<VirtualGatewayData>;
/** A ListTagsForResource tag: `{ key, value }`. */
export type AppMeshTag = Jsonified<TagRef>;
export type AcmCertificate = Jsonified<CertificateDetail>;
export type SsmParameter = Jsonified<ParameterMetadata>;
export type SecretsManagerSecret = Jsonified<DescribeSecretResponse>;

/**
 * `valueVerdict` of a container environment entry (`{ name, valueVerdict }`) in a snapshot written
 * without values (lib/evaluate/secrets/redact.ts): what the checks derive from the value, which is left out.
 */
export interface EnvironmentValueVerdict {
  /** Empty or white space: the checks skip it. */
  blank: boolean;
  /** The credential detector's rule names (lib/evaluate/secrets/credentials.ts), never matched text. */
  credentialKinds: string[];
  /** A URL with a password in its user info (`urlHasPassword`). */
  urlWithPassword: boolean;
  /** A secret judging by the name or the content (`looksLikeSecretVariable`). */
  secretByNameOrContent: boolean;
}

export interface EcsSection {
  clusters?: EcsCluster[];
  services?: EcsService[];
  taskDefinitions?: EcsTaskDefinition[];
  containerInstances?: EcsContainerInstance[];
}

export interface Elbv2Section {
  loadBalancers?: ElbLoadBalancer[];
  listeners?: ElbListener[];
  /** DescribeListenerCertificates, keyed by listener ARN. */
  listenerCertificates?: Record<string, ElbCertificate[]>;
  /** DescribeRules, keyed by listener ARN. */
  rules?: Record<string, ElbRule[]>;
  targetGroups?: ElbTargetGroup[];
  sslPolicies?: ElbSslPolicy[];
  /** DescribeTrustStores of the trust stores that listeners verify client certificates with. */
  trustStores?: ElbTrustStore[];
  /**
   * The tags of those of the load balancers and target groups above that carry the exemption tag
   * key (GetResources; older snapshots: DescribeTags of all of them), keyed by ARN.
   */
  tags?: Record<string, ElbTag[]>;
}

/** Classic Load Balancers (ELB API 2012-06-01): those in-scope services name. */
export interface ElbSection {
  loadBalancers?: ClassicLoadBalancer[];
  /** DescribeLoadBalancerPolicies of each load balancer above with an HTTPS/SSL listener, keyed by its name. */
  policies?: Record<string, ClassicPolicy[]>;
}

/**
 * VPC Lattice: the target groups in-scope services register with (their deployments'
 * `vpcLatticeConfigurations`), the listeners of the Lattice services those target groups serve,
 * and, for the listeners that accept plain HTTP (or an unknown protocol) only, where they forward.
 */
export interface VpcLatticeSection {
  /** Each target group in-scope services name (ListTargetGroups, or GetTargetGroup). */
  targetGroups?: LatticeTargetGroup[];
  /** ListListeners, keyed by the Lattice service ARN (a target group's `serviceArns`). */
  listeners?: Record<string, LatticeListener[]>;
  /** GetListener's `defaultAction`, keyed by listener ARN: the listeners not HTTPS or TLS_PASSTHROUGH. */
  defaultActions?: Record<string, LatticeRuleAction>;
  /**
   * GetRule of every non-default rule (ListRules), keyed by listener ARN: the listeners of
   * `defaultActions` whose default action does not already forward to every in-scope target group
   * of their service.
   */
  rules?: Record<string, LatticeRule[]>;
}

export interface Ec2Section {
  vpcEndpoints?: Ec2VpcEndpoint[];
  subnets?: Ec2Subnet[];
  instances?: Ec2Instance[];
  /**
   * Those of the VPCs hosting in-scope services that carry the exemption tag key, with their tags
   * (GetResources; older snapshots: DescribeVpcs of all of them).
   */
  vpcs?: Ec2Vpc[];
}

export interface AppMeshSection {
  meshes?: AppMeshMesh[];
  virtualNodes?: AppMeshVirtualNode[];
  virtualGateways?: AppMeshVirtualGateway[];
  /**
   * The tags of those of the meshes, nodes and gateways above that carry the exemption tag key
   * (GetResources; older snapshots: ListTagsForResource of all of them), keyed by ARN.
   */
  tags?: Record<string, AppMeshTag[]>;
}

export interface RegionSnapshot {
  ecs?: EcsSection;
  elbv2?: Elbv2Section;
  elb?: ElbSection;
  vpcLattice?: VpcLatticeSection;
  ec2?: Ec2Section;
  appmesh?: AppMeshSection;
  acm?: { certificates?: AcmCertificate[] };
  ssm?: {
    parameters?: SsmParameter[];
    /**
     * DescribeParameters in other regions, keyed by region: the parameters there that this region's
     * task definitions name by ARN (DescribeParameters answers no region). Absent: none asked.
     */
    otherRegionParameters?: Record<string, SsmParameter[]>;
  };
  secretsManager?: { secrets?: SecretsManagerSecret[] };
}

/**
 * The APIs the collectors call (the emulator's `calls()` keys): AWS signing names, but for `elb`,
 * the Classic Load Balancer API (2012-06-01), which signs and authorizes as `elasticloadbalancing`
 * like ELBv2 (2015-12-01) yet has operations of the same names, and a throttle bucket, of its own.
 */
export const COLLECTED_SERVICES = [
  'ecs',
  'elasticloadbalancing',
  'elb',
  'vpc-lattice',
  'ec2',
  'appmesh',
  'acm',
  'ssm',
  'secretsmanager',
  'tagging',
  'sts',
] as const;
export type CollectedService = (typeof COLLECTED_SERVICES)[number];

/** A call that still failed after retries when the snapshot was taken (CollectionFailure). */
export interface SnapshotFailure {
  region: string;
  service: CollectedService;
  /** The API operation, e.g. `DescribeTaskDefinition`. */
  operation: string;
  /** The AWS error code (`AccessDeniedException`, `ThrottlingException`) or the network error (`ECONNRESET`). */
  errorCode: string;
  /** How many calls failed this way. */
  count: number;
  /** The items the failed calls described; absent: a listing (the whole section is incomplete). */
  items?: string[];
}

/**
 * Calls that still failed after the SDK's retries, aggregated by region, service, operation and
 * error: the snapshot's own record of them (`items`: what each failed call described; absent: a
 * listing, which leaves its sections incomplete as a whole, lib/publish/scope.ts).
 */
export type CollectionFailure = SnapshotFailure;

/** Items a describe call answered do not exist (not a failure: they are left out, as gone). */
export interface ItemAbsence {
  region: string;
  service: CollectedService;
  operation: string;
  /** The answer, e.g. `ResourceNotFoundException`. */
  errorCode: string;
  items: string[];
}

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  accountId: string;
  partition: string;
  regions: Record<string, RegionSnapshot>;
  /** Calls that failed while it was collected; absent in memory: none. Files always have it. */
  failures?: SnapshotFailure[];
  /** Items answered "does not exist" while it was collected; absent: none. */
  absent?: ItemAbsence[];
  /** Read from a snapshot@1 file, which does not say which calls failed. */
  failuresUnknown?: true;
}
