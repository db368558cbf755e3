import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/elbv2/elbv2_listener_certificate_valid.ts';
import type { AcmCertificate, ElbCertificate } from '../../../lib/snapshot/types.ts';
import {
  acmCertificate,
  elbAccount,
  httpsListener,
  LB_ARN,
  listener,
  listenerArn,
} from '../../support/elb.ts';
import { ACCOUNT, arn, runCheck } from '../../support/evaluate.ts';

// NOW is 2026-11-28T12:00Z.
const IN_10_DAYS = '2026-12-08T12:00:00.000Z';
const IN_45_DAYS = '2027-01-12T12:00:00.000Z';
const YESTERDAY = '2026-11-27T12:00:00.000Z';
const IAM_CERT = `arn:aws:iam::${ACCOUNT}:server-certificate/elb-legacy`;

const valid = acmCertificate('default');
const sniValid = acmCertificate('sni', { DomainName: 'api.example.com' });
const sniList = (...ids: string[]): ElbCertificate[] => [
  { CertificateArn: arn.certificate('default'), IsDefault: true },
  ...ids.map((id) => ({
    CertificateArn: id.startsWith('arn:') ? id : arn.certificate(id),
    IsDefault: false,
  })),
];

/** One HTTPS listener with default certificate `default` and the given SNI list (null: not collected). */
const accountWith = (
  certificates: AcmCertificate[] | undefined,
  sni: ElbCertificate[] | null = sniList(),
) =>
  elbAccount(
    {
      listeners: [httpsListener('https')],
      listenerCertificates: sni ? { [listenerArn('https')]: sni } : {},
    },
    certificates,
  );

const cases: [string, AcmCertificate[] | undefined, ElbCertificate[] | null, string, string][] = [
  [
    'passes an ISSUED ACM certificate valid beyond the window',
    [valid],
    sniList(),
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'passes an ISSUED certificate with lower-case status',
    [acmCertificate('default', { Status: 'issued' })],
    sniList(),
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'passes valid default and SNI certificates',
    [valid, sniValid],
    sniList('sni'),
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'fails an EXPIRED certificate',
    [acmCertificate('default', { Status: 'EXPIRED', NotAfter: YESTERDAY })],
    sniList(),
    'FAILED',
    'HIGH',
  ],
  [
    'fails a REVOKED certificate',
    [acmCertificate('default', { Status: 'REVOKED' })],
    sniList(),
    'FAILED',
    'HIGH',
  ],
  [
    'fails a certificate pending validation',
    [acmCertificate('default', { Status: 'pending_validation' })],
    sniList(),
    'FAILED',
    'HIGH',
  ],
  [
    'fails an ISSUED certificate whose NotAfter has passed',
    [acmCertificate('default', { NotAfter: YESTERDAY })],
    sniList(),
    'FAILED',
    'HIGH',
  ],
  [
    'fails an expired SNI certificate behind a valid default',
    [valid, acmCertificate('sni', { NotAfter: YESTERDAY })],
    sniList('sni'),
    'FAILED',
    'HIGH',
  ],
  [
    'fails an imported certificate expiring within 30 days',
    [
      acmCertificate('default', {
        Type: 'IMPORTED',
        RenewalEligibility: 'INELIGIBLE',
        NotAfter: IN_10_DAYS,
      }),
    ],
    sniList(),
    'FAILED',
    'MEDIUM',
  ],
  [
    'fails a renewal-ineligible certificate expiring within 30 days',
    [acmCertificate('default', { RenewalEligibility: 'INELIGIBLE', NotAfter: IN_10_DAYS })],
    sniList(),
    'FAILED',
    'MEDIUM',
  ],
  [
    'warns about a renewal-eligible certificate expiring within 30 days',
    [acmCertificate('default', { NotAfter: IN_10_DAYS })],
    sniList(),
    'WARNING',
    'LOW',
  ],
  [
    'passes an imported certificate expiring after the window',
    [acmCertificate('default', { Type: 'IMPORTED', NotAfter: IN_45_DAYS })],
    sniList(),
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'warns about an IAM server certificate in the SNI list',
    [valid],
    sniList(IAM_CERT),
    'WARNING',
    'LOW',
  ],
  [
    'is not available when an ACM certificate was not described',
    [sniValid],
    sniList('sni'),
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'is not available when ACM certificates were not collected',
    undefined,
    sniList(),
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'is not available when an ISSUED certificate has no NotAfter',
    [acmCertificate('default', { NotAfter: undefined })],
    sniList(),
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'is not available when the SNI list was not collected',
    [valid],
    null,
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'fails when the SNI list was not collected but the default certificate expired',
    [acmCertificate('default', { Status: 'EXPIRED' })],
    null,
    'FAILED',
    'HIGH',
  ],
  [
    'prefers unknown over a warning: IAM certificate beside an undescribed one',
    [valid],
    sniList(IAM_CERT, 'ghost'),
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'prefers a failure over unknown: expired beside an undescribed one',
    [valid, acmCertificate('old', { Status: 'EXPIRED' })],
    sniList('ghost', 'old'),
    'FAILED',
    'HIGH',
  ],
  [
    'keeps the worst failure: expired beside imported-expiring',
    [
      valid,
      acmCertificate('old', { Status: 'EXPIRED' }),
      acmCertificate('imp', { Type: 'IMPORTED', NotAfter: IN_10_DAYS }),
    ],
    sniList('imp', 'old'),
    'FAILED',
    'HIGH',
  ],
];

describe('elbv2_listener_certificate_valid', () => {
  it.each(cases)('%s', async (_name, certificates, sni, status, severity) => {
    // Prepare
    const data = accountWith(certificates, sni);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity,
      resource: { kind: 'listener', arn: listenerArn('https') },
      relatedResources: [{ arn: LB_ARN }],
    });
  });

  it('names the certificate ARN and the field in the reason', async () => {
    const [result] = await runCheck(
      check,
      accountWith([acmCertificate('default', { Status: 'REVOKED' })]),
    );

    expect(result?.reason).toBe(
      `Listener elb-web HTTPS:443 presents an invalid certificate: ${arn.certificate('default')} (Status REVOKED).`,
    );
  });

  it('applies certificateExpiryDays', async () => {
    const data = accountWith([
      acmCertificate('default', { Type: 'IMPORTED', NotAfter: IN_45_DAYS }),
    ]);

    const results = await runCheck(check, data, { config: { certificateExpiryDays: 60 } });

    expect(results.map((r) => [r.status, r.severity])).toEqual([['FAILED', 'MEDIUM']]);
  });

  it('judges expiry against the evaluation time, not the clock', async () => {
    const data = accountWith([acmCertificate('default', { NotAfter: '2020-01-01T00:00:00.000Z' })]);

    const results = await runCheck(check, data, { now: new Date('2019-01-01T00:00:00.000Z') });

    expect(results.map((r) => r.status)).toEqual(['PASSED']);
  });

  it('judges TLS listeners and ignores HTTP ones', async () => {
    const tls = listener('tls', 'TLS', {
      Certificates: [{ CertificateArn: arn.certificate('default') }],
    });
    const data = elbAccount(
      {
        listeners: [tls, listener('http', 'HTTP')],
        listenerCertificates: { [listenerArn('tls')]: [] },
      },
      [valid],
    );

    const results = await runCheck(check, data);

    expect(results.map((r) => [r.resource.arn, r.status])).toEqual([
      [listenerArn('tls'), 'PASSED'],
    ]);
  });

  it('is not available for a listener with no certificate at all', async () => {
    const bare = httpsListener('https', { Certificates: undefined });
    const data = elbAccount(
      { listeners: [bare], listenerCertificates: { [listenerArn('https')]: [] } },
      [valid],
    );

    const results = await runCheck(check, data);

    expect(results.map((r) => r.status)).toEqual(['NOT_AVAILABLE']);
  });
});
