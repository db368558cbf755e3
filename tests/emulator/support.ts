// Fixtures for the emulator tests: the docs example snapshot, and a larger account whose items use
// the SDK's nested shapes (dates, unions, maps, lists of structures) and come in numbers that span
// several pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '../../emulator/api.ts';
import { parseSnapshot } from '../../lib/snapshot/load.ts';
import type {
  AppMeshMesh,
  AppMeshVirtualGateway,
  AppMeshVirtualNode,
  Ec2Instance,
  Ec2Subnet,
  Ec2VpcEndpoint,
  EcsContainerInstance,
  EcsService,
  EcsTaskDefinition,
  ElbListener,
  ElbLoadBalancer,
  ElbRule,
  ElbTargetGroup,
  RegionSnapshot,
  Snapshot,
} from '../../lib/snapshot/types.ts';

export const CREDENTIALS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'x' };

/** SDK client configuration for an emulator; `maxAttempts: 1` so that errors surface at once. */
export const clientConfig = (emulator: Emulator, region = 'us-east-1') => ({
  region,
  endpoint: emulator.url,
  credentials: CREDENTIALS,
  maxAttempts: 1,
});

/** What a snapshot item looks like after the SDK parsed it and JSON.stringify wrote it. */
export const jsonRoundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export const collect = async <P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
) => {
  const out: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count += 1;
    out.push(...(items(page) ?? []));
  }
  return { items: out, pages: count };
};

export const docsExample = (): Snapshot => {
  const doc = readFileSync(
    join(import.meta.dirname, '..', '..', 'docs', 'snapshot-format.md'),
    'utf8',
  );
  return parseSnapshot(JSON.parse(/```json\n([\s\S]*?)\n```/.exec(doc)?.[1] ?? ''), 'docs example');
};

const pad = (n: number): string => String(n).padStart(2, '0');
const at = (day: number, hour = 10): string =>
  new Date(Date.UTC(2026, 0, day, hour, 30, 15, 250)).toISOString();

export const ACCOUNT = '444455556666';
export const OTHER_ACCOUNT = '777788889999';
const REGION = 'us-east-1';
const arn = (service: string, resource: string, account = ACCOUNT, region = REGION) =>
  `arn:aws:${service}:${region}:${account}:${resource}`;

export const clusterArn = (name: string) => arn('ecs', `cluster/${name}`);
export const serviceArn = (cluster: string, name: string) =>
  arn('ecs', `service/${cluster}/${name}`);
export const taskDefinitionArn = (family: string, revision: number) =>
  arn('ecs', `task-definition/${family}:${revision}`);
export const loadBalancerArn = (n: number) =>
  arn('elasticloadbalancing', `loadbalancer/app/lb-${pad(n)}/50dc6c495c0c91${pad(n)}`);
export const listenerArn = (lb: number, n: number) =>
  arn(
    'elasticloadbalancing',
    `listener/app/lb-${pad(lb)}/50dc6c495c0c91${pad(lb)}/f2f7dc8efc522a${pad(n)}`,
  );
export const targetGroupArn = (n: number) =>
  arn('elasticloadbalancing', `targetgroup/tg-${pad(n)}/73e2d6bc24d8a0${pad(n)}`);
export const certificateArn = (n: number) =>
  arn('acm', `certificate/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f9${pad(n)}`);

const service = (n: number): EcsService => ({
  serviceArn: serviceArn('prod', `svc-${pad(n)}`),
  serviceName: `svc-${pad(n)}`,
  clusterArn: clusterArn('prod'),
  status: n === 22 ? 'INACTIVE' : 'ACTIVE',
  launchType: n % 2 === 0 ? 'FARGATE' : 'EC2',
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  taskDefinition: taskDefinitionArn(`svc-${pad(n)}`, 2),
  createdAt: at(3),
  createdBy: arn('iam', 'role/deployer', ACCOUNT, '').replace(`:${REGION}:`, '::'),
  loadBalancers: [
    { targetGroupArn: targetGroupArn(n % 9), containerName: 'app', containerPort: 8443 },
  ],
  serviceRegistries: [],
  networkConfiguration: {
    awsvpcConfiguration: {
      subnets: [`subnet-${pad(n % 11)}`],
      securityGroups: ['sg-0123'],
      assignPublicIp: 'DISABLED',
    },
  },
  deploymentConfiguration: {
    deploymentCircuitBreaker: { enable: true, rollback: true },
    maximumPercent: 200,
    minimumHealthyPercent: 100,
  },
  deployments: [
    {
      id: `ecs-svc/10000000000000000${pad(n)}`,
      status: 'PRIMARY',
      taskDefinition: taskDefinitionArn(`svc-${pad(n)}`, 2),
      desiredCount: 2,
      createdAt: at(4),
      updatedAt: at(4, 11),
      rolloutState: 'COMPLETED',
      serviceConnectConfiguration: { enabled: false },
    },
  ],
  events: [
    {
      id: `event-${n}`,
      createdAt: at(4, 12),
      message: `(service svc-${pad(n)}) has reached a steady state.`,
    },
  ],
  enableECSManagedTags: true,
  propagateTags: 'SERVICE',
  enableExecuteCommand: false,
  tags: [{ key: 'team', value: `team-${n % 3}` }],
});

const taskDefinition = (n: number, revision: number): EcsTaskDefinition => ({
  taskDefinitionArn: taskDefinitionArn(`svc-${pad(n)}`, revision),
  family: `svc-${pad(n)}`,
  revision,
  status: 'ACTIVE',
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  requiresCompatibilities: ['FARGATE'],
  registeredAt: at(2, revision),
  registeredBy: arn('iam', 'role/deployer').replace(`:${REGION}:`, '::'),
  taskRoleArn: arn('iam', `role/svc-${pad(n)}`).replace(`:${REGION}:`, '::'),
  containerDefinitions: [
    {
      name: 'app',
      image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app:1.${revision}`,
      essential: true,
      portMappings: [
        { containerPort: 8443, hostPort: 8443, protocol: 'tcp', appProtocol: 'http2' },
      ],
      environment: [{ name: 'LOG_LEVEL', value: 'info' }],
      secrets: [
        { name: 'DB', valueFrom: arn('secretsmanager', `secret:db-${n % 4}-AbCdE${n % 4}`) },
      ],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': `/ecs/svc-${pad(n)}` },
      },
      healthCheck: {
        command: ['CMD-SHELL', 'curl -f https://localhost:8443/ || exit 1'],
        interval: 30,
        retries: 3,
      },
    },
  ],
  volumes: [
    {
      name: 'data',
      efsVolumeConfiguration: {
        fileSystemId: 'fs-0123',
        transitEncryption: 'ENABLED',
        authorizationConfig: { iam: 'ENABLED' },
      },
    },
  ],
  compatibilities: ['EC2', 'FARGATE'],
  tags: [{ key: 'family', value: `svc-${pad(n)}` }],
});

const containerInstance = (n: number): EcsContainerInstance => ({
  containerInstanceArn: arn(
    'ecs',
    `container-instance/ec2-cluster/0a1b2c3d4e5f60718293a4b5c6d7e8f${n}`,
  ),
  ec2InstanceId: `i-00000000000000${pad(n)}`,
  status: 'ACTIVE',
  agentConnected: true,
  registeredAt: at(1),
  versionInfo: { agentVersion: '1.89.0', agentHash: 'abc', dockerVersion: 'DockerVersion: 25.0.6' },
  remainingResources: [
    { name: 'CPU', type: 'INTEGER', integerValue: 1024, doubleValue: 0, longValue: 0 },
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22', '2375'] },
  ],
  attributes: [{ name: 'ecs.os-type', value: 'linux' }],
  runningTasksCount: n,
  pendingTasksCount: 0,
  tags: [],
});

const loadBalancer = (n: number): ElbLoadBalancer => ({
  LoadBalancerArn: loadBalancerArn(n),
  LoadBalancerName: `lb-${pad(n)}`,
  DNSName: `lb-${pad(n)}-123.us-east-1.elb.amazonaws.com`,
  CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
  CreatedTime: at(5),
  Scheme: n % 2 === 0 ? 'internet-facing' : 'internal',
  VpcId: `vpc-${n % 3}`,
  State: { Code: 'active' },
  Type: 'application',
  AvailabilityZones: [
    { ZoneName: 'us-east-1a', SubnetId: 'subnet-01', LoadBalancerAddresses: [] },
    { ZoneName: 'us-east-1b', SubnetId: 'subnet-02', LoadBalancerAddresses: [] },
  ],
  SecurityGroups: ['sg-0123'],
  IpAddressType: 'ipv4',
});

const listener = (lb: number, n: number): ElbListener => ({
  ListenerArn: listenerArn(lb, n),
  LoadBalancerArn: loadBalancerArn(lb),
  Port: n === 0 ? 443 : 80,
  Protocol: n === 0 ? 'HTTPS' : 'HTTP',
  ...(n === 0
    ? {
        Certificates: [{ CertificateArn: certificateArn(lb % 4) }],
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      }
    : {}),
  DefaultActions:
    n === 0
      ? [
          {
            Type: 'forward',
            TargetGroupArn: targetGroupArn(lb),
            ForwardConfig: {
              TargetGroups: [{ TargetGroupArn: targetGroupArn(lb), Weight: 1 }],
              TargetGroupStickinessConfig: { Enabled: false },
            },
          },
        ]
      : [
          {
            Type: 'redirect',
            Order: 1,
            RedirectConfig: {
              Protocol: 'HTTPS',
              Port: '443',
              Host: '#{host}',
              Path: '/#{path}',
              Query: '#{query}',
              StatusCode: 'HTTP_301',
            },
          },
        ],
});

const rules = (lb: number): ElbRule[] => [
  ...Array.from(
    { length: 4 },
    (_, index): ElbRule => ({
      RuleArn:
        listenerArn(lb, 0).replace(':listener/', ':listener-rule/') +
        `/9683b2d02a6cab${pad(index)}`,
      Priority: String(index + 1),
      IsDefault: false,
      Conditions: [
        {
          Field: 'host-header',
          Values: [`h${index}.example.com`],
          HostHeaderConfig: { Values: [`h${index}.example.com`] },
        },
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } },
      ],
      Actions: [
        {
          Type: 'fixed-response' as const,
          FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'no' },
        },
      ],
    }),
  ),
  {
    RuleArn: `${listenerArn(lb, 0).replace(':listener/', ':listener-rule/')}/default`,
    Priority: 'default',
    IsDefault: true,
    Conditions: [],
    Actions: [{ Type: 'forward' as const, TargetGroupArn: targetGroupArn(lb) }],
  },
];

const targetGroup = (n: number): ElbTargetGroup => ({
  TargetGroupArn: targetGroupArn(n),
  TargetGroupName: `tg-${pad(n)}`,
  Protocol: n % 2 === 0 ? 'HTTPS' : 'HTTP',
  Port: 8443,
  VpcId: `vpc-${n % 3}`,
  HealthCheckProtocol: 'HTTPS',
  HealthCheckPort: 'traffic-port',
  HealthCheckEnabled: true,
  HealthCheckIntervalSeconds: 30,
  HealthCheckPath: '/health',
  Matcher: { HttpCode: '200-299' },
  LoadBalancerArns: n < 7 ? [loadBalancerArn(n)] : [],
  TargetType: 'ip',
  ProtocolVersion: 'HTTP1',
  IpAddressType: 'ipv4',
});

const vpcEndpoint = (n: number): Ec2VpcEndpoint => ({
  VpcEndpointId: `vpce-0000000000000${pad(n)}`,
  VpcEndpointType: n % 4 === 3 ? 'Gateway' : 'Interface',
  VpcId: `vpc-${n % 3}`,
  ServiceName: `com.amazonaws.us-east-1.${['ecs', 'ecr.api', 'secretsmanager', 's3'][n % 4]}`,
  // EC2 writes the state in lower case, unlike the SDK's enum.
  State: 'available' as Ec2VpcEndpoint['State'],
  PolicyDocument:
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
  RouteTableIds: n % 4 === 3 ? ['rtb-01'] : [],
  SubnetIds: n % 4 === 3 ? [] : ['subnet-01', 'subnet-02'],
  Groups: n % 4 === 3 ? [] : [{ GroupId: 'sg-0123', GroupName: 'endpoints' }],
  IpAddressType: 'ipv4',
  DnsOptions: { DnsRecordIpType: 'ipv4' },
  PrivateDnsEnabled: n % 4 !== 3,
  RequesterManaged: false,
  NetworkInterfaceIds: n % 4 === 3 ? [] : [`eni-0${pad(n)}`],
  DnsEntries:
    n % 4 === 3
      ? []
      : [
          {
            DnsName: `vpce-${pad(n)}.ecs.us-east-1.vpce.amazonaws.com`,
            HostedZoneId: 'Z7HUB22UULQXV',
          },
        ],
  CreationTimestamp: at(6),
  Tags: [{ Key: 'Name', Value: `endpoint-${n}` }],
  OwnerId: ACCOUNT,
});

const subnet = (n: number): Ec2Subnet => ({
  SubnetId: `subnet-${pad(n)}`,
  VpcId: `vpc-${n % 3}`,
  AvailabilityZone: n % 2 === 0 ? 'us-east-1a' : 'us-east-1b',
  AvailabilityZoneId: n % 2 === 0 ? 'use1-az1' : 'use1-az2',
  CidrBlock: `10.0.${n}.0/24`,
  State: 'available',
  AvailableIpAddressCount: 250,
  DefaultForAz: false,
  MapPublicIpOnLaunch: false,
  Ipv6CidrBlockAssociationSet: [],
  OwnerId: ACCOUNT,
  SubnetArn: arn('ec2', `subnet/subnet-${pad(n)}`),
  Tags: [{ Key: 'tier', Value: n < 5 ? 'private' : 'public' }],
  PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false },
});

const instance = (n: number): Ec2Instance => ({
  InstanceId: `i-00000000000000${pad(n)}`,
  InstanceType: 'm6i.large',
  ImageId: 'ami-0123',
  LaunchTime: at(7),
  State: { Code: 16, Name: n === 7 ? 'stopped' : 'running' },
  SubnetId: `subnet-${pad(n % 11)}`,
  VpcId: `vpc-${n % 3}`,
  PrivateIpAddress: `10.0.${n}.10`,
  Placement: { AvailabilityZone: 'us-east-1a', Tenancy: 'default' },
  MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', State: 'applied' },
  IamInstanceProfile: {
    Arn: arn('iam', 'instance-profile/ecs').replace(`:${REGION}:`, '::'),
    Id: 'AIPA0123',
  },
  SecurityGroups: [{ GroupId: 'sg-0123', GroupName: 'ecs' }],
  BlockDeviceMappings: [
    {
      DeviceName: '/dev/xvda',
      Ebs: {
        AttachTime: at(7),
        DeleteOnTermination: true,
        Status: 'attached',
        VolumeId: `vol-0${pad(n)}`,
      },
    },
  ],
  NetworkInterfaces: [
    {
      NetworkInterfaceId: `eni-1${pad(n)}`,
      Attachment: {
        AttachTime: at(7),
        AttachmentId: `eni-attach-${n}`,
        DeleteOnTermination: true,
        DeviceIndex: 0,
        Status: 'attached',
      },
      Groups: [{ GroupId: 'sg-0123', GroupName: 'ecs' }],
      PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: `10.0.${n}.10` }],
      SubnetId: `subnet-${pad(n % 11)}`,
      VpcId: `vpc-${n % 3}`,
    },
  ],
  Tags: [{ Key: 'Name', Value: `ecs-host-${n}` }],
  EbsOptimized: true,
  EnaSupport: true,
});

const meshArn = (mesh: string) => arn('appmesh', `mesh/${mesh}`);

const mesh = (n: number): AppMeshMesh => ({
  meshName: `mesh-${n}`,
  spec: { egressFilter: { type: 'DROP_ALL' }, serviceDiscovery: { ipPreference: 'IPv4_ONLY' } },
  metadata: {
    arn: meshArn(`mesh-${n}`),
    version: 3,
    uid: `uid-${n}`,
    createdAt: at(8),
    lastUpdatedAt: at(9),
    meshOwner: ACCOUNT,
    resourceOwner: ACCOUNT,
  },
  status: { status: 'ACTIVE' },
});

const virtualNode = (meshIndex: number, n: number): AppMeshVirtualNode => ({
  meshName: `mesh-${meshIndex}`,
  virtualNodeName: `node-${pad(n)}`,
  spec: {
    listeners: [
      {
        portMapping: { port: 8443, protocol: 'http' },
        tls: {
          mode: n % 2 === 0 ? 'STRICT' : 'PERMISSIVE',
          certificate:
            n % 3 === 0
              ? { acm: { certificateArn: certificateArn(0) } }
              : { file: { certificateChain: '/certs/chain.pem', privateKey: '/certs/key.pem' } },
          validation: { trust: { file: { certificateChain: '/certs/ca.pem' } } },
        },
        healthCheck: {
          protocol: 'http',
          path: '/health',
          healthyThreshold: 2,
          unhealthyThreshold: 3,
          intervalMillis: 5000,
          timeoutMillis: 2000,
        },
      },
    ],
    backends: [
      {
        virtualService: {
          virtualServiceName: `backend-${n}.local`,
          clientPolicy: {
            tls: {
              enforce: true,
              ports: [8443],
              validation: {
                trust: {
                  acm: { certificateAuthorityArns: [arn('acm-pca', 'certificate-authority/ca')] },
                },
              },
            },
          },
        },
      },
    ],
    serviceDiscovery:
      n % 2 === 0
        ? { dns: { hostname: `node-${n}.local` } }
        : { awsCloudMap: { namespaceName: 'local', serviceName: `node-${n}` } },
    logging: { accessLog: { file: { path: '/dev/stdout' } } },
  },
  metadata: {
    arn: `${meshArn(`mesh-${meshIndex}`)}/virtualNode/node-${pad(n)}`,
    version: 1,
    uid: `uid-node-${n}`,
    createdAt: at(8, 12),
    lastUpdatedAt: at(9, 12),
    meshOwner: ACCOUNT,
    resourceOwner: ACCOUNT,
  },
  status: { status: 'ACTIVE' },
});

const virtualGateway = (meshIndex: number, n: number): AppMeshVirtualGateway => ({
  meshName: `mesh-${meshIndex}`,
  virtualGatewayName: `gateway-${n}`,
  spec: {
    listeners: [
      {
        portMapping: { port: 443, protocol: 'http' },
        tls: { mode: 'STRICT', certificate: { sds: { secretName: `gateway-${n}-cert` } } },
      },
    ],
    backendDefaults: {
      clientPolicy: {
        tls: { enforce: true, validation: { trust: { sds: { secretName: 'ca' } } } },
      },
    },
  },
  metadata: {
    arn: `${meshArn(`mesh-${meshIndex}`)}/virtualGateway/gateway-${n}`,
    version: 2,
    uid: `uid-gateway-${n}`,
    createdAt: at(10),
    lastUpdatedAt: at(11),
    meshOwner: ACCOUNT,
    resourceOwner: ACCOUNT,
  },
  status: { status: 'ACTIVE' },
});

const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);

const usEast1 = (): RegionSnapshot => ({
  ecs: {
    clusters: ['prod', 'staging', 'ec2-cluster'].map((name, index) => ({
      clusterArn: clusterArn(name),
      clusterName: name,
      status: 'ACTIVE',
      activeServicesCount: name === 'prod' ? 22 : 0,
      registeredContainerInstancesCount: name === 'ec2-cluster' ? 3 : 0,
      settings: [{ name: 'containerInsights', value: index === 0 ? 'enabled' : 'disabled' }],
      configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
      capacityProviders: ['FARGATE'],
      tags: [{ key: 'env', value: name }],
    })),
    services: range(23).map(service),
    taskDefinitions: range(23).flatMap((n) => [taskDefinition(n, 1), taskDefinition(n, 2)]),
    containerInstances: range(3).map(containerInstance),
  },
  elbv2: {
    loadBalancers: range(7).map(loadBalancer),
    listeners: range(7).flatMap((lb) => [listener(lb, 0), listener(lb, 1)]),
    listenerCertificates: Object.fromEntries(
      range(7).map((lb) => [
        listenerArn(lb, 0),
        [
          { CertificateArn: certificateArn(lb % 4), IsDefault: true },
          { CertificateArn: certificateArn((lb + 1) % 4), IsDefault: false },
          { CertificateArn: certificateArn((lb + 2) % 4), IsDefault: false },
        ],
      ]),
    ),
    rules: Object.fromEntries(range(7).map((lb) => [listenerArn(lb, 0), rules(lb)])),
    targetGroups: range(9).map(targetGroup),
    sslPolicies: [
      'ELBSecurityPolicy-TLS13-1-2-2021-06',
      'ELBSecurityPolicy-TLS13-1-3-2021-06',
      'ELBSecurityPolicy-2016-08',
      'ELBSecurityPolicy-TLS-1-2-2017-01',
      'ELBSecurityPolicy-FS-1-2-Res-2020-10',
    ].map((name, index) => ({
      Name: name,
      SslProtocols: index === 2 ? ['TLSv1', 'TLSv1.1', 'TLSv1.2'] : ['TLSv1.2', 'TLSv1.3'],
      Ciphers: [
        { Name: 'ECDHE-ECDSA-AES128-GCM-SHA256', Priority: 1 },
        { Name: 'ECDHE-RSA-AES128-GCM-SHA256', Priority: 2 },
      ],
      SupportedLoadBalancerTypes: ['application', 'network'],
    })),
    tags: Object.fromEntries([
      ...range(7).map((n) => [loadBalancerArn(n), [{ Key: 'env', Value: `lb-${n}` }]]),
      ...range(9).map((n) => [
        targetGroupArn(n),
        n === 1 ? [{ Key: 'ecs-encryption-scanner:exempt', Value: '*' }] : [],
      ]),
    ]),
  },
  ec2: {
    vpcEndpoints: range(12).map(vpcEndpoint),
    subnets: range(11).map(subnet),
    instances: range(8).map(instance),
    vpcs: range(3).map((n) => ({
      VpcId: `vpc-${n}`,
      CidrBlock: `10.${n}.0.0/16`,
      State: 'available',
      OwnerId: ACCOUNT,
      IsDefault: n === 0,
      Tags: [{ Key: 'Name', Value: `vpc-${n}` }],
    })),
  },
  appmesh: {
    meshes: range(3).map(mesh),
    virtualNodes: range(7).map((n) => virtualNode(0, n)),
    virtualGateways: range(3).map((n) => virtualGateway(0, n)),
    tags: {
      [meshArn('mesh-0')]: range(3).map((n) => ({ key: `k${n}`, value: `v${n}` })),
    },
  },
  acm: {
    certificates: range(4).map((n) => ({
      CertificateArn: certificateArn(n),
      DomainName: `www${n}.example.com`,
      SubjectAlternativeNames: [`www${n}.example.com`, `api${n}.example.com`],
      DomainValidationOptions: [
        {
          DomainName: `www${n}.example.com`,
          ValidationDomain: `www${n}.example.com`,
          ValidationStatus: 'SUCCESS',
          ValidationMethod: 'DNS',
          ResourceRecord: {
            Name: `_x${n}.example.com.`,
            Type: 'CNAME',
            Value: `_y${n}.acm-validations.aws.`,
          },
        },
      ],
      Serial: `0a:0b:0${n}`,
      Subject: `CN=www${n}.example.com`,
      Issuer: 'Amazon',
      CreatedAt: at(12),
      IssuedAt: at(12, 11),
      NotBefore: at(12, 0),
      NotAfter: new Date(Date.UTC(2027, 0, 12, 23, 59, 59)).toISOString(),
      Status: 'ISSUED',
      KeyAlgorithm: 'RSA_2048',
      SignatureAlgorithm: 'SHA256WITHRSA',
      InUseBy: [loadBalancerArn(n)],
      Type: 'AMAZON_ISSUED',
      KeyUsages: [{ Name: 'DIGITAL_SIGNATURE' }, { Name: 'KEY_ENCIPHERMENT' }],
      ExtendedKeyUsages: [{ Name: 'TLS_WEB_SERVER_AUTHENTICATION', OID: '1.3.6.1.5.5.7.3.1' }],
      RenewalEligibility: 'ELIGIBLE',
      Options: { CertificateTransparencyLoggingPreference: 'ENABLED' },
      RenewalSummary: {
        RenewalStatus: 'SUCCESS',
        UpdatedAt: at(13),
        DomainValidationOptions: [
          { DomainName: `www${n}.example.com`, ValidationStatus: 'SUCCESS' },
        ],
      },
    })),
  },
  ssm: {
    parameters: range(27).map((n) => ({
      Name: n % 3 === 0 ? `/app/${pad(n)}/secret` : `app-${pad(n)}`,
      ARN: arn('ssm', n % 3 === 0 ? `parameter/app/${pad(n)}/secret` : `parameter/app-${pad(n)}`),
      Type: n % 2 === 0 ? 'SecureString' : 'String',
      ...(n % 2 === 0 ? { KeyId: 'alias/aws/ssm' } : {}),
      LastModifiedDate: at(14),
      LastModifiedUser: arn('iam', 'user/admin').replace(`:${REGION}:`, '::'),
      Version: n + 1,
      Tier: 'Standard',
      Policies: [],
      DataType: 'text',
    })),
  },
  secretsManager: {
    secrets: range(4).map((n) => ({
      ARN: arn('secretsmanager', `secret:db-${n}-AbCdE${n}`),
      Name: `db-${n}`,
      Description: `database ${n}`,
      KmsKeyId: n === 0 ? undefined : arn('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab'),
      RotationEnabled: n !== 3,
      RotationLambdaARN: arn('lambda', 'function:rotate'),
      RotationRules: { AutomaticallyAfterDays: 30, ScheduleExpression: 'rate(30 days)' },
      LastRotatedDate: at(15),
      LastChangedDate: at(15, 11),
      LastAccessedDate: at(16, 0),
      NextRotationDate: at(45),
      CreatedDate: at(1),
      Tags: [{ Key: 'owner', Value: 'payments' }],
      VersionIdsToStages: {
        [`v${n}-current`]: ['AWSCURRENT'],
        [`v${n}-previous`]: ['AWSPREVIOUS'],
      },
      PrimaryRegion: REGION,
      ReplicationStatus: [
        {
          Region: 'eu-west-1',
          KmsKeyId: 'alias/aws/secretsmanager',
          Status: 'InSync',
          StatusMessage: 'Replication succeeded',
          LastAccessedDate: at(16, 0),
        },
      ],
    })),
  },
});

/** A larger account: 23 services (one INACTIVE), 7 load balancers, 12 VPC endpoints, 27 parameters… */
export const richSnapshot = (): Snapshot =>
  jsonRoundTrip({
    format: 'ecs-encryption-scanner/snapshot@2',
    failures: [],
    accountId: ACCOUNT,
    partition: 'aws',
    regions: {
      'us-east-1': usEast1(),
      'eu-west-1': {
        ecs: {
          clusters: [
            {
              clusterArn: arn('ecs', 'cluster/eu', ACCOUNT, 'eu-west-1'),
              clusterName: 'eu',
              status: 'ACTIVE',
            },
          ],
          services: [],
          taskDefinitions: [],
          containerInstances: [],
        },
      },
    },
  });

/** A second account, for STS AssumeRole. */
export const otherAccount = (): Snapshot => ({
  format: 'ecs-encryption-scanner/snapshot@2',
  failures: [],
  accountId: OTHER_ACCOUNT,
  partition: 'aws',
  regions: {
    'us-east-1': {
      ecs: {
        clusters: [
          {
            clusterArn: `arn:aws:ecs:us-east-1:${OTHER_ACCOUNT}:cluster/other`,
            clusterName: 'other',
            status: 'ACTIVE',
          },
        ],
      },
    },
  },
});

export const DEMO_ACCOUNT_FILE = join(
  import.meta.dirname,
  '..',
  '..',
  'examples',
  'demo-account.json',
);
