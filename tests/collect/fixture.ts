// A synthetic account for the collector tests: enough of everything to page, batch and
// de-duplicate, plus out-of-scope items the collectors must not fetch.
import type {
  EcsService,
  EcsTaskDefinition,
  RegionSnapshot,
  Snapshot,
} from '../../lib/snapshot/types.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const OTHER_REGION = 'eu-west-1';

const base = (service: string, region = REGION) => `arn:aws:${service}:${region}:${ACCOUNT}`;

export const arn = {
  cluster: (name: string) => `${base('ecs')}:cluster/${name}`,
  service: (cluster: string, name: string) => `${base('ecs')}:service/${cluster}/${name}`,
  taskDefinition: (family: string, revision: number) =>
    `${base('ecs')}:task-definition/${family}:${revision}`,
  containerInstance: (cluster: string, id: string) =>
    `${base('ecs')}:container-instance/${cluster}/${id}`,
  loadBalancer: (name: string, type: 'app' | 'net' = 'app') =>
    `${base('elasticloadbalancing')}:loadbalancer/${type}/${name}/0123456789abcdef`,
  listener: (lb: string, id: string, type: 'app' | 'net' = 'app') =>
    `${base('elasticloadbalancing')}:listener/${type}/${lb}/0123456789abcdef/${id}`,
  trustStore: (name: string) =>
    `${base('elasticloadbalancing')}:truststore/${name}/0123456789abcdef`,
  rule: (lb: string, listener: string, id: string) =>
    `${base('elasticloadbalancing')}:listener-rule/app/${lb}/0123456789abcdef/${listener}/${id}`,
  targetGroup: (name: string) =>
    `${base('elasticloadbalancing')}:targetgroup/${name}/fedcba9876543210`,
  certificate: (id: string) => `${base('acm')}:certificate/${id}`,
  secret: (name: string, region = REGION) => `${base('secretsmanager', region)}:secret:${name}`,
  parameter: (name: string) => `${base('ssm')}:parameter/${name.replace(/^\//, '')}`,
  mesh: (name: string) => `${base('appmesh')}:mesh/${name}`,
};

const TLS13 = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
const TLS13_RES = 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06';
const LEGACY = 'ELBSecurityPolicy-2016-08';

/** 23 Fargate services in `prod` (three DescribeServices batches) running 5 task definitions. */
const PROD_SERVICES = 23;

const fargateService = (i: number): EcsService => {
  const name = `svc-${String(i).padStart(2, '0')}`;
  const family = `app-${i % 5}`;
  return {
    serviceArn: arn.service('prod', name),
    serviceName: name,
    clusterArn: arn.cluster('prod'),
    status: 'ACTIVE',
    launchType: 'FARGATE',
    taskDefinition: arn.taskDefinition(family, 2),
    deployments: [
      {
        id: `ecs-svc/${i}1`,
        status: 'PRIMARY',
        taskDefinition: arn.taskDefinition(family, 2),
        createdAt: '2026-11-01T10:00:00.000Z',
      },
      // A rolling deployment still running revision 1 of some families.
      ...(i % 5 === 0
        ? [
            {
              id: `ecs-svc/${i}2`,
              status: 'ACTIVE',
              taskDefinition: arn.taskDefinition(family, 1),
              createdAt: '2026-10-01T10:00:00.000Z',
            },
          ]
        : []),
      {
        id: `ecs-svc/${i}3`,
        status: 'INACTIVE',
        taskDefinition: arn.taskDefinition(family, 0),
        createdAt: '2026-09-01T10:00:00.000Z',
      },
    ],
    networkConfiguration: {
      awsvpcConfiguration: { subnets: [`subnet-a${i % 3}`], assignPublicIp: 'DISABLED' },
    },
    loadBalancers:
      i === 0
        ? [{ targetGroupArn: arn.targetGroup('web'), containerName: 'app', containerPort: 8443 }]
        : i === 1
          ? [{ targetGroupArn: arn.targetGroup('tls'), containerName: 'app', containerPort: 8443 }]
          : i === 2
            ? [
                {
                  targetGroupArn: arn.targetGroup('web'),
                  containerName: 'app',
                  containerPort: 8443,
                },
              ]
            : [],
    tags: [{ key: 'team', value: `team-${i % 4}` }],
  };
};

const taskDefinition = (
  family: string,
  revision: number,
  extra: Partial<EcsTaskDefinition> = {},
): EcsTaskDefinition => ({
  taskDefinitionArn: arn.taskDefinition(family, revision),
  family,
  revision,
  status: 'ACTIVE',
  networkMode: 'awsvpc',
  registeredAt: '2026-10-15T08:30:00.000Z',
  containerDefinitions: [
    {
      name: 'app',
      image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${family}:${revision}`,
      environment: [{ name: 'LOG_LEVEL', value: 'info' }],
      secrets: [
        { name: 'DB_PASSWORD', valueFrom: `${arn.secret('prod/db-AbCdEf')}:password::` },
        { name: 'DB_URL', valueFrom: '/prod/db-url' },
      ],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': `/ecs/${family}` } },
    },
  ],
  tags: [{ key: 'family', value: family }],
  ...extra,
});

/** An App Mesh workload's Envoy sidecar, naming its mesh resource as real task definitions do. */
const envoy = (variable: string, value: string) => ({
  name: 'envoy',
  image: `840364872350.dkr.ecr.${REGION}.amazonaws.com/aws-appmesh-envoy:v1.29.12.0-prod`,
  environment: [{ name: variable, value }],
});

/** The meshes in scope: those the revisions services run point at (lab's node no longer exists). */
const MESH_WIRING: Record<string, ReturnType<typeof envoy>> = {
  'app-2': envoy('APPMESH_RESOURCE_ARN', `${arn.mesh('shop')}/virtualNode/cart`),
  'app-3': envoy('APPMESH_VIRTUAL_NODE_NAME', 'mesh/payments/virtualNode/ledger'),
  'app-4': envoy('APPMESH_RESOURCE_ARN', `${arn.mesh('shop')}/virtualGateway/ingress`),
  worker: envoy('APPMESH_RESOURCE_ARN', `${arn.mesh('lab')}/virtualNode/gone`),
};

const withMesh = (definition: EcsTaskDefinition): EcsTaskDefinition => {
  const sidecar = MESH_WIRING[definition.family ?? ''];
  if (!sidecar || definition.revision === 0) return definition;
  return {
    ...definition,
    containerDefinitions: [...(definition.containerDefinitions ?? []), sidecar],
  };
};

/** Every task definition `prod` services run, plus ones they do not (revision 0, unused family). */
const taskDefinitions = (): EcsTaskDefinition[] =>
  [
    ...[0, 1, 2, 3, 4].flatMap((f) => [
      taskDefinition(`app-${f}`, 0),
      taskDefinition(`app-${f}`, 1),
      taskDefinition(
        `app-${f}`,
        2,
        f === 1
          ? {
              containerDefinitions: [
                {
                  name: 'app',
                  image: 'public.ecr.aws/nginx/nginx:1.27',
                  secrets: [
                    { name: 'API_KEY', valueFrom: arn.parameter('/prod/api-key') },
                    { name: 'TOKEN', valueFrom: 'prod-token' },
                    { name: 'REPLICA', valueFrom: arn.secret('prod/replica-XyZ123', OTHER_REGION) },
                  ],
                  repositoryCredentials: { credentialsParameter: arn.secret('prod/registry') },
                },
              ],
            }
          : {},
      ),
    ]),
    taskDefinition('worker', 3, { networkMode: 'bridge', requiresCompatibilities: ['EC2'] }),
    taskDefinition('unused', 1),
  ].map(withMesh);

const listener = (
  lb: string,
  id: string,
  protocol: string,
  port: number,
  extra: Record<string, unknown> = {},
  type: 'app' | 'net' = 'app',
) => ({
  ListenerArn: arn.listener(lb, id, type),
  LoadBalancerArn: arn.loadBalancer(lb, type),
  Port: port,
  Protocol: protocol,
  DefaultActions: [
    { Type: 'forward', TargetGroupArn: arn.targetGroup(type === 'app' ? 'web' : 'tls') },
  ],
  ...extra,
});

const hostRule = (
  lb: string,
  listenerId: string,
  id: string,
  priority: string,
  hosts: string[],
) => ({
  RuleArn: arn.rule(lb, listenerId, id),
  Priority: priority,
  IsDefault: false,
  Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: hosts } }],
  Actions: [{ Type: 'forward', TargetGroupArn: arn.targetGroup('web') }],
});

const defaultRule = (lb: string, listenerId: string, type = 'forward') => ({
  RuleArn: arn.rule(lb, listenerId, 'default'),
  Priority: 'default',
  IsDefault: true,
  Conditions: [],
  Actions: [{ Type: type }],
});

const certificate = (id: string, domain: string, sans: string[]) => ({
  CertificateArn: arn.certificate(id),
  DomainName: domain,
  SubjectAlternativeNames: [domain, ...sans],
  Status: 'ISSUED',
  Type: 'AMAZON_ISSUED',
  NotBefore: '2026-06-01T00:00:00.000Z',
  NotAfter: '2027-06-01T23:59:59.000Z',
  RenewalEligibility: 'ELIGIBLE',
  InUseBy: [arn.loadBalancer('web')],
});

const vpcEndpoint = (id: string, vpc: string, service: string) => ({
  VpcEndpointId: id,
  VpcEndpointType: 'Interface',
  VpcId: vpc,
  ServiceName: `com.amazonaws.${REGION}.${service}`,
  State: 'available',
  PrivateDnsEnabled: true,
  CreationTimestamp: '2026-01-10T12:00:00.000Z',
});

const vpc = (id: string, cidr: string, tags: { Key: string; Value: string }[]) => ({
  VpcId: id,
  CidrBlock: cidr,
  State: 'available',
  OwnerId: ACCOUNT,
  IsDefault: false,
  Tags: tags,
});

const virtualNode = (mesh: string, name: string, tls: boolean) => ({
  meshName: mesh,
  virtualNodeName: name,
  metadata: {
    arn: `${arn.mesh(mesh)}/virtualNode/${name}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastUpdatedAt: '2026-01-02T00:00:00.000Z',
    meshOwner: ACCOUNT,
    resourceOwner: ACCOUNT,
    uid: `uid-${mesh}-${name}`,
    version: 1,
  },
  spec: {
    listeners: [
      {
        portMapping: { port: 8080, protocol: 'http' },
        ...(tls
          ? {
              tls: {
                mode: 'STRICT',
                certificate: { acm: { certificateArn: arn.certificate('mesh') } },
              },
            }
          : {}),
      },
    ],
  },
  status: { status: 'ACTIVE' },
});

const virtualGateway = (mesh: string, name: string) => ({
  meshName: mesh,
  virtualGatewayName: name,
  metadata: {
    arn: `${arn.mesh(mesh)}/virtualGateway/${name}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastUpdatedAt: '2026-01-02T00:00:00.000Z',
    meshOwner: ACCOUNT,
    resourceOwner: ACCOUNT,
    uid: `uid-${mesh}-${name}`,
    version: 1,
  },
  spec: { listeners: [{ portMapping: { port: 443, protocol: 'http' } }] },
  status: { status: 'ACTIVE' },
});

const mesh = (name: string) => ({
  meshName: name,
  metadata: {
    arn: arn.mesh(name),
    createdAt: '2026-01-01T00:00:00.000Z',
    lastUpdatedAt: '2026-01-02T00:00:00.000Z',
    meshOwner: ACCOUNT,
    resourceOwner: ACCOUNT,
    uid: `uid-${name}`,
    version: 1,
  },
  spec: { egressFilter: { type: 'DROP_ALL' } },
  status: { status: 'ACTIVE' },
});

// Plain JSON, as a snapshot file holds it: typed once, at the end.
const region = () => ({
  ecs: {
    clusters: [
      {
        clusterArn: arn.cluster('prod'),
        clusterName: 'prod',
        status: 'ACTIVE',
        settings: [{ name: 'containerInsights', value: 'enabled' }],
        tags: [],
      },
      {
        clusterArn: arn.cluster('batch'),
        clusterName: 'batch',
        status: 'ACTIVE',
        defaultCapacityProviderStrategy: [{ capacityProvider: 'asg-batch', weight: 1 }],
        tags: [{ key: 'team', value: 'data' }],
      },
      {
        clusterArn: arn.cluster('fargate-only'),
        clusterName: 'fargate-only',
        status: 'ACTIVE',
        tags: [],
      },
    ],
    services: [
      ...Array.from({ length: PROD_SERVICES }, (_, i) => fargateService(i)),
      // Draining: out of scope, its task definition is not described.
      {
        serviceArn: arn.service('prod', 'retired'),
        serviceName: 'retired',
        clusterArn: arn.cluster('prod'),
        status: 'DRAINING',
        launchType: 'FARGATE',
        taskDefinition: arn.taskDefinition('unused', 1),
      },
      // EC2 via the cluster's default capacity provider strategy: container instances needed.
      {
        serviceArn: arn.service('batch', 'worker'),
        serviceName: 'worker',
        clusterArn: arn.cluster('batch'),
        status: 'ACTIVE',
        taskDefinition: arn.taskDefinition('worker', 3),
        deployments: [
          { id: 'ecs-svc/w1', status: 'PRIMARY', taskDefinition: arn.taskDefinition('worker', 3) },
        ],
        tags: [{ key: 'DataClassification', value: 'confidential' }],
      },
      {
        serviceArn: arn.service('fargate-only', 'edge'),
        serviceName: 'edge',
        clusterArn: arn.cluster('fargate-only'),
        status: 'ACTIVE',
        launchType: 'FARGATE',
        taskDefinition: arn.taskDefinition('app-0', 2),
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a0', 'subnet-gone'] } },
        tags: [],
      },
    ],
    taskDefinitions: taskDefinitions(),
    containerInstances: [
      ...['ci-1', 'ci-2', 'ci-3'].map((id, i) => ({
        containerInstanceArn: arn.containerInstance('batch', id),
        ec2InstanceId: `i-0batch${i}`,
        status: 'ACTIVE',
        agentConnected: true,
        registeredAt: '2026-10-01T00:00:00.000Z',
      })),
      {
        containerInstanceArn: arn.containerInstance('batch', 'ci-old'),
        ec2InstanceId: 'i-0batchold',
        status: 'DEREGISTERING',
      },
      // Of a cluster without EC2 services: not listed.
      {
        containerInstanceArn: arn.containerInstance('fargate-only', 'ci-x'),
        ec2InstanceId: 'i-0other',
        status: 'ACTIVE',
      },
    ],
  },
  elbv2: {
    loadBalancers: [
      {
        LoadBalancerArn: arn.loadBalancer('web'),
        LoadBalancerName: 'web',
        Type: 'application',
        Scheme: 'internet-facing',
        VpcId: 'vpc-a',
        CreatedTime: '2026-01-05T00:00:00.000Z',
      },
      {
        LoadBalancerArn: arn.loadBalancer('tls', 'net'),
        LoadBalancerName: 'tls',
        Type: 'network',
        Scheme: 'internal',
        VpcId: 'vpc-a',
      },
      // In front of no ECS service: only with --all-load-balancers.
      {
        LoadBalancerArn: arn.loadBalancer('legacy'),
        LoadBalancerName: 'legacy',
        Type: 'application',
        Scheme: 'internet-facing',
        VpcId: 'vpc-c',
      },
    ],
    listeners: [
      listener('web', 'https', 'HTTPS', 443, {
        SslPolicy: TLS13,
        Certificates: [{ CertificateArn: arn.certificate('default') }],
        // Verifies client certificates: its trust store is described.
        MutualAuthentication: {
          Mode: 'verify',
          TrustStoreArn: arn.trustStore('clients'),
          IgnoreClientCertificateExpiry: false,
        },
      }),
      // Redirects by default: its rules decide.
      listener('web', 'http', 'HTTP', 80, {
        DefaultActions: [
          {
            Type: 'redirect',
            RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
          },
        ],
      }),
      // Forwards by default: FAILED whatever its rules say, so they are not fetched.
      listener('web', 'plain', 'HTTP', 8080),
      listener(
        'tls',
        'tls',
        'TLS',
        443,
        { SslPolicy: TLS13_RES, Certificates: [{ CertificateArn: arn.certificate('nlb') }] },
        'net',
      ),
      listener('tls', 'tcp', 'TCP', 22, {}, 'net'),
      listener('legacy', 'https', 'HTTPS', 443, {
        SslPolicy: LEGACY,
        Certificates: [{ CertificateArn: arn.certificate('legacy') }],
      }),
    ],
    listenerCertificates: {
      [arn.listener('web', 'https')]: [
        { CertificateArn: arn.certificate('default'), IsDefault: true },
        { CertificateArn: arn.certificate('sni-api'), IsDefault: false },
        {
          CertificateArn: 'arn:aws:iam::111122223333:server-certificate/old-sni',
          IsDefault: false,
        },
      ],
      [arn.listener('tls', 'tls', 'net')]: [
        { CertificateArn: arn.certificate('nlb'), IsDefault: true },
      ],
      [arn.listener('legacy', 'https')]: [
        { CertificateArn: arn.certificate('legacy'), IsDefault: true },
      ],
    },
    rules: {
      [arn.listener('web', 'https')]: [
        hostRule('web', 'https', 'r1', '10', ['www.example.com']),
        hostRule('web', 'https', 'r2', '20', ['api.example.com']),
        defaultRule('web', 'https'),
      ],
      [arn.listener('web', 'http')]: [
        {
          ...hostRule('web', 'http', 'r3', '5', ['old.example.com']),
          Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
        },
        defaultRule('web', 'http', 'redirect'),
      ],
      [arn.listener('web', 'plain')]: [defaultRule('web', 'plain')],
      [arn.listener('tls', 'tls', 'net')]: [defaultRule('tls', 'tls')],
      [arn.listener('legacy', 'https')]: [defaultRule('legacy', 'https')],
    },
    targetGroups: [
      {
        TargetGroupArn: arn.targetGroup('web'),
        TargetGroupName: 'web',
        Protocol: 'HTTPS',
        Port: 8443,
        VpcId: 'vpc-a',
        HealthCheckProtocol: 'HTTPS',
        TargetType: 'ip',
        LoadBalancerArns: [arn.loadBalancer('web')],
      },
      {
        TargetGroupArn: arn.targetGroup('tls'),
        TargetGroupName: 'tls',
        Protocol: 'TLS',
        Port: 8443,
        VpcId: 'vpc-a',
        TargetType: 'ip',
        LoadBalancerArns: [arn.loadBalancer('tls', 'net')],
      },
      {
        TargetGroupArn: arn.targetGroup('unused'),
        TargetGroupName: 'unused',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: 'vpc-c',
        LoadBalancerArns: [],
      },
    ],
    trustStores: [
      {
        TrustStoreArn: arn.trustStore('clients'),
        Name: 'clients',
        Status: 'ACTIVE',
        NumberOfCaCertificates: 1,
        TotalRevokedEntries: 0,
      },
      // No listener verifies against it: never described.
      { TrustStoreArn: arn.trustStore('spare'), Name: 'spare', Status: 'CREATING' },
    ],
    sslPolicies: [
      {
        Name: TLS13,
        SslProtocols: ['TLSv1.2', 'TLSv1.3'],
        SupportedLoadBalancerTypes: ['application', 'network'],
      },
      {
        Name: TLS13_RES,
        SslProtocols: ['TLSv1.2', 'TLSv1.3'],
        SupportedLoadBalancerTypes: ['application', 'network'],
      },
      {
        Name: LEGACY,
        SslProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
        SupportedLoadBalancerTypes: ['application', 'network'],
      },
    ],
    tags: {
      [arn.loadBalancer('web')]: [
        { Key: 'ecs-encryption-scanner:exempt', Value: 'elbv2_listener_tls_policy' },
        { Key: 'ecs-encryption-scanner:exempt-reason', Value: 'partner clients need TLS 1.2' },
        { Key: 'ecs-encryption-scanner:exempt-until', Value: '2027-06-30' },
      ],
      [arn.loadBalancer('tls', 'net')]: [],
      [arn.loadBalancer('legacy')]: [{ Key: 'team', Value: 'legacy' }],
      [arn.targetGroup('web')]: [{ Key: 'team', Value: 'web' }],
      [arn.targetGroup('tls')]: [{ Key: 'ecs-encryption-scanner:exempt', Value: '*' }],
      [arn.targetGroup('unused')]: [],
    },
  },
  ec2: {
    subnets: [
      {
        SubnetId: 'subnet-a0',
        VpcId: 'vpc-a',
        AvailabilityZone: 'us-east-1a',
        CidrBlock: '10.0.0.0/24',
      },
      {
        SubnetId: 'subnet-a1',
        VpcId: 'vpc-a',
        AvailabilityZone: 'us-east-1b',
        CidrBlock: '10.0.1.0/24',
      },
      {
        SubnetId: 'subnet-a2',
        VpcId: 'vpc-a',
        AvailabilityZone: 'us-east-1c',
        CidrBlock: '10.0.2.0/24',
      },
      {
        SubnetId: 'subnet-c0',
        VpcId: 'vpc-c',
        AvailabilityZone: 'us-east-1a',
        CidrBlock: '10.2.0.0/24',
      },
    ],
    instances: [
      ...[0, 1, 2].map((i) => ({
        InstanceId: `i-0batch${i}`,
        InstanceType: 'm6i.large',
        VpcId: 'vpc-b',
        SubnetId: 'subnet-b0',
        LaunchTime: '2026-10-01T00:00:00.000Z',
        EnclaveOptions: { Enabled: i !== 2 },
      })),
      { InstanceId: 'i-0batchold', VpcId: 'vpc-b', SubnetId: 'subnet-b0' },
      { InstanceId: 'i-0other', VpcId: 'vpc-c', SubnetId: 'subnet-c0' },
    ],
    vpcEndpoints: [
      vpcEndpoint('vpce-a1', 'vpc-a', 'ecs'),
      vpcEndpoint('vpce-a2', 'vpc-a', 'secretsmanager'),
      vpcEndpoint('vpce-a3', 'vpc-a', 'ecr.api'),
      {
        ...vpcEndpoint('vpce-a4', 'vpc-a', 's3'),
        VpcEndpointType: 'Gateway',
        PrivateDnsEnabled: false,
      },
      vpcEndpoint('vpce-b1', 'vpc-b', 'ecs'),
      vpcEndpoint('vpce-b2', 'vpc-b', 'ecs-agent'),
      vpcEndpoint('vpce-b3', 'vpc-b', 'ecs-telemetry'),
      vpcEndpoint('vpce-c1', 'vpc-c', 'ecs'),
    ],
    vpcs: [
      vpc('vpc-a', '10.0.0.0/16', [{ Key: 'Name', Value: 'prod' }]),
      vpc('vpc-b', '10.1.0.0/16', [
        { Key: 'ecs-encryption-scanner:exempt', Value: 'vpc_ecs_interface_endpoints' },
        { Key: 'ecs-encryption-scanner:exempt-until', Value: '2026-01-31' },
      ]),
      vpc('vpc-c', '10.2.0.0/16', []),
    ],
  },
  appmesh: {
    meshes: [mesh('shop'), mesh('payments'), mesh('lab')],
    virtualNodes: [
      virtualNode('shop', 'cart', true),
      virtualNode('shop', 'catalog', false),
      virtualNode('shop', 'checkout', true),
      virtualNode('payments', 'ledger', true),
    ],
    virtualGateways: [
      virtualGateway('shop', 'ingress'),
      virtualGateway('shop', 'partners'),
      virtualGateway('shop', 'admin'),
    ],
    tags: {
      [arn.mesh('shop')]: [{ key: 'team', value: 'shop' }],
      [`${arn.mesh('shop')}/virtualNode/catalog`]: [
        { key: 'ecs-encryption-scanner:exempt', value: 'appmesh_virtual_node_listener_tls_strict' },
      ],
      [`${arn.mesh('shop')}/virtualGateway/admin`]: [
        { key: 'ecs-encryption-scanner:exempt', value: '*' },
        { key: 'ecs-encryption-scanner:exempt-reason', value: 'internal admin gateway' },
      ],
    },
  },
  acm: {
    certificates: [
      certificate('default', 'www.example.com', ['example.com']),
      certificate('sni-api', 'api.example.com', []),
      certificate('nlb', 'tls.example.com', []),
      certificate('legacy', 'legacy.example.com', []),
      certificate('unattached', 'unused.example.com', []),
    ],
  },
  ssm: {
    parameters: [
      {
        Name: '/prod/db-url',
        ARN: arn.parameter('/prod/db-url'),
        Type: 'SecureString',
        KeyId: 'alias/aws/ssm',
        LastModifiedDate: '2026-03-01T00:00:00.000Z',
        Version: 3,
        Tier: 'Standard',
        DataType: 'text',
      },
      {
        Name: '/prod/api-key',
        ARN: arn.parameter('/prod/api-key'),
        Type: 'SecureString',
        KeyId: 'alias/aws/ssm',
        Version: 1,
        Tier: 'Standard',
        DataType: 'text',
      },
      {
        Name: 'prod-token',
        ARN: arn.parameter('prod-token'),
        Type: 'String',
        Version: 1,
        Tier: 'Standard',
        DataType: 'text',
      },
      {
        Name: '/prod/unreferenced',
        ARN: arn.parameter('/prod/unreferenced'),
        Type: 'String',
        Version: 1,
        Tier: 'Standard',
        DataType: 'text',
      },
    ],
  },
  secretsManager: {
    secrets: [
      {
        ARN: arn.secret('prod/db-AbCdEf'),
        Name: 'prod/db',
        RotationEnabled: true,
        RotationRules: { AutomaticallyAfterDays: 30 },
        LastRotatedDate: '2026-11-01T00:00:00.000Z',
      },
      { ARN: arn.secret('prod/registry-QwErTy'), Name: 'prod/registry', RotationEnabled: false },
      {
        ARN: arn.secret('prod/unreferenced-ZzZzZz'),
        Name: 'prod/unreferenced',
        RotationEnabled: false,
      },
    ],
  },
});

/**
 * The other region holds the replica secret and nothing else: every other section is collected
 * and empty (a missing section would mean "not collected", which the emulator answers with
 * AccessDenied).
 */
const otherRegion = (): RegionSnapshot => ({
  ecs: { clusters: [], services: [], taskDefinitions: [], containerInstances: [] },
  elbv2: {
    loadBalancers: [],
    listeners: [],
    listenerCertificates: {},
    rules: {},
    targetGroups: [],
    sslPolicies: [],
    trustStores: [],
    tags: {},
  },
  ec2: { vpcEndpoints: [], subnets: [], instances: [], vpcs: [] },
  appmesh: { meshes: [], virtualNodes: [], virtualGateways: [], tags: {} },
  acm: { certificates: [] },
  ssm: { parameters: [] },
  secretsManager: {
    secrets: [
      {
        ARN: arn.secret('prod/replica-XyZ123', OTHER_REGION),
        Name: 'prod/replica',
        RotationEnabled: true,
      },
    ],
  },
});

export const fixtureSnapshot = (): Snapshot => ({
  format: 'ecs-encryption-scanner/snapshot@2',
  failures: [],
  accountId: ACCOUNT,
  partition: 'aws',
  regions: { [REGION]: region() as unknown as RegionSnapshot, [OTHER_REGION]: otherRegion() },
});
