import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/elbv2/elbv2_listener_encrypted.ts';
import type { ElbListener, ElbRule } from '../../../lib/snapshot/types.ts';
import {
  elbAccount,
  fixedResponse,
  forward,
  LB_ARN,
  listener,
  listenerArn,
  redirectTo,
  rule,
} from '../../support/elb.ts';
import { arn, runCheck } from '../../support/evaluate.ts';

const http = (...defaultActions: unknown[]) =>
  listener('http', 'HTTP', { DefaultActions: defaultActions });
const authenticateOidc = {
  Type: 'authenticate-oidc',
  Order: 1,
  AuthenticateOidcConfig: { Issuer: 'https://idp.example.com' },
};

const cases: [string, ElbListener, ElbRule[] | undefined, string, string][] = [
  ['passes an HTTPS listener', listener('https', 'HTTPS'), undefined, 'PASSED', 'INFORMATIONAL'],
  ['passes a TLS listener', listener('tls', 'TLS'), undefined, 'PASSED', 'INFORMATIONAL'],
  [
    'passes a lower-case https listener',
    listener('https', 'https'),
    undefined,
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'passes a QUIC listener, which is always TLS 1.3',
    listener('quic', 'QUIC'),
    undefined,
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'fails an HTTP listener that forwards, without needing its rules',
    http(forward),
    undefined,
    'FAILED',
    'HIGH',
  ],
  [
    'fails an HTTP listener that authenticates then forwards',
    http(authenticateOidc, { ...forward, Order: 2 }),
    [],
    'FAILED',
    'HIGH',
  ],
  [
    'fails an HTTP listener that redirects by default but has a rule that forwards',
    http(redirectTo('HTTPS')),
    [rule('10', [redirectTo('HTTPS')]), rule('20', [forward])],
    'FAILED',
    'HIGH',
  ],
  [
    'passes an HTTP listener whose default action and rules redirect to HTTPS or answer fixed',
    http(redirectTo('HTTPS')),
    [
      rule('10', [redirectTo('HTTPS')]),
      rule('20', [fixedResponse]),
      rule('default', [redirectTo('HTTPS')]),
    ],
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'passes an HTTP listener redirecting to lower-case https',
    http(redirectTo('https')),
    [],
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'passes an HTTP listener that only returns a fixed response',
    http(fixedResponse),
    [],
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'fails an HTTP listener redirecting with #{protocol}, which keeps HTTP',
    http(redirectTo('#{protocol}')),
    [],
    'FAILED',
    'MEDIUM',
  ],
  [
    'fails an HTTP listener redirecting without a Protocol, which defaults to #{protocol}',
    http(redirectTo()),
    [],
    'FAILED',
    'MEDIUM',
  ],
  [
    'fails an HTTP listener with a rule redirecting to HTTP',
    http(redirectTo('HTTPS')),
    [rule('5', [redirectTo('HTTP')])],
    'FAILED',
    'MEDIUM',
  ],
  ['fails a TCP listener', listener('tcp', 'TCP'), undefined, 'FAILED', 'MEDIUM'],
  ['fails a UDP listener', listener('udp', 'UDP'), undefined, 'FAILED', 'MEDIUM'],
  ['fails a TCP_UDP listener', listener('tcpudp', 'TCP_UDP'), undefined, 'FAILED', 'MEDIUM'],
  ['fails a lower-case tcp listener', listener('tcp', 'tcp'), undefined, 'FAILED', 'MEDIUM'],
  [
    'fails a TCP_QUIC listener, whose TCP side is plain',
    listener('tcpquic', 'TCP_QUIC'),
    undefined,
    'FAILED',
    'MEDIUM',
  ],
  [
    'is not available for an HTTP listener redirecting to HTTPS whose rules were not collected',
    http(redirectTo('HTTPS')),
    undefined,
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'is not available for an HTTP listener answering fixed whose rules were not collected',
    http(fixedResponse),
    undefined,
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'is not available for a redirect without RedirectConfig',
    http({ Type: 'redirect' }),
    [],
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'is not available for an HTTP listener without DefaultActions',
    http(),
    [],
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'is not available for a listener without Protocol',
    listener('none', undefined),
    undefined,
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'is not available for an unknown Protocol',
    listener('odd', 'SCTP'),
    undefined,
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
];

describe('elbv2_listener_encrypted', () => {
  it.each(cases)('%s', async (_name, subject, rules, status, severity) => {
    // Prepare
    const data = elbAccount({
      listeners: [subject],
      rules: rules ? { [subject.ListenerArn ?? '']: rules } : {},
    });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity,
      resource: { kind: 'listener', arn: subject.ListenerArn },
      relatedResources: [{ kind: 'loadBalancer', arn: LB_ARN }],
    });
  });

  it('names the forwarding rule and the field in the reason', async () => {
    const subject = http(redirectTo('HTTPS'));
    const data = elbAccount({
      listeners: [subject],
      rules: { [listenerArn('http')]: [rule('20', [forward])] },
    });

    const [result] = await runCheck(check, data);

    expect(result?.reason).toBe(
      'Listener elb-web HTTP:80 forwards plain-text HTTP requests to targets (action forward in rule 20) instead of redirecting to HTTPS.',
    );
  });

  it('does not judge Gateway Load Balancer (GENEVE) listeners', async () => {
    const results = await runCheck(
      check,
      elbAccount({ listeners: [listener('geneve', 'GENEVE')] }),
    );

    expect(results).toEqual([]);
  });

  it('reports nothing when listeners were not collected', async () => {
    const results = await runCheck(check, elbAccount({ listeners: undefined }));

    expect(results).toEqual([]);
  });

  it('ignores listeners of load balancers no in-scope service uses', async () => {
    const other = { ...listener('other', 'HTTP'), LoadBalancerArn: arn.loadBalancer('elb-other') };
    const data = elbAccount({ listeners: [other] });
    data.elbv2?.loadBalancers?.push({
      LoadBalancerArn: arn.loadBalancer('elb-other'),
      LoadBalancerName: 'elb-other',
    });

    const results = await runCheck(check, data);

    expect(results).toEqual([]);
  });

  it('judges every load balancer with allLoadBalancers', async () => {
    const other = {
      ...listener('other', 'TCP'),
      LoadBalancerArn: arn.loadBalancer('elb-other', 'net'),
    };
    const data = elbAccount({ listeners: [other] });
    data.elbv2?.loadBalancers?.push({
      LoadBalancerArn: arn.loadBalancer('elb-other', 'net'),
      LoadBalancerName: 'elb-other',
    });

    const results = await runCheck(check, data, { config: { allLoadBalancers: true } });

    expect(results.map((r) => [r.status, r.relatedResources?.[0]?.name])).toEqual([
      ['FAILED', 'elb-other'],
    ]);
  });
});
