import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/api.ts';
import type { ProgressEvent } from '../../lib/report/progress.ts';
import type { RegionSnapshot } from '../../lib/snapshot/types.ts';
import { ACCOUNT, arn, fixtureSnapshot, OTHER_REGION, REGION } from './fixture.ts';
import { asCollectedCertificate, type CollectRun, collect, flatCalls, start } from './support.ts';

const served = fixtureSnapshot().regions[REGION] as RegionSnapshot;

/** What collection must fetch from the fixture: the in-scope parts, by identifier. */
const IN_SCOPE = {
  'ecs.clusters': ['prod', 'batch', 'fargate-only'].map(arn.cluster),
  'ecs.taskDefinitions': [
    ...[0, 1, 2, 3, 4].map((f) => arn.taskDefinition(`app-${f}`, 2)),
    arn.taskDefinition('app-0', 1),
    arn.taskDefinition('worker', 3),
  ],
  'ecs.containerInstances': ['ci-1', 'ci-2', 'ci-3', 'ci-old'].map((id) =>
    arn.containerInstance('batch', id),
  ),
  'elbv2.loadBalancers': [arn.loadBalancer('web'), arn.loadBalancer('tls', 'net')],
  'elbv2.listeners': [
    ...['https', 'http', 'plain'].map((id) => arn.listener('web', id)),
    ...['tls', 'tcp'].map((id) => arn.listener('tls', id, 'net')),
  ],
  'elbv2.listenerCertificates': [arn.listener('web', 'https'), arn.listener('tls', 'tls', 'net')],
  'elbv2.rules': [
    arn.listener('web', 'https'),
    arn.listener('web', 'http'),
    arn.listener('tls', 'tls', 'net'),
  ],
  'elbv2.targetGroups': [arn.targetGroup('web'), arn.targetGroup('tls')],
  'elbv2.sslPolicies': [
    'ELBSecurityPolicy-TLS13-1-2-2021-06',
    'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  ],
  'ec2.subnets': ['subnet-a0', 'subnet-a1', 'subnet-a2'],
  'ec2.instances': ['i-0batch0', 'i-0batch1', 'i-0batch2'],
  'ec2.vpcEndpoints': ['vpce-a1', 'vpce-a2', 'vpce-a3', 'vpce-a4', 'vpce-b1', 'vpce-b2', 'vpce-b3'],
  'appmesh.meshes': ['shop', 'payments', 'lab'].map(arn.mesh),
  'appmesh.virtualNodes': [
    'shop/virtualNode/cart',
    'shop/virtualNode/catalog',
    'shop/virtualNode/checkout',
    'payments/virtualNode/ledger',
  ].map((p) => `${arn.mesh('')}${p}`),
  'appmesh.virtualGateways': ['ingress', 'partners', 'admin'].map(
    (g) => `${arn.mesh('shop')}/virtualGateway/${g}`,
  ),
  'acm.certificates': ['default', 'sni-api', 'nlb'].map(arn.certificate),
  'ssm.parameters': ['/prod/db-url', '/prod/api-key', 'prod-token'],
  'secretsManager.secrets': [
    arn.secret('prod/db-AbCdEf'),
    arn.secret('prod/registry-QwErTy'),
    arn.secret('prod/replica-XyZ123', OTHER_REGION),
  ],
} as const;

type Path = keyof typeof IN_SCOPE;

/** The identifier of an item of each list (or the keys of a map section). */
const keyOf: Record<Path, (item: Record<string, unknown>) => unknown> = {
  'ecs.clusters': (i) => i.clusterArn,
  'ecs.taskDefinitions': (i) => i.taskDefinitionArn,
  'ecs.containerInstances': (i) => i.containerInstanceArn,
  'elbv2.loadBalancers': (i) => i.LoadBalancerArn,
  'elbv2.listeners': (i) => i.ListenerArn,
  'elbv2.listenerCertificates': () => undefined,
  'elbv2.rules': () => undefined,
  'elbv2.targetGroups': (i) => i.TargetGroupArn,
  'elbv2.sslPolicies': (i) => i.Name,
  'ec2.subnets': (i) => i.SubnetId,
  'ec2.instances': (i) => i.InstanceId,
  'ec2.vpcEndpoints': (i) => i.VpcEndpointId,
  'appmesh.meshes': (i) => (i.metadata as { arn: string }).arn,
  'appmesh.virtualNodes': (i) => (i.metadata as { arn: string }).arn,
  'appmesh.virtualGateways': (i) => (i.metadata as { arn: string }).arn,
  'acm.certificates': (i) => i.CertificateArn,
  'ssm.parameters': (i) => i.Name,
  'secretsManager.secrets': (i) => i.ARN,
};

const sectionAt = (data: RegionSnapshot, path: Path): unknown => {
  const [service, section] = path.split('.') as [keyof RegionSnapshot, string];
  return (data[service] as Record<string, unknown> | undefined)?.[section];
};

const servedItem = (path: Path, key: unknown): unknown => {
  if (path === 'secretsManager.secrets' && String(key).includes(OTHER_REGION)) {
    return fixtureSnapshot().regions[OTHER_REGION]?.secretsManager?.secrets?.[0];
  }
  return (sectionAt(served, path) as Record<string, unknown>[]).find(
    (item) => keyOf[path](item) === key,
  );
};

describe('collectRegion against the emulator', () => {
  let emulator: Emulator;
  let run: CollectRun;

  beforeAll(async () => {
    emulator = await start();
    run = await collect(emulator);
  });
  afterAll(() => emulator.close());

  it('completes without failures or log lines', () => {
    expect(run.failures).toEqual([]);
    expect(run.lines).toEqual([]);
  });

  it.each(Object.keys(IN_SCOPE) as Path[])(
    'collects exactly the in-scope %s, as served',
    (path) => {
      // Prepare
      const expected = IN_SCOPE[path];

      // Act
      const collected = sectionAt(run.snapshot, path);

      // Assess
      if (path === 'elbv2.listenerCertificates' || path === 'elbv2.rules') {
        const map = collected as Record<string, unknown[]>;
        expect(Object.keys(map).sort()).toEqual([...expected].sort());
        for (const [listenerArn, items] of Object.entries(map)) {
          expect(items).toEqual(
            (sectionAt(served, path) as Record<string, unknown[]>)[listenerArn],
          );
        }
        return;
      }
      const items = collected as Record<string, unknown>[];
      expect(items.map(keyOf[path]).sort()).toEqual([...expected].sort());
      for (const item of items) {
        const served = servedItem(path, keyOf[path](item));
        expect(item).toEqual(path === 'acm.certificates' ? asCollectedCertificate(served) : served);
      }
    },
  );

  it('collects every listed service, including those out of scope, as served', () => {
    expect(run.snapshot.ecs?.services).toEqual(served.ecs?.services);
  });

  it('writes timestamps as ISO strings and no $metadata', () => {
    const text = JSON.stringify(run.snapshot);

    expect(text).not.toContain('$metadata');
    expect(run.snapshot.ecs?.taskDefinitions?.[0]?.registeredAt).toBe('2026-10-15T08:30:00.000Z');
    expect(run.snapshot.acm?.certificates?.[0]?.NotAfter).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    );
  });

  it('keeps task definition tags beside the task definition fields', () => {
    const worker = run.snapshot.ecs?.taskDefinitions?.find((td) => td.family === 'worker');

    expect(worker?.tags).toEqual([{ key: 'family', value: 'worker' }]);
  });
});

describe('the calls collection makes', () => {
  let emulator: Emulator;
  let calls: Record<string, number>;

  beforeAll(async () => {
    emulator = await start();
    await collect(emulator);
    calls = flatCalls(emulator);
  });
  afterAll(() => emulator.close());

  // The fixture: 3 clusters; 26 services (23 in prod: three batches of 10); 7 task definitions in
  // use by in-scope services (23 services share 5 families, one deployment still runs app-0:1);
  // 2 load balancers with 5 listeners, of which 2 terminate TLS and 1 HTTP listener redirects.
  it.each([
    ['ecs:ListClusters', 1],
    ['ecs:DescribeClusters', 1],
    ['ecs:ListServices', 3],
    ['ecs:DescribeServices', 5],
    ['ecs:DescribeTaskDefinition', 7],
    ['ecs:ListContainerInstances', 1],
    ['ecs:DescribeContainerInstances', 1],
    ['elasticloadbalancing:DescribeTargetGroups', 1],
    ['elasticloadbalancing:DescribeLoadBalancers', 1],
    ['elasticloadbalancing:DescribeListeners', 2],
    ['elasticloadbalancing:DescribeListenerCertificates', 2],
    ['elasticloadbalancing:DescribeRules', 3],
    ['elasticloadbalancing:DescribeSSLPolicies', 1],
    // The trust store a listener verifies clients against, only where one is named.
    ['elasticloadbalancing:DescribeTrustStores', 1],
    ['ec2:DescribeSubnets', 1],
    ['ec2:DescribeInstances', 1],
    ['ec2:DescribeVpcEndpoints', 1],
    // Three certificates named: one listing page, and no describe (their names are all listed).
    ['acm:ListCertificates', 1],
    ['acm:DescribeCertificate', 0],
    ['ssm:DescribeParameters', 1],
    // Two of this region's secrets listed in one call; the other region's lone one described.
    ['secretsmanager:ListSecrets', 1],
    ['secretsmanager:DescribeSecret', 1],
    // The meshes the in-scope task definitions point at: described by name, never listed.
    ['appmesh:ListMeshes', 0],
    ['appmesh:DescribeMesh', 3],
    ['appmesh:ListVirtualNodes', 3],
    ['appmesh:DescribeVirtualNode', 4],
    ['appmesh:ListVirtualGateways', 3],
    ['appmesh:DescribeVirtualGateway', 3],
    // Exemption tags: one sweep for the load balancers, target groups, VPCs and mesh resources.
    ['tagging:GetResources', 1],
    ['elasticloadbalancing:DescribeTags', 0],
    ['ec2:DescribeVpcs', 0],
    ['appmesh:ListTagsForResource', 0],
  ])('calls %s %i time(s)', (operation, expected) => {
    expect(calls[operation] ?? 0).toBe(expected);
  });

  it('makes no call the checks do not need', () => {
    const operations = Object.keys(calls).sort();
    expect(operations).toEqual(
      [
        'ecs:ListClusters',
        'ecs:DescribeClusters',
        'ecs:ListServices',
        'ecs:DescribeServices',
        'ecs:DescribeTaskDefinition',
        'ecs:ListContainerInstances',
        'ecs:DescribeContainerInstances',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeTrustStores',
        'ec2:DescribeSubnets',
        'ec2:DescribeInstances',
        'ec2:DescribeVpcEndpoints',
        'acm:ListCertificates',
        'ssm:DescribeParameters',
        'secretsmanager:ListSecrets',
        'secretsmanager:DescribeSecret',
        'appmesh:DescribeMesh',
        'appmesh:ListVirtualNodes',
        'appmesh:DescribeVirtualNode',
        'appmesh:ListVirtualGateways',
        'appmesh:DescribeVirtualGateway',
        'tagging:GetResources',
      ].sort(),
    );
  });

  it('with allLoadBalancers lists every load balancer and follows all their listeners', async () => {
    emulator.resetCalls();

    const run = await collect(emulator, { config: { allLoadBalancers: true } });

    expect(run.snapshot.elbv2?.loadBalancers?.map((lb) => lb.LoadBalancerName).sort()).toEqual([
      'legacy',
      'tls',
      'web',
    ]);
    expect(Object.keys(run.snapshot.elbv2?.listenerCertificates ?? {})).toContain(
      arn.listener('legacy', 'https'),
    );
    expect(run.snapshot.elbv2?.sslPolicies?.map((p) => p.Name)).toContain(
      'ELBSecurityPolicy-2016-08',
    );
    expect(run.snapshot.acm?.certificates?.map((c) => c.CertificateArn)).toContain(
      arn.certificate('legacy'),
    );
  });
});

describe('pagination', () => {
  let emulator: Emulator;
  let paged: CollectRun;
  let unpaged: CollectRun;
  let calls: Record<string, number>;

  beforeAll(async () => {
    const whole = await start();
    unpaged = await collect(whole);
    await whole.close();
    emulator = await start({ maxPageSize: 1 });
    paged = await collect(emulator, { config: { allLoadBalancers: true, allMeshes: true } });
    calls = flatCalls(emulator);
  });
  afterAll(() => emulator.close());

  it('collects the same items one per page as in whole pages', () => {
    const { elbv2, acm, ...rest } = paged.snapshot;
    const { elbv2: wholeElbv2, acm: wholeAcm, ...wholeRest } = unpaged.snapshot;

    expect(paged.failures).toEqual([]);
    expect(rest).toEqual(wholeRest);
    // allLoadBalancers adds the legacy load balancer; the in-scope ones are the same. Every mesh
    // (allMeshes) is one a task definition points at.
    expect(elbv2?.targetGroups).toEqual(wholeElbv2?.targetGroups);
    for (const listener of wholeElbv2?.listeners ?? [])
      expect(elbv2?.listeners).toContainEqual(listener);
  });

  // Each listing below has at least two items, so one item per page means at least two pages.
  it.each([
    ['ecs:ListClusters', 3],
    ['ecs:ListServices', 24 + 1 + 1],
    ['ecs:ListContainerInstances', 4],
    ['elasticloadbalancing:DescribeLoadBalancers', 3],
    ['elasticloadbalancing:DescribeListeners', 3 + 2 + 1],
    ['elasticloadbalancing:DescribeListenerCertificates', 3 + 1 + 1],
    ['elasticloadbalancing:DescribeRules', 3 + 2 + 1 + 1],
    ['elasticloadbalancing:DescribeSSLPolicies', 3],
    ['ec2:DescribeSubnets', 3],
    ['ec2:DescribeInstances', 3],
    ['ec2:DescribeVpcEndpoints', 7],
    ['ssm:DescribeParameters', 3],
    ['appmesh:ListMeshes', 3],
    ['appmesh:ListVirtualNodes', 3 + 1 + 1],
    ['appmesh:ListVirtualGateways', 3 + 1 + 1],
  ])('follows every page of %s (%i calls at one item a page)', (operation, expected) => {
    expect(calls[operation]).toBe(expected);
  });

  it('follows the pages of describe calls by ARN (target groups, load balancers)', async () => {
    // Prepare
    emulator.resetCalls();

    // Act
    const run = await collect(emulator);

    // Assess: two ARNs each, one item a page.
    expect(flatCalls(emulator)['elasticloadbalancing:DescribeTargetGroups']).toBe(2);
    expect(flatCalls(emulator)['elasticloadbalancing:DescribeLoadBalancers']).toBe(2);
    expect(run.snapshot.elbv2?.targetGroups).toEqual(unpaged.snapshot.elbv2?.targetGroups);
    expect(run.snapshot.elbv2?.loadBalancers).toEqual(unpaged.snapshot.elbv2?.loadBalancers);
  });
});

describe('batching and de-duplication', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.close());

  it('describes services 10 per call and task definitions once each', async () => {
    emulator.resetCalls();

    const run = await collect(emulator);

    // 23 + 1 services in prod → 3 calls; batch and fargate-only → 1 each.
    expect(emulator.calls().ecs?.DescribeServices).toBe(5);
    const described = run.snapshot.ecs?.taskDefinitions?.map((td) => td.taskDefinitionArn) ?? [];
    expect(new Set(described).size).toBe(described.length);
    expect(emulator.calls().ecs?.DescribeTaskDefinition).toBe(described.length);
  });

  it('does not describe the task definition of a draining service', async () => {
    const run = await collect(emulator);

    expect(run.snapshot.ecs?.taskDefinitions?.map((td) => td.taskDefinitionArn)).not.toContain(
      arn.taskDefinition('unused', 1),
    );
  });

  it('describes a secret named by a partial ARN and one in another region', async () => {
    const run = await collect(emulator);

    expect(run.snapshot.secretsManager?.secrets?.map((s) => s.Name).sort()).toEqual([
      'prod/db',
      'prod/registry',
      'prod/replica',
    ]);
  });

  it('leaves out a subnet that does not exist without failing the rest', async () => {
    const run = await collect(emulator);

    expect(run.snapshot.ec2?.subnets?.map((s) => s.SubnetId)).not.toContain('subnet-gone');
    expect(run.failures).toEqual([]);
  });

  it('records the account it was given', async () => {
    const run = await collect(emulator);

    expect(run.snapshot.ssm?.parameters?.every((p) => p.ARN?.includes(ACCOUNT))).toBe(true);
  });
});

describe('progress of the calls collection makes', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.close());

  const failedCalls = (failures: CollectRun['failures'], service: string): number =>
    failures.filter((f) => f.service === service).reduce((n, f) => n + f.count, 0);

  /** The last event of each service, after checking that each event counts one more call. */
  const lastByService = (events: readonly ProgressEvent[]): Map<string, ProgressEvent> => {
    const last = new Map<string, ProgressEvent>();
    for (const event of events) {
      const before = last.get(event.service);
      const calls = (e?: ProgressEvent) => (e ? e.done + (e.failed ?? 0) : 0);
      expect(calls(event)).toBe(calls(before) + 1);
      last.set(event.service, event);
    }
    return last;
  };

  it('reports every call of its region by service, with counts and nothing collected', async () => {
    // Prepare
    emulator.setFaults({});
    emulator.resetCalls();
    const events: ProgressEvent[] = [];

    // Act
    const run = await collect(emulator, { onProgress: (event) => events.push(event) });

    // Assess: a listing of several pages is one call, so there are no more calls than requests.
    const served = emulator.calls();
    const last = lastByService(events);
    expect([...last.keys()].sort()).toEqual(Object.keys(served).sort());
    for (const [service, event] of last) {
      const requests = Object.values(served[service] ?? {}).reduce((a, b) => a + b, 0);
      expect(event.done).toBeGreaterThan(0);
      expect(event.done + (event.failed ?? 0)).toBeLessThanOrEqual(requests);
      expect(event.failed).toBe(failedCalls(run.failures, service));
    }
    for (const event of events) {
      expect(event.region).toBe(REGION);
      expect(Object.keys(event).sort()).toEqual(
        ['done', 'failed', 'operation', 'region', 'service', 'throttled'].sort(),
      );
    }
  });

  it('counts the calls that failed after retries as the failures record them', async () => {
    // Prepare
    emulator.setFaults({ accessDenied: ['secretsmanager'] });
    const events: ProgressEvent[] = [];

    // Act
    const run = await collect(emulator, { onProgress: (event) => events.push(event) });

    // Assess
    emulator.setFaults({});
    const recorded = failedCalls(run.failures, 'secretsmanager');
    expect(recorded).toBeGreaterThan(0);
    // The refused listing is not a failure: its secrets were described (and refused) one by one.
    expect(lastByService(events).get('secretsmanager')).toMatchObject({
      done: 1,
      failed: recorded,
    });
  });
});
