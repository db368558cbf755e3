import { describe, expect, it } from 'vitest';
import {
  type CertificateStore,
  certificateArnsOf,
  certificateStore,
  hostHeadersOf,
  isTlsTerminatingListener,
  listOf,
  ruleName,
  upper,
} from '../../lib/snapshot/listeners.ts';
import type { ElbCertificate, ElbListener, ElbRule } from '../../lib/snapshot/types.ts';

const ACM = 'arn:aws:acm:us-east-1:111122223333:certificate/6f1d2c8a-4b7e-4e91-9c3a-5d8b0f2e7a14';
const ACM_OTHER =
  'arn:aws:acm:us-east-1:111122223333:certificate/b3e7a915-2c4d-4f86-8a1b-9e5c7d3f0a62';
const IAM = 'arn:aws:iam::111122223333:server-certificate/legacy-www';
const LISTENER_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/elb-web/3f9c2a7d41b6e805/9e3b7c1d5a48f260';

/** A listener of this protocol as DescribeListeners writes it (AWS enums arrive in any case). */
const listener = (protocol: string | undefined, certificates?: ElbCertificate[]): ElbListener => ({
  ListenerArn: LISTENER_ARN,
  Port: 443,
  Protocol: protocol as ElbListener['Protocol'],
  ...(certificates ? { Certificates: certificates } : {}),
});

describe('upper', () => {
  it.each<[string | undefined, string]>([
    ['https', 'HTTPS'],
    ['Tls', 'TLS'],
    [' HTTP ', 'HTTP'],
    ['tcp_udp', 'TCP_UDP'],
    ['', ''],
    [undefined, ''],
  ])('upper-cases %j as %j', (value, expected) => {
    expect(upper(value)).toBe(expected);
  });
});

describe('isTlsTerminatingListener', () => {
  it.each<[string | undefined, boolean]>([
    ['HTTPS', true],
    ['TLS', true],
    ['https', true],
    [' tls ', true],
    ['HTTP', false],
    ['TCP', false],
    ['UDP', false],
    ['TCP_UDP', false],
    ['GENEVE', false],
    ['', false],
    [undefined, false],
  ])('judges a listener of protocol %j TLS-terminating: %s', (protocol, expected) => {
    expect(isTlsTerminatingListener(listener(protocol))).toBe(expected);
  });
});

describe('certificateStore', () => {
  it.each<[string, CertificateStore]>([
    [ACM, 'acm'],
    ['arn:aws-cn:acm:cn-north-1:111122223333:certificate/0c9a4e27', 'acm'],
    ['arn:aws-us-gov:acm:us-gov-west-1:111122223333:certificate/e5b2d8f4', 'acm'],
    [IAM, 'iam'],
    ['arn:aws:iam::111122223333:server-certificate/cloudfront/www', 'iam'],
    ['arn:aws-us-gov:iam::111122223333:server-certificate/www', 'iam'],
    ['arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/ca', 'unknown'],
    ['arn:aws:acm:us-east-1:111122223333:certificate', 'unknown'],
    ['arn:aws:iam::111122223333:user/admin', 'unknown'],
    ['arn:aws:iam::111122223333:certificate/www', 'unknown'],
    ['arn:aws:s3:::bucket/certificate/www', 'unknown'],
    ['acm:us-east-1:111122223333:certificate/6f1d2c8a', 'unknown'],
    ['6f1d2c8a-4b7e-4e91-9c3a-5d8b0f2e7a14', 'unknown'],
    ['', 'unknown'],
  ])('places %j in the %s store', (arn, store) => {
    expect(certificateStore(arn)).toBe(store);
  });
});

describe('certificateArnsOf', () => {
  it.each<[string, ElbListener, ElbCertificate[] | undefined, string[]]>([
    [
      'the default certificate once when the list repeats it',
      listener('HTTPS', [{ CertificateArn: ACM }]),
      [
        { CertificateArn: ACM, IsDefault: true },
        { CertificateArn: ACM_OTHER, IsDefault: false },
        { CertificateArn: IAM, IsDefault: false },
      ],
      [ACM, ACM_OTHER, IAM],
    ],
    [
      'the default certificate alone when the list was not read',
      listener('HTTPS', [{ CertificateArn: ACM }]),
      undefined,
      [ACM],
    ],
    [
      'the list alone for a listener that names no default',
      listener('TLS'),
      [{ CertificateArn: ACM_OTHER }, { CertificateArn: ACM }],
      [ACM_OTHER, ACM],
    ],
    [
      'no certificate without an ARN',
      listener('HTTPS', [{}]),
      [
        { CertificateArn: '' },
        { IsDefault: false },
        { CertificateArn: IAM },
        { CertificateArn: IAM },
      ],
      [IAM],
    ],
    ['nothing for a listener without certificates', listener('HTTP'), [], []],
  ])('gives %s', (_name, of, listenerCertificates, expected) => {
    expect(certificateArnsOf(of, listenerCertificates)).toEqual(expected);
  });
});

describe('ruleName', () => {
  it.each<[string, ElbRule, string]>([
    ['the default rule', { IsDefault: true, Priority: 'default' }, 'default rule'],
    [
      'a rule marked default whatever its priority',
      { IsDefault: true, Priority: '5' },
      'default rule',
    ],
    [
      'a rule of priority default in any case',
      { IsDefault: false, Priority: ' Default ' },
      'default rule',
    ],
    ['a rule by its priority', { IsDefault: false, Priority: '10' }, 'rule 10'],
    [
      'a rule without a priority by the last part of its ARN',
      { RuleArn: `${LISTENER_ARN.replace(':listener/', ':listener-rule/')}/7d1e9a3c5b2f4086` },
      'rule 7d1e9a3c5b2f4086',
    ],
    ['a rule with neither priority nor ARN as ?', {}, 'rule ?'],
  ])('names %s', (_name, rule, expected) => {
    expect(ruleName(rule)).toBe(expected);
  });
});

describe('hostHeadersOf', () => {
  it.each<[string, ElbRule['Conditions'], { values: string[]; regexValues: string[] }]>([
    [
      'the values of a host-header condition',
      [
        {
          Field: 'host-header',
          HostHeaderConfig: { Values: ['www.example.com', '*.example.org'] },
        },
      ],
      { values: ['www.example.com', '*.example.org'], regexValues: [] },
    ],
    [
      'the legacy Values too, each value once',
      [
        {
          Field: 'host-header',
          Values: ['api.example.com', 'www.example.com'],
          HostHeaderConfig: { Values: ['www.example.com'] },
        },
        { Field: 'host-header', Values: ['api.example.com', 'shop.example.com'] },
      ],
      { values: ['www.example.com', 'api.example.com', 'shop.example.com'], regexValues: [] },
    ],
    [
      'the regex values apart',
      [
        {
          Field: 'host-header',
          HostHeaderConfig: {
            Values: ['www.example.com'],
            RegexValues: ['^api\\d+\\.example\\.com$'],
          },
        },
        { Field: 'host-header', HostHeaderConfig: { RegexValues: ['^.*\\.example\\.net$'] } },
      ],
      {
        values: ['www.example.com'],
        regexValues: ['^api\\d+\\.example\\.com$', '^.*\\.example\\.net$'],
      },
    ],
    [
      'a host-header field in any case and spacing',
      [{ Field: ' Host-Header ', Values: ['www.example.com'] }],
      { values: ['www.example.com'], regexValues: [] },
    ],
    [
      'nothing of the other conditions',
      [
        { Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/v2/*'] } },
        {
          Field: 'http-header',
          HttpHeaderConfig: { HttpHeaderName: 'Host', Values: ['www.example.com'] },
        },
        { Values: ['no-field.example.com'] },
      ],
      { values: [], regexValues: [] },
    ],
    ['nothing of a rule without conditions', [], { values: [], regexValues: [] }],
    [
      'nothing of a rule whose conditions were not read',
      undefined,
      { values: [], regexValues: [] },
    ],
  ])('gives %s', (_name, conditions, expected) => {
    expect(hostHeadersOf({ Priority: '10', Conditions: conditions })).toEqual(expected);
  });
});

describe('listOf', () => {
  it.each<[string[], number | undefined, string]>([
    [[], undefined, ''],
    [['a'], undefined, 'a'],
    [['a', 'b'], undefined, 'a, b'],
    [['a', 'b', 'c'], undefined, 'a, b, c'],
    [['a', 'b', 'c', 'd'], undefined, 'a, b, c and 1 more'],
    [['a', 'b', 'c', 'd', 'e', 'f'], undefined, 'a, b, c and 3 more'],
    [['a', 'b', 'c'], 1, 'a and 2 more'],
    [['a', 'b', 'c'], 5, 'a, b, c'],
  ])('lists %j (at most %s) as %j', (items, max, expected) => {
    expect(listOf(items, max)).toBe(expected);
  });
});
