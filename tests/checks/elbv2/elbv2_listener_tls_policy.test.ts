import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/elbv2/elbv2_listener_tls_policy.ts';
import type { TlsPolicyProfile } from '../../../lib/config.ts';
import type { ElbSslPolicy } from '../../../lib/snapshot/types.ts';
import { elbAccount, httpsListener, LB_ARN, listener } from '../../support/elb.ts';
import { runCheck } from '../../support/evaluate.ts';

const withPolicy = (sslPolicy: string | undefined, sslPolicies?: ElbSslPolicy[]) =>
  elbAccount({ listeners: [httpsListener('https', { SslPolicy: sslPolicy })], sslPolicies });

type Case = [string, string, 'PASSED' | 'FAILED'];
const p = (suffix: string) => `ELBSecurityPolicy-${suffix}`;

// Default profile: any policy without TLS 1.0 or 1.1 passes.
const tls12: Case[] = [
  ['fails ELBSecurityPolicy-2016-08, the API default', p('2016-08'), 'FAILED'],
  ['fails ELBSecurityPolicy-2015-05', p('2015-05'), 'FAILED'],
  ['fails ELBSecurityPolicy-TLS-1-0-2015-04', p('TLS-1-0-2015-04'), 'FAILED'],
  ['fails ELBSecurityPolicy-TLS-1-1-2017-01', p('TLS-1-1-2017-01'), 'FAILED'],
  ['passes ELBSecurityPolicy-TLS-1-2-2017-01', p('TLS-1-2-2017-01'), 'PASSED'],
  ['passes ELBSecurityPolicy-TLS-1-2-Ext-2018-06', p('TLS-1-2-Ext-2018-06'), 'PASSED'],
  ['fails ELBSecurityPolicy-FS-2018-06', p('FS-2018-06'), 'FAILED'],
  ['fails ELBSecurityPolicy-FS-1-1-2019-08', p('FS-1-1-2019-08'), 'FAILED'],
  ['passes ELBSecurityPolicy-FS-1-2-2019-08', p('FS-1-2-2019-08'), 'PASSED'],
  ['passes ELBSecurityPolicy-FS-1-2-Res-2019-08', p('FS-1-2-Res-2019-08'), 'PASSED'],
  ['passes ELBSecurityPolicy-FS-1-2-Res-2020-10', p('FS-1-2-Res-2020-10'), 'PASSED'],
  ['fails ELBSecurityPolicy-TLS13-1-0-2021-06', p('TLS13-1-0-2021-06'), 'FAILED'],
  ['fails ELBSecurityPolicy-TLS13-1-1-2021-06', p('TLS13-1-1-2021-06'), 'FAILED'],
  ['passes ELBSecurityPolicy-TLS13-1-2-2021-06', p('TLS13-1-2-2021-06'), 'PASSED'],
  ['passes ELBSecurityPolicy-TLS13-1-2-Res-2021-06', p('TLS13-1-2-Res-2021-06'), 'PASSED'],
  ['passes ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', p('TLS13-1-2-Ext1-2021-06'), 'PASSED'],
  ['passes ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', p('TLS13-1-2-Ext2-2021-06'), 'PASSED'],
  ['passes ELBSecurityPolicy-TLS13-1-3-2021-06', p('TLS13-1-3-2021-06'), 'PASSED'],
  ['fails ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04', p('TLS13-1-0-FIPS-2023-04'), 'FAILED'],
  ['fails ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04', p('TLS13-1-1-FIPS-2023-04'), 'FAILED'],
  [
    'passes ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04',
    p('TLS13-1-2-Ext0-FIPS-2023-04'),
    'PASSED',
  ],
  ['fails ELBSecurityPolicy-TLS13-1-0-PQ-2025-09', p('TLS13-1-0-PQ-2025-09'), 'FAILED'],
  ['fails ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09', p('TLS13-1-0-FIPS-PQ-2025-09'), 'FAILED'],
  ['passes ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', p('TLS13-1-2-Res-PQ-2025-09'), 'PASSED'],
  ['passes ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09', p('TLS13-1-3-FIPS-PQ-2025-09'), 'PASSED'],
  [
    'passes ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07',
    p('TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07'),
    'PASSED',
  ],
  ['matches a policy name in another case', 'elbsecuritypolicy-tls13-1-2-res-2021-06', 'PASSED'],
];

// fsbp: exactly Security Hub ELB.17's list.
const fsbp: Case[] = [
  ['passes ELBSecurityPolicy-TLS13-1-3-2021-06', p('TLS13-1-3-2021-06'), 'PASSED'],
  ['passes ELBSecurityPolicy-TLS13-1-2-Res-2021-06', p('TLS13-1-2-Res-2021-06'), 'PASSED'],
  [
    'passes ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04',
    p('TLS13-1-2-Res-FIPS-2023-04'),
    'PASSED',
  ],
  ['passes ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', p('TLS13-1-2-Res-PQ-2025-09'), 'PASSED'],
  ['passes ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09', p('TLS13-1-3-FIPS-PQ-2025-09'), 'PASSED'],
  [
    'fails ELBSecurityPolicy-TLS13-1-2-2021-06, which ELB.17 does not list',
    p('TLS13-1-2-2021-06'),
    'FAILED',
  ],
  [
    'fails ELBSecurityPolicy-TLS13-1-2-PQ-2025-09, which ELB.17 does not list',
    p('TLS13-1-2-PQ-2025-09'),
    'FAILED',
  ],
  ['fails ELBSecurityPolicy-TLS-1-2-2017-01', p('TLS-1-2-2017-01'), 'FAILED'],
  ['fails ELBSecurityPolicy-2016-08', p('2016-08'), 'FAILED'],
  ['fails an unknown policy name, which ELB.17 cannot list', p('Custom-2030-01'), 'FAILED'],
];

// pq: hybrid post-quantum policies without TLS 1.0/1.1.
const pq: Case[] = [
  ['passes ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', p('TLS13-1-2-Res-PQ-2025-09'), 'PASSED'],
  ['passes ELBSecurityPolicy-TLS13-1-3-PQ-2025-09', p('TLS13-1-3-PQ-2025-09'), 'PASSED'],
  [
    'passes ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09',
    p('TLS13-1-2-Ext0-FIPS-PQ-2025-09'),
    'PASSED',
  ],
  [
    'fails ELBSecurityPolicy-TLS13-1-0-PQ-2025-09, which allows TLS 1.0',
    p('TLS13-1-0-PQ-2025-09'),
    'FAILED',
  ],
  ['fails ELBSecurityPolicy-TLS13-1-2-Res-2021-06', p('TLS13-1-2-Res-2021-06'), 'FAILED'],
  ['fails ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04', p('TLS13-1-3-FIPS-2023-04'), 'FAILED'],
];

// fips: FIPS policies without TLS 1.0/1.1.
const fips: Case[] = [
  [
    'passes ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04',
    p('TLS13-1-2-Res-FIPS-2023-04'),
    'PASSED',
  ],
  ['passes ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09', p('TLS13-1-2-FIPS-PQ-2025-09'), 'PASSED'],
  [
    'passes ELBSecurityPolicy-TLS13-1-3-RFC9151-FIPS-2023-07',
    p('TLS13-1-3-RFC9151-FIPS-2023-07'),
    'PASSED',
  ],
  [
    'fails ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04, which allows TLS 1.0',
    p('TLS13-1-0-FIPS-2023-04'),
    'FAILED',
  ],
  ['fails ELBSecurityPolicy-TLS13-1-2-Res-2021-06', p('TLS13-1-2-Res-2021-06'), 'FAILED'],
  ['fails ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', p('TLS13-1-2-Res-PQ-2025-09'), 'FAILED'],
];

const byProfile: [TlsPolicyProfile, Case][] = [
  ...tls12.map((c): [TlsPolicyProfile, Case] => ['tls12', c]),
  ...fsbp.map((c): [TlsPolicyProfile, Case] => ['fsbp', c]),
  ...pq.map((c): [TlsPolicyProfile, Case] => ['pq', c]),
  ...fips.map((c): [TlsPolicyProfile, Case] => ['fips', c]),
];

describe('elbv2_listener_tls_policy', () => {
  it.each(
    byProfile.map(([profile, [name, policy, status]]) => [
      `${profile}: ${name}`,
      profile,
      policy,
      status,
    ]),
  )('%s', async (_name, profile, policy, status) => {
    // Prepare
    const data = withPolicy(policy);

    // Act
    const results = await runCheck(check, data, {
      config: { tlsPolicyProfile: profile as TlsPolicyProfile },
    });

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity: status === 'FAILED' ? 'MEDIUM' : 'INFORMATIONAL',
      resource: { kind: 'listener' },
      relatedResources: [{ arn: LB_ARN }],
    });
  });

  it.each([
    ['an unknown policy without sslPolicies data', withPolicy(p('Custom-2030-01')), 'tls12'],
    [
      'an unknown policy under the pq profile, even when described',
      withPolicy(p('Custom-2030-01'), [{ Name: p('Custom-2030-01'), SslProtocols: ['TLSv1.3'] }]),
      'pq',
    ],
    ['an unknown policy under the fips profile', withPolicy(p('Custom-2030-01')), 'fips'],
    ['a listener without an SslPolicy field', withPolicy(undefined), 'tls12'],
    ['a listener without an SslPolicy field under the fsbp profile', withPolicy(undefined), 'fsbp'],
  ] as const)('is not available for %s', async (_name, data, profile) => {
    const results = await runCheck(check, data, { config: { tlsPolicyProfile: profile } });

    expect(results.map((r) => r.status)).toEqual(['NOT_AVAILABLE']);
  });

  it.each([
    [
      'passes a policy the table does not know when DescribeSSLPolicies shows TLS 1.2+ only',
      p('Custom-2030-01'),
      ['TLSv1.2', 'TLSv1.3'],
      'PASSED',
    ],
    [
      'fails a policy the table does not know when DescribeSSLPolicies shows TLSv1.1',
      p('Custom-2030-01'),
      ['TLSv1.1', 'TLSv1.2'],
      'FAILED',
    ],
    [
      'prefers DescribeSSLPolicies data over the built-in table',
      p('TLS13-1-2-Res-2021-06'),
      ['TLSv1', 'TLSv1.2'],
      'FAILED',
    ],
    [
      'falls back to the table when the described policy has no SslProtocols',
      p('2016-08'),
      [],
      'FAILED',
    ],
  ] as const)('%s', async (_name, policy, protocols, status) => {
    const data = withPolicy(policy, [{ Name: policy, SslProtocols: [...protocols] }]);

    const results = await runCheck(check, data);

    expect(results.map((r) => r.status)).toEqual([status]);
  });

  it('names the policy and the outdated protocols in the reason', async () => {
    const [result] = await runCheck(check, withPolicy(p('2016-08')));

    expect(result?.reason).toBe(
      'Listener elb-web HTTPS:443 uses SslPolicy ELBSecurityPolicy-2016-08, which allows TLS 1.0 and TLS 1.1.',
    );
  });

  it('judges TLS listeners (NLB) in any case', async () => {
    const tls = listener('tls', 'tls', { SslPolicy: p('TLS13-1-1-2021-06') });

    const results = await runCheck(check, elbAccount({ listeners: [tls] }));

    expect(results.map((r) => [r.status, r.severity])).toEqual([['FAILED', 'MEDIUM']]);
  });

  it.each(['HTTP', 'TCP', 'UDP', 'QUIC', 'GENEVE'])(
    'does not apply to a %s listener',
    async (protocol) => {
      const results = await runCheck(
        check,
        elbAccount({ listeners: [listener('plain', protocol)] }),
      );

      expect(results).toEqual([]);
    },
  );
});
