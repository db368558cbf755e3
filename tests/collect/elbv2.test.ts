// lib/collect/elbv2.ts at the SDK's HTTP boundary: real clients against the emulator, which
// serves the fixture account (or an account built for one case) and counts every request.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator, FaultConfig } from '../../emulator/api.ts';
import {
  collectElbv2,
  elbv2Collector,
  listenerNeedsCertificates,
  listenerNeedsRules,
} from '../../lib/collect/elbv2.ts';
import { sectionFilter } from '../../lib/collect/sections.ts';
import { isServiceInScope } from '../../lib/snapshot/scope.ts';
import type { SnapshotSection } from '../../lib/snapshot/sections.ts';
import type {
  EcsService,
  ElbListener,
  ElbLoadBalancer,
  ElbTargetGroup,
  Elbv2Section,
  RegionSnapshot,
  Snapshot,
} from '../../lib/snapshot/types.ts';
import { ACCOUNT, arn, fixtureSnapshot, REGION } from './fixture.ts';
import { flatCalls, regionContext, start } from './support.ts';

const regionOf = (snapshot: Snapshot) => snapshot.regions[REGION] as RegionSnapshot;
const served = regionOf(fixtureSnapshot());
const servedElbv2 = served.elbv2 as Required<Elbv2Section>;
/** The fixture's in-scope services: behind them, target groups `web` and `tls`. */
const inScope = (served.ecs?.services ?? []).filter(isServiceInScope);

const TLS13 = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
const TLS13_RES = 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06';

const webHttps = arn.listener('web', 'https');
const webHttp = arn.listener('web', 'http');
const webPlain = arn.listener('web', 'plain');
const nlbTls = arn.listener('tls', 'tls', 'net');
const nlbTcp = arn.listener('tls', 'tcp', 'net');

/** Only the ELBv2 calls, as `Operation` → requests. */
const elbCalls = (emulator: Emulator): Record<string, number> =>
  Object.fromEntries(
    Object.entries(flatCalls(emulator))
      .filter(([key]) => key.startsWith('elasticloadbalancing:'))
      .map(([key, n]) => [key.split(':')[1] as string, n]),
  );

/** The parts of a section that were collected (an undefined part was not). */
const collectedParts = (section: Elbv2Section | undefined): string[] =>
  Object.entries(section ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key)
    .sort();

const serviceBehind = (...targetGroupArns: string[]): EcsService => ({
  serviceArn: arn.service('prod', `behind-${targetGroupArns.length}-${targetGroupArns[0]}`),
  status: 'ACTIVE',
  loadBalancers: targetGroupArns.map((targetGroupArn) => ({ targetGroupArn })),
});

/** An account holding only ELBv2 items: `count` target groups, each behind `lbOf(i)` if any. */
const elbAccount = (
  count: number,
  options: {
    loadBalancerOf?: (i: number) => string | undefined;
    listenersOf?: (lb: string, i: number) => ElbListener[];
  } = {},
): Snapshot => {
  const targetGroups: ElbTargetGroup[] = [];
  const loadBalancers: ElbLoadBalancer[] = [];
  const listeners: ElbListener[] = [];
  for (let i = 0; i < count; i += 1) {
    const lb = options.loadBalancerOf?.(i);
    targetGroups.push({
      TargetGroupArn: arn.targetGroup(`tg-${i}`),
      TargetGroupName: `tg-${i}`,
      LoadBalancerArns: lb ? [lb] : [],
    });
    if (lb && !loadBalancers.some((l) => l.LoadBalancerArn === lb)) {
      loadBalancers.push({ LoadBalancerArn: lb, LoadBalancerName: `lb-${i}`, Type: 'application' });
      listeners.push(...(options.listenersOf?.(lb, i) ?? []));
    }
  }
  const tls = listeners.filter((l) => l.Protocol === 'HTTPS');
  return {
    format: 'ecs-encryption-scanner/snapshot@2',
    failures: [],
    accountId: ACCOUNT,
    partition: 'aws',
    regions: {
      [REGION]: {
        elbv2: {
          targetGroups,
          loadBalancers,
          listeners,
          listenerCertificates: Object.fromEntries(
            tls.map((l) => [l.ListenerArn, l.Certificates ?? []]),
          ),
          rules: Object.fromEntries(tls.map((l) => [l.ListenerArn, []])),
          sslPolicies: [{ Name: TLS13, SslProtocols: ['TLSv1.2', 'TLSv1.3'] }],
          tags: {},
        },
      },
    },
  };
};

describe('listenerNeedsRules and listenerNeedsCertificates', () => {
  it.each<[string, { given: ElbListener; rules: boolean; certificates: boolean }]>([
    [
      'an HTTPS listener needs its rules and its certificate list',
      { given: { Protocol: 'HTTPS' }, rules: true, certificates: true },
    ],
    [
      'a TLS listener needs its rules and its certificate list',
      { given: { Protocol: 'TLS' }, rules: true, certificates: true },
    ],
    [
      'a listener of protocol " https " needs its rules and its certificate list',
      // AWS enum values arrive in any case.
      {
        given: { Protocol: ' https ' as ElbListener['Protocol'] },
        rules: true,
        certificates: true,
      },
    ],
    [
      'an HTTP listener forwarding by default needs neither',
      {
        given: { Protocol: 'HTTP', DefaultActions: [{ Type: 'forward' }] },
        rules: false,
        certificates: false,
      },
    ],
    [
      'an HTTP listener forwarding by default, in another case, needs neither',
      {
        given: { Protocol: 'HTTP', DefaultActions: [{ Type: ' Forward ' as 'forward' }] },
        rules: false,
        certificates: false,
      },
    ],
    [
      'an HTTP listener redirecting by default needs its rules only',
      {
        given: { Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect' }] },
        rules: true,
        certificates: false,
      },
    ],
    [
      'an HTTP listener without default actions needs its rules only',
      { given: { Protocol: 'HTTP' }, rules: true, certificates: false },
    ],
    [
      'a TCP listener needs neither',
      {
        given: { Protocol: 'TCP', DefaultActions: [{ Type: 'forward' }] },
        rules: false,
        certificates: false,
      },
    ],
    [
      'a UDP listener not forwarding needs neither',
      { given: { Protocol: 'UDP', DefaultActions: [] }, rules: false, certificates: false },
    ],
  ])('%s', (_, { given, rules, certificates }) => {
    // Act
    const needs = [listenerNeedsRules(given), listenerNeedsCertificates(given)];

    // Assess
    expect(needs).toEqual([rules, certificates]);
  });
});

describe('collectElbv2 on the fixture account', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start();
  });
  afterEach(() => {
    emulator.setFaults({});
    emulator.resetCalls();
  });
  afterAll(() => emulator.close());

  it('fills every part of the section with what the in-scope services lead to, as served', async () => {
    // Prepare
    const context = regionContext(emulator);

    // Act
    const section = await collectElbv2(context, inScope, { allLoadBalancers: false });

    // Assess
    expect(context.failures.list()).toEqual([]);
    expect(context.failures.absences()).toEqual([]);
    expect(section?.targetGroups).toEqual(
      [arn.targetGroup('web'), arn.targetGroup('tls')].map((a) =>
        servedElbv2.targetGroups.find((tg) => tg.TargetGroupArn === a),
      ),
    );
    expect(section?.loadBalancers?.map((lb) => lb.LoadBalancerArn)).toEqual([
      arn.loadBalancer('web'),
      arn.loadBalancer('tls', 'net'),
    ]);
    expect(section?.listeners).toEqual(
      [webHttps, webHttp, webPlain, nlbTls, nlbTcp].map((a) =>
        servedElbv2.listeners.find((l) => l.ListenerArn === a),
      ),
    );
    expect(section?.listenerCertificates).toEqual({
      [webHttps]: servedElbv2.listenerCertificates[webHttps],
      [nlbTls]: servedElbv2.listenerCertificates[nlbTls],
    });
    expect(section?.rules).toEqual({
      [webHttps]: servedElbv2.rules[webHttps],
      [webHttp]: servedElbv2.rules[webHttp],
      [nlbTls]: servedElbv2.rules[nlbTls],
    });
    expect(section?.sslPolicies?.map((p) => p.Name)).toEqual([TLS13, TLS13_RES]);
    expect(section?.sslPolicies?.[0]).toEqual(servedElbv2.sslPolicies[0]);
    // Only the trust store a listener verifies client certificates against.
    expect(section?.trustStores).toEqual([servedElbv2.trustStores[0]]);
  });

  it('describes each target group, load balancer, listener list, certificate list, rule list and policy set once', async () => {
    // Prepare
    const context = regionContext(emulator);

    // Act
    await collectElbv2(context, inScope, { allLoadBalancers: false });

    // Assess: 2 target groups in one call, their 2 load balancers in one call, then per load
    // balancer and per listener that needs them; both SSL policies in one call, the one trust
    // store a listener verifies with in one call.
    expect(elbCalls(emulator)).toEqual({
      DescribeTargetGroups: 1,
      DescribeLoadBalancers: 1,
      DescribeListeners: 2,
      DescribeListenerCertificates: 2,
      DescribeRules: 3,
      DescribeSSLPolicies: 1,
      DescribeTrustStores: 1,
    });
  });

  it('tells the hook every certificate ARN of the TLS listeners, defaults and lists alike', async () => {
    // Prepare
    const context = regionContext(emulator);
    const told: string[] = [];

    // Act
    await collectElbv2(
      context,
      inScope,
      { allLoadBalancers: false },
      { onCertificateArns: (arns) => told.push(...arns) },
    );

    // Assess
    expect([...new Set(told)].sort()).toEqual(
      [
        arn.certificate('default'),
        arn.certificate('sni-api'),
        arn.certificate('nlb'),
        'arn:aws:iam::111122223333:server-certificate/old-sni',
      ].sort(),
    );
  });

  it('is undefined, with no call, when the ECS services were not collected', async () => {
    // Prepare
    const context = regionContext(emulator);

    // Act
    const section = await collectElbv2(context, undefined, { allLoadBalancers: false });

    // Assess
    expect(section).toBeUndefined();
    expect(elbCalls(emulator)).toEqual({});
  });

  it('answers every part empty, with no call, for services behind no load balancer', async () => {
    // Prepare
    const context = regionContext(emulator);
    const services = inScope.filter((s) => !s.loadBalancers?.length);

    // Act
    const section = await collectElbv2(context, services, { allLoadBalancers: false });

    // Assess
    expect(section).toEqual({
      targetGroups: [],
      loadBalancers: [],
      listeners: [],
      listenerCertificates: {},
      rules: {},
      sslPolicies: [],
      trustStores: [],
    });
    expect(elbCalls(emulator)).toEqual({});
  });

  it('with allLoadBalancers lists every load balancer in one call and follows all their listeners', async () => {
    // Prepare
    const context = regionContext(emulator);

    // Act
    const section = await collectElbv2(context, inScope, { allLoadBalancers: true });

    // Assess
    expect(section?.loadBalancers?.map((lb) => lb.LoadBalancerName).sort()).toEqual([
      'legacy',
      'tls',
      'web',
    ]);
    expect(section?.targetGroups?.map((tg) => tg.TargetGroupName)).toEqual(['web', 'tls']);
    expect(Object.keys(section?.listenerCertificates ?? {}).sort()).toEqual(
      [webHttps, nlbTls, arn.listener('legacy', 'https')].sort(),
    );
    expect(section?.sslPolicies?.map((p) => p.Name).sort()).toEqual(
      ['ELBSecurityPolicy-2016-08', TLS13, TLS13_RES].sort(),
    );
    expect(elbCalls(emulator)).toMatchObject({ DescribeLoadBalancers: 1, DescribeListeners: 3 });
  });

  it('with allLoadBalancers and no services still describes every load balancer, but no target group', async () => {
    // Prepare
    const context = regionContext(emulator);

    // Act
    const section = await collectElbv2(context, undefined, { allLoadBalancers: true });

    // Assess
    expect(section?.targetGroups).toBeUndefined();
    expect(section?.loadBalancers).toHaveLength(3);
    expect(section?.listeners).toHaveLength(6);
    expect(elbCalls(emulator).DescribeTargetGroups).toBeUndefined();
  });

  it.each<[SnapshotSection, string[], Record<string, number>]>([
    ['elbv2.targetGroups', ['targetGroups'], { DescribeTargetGroups: 1 }],
    [
      'elbv2.loadBalancers',
      ['loadBalancers', 'targetGroups'],
      { DescribeTargetGroups: 1, DescribeLoadBalancers: 1 },
    ],
    [
      'elbv2.listeners',
      ['listeners', 'loadBalancers', 'targetGroups'],
      { DescribeTargetGroups: 1, DescribeLoadBalancers: 1, DescribeListeners: 2 },
    ],
    [
      'elbv2.listenerCertificates',
      ['listenerCertificates', 'listeners', 'loadBalancers', 'targetGroups'],
      {
        DescribeTargetGroups: 1,
        DescribeLoadBalancers: 1,
        DescribeListeners: 2,
        DescribeListenerCertificates: 2,
      },
    ],
    [
      'elbv2.rules',
      ['listeners', 'loadBalancers', 'rules', 'targetGroups'],
      { DescribeTargetGroups: 1, DescribeLoadBalancers: 1, DescribeListeners: 2, DescribeRules: 3 },
    ],
    [
      'elbv2.sslPolicies',
      ['listeners', 'loadBalancers', 'sslPolicies', 'targetGroups'],
      {
        DescribeTargetGroups: 1,
        DescribeLoadBalancers: 1,
        DescribeListeners: 2,
        DescribeSSLPolicies: 1,
      },
    ],
    [
      'elbv2.trustStores',
      ['listeners', 'loadBalancers', 'targetGroups', 'trustStores'],
      {
        DescribeTargetGroups: 1,
        DescribeLoadBalancers: 1,
        DescribeListeners: 2,
        DescribeTrustStores: 1,
      },
    ],
  ])(
    'for the checks that read only %s, collects %j with only their calls',
    async (wanted, parts, calls) => {
      // Prepare
      const context = regionContext(emulator);

      // Act
      const section = await collectElbv2(
        context,
        inScope,
        { allLoadBalancers: false },
        {},
        sectionFilter([wanted]),
      );

      // Assess
      expect(collectedParts(section)).toEqual(parts);
      expect(elbCalls(emulator)).toEqual(calls);
    },
  );

  it('answers after a throttled call is retried, with no failure', async () => {
    // Prepare
    emulator.setFaults({
      throttle: [{ operation: 'elasticloadbalancing:DescribeLoadBalancers', count: 1 }],
    });
    const context = regionContext(emulator);

    // Act
    const section = await collectElbv2(context, inScope, { allLoadBalancers: false });

    // Assess
    expect(context.failures.list()).toEqual([]);
    expect(section?.loadBalancers).toHaveLength(2);
    expect(elbCalls(emulator).DescribeLoadBalancers).toBe(2);
  });
});

describe('collectElbv2 when a call fails after retries', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start();
  });
  afterEach(() => {
    emulator.setFaults({});
    emulator.resetCalls();
  });
  afterAll(() => emulator.close());

  const failure = (operation: string, errorCode: string, items?: string[]) => ({
    region: REGION,
    service: 'elasticloadbalancing',
    operation,
    errorCode,
    count: 1,
    ...(items ? { items } : {}),
  });

  it.each<[string, FaultConfig, string[], ReturnType<typeof failure>]>([
    [
      'DescribeTargetGroups leaves the target groups and all after them uncollected',
      { accessDenied: ['elasticloadbalancing:DescribeTargetGroups'] },
      [],
      failure('DescribeTargetGroups', 'AccessDenied'),
    ],
    [
      'DescribeLoadBalancers (a 500 after its retry) leaves the load balancers and all after them uncollected',
      {
        errors: [
          {
            operation: 'elasticloadbalancing:DescribeLoadBalancers',
            code: 'InternalFailure',
            status: 500,
          },
        ],
      },
      ['targetGroups'],
      failure('DescribeLoadBalancers', 'InternalFailure'),
    ],
    [
      "DescribeListeners of one load balancer leaves every load balancer's listeners uncollected",
      {
        accessDenied: [
          {
            operation: 'elasticloadbalancing:DescribeListeners',
            match: arn.loadBalancer('tls', 'net'),
          },
        ],
      },
      ['loadBalancers', 'targetGroups'],
      failure('DescribeListeners', 'AccessDenied'),
    ],
    [
      'DescribeListeners answering LoadBalancerNotFound for a load balancer just described is a failure',
      {
        errors: [
          {
            operation: 'elasticloadbalancing:DescribeListeners',
            match: arn.loadBalancer('web'),
            code: 'LoadBalancerNotFound',
            status: 400,
          },
        ],
      },
      ['loadBalancers', 'targetGroups'],
      failure('DescribeListeners', 'LoadBalancerNotFoundException'),
    ],
    [
      'DescribeSSLPolicies leaves only the policies uncollected',
      { accessDenied: ['elasticloadbalancing:DescribeSSLPolicies'] },
      [
        'listenerCertificates',
        'listeners',
        'loadBalancers',
        'rules',
        'targetGroups',
        'trustStores',
      ],
      failure('DescribeSSLPolicies', 'AccessDenied'),
    ],
    [
      'DescribeTrustStores leaves only the trust stores uncollected',
      { accessDenied: ['elasticloadbalancing:DescribeTrustStores'] },
      [
        'listenerCertificates',
        'listeners',
        'loadBalancers',
        'rules',
        'sslPolicies',
        'targetGroups',
      ],
      failure('DescribeTrustStores', 'AccessDenied'),
    ],
  ])('%s', async (_, faults, parts, recorded) => {
    // Prepare
    emulator.setFaults(faults);
    const context = regionContext(emulator);

    // Act
    const section = await collectElbv2(context, inScope, { allLoadBalancers: false });

    // Assess
    expect(collectedParts(section)).toEqual(parts);
    expect(context.failures.list()).toEqual([recorded]);
    expect(context.failures.absences()).toEqual([]);
  });

  it.each<[string, string, string, string]>([
    ['DescribeRules', 'AccessDenied', webHttps, 'rules'],
    ['DescribeRules', 'ListenerNotFound', nlbTls, 'rules'],
    ['DescribeListenerCertificates', 'AccessDenied', nlbTls, 'listenerCertificates'],
    ['DescribeListenerCertificates', 'ListenerNotFound', webHttps, 'listenerCertificates'],
  ])(
    '%s failing with %s leaves out only that listener, recorded with its ARN',
    async (operation, code, listener, part) => {
      // Prepare: no ARN of these listeners begins another listener's.
      emulator.setFaults({
        errors: [
          {
            operation: `elasticloadbalancing:${operation}`,
            match: `ListenerArn=${listener}`,
            code,
            status: code === 'AccessDenied' ? 403 : 400,
          },
        ],
      });
      const context = regionContext(emulator);
      const complete = servedElbv2[part as 'rules' | 'listenerCertificates'];
      const needed = part === 'rules' ? [webHttps, webHttp, nlbTls] : [webHttps, nlbTls];

      // Act
      const section = await collectElbv2(context, inScope, { allLoadBalancers: false });

      // Assess
      const map = section?.[part as 'rules' | 'listenerCertificates'];
      expect(map).toEqual(
        Object.fromEntries(needed.filter((a) => a !== listener).map((a) => [a, complete[a]])),
      );
      expect(section?.listeners).toHaveLength(5);
      expect(context.failures.list()).toEqual([
        failure(operation, code === 'AccessDenied' ? code : `${code}Exception`, [listener]),
      ]);
      expect(context.failures.absences()).toEqual([]);
    },
  );
});

describe('collectElbv2 and items that do not exist', () => {
  const gone = arn.targetGroup('gone');
  const goneLb = arn.loadBalancer('gone');

  /** The fixture, changed. */
  const fixtureWith = (change: (elbv2: Required<Elbv2Section>) => void): Snapshot => {
    const snapshot = fixtureSnapshot();
    change(regionOf(snapshot).elbv2 as Required<Elbv2Section>);
    return snapshot;
  };

  it.each<
    [
      string,
      Snapshot,
      EcsService[],
      { operation: string; errorCode: string; items: string[] },
      Record<string, number>,
      (section: Elbv2Section | undefined) => void,
    ]
  >([
    [
      'a target group one of two services names is gone: the batch is asked again one by one',
      fixtureSnapshot(),
      [serviceBehind(gone), serviceBehind(arn.targetGroup('web'))],
      {
        operation: 'DescribeTargetGroups',
        errorCode: 'TargetGroupNotFoundException',
        items: [gone],
      },
      { DescribeTargetGroups: 3, DescribeLoadBalancers: 1 },
      (section) =>
        expect(section?.targetGroups?.map((tg) => tg.TargetGroupArn)).toEqual([
          arn.targetGroup('web'),
        ]),
    ],
    [
      'the only target group a service names is gone: one call',
      fixtureSnapshot(),
      [serviceBehind(gone)],
      {
        operation: 'DescribeTargetGroups',
        errorCode: 'TargetGroupNotFoundException',
        items: [gone],
      },
      { DescribeTargetGroups: 1 },
      (section) => expect(section?.loadBalancers).toEqual([]),
    ],
    [
      'a load balancer a target group names is gone',
      fixtureWith((elbv2) => {
        const web = elbv2.targetGroups.find((tg) => tg.TargetGroupName === 'web');
        if (web) web.LoadBalancerArns = [goneLb, arn.loadBalancer('web')];
      }),
      [serviceBehind(arn.targetGroup('web'))],
      {
        operation: 'DescribeLoadBalancers',
        errorCode: 'LoadBalancerNotFoundException',
        items: [goneLb],
      },
      { DescribeTargetGroups: 1, DescribeLoadBalancers: 3, DescribeListeners: 1 },
      (section) =>
        expect(section?.loadBalancers?.map((lb) => lb.LoadBalancerArn)).toEqual([
          arn.loadBalancer('web'),
        ]),
    ],
    [
      'an SSL policy a listener names is unknown',
      fixtureWith((elbv2) => {
        const https = elbv2.listeners.find((l) => l.ListenerArn === webHttps);
        if (https) https.SslPolicy = 'ELBSecurityPolicy-Gone';
      }),
      inScope,
      {
        operation: 'DescribeSSLPolicies',
        errorCode: 'SSLPolicyNotFoundException',
        items: ['ELBSecurityPolicy-Gone'],
      },
      { DescribeSSLPolicies: 3 },
      (section) => expect(section?.sslPolicies?.map((p) => p.Name)).toEqual([TLS13_RES]),
    ],
    [
      'a trust store a listener verifies with is gone',
      fixtureWith((elbv2) => {
        elbv2.trustStores = elbv2.trustStores.filter((t) => t.Name !== 'clients');
      }),
      inScope,
      {
        operation: 'DescribeTrustStores',
        errorCode: 'TrustStoreNotFoundException',
        items: [arn.trustStore('clients')],
      },
      { DescribeTrustStores: 1 },
      (section) => expect(section?.trustStores).toEqual([]),
    ],
  ])(
    '%s: left out and noted absent, not failed',
    async (_, snapshot, services, absence, calls, assess) => {
      // Prepare
      const emulator = await start({}, snapshot);
      try {
        const context = regionContext(emulator);

        // Act
        const section = await collectElbv2(context, services, { allLoadBalancers: false });

        // Assess
        expect(context.failures.list()).toEqual([]);
        expect(context.failures.absences()).toEqual([
          { region: REGION, service: 'elasticloadbalancing', ...absence },
        ]);
        expect(elbCalls(emulator)).toMatchObject(calls);
        assess(section);
      } finally {
        await emulator.close();
      }
    },
  );

  it('leaves the target groups uncollected when a batch asked again one by one has a call fail', async () => {
    // Prepare: the batch [gone, web] answers NotFound; web asked alone is refused.
    const emulator = await start();
    try {
      emulator.setFaults({
        accessDenied: [
          {
            operation: 'elasticloadbalancing:DescribeTargetGroups',
            match: `TargetGroupArns.member.1=${arn.targetGroup('web')}`,
          },
        ],
      });
      const context = regionContext(emulator);

      // Act
      const section = await collectElbv2(
        context,
        [serviceBehind(gone), serviceBehind(arn.targetGroup('web'))],
        { allLoadBalancers: false },
      );

      // Assess
      expect(section).toEqual({ targetGroups: undefined, loadBalancers: undefined });
      expect(context.failures.list()).toEqual([
        {
          region: REGION,
          service: 'elasticloadbalancing',
          operation: 'DescribeTargetGroups',
          errorCode: 'AccessDenied',
          count: 1,
        },
      ]);
      expect(context.failures.absences().map((a) => a.items)).toEqual([[gone]]);
    } finally {
      await emulator.close();
    }
  });
});

describe('collectElbv2 by ARN or by listing the account', () => {
  const tg = (i: number) => arn.targetGroup(`tg-${i}`);
  const range = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, index) => from + index);

  // DescribeTargetGroups takes 20 ARNs a call or lists 400 a page: the collector lists while
  // fewer pages than the batches by ARN would cost have been spent, then asks for the rest by ARN.
  it.each<[string, number, number[], number]>([
    ['2 of 3 target groups: one call by ARN', 3, [0, 2], 1],
    ['20 of 850: one batch of 20 ARNs, no listing', 850, range(0, 20), 1],
    ['21 of 400: a listing of one page', 400, range(0, 21), 1],
    ['60 of 800: a listing of two pages, within the three batches it saves', 800, range(0, 60), 2],
    [
      '21 of 850, 5 beyond the first 800: two pages, then one batch for those 5',
      850,
      [...range(0, 16), ...range(830, 835)],
      3,
    ],
    ['21 of 850, all in the first 800: two pages and nothing more', 850, range(100, 121), 2],
  ])('%s', async (_, accountSize, wanted, calls) => {
    // Prepare
    const emulator = await start({}, elbAccount(accountSize));
    try {
      const context = regionContext(emulator);

      // Act
      const section = await collectElbv2(context, [serviceBehind(...wanted.map(tg))], {
        allLoadBalancers: false,
      });

      // Assess
      expect(context.failures.list()).toEqual([]);
      expect(section?.targetGroups?.map((t) => t.TargetGroupArn)).toEqual(wanted.map(tg));
      expect(elbCalls(emulator)).toEqual({ DescribeTargetGroups: calls });
    } finally {
      await emulator.close();
    }
  });

  it('leaves out an in-scope ARN the completed listing did not see, without noting it absent', async () => {
    // Prepare: 21 ARNs, one of them gone; the account's 30 target groups fit one page.
    const emulator = await start({}, elbAccount(30));
    try {
      const context = regionContext(emulator);
      const wanted = [...range(0, 20).map(tg), arn.targetGroup('gone')];

      // Act
      const section = await collectElbv2(context, [serviceBehind(...wanted)], {
        allLoadBalancers: false,
      });

      // Assess
      expect(section?.targetGroups?.map((t) => t.TargetGroupArn)).toEqual(range(0, 20).map(tg));
      expect(context.failures.list()).toEqual([]);
      expect(context.failures.absences()).toEqual([]);
      expect(elbCalls(emulator)).toEqual({ DescribeTargetGroups: 1 });
    } finally {
      await emulator.close();
    }
  });

  it('records a failed listing without items and leaves the target groups uncollected', async () => {
    // Prepare
    const emulator = await start({}, elbAccount(30));
    try {
      emulator.setFaults({ accessDenied: ['elasticloadbalancing:DescribeTargetGroups'] });
      const context = regionContext(emulator);

      // Act
      const section = await collectElbv2(context, [serviceBehind(...range(0, 21).map(tg))], {
        allLoadBalancers: false,
      });

      // Assess
      expect(section).toEqual({ targetGroups: undefined, loadBalancers: undefined });
      expect(context.failures.list()).toEqual([
        {
          region: REGION,
          service: 'elasticloadbalancing',
          operation: 'DescribeTargetGroups',
          errorCode: 'AccessDenied',
          count: 1,
        },
      ]);
    } finally {
      await emulator.close();
    }
  });

  it('lists the load balancers too when more than 20 are in scope, and their listeners once each', async () => {
    // Prepare: 25 target groups, each behind its own load balancer.
    const emulator = await start(
      {},
      elbAccount(25, { loadBalancerOf: (i) => arn.loadBalancer(`lb-${i}`) }),
    );
    try {
      const context = regionContext(emulator);

      // Act
      const section = await collectElbv2(context, [serviceBehind(...range(0, 25).map(tg))], {
        allLoadBalancers: false,
      });

      // Assess
      expect(section?.loadBalancers?.map((lb) => lb.LoadBalancerArn)).toEqual(
        range(0, 25).map((i) => arn.loadBalancer(`lb-${i}`)),
      );
      expect(elbCalls(emulator)).toEqual({
        DescribeTargetGroups: 1,
        DescribeLoadBalancers: 1,
        DescribeListeners: 25,
      });
    } finally {
      await emulator.close();
    }
  });
});

describe('elbv2Collector while the services are still being described', () => {
  const tg = (i: number) => arn.targetGroup(`tg-${i}`);
  const lbOf = (i: number) => arn.loadBalancer(`lb-${i}`);
  const httpsListener = (lb: string, i: number): ElbListener => ({
    ListenerArn: arn.listener(`lb-${i}`, 'https'),
    LoadBalancerArn: lb,
    Protocol: 'HTTPS',
    Port: 443,
    SslPolicy: TLS13,
    Certificates: [{ CertificateArn: arn.certificate(`c-${i}`) }],
    DefaultActions: [{ Type: 'forward', TargetGroupArn: tg(i) }],
  });
  /** 25 target groups behind 25 load balancers of one HTTPS listener each, in 3 clusters. */
  const account = () =>
    elbAccount(25, { loadBalancerOf: lbOf, listenersOf: (lb, i) => [httpsListener(lb, i)] });
  const clusters = [
    [serviceBehind(...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(tg))],
    [serviceBehind(...[10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map(tg))],
    [serviceBehind(...[21, 22, 23, 24].map(tg))],
  ];

  const firstTen = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start({}, account());
  });
  afterEach(() => emulator.resetCalls());
  afterAll(() => emulator.close());

  it('describes the listeners in front of the services added, before finish is called', async () => {
    // Prepare
    const context = regionContext(emulator);
    const told: string[] = [];
    const collector = elbv2Collector(
      context,
      { allLoadBalancers: false },
      { onCertificateArns: (arns) => told.push(...arns) },
    );

    // Act: more than 20 target groups known once the second cluster is added.
    for (const services of clusters) collector.add(services);

    // Assess
    await vi.waitFor(() => {
      expect(elbCalls(emulator)).toEqual({
        DescribeTargetGroups: 1,
        DescribeListeners: 25,
        DescribeListenerCertificates: 25,
        DescribeRules: 25,
      });
    });
    expect(new Set(told).size).toBe(25);
    await collector.finish(clusters.flat());
  });

  it('then finishes with exactly the calls and section of a collection after the services', async () => {
    // Prepare
    const early = elbv2Collector(regionContext(emulator), { allLoadBalancers: false });
    for (const services of clusters) early.add(services);

    // Act
    const section = await early.finish(clusters.flat());
    const earlyCalls = elbCalls(emulator);
    emulator.resetCalls();
    const after = await collectElbv2(regionContext(emulator), clusters.flat(), {
      allLoadBalancers: false,
    });

    // Assess
    expect(earlyCalls).toEqual({
      DescribeTargetGroups: 1,
      DescribeLoadBalancers: 1,
      DescribeListeners: 25,
      DescribeListenerCertificates: 25,
      DescribeRules: 25,
      DescribeSSLPolicies: 1,
    });
    expect(elbCalls(emulator)).toEqual(earlyCalls);
    expect(section).toEqual(after);
    expect(section?.listeners).toHaveLength(25);
  });

  it('leaves out, at finish, the listeners of a load balancer followed early but no longer in scope', async () => {
    // Prepare
    const collector = elbv2Collector(regionContext(emulator), { allLoadBalancers: false });
    for (const services of clusters) collector.add(services);

    // Act: by finish, only the first cluster's services are in scope.
    const section = await collector.finish(clusters[0]);

    // Assess
    expect(section?.loadBalancers?.map((lb) => lb.LoadBalancerArn)).toEqual(firstTen.map(lbOf));
    expect(section?.listeners?.map((l) => l.LoadBalancerArn)).toEqual(firstTen.map(lbOf));
    expect(Object.keys(section?.rules ?? {})).toHaveLength(10);
  });
});

describe('collectElbv2 one item a page', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start({ maxPageSize: 1 });
  });
  afterAll(() => emulator.close());

  it('follows every page, DescribeSSLPolicies by its NextMarker too, to the same section', async () => {
    // Prepare
    const whole = await start();
    let expected: Elbv2Section | undefined;
    try {
      expected = await collectElbv2(regionContext(whole), inScope, { allLoadBalancers: false });
    } finally {
      await whole.close();
    }
    const context = regionContext(emulator);

    // Act
    const section = await collectElbv2(context, inScope, { allLoadBalancers: false });

    // Assess: one request per item.
    expect(section).toEqual(expected);
    expect(elbCalls(emulator)).toEqual({
      DescribeTargetGroups: 2,
      DescribeLoadBalancers: 2,
      DescribeListeners: 3 + 2,
      DescribeListenerCertificates: 3 + 1,
      DescribeRules: 3 + 2 + 1,
      DescribeSSLPolicies: 2,
      DescribeTrustStores: 1,
    });
  });
});
