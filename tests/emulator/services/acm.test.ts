import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import { certificateArn, clientConfig, richSnapshot } from '../support.ts';

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
