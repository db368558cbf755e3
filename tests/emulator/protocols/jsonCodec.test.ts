import { DescribeCertificateResponse$ } from '@aws-sdk/client-acm';
import { DescribeMeshOutput$ } from '@aws-sdk/client-app-mesh';
import { describe, expect, it } from 'vitest';
import { readJson, writeJson } from '../../../emulator/protocols/jsonCodec.ts';

describe('writeJson', () => {
  it.each([
    [
      'an awsJson timestamp as epoch seconds, milliseconds kept',
      DescribeCertificateResponse$,
      { Certificate: { NotAfter: '2027-06-01T23:59:59.250Z', Unknown: 1 } },
      { Certificate: { NotAfter: 1811894399.25 } },
    ],
    [
      'a restJson payload with a union member',
      DescribeMeshOutput$,
      {
        mesh: {
          meshName: 'm',
          spec: { egressFilter: { type: 'DROP_ALL' } },
          metadata: { createdAt: '2026-01-01T00:00:00.000Z' },
        },
      },
      {
        mesh: {
          meshName: 'm',
          spec: { egressFilter: { type: 'DROP_ALL' } },
          metadata: { createdAt: 1767225600 },
        },
      },
    ],
  ])('writes %s, dropping members the model lacks', (_name, schema, value, json) => {
    // Act
    const result = writeJson(schema, value, { jsonName: false });

    // Assess
    expect(result).toEqual(json);
  });
});

describe('readJson', () => {
  it('reads epoch seconds back into Dates', () => {
    // Act
    const result = readJson(
      DescribeCertificateResponse$,
      { Certificate: { NotAfter: 1811894399.25 } },
      { jsonName: false },
    );

    // Assess
    expect(result).toEqual({ Certificate: { NotAfter: new Date('2027-06-01T23:59:59.250Z') } });
  });
});
