// Facts about ELBv2 listeners and rules read by the collectors and the checks alike: protocols,
// certificates, host-header values.
import type { ElbCertificate, ElbListener, ElbRule } from './types.ts';

/** AWS enum values arrive in any case; compare them upper-cased. */
export const upper = (value: string | undefined): string => (value ?? '').trim().toUpperCase();

/** Listeners that terminate TLS at the load balancer: they have a certificate and a policy. */
export const isTlsTerminatingListener = (listener: ElbListener): boolean =>
  ['HTTPS', 'TLS'].includes(upper(listener.Protocol));

/** The client certificate handling of an ALB HTTPS listener (`off` when it says none). */
export const mutualTlsModeOf = (listener: ElbListener): string =>
  (listener.MutualAuthentication?.Mode ?? 'off').trim().toLowerCase();

/** The trust store a listener verifies client certificates against (mode `verify` only). */
export const verifyingTrustStoreArn = (listener: ElbListener): string | undefined =>
  mutualTlsModeOf(listener) === 'verify'
    ? listener.MutualAuthentication?.TrustStoreArn?.trim() || undefined
    : undefined;

export type CertificateStore = 'acm' | 'iam' | 'unknown';

/** Where a listener certificate lives, from its ARN (`…:acm:…:certificate/…` or `…:iam::…:server-certificate/…`). */
export const certificateStore = (certificateArn: string): CertificateStore => {
  const [prefix, , service = '', , , resource = ''] = certificateArn.split(':');
  if (prefix !== 'arn') return 'unknown';
  if (service === 'acm' && resource.startsWith('certificate/')) return 'acm';
  if (service === 'iam' && resource.startsWith('server-certificate/')) return 'iam';
  return 'unknown';
};

/**
 * The listener's certificate ARNs: its default certificate (DescribeListeners) and its
 * certificate list (DescribeListenerCertificates, which repeats the default), de-duplicated.
 */
export const certificateArnsOf = (
  listener: ElbListener,
  listenerCertificates: readonly ElbCertificate[] | undefined,
): string[] => [
  ...new Set(
    [...(listener.Certificates ?? []), ...(listenerCertificates ?? [])]
      .map((c) => c.CertificateArn ?? '')
      .filter(Boolean),
  ),
];

/** A rule's name for a reason: `default rule` or `rule 10` (its priority). */
export const ruleName = (rule: ElbRule): string =>
  rule.IsDefault || upper(rule.Priority) === 'DEFAULT'
    ? 'default rule'
    : `rule ${rule.Priority ?? rule.RuleArn?.split('/').pop() ?? '?'}`;

/** The host-header conditions of a rule: wildcard values (`HostHeaderConfig.Values` or the legacy `Values`) and regex values. */
export const hostHeadersOf = (rule: ElbRule): { values: string[]; regexValues: string[] } => {
  const conditions = (rule.Conditions ?? []).filter(
    (c) => c.Field?.trim().toLowerCase() === 'host-header',
  );
  return {
    values: [
      ...new Set(
        conditions.flatMap((c) => [...(c.HostHeaderConfig?.Values ?? []), ...(c.Values ?? [])]),
      ),
    ],
    regexValues: conditions.flatMap((c) => c.HostHeaderConfig?.RegexValues ?? []),
  };
};

/** `a, b and 3 more`: a bounded list for a one-sentence reason. */
export const listOf = (items: readonly string[], max = 3): string =>
  items.length <= max
    ? items.join(', ')
    : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
