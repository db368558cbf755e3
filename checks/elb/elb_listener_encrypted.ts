import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { classicSubject, servicesBehind } from '../../lib/evaluate/elb/classic.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import { classicListenerName, classicListenersOf } from '../../lib/snapshot/classicListeners.ts';
import { listOf, upper } from '../../lib/snapshot/listeners.ts';

export const metadata: CheckMetadata = {
  id: 'elb_listener_encrypted',
  service: 'elb',
  title: 'Classic Load Balancers in front of ECS services accept only encrypted traffic',
  severity: 'HIGH',
  resourceKind: 'classicLoadBalancer',
  inputs: ['ecs.services', 'elb.loadBalancers'],
  description:
    'Checks the front-end protocol of every listener of a Classic Load Balancer that an in-scope ECS service names (loadBalancers[].loadBalancerName). HTTP listeners fail (HIGH); TCP listeners fail (MEDIUM); HTTPS and SSL listeners pass. One result per load balancer, naming every offending listener.',
  risk: 'Requests that reach the load balancer in plain text (credentials, session cookies, personal data) can be read and altered by anyone on the network path between the client and the load balancer.',
  remediation: {
    text: 'Add an HTTPS (or SSL) listener with an ACM certificate and remove the HTTP and TCP listeners (aws elb create-load-balancer-listeners, delete-load-balancer-listeners); better, move the service to an Application Load Balancer, which can redirect HTTP to HTTPS.',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-create-https-ssl-load-balancer.html',
  },
  guidance:
    'Encrypt traffic to ECS services in transit: expose them only through HTTPS or SSL listeners on the load balancer.',
  relatedRequirements: [
    'AWS FSBP ELB.3',
    'AWS Config elb-tls-https-listeners-only',
    'NIST.800-53.r5 SC-8',
    'NIST.800-53.r5 SC-8(1)',
    'NIST.800-53.r5 SC-23',
  ],
};

const results = resultsFor(metadata);

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.classicLoadBalancers ?? []).map((lb): CheckResult => {
      const { resource, extra } = classicSubject(inventory, lb);
      const name = `Classic Load Balancer ${resource.name}${servicesBehind(extra)}`;
      const listeners = classicListenersOf(lb);
      const named = (protocol: string) =>
        listeners.filter((d) => upper(d.Listener?.Protocol) === protocol).map(classicListenerName);
      const http = named('HTTP');
      const tcp = named('TCP');
      const unknown = listeners
        .filter((d) => !['HTTP', 'TCP', 'HTTPS', 'SSL'].includes(upper(d.Listener?.Protocol)))
        .map(classicListenerName);
      if (http.length || tcp.length) {
        const offending = [...http, ...tcp];
        return results.failed(
          resource,
          `${name} accepts unencrypted traffic on listener${offending.length > 1 ? 's' : ''} ${listOf(offending, 5)}.`,
          http.length ? 'HIGH' : 'MEDIUM',
          extra,
        );
      }
      if (unknown.length || !listeners.length) {
        return results.notAvailable(
          resource,
          listeners.length
            ? `${name} has listeners of unknown protocol: ${listOf(unknown, 5)}.`
            : `${name} lists no listeners, so its front-end protocols are unknown.`,
          extra,
        );
      }
      return results.passed(
        resource,
        `${name} accepts only HTTPS or SSL on its ${listeners.length} listener(s).`,
        extra,
      );
    }),
};
