// lib/collect/elb.ts at the SDK's HTTP boundary: real clients against the emulator, which routes
// the Classic calls (Version 2012-06-01) apart from ELBv2's and counts them under `elb`.
import { describe, expect, it } from 'vitest';
import { CLASSIC_NAMES_PER_CALL, collectElb } from '../../lib/collect/elb.ts';
import type {
  ClassicLoadBalancer,
  EcsService,
  RegionSnapshot,
  Snapshot,
} from '../../lib/snapshot/types.ts';
import { ACCOUNT, arn, REGION } from './fixture.ts';
import { flatCalls, regionContext, start } from './support.ts';

const service = (...names: string[]): EcsService => ({
  serviceArn: arn.service('prod', `svc-${names.join('-')}`),
  status: 'ACTIVE',
  loadBalancers: names.map((loadBalancerName) => ({ loadBalancerName })),
});

const classic = (name: string, protocol = 'HTTPS'): ClassicLoadBalancer => ({
  LoadBalancerName: name,
  ListenerDescriptions: [
    {
      Listener: {
        Protocol: protocol,
        LoadBalancerPort: 443,
        InstanceProtocol: 'HTTP',
        InstancePort: 80,
      },
      PolicyNames: protocol === 'HTTPS' ? [`${name}-policy`] : [],
    },
  ],
});

const account = (
  loadBalancers: ClassicLoadBalancer[],
  data: Partial<RegionSnapshot> = {},
): Snapshot => ({
  format: 'ecs-encryption-scanner/snapshot@2',
  accountId: ACCOUNT,
  partition: 'aws',
  regions: {
    [REGION]: {
      elb: {
        loadBalancers,
        policies: Object.fromEntries(
          loadBalancers.map((lb) => [
            lb.LoadBalancerName,
            [
              {
                PolicyName: `${lb.LoadBalancerName}-policy`,
                PolicyTypeName: 'SSLNegotiationPolicyType',
                PolicyAttributeDescriptions: [
                  { AttributeName: 'Protocol-TLSv1.2', AttributeValue: 'true' },
                ],
              },
            ],
          ]),
        ),
      },
      ...data,
    },
  },
});

describe('the Classic Load Balancer collector', () => {
  it('describes the named load balancers in one call and the policies of each TLS one, counted under elb', async () => {
    // Prepare
    const emulator = await start(
      {},
      account([classic('a'), classic('b', 'TCP'), classic('unnamed')]),
    );
    const context = regionContext(emulator);

    // Act
    const section = await collectElb(context, [service('a', 'b')]);
    await emulator.close();

    // Assess
    expect(section?.loadBalancers?.map((lb) => lb.LoadBalancerName).sort()).toEqual(['a', 'b']);
    expect(Object.keys(section?.policies ?? {})).toEqual(['a']);
    expect(flatCalls(emulator)).toEqual({
      'elb:DescribeLoadBalancers': 1,
      'elb:DescribeLoadBalancerPolicies': 1,
    });
    expect(context.failures.list()).toEqual([]);
  });

  it('batches the names by the per-call count', async () => {
    const names = Array.from({ length: CLASSIC_NAMES_PER_CALL + 1 }, (_, i) => `lb-${i}`);
    const emulator = await start({}, account(names.map((n) => classic(n, 'HTTP'))));
    const context = regionContext(emulator);

    const section = await collectElb(context, [service(...names)]);
    await emulator.close();

    expect(section?.loadBalancers).toHaveLength(names.length);
    expect(flatCalls(emulator)).toEqual({ 'elb:DescribeLoadBalancers': 2 });
  });

  it('takes LoadBalancerNotFound for gone: the others are described one by one, the missing one is noted absent', async () => {
    const emulator = await start({}, account([classic('a', 'HTTP')]));
    const context = regionContext(emulator);

    const section = await collectElb(context, [service('a', 'gone')]);
    await emulator.close();

    expect(section?.loadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual(['a']);
    expect(context.failures.list()).toEqual([]);
    expect(context.failures.absences()).toEqual([
      expect.objectContaining({
        service: 'elb',
        operation: 'DescribeLoadBalancers',
        items: ['gone'],
      }),
    ]);
  });

  it('leaves the load balancers not collected when DescribeLoadBalancers is denied, and records it', async () => {
    const emulator = await start(
      { faults: { accessDenied: ['elb:DescribeLoadBalancers'] } },
      account([classic('a')]),
    );
    const context = regionContext(emulator);

    const section = await collectElb(context, [service('a')]);
    await emulator.close();

    expect(section?.loadBalancers).toBeUndefined();
    expect(context.failures.list()).toEqual([
      expect.objectContaining({
        service: 'elb',
        operation: 'DescribeLoadBalancers',
        errorCode: 'AccessDenied',
      }),
    ]);
  });

  it('leaves out the policies of a load balancer whose call failed, item by item', async () => {
    const snapshot = account([classic('a'), classic('b')]);
    const policies = snapshot.regions[REGION]?.elb?.policies;
    if (policies) policies.b = undefined as never;
    const emulator = await start({}, snapshot);
    const context = regionContext(emulator);

    const section = await collectElb(context, [service('a', 'b')]);
    await emulator.close();

    expect(Object.keys(section?.policies ?? {})).toEqual(['a']);
    expect(context.failures.list()).toEqual([
      expect.objectContaining({ operation: 'DescribeLoadBalancerPolicies', items: ['b'] }),
    ]);
  });

  it('leaves ELBv2 calls to the ELBv2 API: the same signing name is routed by Version', async () => {
    const emulator = await start(
      {},
      account([classic('a', 'HTTP')], { elbv2: { loadBalancers: [] } }),
    );
    const context = regionContext(emulator);

    const [classicSection, v2] = await Promise.all([
      collectElb(context, [service('a')]),
      context.clients.elbv2.send(
        new (
          await import('@aws-sdk/client-elastic-load-balancing-v2')
        ).DescribeLoadBalancersCommand({}),
      ),
    ]);
    await emulator.close();

    expect(classicSection?.loadBalancers).toHaveLength(1);
    expect(v2.LoadBalancers).toEqual([]);
    expect(flatCalls(emulator)).toEqual({
      'elb:DescribeLoadBalancers': 1,
      'elasticloadbalancing:DescribeLoadBalancers': 1,
    });
  });
});
