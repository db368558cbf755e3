import {
  ACMClient,
  CertificateKeyPairOrigin,
  DescribeCertificateCommand,
  KeyAlgorithm,
  ListCertificatesCommand,
  type ListCertificatesCommandInput,
} from '@aws-sdk/client-acm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import type { AcmCertificate } from '../../../lib/snapshot/types.ts';
import { certificateArn, clientConfig, jsonRoundTrip, richSnapshot } from '../support.ts';

describe('the emulated ACM', () => {
  let emulator: Emulator;
  let acm: ACMClient;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot()] });
    acm = new ACMClient(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  it('describes a certificate with its dates as epoch seconds the SDK turns back into Dates', async () => {
    // Act
    const result = await acm.send(
      new DescribeCertificateCommand({ CertificateArn: certificateArn(2) }),
    );

    // Assess
    expect(result.Certificate?.NotAfter).toEqual(new Date('2027-01-12T23:59:59.000Z'));
    expect(result.Certificate?.RenewalSummary?.UpdatedAt).toEqual(
      new Date('2026-01-13T10:30:15.250Z'),
    );
    expect(result.Certificate?.DomainValidationOptions?.[0]?.ResourceRecord?.Type).toBe('CNAME');
  });

  it.each([
    ['an unknown certificate', certificateArn(9), 'ResourceNotFoundException'],
    ['a malformed ARN', 'not-an-arn', 'InvalidArnException'],
  ])('answers %s with %s', async (_name, CertificateArn, name) => {
    // Act
    const result = acm.send(new DescribeCertificateCommand({ CertificateArn }));

    // Assess
    await expect(result).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 400 } });
  });
});

describe('the emulated ACM ListCertificates', () => {
  let emulator: Emulator;
  let acm: ACMClient;

  const listed = (id: number, fields: Record<string, unknown> = {}) => ({
    CertificateArn: certificateArn(id),
    DomainName: `c${id}.example.com`,
    SubjectAlternativeNames: [`c${id}.example.com`],
    Status: 'ISSUED',
    Type: 'AMAZON_ISSUED',
    KeyAlgorithm: 'RSA_2048',
    NotAfter: '2027-01-12T23:59:59.000Z',
    ...fields,
  });
  const sans = (count: number) => Array.from({ length: count }, (_, i) => `n${i}.example.com`);
  const CERTIFICATES = [
    listed(10),
    listed(11, { KeyAlgorithm: 'RSA_1024' }),
    listed(12, { KeyAlgorithm: 'RSA_4096' }),
    listed(13, { KeyAlgorithm: 'EC_prime256v1' }),
    listed(14, { CertificateKeyPairOrigin: 'ACME' }),
    listed(15, { SubjectAlternativeNames: sans(150) }),
    listed(16, { SubjectAlternativeNames: sans(100), Status: 'EXPIRED' }),
    listed(17, { KeyAlgorithm: undefined }),
  ];
  const ALL = { keyTypes: Object.values(KeyAlgorithm) };
  const ORIGINS = Object.values(CertificateKeyPairOrigin);
  const ids = (list: { CertificateArn?: string }[] | undefined) =>
    (list ?? []).map((c) => Number(c.CertificateArn?.slice(-2)));

  beforeAll(async () => {
    const snapshot = richSnapshot();
    const region = snapshot.regions['us-east-1'];
    if (region) region.acm = { certificates: jsonRoundTrip(CERTIFICATES) as AcmCertificate[] };
    emulator = await startEmulator({ accounts: [snapshot] });
    acm = new ACMClient(clientConfig(emulator));
  });
  afterAll(() => {
    acm.destroy();
    return emulator.close();
  });

  it.each<[string, ListCertificatesCommandInput, number[]]>([
    // ACM API Reference, Filters keyTypes: "Default filtering returns only RSA_1024 and RSA_2048".
    [
      'without Includes.keyTypes: only RSA_1024 and RSA_2048 keys, no ACME',
      {},
      [10, 11, 15, 16, 17],
    ],
    [
      'with every key type: EC and RSA 4096 too, still no ACME',
      { Includes: ALL },
      [10, 11, 12, 13, 15, 16, 17],
    ],
    [
      'with every key type and key-pair origin: all',
      { Includes: ALL, CertificateKeyPairOrigins: ORIGINS },
      [10, 11, 12, 13, 14, 15, 16, 17],
    ],
    [
      'by status',
      { Includes: ALL, CertificateKeyPairOrigins: ORIGINS, CertificateStatuses: ['EXPIRED'] },
      [16],
    ],
    ['by key type', { Includes: { keyTypes: ['EC_prime256v1'] } }, [13]],
  ])('lists %s', async (_name, input, expected) => {
    // Act
    const result = await acm.send(new ListCertificatesCommand(input));

    // Assess
    expect(ids(result.CertificateSummaryList)).toEqual(expected);
    expect(result.NextToken).toBeUndefined();
  });

  it('gives the first 100 names of a summary, and says when there are more', async () => {
    // Act
    const result = await acm.send(new ListCertificatesCommand({ Includes: ALL }));

    // Assess
    const byId = new Map(result.CertificateSummaryList?.map((c) => [ids([c])[0], c]));
    expect(byId.get(15)?.SubjectAlternativeNameSummaries).toEqual(sans(100));
    expect(byId.get(15)?.HasAdditionalSubjectAlternativeNames).toBe(true);
    expect(byId.get(16)?.SubjectAlternativeNameSummaries).toEqual(sans(100));
    expect(byId.get(16)?.HasAdditionalSubjectAlternativeNames).toBe(false);
    expect(byId.get(10)).toMatchObject({
      DomainName: 'c10.example.com',
      Status: 'ISSUED',
      Type: 'AMAZON_ISSUED',
      KeyAlgorithm: 'RSA_2048',
      NotAfter: new Date('2027-01-12T23:59:59.000Z'),
    });
  });

  it('pages by MaxItems until NextToken is absent', async () => {
    // Act
    const pages = [];
    let NextToken: string | undefined;
    do {
      const page = await acm.send(
        new ListCertificatesCommand({
          Includes: ALL,
          CertificateKeyPairOrigins: ORIGINS,
          MaxItems: 3,
          NextToken,
        }),
      );
      pages.push(ids(page.CertificateSummaryList));
      NextToken = page.NextToken;
    } while (NextToken);

    // Assess
    expect(pages).toEqual([
      [10, 11, 12],
      [13, 14, 15],
      [16, 17],
    ]);
  });

  it.each<[string, ListCertificatesCommandInput]>([
    ['a MaxItems over 1,000', { MaxItems: 1001 }],
    ['a NextToken it did not give', { NextToken: 'forged' }],
  ])('answers %s with InvalidArgsException', async (_name, input) => {
    // Act
    const result = acm.send(new ListCertificatesCommand(input));

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'InvalidArgsException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers AccessDenied when the snapshot did not collect acm.certificates', async () => {
    // Prepare
    const snapshot = richSnapshot();
    delete snapshot.regions['us-east-1']?.acm;
    const denying = await startEmulator({ accounts: [snapshot] });
    const client = new ACMClient(clientConfig(denying));

    try {
      // Act
      const result = client.send(new ListCertificatesCommand({}));

      // Assess
      await expect(result).rejects.toMatchObject({ name: 'AccessDeniedException' });
    } finally {
      client.destroy();
      await denying.close();
    }
  });
});
