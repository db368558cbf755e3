// The predefined ELBv2 security policies (Application and Network Load Balancers), as listed in
// the "Security policies for your Application/Network Load Balancer" pages of the Elastic Load
// Balancing user guides: the TLS protocols each allows, and whether it is a FIPS or a hybrid
// post-quantum (ML-KEM) policy. ALBs and NLBs accept no custom policies, so the name fixes the
// configuration. Used when the snapshot has no DescribeSSLPolicies data for a policy.

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface PredefinedSecurityPolicy {
  name: string;
  /** As DescribeSSLPolicies spells them in `SslProtocols`. */
  protocols: readonly TlsVersion[];
  /** Uses FIPS 140-3 validated cryptographic modules. */
  fips: boolean;
  /** Offers hybrid post-quantum key exchange (SecP256r1MLKEM768, X25519MLKEM768, …). */
  postQuantum: boolean;
}

const TLS13: readonly TlsVersion[] = ['TLSv1.3'];
const TLS12_13: readonly TlsVersion[] = ['TLSv1.2', 'TLSv1.3'];
const TLS11_13: readonly TlsVersion[] = ['TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const TLS10_13: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const TLS12: readonly TlsVersion[] = ['TLSv1.2'];
const TLS11_12: readonly TlsVersion[] = ['TLSv1.1', 'TLSv1.2'];
const TLS10_12: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2'];

const policy = (
  suffix: string,
  protocols: readonly TlsVersion[],
  flags: { fips?: boolean; postQuantum?: boolean } = {},
): PredefinedSecurityPolicy => ({
  name: `ELBSecurityPolicy-${suffix}`,
  protocols,
  fips: flags.fips ?? false,
  postQuantum: flags.postQuantum ?? false,
});
const fips = { fips: true };
const pq = { postQuantum: true };
const fipsPq = { fips: true, postQuantum: true };

export const PREDEFINED_SECURITY_POLICIES: readonly PredefinedSecurityPolicy[] = [
  // TLS 1.3 policies (2021-06).
  policy('TLS13-1-3-2021-06', TLS13),
  policy('TLS13-1-2-2021-06', TLS12_13),
  policy('TLS13-1-2-Res-2021-06', TLS12_13),
  policy('TLS13-1-2-Ext1-2021-06', TLS12_13),
  policy('TLS13-1-2-Ext2-2021-06', TLS12_13),
  policy('TLS13-1-1-2021-06', TLS11_13),
  policy('TLS13-1-0-2021-06', TLS10_13),
  // Hybrid post-quantum policies (2025-09).
  policy('TLS13-1-3-PQ-2025-09', TLS13, pq),
  policy('TLS13-1-2-PQ-2025-09', TLS12_13, pq),
  policy('TLS13-1-2-Res-PQ-2025-09', TLS12_13, pq),
  policy('TLS13-1-2-Ext1-PQ-2025-09', TLS12_13, pq),
  policy('TLS13-1-2-Ext2-PQ-2025-09', TLS12_13, pq),
  policy('TLS13-1-0-PQ-2025-09', TLS10_13, pq),
  // FIPS policies (2023-04).
  policy('TLS13-1-3-FIPS-2023-04', TLS13, fips),
  policy('TLS13-1-2-FIPS-2023-04', TLS12_13, fips),
  policy('TLS13-1-2-Res-FIPS-2023-04', TLS12_13, fips),
  policy('TLS13-1-2-Ext0-FIPS-2023-04', TLS12_13, fips),
  policy('TLS13-1-2-Ext1-FIPS-2023-04', TLS12_13, fips),
  policy('TLS13-1-2-Ext2-FIPS-2023-04', TLS12_13, fips),
  policy('TLS13-1-1-FIPS-2023-04', TLS11_13, fips),
  policy('TLS13-1-0-FIPS-2023-04', TLS10_13, fips),
  // FIPS and hybrid post-quantum policies (2025-09).
  policy('TLS13-1-3-FIPS-PQ-2025-09', TLS13, fipsPq),
  policy('TLS13-1-2-FIPS-PQ-2025-09', TLS12_13, fipsPq),
  policy('TLS13-1-2-Res-FIPS-PQ-2025-09', TLS12_13, fipsPq),
  policy('TLS13-1-2-Ext0-FIPS-PQ-2025-09', TLS12_13, fipsPq),
  policy('TLS13-1-2-Ext1-FIPS-PQ-2025-09', TLS12_13, fipsPq),
  policy('TLS13-1-2-Ext2-FIPS-PQ-2025-09', TLS12_13, fipsPq),
  policy('TLS13-1-0-FIPS-PQ-2025-09', TLS10_13, fipsPq),
  // RFC 9151 (CNSA 1.0) policies, all FIPS (2023-07): strict and INTEROP variants.
  policy('TLS13-1-3-RFC9151-FIPS-2023-07', TLS13, fips),
  policy('TLS13-1-2-RFC9151-FIPS-2023-07', TLS12_13, fips),
  policy('TLS13-1-2-Ext0-RFC9151-FIPS-2023-07', TLS12_13, fips),
  policy('TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07', TLS12_13, fips),
  policy('TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07', TLS12_13, fips),
  policy('TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07', TLS12_13, fips),
  policy('TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07', TLS12_13, fips),
  // Forward secrecy policies.
  policy('FS-1-2-Res-2020-10', TLS12),
  policy('FS-1-2-Res-2019-08', TLS12),
  policy('FS-1-2-2019-08', TLS12),
  policy('FS-1-1-2019-08', TLS11_12),
  policy('FS-2018-06', TLS10_12),
  // TLS 1.0-1.2 era policies.
  policy('TLS-1-2-Ext-2018-06', TLS12),
  policy('TLS-1-2-2017-01', TLS12),
  policy('TLS-1-1-2017-01', TLS11_12),
  // Listed in older ALB guides only; it adds the weak DES-CBC3-SHA cipher.
  policy('TLS-1-0-2015-04', TLS10_12),
  // The API default (CLI, CloudFormation, CDK) and its older twin (same protocols and ciphers).
  policy('2016-08', TLS10_12),
  policy('2015-05', TLS10_12),
];

/**
 * Security Hub control ELB.17's `sslPolicies` (not customizable): the policies the control
 * accepts as "recommended".
 */
export const FSBP_ELB17_POLICIES: readonly string[] = [
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04',
  'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09',
  'ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09',
];

const byName = new Map(PREDEFINED_SECURITY_POLICIES.map((p) => [p.name.toLowerCase(), p]));
const fsbpNames = new Set(FSBP_ELB17_POLICIES.map((name) => name.toLowerCase()));

/** The predefined policy of that name (matched case-insensitively), if AWS has one. */
export const predefinedSecurityPolicy = (name: string): PredefinedSecurityPolicy | undefined =>
  byName.get(name.trim().toLowerCase());

export const isFsbpRecommendedPolicy = (name: string): boolean =>
  fsbpNames.has(name.trim().toLowerCase());

const OUTDATED = new Map([
  ['sslv2', 'SSLv2'],
  ['sslv3', 'SSLv3'],
  ['tlsv1', 'TLS 1.0'],
  ['tlsv1.0', 'TLS 1.0'],
  ['tlsv1.1', 'TLS 1.1'],
]);

/**
 * The outdated protocols (TLS 1.1 and older) among `SslProtocols`, spelled for a reason
 * ('TLS 1.0'); accepts DescribeSSLPolicies' `TLSv1.1` and the `Protocol-TLSv1.1` form, any case.
 */
export const outdatedProtocols = (protocols: readonly string[]): string[] => [
  ...new Set(
    protocols.flatMap((p) => {
      const label = OUTDATED.get(
        p
          .trim()
          .toLowerCase()
          .replace(/^protocol-/, ''),
      );
      return label ? [label] : [];
    }),
  ),
];
