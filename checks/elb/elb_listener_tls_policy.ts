import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import {
  classicSubject,
  negotiationProtocols,
  servicesBehind,
} from '../../lib/evaluate/elb/classic.ts';
import { outdatedProtocols } from '../../lib/evaluate/elbv2/securityPolicies.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import {
  classicListenerName,
  classicListenersOf,
  isClassicTlsProtocol,
} from '../../lib/snapshot/classicListeners.ts';
import { listOf } from '../../lib/snapshot/listeners.ts';

export const metadata: CheckMetadata = {
  id: 'elb_listener_tls_policy',
  service: 'elb',
  title:
    'HTTPS and SSL listeners of Classic Load Balancers in front of ECS services negotiate neither SSLv3 nor TLS 1.0 or 1.1',
  severity: 'MEDIUM',
  resourceKind: 'classicLoadBalancer',
  inputs: ['ecs.services', 'elb.loadBalancers', 'elb.policies'],
  description:
    "Checks the SSL negotiation policy of every HTTPS and SSL listener of a Classic Load Balancer that an in-scope ECS service names. A policy that enables SSLv3, TLS 1.0 or TLS 1.1 fails (MEDIUM). Protocols come from the policy's Protocol-* attributes (DescribeLoadBalancerPolicies), else from AWS's table of predefined Classic policies for the one it is or its Reference-Security-Policy names. Load balancers without HTTPS or SSL listeners get no result.",
  risk: 'SSLv3, TLS 1.0 and TLS 1.1 lack modern cipher suites and are open to downgrade and padding-oracle attacks; a client that negotiates them gets weaker confidentiality and integrity than the listener could offer.',
  remediation: {
    text: 'Apply ELBSecurityPolicy-TLS-1-2-2017-01 to the listener: aws elb create-load-balancer-policy --policy-type-name SSLNegotiationPolicyType --policy-attributes AttributeName=Reference-Security-Policy,AttributeValue=ELBSecurityPolicy-TLS-1-2-2017-01, then set-load-balancer-policies-of-listener.',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html',
  },
  guidance:
    'Encrypt traffic to ECS services in transit with current TLS versions (TLS 1.2 or later) on the load balancer listeners.',
  relatedRequirements: [
    'AWS FSBP ELB.8',
    'AWS Config elb-predefined-security-policy-ssl-check',
    'NIST.800-53.r5 SC-8',
    'NIST.800-53.r5 SC-8(1)',
    'NIST.800-53.r5 SC-13',
  ],
};

const results = resultsFor(metadata);

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.classicLoadBalancers ?? []).flatMap((lb): CheckResult[] => {
      const tls = classicListenersOf(lb).filter((d) => isClassicTlsProtocol(d.Listener?.Protocol));
      if (!tls.length) return [];
      const { resource, extra } = classicSubject(inventory, lb);
      const name = `Classic Load Balancer ${resource.name}${servicesBehind(extra)}`;
      const policies = inventory.classicPolicies?.[lb.LoadBalancerName ?? ''];
      const outdated: string[] = [];
      const unknown: string[] = [];
      const good: string[] = [];
      for (const description of tls) {
        const listener = classicListenerName(description);
        const reading = negotiationProtocols(description, policies);
        if (!reading.known) {
          unknown.push(`${listener} (${reading.why})`);
          continue;
        }
        const old = outdatedProtocols(reading.protocols);
        if (old.length) {
          outdated.push(`${listener} (policy ${reading.policyName} enables ${old.join(' and ')})`);
        } else good.push(`${listener} (policy ${reading.policyName})`);
      }
      if (outdated.length) {
        return [
          results.failed(
            resource,
            `${name} negotiates outdated protocols on ${listOf(outdated, 5)}.`,
            'MEDIUM',
            extra,
          ),
        ];
      }
      if (unknown.length) {
        return [
          results.notAvailable(
            resource,
            `${name} cannot be judged: unknown TLS versions on ${listOf(unknown, 5)}.`,
            extra,
          ),
        ];
      }
      return [
        results.passed(
          resource,
          `${name} negotiates only TLS 1.2 or later on ${listOf(good, 5)}.`,
          extra,
        ),
      ];
    }),
};
