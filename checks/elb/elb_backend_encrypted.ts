import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { classicSubject, servicesBehind } from '../../lib/evaluate/elb/classic.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import { classicListenersOf } from '../../lib/snapshot/classicListeners.ts';
import { listOf, upper } from '../../lib/snapshot/listeners.ts';

export const metadata: CheckMetadata = {
  id: 'elb_backend_encrypted',
  service: 'elb',
  title: 'Classic Load Balancers in front of ECS services encrypt traffic to their instances',
  severity: 'MEDIUM',
  resourceKind: 'classicLoadBalancer',
  inputs: ['ecs.services', 'elb.loadBalancers'],
  description:
    'Checks the back-end protocol (InstanceProtocol) of every listener of a Classic Load Balancer that an in-scope ECS service names. A listener that forwards over HTTP or TCP fails (MEDIUM): TLS ends at the load balancer. HTTPS and SSL pass.',
  risk: 'Between the load balancer and the container instances, requests and responses travel in plain text: anyone who can observe the VPC path can read or alter them.',
  remediation: {
    text: "Set each listener's InstanceProtocol to HTTPS (front end HTTPS) or SSL (front end SSL) and serve TLS in the container, or move the service to an Application Load Balancer with HTTPS target groups.",
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-listener-config.html',
  },
  guidance:
    'Encrypt traffic to ECS services in transit end to end: the load balancer re-encrypts toward the tasks.',
  relatedRequirements: ['NIST.800-53.r5 SC-8', 'NIST.800-53.r5 SC-8(1)'],
};

const results = resultsFor(metadata);

const backend = (d: {
  Listener?: {
    Protocol?: string;
    LoadBalancerPort?: number;
    InstanceProtocol?: string;
    InstancePort?: number;
  };
}) =>
  `${d.Listener?.Protocol ?? '?'}:${d.Listener?.LoadBalancerPort ?? '?'} → ${d.Listener?.InstanceProtocol ?? '?'}:${d.Listener?.InstancePort ?? '?'}`;

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.classicLoadBalancers ?? []).map((lb): CheckResult => {
      const { resource, extra } = classicSubject(inventory, lb);
      const name = `Classic Load Balancer ${resource.name}${servicesBehind(extra)}`;
      const listeners = classicListenersOf(lb);
      const plain = listeners
        .filter((d) => ['HTTP', 'TCP'].includes(upper(d.Listener?.InstanceProtocol)))
        .map(backend);
      if (plain.length) {
        return results.failed(
          resource,
          `${name} forwards unencrypted to its instances on ${listOf(plain, 5)}.`,
          'MEDIUM',
          extra,
        );
      }
      const unknown = listeners
        .filter((d) => !['HTTPS', 'SSL'].includes(upper(d.Listener?.InstanceProtocol)))
        .map(backend);
      if (unknown.length || !listeners.length) {
        return results.notAvailable(
          resource,
          listeners.length
            ? `${name} has listeners of unknown InstanceProtocol: ${listOf(unknown, 5)}.`
            : `${name} lists no listeners, so its back-end protocols are unknown.`,
          extra,
        );
      }
      return results.passed(
        resource,
        `${name} forwards over HTTPS or SSL on its ${listeners.length} listener(s).`,
        extra,
      );
    }),
};
