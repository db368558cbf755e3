import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { uncoveredHosts } from '../../lib/evaluate/elbv2/hostCoverage.ts';
import { listenerSubject } from '../../lib/evaluate/elbv2/subject.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import {
  certificateArnsOf,
  certificateStore,
  hostHeadersOf,
  isTlsTerminatingListener,
  listOf,
} from '../../lib/snapshot/listeners.ts';

export const metadata: CheckMetadata = {
  id: 'elbv2_listener_sni_certificates_cover_hosts',
  service: 'elbv2',
  title: 'Listener certificates cover every host name that the listener rules route',
  severity: 'MEDIUM',
  resourceKind: 'listener',
  inputs: [
    'ecs.services',
    'elbv2.targetGroups',
    'elbv2.loadBalancers',
    'elbv2.listeners',
    'elbv2.rules',
    'elbv2.listenerCertificates',
    'acm.certificates',
  ],
  description:
    'Checks that every host name in the host-header conditions of the rules of an HTTPS or TLS listener in front of an in-scope ECS service is covered by the DomainName or a SubjectAlternativeName of the listener default or SNI certificates. Rule patterns may use * and ?; a certificate wildcard covers exactly one DNS label. The uncovered hosts are listed.',
  risk: 'Clients that reach a host the certificates do not name get a certificate mismatch: browsers block them or users learn to click through warnings, and non-browser clients that skip verification become open to interception.',
  remediation: {
    text: 'Add an ACM certificate whose domain name or subject alternative names cover the host to the listener certificate list (aws elbv2 add-listener-certificates --listener-arn ARN --certificates CertificateArn=CERT), or remove the host from the rule.',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-certificates.html',
  },
  guidance:
    'Use Server Name Indication (SNI) with the load balancer to host several secure applications behind one listener, each with its own certificate in the listener certificate list.',
  relatedRequirements: ['NIST.800-53.r5 SC-8', 'NIST.800-53.r5 SC-17', 'NIST.800-53.r5 SC-23'],
};

const results = resultsFor(metadata);

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.listeners ?? [])
      .filter(isTlsTerminatingListener)
      .flatMap((listener): CheckResult[] => {
        const { resource, extra } = listenerSubject(inventory, listener);
        const name = `Listener ${resource.name}`;
        const arn = listener.ListenerArn ?? '';
        const rules = inventory.rules?.[arn];
        if (!rules) {
          return [
            results.notAvailable(
              resource,
              `${name} cannot be judged: its rules (host-header conditions) were not collected.`,
              extra,
            ),
          ];
        }
        const headers = rules.map(hostHeadersOf);
        const hosts = [...new Set(headers.flatMap((h) => h.values))];
        const regexValues = headers.flatMap((h) => h.regexValues);
        // No host-header condition: the certificates serve whatever host the clients ask for.
        if (!hosts.length && !regexValues.length) return [];

        const sni = inventory.listenerCertificates?.[arn];
        if (!sni) {
          return [
            results.notAvailable(
              resource,
              `${name} cannot be judged: its certificate list (SNI certificates) was not collected.`,
              extra,
            ),
          ];
        }
        const certificateArns = certificateArnsOf(listener, sni);
        const known = certificateArns.flatMap((certArn) => {
          const certificate =
            certificateStore(certArn) === 'acm' ? inventory.certificates?.get(certArn) : undefined;
          return certificate ? [certificate] : [];
        });
        const unknown = certificateArns.filter(
          (certArn) => !known.some((c) => c.CertificateArn === certArn),
        );
        const names = known
          .flatMap((c) => [c.DomainName ?? '', ...(c.SubjectAlternativeNames ?? [])])
          .filter(Boolean);
        const uncovered = uncoveredHosts(hosts, names);

        // An uncovered host fails only when every certificate's names are known: an unknown one may cover it.
        if (uncovered.length && !unknown.length) {
          return [
            results.failed(
              resource,
              `${name} routes host names that none of its ${certificateArns.length} certificate(s) covers: ${listOf(uncovered, 5)}.`,
              'MEDIUM',
              extra,
            ),
          ];
        }
        if (uncovered.length) {
          return [
            results.notAvailable(
              resource,
              `${name} cannot be judged: host names ${listOf(uncovered, 3)} are not covered by the known certificates, and the names of ${listOf(unknown, 2)} are unknown (not a described ACM certificate).`,
              extra,
            ),
          ];
        }
        if (regexValues.length) {
          return [
            results.notAvailable(
              resource,
              `${name} cannot be judged: its rules match hosts by regular expression (HostHeaderConfig.RegexValues ${listOf(regexValues, 2)}).`,
              extra,
            ),
          ];
        }
        return [
          results.passed(
            resource,
            `${name} has certificates covering all ${hosts.length} host name(s) of its rules.`,
            extra,
          ),
        ];
      }),
};
