// The verdict on one listener certificate, ELBv2 and Classic alike: an ACM certificate by its
// status, expiry and renewal; an IAM server certificate is a warning (IAM is not called).
import { certificateStore, upper } from '../snapshot/listeners.ts';
import type { AcmCertificate } from '../snapshot/types.ts';

/** Verdicts from worst to best: unknown beats a warning, which only a fully known listener may get. */
export const CERTIFICATE_VERDICTS = [
  'FAILED_HIGH',
  'FAILED_MEDIUM',
  'NOT_AVAILABLE',
  'WARNING',
  'PASSED',
] as const;
export type CertificateVerdict = (typeof CERTIFICATE_VERDICTS)[number];

export interface CertificateFinding {
  verdict: CertificateVerdict;
  /** `ARN (field value)`, for the reason. */
  detail: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const judgeAcmCertificate = (
  arn: string,
  certificate: AcmCertificate | undefined,
  now: Date,
  expiryDays: number,
): CertificateFinding => {
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

/** The verdict on a listener certificate by its ARN (ACM: from the described certificates). */
export const judgeCertificate = (
  arn: string,
  certificates: ReadonlyMap<string, AcmCertificate> | undefined,
  now: Date,
  expiryDays: number,
): CertificateFinding => {
  const store = certificateStore(arn);
  if (store === 'iam')
    return { verdict: 'WARNING', detail: `${arn} (IAM server certificate, not ACM)` };
  if (store === 'unknown')
    return { verdict: 'NOT_AVAILABLE', detail: `${arn} (not an ACM or IAM certificate ARN)` };
  return judgeAcmCertificate(arn, certificates?.get(arn), now, expiryDays);
};

/** The worst verdict among the findings (PASSED for none). */
export const worstVerdict = (findings: readonly CertificateFinding[]): CertificateVerdict =>
  CERTIFICATE_VERDICTS.find((verdict) => findings.some((f) => f.verdict === verdict)) ?? 'PASSED';
