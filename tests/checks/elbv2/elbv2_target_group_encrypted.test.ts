import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/elbv2/elbv2_target_group_encrypted.ts';
import { elbAccount, LB_ARN, TG_ARN, targetGroup } from '../../support/elb.ts';
import { runCheck } from '../../support/evaluate.ts';

describe('elbv2_target_group_encrypted', () => {
  it.each([
    [
      'passes an HTTPS target group with HTTPS health checks',
      { Protocol: 'HTTPS', HealthCheckProtocol: 'HTTPS' },
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes a TLS target group with TCP health checks, which send no data',
      { Protocol: 'TLS', HealthCheckProtocol: 'TCP' },
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes a QUIC target group',
      { Protocol: 'QUIC', HealthCheckProtocol: 'TCP' },
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes a lower-case https target group',
      { Protocol: 'https', HealthCheckProtocol: 'https' },
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes an encrypted target group without a HealthCheckProtocol',
      { Protocol: 'TLS', HealthCheckProtocol: undefined },
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'warns about an HTTPS target group with plain HTTP health checks',
      { Protocol: 'HTTPS', HealthCheckProtocol: 'HTTP' },
      'WARNING',
      'LOW',
    ],
    [
      'warns about a TLS target group with lower-case http health checks',
      { Protocol: 'TLS', HealthCheckProtocol: 'http' },
      'WARNING',
      'LOW',
    ],
    [
      'fails an HTTP target group',
      { Protocol: 'HTTP', HealthCheckProtocol: 'HTTP' },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails a TCP target group',
      { Protocol: 'TCP', HealthCheckProtocol: 'TCP' },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails a UDP target group',
      { Protocol: 'UDP', HealthCheckProtocol: 'TCP' },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails a TCP_UDP target group',
      { Protocol: 'TCP_UDP', HealthCheckProtocol: 'TCP' },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails a TCP_QUIC target group',
      { Protocol: 'TCP_QUIC', HealthCheckProtocol: 'TCP' },
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails an HTTP target group even with HTTPS health checks',
      { Protocol: 'http', HealthCheckProtocol: 'HTTPS' },
      'FAILED',
      'MEDIUM',
    ],
    [
      'is not available for a target group without Protocol',
      { Protocol: undefined },
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available for an unknown Protocol',
      { Protocol: 'SCTP' },
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
  ] as const)('%s', async (_name, fields, status, severity) => {
    // Prepare
    const data = elbAccount({ targetGroups: [targetGroup(fields)] });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity,
      resource: { kind: 'targetGroup', arn: TG_ARN, name: 'elb-web' },
      relatedResources: [{ kind: 'loadBalancer', arn: LB_ARN }],
    });
  });

  it('names the protocol in the reason', async () => {
    const [result] = await runCheck(
      check,
      elbAccount({ targetGroups: [targetGroup({ Protocol: 'HTTP' })] }),
    );

    expect(result?.reason).toBe(
      'Target group elb-web sends traffic to its targets unencrypted (Protocol HTTP): TLS ends at the load balancer.',
    );
  });

  it('is not available for a registered target group that was not described', async () => {
    const results = await runCheck(check, elbAccount({ targetGroups: [] }));

    expect(results.map((r) => [r.status, r.resource.arn, r.relatedResources])).toEqual([
      ['NOT_AVAILABLE', TG_ARN, undefined],
    ]);
  });

  it('is not available when target groups were not collected', async () => {
    const results = await runCheck(check, elbAccount({ targetGroups: undefined }));

    expect(results.map((r) => r.status)).toEqual(['NOT_AVAILABLE']);
  });

  it.each([
    ['a GENEVE target group', { Protocol: 'GENEVE' }],
    ['a Lambda target group, which has no protocol', { Protocol: undefined, TargetType: 'lambda' }],
  ])('does not judge %s', async (_name, fields) => {
    const results = await runCheck(check, elbAccount({ targetGroups: [targetGroup(fields)] }));

    expect(results).toEqual([]);
  });

  it('leaves out load balancers that were not collected', async () => {
    const results = await runCheck(
      check,
      elbAccount({ targetGroups: [targetGroup()], loadBalancers: undefined }),
    );

    expect(results.map((r) => [r.status, r.relatedResources])).toEqual([['PASSED', undefined]]);
  });

  it('does not judge target groups no in-scope service registers with', async () => {
    const data = elbAccount({ targetGroups: [targetGroup()] });
    data.ecs = { services: [] };

    const results = await runCheck(check, data);

    expect(results).toEqual([]);
  });
});
