// Synthetic account snapshots of any size, deterministic from a seed: ECS clusters (Fargate and EC2
// with container instances), services (rolling deployments, draining ones, Service Connect,
// confidential ones), task definitions (secrets in the environment, static AWS keys, Secrets
// Manager / SSM references, EFS volumes), load balancers with listeners, rules, certificates and
// target groups, App Mesh meshes (each served by the Envoy sidecar of some in-scope task
// definition), subnets, instances and VPC endpoints, with a realistic mix of every misconfiguration
// the checks judge. Exact counts per size: see SIZES.
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
  VpcLatticeSection,
} from '../lib/snapshot/types.ts';
import { withTags } from './tags.ts';

/** How much of everything an account holds. */
export interface AccountSize {
  clusters: number;
  /** Services listed by ListServices (ACTIVE and about 1 % DRAINING). */
  services: number;
  /** Distinct task definitions of in-scope (ACTIVE) services: what the scanner describes. */
  taskDefinitions: number;
  loadBalancers: number;
  /** At least one per load balancer. */
  listeners: number;
  targetGroups: number;
  meshes: number;
  virtualNodes: number;
  virtualGateways: number;
  vpcEndpoints: number;
}

export const SIZES = {
  small: {
    clusters: 2,
    services: 20,
    taskDefinitions: 16,
    loadBalancers: 4,
    listeners: 8,
    targetGroups: 10,
    meshes: 1,
    virtualNodes: 10,
    virtualGateways: 2,
    vpcEndpoints: 12,
  },
  medium: {
    clusters: 5,
    services: 300,
    taskDefinitions: 225,
    loadBalancers: 45,
    listeners: 90,
    targetGroups: 120,
    meshes: 2,
    virtualNodes: 150,
    virtualGateways: 4,
    vpcEndpoints: 40,
  },
  large: {
    clusters: 20,
    services: 2000,
    taskDefinitions: 1500,
    loadBalancers: 300,
    listeners: 600,
    targetGroups: 800,
    meshes: 10,
    virtualNodes: 1000,
    virtualGateways: 20,
    vpcEndpoints: 200,
  },
} as const satisfies Record<string, AccountSize>;

export type SizeName = keyof typeof SIZES;

export interface GenerateOptions {
  seed?: number;
  accountId?: string;
  region?: string;
  /** Reference time for dates (certificate validity, deployments); default 2026-11-28T12:00:00Z. */
  now?: Date;
}

export const DEFAULT_SEED = 42;
export const BENCH_ACCOUNT = '123456789012';
export const BENCH_REGION = 'us-east-1';

/** mulberry32: small, fast and deterministic. */
const prng = (seed: number) => {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    /** True with probability p. */
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    /** An index drawn by weight. */
    weighted: <T>(entries: readonly (readonly [T, number])[]): T => {
      const total = entries.reduce((n, [, w]) => n + w, 0);
      let r = next() * total;
      for (const [value, weight] of entries) {
        r -= weight;
        if (r < 0) return value;
      }
      return (entries.at(-1) as readonly [T, number])[0];
    },
    /** A shuffled copy (Fisher–Yates). */
    shuffle: <T>(items: readonly T[]): T[] => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i -= 1) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
    hex: (length: number) =>
      Array.from({ length }, () => '0123456789abcdef'[int(16)] as string).join(''),
    chars: (length: number, alphabet: string) =>
      Array.from({ length }, () => alphabet[int(alphabet.length)] as string).join(''),
  };
};
type Random = ReturnType<typeof prng>;
type Actions = NonNullable<ElbListener['DefaultActions']>;

/** `total` split into `parts` integers proportional to random weights (largest remainder), each at least `min`. */
const apportion = (random: Random, total: number, parts: number, min = 0): number[] => {
  if (parts === 0) return [];
  const spare = total - min * parts;
  if (spare < 0) throw new RangeError(`cannot split ${total} into ${parts} parts of ${min}+`);
  const weights = Array.from({ length: parts }, () => 0.5 + random.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * spare);
  const counts = exact.map(Math.floor);
  let left = spare - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left === 0) break;
    counts[i] = (counts[i] as number) + 1;
    left -= 1;
  }
  return counts.map((c) => c + min);
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const hexId = (n: number, width: number) => n.toString(16).padStart(width, '0');

const TEAMS = ['checkout', 'catalog', 'payments', 'search', 'identity', 'media', 'ledger', 'ops'];
const WORDS = [
  'api',
  'web',
  'worker',
  'orders',
  'cart',
  'billing',
  'users',
  'events',
  'reports',
  'notify',
  'images',
  'pricing',
  'stock',
  'auth',
  'feeds',
  'audit',
];

const TLS_POLICIES = [
  ['ELBSecurityPolicy-TLS13-1-2-2021-06', 50],
  ['ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 15],
  ['ELBSecurityPolicy-2016-08', 18],
  ['ELBSecurityPolicy-TLS-1-2-2017-01', 10],
  ['ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', 7],
] as const;

const POLICY_PROTOCOLS: Record<string, string[]> = {
  'ELBSecurityPolicy-TLS13-1-2-2021-06': ['TLSv1.2', 'TLSv1.3'],
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06': ['TLSv1.2', 'TLSv1.3'],
  'ELBSecurityPolicy-2016-08': ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
  'ELBSecurityPolicy-TLS-1-2-2017-01': ['TLSv1.2'],
  'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09': ['TLSv1.2', 'TLSv1.3'],
};

/** The first ESSENTIAL_ENDPOINTS of ENDPOINT_SERVICES are what ECS tasks and agents need. */
const ESSENTIAL_ENDPOINTS = 8;

/** Interface endpoints a VPC hosting ECS tasks may have, by the short name after `REGION.`. */
const ENDPOINT_SERVICES = [
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
  'ecr.api',
  'ecr.dkr',
  'logs',
  'secretsmanager',
  'ssm',
  'kms',
  'sts',
  'sqs',
  'sns',
  'monitoring',
  'ssmmessages',
  'ec2messages',
  'elasticloadbalancing',
  'execute-api',
  'events',
  'states',
  'xray',
];

const BENIGN_ENVIRONMENT: readonly [string, (r: Random, family: string) => string][] = [
  ['LOG_LEVEL', (r) => r.pick(['info', 'warn', 'debug'])],
  ['PORT', (r) => r.pick(['8080', '8443', '3000', '9000'])],
  ['NODE_ENV', () => 'production'],
  ['JAVA_OPTS', (r) => `-Xmx${r.pick([256, 512, 1024])}m -XX:+UseG1GC`],
  ['SPRING_PROFILES_ACTIVE', () => 'prod'],
  ['TZ', () => 'UTC'],
  ['SERVICE_NAME', (_r, family) => family],
  ['OTEL_EXPORTER_OTLP_ENDPOINT', () => 'http://localhost:4317'],
  ['DB_HOST', (_r, family) => `${family}.cluster-c9x1.us-east-1.rds.amazonaws.com`],
  ['DB_NAME', (_r, family) => family.replace(/-/g, '_')],
  ['CACHE_TTL_SECONDS', (r) => String(r.pick([60, 300, 900]))],
  ['MAX_CONNECTIONS', (r) => String(r.pick([20, 50, 100]))],
  ['FEATURE_FLAGS', (r) => r.pick(['new-checkout,fast-search', 'dark-mode', 'none'])],
  ['UPSTREAM_URL', (_r, family) => `https://${family}.internal.example.com`],
];

interface Context {
  random: Random;
  accountId: string;
  region: string;
  now: number;
}

const arnOf = (c: Context, service: string, resource: string, region = c.region) =>
  `arn:aws:${service}:${region}:${c.accountId}:${resource}`;

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

// VPCs, subnets ------------------------------------------------------------------------------------

interface Vpc {
  vpcId: string;
  subnets: Ec2Subnet[];
}

const makeVpcs = (c: Context, count: number): Vpc[] =>
  Array.from({ length: count }, (_, v) => {
    const vpcId = `vpc-0${hexId(0xb000 + v, 16)}`;
    return {
      vpcId,
      subnets: ['a', 'b', 'c'].map((az, s) => ({
        SubnetId: `subnet-0${hexId(0x5000 + v * 16 + s, 16)}`,
        SubnetArn: arnOf(c, 'ec2', `subnet/subnet-0${hexId(0x5000 + v * 16 + s, 16)}`),
        VpcId: vpcId,
        CidrBlock: `10.${v}.${s * 16}.0/20`,
        AvailabilityZone: `${c.region}${az}`,
        State: 'available',
        MapPublicIpOnLaunch: false,
        OwnerId: c.accountId,
        AvailableIpAddressCount: 4000 - c.random.int(500),
      })),
    };
  });

// Clusters and container instances -------------------------------------------------------------------

interface ClusterPlan {
  cluster: EcsCluster;
  name: string;
  team: string;
  kind: 'FARGATE' | 'EC2';
  vpc: Vpc;
  /** EC2 clusters: the capacity provider; enclaves on its instances. */
  provider?: string;
  enclaves: boolean;
}

/** Cluster i is an EC2 one when this is true: `ec2` of `count` clusters, spread evenly. */
const isEc2Cluster = (i: number, count: number, ec2: number) =>
  Math.floor(((i + 1) * ec2) / count) > Math.floor((i * ec2) / count);

const firstEc2 = (count: number, ec2: number) =>
  Array.from({ length: count }, (_, i) => i).find((i) => isEc2Cluster(i, count, ec2)) ?? -1;

const makeClusters = (c: Context, count: number, vpcs: Vpc[]): ClusterPlan[] => {
  const ec2Clusters = count < 2 ? 0 : Math.max(1, Math.round(count * 0.3));
  return Array.from({ length: count }, (_, i) => {
    const team = TEAMS[i % TEAMS.length] as string;
    // EC2 clusters spread evenly among the Fargate ones.
    const kind = isEc2Cluster(i, count, ec2Clusters) ? 'EC2' : 'FARGATE';
    const name = `${team}-${kind === 'EC2' ? 'ec2' : 'fargate'}-${pad(i, 2)}`;
    const provider = kind === 'EC2' ? `${name}-asg` : undefined;
    const spot = kind === 'FARGATE' && c.random.chance(0.3);
    return {
      name,
      team,
      kind,
      vpc: vpcs[i % vpcs.length] as Vpc,
      provider,
      // The first EC2 cluster runs on enclave instances, the others now and then.
      enclaves: kind === 'EC2' && (i === firstEc2(count, ec2Clusters) || c.random.chance(0.3)),
      cluster: {
        clusterArn: arnOf(c, 'ecs', `cluster/${name}`),
        clusterName: name,
        status: 'ACTIVE',
        registeredContainerInstancesCount: 0,
        runningTasksCount: 0,
        pendingTasksCount: 0,
        activeServicesCount: 0,
        statistics: [],
        tags: [{ key: 'Team', value: team }],
        settings: [{ name: 'containerInsights', value: c.random.pick(['enabled', 'disabled']) }],
        // ECS Exec sessions under the customer's key on every other cluster (by position, no
        // random draw, so the rest of the account is as before).
        ...(i % 2 === 0
          ? {
              configuration: {
                executeCommandConfiguration: {
                  kmsKeyId: arnOf(c, 'kms', `key/${hexId(0x6b000000 + i, 32)}`),
                  logging: 'DEFAULT',
                },
              },
            }
          : {}),
        capacityProviders: provider ? [provider] : ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: provider
          ? [{ capacityProvider: provider, weight: 1, base: 0 }]
          : [
              { capacityProvider: 'FARGATE', weight: 1, base: 1 },
              ...(spot ? [{ capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 }] : []),
            ],
      },
    };
  });
};

const negotiation = (name: string, attributes: Record<string, string>): ClassicPolicy => ({
  PolicyName: name,
  PolicyTypeName: 'SSLNegotiationPolicyType',
  PolicyAttributeDescriptions: Object.entries(attributes).map(
    ([AttributeName, AttributeValue]) => ({ AttributeName, AttributeValue }),
  ),
});

const protocols = (...enabled: string[]) =>
  Object.fromEntries(
    ['Protocol-SSLv3', 'Protocol-TLSv1', 'Protocol-TLSv1.1', 'Protocol-TLSv1.2'].map((p) => [
      p,
      String(enabled.includes(p)),
    ]),
  );

/**
 * Classic Load Balancers in front of every ninth EC2 service without target groups (by position,
 * no random draw, so the rest of the account is as before), in four postures: HTTPS end to end
 * with a TLS 1.2 policy; plain HTTP; SSL to TCP with a policy allowing TLS 1.0 and 1.1; HTTPS with
 * a copy of a predefined policy that lists only its Reference-Security-Policy, and an invalid
 * certificate.
 */
const makeClassicLoadBalancers = (
  c: Context,
  services: EcsService[],
  certificates: readonly AcmCertificate[],
): { loadBalancers: ClassicLoadBalancer[]; policies: Record<string, ClassicPolicy[]> } => {
  const loadBalancers: ClassicLoadBalancer[] = [];
  const policies: Record<string, ClassicPolicy[]> = {};
  const invalid = certificates.filter((cert) => cert.Status !== 'ISSUED');
  services.forEach((service, index) => {
    if (service.launchType !== 'EC2' || service.loadBalancers?.length || index % 9 !== 4) return;
    const n = loadBalancers.length;
    const name = `clb-${pad(n, 4)}`;
    const variant = n % 4;
    // The fourth posture presents a certificate that is not valid, where the account has one.
    const certificate = (
      variant === 3 && invalid.length
        ? invalid[n % invalid.length]
        : certificates[n % Math.max(1, certificates.length)]
    )?.CertificateArn;
    const listener = (
      Protocol: string,
      LoadBalancerPort: number,
      InstanceProtocol: string,
      policy?: ClassicPolicy,
    ) => ({
      Listener: {
        Protocol,
        LoadBalancerPort,
        InstanceProtocol,
        InstancePort: 8080,
        ...(Protocol === 'HTTPS' || Protocol === 'SSL' ? { SSLCertificateId: certificate } : {}),
      },
      PolicyNames: policy ? [policy.PolicyName as string] : [],
    });
    const policy = [
      negotiation(`${name}-tls12`, protocols('Protocol-TLSv1.2')),
      undefined,
      negotiation('ELBSecurityPolicy-2016-08', {
        'Reference-Security-Policy': 'ELBSecurityPolicy-2016-08',
        ...protocols('Protocol-TLSv1', 'Protocol-TLSv1.1', 'Protocol-TLSv1.2'),
      }),
      negotiation(`${name}-reference`, {
        'Reference-Security-Policy': 'ELBSecurityPolicy-TLS-1-2-2017-01',
      }),
    ][variant];
    const description = [
      listener('HTTPS', 443, 'HTTPS', policy),
      listener('HTTP', 80, 'HTTP'),
      listener('SSL', 443, 'TCP', policy),
      listener('HTTPS', 443, 'HTTPS', policy),
    ][variant];
    loadBalancers.push({
      LoadBalancerName: name,
      DNSName: `${name}-${hexId(0x5000 + n, 8)}.${c.region}.elb.amazonaws.com`,
      Scheme: 'internal',
      ListenerDescriptions: description ? [description] : [],
      CreatedTime: iso(c.now - (30 + n) * DAY),
    });
    if (policy) policies[name] = [policy];
    service.loadBalancers = [{ loadBalancerName: name, containerName: 'app', containerPort: 8080 }];
  });
  return { loadBalancers, policies };
};

/**
 * VPC Lattice for every eleventh service (by position, no random draw, so the rest of the account
 * is as before), each with a Lattice service and a target group of its own, in four postures:
 * HTTPS listener to an HTTPS target group; an HTTP listener whose default action forwards to an
 * HTTPS target group (FAILED HIGH); HTTPS to an HTTP target group (FAILED MEDIUM); TLS_PASSTHROUGH
 * to TCP, beside an HTTP listener that answers 404 but by one rule (its rules are read).
 */
const makeLattice = (c: Context, services: EcsService[]): VpcLatticeSection => {
  const lattice = arnOf.bind(undefined, c, 'vpc-lattice');
  const section: Required<VpcLatticeSection> = {
    targetGroups: [],
    listeners: {},
    defaultActions: {},
    rules: {},
  };
  const forward = (id: string): LatticeRuleAction =>
    ({
      forward: { targetGroups: [{ targetGroupIdentifier: id, weight: 100 }] },
    }) as LatticeRuleAction;
  const notFound = { fixedResponse: { statusCode: 404 } } as LatticeRuleAction;
  services.forEach((service, index) => {
    const deployment = service.deployments?.[0];
    if (index % 11 !== 6 || !deployment) return;
    const n = section.targetGroups.length;
    // The first Lattice service is the one read through its rules: even the small account has it.
    const variant = (n + 3) % 4;
    const tgId = `tg-0${hexId(0x6000 + n, 16)}`;
    const svcId = `svc-0${hexId(0x6100 + n, 16)}`;
    const serviceArn = lattice(`service/${svcId}`);
    const protocol = ['HTTPS', 'HTTPS', 'HTTP', 'TCP'][variant] as string;
    const targetGroup: LatticeTargetGroup = {
      id: tgId,
      arn: lattice(`targetgroup/${tgId}`),
      name: `lattice-${pad(n, 4)}`,
      type: 'IP',
      config: {
        port: protocol === 'HTTP' ? 8080 : 8443,
        protocol: protocol as NonNullable<LatticeTargetGroup['config']>['protocol'],
      },
      status: 'ACTIVE',
      serviceArns: [serviceArn],
      createdAt: iso(c.now - (20 + n) * DAY),
    };
    section.targetGroups.push(targetGroup);
    const listener = (id: number, listenerProtocol: string, port: number): LatticeListener => {
      const listenerId = `listener-0${hexId(0x6200 + n * 2 + id, 16)}`;
      return {
        arn: `${serviceArn}/listener/${listenerId}`,
        id: listenerId,
        name: `${listenerProtocol.toLowerCase().replace('_', '-')}-${port}`,
        protocol: listenerProtocol as LatticeListener['protocol'],
        port,
      };
    };
    const primary = listener(
      0,
      ['HTTPS', 'HTTP', 'HTTPS', 'TLS_PASSTHROUGH'][variant] as string,
      [443, 80, 443, 443][variant] as number,
    );
    const listeners = [primary];
    if (variant === 1) section.defaultActions[primary.arn as string] = forward(tgId);
    if (variant === 3) {
      const http = listener(1, 'HTTP', 80);
      listeners.push(http);
      section.defaultActions[http.arn as string] = notFound;
      const ruleId = `rule-0${hexId(0x6300 + n, 16)}`;
      const rule: LatticeRule = {
        arn: `${http.arn}/rule/${ruleId}`,
        id: ruleId,
        name: 'maintenance',
        isDefault: false,
        priority: 10,
        action: notFound,
      };
      section.rules[http.arn as string] = [rule];
    }
    section.listeners[serviceArn] = listeners;
    deployment.vpcLatticeConfigurations = [
      {
        targetGroupArn: targetGroup.arn,
        portName: 'app',
        roleArn: `arn:aws:iam::${c.accountId}:role/ecsInfrastructureRoleForVpcLattice`,
      },
    ];
  });
  return section;
};

const makeContainerInstances = (c: Context, clusters: ClusterPlan[]) => {
  const containerInstances: EcsContainerInstance[] = [];
  const instances: Ec2Instance[] = [];
  let n = 0;
  for (const plan of clusters.filter((p) => p.kind === 'EC2')) {
    const count = 3 + c.random.int(6);
    for (let i = 0; i < count; i += 1, n += 1) {
      const instanceId = `i-0${hexId(0xe000 + n, 16)}`;
      const subnet = plan.vpc.subnets[i % plan.vpc.subnets.length] as Ec2Subnet;
      // One in ten draining (still hosting tasks), the odd one deregistered.
      const status = c.random.weighted([
        ['ACTIVE', 88],
        ['DRAINING', 9],
        ['INACTIVE', 3],
      ] as const);
      containerInstances.push({
        containerInstanceArn: arnOf(
          c,
          'ecs',
          `container-instance/${plan.name}/${hexId(0xc0ffee00 + n, 32)}`,
        ),
        ec2InstanceId: instanceId,
        version: 12,
        versionInfo: { agentVersion: '1.89.2', agentHash: 'b1c2d3e4', dockerVersion: '25.0.8' },
        status,
        agentConnected: status !== 'INACTIVE',
        runningTasksCount: status === 'ACTIVE' ? 4 + c.random.int(8) : 0,
        pendingTasksCount: 0,
        registeredAt: iso(c.now - (30 + c.random.int(200)) * DAY),
        attributes: [{ name: 'ecs.availability-zone', value: subnet.AvailabilityZone }],
        tags: [{ key: 'Team', value: plan.team }],
      });
      // Enclave clusters: all instances enabled, except now and then one that is not.
      const enclave = plan.enclaves && !c.random.chance(0.04);
      instances.push({
        InstanceId: instanceId,
        InstanceType: enclave ? 'm6i.2xlarge' : c.random.pick(['m6i.xlarge', 'c7g.xlarge']),
        ImageId: 'ami-0f3c9e2d1b8a7c6e5',
        VpcId: plan.vpc.vpcId,
        SubnetId: subnet.SubnetId,
        PrivateIpAddress: `10.0.${n % 250}.${10 + (n % 200)}`,
        State: { Code: 16, Name: 'running' },
        LaunchTime: iso(c.now - (30 + c.random.int(200)) * DAY),
        Placement: { AvailabilityZone: subnet.AvailabilityZone, Tenancy: 'default' },
        EnclaveOptions: { Enabled: enclave },
        MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', State: 'applied' },
        Tags: [{ Key: 'Team', Value: plan.team }],
      });
    }
  }
  return { containerInstances, instances };
};

// Secrets and parameters ---------------------------------------------------------------------------

const makeSecrets = (c: Context, count: number): SecretsManagerSecret[] =>
  Array.from({ length: count }, (_, i) => {
    const team = TEAMS[i % TEAMS.length] as string;
    const name = `${team}/${WORDS[i % WORDS.length]}-${pad(i, 4)}`;
    const rotation = c.random.chance(0.7);
    return {
      ARN: arnOf(
        c,
        'secretsmanager',
        `secret:${name}-${c.random.chars(6, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789')}`,
      ),
      Name: name,
      Description: `${team} credentials`,
      RotationEnabled: rotation,
      ...(rotation
        ? {
            RotationLambdaARN: arnOf(c, 'lambda', `function:${team}-rotate`),
            RotationRules: { AutomaticallyAfterDays: 30 },
            LastRotatedDate: iso(c.now - c.random.int(30) * DAY),
          }
        : {}),
      LastChangedDate: iso(c.now - c.random.int(90) * DAY),
      CreatedDate: iso(c.now - (100 + c.random.int(500)) * DAY),
      Tags: [{ Key: 'Team', Value: team }],
      VersionIdsToStages: {},
    };
  });

const makeParameters = (c: Context, count: number): SsmParameter[] =>
  Array.from({ length: count }, (_, i) => {
    const team = TEAMS[i % TEAMS.length] as string;
    const name = `/${team}/${WORDS[i % WORDS.length]}/setting-${pad(i, 4)}`;
    const type = c.random.weighted([
      ['SecureString', 70],
      ['String', 25],
      ['StringList', 5],
    ] as const);
    return {
      Name: name,
      ARN: arnOf(c, 'ssm', `parameter${name}`),
      Type: type,
      ...(type === 'SecureString' ? { KeyId: 'alias/aws/ssm' } : {}),
      LastModifiedDate: iso(c.now - c.random.int(300) * DAY),
      LastModifiedUser: `arn:aws:iam::${c.accountId}:role/deployer`,
      Version: 1 + c.random.int(9),
      Tier: 'Standard',
      Policies: [],
      DataType: 'text',
    };
  });

// Task definitions -------------------------------------------------------------------------------

interface SecretPools {
  secrets: SecretsManagerSecret[];
  /** References to secrets that were deleted (described: ResourceNotFound). */
  deletedSecretArns: string[];
  parameters: SsmParameter[];
}

const accessKeyId = (r: Random) => `AKIA${r.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
const secretKey = (r: Random) =>
  r.chars(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

const makeTaskDefinition = (
  c: Context,
  family: string,
  revision: number,
  team: string,
  kind: 'FARGATE' | 'EC2',
  pools: SecretPools,
): EcsTaskDefinition => {
  const r = c.random;
  const image = `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com/${family}:${1 + r.int(9)}.${r.int(20)}.${r.int(10)}`;
  const environment = [...BENIGN_ENVIRONMENT]
    .filter(() => r.chance(0.45))
    .map(([name, value]) => ({ name, value: value(r, family) }));
  // Misconfigurations in the environment.
  const profile = r.weighted([
    ['clean', 88],
    ['password', 4],
    ['static-keys', 2],
    ['url-password', 2],
    ['token', 1],
    ['env-file', 3],
  ] as const);
  if (profile === 'password')
    environment.push({
      name: 'DB_PASSWORD',
      value: r.chars(18, 'abcdefghijkmnpqrstuvwxyzABCDEFGH23456789!#%'),
    });
  if (profile === 'static-keys') {
    environment.push({ name: 'AWS_ACCESS_KEY_ID', value: accessKeyId(r) });
    environment.push({ name: 'AWS_SECRET_ACCESS_KEY', value: secretKey(r) });
  }
  if (profile === 'url-password') {
    environment.push({
      name: 'DATABASE_URL',
      value: `postgres://app:${r.chars(14, 'abcdefghjkmnpqrstuvwxyz23456789')}@${family}.db.internal:5432/app`,
    });
  }
  if (profile === 'token')
    environment.push({
      name: 'GITHUB_TOKEN',
      value: `ghp_${r.chars(36, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
    });

  const secrets: { name: string; valueFrom: string }[] = [];
  if (r.chance(0.4)) {
    const count = 1 + r.int(3);
    for (let i = 0; i < count; i += 1) {
      const store = r.weighted([
        ['secretsmanager', 70],
        ['ssm', 28],
        ['deleted', 2],
      ] as const);
      const name = r.pick(['DB_PASSWORD', 'API_KEY', 'SIGNING_KEY', 'OAUTH_CLIENT_SECRET']);
      if (store === 'secretsmanager' && pools.secrets.length) {
        secrets.push({ name, valueFrom: r.pick(pools.secrets).ARN as string });
      } else if (store === 'deleted' && pools.deletedSecretArns.length) {
        secrets.push({ name, valueFrom: r.pick(pools.deletedSecretArns) });
      } else if (pools.parameters.length) {
        const parameter = r.pick(pools.parameters);
        secrets.push({
          name,
          valueFrom: r.chance(0.5) ? (parameter.ARN as string) : (parameter.Name as string),
        });
      }
    }
    // Now and then long-lived AWS keys injected as secrets.
    if (r.chance(0.03) && pools.secrets.length)
      secrets.push({
        name: 'AWS_SECRET_ACCESS_KEY',
        valueFrom: r.pick(pools.secrets).ARN as string,
      });
  }
  const firelens = r.chance(0.05) && pools.secrets.length > 0;
  const containers = [
    {
      name: 'app',
      image,
      cpu: 256,
      memory: 512,
      essential: true,
      portMappings: [
        { containerPort: 8080, hostPort: kind === 'FARGATE' ? 8080 : 0, protocol: 'tcp' },
      ],
      environment,
      ...(profile === 'env-file'
        ? { environmentFiles: [{ value: `arn:aws:s3:::${team}-config/${family}.env`, type: 's3' }] }
        : {}),
      ...(secrets.length ? { secrets } : {}),
      ...(r.chance(0.03) && pools.secrets.length
        ? { repositoryCredentials: { credentialsParameter: r.pick(pools.secrets).ARN as string } }
        : {}),
      mountPoints: [],
      volumesFrom: [],
      logConfiguration: firelens
        ? {
            logDriver: 'awsfirelens',
            options: { Name: 'datadog', Host: 'http-intake.logs.datadoghq.com' },
            secretOptions: [{ name: 'apikey', valueFrom: r.pick(pools.secrets).ARN as string }],
          }
        : {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': `/ecs/${family}`,
              'awslogs-region': c.region,
              'awslogs-stream-prefix': 'ecs',
            },
          },
    },
    ...(firelens
      ? [
          {
            name: 'log_router',
            image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4',
            essential: true,
            firelensConfiguration: { type: 'fluentbit' },
            environment: [],
            mountPoints: [],
            volumesFrom: [],
          },
        ]
      : []),
  ];
  const efs = r.chance(0.08);
  const transit = r.weighted([
    ['ENABLED', 60],
    ['DISABLED', 25],
    ['absent', 15],
  ] as const);
  return {
    taskDefinitionArn: arnOf(c, 'ecs', `task-definition/${family}:${revision}`),
    family,
    revision,
    containerDefinitions: containers,
    ...(r.chance(0.95) ? { taskRoleArn: `arn:aws:iam::${c.accountId}:role/${family}-task` } : {}),
    executionRoleArn: `arn:aws:iam::${c.accountId}:role/${team}-ecs-task-execution`,
    networkMode: kind === 'FARGATE' ? 'awsvpc' : r.pick(['bridge', 'awsvpc']),
    status: 'ACTIVE',
    volumes: efs
      ? [
          {
            name: 'shared',
            efsVolumeConfiguration: {
              fileSystemId: `fs-0${hexId(c.random.int(0xffffff), 16)}`,
              rootDirectory: '/',
              ...(transit === 'absent' ? {} : { transitEncryption: transit }),
            },
          },
        ]
      : [],
    placementConstraints: [],
    requiresAttributes: [],
    compatibilities: kind === 'FARGATE' ? ['EC2', 'FARGATE'] : ['EC2'],
    requiresCompatibilities: [kind],
    cpu: '256',
    memory: '512',
    registeredAt: iso(c.now - (1 + c.random.int(200)) * DAY),
    registeredBy: `arn:aws:sts::${c.accountId}:assumed-role/deployer/ci`,
    tags: [{ key: 'Team', value: team }],
  } as EcsTaskDefinition;
};

// App Mesh wiring ----------------------------------------------------------------------------------

/** A mesh resource an Envoy serves. */
interface MeshResource {
  arn: string;
  type: 'virtualNode' | 'virtualGateway';
}

/** A mesh's nodes, its gateways among the first of them: node, gateway, node, gateway, …, nodes. */
const meshResources = (
  nodes: readonly AppMeshVirtualNode[],
  gateways: readonly AppMeshVirtualGateway[],
): MeshResource[] => {
  const out: MeshResource[] = [];
  for (let i = 0; i < Math.max(nodes.length, gateways.length); i += 1) {
    const node = nodes[i]?.metadata?.arn;
    const gateway = gateways[i]?.metadata?.arn;
    if (node) out.push({ arn: node, type: 'virtualNode' });
    if (gateway) out.push({ arn: gateway, type: 'virtualGateway' });
  }
  return out;
};

/** App Mesh's Envoy ports and user (the App Mesh user guide's ECS task definitions). */
const ENVOY_UID = '1337';
const ENVOY_INGRESS_PORT = '15000';
const ENVOY_EGRESS_PORT = '15001';

/**
 * Wires a task definition to App Mesh in place, as App Mesh's ECS workloads are: an App Mesh
 * Envoy container after the app, APPMESH_RESOURCE_ARN naming its virtual node or gateway. A
 * virtual node's Envoy with `proxy` also gets the APPMESH proxy configuration that routes the
 * app's traffic through it (the app starting once Envoy is healthy); a virtual gateway's Envoy
 * takes traffic on its own port, with none.
 */
const wireToMesh = (c: Context, td: EcsTaskDefinition, resource: MeshResource, proxy: boolean) => {
  const [app, ...others] = td.containerDefinitions ?? [];
  const intercepted = proxy && resource.type === 'virtualNode';
  const appPorts = (app?.portMappings ?? []).flatMap((p) =>
    p.containerPort ? [String(p.containerPort)] : [],
  );
  const envoy = {
    name: 'envoy',
    image: `840364872350.dkr.ecr.${c.region}.amazonaws.com/aws-appmesh-envoy:v1.29.12.0-prod`,
    essential: true,
    user: ENVOY_UID,
    ...(resource.type === 'virtualGateway'
      ? { portMappings: [{ containerPort: 443, protocol: 'tcp' as const }] }
      : {}),
    environment: [{ name: 'APPMESH_RESOURCE_ARN', value: resource.arn }],
    healthCheck: {
      command: [
        'CMD-SHELL',
        'curl -s http://localhost:9901/server_info | grep state | grep -q LIVE',
      ],
      interval: 5,
      timeout: 2,
      retries: 3,
      startPeriod: 10,
    },
    ulimits: [{ name: 'nofile' as const, softLimit: 15000, hardLimit: 15000 }],
    mountPoints: [],
    volumesFrom: [],
  };
  td.containerDefinitions = [
    ...(app
      ? [
          intercepted
            ? { ...app, dependsOn: [{ containerName: 'envoy', condition: 'HEALTHY' as const }] }
            : app,
        ]
      : []),
    envoy,
    ...others,
  ];
  if (intercepted) {
    td.proxyConfiguration = {
      type: 'APPMESH',
      containerName: 'envoy',
      properties: [
        { name: 'IgnoredUID', value: ENVOY_UID },
        { name: 'ProxyIngressPort', value: ENVOY_INGRESS_PORT },
        { name: 'ProxyEgressPort', value: ENVOY_EGRESS_PORT },
        { name: 'AppPorts', value: appPorts.join(',') },
        { name: 'EgressIgnoredIPs', value: '169.254.170.2,169.254.169.254' },
      ],
    };
  }
};

// Services ---------------------------------------------------------------------------------------

const events = (c: Context, name: string): NonNullable<EcsService['events']> =>
  // DescribeServices returns a service's latest events (up to 100): mostly steady-state notes.
  Array.from({ length: 20 + c.random.int(60) }, (_, i) => ({
    id: `${hexId(c.random.int(0xffffffff), 8)}-${hexId(i, 4)}-4c1e-9a7b-${hexId(c.random.int(0xffffff), 12)}`,
    createdAt: iso(c.now - i * 6 * 3_600_000),
    message: `(service ${name}) has reached a steady state.`,
  }));

// The snapshot -----------------------------------------------------------------------------------

/** A synthetic account snapshot of `size`, the same for the same size and options. */
export const generateAccount = (size: AccountSize, options: GenerateOptions = {}): Snapshot => {
  const c: Context = {
    random: prng(options.seed ?? DEFAULT_SEED),
    accountId: options.accountId ?? BENCH_ACCOUNT,
    region: options.region ?? BENCH_REGION,
    now: (options.now ?? new Date('2026-11-28T12:00:00.000Z')).getTime(),
  };
  const r = c.random;
  if (size.listeners < size.loadBalancers)
    throw new RangeError('listeners: at least one per load balancer');

  // Networks: one VPC per two clusters, and one VPC without ECS.
  const hostingVpcs = makeVpcs(c, Math.max(1, Math.ceil(size.clusters / 2)) + 1);
  const clusters = makeClusters(c, size.clusters, hostingVpcs.slice(0, -1));
  const { containerInstances, instances } = makeContainerInstances(c, clusters);

  // Services: split over the clusters; about 1 % draining.
  const perCluster = apportion(
    r,
    size.services,
    size.clusters,
    size.services >= size.clusters ? 1 : 0,
  );
  const draining = Math.max(size.services >= 20 ? 1 : 0, Math.round(size.services * 0.01));
  const drainingEvery = draining ? Math.floor(size.services / draining) : 0;
  interface ServicePlan {
    plan: ClusterPlan;
    name: string;
    active: boolean;
    /** Its task definitions run App Mesh's Envoy (wired once the meshes exist). */
    mesh: boolean;
  }
  const servicePlans: ServicePlan[] = [];
  let s = 0;
  perCluster.forEach((count, ci) => {
    const plan = clusters[ci] as ClusterPlan;
    for (let i = 0; i < count; i += 1, s += 1) {
      const active = !(
        drainingEvery &&
        s % drainingEvery === drainingEvery - 1 &&
        s / drainingEvery < draining
      );
      servicePlans.push({
        plan,
        name: `${plan.team}-${WORDS[s % WORDS.length]}-${pad(s, 4)}`,
        active,
        mesh: r.chance(0.15),
      });
    }
  });
  const activePlans = servicePlans.filter((p) => p.active);

  // Task definitions: P primaries (the first P active services own one each, the others share
  // them) plus R previous revisions still running in rolling deployments.
  const rollouts = Math.min(
    Math.floor(size.taskDefinitions * 0.07),
    Math.floor(size.taskDefinitions / 2),
  );
  const primaries = size.taskDefinitions - rollouts;
  if (primaries > activePlans.length)
    throw new RangeError(`${size.taskDefinitions} task definitions need more in-scope services`);
  const pools: SecretPools = {
    secrets: makeSecrets(c, Math.max(3, Math.round(size.taskDefinitions * 0.08))),
    deletedSecretArns: Array.from(
      { length: Math.max(1, Math.round(size.taskDefinitions * 0.005)) },
      (_, i) => arnOf(c, 'secretsmanager', `secret:retired/db-${pad(i, 3)}-Zx9Qw${i % 10}`),
    ),
    parameters: makeParameters(c, Math.max(3, Math.round(size.taskDefinitions * 0.05))),
  };
  const taskDefinitions: EcsTaskDefinition[] = [];
  const primaryArns: string[] = [];
  const revisions: number[] = [];
  /** Primary k's task definitions: its own, then its previous revision if it has one. */
  const revisionsOf: EcsTaskDefinition[][] = [];
  for (let k = 0; k < primaries; k += 1) {
    const owner = activePlans[k] as ServicePlan;
    const revision = 2 + r.int(40);
    const td = makeTaskDefinition(c, owner.name, revision, owner.plan.team, owner.plan.kind, pools);
    taskDefinitions.push(td);
    primaryArns.push(td.taskDefinitionArn as string);
    revisions.push(revision);
    revisionsOf.push([td]);
  }
  const rolloutEvery = rollouts ? Math.floor(primaries / rollouts) : 0;
  const previousOf = new Map<number, string>();
  for (let j = 0; j < rollouts; j += 1) {
    const k = j * rolloutEvery;
    const owner = activePlans[k] as ServicePlan;
    const td = makeTaskDefinition(
      c,
      owner.name,
      (revisions[k] as number) - 1,
      owner.plan.team,
      owner.plan.kind,
      pools,
    );
    taskDefinitions.push(td);
    previousOf.set(k, td.taskDefinitionArn as string);
    revisionsOf[k]?.push(td);
  }

  // Target groups and load balancers: 95 % of the target groups belong to in-scope services, on
  // 93 % of the load balancers; the rest to draining services or nothing ECS runs.
  const scopedTargetGroups = Math.min(size.targetGroups, Math.round(size.targetGroups * 0.95));
  const scopedLoadBalancers = Math.max(
    Math.min(size.loadBalancers, 1),
    Math.min(size.loadBalancers, Math.round(size.loadBalancers * 0.93), scopedTargetGroups),
  );
  const albCount = Math.round(size.loadBalancers * 0.8);
  const loadBalancers: ElbLoadBalancer[] = [];
  const lbPlans: {
    lb: ElbLoadBalancer;
    type: 'application' | 'network';
    name: string;
    vpc: Vpc;
  }[] = [];
  for (let l = 0; l < size.loadBalancers; l += 1) {
    const type = l < albCount ? 'application' : 'network';
    const name = `${TEAMS[l % TEAMS.length]}-${type === 'application' ? 'alb' : 'nlb'}-${pad(l, 3)}`;
    const vpc = hostingVpcs[l % (hostingVpcs.length - 1)] as Vpc;
    const lb: ElbLoadBalancer = {
      LoadBalancerArn: arnOf(
        c,
        'elasticloadbalancing',
        `loadbalancer/${type === 'application' ? 'app' : 'net'}/${name}/${hexId(0xa11b0000 + l, 16)}`,
      ),
      DNSName: `${name}-${1000 + l}.elb.${c.region}.amazonaws.com`,
      CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      CreatedTime: iso(c.now - (100 + r.int(900)) * DAY),
      LoadBalancerName: name,
      Scheme: r.chance(0.6) ? 'internet-facing' : 'internal',
      VpcId: vpc.vpcId,
      State: { Code: 'active' },
      Type: type,
      AvailabilityZones: vpc.subnets.slice(0, 2).map((sn) => ({
        ZoneName: sn.AvailabilityZone,
        SubnetId: sn.SubnetId,
        LoadBalancerAddresses: [],
      })),
      ...(type === 'application' ? { SecurityGroups: [`sg-0${hexId(0x5600 + l, 16)}`] } : {}),
      IpAddressType: 'ipv4',
    };
    loadBalancers.push(lb);
    lbPlans.push({ lb, type, name, vpc });
  }
  const targetGroups: ElbTargetGroup[] = [];
  for (let t = 0; t < size.targetGroups; t += 1) {
    const scoped = t < scopedTargetGroups;
    const l = scoped
      ? t % scopedLoadBalancers
      : scopedLoadBalancers + (t % Math.max(1, size.loadBalancers - scopedLoadBalancers));
    const lbPlan = lbPlans[Math.min(l, size.loadBalancers - 1)];
    const alb = lbPlan?.type !== 'network';
    const protocol = alb
      ? r.weighted([
          ['HTTPS', 55],
          ['HTTP', 45],
        ] as const)
      : r.weighted([
          ['TLS', 40],
          ['TCP', 60],
        ] as const);
    const name = `tg-${pad(t, 4)}-${protocol.toLowerCase()}`;
    targetGroups.push({
      TargetGroupArn: arnOf(
        c,
        'elasticloadbalancing',
        `targetgroup/${name}/${hexId(0x7a000000 + t, 16)}`,
      ),
      TargetGroupName: name,
      Protocol: protocol,
      Port: protocol === 'HTTPS' || protocol === 'TLS' ? 8443 : 8080,
      VpcId: lbPlan?.vpc.vpcId,
      HealthCheckProtocol:
        protocol === 'HTTPS'
          ? r.weighted([
              ['HTTPS', 70],
              ['HTTP', 30],
            ] as const)
          : protocol === 'TLS'
            ? 'TCP'
            : protocol,
      HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      ...(alb
        ? { HealthCheckPath: '/healthz', Matcher: { HttpCode: '200' }, ProtocolVersion: 'HTTP1' }
        : {}),
      // Out-of-scope target groups past the load balancers' count stand alone.
      LoadBalancerArns:
        lbPlan && (scoped || size.loadBalancers > scopedLoadBalancers)
          ? [lbPlan.lb.LoadBalancerArn as string]
          : [],
      TargetType: 'ip',
      IpAddressType: 'ipv4',
    });
  }
  // Which service registers with which target group: in-scope ones with active services (one in
  // ten with a second target group), the rest with draining services.
  const targetGroupsOf = new Map<ServicePlan, string[]>();
  const scopedArns = targetGroups
    .slice(0, scopedTargetGroups)
    .map((tg) => tg.TargetGroupArn as string);
  const withTargetGroups = Math.min(activePlans.length, Math.ceil(scopedTargetGroups / 1.1));
  const stride = activePlans.length / Math.max(1, withTargetGroups);
  scopedArns.forEach((arn, t) => {
    const plan = activePlans[Math.floor((t % withTargetGroups) * stride)] as ServicePlan;
    targetGroupsOf.set(plan, [...(targetGroupsOf.get(plan) ?? []), arn]);
  });
  const drainingPlans = servicePlans.filter((p) => !p.active);
  targetGroups.slice(scopedTargetGroups).forEach((tg, t) => {
    const plan = drainingPlans[t];
    if (plan) targetGroupsOf.set(plan, [tg.TargetGroupArn as string]);
  });

  // Certificates: one per load balancer with TLS listeners, some SNI ones, a few IAM ones.
  const certificates: AcmCertificate[] = [];
  const certificate = (host: string, sans: string[]): string => {
    const arn = arnOf(
      c,
      'acm',
      `certificate/${hexId(0x1000 + certificates.length, 8)}-4b7e-4e91-9c3a-${hexId(certificates.length, 12)}`,
    );
    const state = r.weighted([
      ['issued', 84],
      ['expiring', 5],
      ['expired', 3],
      ['imported', 6],
      ['imported-expiring', 1],
      ['pending', 1],
    ] as const);
    const imported = state === 'imported' || state === 'imported-expiring';
    const notAfter =
      state === 'expired'
        ? c.now - 5 * DAY
        : state === 'expiring' || state === 'imported-expiring'
          ? c.now + 10 * DAY
          : c.now + (60 + r.int(300)) * DAY;
    certificates.push({
      CertificateArn: arn,
      DomainName: host,
      SubjectAlternativeNames: sans,
      Status:
        state === 'expired' ? 'EXPIRED' : state === 'pending' ? 'PENDING_VALIDATION' : 'ISSUED',
      Type: imported ? 'IMPORTED' : 'AMAZON_ISSUED',
      RenewalEligibility: imported ? 'INELIGIBLE' : 'ELIGIBLE',
      ...(state === 'pending'
        ? {}
        : {
            NotBefore: iso(notAfter - 395 * DAY),
            NotAfter: iso(notAfter),
            IssuedAt: iso(notAfter - 395 * DAY),
          }),
      KeyAlgorithm: 'RSA_2048',
      SignatureAlgorithm: 'SHA256WITHRSA',
      InUseBy: [],
      CreatedAt: iso(notAfter - 400 * DAY),
      Issuer: imported ? 'Example Internal CA' : 'Amazon',
    });
    return arn;
  };

  // Listeners, listener certificates, rules.
  const listenersPerLb = apportion(r, size.listeners, size.loadBalancers, 1);
  const listeners: ElbListener[] = [];
  const listenerCertificates: Record<string, ElbCertificate[]> = {};
  const rules: Record<string, ElbRule[]> = {};
  const usedPolicies = new Set<string>();
  const trustStores: ElbTrustStore[] = ['partner-clients', 'internal-clients'].map((store, n) => ({
    TrustStoreArn: arnOf(
      c,
      'elasticloadbalancing',
      `truststore/${store}/${hexId(0x7a550000 + n, 16)}`,
    ),
    Name: store,
    Status: 'ACTIVE',
    NumberOfCaCertificates: 1 + n,
    TotalRevokedEntries: 0,
  }));
  const trustStoreArns = trustStores.map((t) => t.TrustStoreArn as string);
  const tgsOfLb = new Map<string, string[]>();
  for (const tg of targetGroups)
    for (const lbArn of tg.LoadBalancerArns ?? [])
      tgsOfLb.set(lbArn, [...(tgsOfLb.get(lbArn) ?? []), tg.TargetGroupArn as string]);
  lbPlans.forEach(({ lb, type, name }, l) => {
    const lbArn = lb.LoadBalancerArn as string;
    const tgs = tgsOfLb.get(lbArn) ?? [];
    const forward = (i: number): Actions => {
      const tg = tgs[i % Math.max(1, tgs.length)];
      return tg
        ? [
            {
              Type: 'forward',
              TargetGroupArn: tg,
              Order: 1,
              ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg, Weight: 1 }] },
            },
          ]
        : [
            {
              Type: 'fixed-response',
              Order: 1,
              FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain' },
            },
          ];
    };
    const domain = `${name}.example.com`;
    const hosts = [`${name}.example.com`, `www.${name}.example.com`];
    let lbCertificate: string | undefined;
    const tlsCertificate = () => {
      if (r.chance(0.03)) return `arn:aws:iam::${c.accountId}:server-certificate/${name}-legacy`;
      lbCertificate ??= certificate(domain, hosts);
      return lbCertificate;
    };
    const count = listenersPerLb[l] as number;
    for (let i = 0; i < count; i += 1) {
      const listenerArn = arnOf(
        c,
        'elasticloadbalancing',
        `listener/${type === 'application' ? 'app' : 'net'}/${name}/${hexId(0xa11b0000 + l, 16)}/${hexId(0x11000000 + l * 8 + i, 16)}`,
      );
      const role = i === 0 ? 'main' : i === 1 ? 'second' : 'extra';
      let protocol: NonNullable<ElbListener['Protocol']>;
      let port: number;
      let defaultActions: Actions;
      if (type === 'application') {
        if (role === 'second') {
          protocol = 'HTTP';
          port = 80;
          const variant = r.weighted([
            ['redirect', 80],
            ['forward', 10],
            ['redirect-http', 5],
            ['fixed', 5],
          ] as const);
          defaultActions =
            variant === 'forward'
              ? forward(i)
              : variant === 'fixed'
                ? [
                    {
                      Type: 'fixed-response',
                      Order: 1,
                      FixedResponseConfig: { StatusCode: '403', ContentType: 'text/plain' },
                    },
                  ]
                : [
                    {
                      Type: 'redirect',
                      Order: 1,
                      RedirectConfig: {
                        Protocol: variant === 'redirect' ? 'HTTPS' : '#{protocol}',
                        Port: '443',
                        Host: '#{host}',
                        Path: '/#{path}',
                        Query: '#{query}',
                        StatusCode: 'HTTP_301',
                      },
                    },
                  ];
        } else {
          protocol = role === 'main' && r.chance(0.1) ? 'HTTP' : 'HTTPS';
          port = role === 'main' ? (protocol === 'HTTPS' ? 443 : 80) : 8443 + i;
          defaultActions = forward(i);
        }
      } else {
        protocol =
          role === 'main'
            ? r.weighted([
                ['TLS', 75],
                ['TCP', 25],
              ] as const)
            : r.weighted([
                ['TCP', 50],
                ['TLS', 35],
                ['UDP', 15],
              ] as const);
        port = role === 'main' ? 443 : protocol === 'UDP' ? 53 : 8000 + i;
        defaultActions = forward(i);
      }
      const tls = protocol === 'HTTPS' || protocol === 'TLS';
      const listener: ElbListener = {
        ListenerArn: listenerArn,
        LoadBalancerArn: lbArn,
        Port: port,
        Protocol: protocol,
        DefaultActions: defaultActions,
      };
      if (tls) {
        const policy = r.weighted(TLS_POLICIES);
        usedPolicies.add(policy);
        const main = tlsCertificate();
        listener.SslPolicy = policy;
        listener.Certificates = [{ CertificateArn: main }];
        const list: ElbCertificate[] = [{ CertificateArn: main, IsDefault: true }];
        if (protocol === 'HTTPS' && r.chance(0.25)) {
          const api = `api.${name}.example.com`;
          list.push({ CertificateArn: certificate(api, [api]), IsDefault: false });
        }
        listenerCertificates[listenerArn] = list;
      }
      if (protocol === 'HTTPS') {
        // Mutual TLS on a share of HTTPS listeners, by position (no random draw, so the rest of
        // the account is as before): verify against one of the account's trust stores, or pass
        // client certificates through.
        const mode = l % 5 === 0 ? 'verify' : l % 11 === 0 ? 'passthrough' : 'off';
        listener.MutualAuthentication = {
          Mode: mode,
          ...(mode === 'verify'
            ? {
                TrustStoreArn: trustStoreArns[l % trustStoreArns.length] as string,
                IgnoreClientCertificateExpiry: l % 3 === 0,
              }
            : {}),
        };
      }
      listeners.push(listener);
      const ruleArn = (n: number) =>
        arnOf(
          c,
          'elasticloadbalancing',
          `listener-rule/${type === 'application' ? 'app' : 'net'}/${name}/${hexId(0xa11b0000 + l, 16)}/${hexId(0x11000000 + l * 8 + i, 16)}/${hexId(0x22000000 + n, 16)}`,
        );
      const defaultRule: ElbRule = {
        RuleArn: ruleArn(0),
        Priority: 'default',
        Conditions: [],
        Actions: defaultActions,
        IsDefault: true,
      };
      if (protocol === 'HTTPS') {
        // Host-based rules: the hosts the certificates cover, and now and then one they do not.
        const hostRules: ElbRule[] = Array.from({ length: 1 + r.int(3) }, (_, n) => {
          const host = r.chance(0.08)
            ? `legacy.${TEAMS[n % TEAMS.length]}.example.org`
            : (hosts[n % hosts.length] as string);
          return {
            RuleArn: ruleArn(n + 1),
            Priority: String((n + 1) * 10),
            Conditions: [
              { Field: 'host-header', Values: [host], HostHeaderConfig: { Values: [host] } },
            ],
            Actions: forward(n),
            IsDefault: false,
          };
        });
        rules[listenerArn] = [...hostRules, defaultRule];
      } else if (
        protocol === 'TLS' ||
        (protocol === 'HTTP' && defaultActions?.[0]?.Type !== 'forward')
      ) {
        // An HTTP listener that redirects may still have a rule that forwards plain HTTP.
        rules[listenerArn] =
          protocol === 'HTTP' && r.chance(0.05)
            ? [
                {
                  RuleArn: ruleArn(1),
                  Priority: '5',
                  Conditions: [
                    {
                      Field: 'path-pattern',
                      Values: ['/health'],
                      PathPatternConfig: { Values: ['/health'] },
                    },
                  ],
                  Actions: forward(0),
                  IsDefault: false,
                },
                defaultRule,
              ]
            : [defaultRule];
      } else {
        rules[listenerArn] = [defaultRule];
      }
    }
  });
  const sslPolicies: ElbSslPolicy[] = [...usedPolicies].sort().map((Name) => ({
    Name,
    SslProtocols: POLICY_PROTOCOLS[Name] ?? ['TLSv1.2'],
    Ciphers: [
      { Name: 'ECDHE-ECDSA-AES128-GCM-SHA256', Priority: 1 },
      { Name: 'ECDHE-RSA-AES128-GCM-SHA256', Priority: 2 },
    ],
    SupportedLoadBalancerTypes: ['application', 'network'],
  }));

  // The services themselves.
  const services: EcsService[] = [];
  let active = 0;
  servicePlans.forEach((p, index) => {
    const { plan, name } = p;
    let taskDefinition: string;
    let previous: string | undefined;
    if (p.active) {
      const k = active < primaries ? active : r.int(primaries);
      taskDefinition = primaryArns[k] as string;
      if (active < primaries) previous = previousOf.get(k);
      active += 1;
    } else {
      const td = makeTaskDefinition(c, `drain-${name}`, 1, plan.team, plan.kind, pools);
      taskDefinitions.push(td);
      taskDefinition = td.taskDefinitionArn as string;
    }
    const fargate = plan.kind === 'FARGATE';
    const useStrategy = r.chance(fargate ? 0.3 : 0.4);
    const launchType = useStrategy ? undefined : plan.kind;
    const awsvpc = fargate || r.chance(0.5);
    const connect = r.chance(0.2);
    // Confidential services mostly run where enclaves are, some elsewhere by mistake.
    const confidential = r.chance(plan.enclaves ? 0.3 : 0.02);
    const created = c.now - (1 + r.int(300)) * DAY;
    const tgs = targetGroupsOf.get(p) ?? [];
    services.push({
      serviceArn: arnOf(c, 'ecs', `service/${plan.name}/${name}`),
      serviceName: name,
      clusterArn: plan.cluster.clusterArn,
      status: p.active ? 'ACTIVE' : 'DRAINING',
      taskDefinition,
      desiredCount: p.active ? 2 : 0,
      runningCount: p.active ? 2 : 1,
      pendingCount: 0,
      ...(launchType ? { launchType } : {}),
      ...(useStrategy && fargate
        ? {
            capacityProviderStrategy: [
              { capacityProvider: r.pick(['FARGATE', 'FARGATE_SPOT']), weight: 1, base: 0 },
            ],
          }
        : {}),
      schedulingStrategy: 'REPLICA',
      loadBalancers: tgs.map((targetGroupArn) => ({
        targetGroupArn,
        containerName: 'app',
        containerPort: 8080,
      })),
      ...(awsvpc
        ? {
            networkConfiguration: {
              awsvpcConfiguration: {
                subnets: plan.vpc.subnets.slice(0, 2 + r.int(2)).map((sn) => sn.SubnetId as string),
                securityGroups: [`sg-0${hexId(0x3300 + index, 16)}`],
                assignPublicIp: 'DISABLED',
              },
            },
          }
        : {}),
      deployments: [
        {
          id: `ecs-svc/${pad(index, 19)}`,
          status: 'PRIMARY',
          taskDefinition,
          desiredCount: 2,
          pendingCount: 0,
          runningCount: previous ? 1 : 2,
          failedTasks: 0,
          ...(launchType ? { launchType } : {}),
          createdAt: iso(created),
          updatedAt: iso(created + 300_000),
          rolloutState: previous ? 'IN_PROGRESS' : 'COMPLETED',
          ...(connect
            ? {
                serviceConnectConfiguration: {
                  enabled: true,
                  namespace: `${plan.team}.local`,
                  // One in five are clients only; the others publish a port, with TLS most of the time.
                  services: r.chance(0.2)
                    ? []
                    : [
                        {
                          portName: 'http',
                          discoveryName: name,
                          clientAliases: [{ port: 80, dnsName: `${name}.${plan.team}.local` }],
                          ...(r.chance(0.6)
                            ? {
                                tls: {
                                  issuerCertificateAuthority: {
                                    awsPcaAuthorityArn: arnOf(
                                      c,
                                      'acm-pca',
                                      `certificate-authority/${hexId(0xca000 + TEAMS.indexOf(plan.team), 8)}-4b8d-9e0f-0a1b2c3d4e5f`,
                                    ),
                                  },
                                  roleArn: `arn:aws:iam::${c.accountId}:role/ecs-service-connect-tls`,
                                },
                              }
                            : {}),
                        },
                      ],
                },
              }
            : {}),
        },
        ...(previous
          ? [
              {
                id: `ecs-svc/${pad(index, 18)}9`,
                status: 'ACTIVE',
                taskDefinition: previous,
                desiredCount: 2,
                pendingCount: 0,
                runningCount: 1,
                failedTasks: 0,
                createdAt: iso(created - DAY),
                updatedAt: iso(created),
                rolloutState: 'COMPLETED',
              },
            ]
          : []),
      ],
      events: events(c, name),
      createdAt: iso(created - 30 * DAY),
      createdBy: `arn:aws:iam::${c.accountId}:role/deployer`,
      deploymentConfiguration: {
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        deploymentCircuitBreaker: { enable: true, rollback: true },
      },
      placementConstraints: [],
      placementStrategy: [],
      enableECSManagedTags: true,
      propagateTags: 'SERVICE',
      enableExecuteCommand: r.chance(0.2),
      tags: [
        { key: 'Team', value: plan.team },
        ...(confidential
          ? [{ key: 'DataClassification', value: r.pick(['confidential', 'Confidential']) }]
          : []),
      ],
    } as EcsService);
  });

  const classic = makeClassicLoadBalancers(c, services, certificates);
  const vpcLattice = makeLattice(c, services);

  // App Mesh: meshes with virtual nodes and gateways of every TLS posture.
  const meshes: AppMeshMesh[] = [];
  const virtualNodes: AppMeshVirtualNode[] = [];
  const virtualGateways: AppMeshVirtualGateway[] = [];
  const nodesPerMesh = apportion(r, size.virtualNodes, size.meshes, 0);
  const gatewaysPerMesh = apportion(r, size.virtualGateways, size.meshes, 0);
  const metadata = (arn: string) => ({
    arn,
    version: 1 + r.int(9),
    uid: `${hexId(r.int(0xffffffff), 8)}-4c1e-9a7b-${hexId(r.int(0xffffff), 12)}`,
    createdAt: iso(c.now - (400 + r.int(400)) * DAY),
    lastUpdatedAt: iso(c.now - r.int(300) * DAY),
    meshOwner: c.accountId,
    resourceOwner: c.accountId,
  });
  const pca = arnOf(c, 'acm-pca', 'certificate-authority/7f3e1c2a-mesh-4b8d-9e0f-0a1b2c3d4e5f');
  type TlsMode = 'mtls' | 'strict' | 'permissive' | 'none';
  const listenerTls = (
    mode: TlsMode = r.weighted([
      ['mtls', 40],
      ['strict', 20],
      ['permissive', 15],
      ['none', 25],
    ] as const),
  ) => {
    if (mode === 'none') return {};
    return {
      tls: {
        mode: mode === 'permissive' ? 'PERMISSIVE' : 'STRICT',
        certificate: {
          acm: { certificateArn: arnOf(c, 'acm', `certificate/mesh-${hexId(r.int(0xffffff), 8)}`) },
        },
        ...(mode === 'mtls'
          ? { validation: { trust: { file: { certificateChain: '/etc/mesh/ca-chain.pem' } } } }
          : {}),
      },
    };
  };
  type Posture = 'enforced' | 'not-enforced' | 'absent';
  const clientPolicy = (
    posture: Posture = r.weighted([
      ['enforced', 60],
      ['not-enforced', 15],
      ['absent', 25],
    ] as const),
  ) => {
    return posture === 'absent'
      ? {}
      : {
          backendDefaults: {
            clientPolicy: {
              tls: {
                enforce: posture === 'enforced',
                validation: { trust: { acm: { certificateAuthorityArns: [pca] } } },
              },
            },
          },
        };
  };
  for (let m = 0; m < size.meshes; m += 1) {
    const meshName = `${TEAMS[m % TEAMS.length]}-mesh-${pad(m, 2)}`;
    const meshArn = arnOf(c, 'appmesh', `mesh/${meshName}`);
    meshes.push({
      meshName,
      spec: {
        egressFilter: { type: r.pick(['DROP_ALL', 'ALLOW_ALL']) },
        serviceDiscovery: { ipPreference: 'IPv4_PREFERRED' },
      },
      metadata: metadata(meshArn),
      status: { status: 'ACTIVE' },
    });
    for (let n = 0; n < (nodesPerMesh[m] as number); n += 1) {
      const virtualNodeName = `node-${pad(m, 2)}-${pad(n, 4)}`;
      virtualNodes.push({
        meshName,
        virtualNodeName,
        spec: {
          serviceDiscovery: {
            dns: { hostname: `${virtualNodeName}.${meshName}.local`, responseType: 'LOADBALANCER' },
          },
          listeners: [{ portMapping: { port: 8080, protocol: 'http' }, ...listenerTls() }],
          backends: Array.from({ length: r.int(4) }, (_, b) => ({
            virtualService: { virtualServiceName: `svc-${(n + b + 1) % 97}.${meshName}.local` },
          })),
          ...clientPolicy(),
          logging: { accessLog: { file: { path: '/dev/stdout' } } },
        },
        metadata: metadata(`${meshArn}/virtualNode/${virtualNodeName}`),
        status: { status: 'ACTIVE' },
      } as AppMeshVirtualNode);
    }
    for (let g = 0; g < (gatewaysPerMesh[m] as number); g += 1) {
      const virtualGatewayName = `gateway-${pad(m, 2)}-${pad(g, 2)}`;
      virtualGateways.push({
        meshName,
        virtualGatewayName,
        spec: {
          // Few gateways: every posture in turn.
          listeners: [
            {
              portMapping: { port: 443, protocol: 'http' },
              ...listenerTls((['strict', 'permissive', 'mtls', 'none'] as const)[g % 4]),
            },
          ],
          ...clientPolicy((['enforced', 'not-enforced', 'enforced', 'absent'] as const)[g % 4]),
          logging: { accessLog: { file: { path: '/dev/stdout' } } },
        },
        metadata: metadata(`${meshArn}/virtualGateway/${virtualGatewayName}`),
        status: { status: 'ACTIVE' },
      } as AppMeshVirtualGateway);
    }
  }

  // The task definitions wired to App Mesh, now that its nodes and gateways exist (no random draw:
  // the rest of the account stays as it was): the families of the services with a mesh, and the
  // first others should there be fewer of them than meshes, so that every mesh is in scope. Family
  // i serves a resource of mesh i mod M, its previous revision the same one.
  const meshTargets = meshes
    .map((mesh) =>
      meshResources(
        virtualNodes.filter((n) => n.meshName === mesh.meshName),
        virtualGateways.filter((g) => g.meshName === mesh.meshName),
      ),
    )
    .filter((targets) => targets.length > 0);
  const meshFamilies = activePlans.slice(0, primaries).flatMap((p, k) => (p.mesh ? [k] : []));
  for (let k = 0; meshFamilies.length < meshTargets.length && k < primaries; k += 1) {
    if (!(activePlans[k] as ServicePlan).mesh) meshFamilies.push(k);
  }
  meshFamilies.sort((a, b) => a - b);
  meshFamilies.forEach((k, i) => {
    const targets = meshTargets[i % meshTargets.length] as MeshResource[];
    const resource = targets[Math.floor(i / meshTargets.length) % targets.length] as MeshResource;
    // One node-wired family in eight reaches Envoy as an explicit proxy: no proxy configuration.
    for (const td of revisionsOf[k] ?? []) wireToMesh(c, td, resource, i % 8 !== 7);
  });

  // VPC endpoints: most of what ECS needs in the hosting VPCs, with gaps and broken ones.
  const vpcEndpoints: Ec2VpcEndpoint[] = [];
  const perVpc = apportion(r, size.vpcEndpoints, hostingVpcs.length, 0);
  hostingVpcs.forEach((vpc, v) => {
    const wanted = perVpc[v] as number;
    // What ECS needs first (each now and then forgotten, but in the first VPC, run by the
    // platform team), then the others in any order.
    const tidy = v === 0;
    const names = [
      ...ENDPOINT_SERVICES.slice(0, ESSENTIAL_ENDPOINTS).filter(() => tidy || !r.chance(0.08)),
      ...r.shuffle(ENDPOINT_SERVICES.slice(ESSENTIAL_ENDPOINTS)),
    ];
    for (let e = 0; e < wanted; e += 1) {
      const short = e < names.length ? (names[e] as string) : r.pick(ENDPOINT_SERVICES);
      const state = tidy
        ? 'available'
        : r.weighted([
            ['available', 94],
            ['pendingAcceptance', 3],
            ['rejected', 3],
          ] as const);
      vpcEndpoints.push({
        VpcEndpointId: `vpce-0${hexId(0xe9000 + vpcEndpoints.length, 16)}`,
        VpcEndpointType: 'Interface',
        VpcId: vpc.vpcId,
        ServiceName: `com.amazonaws.${c.region}.${short}`,
        // The wire value (lower case), which the SDK's enum type spells differently.
        State: state as Ec2VpcEndpoint['State'],
        PrivateDnsEnabled: tidy || r.chance(0.92),
        SubnetIds: vpc.subnets.map((sn) => sn.SubnetId as string),
        Groups: [{ GroupId: `sg-0${hexId(0xe900 + v, 16)}`, GroupName: 'endpoints' }],
        IpAddressType: 'ipv4',
        DnsOptions: { DnsRecordIpType: 'ipv4' },
        CreationTimestamp: iso(c.now - r.int(600) * DAY),
        OwnerId: c.accountId,
        RequesterManaged: false,
        Tags: [],
      });
    }
  });

  const region: RegionSnapshot = {
    ecs: {
      clusters: clusters.map((p) => p.cluster),
      services,
      taskDefinitions,
      containerInstances,
    },
    elbv2: {
      loadBalancers,
      listeners,
      listenerCertificates,
      rules,
      targetGroups,
      sslPolicies,
      trustStores,
    },
    elb: classic,
    vpcLattice,
    ec2: {
      vpcEndpoints,
      subnets: hostingVpcs.flatMap((vpc) => vpc.subnets),
      instances,
    },
    appmesh: { meshes, virtualNodes, virtualGateways },
    acm: { certificates },
    ssm: { parameters: pools.parameters },
    secretsManager: { secrets: pools.secrets },
  };
  return {
    format: 'ecs-encryption-scanner/snapshot@2',
    failures: [],
    accountId: c.accountId,
    partition: 'aws',
    regions: {
      [c.region]: withTags(region, {
        // Their own stream: the tags leave every other draw, so the rest of the account, as it was.
        random: prng((options.seed ?? DEFAULT_SEED) ^ 0x7a65),
        now: c.now,
        accountId: c.accountId,
        vpcIds: hostingVpcs.map((vpc) => vpc.vpcId),
      }),
    },
  };
};
