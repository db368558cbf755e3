import {
  type CertificateFinding,
  judgeCertificate,
  worstVerdict,
} from '../../lib/evaluate/certificates.ts';
import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { classicSubject, servicesBehind } from '../../lib/evaluate/elb/classic.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import {
  classicListenerName,
  classicListenersOf,
  isClassicTlsProtocol,
} from '../../lib/snapshot/classicListeners.ts';
import { listOf } from '../../lib/snapshot/listeners.ts';

export const metadata: CheckMetadata = {
  id: 'elb_listener_certificate_valid',
  service: 'elb',
  title:
    'HTTPS and SSL listeners of Classic Load Balancers in front of ECS services present valid, renewing ACM certificates',
  severity: 'HIGH',
  resourceKind: 'classicLoadBalancer',
  inputs: ['ecs.services', 'elb.loadBalancers', 'acm.certificates'],
  description:
    'Checks the certificate (SSLCertificateId) of every HTTPS and SSL listener of a Classic Load Balancer that an in-scope ECS service names, as elbv2_listener_certificate_valid does: an ACM certificate that is not ISSUED or has expired fails (HIGH); one that expires within certificateExpiryDays and that ACM will not renew fails (MEDIUM); one expiring soon but renewal-eligible, or an IAM server certificate, is a warning. Load balancers without HTTPS or SSL listeners get no result.',
  risk: 'An expired, revoked or unissued certificate breaks TLS for every client: connections fail or users learn to click through warnings, which opens the door to interception. A certificate nobody renews expires on a known date.',
  remediation: {
    text: 'Replace invalid certificates with ISSUED ACM certificates (aws elb set-load-balancer-listener-ssl-certificate --ssl-certificate-id ACM_ARN); move IAM server certificates to ACM, which renews the certificates it issues.',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-update-ssl-cert.html',
  },
  guidance:
    'Provision the listener certificates with AWS Certificate Manager (ACM), which renews them.',
  relatedRequirements: [
    'AWS FSBP ELB.2',
    'AWS Config elb-acm-certificate-required',
    'NIST.800-53.r5 SC-8',
    'NIST.800-53.r5 SC-12',
    'NIST.800-53.r5 SC-17',
  ],
};

const results = resultsFor(metadata);

export const check: Check = {
  metadata,
  evaluate: ({ inventory, config, now }) =>
    (inventory.classicLoadBalancers ?? []).flatMap((lb): CheckResult[] => {
      const tls = classicListenersOf(lb).filter((d) => isClassicTlsProtocol(d.Listener?.Protocol));
      if (!tls.length) return [];
      const { resource, extra } = classicSubject(inventory, lb);
      const name = `Classic Load Balancer ${resource.name}${servicesBehind(extra)}`;
      const findings: CertificateFinding[] = tls.map((description) => {
        const listener = classicListenerName(description);
        const arn = description.Listener?.SSLCertificateId?.trim();
        if (!arn) return { verdict: 'NOT_AVAILABLE', detail: `${listener} (no SSLCertificateId)` };
        const finding = judgeCertificate(
          arn,
          inventory.certificates,
          now,
          config.certificateExpiryDays,
        );
        return { ...finding, detail: `${listener}: ${finding.detail}` };
      });
      const worst = worstVerdict(findings);
      const details = listOf(
        findings.filter((f) => f.verdict === worst).map((f) => f.detail),
        3,
      );
      switch (worst) {
        case 'FAILED_HIGH':
          return [
            results.failed(
              resource,
              `${name} presents an invalid certificate on ${details}.`,
              'HIGH',
              extra,
            ),
          ];
        case 'FAILED_MEDIUM':
          return [
            results.failed(
              resource,
              `${name} presents a certificate that expires within ${config.certificateExpiryDays} days and will not be renewed on ${details}.`,
              'MEDIUM',
              extra,
            ),
          ];
        case 'NOT_AVAILABLE':
          return [
            results.notAvailable(
              resource,
              `${name} cannot be judged: unknown certificate state on ${details}.`,
              extra,
            ),
          ];
        case 'WARNING':
          return [
            results.warning(
              resource,
              `${name} presents a certificate to watch on ${details}.`,
              'LOW',
              extra,
            ),
          ];
        default:
          return [
            results.passed(
              resource,
              `${name} presents ISSUED ACM certificates, none expiring within ${config.certificateExpiryDays} days, on ${listOf(tls.map(classicListenerName), 5)}.`,
              extra,
            ),
          ];
      }
    }),
};
