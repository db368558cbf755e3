import { describe, expect, it } from 'vitest';
import {
  buildInventories,
  buildInventory,
  credentialKey,
} from '../../../lib/evaluate/inventory/inventory.ts';
import type { RegionSnapshot, Snapshot } from '../../../lib/snapshot/types.ts';
import { ACCOUNT, arn, REGION } from '../../support/evaluate.ts';

const context = { accountId: ACCOUNT, partition: 'aws', region: REGION };
const scoped = { allLoadBalancers: false };

const service = (name: string, fields: Record<string, unknown> = {}) => ({
  serviceArn: arn.service(name),
  serviceName: name,
  status: 'ACTIVE',
  ...fields,
});

const web = arn.loadBalancer('web');
const internal = arn.loadBalancer('internal');
const unrelated = arn.loadBalancer('unrelated');

/** One service behind target group `api` of load balancer `web`; `unrelated` fronts nothing of ours. */
const withLoadBalancers = (
  elbv2: Partial<NonNullable<RegionSnapshot['elbv2']>> = {},
): RegionSnapshot => ({
  ecs: {
    services: [service('api', { loadBalancers: [{ targetGroupArn: arn.targetGroup('api') }] })],
  },
  elbv2: {
    loadBalancers: [
      { LoadBalancerArn: web },
      { LoadBalancerArn: internal },
      { LoadBalancerArn: unrelated },
    ],
    targetGroups: [
      { TargetGroupArn: arn.targetGroup('api'), LoadBalancerArns: [web, internal] },
      { TargetGroupArn: arn.targetGroup('other'), LoadBalancerArns: [unrelated] },
    ],
    listeners: [
      { ListenerArn: arn.listener('web', 'l1'), LoadBalancerArn: web },
      { ListenerArn: arn.listener('internal', 'l2'), LoadBalancerArn: internal },
      { ListenerArn: arn.listener('unrelated', 'l3'), LoadBalancerArn: unrelated },
    ],
    ...elbv2,
  },
});

/** Which meshes are in scope is known from the task definitions: here, none. */
const noServices: RegionSnapshot = { ecs: { services: [], taskDefinitions: [] } };

describe('buildInventory', () => {
  it('marks every section of an empty region as not collected', () => {
    const inventory = buildInventory(context, {}, scoped);

    expect(inventory).toEqual({ ...context, credentialKinds: new Map() });
    for (const key of [
      'services',
      'taskDefinitions',
      'targetGroups',
      'loadBalancers',
      'listeners',
      'secrets',
    ]) {
      expect(inventory).toHaveProperty(key, undefined);
    }
  });

  it.each([
    ['services', { ecs: { services: [] } }, (i: ReturnType<typeof buildInventory>) => i.services],
    ['clusters', { ecs: { clusters: [] } }, (i: ReturnType<typeof buildInventory>) => i.clusters],
    [
      'container instances',
      { ecs: { containerInstances: [] } },
      (i: ReturnType<typeof buildInventory>) => i.containerInstances,
    ],
    ['subnets', { ec2: { subnets: [] } }, (i: ReturnType<typeof buildInventory>) => i.subnets],
    [
      'instances',
      { ec2: { instances: [] } },
      (i: ReturnType<typeof buildInventory>) => i.instances,
    ],
    [
      'VPC endpoints',
      { ec2: { vpcEndpoints: [] } },
      (i: ReturnType<typeof buildInventory>) => i.vpcEndpoints,
    ],
    [
      'SSL policies',
      { elbv2: { sslPolicies: [] } },
      (i: ReturnType<typeof buildInventory>) => i.sslPolicies,
    ],
    [
      'listener certificates',
      { elbv2: { listenerCertificates: {} } },
      (i: ReturnType<typeof buildInventory>) => i.listenerCertificates,
    ],
    ['rules', { elbv2: { rules: {} } }, (i: ReturnType<typeof buildInventory>) => i.rules],
    [
      'meshes',
      { ...noServices, appmesh: { meshes: [] } },
      (i: ReturnType<typeof buildInventory>) => i.meshes,
    ],
    [
      'virtual nodes',
      { ...noServices, appmesh: { virtualNodes: [] } },
      (i: ReturnType<typeof buildInventory>) => i.virtualNodes,
    ],
    [
      'virtual gateways',
      { ...noServices, appmesh: { virtualGateways: [] } },
      (i: ReturnType<typeof buildInventory>) => i.virtualGateways,
    ],
    [
      'ACM certificates',
      { acm: { certificates: [] } },
      (i: ReturnType<typeof buildInventory>) => i.certificates,
    ],
    [
      'SSM parameters',
      { ssm: { parameters: [] } },
      (i: ReturnType<typeof buildInventory>) => i.parameters,
    ],
    [
      'Secrets Manager secrets',
      { secretsManager: { secrets: [] } },
      (i: ReturnType<typeof buildInventory>) => i.secrets,
    ],
  ] as const)(
    'keeps collected but empty %s empty, and missing ones undefined',
    (_name, data, pick) => {
      // Act
      const collected = pick(buildInventory(context, data as RegionSnapshot, scoped));
      const missing = pick(buildInventory(context, {}, scoped));

      // Assess
      expect(collected).toBeDefined();
      expect(collected instanceof Map ? collected.size : Object.keys(collected ?? {}).length).toBe(
        0,
      );
      expect(missing).toBeUndefined();
    },
  );

  it('keeps ACTIVE services (any case) and services without a status, and drops DRAINING and INACTIVE ones', () => {
    const inventory = buildInventory(
      context,
      {
        ecs: {
          services: [
            service('active'),
            service('lower', { status: 'active' }),
            service('unknown', { status: undefined }),
            service('draining', { status: 'DRAINING' }),
            service('inactive', { status: 'INACTIVE' }),
          ],
        },
      },
      scoped,
    );

    expect(inventory.services?.map((s) => s.serviceName)).toEqual(['active', 'lower', 'unknown']);
  });

  it('indexes clusters, subnets, instances, SSL policies and certificates by their IDs', () => {
    const inventory = buildInventory(
      context,
      {
        ecs: { clusters: [{ clusterArn: arn.cluster('prod') }] },
        ec2: {
          subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1' }],
          instances: [{ InstanceId: 'i-1' }],
        },
        elbv2: {
          sslPolicies: [
            { Name: 'ELBSecurityPolicy-TLS13-1-2-2021-06' },
            { SslProtocols: ['TLSv1'] },
          ],
        },
        acm: { certificates: [{ CertificateArn: arn.certificate('c1') }] },
      },
      scoped,
    );

    expect([...(inventory.clusters?.keys() ?? [])]).toEqual([arn.cluster('prod')]);
    expect(inventory.subnets?.get('subnet-1')?.VpcId).toBe('vpc-1');
    expect([...(inventory.instances?.keys() ?? [])]).toEqual(['i-1']);
    expect([...(inventory.sslPolicies?.keys() ?? [])]).toEqual([
      'ELBSecurityPolicy-TLS13-1-2-2021-06',
    ]);
    expect([...(inventory.certificates?.keys() ?? [])]).toEqual([arn.certificate('c1')]);
  });

  describe('task definitions', () => {
    const running = service('api', {
      taskDefinition: arn.taskDefinition('api:2'),
      deployments: [
        { status: 'PRIMARY', taskDefinition: arn.taskDefinition('api:2') },
        { status: 'ACTIVE', taskDefinition: arn.taskDefinition('api:1') },
        { status: 'INACTIVE', taskDefinition: arn.taskDefinition('api:0') },
      ],
    });

    it('describes each in-scope task definition once, with its data when it was collected', () => {
      // Prepare
      const described = {
        taskDefinitionArn: arn.taskDefinition('api:2'),
        family: 'api',
        revision: 2,
      };
      const data: RegionSnapshot = {
        ecs: {
          services: [running, service('worker', { taskDefinition: arn.taskDefinition('api:2') })],
          taskDefinitions: [described, { taskDefinitionArn: arn.taskDefinition('api:0') }],
        },
      };

      // Act
      const inventory = buildInventory(context, data, scoped);

      // Assess
      expect(inventory.taskDefinitions).toEqual([
        { arn: arn.taskDefinition('api:2'), data: described },
        { arn: arn.taskDefinition('api:1'), data: undefined },
      ]);
    });

    it('lists in-scope task definitions without data when task definitions were not collected', () => {
      const inventory = buildInventory(context, { ecs: { services: [running] } }, scoped);

      expect(inventory.taskDefinitions).toEqual([
        { arn: arn.taskDefinition('api:2'), data: undefined },
        { arn: arn.taskDefinition('api:1'), data: undefined },
      ]);
    });

    it('leaves task definitions undefined when services were not collected', () => {
      const inventory = buildInventory(
        context,
        { ecs: { taskDefinitions: [{ taskDefinitionArn: arn.taskDefinition('api:2') }] } },
        scoped,
      );

      expect(inventory.taskDefinitions).toBeUndefined();
    });

    it('ignores task definitions of services that are out of scope', () => {
      const inventory = buildInventory(
        context,
        {
          ecs: {
            services: [
              service('old', { status: 'DRAINING', taskDefinition: arn.taskDefinition('old:1') }),
            ],
          },
        },
        scoped,
      );

      expect(inventory.taskDefinitions).toEqual([]);
    });
  });

  describe('target groups', () => {
    it.each([
      [
        'described when target groups were collected',
        withLoadBalancers(),
        [
          {
            arn: arn.targetGroup('api'),
            data: expect.objectContaining({ TargetGroupArn: arn.targetGroup('api') }),
          },
        ],
      ],
      [
        'without data when a target group was not described',
        withLoadBalancers({ targetGroups: [] }),
        [{ arn: arn.targetGroup('api'), data: undefined }],
      ],
      [
        'without data when target groups were not collected',
        withLoadBalancers({ targetGroups: undefined }),
        [{ arn: arn.targetGroup('api'), data: undefined }],
      ],
    ])('lists the target groups of in-scope services, %s', (_name, data, expected) => {
      expect(buildInventory(context, data, scoped).targetGroups).toEqual(expected);
    });

    it('leaves target groups undefined when services were not collected', () => {
      const data = withLoadBalancers();
      delete data.ecs;

      expect(buildInventory(context, data, scoped).targetGroups).toBeUndefined();
    });
  });

  describe('load balancers and listeners', () => {
    it.each([
      [
        'only the load balancers of the services target groups',
        withLoadBalancers(),
        scoped,
        [web, internal],
      ],
      [
        'every load balancer with allLoadBalancers',
        withLoadBalancers(),
        { allLoadBalancers: true },
        [web, internal, unrelated],
      ],
      [
        'every load balancer with allLoadBalancers even when services were not collected',
        { elbv2: withLoadBalancers().elbv2 },
        { allLoadBalancers: true },
        [web, internal, unrelated],
      ],
      [
        'none when the services register with no target group',
        { ...withLoadBalancers(), ecs: { services: [service('api')] } },
        scoped,
        [],
      ],
      [
        'none of a target group that was not described',
        withLoadBalancers({ targetGroups: [] }),
        scoped,
        [],
      ],
    ])('puts in scope %s', (_name, data, config, expected) => {
      const inventory = buildInventory(context, data, config);

      expect(inventory.loadBalancers?.map((lb) => lb.LoadBalancerArn)).toEqual(expected);
    });

    it.each([
      [
        'load balancers were not collected',
        withLoadBalancers({ loadBalancers: undefined }),
        scoped,
      ],
      [
        'load balancers were not collected, with allLoadBalancers',
        withLoadBalancers({ loadBalancers: undefined }),
        { allLoadBalancers: true },
      ],
      ['services were not collected', { elbv2: withLoadBalancers().elbv2 }, scoped],
      ['target groups were not collected', withLoadBalancers({ targetGroups: undefined }), scoped],
    ])('leaves load balancers and listeners undefined when %s', (_name, data, config) => {
      const inventory = buildInventory(context, data, config);

      expect(inventory.loadBalancers).toBeUndefined();
      expect(inventory.listeners).toBeUndefined();
    });

    it.each([
      ['only the listeners of in-scope load balancers', scoped, ['l1', 'l2']],
      ['every listener with allLoadBalancers', { allLoadBalancers: true }, ['l1', 'l2', 'l3']],
    ])('keeps %s', (_name, config, expected) => {
      const inventory = buildInventory(context, withLoadBalancers(), config);

      expect(inventory.listeners?.map((l) => l.ListenerArn?.split('/').pop())).toEqual(expected);
    });

    it('leaves listeners undefined when they were not collected', () => {
      const inventory = buildInventory(
        context,
        withLoadBalancers({ listeners: undefined }),
        scoped,
      );

      expect(inventory.loadBalancers).toHaveLength(2);
      expect(inventory.listeners).toBeUndefined();
    });
  });

  it('passes listener certificates and rules through, keyed by listener ARN', () => {
    const listenerArn = arn.listener('web', 'l1');
    const data = withLoadBalancers({
      listenerCertificates: {
        [listenerArn]: [{ CertificateArn: arn.certificate('c1'), IsDefault: true }],
      },
      rules: { [listenerArn]: [{ RuleArn: 'r1', IsDefault: true }] },
    });

    const inventory = buildInventory(context, data, scoped);

    expect(inventory.listenerCertificates?.[listenerArn]).toEqual([
      { CertificateArn: arn.certificate('c1'), IsDefault: true },
    ]);
    expect(inventory.rules?.[listenerArn]).toEqual([{ RuleArn: 'r1', IsDefault: true }]);
  });
});

describe('buildInventory: the meshes in scope', () => {
  const OTHER = '444455556666';
  const meshItem = (meshName: string, meshOwner = ACCOUNT) => ({
    meshName,
    metadata: { arn: arn.mesh(meshName), meshOwner },
  });
  const node = (meshName: string, meshOwner = ACCOUNT) => ({
    ...meshItem(meshName, meshOwner),
    virtualNodeName: 'n',
  });
  const gateway = (meshName: string) => ({ ...meshItem(meshName), virtualGatewayName: 'g' });
  const appmesh = {
    meshes: [meshItem('shop'), meshItem('pay'), meshItem('lab'), meshItem('shop', OTHER)],
    virtualNodes: [node('shop'), node('pay'), node('lab'), node('shop', OTHER)],
    virtualGateways: [gateway('shop'), gateway('lab')],
  } as NonNullable<RegionSnapshot['appmesh']>;
  /** One service running `td:1`, whose Envoy container has `environment`. */
  const wired = (
    environment: { name: string; value: string }[] | undefined,
    described = true,
  ): RegionSnapshot => ({
    ecs: {
      services: [service('api', { taskDefinition: arn.taskDefinition('td:1') })],
      taskDefinitions: described
        ? [
            {
              taskDefinitionArn: arn.taskDefinition('td:1'),
              containerDefinitions: [{ name: 'envoy', environment }],
            },
          ]
        : [],
    },
    appmesh,
  });
  const names = (items: { meshName?: string; metadata?: { meshOwner?: string } }[] | undefined) =>
    items?.map(
      (i) => `${i.meshName}${i.metadata?.meshOwner === ACCOUNT ? '' : `@${i.metadata?.meshOwner}`}`,
    );
  const resourceArn = (resource: string, region = REGION, owner = ACCOUNT) =>
    `arn:aws:appmesh:${region}:${owner}:mesh/${resource}`;

  it.each<[string, RegionSnapshot, boolean, string[] | undefined]>([
    [
      'a mesh an APPMESH_RESOURCE_ARN names (virtual node)',
      wired([{ name: 'APPMESH_RESOURCE_ARN', value: resourceArn('shop/virtualNode/n') }]),
      false,
      ['shop'],
    ],
    [
      'a mesh an APPMESH_RESOURCE_ARN names (virtual gateway)',
      wired([{ name: 'APPMESH_RESOURCE_ARN', value: resourceArn('lab/virtualGateway/g') }]),
      false,
      ['lab'],
    ],
    [
      'a mesh APPMESH_VIRTUAL_NODE_NAME names (in the account)',
      wired([{ name: 'APPMESH_VIRTUAL_NODE_NAME', value: 'mesh/pay/virtualNode/n' }]),
      false,
      ['pay'],
    ],
    [
      "another account's mesh of the same name, by the ARN's owner",
      wired([
        { name: 'APPMESH_RESOURCE_ARN', value: resourceArn('shop/virtualNode/n', REGION, OTHER) },
      ]),
      false,
      [`shop@${OTHER}`],
    ],
    [
      'no mesh of another region',
      wired([
        { name: 'APPMESH_RESOURCE_ARN', value: resourceArn('shop/virtualNode/n', 'eu-west-1') },
      ]),
      false,
      [],
    ],
    [
      'no mesh when no task definition names one',
      wired([{ name: 'LOG_LEVEL', value: 'info' }]),
      false,
      [],
    ],
    ['every mesh with allMeshes', wired(undefined), true, ['shop', 'pay', 'lab', `shop@${OTHER}`]],
    ['none from a task definition not described', wired(undefined, false), false, []],
  ])('keeps %s', (_name, data, allMeshes, expected) => {
    // Act
    const inventory = buildInventory(context, data, { allLoadBalancers: false, allMeshes });

    // Assess
    expect(names(inventory.meshes)).toEqual(expected);
    expect(names(inventory.virtualNodes)).toEqual(expected);
    expect(names(inventory.virtualGateways)).toEqual(
      expected?.filter((name) => name === 'shop' || name === 'lab'),
    );
  });

  it.each<[string, RegionSnapshot]>([
    ['services were not collected', { appmesh } as RegionSnapshot],
    [
      'task definitions were not collected',
      {
        ecs: { services: [service('api', { taskDefinition: arn.taskDefinition('td:1') })] },
        appmesh,
      },
    ],
  ])('leaves the meshes unknown when %s', (_name, data) => {
    // Act
    const inventory = buildInventory(context, data, scoped);

    // Assess
    expect(inventory.meshes).toBeUndefined();
    expect(inventory.virtualNodes).toBeUndefined();
    expect(inventory.virtualGateways).toBeUndefined();
  });
});

describe('buildInventories', () => {
  it('builds one inventory per region with the account and partition of the snapshot', () => {
    // Prepare
    const snapshot: Snapshot = {
      format: 'ecs-encryption-scanner/snapshot@2',
      failures: [],
      accountId: ACCOUNT,
      partition: 'aws-us-gov',
      regions: { 'us-gov-west-1': { ecs: { services: [] } }, 'us-gov-east-1': {} },
    };

    // Act
    const inventories = buildInventories(snapshot, scoped);

    // Assess
    expect(inventories.map((i) => [i.region, i.accountId, i.partition, i.services])).toEqual([
      ['us-gov-west-1', ACCOUNT, 'aws-us-gov', []],
      ['us-gov-east-1', ACCOUNT, 'aws-us-gov', undefined],
    ]);
  });
});

describe('credentialKey', () => {
  it.each([
    ['name and value apart', 'A', 'B=C', 'A=B', 'C'],
    ['an empty value from an empty name', 'A', '', '', 'A'],
  ])('keeps %s', (_name, name1, value1, name2, value2) => {
    expect(credentialKey(name1, value1)).not.toBe(credentialKey(name2, value2));
  });
});
