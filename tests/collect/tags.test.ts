// The exemption tags: collected with the fewest calls for exactly the in-scope resources, not at
// all when switched off, and a failure to read them exempts nothing and hides no check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { Emulator } from '../../emulator/api.ts';
import { createClients } from '../../lib/aws/regionClients.ts';
import { collectFocused, type ScanFocus } from '../../lib/collect/targeted.ts';
import { incompleteChecks } from '../../lib/publish/scope.ts';
import type { RegionSnapshot, Snapshot } from '../../lib/snapshot/types.ts';
import { ACCOUNT, arn, fixtureSnapshot, REGION } from './fixture.ts';
import {
  type CollectRun,
  CREDENTIALS,
  collect,
  flatCalls,
  memoryLogger,
  scanOf,
  start,
} from './support.ts';

const TAG_OPERATIONS = [
  'elasticloadbalancing:DescribeTags',
  'ec2:DescribeVpcs',
  'appmesh:ListTagsForResource',
];

const regionOf = (snapshot: Snapshot) => snapshot.regions[REGION] as RegionSnapshot;
const served = regionOf(fixtureSnapshot());

const meshResourceArns = [
  arn.mesh('shop'),
  arn.mesh('payments'),
  arn.mesh('lab'),
  ...['cart', 'catalog', 'checkout'].map((n) => `${arn.mesh('shop')}/virtualNode/${n}`),
  `${arn.mesh('payments')}/virtualNode/ledger`,
  ...['ingress', 'partners', 'admin'].map((g) => `${arn.mesh('shop')}/virtualGateway/${g}`),
];

type Scan = Awaited<ReturnType<typeof scanOf>>;

/** Each result as the checks judged it, before any exemption turned a FAILED into a WARNING. */
const judged = (scan: Scan) =>
  scan.results
    .map(
      (r) =>
        `${r.checkId} ${r.resource.arn} ${r.exemption?.state === 'applied' ? 'FAILED' : r.status}`,
    )
    .sort();

const exempt = (scan: Scan) => scan.results.filter((r) => r.exemption?.state === 'applied');

describe('exemption tags, switched on (the default)', () => {
  let emulator: Emulator;
  let run: CollectRun;
  let calls: Record<string, number>;

  beforeAll(async () => {
    emulator = await start();
    run = await collect(emulator);
    calls = flatCalls(emulator);
  });
  afterAll(() => emulator.close());

  it('reads the tags of the in-scope load balancers and target groups in one DescribeTags call', () => {
    // Prepare
    const inScope = [
      arn.loadBalancer('web'),
      arn.loadBalancer('tls', 'net'),
      arn.targetGroup('web'),
      arn.targetGroup('tls'),
    ];

    // Assess
    expect(run.failures).toEqual([]);
    expect(calls['elasticloadbalancing:DescribeTags']).toBe(1);
    expect(Object.keys(run.snapshot.elbv2?.tags ?? {}).sort()).toEqual([...inScope].sort());
    for (const resource of inScope)
      expect(run.snapshot.elbv2?.tags?.[resource]).toEqual(served.elbv2?.tags?.[resource]);
  });

  it('describes only the VPCs that host in-scope services, in one DescribeVpcs call', () => {
    // Assess
    expect(calls['ec2:DescribeVpcs']).toBe(1);
    expect(run.snapshot.ec2?.vpcs).toEqual(
      served.ec2?.vpcs?.filter((vpc) => vpc.VpcId === 'vpc-a' || vpc.VpcId === 'vpc-b'),
    );
  });

  it('lists the tags of every described mesh, virtual node and virtual gateway once', () => {
    // Assess
    expect(calls['appmesh:ListTagsForResource']).toBe(meshResourceArns.length);
    expect(run.snapshot.appmesh?.tags).toEqual(
      Object.fromEntries(meshResourceArns.map((a) => [a, served.appmesh?.tags?.[a] ?? []])),
    );
  });

  it('keeps the tags ECS and Secrets Manager return with their describe calls', () => {
    // Assess
    expect(run.snapshot.ecs?.services?.[0]?.tags).toEqual([{ key: 'team', value: 'team-0' }]);
    expect(run.snapshot.ecs?.taskDefinitions?.every((td) => Array.isArray(td.tags))).toBe(true);
  });
});

describe('DescribeTags batches', () => {
  let emulator: Emulator;

  /** 19 more load balancers: with allLoadBalancers, 22 load balancers and 2 target groups. */
  const withManyLoadBalancers = (): Snapshot => {
    const snapshot = fixtureSnapshot();
    const region = regionOf(snapshot);
    for (let i = 0; i < 19; i += 1) {
      const name = `extra-${i}`;
      region.elbv2?.loadBalancers?.push({
        LoadBalancerArn: arn.loadBalancer(name),
        LoadBalancerName: name,
        Type: 'application',
        Scheme: 'internal',
        VpcId: 'vpc-c',
      });
      if (region.elbv2?.tags) region.elbv2.tags[arn.loadBalancer(name)] = [];
    }
    return snapshot;
  };

  beforeAll(async () => {
    emulator = await start({}, withManyLoadBalancers());
  });
  afterAll(() => emulator.close());

  it('asks for 20 ARNs a call, load balancers and target groups together', async () => {
    // Act
    const run = await collect(emulator, { config: { allLoadBalancers: true } });

    // Assess: 24 ARNs take two calls; the emulator refuses more than 20 in one.
    expect(run.failures).toEqual([]);
    expect(flatCalls(emulator)['elasticloadbalancing:DescribeTags']).toBe(2);
    expect(Object.keys(run.snapshot.elbv2?.tags ?? {})).toHaveLength(24);
    expect(run.snapshot.elbv2?.tags).toHaveProperty([arn.targetGroup('tls')]);
  });
});

describe('a load balancer deleted before DescribeTags', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.close());

  it('asks again one ARN at a time and leaves only the gone one out, with no failure', async () => {
    // Prepare: AWS fails a whole DescribeTags call when one of its ARNs no longer exists.
    const gone = arn.loadBalancer('web');

    // Act
    const run = await collect(emulator, {
      mutateClients: (clients) =>
        clients.elbv2.middlewareStack.add(
          (next, context) => async (args) => {
            const input = args.input as { ResourceArns?: string[] };
            if (context.commandName === 'DescribeTagsCommand' && input.ResourceArns?.includes(gone))
              throw Object.assign(new Error('not found'), {
                name: 'LoadBalancerNotFoundException',
              });
            return next(args);
          },
          { step: 'initialize', name: 'deleteWebLoadBalancer' },
        ),
    });

    // Assess: the batch and the gone ARN never reach the emulator; the other three do, one each.
    expect(run.failures).toEqual([]);
    expect(Object.keys(run.snapshot.elbv2?.tags ?? {}).sort()).toEqual(
      [arn.loadBalancer('tls', 'net'), arn.targetGroup('web'), arn.targetGroup('tls')].sort(),
    );
    expect(flatCalls(emulator)['elasticloadbalancing:DescribeTags']).toBe(3);
  });
});

describe('exemption tags, switched off', () => {
  let emulator: Emulator;
  let off: CollectRun;
  let on: CollectRun;
  let calls: Record<string, number>;

  beforeAll(async () => {
    emulator = await start();
    off = await collect(emulator, { config: { exemptionTags: false } });
    calls = flatCalls(emulator);
    on = await collect(emulator);
  });
  afterAll(() => emulator.close());

  it.each(TAG_OPERATIONS)('never calls %s', (operation) => {
    // Assess
    expect(calls[operation] ?? 0).toBe(0);
  });

  it('leaves the tag sections out, judges every check as with them and exempts nothing', async () => {
    // Act
    const [withoutTags, withTags] = [await scanOf(off), await scanOf(on)];

    // Assess
    expect(off.failures).toEqual([]);
    expect(off.snapshot.elbv2?.tags).toBeUndefined();
    expect(off.snapshot.ec2?.vpcs).toBeUndefined();
    expect(off.snapshot.appmesh?.tags).toBeUndefined();
    expect(judged(withoutTags)).toEqual(judged(withTags));
    expect(exempt(withTags).length).toBeGreaterThan(0);
    expect(exempt(withoutTags)).toEqual([]);
  });
});

describe('a failed tag call', () => {
  const without = (drop: (region: RegionSnapshot) => void): Snapshot => {
    const snapshot = fixtureSnapshot();
    drop(regionOf(snapshot));
    return snapshot;
  };

  it.each<[string, (region: RegionSnapshot) => void, string, string, string]>([
    [
      'DescribeTags',
      (r) => delete r.elbv2?.tags,
      'elasticloadbalancing',
      'AccessDenied',
      'elbv2.tags',
    ],
    ['DescribeVpcs', (r) => delete r.ec2?.vpcs, 'ec2', 'UnauthorizedOperation', 'ec2.vpcs'],
    [
      'ListTagsForResource',
      (r) => delete r.appmesh?.tags,
      'appmesh',
      'ForbiddenException',
      'appmesh.tags',
    ],
  ])(
    'is recorded (%s), leaves its section out and makes no check NOT_AVAILABLE',
    async (operation, drop, service, errorCode, section) => {
      // Prepare: the emulator answers a section its snapshot lacks with AccessDenied.
      const complete = await start();
      const denied = await start({}, without(drop));

      try {
        // Act
        const reference = await scanOf(await collect(complete));
        const run = await collect(denied);
        const scan = await scanOf(run);

        // Assess
        expect(
          run.failures.map(({ service, operation, errorCode }) => [service, operation, errorCode]),
        ).toEqual([[service, operation, errorCode]]);
        const [part, name] = section.split('.') as [keyof RegionSnapshot, string];
        expect((run.snapshot[part] as Record<string, unknown>)[name]).toBeUndefined();
        expect(run.lines.map((l) => l.message)).toEqual([
          expect.stringMatching(new RegExp(`${operation} failed .*those resources are not exempt`)),
        ]);
        expect(judged(scan)).toEqual(judged(reference));
        expect(incompleteChecks(scan, checks, REGION)).toEqual(new Set());
      } finally {
        await complete.close();
        await denied.close();
      }
    },
  );
});

describe('a focused rescan', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.close());

  const rescan = async (focus: ScanFocus, exemptionTags: boolean) => {
    emulator.resetCalls();
    const clients = createClients(REGION, {
      endpoint: emulator.url,
      credentials: CREDENTIALS,
      maxAttempts: 2,
    });
    try {
      const run = await collectFocused(clients, REGION, {
        logger: memoryLogger().logger,
        accountId: ACCOUNT,
        // allMeshes: the focused mesh alone, without reading every service to know it is in scope.
        config: { allLoadBalancers: false, exemptionTags, allMeshes: true },
        focus,
      });
      return { run, calls: flatCalls(emulator) };
    } finally {
      clients.destroy();
    }
  };

  it('reads the tags of the focused load balancer, its target groups and the focused mesh only', async () => {
    // Act
    const { run, calls } = await rescan(
      { loadBalancerArns: [arn.loadBalancer('web')], meshes: [{ meshName: 'payments' }] },
      true,
    );

    // Assess
    expect(run.failures).toEqual([]);
    expect(Object.keys(run.snapshot.elbv2?.tags ?? {}).sort()).toEqual(
      [arn.loadBalancer('web'), arn.targetGroup('web')].sort(),
    );
    expect(run.snapshot.elbv2?.tags?.[arn.loadBalancer('web')]).toEqual(
      served.elbv2?.tags?.[arn.loadBalancer('web')],
    );
    expect(run.snapshot.ec2?.vpcs?.map((vpc) => vpc.VpcId)).toEqual(['vpc-a']);
    expect(Object.keys(run.snapshot.appmesh?.tags ?? {}).sort()).toEqual(
      [arn.mesh('payments'), `${arn.mesh('payments')}/virtualNode/ledger`].sort(),
    );
    expect(calls['elasticloadbalancing:DescribeTags']).toBe(1);
  });

  it('reads none of them with exemption tags off', async () => {
    // Act
    const { run, calls } = await rescan(
      { loadBalancerArns: [arn.loadBalancer('web')], meshes: [{ meshName: 'payments' }] },
      false,
    );

    // Assess
    expect(run.snapshot.elbv2?.loadBalancers?.length).toBe(1);
    expect(TAG_OPERATIONS.map((operation) => calls[operation] ?? 0)).toEqual([0, 0, 0]);
  });
});
