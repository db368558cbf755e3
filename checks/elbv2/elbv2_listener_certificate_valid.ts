import {
  type CertificateFinding,
  judgeCertificate,
  worstVerdict,
} from '../../lib/evaluate/certificates.ts';
import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { listenerSubject } from '../../lib/evaluate/elbv2/subject.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import {
  certificateArnsOf,
  isTlsTerminatingListener,
  listOf,
} from '../../lib/snapshot/listeners.ts';

export const metadata: CheckMetadata = {
  id: 'elbv2_listener_certificate_valid',
  service: 'elbv2',
  title:
    'HTTPS and TLS listeners in front of ECS services present valid, renewing ACM certificates',
  severity: 'HIGH',
  resourceKind: 'listener',
  inputs: [
    'ecs.services',
    'elbv2.targetGroups',
    'elbv2.loadBalancers',
    'elbv2.listeners',
    'elbv2.listenerCertificates',
    'acm.certificates',
  ],
  description:
    'Checks the default and SNI certificates of every HTTPS and TLS listener of a load balancer in front of an in-scope ECS service. An ACM certificate that is not ISSUED or has expired fails (HIGH); one that expires within certificateExpiryDays and that ACM will not renew (imported, or renewal-ineligible) fails (MEDIUM); one expiring soon but renewal-eligible, or an IAM server certificate, is a warning.',
  risk: 'An expired, revoked or unissued certificate breaks TLS for every client: connections fail or users learn to click through warnings, which opens the door to interception. A certificate nobody renews expires on a known date.',
  remediation: {
    text: 'Replace invalid certificates with ISSUED ACM certificates (aws elbv2 modify-listener --certificates / add-listener-certificates). Prefer ACM-issued certificates, which ACM renews; re-import imported ones before NotAfter, and move IAM server certificates to ACM.',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/https-listener-certificates.html',
  },
  guidance:
    'Use Server Name Indication with the load balancer: provision the listener certificates with AWS Certificate Manager (ACM), which renews them, and add them to the listener certificate list; self-signed certificates are acceptable.',
  relatedRequirements: [
    'AWS FSBP ACM.1',
    'AWS Config acm-certificate-expiration-check',
    'NIST.800-53.r5 SC-8',
    'NIST.800-53.r5 SC-12',
    'NIST.800-53.r5 SC-17',
  ],
};

const results = resultsFor(metadata);
export const check: Check = {
  metadata,
  evaluate: ({ inventory, config, now }) =>
    (inventory.listeners ?? []).filter(isTlsTerminatingListener).map((listener): CheckResult => {
      const { resource, extra } = listenerSubject(inventory, listener);
      const name = `Listener ${resource.name}`;
      const sni = listener.ListenerArn
        ? inventory.listenerCertificates?.[listener.ListenerArn]
        : undefined;
      const arns = certificateArnsOf(listener, sni);

      const findings: CertificateFinding[] = arns.map((arn) =>
        judgeCertificate(arn, inventory.certificates, now, config.certificateExpiryDays),
      );
      // Fail closed: SNI certificates that were not collected could be the invalid ones.
      if (!sni)
        findings.push({ verdict: 'NOT_AVAILABLE', detail: 'its certificate list (not collected)' });
      if (!arns.length)
        findings.push({ verdict: 'NOT_AVAILABLE', detail: 'its certificates (none listed)' });

      const worst = worstVerdict(findings);
      const details = listOf(
        findings.filter((f) => f.verdict === worst).map((f) => f.detail),
        2,
      );
      switch (worst) {
        case 'FAILED_HIGH':
          return results.failed(
            resource,
            `${name} presents an invalid certificate: ${details}.`,
            'HIGH',
            extra,
          );
        case 'FAILED_MEDIUM':
          return results.failed(
            resource,
            `${name} presents a certificate that expires within ${config.certificateExpiryDays} days and will not be renewed: ${details}.`,
            'MEDIUM',
            extra,
          );
        case 'NOT_AVAILABLE':
          return results.notAvailable(
            resource,
            `${name} cannot be judged: unknown state of ${details}.`,
            extra,
          );
        case 'WARNING':
          return results.warning(
            resource,
            `${name} presents a certificate to watch: ${details}.`,
            'LOW',
            extra,
          );
        default:
          return results.passed(
            resource,
            `${name} presents ${arns.length} ISSUED ACM certificate(s), none expiring within ${config.certificateExpiryDays} days.`,
            extra,
          );
      }
    }),
};
