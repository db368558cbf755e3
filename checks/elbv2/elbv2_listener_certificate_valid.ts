import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { listenerSubject } from '../../lib/evaluate/elbv2/subject.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import {
  certificateArnsOf,
  certificateStore,
  isTlsTerminatingListener,
  listOf,
  upper,
} from '../../lib/snapshot/listeners.ts';
import type { AcmCertificate } from '../../lib/snapshot/types.ts';

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
const DAY_MS = 24 * 60 * 60 * 1000;

/** Verdicts from worst to best: unknown beats a warning, which only a fully known listener may get. */
const RANK = ['FAILED_HIGH', 'FAILED_MEDIUM', 'NOT_AVAILABLE', 'WARNING', 'PASSED'] as const;
type Verdict = (typeof RANK)[number];

interface Finding {
  verdict: Verdict;
  /** `ARN (field value)`, for the reason. */
  detail: string;
}

const judgeAcmCertificate = (
  arn: string,
  certificate: AcmCertificate | undefined,
  now: Date,
  expiryDays: number,
): Finding => {
  if (!certificate) return { verdict: 'NOT_AVAILABLE', detail: `${arn} (not described)` };
  const status = upper(certificate.Status);
  if (status !== 'ISSUED') {
    return { verdict: 'FAILED_HIGH', detail: `${arn} (Status ${certificate.Status ?? 'absent'})` };
  }
  const notAfter = certificate.NotAfter ? Date.parse(certificate.NotAfter) : Number.NaN;
  if (Number.isNaN(notAfter)) {
    return {
      verdict: 'NOT_AVAILABLE',
      detail: `${arn} (NotAfter ${certificate.NotAfter ?? 'absent'})`,
    };
  }
  if (notAfter < now.getTime()) {
    return { verdict: 'FAILED_HIGH', detail: `${arn} (expired, NotAfter ${certificate.NotAfter})` };
  }
  if (notAfter - now.getTime() > expiryDays * DAY_MS) {
    return { verdict: 'PASSED', detail: `${arn} (NotAfter ${certificate.NotAfter})` };
  }
  const days = Math.floor((notAfter - now.getTime()) / DAY_MS);
  const imported = upper(certificate.Type) === 'IMPORTED';
  const ineligible = upper(certificate.RenewalEligibility) === 'INELIGIBLE';
  if (imported || ineligible) {
    const why = imported ? 'Type IMPORTED' : 'RenewalEligibility INELIGIBLE';
    return {
      verdict: 'FAILED_MEDIUM',
      detail: `${arn} (NotAfter ${certificate.NotAfter}, in ${days} days, ${why}: ACM will not renew it)`,
    };
  }
  return {
    verdict: 'WARNING',
    detail: `${arn} (NotAfter ${certificate.NotAfter}, in ${days} days; RenewalEligibility ${certificate.RenewalEligibility ?? 'absent'})`,
  };
};

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

      const findings: Finding[] = arns.map((arn) => {
        const store = certificateStore(arn);
        if (store === 'iam')
          return { verdict: 'WARNING', detail: `${arn} (IAM server certificate, not ACM)` };
        if (store === 'unknown')
          return { verdict: 'NOT_AVAILABLE', detail: `${arn} (not an ACM or IAM certificate ARN)` };
        return judgeAcmCertificate(
          arn,
          inventory.certificates?.get(arn),
          now,
          config.certificateExpiryDays,
        );
      });
      // Fail closed: SNI certificates that were not collected could be the invalid ones.
      if (!sni)
        findings.push({ verdict: 'NOT_AVAILABLE', detail: 'its certificate list (not collected)' });
      if (!arns.length)
        findings.push({ verdict: 'NOT_AVAILABLE', detail: 'its certificates (none listed)' });

      const worst = RANK.find((verdict) => findings.some((f) => f.verdict === verdict)) ?? 'PASSED';
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
