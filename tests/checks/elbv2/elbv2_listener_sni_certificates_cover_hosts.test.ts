import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/elbv2/elbv2_listener_sni_certificates_cover_hosts.ts';
import type { AcmCertificate, ElbCertificate, ElbRule } from '../../../lib/snapshot/types.ts';
import {
  acmCertificate,
  elbAccount,
  forward,
  hostHeader,
  httpsListener,
  LB_ARN,
  listener,
  listenerArn,
  rule,
} from '../../support/elb.ts';
import { ACCOUNT, arn, runCheck } from '../../support/evaluate.ts';

// The default certificate names www.example.com.
const defaultCert = acmCertificate('default', { DomainName: 'www.example.com' });
const wildcardCert = acmCertificate('wild', {
  DomainName: 'example.com',
  SubjectAlternativeNames: ['example.com', '*.example.com'],
});
const apiCert = acmCertificate('api', { DomainName: 'api.example.com' });
const IAM_CERT = `arn:aws:iam::${ACCOUNT}:server-certificate/elb-legacy`;

const sni = (...ids: string[]): ElbCertificate[] => [
  { CertificateArn: arn.certificate('default'), IsDefault: true },
  ...ids.map((id) => ({
    CertificateArn: id.startsWith('arn:') ? id : arn.certificate(id),
    IsDefault: false,
  })),
];
const hostRule = (...hosts: string[]) => rule('10', [forward], [hostHeader(...hosts)]);

/** One HTTPS listener with the given rules (null: not collected) and SNI list (null: not collected). */
const accountWith = (
  rules: ElbRule[] | null,
  certificateList: ElbCertificate[] | null,
  certificates: AcmCertificate[],
) =>
  elbAccount(
    {
      listeners: [httpsListener('https')],
      rules: rules ? { [listenerArn('https')]: rules } : {},
      listenerCertificates: certificateList ? { [listenerArn('https')]: certificateList } : {},
    },
    certificates,
  );

const cases: [
  string,
  ElbRule[] | null,
  ElbCertificate[] | null,
  AcmCertificate[],
  string,
  string,
][] = [
  [
    'passes a host named by the default certificate',
    [hostRule('www.example.com')],
    sni(),
    [defaultCert],
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'passes a host named by an SNI certificate',
    [hostRule('api.example.com')],
    sni('api'),
    [defaultCert, apiCert],
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'passes a host named by a subject alternative name',
    [hostRule('example.com')],
    sni('wild'),
    [defaultCert, wildcardCert],
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'passes a rule wildcard *.example.com under the certificate *.example.com',
    [hostRule('*.example.com')],
    sni('wild'),
    [defaultCert, wildcardCert],
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'passes api-?.example.com under *.example.com',
    [hostRule('api-?.example.com')],
    sni('wild'),
    [defaultCert, wildcardCert],
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'passes host names and Field in any case',
    [
      rule(
        '10',
        [forward],
        [{ Field: 'Host-Header', HostHeaderConfig: { Values: ['WWW.Example.COM'] } }],
      ),
    ],
    sni(),
    [defaultCert],
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'fails a rule wildcard *.example.com under api.example.com only',
    [hostRule('*.example.com')],
    sni('api'),
    [defaultCert, apiCert],
    'FAILED',
    'MEDIUM',
  ],
  [
    'fails a.b.example.com, two labels under *.example.com',
    [hostRule('a.b.example.com')],
    sni('wild'),
    [defaultCert, wildcardCert],
    'FAILED',
    'MEDIUM',
  ],
  [
    'fails example.com when only *.example.com is named',
    [hostRule('example.com')],
    sni('api'),
    [defaultCert, acmCertificate('api', { DomainName: '*.example.com' })],
    'FAILED',
    'MEDIUM',
  ],
  [
    'fails a host in the legacy Values field',
    [rule('10', [forward], [{ Field: 'host-header', Values: ['shop.example.org'] }])],
    sni(),
    [defaultCert],
    'FAILED',
    'MEDIUM',
  ],
  [
    'fails when one of several hosts is uncovered',
    [hostRule('www.example.com', 'admin.example.com')],
    sni(),
    [defaultCert],
    'FAILED',
    'MEDIUM',
  ],
  [
    'fails an uncovered host even when a regex condition is present',
    [
      hostRule('shop.example.org'),
      rule(
        '20',
        [forward],
        [{ Field: 'host-header', HostHeaderConfig: { RegexValues: ['^.+\\.example\\.com$'] } }],
      ),
    ],
    sni(),
    [defaultCert],
    'FAILED',
    'MEDIUM',
  ],
  [
    'is not available when the rules were not collected',
    null,
    sni(),
    [defaultCert],
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'is not available when the certificate list was not collected',
    [hostRule('www.example.com')],
    null,
    [defaultCert],
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'is not available when an uncovered host may be named by an IAM certificate',
    [hostRule('shop.example.org')],
    sni(IAM_CERT),
    [defaultCert],
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'is not available when an uncovered host may be named by an undescribed ACM certificate',
    [hostRule('shop.example.org')],
    sni('ghost'),
    [defaultCert],
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
  [
    'passes covered hosts even when another certificate is unknown',
    [hostRule('www.example.com')],
    sni(IAM_CERT),
    [defaultCert],
    'PASSED',
    'INFORMATIONAL',
  ],
  [
    'is not available for a regex host condition whose hosts cannot be listed',
    [
      rule(
        '20',
        [forward],
        [{ Field: 'host-header', HostHeaderConfig: { RegexValues: ['^.+\\.example\\.com$'] } }],
      ),
    ],
    sni(),
    [defaultCert],
    'NOT_AVAILABLE',
    'INFORMATIONAL',
  ],
];

describe('elbv2_listener_sni_certificates_cover_hosts', () => {
  it.each(cases)('%s', async (_name, rules, certificateList, certificates, status, severity) => {
    // Prepare
    const data = accountWith(rules, certificateList, certificates);

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

  it('lists the uncovered hosts in the reason', async () => {
    const data = accountWith(
      [hostRule('www.example.com', 'admin.example.com', '*.example.org')],
      sni(),
      [defaultCert],
    );

    const [result] = await runCheck(check, data);

    expect(result?.reason).toBe(
      'Listener elb-web HTTPS:443 routes host names that none of its 1 certificate(s) covers: admin.example.com, *.example.org.',
    );
  });

  it('does not apply when no rule has a host-header condition', async () => {
    const pathOnly = rule(
      '10',
      [forward],
      [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
    );

    const results = await runCheck(check, accountWith([pathOnly], sni(), [defaultCert]));

    expect(results).toEqual([]);
  });

  it('does not apply to HTTP listeners', async () => {
    const data = elbAccount({
      listeners: [listener('http', 'HTTP')],
      rules: { [listenerArn('http')]: [hostRule('shop.example.org')] },
      listenerCertificates: {},
    });

    const results = await runCheck(check, data);

    expect(results).toEqual([]);
  });
});
