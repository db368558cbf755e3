// The ACM collector against the emulator, at the SDK's HTTP boundary: which calls it makes, and that
// the certificates it keeps are the named ones, whole, whichever call found them.

import type { ListCertificatesCommandOutput } from '@aws-sdk/client-acm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator, FaultConfig } from '../../emulator/api.ts';
import { certificateCollector } from '../../lib/collect/acm.ts';
import type { RegionContext } from '../../lib/collect/types.ts';
import type { AcmCertificate, Elbv2Section, Snapshot } from '../../lib/snapshot/types.ts';
import { arn, fixtureSnapshot, REGION } from './fixture.ts';
import { flatCalls, memoryLogger, regionContext, start } from './support.ts';

const certificate = (
  id: string,
  fields: Partial<AcmCertificate> & { CertificateKeyPairOrigin?: string } = {},
): AcmCertificate => ({
  CertificateArn: arn.certificate(id),
  DomainName: `${id}.example.com`,
  SubjectAlternativeNames: [`${id}.example.com`],
  Status: 'ISSUED',
  Type: 'AMAZON_ISSUED',
  KeyAlgorithm: 'RSA_2048',
  NotAfter: '2027-06-01T23:59:59.000Z',
  RenewalEligibility: 'ELIGIBLE',
  ...fields,
});

const names = (count: number, id: string) =>
  Array.from({ length: count }, (_, i) => `n${i}.${id}.example.com`);

/** 2,345 certificates: three pages of 1,000 (the last of 345). */
const FILLER = Array.from({ length: 2_345 }, (_, i) => certificate(`filler-${i}`));

const ACCOUNT_CERTIFICATES: AcmCertificate[] = [
  certificate('rsa-2048'),
  certificate('rsa-3072', { KeyAlgorithm: 'RSA_3072' }),
  certificate('rsa-4096', { KeyAlgorithm: 'RSA_4096' }),
  certificate('ec-256', { KeyAlgorithm: 'EC_prime256v1' }),
  certificate('ec-384', { KeyAlgorithm: 'EC_secp384r1', Type: 'IMPORTED' }),
  certificate('acme', { CertificateKeyPairOrigin: 'ACME' }),
  certificate('many-names', { SubjectAlternativeNames: names(150, 'many-names') }),
  certificate('hundred-names', { SubjectAlternativeNames: names(100, 'hundred-names') }),
  // A key type newer than the SDK's enum: ListCertificates leaves it out even when asked for all.
  certificate('future-key', { KeyAlgorithm: 'ML_DSA_65' as AcmCertificate['KeyAlgorithm'] }),
  ...FILLER,
];

const snapshot = (): Snapshot => {
  const base = fixtureSnapshot();
  const region = base.regions[REGION] ?? {};
  return {
    ...base,
    regions: {
      ...base.regions,
      [REGION]: { ...region, acm: { certificates: ACCOUNT_CERTIFICATES } },
    },
  };
};

/** An ELBv2 section whose one HTTPS listener names these certificates (default and SNI). */
const naming = (...ids: string[]): Elbv2Section => {
  const listenerArn = arn.listener('web', 'https');
  const certificates = ids.map((id, i) => ({
    CertificateArn: arn.certificate(id),
    IsDefault: i === 0,
  }));
  return {
    listeners: [
      {
        ListenerArn: listenerArn,
        Protocol: 'HTTPS',
        Certificates: certificates.slice(0, 1).map(({ CertificateArn }) => ({ CertificateArn })),
      },
    ],
    listenerCertificates: { [listenerArn]: certificates },
  };
};

const served = (id: string) =>
  ACCOUNT_CERTIFICATES.find((c) => c.CertificateArn === arn.certificate(id)) as AcmCertificate;

describe('certificateCollector', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start({}, snapshot());
  });
  afterAll(() => emulator.close());

  const run = async (
    ids: string[],
    faults: FaultConfig = {},
    mutateContext?: (context: RegionContext) => void,
  ) => {
    emulator.resetCalls();
    emulator.setFaults(faults);
    try {
      const context = regionContext(emulator);
      mutateContext?.(context);
      const { logger, lines } = memoryLogger();
      const collector = certificateCollector(context, logger);
      const section = naming(...ids);
      const result = await collector.result(section);
      const byArn = new Map(result?.certificates.map((c) => [c.CertificateArn, c]));
      return {
        byArn,
        arns: [...byArn.keys()].sort(),
        calls: flatCalls(emulator),
        failures: context.failures.list(),
        absent: context.failures.absences(),
        lines,
      };
    } finally {
      emulator.setFaults({});
    }
  };

  it.each<[string, string[], Record<string, number>]>([
    ['no certificate named: no call', [], {}],
    [
      'one certificate named: one DescribeCertificate',
      ['rsa-2048'],
      { 'acm:DescribeCertificate': 1 },
    ],
    [
      'EC and RSA 3072/4096 certificates named: found by the listing alone (every key type asked for)',
      ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-256', 'ec-384'],
      { 'acm:ListCertificates': 3 },
    ],
    [
      'an ACME certificate named: found by the listing (every key-pair origin asked for)',
      ['rsa-2048', 'acme'],
      { 'acm:ListCertificates': 3 },
    ],
    [
      'a certificate with 150 names: described to get those past the first 100',
      ['rsa-2048', 'many-names'],
      { 'acm:ListCertificates': 3, 'acm:DescribeCertificate': 1 },
    ],
    [
      'a certificate with exactly 100 names: all listed, not described',
      ['rsa-2048', 'hundred-names'],
      { 'acm:ListCertificates': 3 },
    ],
    [
      'a certificate the listing leaves out: described one by one',
      ['rsa-2048', 'future-key'],
      { 'acm:ListCertificates': 3, 'acm:DescribeCertificate': 1 },
    ],
    [
      'certificates on every page of the 2,353 listed (1,000 a page, until NextToken is absent)',
      ['filler-0', 'filler-999', 'filler-1000', 'filler-2344'],
      { 'acm:ListCertificates': 3 },
    ],
  ])('%s', async (_name, ids, calls) => {
    // Act
    const result = await run(ids);

    // Assess
    expect(result.calls).toEqual(calls);
    expect(result.arns).toEqual(ids.map(arn.certificate).sort());
    for (const id of ids) {
      const kept = result.byArn.get(arn.certificate(id));
      expect(kept?.SubjectAlternativeNames).toEqual(served(id).SubjectAlternativeNames);
      expect(kept?.KeyAlgorithm).toBe(served(id).KeyAlgorithm);
      expect(kept?.NotAfter).toBe(served(id).NotAfter);
    }
    expect(result.failures).toEqual([]);
    expect(result.lines).toEqual([]);
  });

  it('describes a named certificate the listing does not return, and notes it absent when ACM says it does not exist', async () => {
    // Act
    const result = await run(['rsa-2048', 'deleted']);

    // Assess
    expect(result.calls).toEqual({ 'acm:ListCertificates': 3, 'acm:DescribeCertificate': 1 });
    expect(result.arns).toEqual([arn.certificate('rsa-2048')]);
    expect(result.absent).toEqual([
      {
        region: REGION,
        service: 'acm',
        operation: 'DescribeCertificate',
        errorCode: 'ResourceNotFoundException',
        items: [arn.certificate('deleted')],
      },
    ]);
    expect(result.failures).toEqual([]);
  });

  it.each<[string, FaultConfig]>([
    ['AccessDenied', { accessDenied: ['acm:ListCertificates'] }],
    ['throttling past the retries', { throttle: ['acm:ListCertificates'] }],
  ])(
    'fails closed when ListCertificates fails (%s): every named certificate is described one by one',
    async (_name, faults) => {
      // Prepare
      const ids = ['rsa-2048', 'ec-256', 'many-names'];
      const listed = await run(ids);

      // Act
      const result = await run(ids, faults);

      // Assess
      expect(result.calls['acm:DescribeCertificate']).toBe(3);
      expect(result.byArn).toEqual(listed.byArn);
      expect(result.failures).toEqual([]);
      expect(result.lines.map((l) => l.message)).toEqual([
        `acm ListCertificates failed in ${REGION} after retries; the 3 certificates the listeners name are described one by one instead.`,
      ]);
    },
  );

  it('leaves the certificates out (= not described, NOT_AVAILABLE) when ListCertificates and DescribeCertificate both fail', async () => {
    // Act
    const result = await run(['rsa-2048', 'ec-256'], { accessDenied: ['acm'] });

    // Assess
    expect(result.arns).toEqual([]);
    expect(result.failures).toEqual([
      {
        region: REGION,
        service: 'acm',
        operation: 'DescribeCertificate',
        errorCode: 'AccessDeniedException',
        count: 2,
        items: [arn.certificate('ec-256'), arn.certificate('rsa-2048')].sort(),
      },
    ]);
  });

  it('describes a listed certificate of 100 names when the summary does not say whether more exist', async () => {
    // Prepare: an answer without HasAdditionalSubjectAlternativeNames (the field is optional).
    const withoutTheFlag = (context: RegionContext) =>
      context.clients.acm.middlewareStack.add(
        (next) => async (args) => {
          const out = await next(args);
          const list = (out.output as ListCertificatesCommandOutput).CertificateSummaryList;
          for (const summary of list ?? []) delete summary.HasAdditionalSubjectAlternativeNames;
          return out;
        },
        { step: 'initialize', name: 'dropHasAdditionalNames' },
      );

    // Act
    const result = await run(['rsa-2048', 'hundred-names'], {}, withoutTheFlag);

    // Assess
    expect(result.calls).toEqual({ 'acm:ListCertificates': 3, 'acm:DescribeCertificate': 1 });
    expect(result.byArn.get(arn.certificate('hundred-names'))?.SubjectAlternativeNames).toEqual(
      served('hundred-names').SubjectAlternativeNames,
    );
  });

  it('keeps a certificate the same whether the listing or DescribeCertificate found it', async () => {
    // Prepare
    const ids = ['rsa-2048', 'ec-384', 'acme'];

    // Act
    const listed = await run(ids);
    const described = await run(ids, { accessDenied: ['acm:ListCertificates'] });

    // Assess
    expect(listed.calls['acm:DescribeCertificate']).toBeUndefined();
    expect(described.calls['acm:DescribeCertificate']).toBe(3);
    expect(described.byArn).toEqual(listed.byArn);
    expect(listed.byArn.get(arn.certificate('ec-384'))).toEqual(served('ec-384'));
  });
});
