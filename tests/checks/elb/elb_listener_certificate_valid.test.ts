import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/elb/elb_listener_certificate_valid.ts';
import type { AcmCertificate } from '../../../lib/snapshot/types.ts';
import { classicAccount, classicListener } from '../../support/classicElb.ts';
import { ACCOUNT, arn, runCheck } from '../../support/evaluate.ts';

const CERT = arn.certificate('c1');
const IAM_CERT = `arn:aws:iam::${ACCOUNT}:server-certificate/legacy`;
const https = (certificate?: string) => classicListener('HTTPS', 443, { certificate });
const acm = (fields: Partial<AcmCertificate>): AcmCertificate => ({
  CertificateArn: CERT,
  Status: 'ISSUED',
  Type: 'AMAZON_ISSUED',
  NotAfter: '2027-11-28T12:00:00.000Z',
  RenewalEligibility: 'ELIGIBLE',
  ...fields,
});

const cases: [string, string | undefined, AcmCertificate[], string, string, string][] = [
  [
    'passes an ISSUED ACM certificate far from expiry',
    CERT,
    [acm({})],
    'PASSED',
    'INFORMATIONAL',
    'ISSUED ACM',
  ],
  [
    'fails an expired certificate HIGH',
    CERT,
    [acm({ NotAfter: '2026-01-01T00:00:00.000Z' })],
    'FAILED',
    'HIGH',
    'expired',
  ],
  [
    'fails a revoked certificate HIGH',
    CERT,
    [acm({ Status: 'REVOKED' })],
    'FAILED',
    'HIGH',
    'Status REVOKED',
  ],
  [
    'fails an imported certificate expiring soon MEDIUM',
    CERT,
    [acm({ Type: 'IMPORTED', NotAfter: '2026-12-10T00:00:00.000Z' })],
    'FAILED',
    'MEDIUM',
    'Type IMPORTED',
  ],
  [
    'warns about a renewal-eligible certificate expiring soon',
    CERT,
    [acm({ NotAfter: '2026-12-10T00:00:00.000Z' })],
    'WARNING',
    'LOW',
    'RenewalEligibility ELIGIBLE',
  ],
  [
    'warns about an IAM server certificate, without calling IAM',
    IAM_CERT,
    [],
    'WARNING',
    'LOW',
    'IAM server certificate',
  ],
  [
    'is not available for an ACM certificate that was not described',
    CERT,
    [],
    'NOT_AVAILABLE',
    'INFORMATIONAL',
    'not described',
  ],
  [
    'is not available for a listener without SSLCertificateId',
    undefined,
    [],
    'NOT_AVAILABLE',
    'INFORMATIONAL',
    'no SSLCertificateId',
  ],
];

describe('elb_listener_certificate_valid', () => {
  it.each(cases)('%s', async (_name, certificate, certificates, status, severity, reason) => {
    // Prepare
    const data = classicAccount([https(certificate)], { certificates });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status, severity });
    expect(results[0]?.reason).toContain('HTTPS:443');
    expect(results[0]?.reason).toContain(reason);
  });
});
