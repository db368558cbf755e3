import { describe, expect, it } from 'vitest';
import { generateAccount, SIZES } from '../../bench/generate.ts';
import {
  activeFindingsByCheck,
  arnsOrListing,
  minCalls,
  regionMinCalls,
  securityHubMinCalls,
  totalCalls,
} from '../../bench/minCalls.ts';
import type {
  EcsService,
  ElbListener,
  RegionSnapshot,
  Snapshot,
} from '../../lib/snapshot/types.ts';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const base = (service: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}`;
const clusterArn = (name: string) => `${base('ecs')}:cluster/${name}`;
const tdArn = (family: string, revision = 1) =>
  `${base('ecs')}:task-definition/${family}:${revision}`;
const tgArn = (i: number) => `${base('elasticloadbalancing')}:targetgroup/tg-${i}/0123456789abcdef`;
const lbArn = (i: number) =>
  `${base('elasticloadbalancing')}:loadbalancer/app/lb-${i}/0123456789abcdef`;
const listenerArn = (lb: number, i: number) =>
  `${base('elasticloadbalancing')}:listener/app/lb-${lb}/0123456789abcdef/${i}`;
const certArn = (id: string) => `${base('acm')}:certificate/${id}`;

const services = (
  cluster: string,
  count: number,
  fields: (i: number) => Partial<EcsService> = () => ({}),
): EcsService[] =>
  Array.from({ length: count }, (_, i) => ({
    serviceArn: `${base('ecs')}:service/${cluster}/svc-${i}`,
    serviceName: `svc-${i}`,
    clusterArn: clusterArn(cluster),
    status: 'ACTIVE',
    launchType: 'FARGATE',
    taskDefinition: tdArn(`app-${i % 3}`),
    ...fields(i),
  }));

/** One region with the ECS clusters named and nothing else (every other section empty). */
const region = (data: RegionSnapshot): RegionSnapshot => ({
  ecs: { clusters: [], services: [], taskDefinitions: [], containerInstances: [], ...data.ecs },
  elbv2: {
    loadBalancers: [],
    listeners: [],
    listenerCertificates: {},
    rules: {},
    targetGroups: [],
    sslPolicies: [],
    ...data.elbv2,
  },
  ec2: { vpcEndpoints: [], subnets: [], instances: [], ...data.ec2 },
  appmesh: { meshes: [], virtualNodes: [], virtualGateways: [], ...data.appmesh },
  acm: { certificates: [], ...data.acm },
  ssm: { parameters: [] },
  secretsManager: { secrets: [] },
  ...(data.vpcLattice ? { vpcLattice: data.vpcLattice } : {}),
});

const clusters = (...names: string[]) =>
  names.map((name) => ({ clusterArn: clusterArn(name), clusterName: name }));

const op = (data: RegionSnapshot, service: string, operation: string): number =>
  regionMinCalls(REGION, region(data), ACCOUNT)[service]?.[operation] ?? 0;

describe('arnsOrListing', () => {
  it.each([
    // in scope, in the account, calls
    [0, 500, 0],
    [1, 1, 1],
    [20, 5000, 1],
    [21, 30, 1],
    [25, 900, 2],
    [100, 2000, 5],
    [100, 4000, 5],
    [760, 800, 2],
  ])('describes %i of %i items in %i calls', (inScope, total, expected) => {
    expect(arnsOrListing(inScope, total)).toBe(expected);
  });
});

describe('regionMinCalls for ECS', () => {
  it.each([
    ['no cluster: one empty ListClusters page', [], [], 'ListClusters', 1],
    ['no cluster: no DescribeClusters', [], [], 'DescribeClusters', 0],
    [
      '150 clusters: two ListClusters pages',
      Array.from({ length: 150 }, (_, i) => `c${i}`),
      [],
      'ListClusters',
      2,
    ],
    [
      '150 clusters: two DescribeClusters calls',
      Array.from({ length: 150 }, (_, i) => `c${i}`),
      [],
      'DescribeClusters',
      2,
    ],
    ['an empty cluster still costs one ListServices', ['a'], [], 'ListServices', 1],
    [
      '250 services in one cluster: three ListServices pages',
      ['a'],
      services('a', 250),
      'ListServices',
      3,
    ],
    [
      '250 services in one cluster: 25 DescribeServices',
      ['a'],
      services('a', 250),
      'DescribeServices',
      25,
    ],
    [
      '11 + 9 services in two clusters: 2 + 1 DescribeServices',
      ['a', 'b'],
      [...services('a', 11), ...services('b', 9)],
      'DescribeServices',
      3,
    ],
  ])('%s', (_name, names, listed, operation, expected) => {
    expect(op({ ecs: { clusters: clusters(...names), services: listed } }, 'ecs', operation)).toBe(
      expected,
    );
  });

  it('lists a draining service but does not describe its task definition', () => {
    // 3 families shared by 10 services, one draining service with its own family.
    const listed = [
      ...services('a', 10),
      ...services('a', 1, () => ({
        serviceArn: `${base('ecs')}:service/a/old`,
        status: 'DRAINING',
        taskDefinition: tdArn('old'),
      })),
    ];

    const counts = regionMinCalls(
      REGION,
      region({ ecs: { clusters: clusters('a'), services: listed } }),
      ACCOUNT,
    );

    expect(counts.ecs?.DescribeServices).toBe(2);
    expect(counts.ecs?.DescribeTaskDefinition).toBe(3);
  });

  it('describes a task definition still running in a rolling deployment once, with the primary one', () => {
    const listed = services('a', 2, (i) => ({
      taskDefinition: tdArn('web', 2),
      deployments: [
        { status: 'PRIMARY', taskDefinition: tdArn('web', 2) },
        ...(i === 0 ? [{ status: 'ACTIVE', taskDefinition: tdArn('web', 1) }] : []),
        { status: 'INACTIVE', taskDefinition: tdArn('web', 0) },
      ],
    }));

    expect(
      op({ ecs: { clusters: clusters('a'), services: listed } }, 'ecs', 'DescribeTaskDefinition'),
    ).toBe(2);
  });
});

describe('regionMinCalls for ELBv2 and ACM', () => {
  // 25 services on 25 target groups of 5 load balancers, in an account of 30 target groups.
  const listeners: ElbListener[] = [
    // TLS termination: certificates and rules.
    {
      ListenerArn: listenerArn(0, 1),
      LoadBalancerArn: lbArn(0),
      Protocol: 'HTTPS',
      SslPolicy: 'p1',
      Certificates: [{ CertificateArn: certArn('a') }],
    },
    {
      ListenerArn: listenerArn(1, 1),
      LoadBalancerArn: lbArn(1),
      Protocol: 'HTTPS',
      SslPolicy: 'p2',
      Certificates: [{ CertificateArn: certArn('a') }],
    },
    // HTTP redirect: rules only; HTTP forward: nothing more.
    {
      ListenerArn: listenerArn(0, 2),
      LoadBalancerArn: lbArn(0),
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect' }],
    },
    {
      ListenerArn: listenerArn(1, 2),
      LoadBalancerArn: lbArn(1),
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward' }],
    },
    // TCP: nothing more; the listener of an out-of-scope load balancer: not even described.
    { ListenerArn: listenerArn(2, 1), LoadBalancerArn: lbArn(2), Protocol: 'TCP' },
    {
      ListenerArn: listenerArn(9, 1),
      LoadBalancerArn: lbArn(9),
      Protocol: 'HTTPS',
      SslPolicy: 'p3',
      Certificates: [{ CertificateArn: certArn('z') }],
    },
  ];
  const data: RegionSnapshot = {
    ecs: {
      clusters: clusters('a'),
      services: services('a', 25, (i) => ({ loadBalancers: [{ targetGroupArn: tgArn(i) }] })),
    },
    elbv2: {
      targetGroups: Array.from({ length: 30 }, (_, i) => ({
        TargetGroupArn: tgArn(i),
        LoadBalancerArns: [lbArn(i < 25 ? i % 5 : 9)],
      })),
      loadBalancers: [0, 1, 2, 3, 4, 9].map((i) => ({ LoadBalancerArn: lbArn(i) })),
      listeners,
      // The SNI certificate b on one listener, the default a repeated.
      listenerCertificates: {
        [listenerArn(0, 1)]: [
          { CertificateArn: certArn('a'), IsDefault: true },
          { CertificateArn: certArn('b'), IsDefault: false },
        ],
        [listenerArn(1, 1)]: [{ CertificateArn: certArn('a'), IsDefault: true }],
      },
    },
  };

  it.each([
    [
      '25 target groups in scope of 30: one listing page beats two batches of ARNs',
      'DescribeTargetGroups',
      1,
    ],
    ['5 load balancers in scope of 6: one batch of ARNs', 'DescribeLoadBalancers', 1],
    ['one DescribeListeners per load balancer in scope', 'DescribeListeners', 5],
    ['certificate lists of the two HTTPS listeners', 'DescribeListenerCertificates', 2],
    ['rules of the two HTTPS listeners and the redirecting HTTP one', 'DescribeRules', 3],
    ['one DescribeSSLPolicies for the policies in use', 'DescribeSSLPolicies', 1],
  ])('%s', (_name, operation, expected) => {
    expect(op(data, 'elasticloadbalancing', operation)).toBe(expected);
  });

  const certificate = (id: string, names = 2) => ({
    CertificateArn: certArn(id),
    DomainName: `${id}.example.com`,
    SubjectAlternativeNames: Array.from({ length: names }, (_, i) => `n${i}.${id}.example.com`),
  });
  const others = (count: number) =>
    Array.from({ length: count }, (_, i) => certificate(`other-${i}`));
  const acmCalls = (certificates: ReturnType<typeof certificate>[], named = data) => {
    const calls = regionMinCalls(REGION, region({ ...named, acm: { certificates } }), ACCOUNT);
    return {
      ListCertificates: calls.acm?.ListCertificates ?? 0,
      DescribeCertificate: calls.acm?.DescribeCertificate ?? 0,
    };
  };
  // Only the listener of load balancer 1 in scope: it names certificate a alone.
  const oneNamed: RegionSnapshot = {
    ...data,
    ecs: { ...data.ecs, services: data.ecs?.services?.filter((_, i) => i % 5 === 1) },
  };

  it.each<[string, ReturnType<typeof certificate>[], RegionSnapshot, number, number]>([
    [
      'two certificates named (a default, b SNI): one listing page, nothing described',
      [certificate('a'), certificate('b'), ...others(10)],
      data,
      1,
      0,
    ],
    [
      'one certificate named: one DescribeCertificate, no listing',
      [certificate('a'), certificate('b')],
      oneNamed,
      0,
      1,
    ],
    [
      '2,500 certificates in the account: three pages of 1,000',
      [certificate('a'), certificate('b'), ...others(2498)],
      data,
      3,
      0,
    ],
    [
      'b with 150 names (the listing gives 100): b is described',
      [certificate('a'), certificate('b', 150)],
      data,
      1,
      1,
    ],
    ['b with exactly 100 names: all listed', [certificate('a'), certificate('b', 100)], data, 1, 0],
    [
      'b not in the account: described (answered ResourceNotFound)',
      [certificate('a'), ...others(3)],
      data,
      1,
      1,
    ],
    ['an empty account: the page, then both described', [], data, 1, 2],
  ])('ACM: %s', (_name, certificates, named, listed, described) => {
    expect(acmCalls(certificates, named)).toEqual({
      ListCertificates: listed,
      DescribeCertificate: described,
    });
  });
});

describe('regionMinCalls for App Mesh', () => {
  const meshArn = (name: string, owner = ACCOUNT, region = REGION) =>
    `arn:aws:appmesh:${region}:${owner}:mesh/${name}`;
  const mesh = (name: string, owner = ACCOUNT) => ({
    meshName: name,
    metadata: { arn: meshArn(name, owner), meshOwner: owner },
  });
  const nodes = (meshName: string, count: number, owner = ACCOUNT) =>
    Array.from({ length: count }, (_, i) => ({
      meshName,
      virtualNodeName: `n${i}`,
      metadata: { arn: `${meshArn(meshName, owner)}/virtualNode/n${i}`, meshOwner: owner },
    }));
  const gateway = (meshName: string) => ({
    meshName,
    virtualGatewayName: 'g',
    metadata: { arn: `${meshArn(meshName)}/virtualGateway/g`, meshOwner: ACCOUNT },
  });
  // The account: mesh big (150 nodes, a gateway, 51 tags on n0), mesh empty, and shared, another
  // account's mesh with 2 nodes.
  const appmesh = {
    meshes: [mesh('big'), mesh('empty'), mesh('shared', '444455556666')],
    virtualNodes: [...nodes('big', 150), ...nodes('shared', 2, '444455556666')],
    virtualGateways: [gateway('big')],
    tags: {
      [`${meshArn('big')}/virtualNode/n0`]: Array.from({ length: 51 }, (_, i) => ({
        key: `k${i}`,
        value: 'v',
      })),
    },
  };
  /** Services of cluster a running app-0, app-1, app-2, whose Envoys take these variables. */
  const wired = (...variables: [string, string][][]): RegionSnapshot =>
    ({
      ecs: {
        clusters: clusters('a'),
        services: services('a', 3),
        taskDefinitions: [0, 1, 2].map((i) => ({
          taskDefinitionArn: tdArn(`app-${i}`),
          containerDefinitions: [
            { name: 'app', image: 'app:1' },
            ...(variables[i]
              ? [
                  {
                    name: 'envoy',
                    image: '840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1',
                    environment: (variables[i] ?? []).map(([name, value]) => ({ name, value })),
                  },
                ]
              : []),
          ],
        })),
      },
      appmesh,
    }) as RegionSnapshot;
  const arn = (path: string, owner = ACCOUNT, region = REGION) =>
    ['APPMESH_RESOURCE_ARN', `arn:aws:appmesh:${region}:${owner}:${path}`] as [string, string];
  const nodeName = (path: string) => ['APPMESH_VIRTUAL_NODE_NAME', path] as [string, string];
  // Mesh big described in full: its node and gateway pages, 151 Describes.
  const big = {
    DescribeMesh: 1,
    ListVirtualNodes: 2,
    DescribeVirtualNode: 150,
    ListVirtualGateways: 1,
    DescribeVirtualGateway: 1,
  };

  it.each([
    ['no task definition wired to App Mesh: no App Mesh call', wired(), {}, undefined],
    [
      'Envoy image and proxy configuration but no variable naming a mesh: none either',
      {
        ...wired(),
        ecs: {
          ...wired().ecs,
          taskDefinitions: [
            {
              taskDefinitionArn: tdArn('app-0'),
              proxyConfiguration: { type: 'APPMESH', containerName: 'envoy' },
              containerDefinitions: [
                { name: 'envoy', image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1' },
              ],
            },
          ],
        },
      } as RegionSnapshot,
      {},
      undefined,
    ],
    [
      'a node of mesh big by ARN: mesh big only, no ListMeshes',
      wired([arn('mesh/big/virtualNode/n1')]),
      {},
      big,
    ],
    [
      'nodes and the gateway of big from three task definitions, both forms: big once',
      wired(
        [arn('mesh/big/virtualNode/n1')],
        [nodeName('mesh/big/virtualNode/n2')],
        [arn('mesh/big/virtualGateway/g')],
      ),
      {},
      big,
    ],
    [
      'the empty mesh: its DescribeMesh, one empty page of each listing',
      wired([arn('mesh/empty/virtualNode/gone')]),
      {},
      { DescribeMesh: 1, ListVirtualNodes: 1, ListVirtualGateways: 1 },
    ],
    [
      "another account's mesh shared with this one, by its owner",
      wired([arn('mesh/shared/virtualNode/n0', '444455556666')]),
      {},
      {
        DescribeMesh: 1,
        ListVirtualNodes: 1,
        DescribeVirtualNode: 2,
        ListVirtualGateways: 1,
      },
    ],
    [
      'a mesh that does not exist: its DescribeMesh only (NotFound)',
      wired([arn('mesh/gone/virtualNode/n0')], [arn('mesh/big/virtualNode/n0', '999988887777')]),
      {},
      { DescribeMesh: 2 },
    ],
    [
      "a mesh of another region: none of this region's calls",
      wired([arn('mesh/big/virtualNode/n0', ACCOUNT, 'eu-west-1')]),
      {},
      undefined,
    ],
    [
      'a mesh only a draining service points at: none',
      {
        ...wired([], [], [arn('mesh/big/virtualNode/n0')]),
        ecs: {
          ...wired([], [], [arn('mesh/big/virtualNode/n0')]).ecs,
          services: services('a', 3, (i) => (i === 2 ? { status: 'DRAINING' } : {})),
        },
      } as RegionSnapshot,
      {},
      undefined,
    ],
    [
      'allMeshes: every mesh listed and described, referenced or not',
      wired(),
      { allMeshes: true },
      {
        ListMeshes: 1,
        DescribeMesh: 3,
        ListVirtualNodes: 2 + 1 + 1,
        DescribeVirtualNode: 152,
        ListVirtualGateways: 1 + 1 + 1,
        DescribeVirtualGateway: 1,
      },
    ],
    [
      'allMeshes and no exemption tags: the same App Mesh calls',
      wired([arn('mesh/big/virtualNode/n1')]),
      { allMeshes: true, exemptionTags: false },
      {
        ListMeshes: 1,
        DescribeMesh: 3,
        ListVirtualNodes: 4,
        DescribeVirtualNode: 152,
        ListVirtualGateways: 3,
        DescribeVirtualGateway: 1,
      },
    ],
  ] as const)('%s', (_name, data, options, expected) => {
    expect(regionMinCalls(REGION, region(data), ACCOUNT, options).appmesh).toEqual(expected);
  });
});

describe('minCalls for App Mesh on the generated accounts', () => {
  it.each(['small', 'medium', 'large'] as const)(
    'the %s account: every mesh in scope, so allMeshes adds its ListMeshes and nothing else',
    (size) => {
      const snapshot = generateAccount(SIZES[size]);
      const { ListMeshes, ...listed } = minCalls(snapshot, { allMeshes: true }).appmesh ?? {};

      expect(ListMeshes).toBe(1);
      expect(minCalls(snapshot).appmesh).toEqual(listed);
      expect(listed.DescribeMesh).toBe(SIZES[size].meshes);
    },
  );
});

describe('regionMinCalls for the exemption tags', () => {
  // 3 awsvpc services in 2 VPCs, behind one load balancer and one target group, and the mesh one
  // of their task definitions' Envoy serves.
  const data: RegionSnapshot = {
    ecs: {
      clusters: clusters('a'),
      taskDefinitions: [
        {
          taskDefinitionArn: tdArn('app-0'),
          containerDefinitions: [
            {
              name: 'envoy',
              environment: [{ name: 'APPMESH_VIRTUAL_NODE_NAME', value: 'mesh/m/virtualNode/n' }],
            },
          ],
        },
      ],
      services: services('a', 3, (i) => ({
        networkConfiguration: { awsvpcConfiguration: { subnets: [`subnet-${i % 2}`] } },
        loadBalancers: [{ targetGroupArn: tgArn(0) }],
      })),
    },
    elbv2: {
      targetGroups: [{ TargetGroupArn: tgArn(0), LoadBalancerArns: [lbArn(0)] }],
      loadBalancers: [{ LoadBalancerArn: lbArn(0) }],
    },
    ec2: {
      subnets: [0, 1].map((i) => ({ SubnetId: `subnet-${i}`, VpcId: `vpc-${i}` })),
      vpcs: [0, 1, 2].map((i) => ({ VpcId: `vpc-${i}` })),
    },
    appmesh: { meshes: [{ meshName: 'm', metadata: { arn: `${base('appmesh')}:mesh/m` } }] },
  } as RegionSnapshot;

  const exemptTag = [{ Key: 'ecs-encryption-scanner:exempt', Value: '*' }];
  const withExempt = (loadBalancers: number, vpcs: number, meshResources: number) =>
    ({
      ...data,
      elbv2: {
        ...data.elbv2,
        tags: Object.fromEntries(
          Array.from({ length: loadBalancers }, (_, i) => [lbArn(i), exemptTag]),
        ),
      },
      ec2: {
        ...data.ec2,
        vpcs: Array.from({ length: 3 }, (_, i) => ({
          VpcId: `vpc-${i}`,
          Tags: i < vpcs ? exemptTag : [{ Key: 'Name', Value: `vpc-${i}` }],
        })),
      },
      appmesh: {
        ...data.appmesh,
        tags: Object.fromEntries(
          Array.from({ length: meshResources }, (_, i) => [
            `${base('appmesh')}:mesh/m${i}`,
            [{ key: 'ecs-encryption-scanner:exempt', value: '*' }],
          ]),
        ),
      },
    }) as RegionSnapshot;

  it.each([
    ['nothing exempt: one empty page', withExempt(0, 0, 0), 1],
    ['a load balancer, two VPCs and a mesh exempt: one page', withExempt(1, 2, 1), 1],
    ['100 exempt resources: one full page', withExempt(97, 2, 1), 1],
    ['101 exempt resources, in scope or not: two pages', withExempt(98, 2, 1), 2],
    ['250 exempt resources: three pages', withExempt(200, 0, 50), 3],
  ])('counts GetResources for %s', (_name, snapshot, expected) => {
    expect(op(snapshot, 'tagging', 'GetResources')).toBe(expected);
  });

  it.each([
    ['elasticloadbalancing', 'DescribeTags'],
    ['ec2', 'DescribeVpcs'],
    ['appmesh', 'ListTagsForResource'],
  ])('counts no %s %s: the sweep replaced it', (service, operation) => {
    expect(op(withExempt(5, 1, 1), service, operation)).toBe(0);
  });

  it('counts no GetResources when exemption tags are off', () => {
    const counts = regionMinCalls(REGION, region(withExempt(5, 1, 1)), ACCOUNT, {
      exemptionTags: false,
    });

    expect(counts.tagging).toBeUndefined();
  });
});

describe('minCalls', () => {
  /** Two regions with nothing in them. */
  const twoEmptyRegions = (): Snapshot => ({
    format: 'ecs-encryption-scanner/snapshot@2',
    failures: [],
    accountId: ACCOUNT,
    partition: 'aws',
    regions: { [REGION]: region({}), 'eu-west-1': region({}) },
  });
  it('adds one STS GetCallerIdentity to the calls of every region', () => {
    const snapshot = twoEmptyRegions();

    const counts = minCalls(snapshot);

    // Per empty region: ListClusters (and no App Mesh call: no task definition points at a mesh).
    expect(counts.sts).toEqual({ GetCallerIdentity: 1 });
    expect(totalCalls(counts)).toBe(1 + 2 * 1);
  });

  it('lists the meshes of every region with allMeshes', () => {
    const snapshot = twoEmptyRegions();

    const counts = minCalls(snapshot, { allMeshes: true });

    // Per empty region: ListClusters and ListMeshes.
    expect(counts.appmesh).toEqual({ ListMeshes: 2 });
    expect(totalCalls(counts)).toBe(1 + 2 * 2);
  });

  it('needs no STS call when the account the credentials reach is known', () => {
    const snapshot: Snapshot = {
      format: 'ecs-encryption-scanner/snapshot@2',
      failures: [],
      accountId: ACCOUNT,
      partition: 'aws',
      regions: { [REGION]: region({}) },
    };

    const counts = minCalls(snapshot, { accountKnown: true });

    expect(counts.sts).toBeUndefined();
    expect(totalCalls(counts)).toBe(1);
  });
});

describe('securityHubMinCalls', () => {
  const ids = (n: number, services = 1) =>
    Array.from({ length: n }, (_, i) => `svc${i % services}_check_${i}`);

  it.each([
    [
      'an empty hub and 250 new findings',
      ids(19),
      {},
      250,
      { GetFindings: 1, BatchImportFindings: 3 },
    ],
    [
      '1,111 findings read back and none imported',
      ids(19),
      { svc0_check_3: 1111 },
      0,
      { GetFindings: 12 },
    ],
    [
      '41 checks of 6 services: one GetFindings for their 6 prefixes',
      ids(41, 6),
      {},
      100,
      { GetFindings: 1, BatchImportFindings: 1 },
    ],
    [
      '150 + 150 findings of 21 checks read through one prefix filter: 3 pages',
      ids(21, 2),
      { svc0_check_0: 150, svc1_check_1: 150 },
      0,
      { GetFindings: 3 },
    ],
    [
      '25 checks of 25 services: 2 filters of 20 and 5 prefixes, a page at least each',
      ids(25, 25),
      { svc0_check_0: 150 },
      0,
      { GetFindings: 3 },
    ],
  ])('%s', (_name, checkIds, existingByCheck, importedFindings, expected) => {
    expect(
      securityHubMinCalls({ checkIds, existingByCheck, importedFindings }).securityhub,
    ).toEqual(expected);
  });

  it('counts only ACTIVE findings, by GeneratorId', () => {
    const findings = [
      { GeneratorId: 'a', RecordState: 'ACTIVE' },
      { GeneratorId: 'a', RecordState: 'ACTIVE' },
      { GeneratorId: 'a', RecordState: 'ARCHIVED' },
      { GeneratorId: 'b', RecordState: 'ACTIVE' },
    ];

    expect(activeFindingsByCheck(findings)).toEqual({ a: 2, b: 1 });
  });
});

describe('regionMinCalls for VPC Lattice', () => {
  // Two services on two target groups that one Lattice service serves: an HTTPS listener (never
  // read further), an HTTP listener whose default action forwards to one of the two only (its two
  // rules are read), and an HTTP listener that forwards to both by default (no rules read).
  const tg = (id: string) => `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:targetgroup/${id}`;
  const svc = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}:service/svc-1`;
  const forward = (...ids: string[]) => ({
    forward: { targetGroups: ids.map((targetGroupIdentifier) => ({ targetGroupIdentifier })) },
  });
  const data = {
    ecs: {
      clusters: clusters('a'),
      services: services('a', 3, (i) => ({
        deployments: [
          {
            status: i === 2 ? 'INACTIVE' : 'PRIMARY',
            vpcLatticeConfigurations: [
              { targetGroupArn: tg(i === 2 ? 'tg-old' : `tg-${i}`), portName: 'app', roleArn: 'r' },
            ],
          },
        ],
      })),
    },
    vpcLattice: {
      targetGroups: [0, 1].map((i) => ({
        arn: tg(`tg-${i}`),
        id: `tg-${i}`,
        type: 'IP',
        serviceArns: [svc],
      })),
      listeners: {
        [svc]: [
          { arn: `${svc}/listener/l-https`, protocol: 'HTTPS' },
          { arn: `${svc}/listener/l-http`, protocol: 'HTTP' },
          { arn: `${svc}/listener/l-both`, protocol: 'HTTP' },
        ],
      },
      defaultActions: {
        [`${svc}/listener/l-http`]: forward('tg-0'),
        [`${svc}/listener/l-both`]: forward('tg-0', tg('tg-1')),
      },
      rules: { [`${svc}/listener/l-http`]: [{ arn: 'r1' }, { arn: 'r2' }] },
    },
  } as unknown as RegionSnapshot;

  it.each([
    ['ListTargetGroups', 1],
    ['GetTargetGroup', 0],
    ['ListListeners', 1],
    ['GetListener', 2],
    ['ListRules', 1],
    ['GetRule', 2],
  ])('counts %s %i times', (operation, expected) => {
    expect(op(data, 'vpc-lattice', operation)).toBe(expected);
  });

  /** `named` target groups named by one service each, of which the account lists `listed` first. */
  const naming = (named: string[], held: { id: string; type?: string }[]) =>
    ({
      ecs: {
        clusters: clusters('a'),
        services: services('a', named.length, (i) => ({
          deployments: [
            {
              status: 'PRIMARY',
              vpcLatticeConfigurations: [
                { targetGroupArn: named[i] ?? '', portName: 'app', roleArn: 'r' },
              ],
            },
          ],
        })),
      },
      vpcLattice: {
        targetGroups: held.map(({ id, type }) => ({ arn: tg(id), id, type: type ?? 'IP' })),
        listeners: {},
      },
    }) as unknown as RegionSnapshot;
  const others = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `tg-x${i}` }));

  it.each([
    {
      name: 'a lone target group is described',
      named: [tg('tg-0')],
      held: [{ id: 'tg-0' }],
      list: 0,
      get: 1,
    },
    {
      name: 'one of another type is described besides the listing',
      named: [tg('tg-0'), tg('tg-1')],
      held: [{ id: 'tg-0' }, { id: 'tg-1', type: 'LAMBDA' }],
      list: 1,
      get: 1,
    },
    {
      name: 'another account’s is described, and a lone own one too',
      named: [tg('tg-0'), tg('tg-1').replace(ACCOUNT, '444455556666')],
      held: [{ id: 'tg-0' }],
      list: 0,
      get: 2,
    },
    {
      name: 'the listing pages on while more are missing than pages read',
      named: [tg('tg-0'), tg('tg-1')],
      held: [...others(100), { id: 'tg-0' }, { id: 'tg-1' }],
      list: 2,
      get: 0,
    },
    {
      name: 'the listing stops when no more are missing than pages read, the rest described',
      named: [tg('tg-0'), tg('tg-1')],
      held: [...others(200), { id: 'tg-0' }, { id: 'tg-1' }],
      list: 2,
      get: 2,
    },
  ])('counts the target group calls when $name', ({ named, held, list, get }) => {
    const data = naming(named, held);
    expect([
      op(data, 'vpc-lattice', 'ListTargetGroups'),
      op(data, 'vpc-lattice', 'GetTargetGroup'),
    ]).toEqual([list, get]);
  });
});

describe('regionMinCalls for Secrets Manager', () => {
  const secretArn = (name: string, account = ACCOUNT) =>
    `arn:aws:secretsmanager:${REGION}:${account}:secret:${name}-AbCdEf`;
  /** One service running one revision that references these secrets; the region holds `held`. */
  const referencing = (references: string[], held: string[]): RegionSnapshot => ({
    ecs: {
      clusters: clusters('a'),
      services: services('a', 1, () => ({ taskDefinition: tdArn('app') })),
      taskDefinitions: [
        {
          taskDefinitionArn: tdArn('app'),
          containerDefinitions: [
            {
              name: 'app',
              secrets: references.map((valueFrom, i) => ({ name: `S${i}`, valueFrom })),
            },
          ],
        },
      ],
      containerInstances: [],
    },
    secretsManager: { secrets: held.map((name) => ({ ARN: secretArn(name), Name: name })) },
  });
  const secretsCalls = (data: RegionSnapshot) =>
    regionMinCalls(REGION, data, ACCOUNT).secretsmanager ?? {};
  const named = (count: number, prefix = 'db') =>
    Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);

  it.each([
    [
      'one secret: one DescribeSecret, no listing',
      referencing([secretArn('db')], ['db']),
      {
        DescribeSecret: 1,
      },
    ],
    [
      'two secrets: one listing page answers both',
      referencing([secretArn('db'), secretArn('api')], ['db', 'api']),
      { ListSecrets: 1 },
    ],
    [
      '25 secrets: a listing per 10 names',
      referencing(
        named(25).map((n) => secretArn(n)),
        named(25),
      ),
      { ListSecrets: 3 },
    ],
    [
      'a referenced secret the listing does not return (deleted): described',
      referencing([secretArn('db'), secretArn('gone')], ['db']),
      { ListSecrets: 1, DescribeSecret: 1 },
    ],
    [
      "another account's secret: described, the account's own listed",
      referencing(
        [secretArn('db'), secretArn('api'), secretArn('shared', '444455556666')],
        ['db', 'api'],
      ),
      { ListSecrets: 1, DescribeSecret: 1 },
    ],
    [
      'two names whose prefix 150 secrets share: the listing takes two pages',
      referencing([secretArn('db'), secretArn('api')], ['api', 'db', ...named(149, 'db')]),
      { ListSecrets: 2 },
    ],
  ])('%s', (_name, data, expected) => {
    expect(secretsCalls(data)).toEqual(expected);
  });
});
