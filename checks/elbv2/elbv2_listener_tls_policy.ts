import type { TlsPolicyProfile } from '../../lib/config.ts';
import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import {
  isFsbpRecommendedPolicy,
  outdatedProtocols,
  predefinedSecurityPolicy,
} from '../../lib/evaluate/elbv2/securityPolicies.ts';
import { listenerSubject } from '../../lib/evaluate/elbv2/subject.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import { isTlsTerminatingListener } from '../../lib/snapshot/listeners.ts';

export const metadata: CheckMetadata = {
  id: 'elbv2_listener_tls_policy',
  service: 'elbv2',
  title:
    'HTTPS and TLS listeners in front of ECS services use a security policy without TLS 1.0 or 1.1',
  severity: 'MEDIUM',
  resourceKind: 'listener',
  inputs: [
    'ecs.services',
    'elbv2.targetGroups',
    'elbv2.loadBalancers',
    'elbv2.listeners',
    'elbv2.sslPolicies',
  ],
  description:
    "Checks the security policy (SslPolicy) of every HTTPS and TLS listener of a load balancer in front of an in-scope ECS service. With the default profile (tls12) a policy that allows TLS 1.0 or 1.1 fails; profile fsbp accepts only Security Hub ELB.17's recommended policies, pq only hybrid post-quantum policies, fips only FIPS policies. Protocols come from DescribeSSLPolicies data, else from a built-in table of AWS's predefined policies.",
  risk: 'TLS 1.0 and 1.1 lack modern cipher suites and are open to downgrade and padding-oracle attacks; a client that negotiates them gets weaker confidentiality and integrity than the listener could offer.',
  remediation: {
    text: 'Switch the listener to a TLS 1.2+ policy, e.g. ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 (or ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09 where FIPS is required): aws elbv2 modify-listener --listener-arn ARN --ssl-policy POLICY.',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html',
  },
  guidance:
    'Encrypt traffic to ECS services in transit with TLS on the load balancer listeners, using current TLS versions (TLS 1.2 or later) and strong cipher suites.',
  relatedRequirements: [
    'AWS FSBP ELB.17',
    'AWS Config elbv2-predefined-security-policy-ssl-check',
    'NIST.800-53.r5 SC-8',
    'NIST.800-53.r5 SC-8(1)',
    'NIST.800-53.r5 SC-13',
  ],
};

const results = resultsFor(metadata);

const PROFILE_NAMES: Record<Exclude<TlsPolicyProfile, 'tls12'>, string> = {
  fsbp: 'a Security Hub ELB.17 recommended policy',
  pq: 'a hybrid post-quantum policy',
  fips: 'a FIPS policy',
};

export const check: Check = {
  metadata,
  evaluate: ({ inventory, config }) =>
    (inventory.listeners ?? []).filter(isTlsTerminatingListener).map((listener): CheckResult => {
      const { resource, extra } = listenerSubject(inventory, listener);
      const name = `Listener ${resource.name}`;
      const policyName = listener.SslPolicy?.trim();
      if (!policyName) {
        return results.notAvailable(
          resource,
          `${name} has no SslPolicy field, so its TLS versions are unknown.`,
          extra,
        );
      }
      const profile = config.tlsPolicyProfile;
      const described = inventory.sslPolicies?.get(policyName);
      const predefined = predefinedSecurityPolicy(policyName);
      const protocols = described?.SslProtocols?.length
        ? described.SslProtocols
        : predefined?.protocols;

      // ELB.17 is a list of names: the name alone decides, whatever else is known.
      if (profile === 'fsbp' && !isFsbpRecommendedPolicy(policyName)) {
        return results.failed(
          resource,
          `${name} uses SslPolicy ${policyName}, which is not ${PROFILE_NAMES.fsbp} (tlsPolicyProfile fsbp).`,
          'MEDIUM',
          extra,
        );
      }
      if (!protocols) {
        return results.notAvailable(
          resource,
          `${name} uses SslPolicy ${policyName}, which is not a known predefined policy and was not described, so its TLS versions are unknown.`,
          extra,
        );
      }
      const outdated = outdatedProtocols(protocols);
      if (outdated.length) {
        return results.failed(
          resource,
          `${name} uses SslPolicy ${policyName}, which allows ${outdated.join(' and ')}.`,
          'MEDIUM',
          extra,
        );
      }
      if (profile === 'pq' || profile === 'fips') {
        if (!predefined) {
          return results.notAvailable(
            resource,
            `${name} uses SslPolicy ${policyName}, which is not a known predefined policy, so whether it is ${PROFILE_NAMES[profile]} is unknown.`,
            extra,
          );
        }
        const meets = profile === 'pq' ? predefined.postQuantum : predefined.fips;
        if (!meets) {
          return results.failed(
            resource,
            `${name} uses SslPolicy ${policyName}, which is not ${PROFILE_NAMES[profile]} (tlsPolicyProfile ${profile}).`,
            'MEDIUM',
            extra,
          );
        }
      }
      return results.passed(
        resource,
        `${name} uses SslPolicy ${policyName}, which allows only ${protocols.join(', ')}.`,
        extra,
      );
    }),
};
