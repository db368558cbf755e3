import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/elb/elb_listener_tls_policy.ts';
import type { ClassicPolicy } from '../../../lib/snapshot/types.ts';
import { classicAccount, classicListener, negotiationPolicy } from '../../support/classicElb.ts';
import { runCheck } from '../../support/evaluate.ts';

const https = (policy = 'my-policy') => classicListener('HTTPS', 443, { policyNames: [policy] });
const PROTOCOLS_12 = {
  'Protocol-SSLv3': 'false',
  'Protocol-TLSv1': 'false',
  'Protocol-TLSv1.1': 'false',
  'Protocol-TLSv1.2': 'true',
};

const cases: [
  string,
  ReturnType<typeof classicListener>[],
  ClassicPolicy[] | undefined,
  string,
  string,
][] = [
  [
    'passes a policy whose Protocol attributes enable only TLS 1.2',
    [https()],
    [negotiationPolicy('my-policy', PROTOCOLS_12)],
    'PASSED',
    'policy my-policy',
  ],
  [
    'fails a policy whose attributes enable TLS 1.0',
    [https()],
    [negotiationPolicy('my-policy', { ...PROTOCOLS_12, 'Protocol-TLSv1': 'true' })],
    'FAILED',
    'enables TLS 1.0',
  ],
  [
    'fails a policy whose attributes enable SSLv3',
    [https()],
    [negotiationPolicy('my-policy', { ...PROTOCOLS_12, 'Protocol-SSLv3': 'true' })],
    'FAILED',
    'enables SSLv3',
  ],
  [
    'passes a custom-named policy that references ELBSecurityPolicy-TLS-1-2-2017-01',
    [https()],
    [
      negotiationPolicy('my-policy', {
        'Reference-Security-Policy': 'ELBSecurityPolicy-TLS-1-2-2017-01',
      }),
    ],
    'PASSED',
    'TLS 1.2',
  ],
  [
    'fails a custom-named policy that references ELBSecurityPolicy-2016-08, which allows TLS 1.0 and 1.1',
    [https()],
    [negotiationPolicy('my-policy', { 'Reference-Security-Policy': 'ELBSecurityPolicy-2016-08' })],
    'FAILED',
    'TLS 1.0 and TLS 1.1',
  ],
  [
    'fails ELBSecurityPolicy-TLS-1-1-2017-01 named on the listener by its predefined name',
    [https('ELBSecurityPolicy-TLS-1-1-2017-01')],
    [],
    'FAILED',
    'TLS 1.1',
  ],
  [
    'is not available for a policy referencing an unknown predefined policy',
    [https()],
    [negotiationPolicy('my-policy', { 'Reference-Security-Policy': 'ELBSecurityPolicy-2099-01' })],
    'NOT_AVAILABLE',
    'ELBSecurityPolicy-2099-01',
  ],
  [
    'is not available for a listener naming no SSL negotiation policy',
    [classicListener('SSL', 8443)],
    [],
    'NOT_AVAILABLE',
    'names no SSL negotiation policy',
  ],
  [
    'is not available when the policies were not described',
    [https()],
    undefined,
    'NOT_AVAILABLE',
    'not described',
  ],
  [
    'fails, naming the listener, when one of two listeners is outdated',
    [https(), classicListener('SSL', 8443, { policyNames: ['old'] })],
    [
      negotiationPolicy('my-policy', PROTOCOLS_12),
      negotiationPolicy('old', { 'Protocol-TLSv1.1': 'true', 'Protocol-TLSv1.2': 'true' }),
    ],
    'FAILED',
    'SSL:8443 (policy old enables TLS 1.1)',
  ],
];

describe('elb_listener_tls_policy', () => {
  it.each(cases)('%s', async (_name, listeners, policies, status, reason) => {
    // Prepare
    const data = classicAccount(listeners, policies ? { policies } : { noPolicies: true });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe(status);
    expect(results[0]?.reason).toContain(reason);
  });

  it('gives no result for a load balancer without HTTPS or SSL listeners', async () => {
    expect(await runCheck(check, classicAccount([classicListener('HTTP', 80)]))).toEqual([]);
  });
});
