// The exemption tags: one GetResources sweep a region for the resources that carry the exemption
// tag key, kept for exactly the in-scope resources, not read at all when switched off, and a
// failure to read them exempts nothing and hides no check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { Emulator, FaultConfig } from '../../emulator/api.ts';
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

/** The sweep, and the calls it replaced (one per 20 ARNs, per page of VPCs, per mesh resource). */
const TAG_OPERATIONS = [
  'tagging:GetResources',
  'elasticloadbalancing:DescribeTags',
  'ec2:DescribeVpcs',
  'appmesh:ListTagsForResource',
];

/** Pages of one resource, and an empty page with a token before the last. */
const SHORT_PAGES: FaultConfig = { shortPages: ['tagging:GetResources'] };

const regionOf = (snapshot: Snapshot) => snapshot.regions[REGION] as RegionSnapshot;
const served = regionOf(fixtureSnapshot());
const catalog = `${arn.mesh('shop')}/virtualNode/catalog`;
const admin = `${arn.mesh('shop')}/virtualGateway/admin`;

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

/** What a full collection of the fixture keeps: the in-scope resources that carry the key. */
const expectFixtureTags = (run: CollectRun) => {
  expect(run.snapshot.elbv2?.tags).toEqual({
    [arn.loadBalancer('web')]: served.elbv2?.tags?.[arn.loadBalancer('web')],
    [arn.targetGroup('tls')]: served.elbv2?.tags?.[arn.targetGroup('tls')],
  });
  // GetResources answers a VPC's ARN and tags, not what DescribeVpcs said of it.
  expect(run.snapshot.ec2?.vpcs).toEqual(
    served.ec2?.vpcs
      ?.filter((v) => v.VpcId === 'vpc-b')
      .map(({ VpcId, Tags }) => ({ VpcId, Tags })),
  );
  expect(run.snapshot.appmesh?.tags).toEqual({
    [catalog]: served.appmesh?.tags?.[catalog],
    [admin]: served.appmesh?.tags?.[admin],
  });
};

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

  it('finds the exempt load balancers, target groups, VPCs and mesh resources in one call', () => {
    // Assess
    expect(run.failures).toEqual([]);
    expect(TAG_OPERATIONS.map((operation) => calls[operation] ?? 0)).toEqual([1, 0, 0, 0]);
    expectFixtureTags(run);
  });

  it('keeps only the resources the snapshot describes, with all their tags', async () => {
    // Prepare: the legacy load balancer is in front of no service; it now carries the key.
    const snapshot = fixtureSnapshot();
    const tags = regionOf(snapshot).elbv2?.tags ?? {};
    tags[arn.loadBalancer('legacy')] = [{ Key: 'ecs-encryption-scanner:exempt', Value: '*' }];
    const other = await start({}, snapshot);

    try {
      // Act
      const scoped = await collect(other);

      // Assess
      expect(scoped.snapshot.elbv2?.loadBalancers?.map((lb) => lb.LoadBalancerName)).not.toContain(
        'legacy',
      );
      expectFixtureTags(scoped);
    } finally {
      await other.close();
    }
  });

  it('keeps the tags ECS and Secrets Manager return with their describe calls', () => {
    // Assess
    expect(run.snapshot.ecs?.services?.[0]?.tags).toEqual([{ key: 'team', value: 'team-0' }]);
    expect(run.snapshot.ecs?.taskDefinitions?.every((td) => Array.isArray(td.tags))).toBe(true);
  });
});

describe('GetResources pages that come back short', () => {
  it('follows PaginationToken to the end, through short and empty pages', async () => {
    // Prepare: AWS "can occasionally return fewer results on a page than allowed".
    const emulator = await start({ faults: SHORT_PAGES });

    try {
      // Act
      const run = await collect(emulator);

      // Assess
      expect(run.failures).toEqual([]);
      expect(flatCalls(emulator)['tagging:GetResources']).toBeGreaterThan(1);
      expectFixtureTags(run);
    } finally {
      await emulator.close();
    }
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

describe('a failed GetResources sweep', () => {
  it('is recorded, leaves every tag section out and makes no check NOT_AVAILABLE', async () => {
    // Prepare: the emulator answers a sweep over a section its snapshot lacks with AccessDenied.
    const snapshot = fixtureSnapshot();
    delete regionOf(snapshot).elbv2?.tags;
    const complete = await start();
    const denied = await start({}, snapshot);

    try {
      // Act
      const reference = await scanOf(await collect(complete));
      const run = await collect(denied);
      const scan = await scanOf(run);

      // Assess
      expect(
        run.failures.map(({ service, operation, errorCode }) => [service, operation, errorCode]),
      ).toEqual([['tagging', 'GetResources', 'AccessDeniedException']]);
      expect(run.snapshot.elbv2?.tags).toBeUndefined();
      expect(run.snapshot.ec2?.vpcs).toBeUndefined();
      expect(run.snapshot.appmesh?.tags).toBeUndefined();
      expect(run.lines.map((l) => l.message)).toEqual([
        expect.stringMatching(/GetResources failed .*those resources are not exempt/),
      ]);
      expect(exempt(scan)).toEqual([]);
      expect(judged(scan)).toEqual(judged(reference));
      expect(incompleteChecks(scan, checks, REGION)).toEqual(new Set());
    } finally {
      await complete.close();
      await denied.close();
    }
  });
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

  it('keeps the tags of the focused load balancer, its target groups and the focused mesh only', async () => {
    // Act
    const { run, calls } = await rescan(
      { loadBalancerArns: [arn.loadBalancer('web')], meshes: [{ meshName: 'payments' }] },
      true,
    );

    // Assess
    expect(run.failures).toEqual([]);
    expect(run.snapshot.elbv2?.tags).toEqual({
      [arn.loadBalancer('web')]: served.elbv2?.tags?.[arn.loadBalancer('web')],
    });
    // vpc-a and the payments mesh carry no exemption tag: collected, and empty.
    expect(run.snapshot.ec2?.vpcs).toEqual([]);
    expect(run.snapshot.appmesh?.tags).toEqual({});
    expect(TAG_OPERATIONS.map((operation) => calls[operation] ?? 0)).toEqual([1, 0, 0, 0]);
  });

  it('reads none of them with exemption tags off', async () => {
    // Act
    const { run, calls } = await rescan(
      { loadBalancerArns: [arn.loadBalancer('web')], meshes: [{ meshName: 'payments' }] },
      false,
    );

    // Assess
    expect(run.snapshot.elbv2?.loadBalancers?.length).toBe(1);
    expect(TAG_OPERATIONS.map((operation) => calls[operation] ?? 0)).toEqual([0, 0, 0, 0]);
  });
});
