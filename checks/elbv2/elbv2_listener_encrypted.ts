import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { listenerSubject } from '../../lib/evaluate/elbv2/subject.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import { ruleName, upper } from '../../lib/snapshot/listeners.ts';
import type { ElbListener, ElbRule } from '../../lib/snapshot/types.ts';

export const metadata: CheckMetadata = {
  id: 'elbv2_listener_encrypted',
  service: 'elbv2',
  title: 'Load balancer listeners in front of ECS services accept only encrypted traffic',
  severity: 'HIGH',
  resourceKind: 'listener',
  inputs: [
    'ecs.services',
    'elbv2.targetGroups',
    'elbv2.loadBalancers',
    'elbv2.listeners',
    'elbv2.rules',
  ],
  description:
    'Checks that every listener of a load balancer in front of an in-scope ECS service uses HTTPS, TLS or QUIC, or, for HTTP, that its default action and every rule redirect to HTTPS or return a fixed response. HTTP listeners that forward requests fail (HIGH); TCP, UDP, TCP_UDP and TCP_QUIC listeners fail (MEDIUM). Gateway Load Balancer (GENEVE) listeners are not judged.',
  risk: 'Requests that reach the load balancer in plain text (credentials, session cookies, personal data) can be read and altered by anyone on the network path between the client and the load balancer.',
  remediation: {
    text: 'Serve clients over an HTTPS listener (ALB) or a TLS listener (NLB) with an ACM certificate. Keep port 80 only to redirect to HTTPS: set its default action and rules to redirect with Protocol HTTPS (aws elbv2 modify-listener --default-actions Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}).',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html',
  },
  guidance:
    'Encrypt traffic to ECS services in transit: expose them through HTTPS or TLS listeners on the load balancer (SNI with ACM certificates) and redirect plain HTTP to HTTPS.',
  relatedRequirements: [
    'AWS FSBP ELB.1',
    'AWS FSBP ELB.18',
    'AWS Config alb-http-to-https-redirection-check',
    'AWS Config elbv2-listener-encryption-in-transit',
    'NIST.800-53.r5 SC-8',
    'NIST.800-53.r5 SC-8(1)',
    'NIST.800-53.r5 SC-23',
  ],
};

const results = resultsFor(metadata);

type Route = 'forward' | 'redirect-https' | 'redirect-http' | 'fixed-response' | 'unknown';
type Actions = ElbListener['DefaultActions'];

/**
 * Where an action list sends a request on an HTTP listener. Each list ends in exactly one routing
 * action (forward, redirect or fixed-response); authenticate-* and jwt-validation run before it.
 * A redirect's Protocol defaults to `#{protocol}`, which keeps the request's own protocol: on an
 * HTTP listener that is HTTP, not an upgrade.
 */
const routeOf = (actions: Actions): Route => {
  const types = (actions ?? []).map((a) => a.Type?.trim().toLowerCase());
  if (types.includes('forward')) return 'forward';
  const redirect = actions?.find((a) => a.Type?.trim().toLowerCase() === 'redirect');
  if (redirect) {
    if (!redirect.RedirectConfig) return 'unknown';
    const protocol = upper(redirect.RedirectConfig.Protocol ?? '#{protocol}');
    if (protocol === 'HTTPS') return 'redirect-https';
    return protocol === 'HTTP' || protocol === '#{PROTOCOL}' ? 'redirect-http' : 'unknown';
  }
  return types.includes('fixed-response') ? 'fixed-response' : 'unknown';
};

const PLAIN_TCP_PROTOCOLS = ['TCP', 'UDP', 'TCP_UDP', 'TCP_QUIC'];

const judgeHttpListener = (
  listener: ElbListener,
  rules: readonly ElbRule[] | undefined,
  subject: ReturnType<typeof listenerSubject>,
): CheckResult => {
  const { resource, extra } = subject;
  const name = `Listener ${resource.name}`;
  const routes = [
    { where: 'the default action', route: routeOf(listener.DefaultActions) },
    ...(rules ?? [])
      .filter((rule) => !rule.IsDefault)
      .map((rule) => ({ where: ruleName(rule), route: routeOf(rule.Actions) })),
  ];
  const where = (route: Route) => routes.filter((r) => r.route === route).map((r) => r.where);

  const forwarding = where('forward');
  if (forwarding.length) {
    return results.failed(
      resource,
      `${name} forwards plain-text HTTP requests to targets (action forward in ${forwarding.join(', ')}) instead of redirecting to HTTPS.`,
      'HIGH',
      extra,
    );
  }
  const plainRedirects = where('redirect-http');
  if (plainRedirects.length) {
    // Nothing reaches the targets here, but clients are kept on plain HTTP instead of upgraded.
    return results.failed(
      resource,
      `${name} redirects to plain HTTP rather than HTTPS (RedirectConfig.Protocol HTTP or #{protocol} in ${plainRedirects.join(', ')})${rules ? '' : '; its rules were not collected'}.`,
      'MEDIUM',
      extra,
    );
  }
  if (!rules) {
    return results.notAvailable(
      resource,
      `${name} ${routes[0]?.route === 'unknown' ? 'has a default action of unknown destination' : 'redirects to HTTPS or answers by default'}, but its rules were not collected, so whether any rule forwards plain HTTP is unknown.`,
      extra,
    );
  }
  const unknown = where('unknown');
  if (unknown.length) {
    return results.notAvailable(
      resource,
      `${name} has actions whose destination is unknown (no routing action or RedirectConfig in ${unknown.join(', ')}).`,
      extra,
    );
  }
  return results.passed(
    resource,
    `${name} only redirects to HTTPS or returns fixed responses (default action and ${routes.length - 1} rule(s)).`,
    extra,
  );
};

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.listeners ?? []).flatMap((listener): CheckResult[] => {
      const protocol = upper(listener.Protocol);
      // Gateway Load Balancers pass packets to inspection appliances inside GENEVE tunnels: they
      // cannot terminate TLS, and ECS services cannot register with their target groups.
      if (protocol === 'GENEVE') return [];
      const subject = listenerSubject(inventory, listener);
      const { resource, extra } = subject;
      const name = `Listener ${resource.name}`;

      if (protocol === 'HTTPS' || protocol === 'TLS') {
        return [results.passed(resource, `${name} terminates TLS (Protocol ${protocol}).`, extra)];
      }
      if (protocol === 'QUIC') {
        // QUIC always runs TLS 1.3; the NLB passes it through to the targets.
        return [
          results.passed(
            resource,
            `${name} passes QUIC (always TLS 1.3) through to its targets.`,
            extra,
          ),
        ];
      }
      if (PLAIN_TCP_PROTOCOLS.includes(protocol)) {
        return [
          results.failed(
            resource,
            `${name} accepts unencrypted ${protocol} traffic (Protocol ${protocol}); the load balancer does not terminate TLS.`,
            'MEDIUM',
            extra,
          ),
        ];
      }
      if (protocol === 'HTTP') {
        const rules = listener.ListenerArn ? inventory.rules?.[listener.ListenerArn] : undefined;
        return [judgeHttpListener(listener, rules, subject)];
      }
      return [
        results.notAvailable(
          resource,
          `${name} has ${listener.Protocol ? `an unrecognized Protocol ${listener.Protocol}` : 'no Protocol'}, so its encryption is unknown.`,
          extra,
        ),
      ];
    }),
};
