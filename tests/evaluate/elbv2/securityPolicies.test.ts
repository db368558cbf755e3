import { describe, expect, it } from 'vitest';
import {
  FSBP_ELB17_POLICIES,
  isFsbpRecommendedPolicy,
  outdatedProtocols,
  PREDEFINED_SECURITY_POLICIES,
  predefinedSecurityPolicy,
} from '../../../lib/evaluate/elbv2/securityPolicies.ts';

describe('the predefined ELBv2 security policy table', () => {
  it('has each policy once', () => {
    const names = PREDEFINED_SECURITY_POLICIES.map((p) => p.name.toLowerCase());

    expect(new Set(names).size).toBe(names.length);
  });

  it.each(PREDEFINED_SECURITY_POLICIES.map((p) => [p.name, p] as const))(
    'flags %s as its name says',
    (name, policy) => {
      expect(policy.fips).toBe(name.includes('-FIPS-'));
      expect(policy.postQuantum).toBe(name.includes('-PQ-'));
      expect(policy.protocols.length).toBeGreaterThan(0);
    },
  );

  it.each(
    PREDEFINED_SECURITY_POLICIES.filter((p) => p.name.startsWith('ELBSecurityPolicy-TLS13-')).map(
      (p) => [p.name, p] as const,
    ),
  )('gives %s the minimum version its name says', (name, policy) => {
    const minimum = /^ELBSecurityPolicy-TLS13-1-(\d)-/.exec(name)?.[1];
    const expected = { '0': 'TLSv1', '1': 'TLSv1.1', '2': 'TLSv1.2', '3': 'TLSv1.3' }[
      minimum ?? ''
    ];

    expect(policy.protocols[0]).toBe(expected);
    expect(policy.protocols.at(-1)).toBe('TLSv1.3');
  });

  it('knows every ELB.17 recommended policy, none allowing TLS 1.0 or 1.1', () => {
    for (const name of FSBP_ELB17_POLICIES) {
      const policy = predefinedSecurityPolicy(name);

      expect(policy, name).toBeDefined();
      expect(outdatedProtocols(policy?.protocols ?? ['TLSv1'])).toEqual([]);
    }
  });

  it('matches names case-insensitively and rejects unknown ones', () => {
    expect(predefinedSecurityPolicy('elbsecuritypolicy-2016-08')?.protocols).toEqual([
      'TLSv1',
      'TLSv1.1',
      'TLSv1.2',
    ]);
    expect(predefinedSecurityPolicy('ELBSecurityPolicy-TLS13-1-1-PQ-2025-09')).toBeUndefined();
    expect(isFsbpRecommendedPolicy('ELBSecurityPolicy-TLS13-1-2-2021-06')).toBe(false);
    expect(isFsbpRecommendedPolicy('elbsecuritypolicy-tls13-1-3-2021-06')).toBe(true);
  });
});

describe('outdatedProtocols', () => {
  it.each([
    [
      ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
      ['TLS 1.0', 'TLS 1.1'],
    ],
    [['Protocol-TLSv1.1', 'Protocol-TLSv1.2'], ['TLS 1.1']],
    [
      ['tlsv1.0', 'SSLv3'],
      ['TLS 1.0', 'SSLv3'],
    ],
    [['TLSv1.2', 'TLSv1.3'], []],
  ])('finds the outdated protocols in %j', (protocols, expected) => {
    expect(outdatedProtocols(protocols)).toEqual(expected);
  });
});
