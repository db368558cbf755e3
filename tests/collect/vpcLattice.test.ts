// lib/collect/vpcLattice.ts at the SDK's HTTP boundary: real VPC Lattice clients (restJson1)
// against the emulator, which serves the snapshot's vpcLattice section.
import { describe, expect, it } from 'vitest';
import { collectVpcLattice } from '../../lib/collect/vpcLattice.ts';
import type { EcsService, Snapshot, VpcLatticeSection } from '../../lib/snapshot/types.ts';
import {
  fixedResponse,
  forward,
  latticeArn,
  latticeService,
  listener,
  rule,
  targetGroup,
} from '../support/vpcLattice.ts';
import { ACCOUNT, REGION } from './fixture.ts';
import { flatCalls, regionContext, start } from './support.ts';

const account = (vpcLattice: VpcLatticeSection): Snapshot => ({
  format: 'ecs-encryption-scanner/snapshot@2',
  accountId: ACCOUNT,
  partition: 'aws',
  regions: { [REGION]: { vpcLattice } },
});

/** tg-web (HTTPS) and tg-api (HTTP) serve svc-shop; its HTTP listener forwards by a rule. */
const shop = (): Required<VpcLatticeSection> => ({
  targetGroups: [
    targetGroup('tg-web', 'HTTPS', 'svc-shop'),
    targetGroup('tg-api', 'HTTP', 'svc-shop'),
    targetGroup('tg-unused', 'HTTP', 'svc-other'),
  ],
  listeners: {
    [latticeArn.service('svc-shop')]: [
      listener('svc-shop', 'listener-https', 'HTTPS'),
      listener('svc-shop', 'listener-http', 'HTTP'),
    ],
    [latticeArn.service('svc-other')]: [listener('svc-other', 'listener-o', 'HTTP')],
  },
  defaultActions: {
    [latticeArn.listener('svc-shop', 'listener-http')]: fixedResponse(),
  },
  rules: {
    [latticeArn.listener('svc-shop', 'listener-http')]: [
      rule('svc-shop', 'listener-http', 'rule-api', forward('tg-api')),
      rule('svc-shop', 'listener-http', 'rule-404', fixedResponse()),
    ],
  },
});

const services: EcsService[] = [
  latticeService('web', 'tg-web'),
  latticeService('api', 'tg-api'),
  { serviceArn: 'arn:aws:ecs:us-east-1:111122223333:service/prod/plain', status: 'ACTIVE' },
];

describe('the VPC Lattice collector', () => {
  it('reads the target groups, their services’ listeners, and where only the HTTP listener forwards', async () => {
    // Prepare
    const emulator = await start({}, account(shop()));
    const context = regionContext(emulator);

    // Act
    const section = await collectVpcLattice(context, services);
    await emulator.close();

    // Assess
    const expected = shop();
    expect(section).toEqual({
      targetGroups: [expected.targetGroups[0], expected.targetGroups[1]],
      listeners: {
        [latticeArn.service('svc-shop')]: expected.listeners[latticeArn.service('svc-shop')],
      },
      defaultActions: expected.defaultActions,
      rules: expected.rules,
    });
    expect(flatCalls(emulator)).toEqual({
      'vpc-lattice:ListTargetGroups': 1,
      'vpc-lattice:ListListeners': 1,
      'vpc-lattice:GetListener': 1,
      'vpc-lattice:ListRules': 1,
      'vpc-lattice:GetRule': 2,
    });
    expect(context.failures.list()).toEqual([]);
  });

  it('reads no rules of a listener whose default action already forwards to every in-scope target group', async () => {
    const data = shop();
    data.defaultActions[latticeArn.listener('svc-shop', 'listener-http')] = forward(
      'tg-web',
      'tg-api',
    );
    const emulator = await start({}, account({ ...data, rules: {} }));
    const context = regionContext(emulator);

    const section = await collectVpcLattice(context, services);
    await emulator.close();

    expect(section?.rules).toEqual({});
    expect(flatCalls(emulator)['vpc-lattice:ListRules']).toBeUndefined();
    expect(context.failures.list()).toEqual([]);
  });

  it('pages through ListListeners', async () => {
    const data = shop();
    const many = Array.from({ length: 3 }, (_, i) => listener('svc-shop', `l-${i}`, 'HTTPS'));
    data.listeners[latticeArn.service('svc-shop')] = many;
    const emulator = await start({ maxPageSize: 2 }, account(data));
    const context = regionContext(emulator);

    const section = await collectVpcLattice(context, services);
    await emulator.close();

    expect(section?.listeners?.[latticeArn.service('svc-shop')]).toEqual(many);
    expect(flatCalls(emulator)['vpc-lattice:ListListeners']).toBe(2);
  });

  it('notes a target group that does not exist as absent, not as a failure', async () => {
    const emulator = await start({}, account(shop()));
    const context = regionContext(emulator);

    const section = await collectVpcLattice(context, [latticeService('gone', 'tg-gone')]);
    await emulator.close();

    expect(section?.targetGroups).toEqual([]);
    expect(context.failures.list()).toEqual([]);
    expect(context.failures.absences()).toEqual([
      expect.objectContaining({
        service: 'vpc-lattice',
        operation: 'GetTargetGroup',
        items: [latticeArn.targetGroup('tg-gone')],
      }),
    ]);
  });

  it('leaves out, item by item, what a denied call would have read, and records it', async () => {
    const emulator = await start(
      { faults: { accessDenied: ['vpc-lattice:GetListener'] } },
      account(shop()),
    );
    const context = regionContext(emulator);

    const section = await collectVpcLattice(context, services);
    await emulator.close();

    expect(section?.defaultActions).toEqual({});
    expect(section?.rules).toEqual({});
    expect(context.failures.list()).toEqual([
      expect.objectContaining({
        service: 'vpc-lattice',
        operation: 'GetListener',
        errorCode: 'AccessDeniedException',
        items: [latticeArn.listener('svc-shop', 'listener-http')],
      }),
    ]);
  });

  it('answers AccessDenied for a section the snapshot did not collect', async () => {
    const emulator = await start({}, account({}));
    const context = regionContext(emulator);

    const section = await collectVpcLattice(context, services);
    await emulator.close();

    expect(section?.targetGroups).toEqual([]);
    expect(context.failures.list()).toEqual([
      expect.objectContaining({
        operation: 'GetTargetGroup',
        errorCode: 'AccessDeniedException',
        count: 2,
      }),
    ]);
  });
});

describe('the VPC Lattice collector’s target group listing', () => {
  const unreferenced = (count: number) =>
    Array.from({ length: count }, (_, i) => targetGroup(`tg-other-${i}`, 'HTTPS', 'svc-other'));
  /** The target groups the collector read, by ID (as the listing or GetTargetGroup spelt them). */
  const idsOf = (section: VpcLatticeSection | undefined) =>
    (section?.targetGroups ?? []).map((tg) => tg.id);

  it.each([
    {
      name: 'describes a lone target group (a GetTargetGroup is as cheap as a listing)',
      targetGroups: [targetGroup('tg-web', 'HTTPS', 'svc-shop')],
      referenced: ['tg-web'],
      calls: { 'vpc-lattice:GetTargetGroup': 1 },
    },
    {
      name: 'lists two or more in one call, and describes none',
      targetGroups: [...shop().targetGroups],
      referenced: ['tg-web', 'tg-api'],
      calls: { 'vpc-lattice:ListTargetGroups': 1 },
    },
    {
      name: 'lists IP target groups only, and describes one of another type',
      targetGroups: [
        targetGroup('tg-web', 'HTTPS', 'svc-shop'),
        { ...targetGroup('tg-api', 'HTTP', 'svc-shop'), type: 'INSTANCE' as const },
      ],
      referenced: ['tg-web', 'tg-api'],
      calls: { 'vpc-lattice:ListTargetGroups': 1, 'vpc-lattice:GetTargetGroup': 1 },
    },
    {
      name: 'pages on while the next page costs less than describing the ones still missing',
      // Pages of 100: the two wanted are on the second page; after one page, 2 missing > 1 read.
      targetGroups: [...unreferenced(100), ...shop().targetGroups],
      referenced: ['tg-web', 'tg-api'],
      calls: { 'vpc-lattice:ListTargetGroups': 2 },
    },
    {
      name: 'stops paging when describing the ones still missing is no dearer, and describes them',
      // After two pages without them, 2 missing ≤ 2 read: the third page is not asked for.
      targetGroups: [...unreferenced(200), ...shop().targetGroups],
      referenced: ['tg-web', 'tg-api'],
      calls: { 'vpc-lattice:ListTargetGroups': 2, 'vpc-lattice:GetTargetGroup': 2 },
    },
  ])('$name', async ({ targetGroups, referenced, calls }) => {
    // Prepare
    const emulator = await start({}, account({ ...shop(), targetGroups }));
    const context = regionContext(emulator);

    // Act
    const section = await collectVpcLattice(
      context,
      [latticeService('app', ...referenced)],
      (s) => s === 'vpcLattice.targetGroups',
    );
    await emulator.close();

    // Assess
    expect(idsOf(section)).toEqual(referenced);
    expect(section?.targetGroups).toEqual(
      referenced.map((id) => targetGroups.find((tg) => tg.id === id)),
    );
    expect(flatCalls(emulator)).toEqual(calls);
    expect(context.failures.list()).toEqual([]);
  });

  it('describes a target group the listing does not return, and notes it absent when it does not exist', async () => {
    // Prepare
    const emulator = await start({}, account(shop()));
    const context = regionContext(emulator);

    // Act
    const section = await collectVpcLattice(context, [latticeService('app', 'tg-web', 'tg-gone')]);
    await emulator.close();

    // Assess
    expect(idsOf(section)).toEqual(['tg-web']);
    expect(flatCalls(emulator)).toMatchObject({
      'vpc-lattice:ListTargetGroups': 1,
      'vpc-lattice:GetTargetGroup': 1,
    });
    expect(context.failures.list()).toEqual([]);
    expect(context.failures.absences()).toEqual([
      expect.objectContaining({
        operation: 'GetTargetGroup',
        items: [latticeArn.targetGroup('tg-gone')],
      }),
    ]);
  });

  it('describes another account’s target group instead of listing it', async () => {
    // Prepare: the listing answers the caller's own account only.
    const foreign = {
      ...targetGroup('tg-api', 'HTTP', 'svc-shop'),
      arn: latticeArn.targetGroup('tg-api').replace(ACCOUNT, '444455556666'),
    };
    const emulator = await start(
      {},
      account({ ...shop(), targetGroups: [targetGroup('tg-web', 'HTTPS', 'svc-shop'), foreign] }),
    );
    const context = regionContext(emulator);
    const service = latticeService('app', 'tg-web');
    service.deployments?.[0]?.vpcLatticeConfigurations?.push({
      targetGroupArn: foreign.arn,
      portName: 'web',
      roleArn: 'arn:aws:iam::111122223333:role/ecsInfrastructureRole',
    });

    // Act
    const section = await collectVpcLattice(
      context,
      [service],
      (s) => s === 'vpcLattice.targetGroups',
    );
    await emulator.close();

    // Assess: two target groups, but only one this account's: described, like the other.
    expect(idsOf(section)).toEqual(['tg-web', 'tg-api']);
    expect(flatCalls(emulator)).toEqual({ 'vpc-lattice:GetTargetGroup': 2 });
  });

  it('describes the target groups one by one when the listing is refused, recording no failure', async () => {
    // Prepare
    const emulator = await start(
      { faults: { accessDenied: ['vpc-lattice:ListTargetGroups'] } },
      account(shop()),
    );
    const context = regionContext(emulator);

    // Act
    const section = await collectVpcLattice(
      context,
      services,
      (s) => s === 'vpcLattice.targetGroups',
    );
    await emulator.close();

    // Assess
    expect(idsOf(section)).toEqual(['tg-web', 'tg-api']);
    expect(flatCalls(emulator)).toEqual({
      'vpc-lattice:ListTargetGroups': 1,
      'vpc-lattice:GetTargetGroup': 2,
    });
    expect(context.failures.list()).toEqual([]);
  });
});
