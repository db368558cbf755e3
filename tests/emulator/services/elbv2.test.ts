import {
  DescribeListenerCertificatesCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeSSLPoliciesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeListenerCertificates,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeRules,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import {
  clientConfig,
  collect,
  listenerArn,
  loadBalancerArn,
  richSnapshot,
  targetGroupArn,
} from '../support.ts';

describe('the emulated ELBv2', () => {
  let emulator: Emulator;
  let elb: ElasticLoadBalancingV2Client;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot()], maxPageSize: 2 });
    elb = new ElasticLoadBalancingV2Client(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  it.each([
    [
      'DescribeLoadBalancers',
      () => collect(paginateDescribeLoadBalancers({ client: elb }, {}), (p) => p.LoadBalancers),
      7,
      4,
    ],
    [
      'DescribeListeners',
      () =>
        collect(
          paginateDescribeListeners({ client: elb }, { LoadBalancerArn: loadBalancerArn(0) }),
          (p) => p.Listeners,
        ),
      2,
      1,
    ],
    [
      'DescribeListenerCertificates',
      () =>
        collect(
          paginateDescribeListenerCertificates({ client: elb }, { ListenerArn: listenerArn(1, 0) }),
          (p) => p.Certificates,
        ),
      3,
      2,
    ],
    [
      'DescribeRules',
      () =>
        collect(
          paginateDescribeRules({ client: elb }, { ListenerArn: listenerArn(1, 0) }),
          (p) => p.Rules,
        ),
      5,
      3,
    ],
    [
      'DescribeTargetGroups',
      () => collect(paginateDescribeTargetGroups({ client: elb }, {}), (p) => p.TargetGroups),
      9,
      5,
    ],
  ] as const)('pages %s with the SDK paginator', async (_name, read, items, pages) => {
    // Act
    const result = await read();

    // Assess
    expect(result.items).toHaveLength(items);
    expect(result.pages).toBe(pages);
  });

  it('pages DescribeSSLPolicies with Marker and reads nested Ciphers', async () => {
    // Act
    const first = await elb.send(new DescribeSSLPoliciesCommand({}));
    const second = await elb.send(new DescribeSSLPoliciesCommand({ Marker: first.NextMarker }));
    const named = await elb.send(
      new DescribeSSLPoliciesCommand({ Names: ['ELBSecurityPolicy-2016-08'] }),
    );

    // Assess
    expect(first.SslPolicies?.map((p) => p.Name)).toEqual([
      'ELBSecurityPolicy-TLS13-1-2-2021-06',
      'ELBSecurityPolicy-TLS13-1-3-2021-06',
    ]);
    expect(second.SslPolicies).toHaveLength(2);
    expect(named.SslPolicies?.[0]?.SslProtocols).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2']);
    expect(named.SslPolicies?.[0]?.Ciphers?.[1]).toEqual({
      Name: 'ECDHE-RSA-AES128-GCM-SHA256',
      Priority: 2,
    });
  });

  it('describes load balancers by ARN with their dates and nested lists', async () => {
    // Act
    const result = await elb.send(
      new DescribeLoadBalancersCommand({ LoadBalancerArns: [loadBalancerArn(3)] }),
    );

    // Assess
    expect(result.LoadBalancers?.[0]?.CreatedTime).toEqual(new Date('2026-01-05T10:30:15.250Z'));
    expect(result.LoadBalancers?.[0]?.AvailabilityZones?.map((az) => az.SubnetId)).toEqual([
      'subnet-01',
      'subnet-02',
    ]);
  });

  it('describes the target groups of a load balancer', async () => {
    // Act
    const result = await elb.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: loadBalancerArn(2) }),
    );

    // Assess
    expect(result.TargetGroups?.map((tg) => tg.TargetGroupArn)).toEqual([targetGroupArn(2)]);
  });

  it('describes listeners by ARN with their forward configuration', async () => {
    // Act
    const result = await elb.send(
      new DescribeListenersCommand({ ListenerArns: [listenerArn(4, 0)] }),
    );

    // Assess
    expect(result.Listeners?.[0]?.DefaultActions?.[0]?.ForwardConfig?.TargetGroups).toEqual([
      { TargetGroupArn: targetGroupArn(4), Weight: 1 },
    ]);
  });

  it('describes the tags of load balancers and target groups', async () => {
    // Act
    const result = await elb.send(
      new DescribeTagsCommand({ ResourceArns: [loadBalancerArn(0), targetGroupArn(1)] }),
    );

    // Assess
    expect(result.TagDescriptions).toEqual([
      { ResourceArn: loadBalancerArn(0), Tags: [{ Key: 'env', Value: 'lb-0' }] },
      {
        ResourceArn: targetGroupArn(1),
        Tags: [{ Key: 'ecs-encryption-scanner:exempt', Value: '*' }],
      },
    ]);
  });

  it('answers DescribeTags with AccessDenied when the snapshot did not collect elbv2.tags', async () => {
    // Prepare
    const snapshot = richSnapshot();
    delete snapshot.regions['us-east-1']?.elbv2?.tags;
    const denying = await startEmulator({ accounts: [snapshot] });
    const client = new ElasticLoadBalancingV2Client(clientConfig(denying));

    try {
      // Act
      const result = client.send(new DescribeTagsCommand({ ResourceArns: [loadBalancerArn(0)] }));

      // Assess
      await expect(result).rejects.toMatchObject({
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      client.destroy();
      await denying.close();
    }
  });

  it.each([
    ['DescribeRules', () => elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn(2, 1) }))],
    [
      'DescribeListenerCertificates',
      () => elb.send(new DescribeListenerCertificatesCommand({ ListenerArn: listenerArn(2, 1) })),
    ],
  ])(
    'answers %s for a listener the snapshot did not describe with AccessDenied (not collected)',
    async (_name, call) => {
      // Act
      const result = call();

      // Assess
      await expect(result).rejects.toMatchObject({
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      });
    },
  );

  it.each([
    [
      'an unknown load balancer',
      () => elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [loadBalancerArn(99)] })),
      'LoadBalancerNotFoundException',
    ],
    [
      'more than 20 load balancers',
      () =>
        elb.send(
          new DescribeLoadBalancersCommand({
            LoadBalancerArns: Array.from({ length: 21 }, (_, i) => loadBalancerArn(i)),
          }),
        ),
      'ValidationError',
    ],
    [
      'an unknown listener',
      () => elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn(99, 0) })),
      'ListenerNotFoundException',
    ],
    [
      'listeners with neither ARNs nor a load balancer',
      () => elb.send(new DescribeListenersCommand({})),
      'ValidationError',
    ],
    [
      'an unknown SSL policy',
      () => elb.send(new DescribeSSLPoliciesCommand({ Names: ['nope'] })),
      'SSLPolicyNotFoundException',
    ],
    [
      'an unknown target group',
      () => elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn(99)] })),
      'TargetGroupNotFoundException',
    ],
    [
      'tags of an unknown target group',
      () =>
        elb.send(
          new DescribeTagsCommand({ ResourceArns: [loadBalancerArn(0), targetGroupArn(99)] }),
        ),
      'TargetGroupNotFoundException',
    ],
    [
      'tags of an unknown load balancer',
      () => elb.send(new DescribeTagsCommand({ ResourceArns: [loadBalancerArn(99)] })),
      'LoadBalancerNotFoundException',
    ],
    [
      'tags of more than 20 resources',
      () =>
        elb.send(
          new DescribeTagsCommand({
            ResourceArns: Array.from({ length: 21 }, (_, i) => targetGroupArn(i % 9)),
          }),
        ),
      'ValidationError',
    ],
    [
      'a page size above 400',
      () => elb.send(new DescribeLoadBalancersCommand({ PageSize: 401 })),
      'ValidationError',
    ],
  ])('answers %s with the awsQuery error the SDK maps', async (_name, call, name) => {
    // Act
    const result = call();

    // Assess
    await expect(result).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 400 } });
  });
});
