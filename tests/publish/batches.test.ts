import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { asffViolations } from '../../lib/findings/limits.ts';
import { fitFinding, importBatches } from '../../lib/publish/batches.ts';

const finding = (i: number, descriptionBytes = 10): AwsSecurityFinding => ({
  SchemaVersion: '2018-10-08',
  Id: `f-${i}`,
  ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
  GeneratorId: 'elbv2_listener_encrypted',
  AwsAccountId: '111122223333',
  Types: ['Software and Configuration Checks/AWS Security Best Practices'],
  CreatedAt: '2026-11-28T12:00:00.000Z',
  UpdatedAt: '2026-11-28T12:00:00.000Z',
  Severity: { Label: 'LOW' },
  FindingProviderFields: { Severity: { Label: 'LOW' } },
  Title: 'T',
  Description: 'd'.repeat(descriptionBytes),
  Remediation: { Recommendation: { Text: 'Fix it.', Url: 'https://docs.aws.amazon.com/x' } },
  Compliance: { Status: 'FAILED' },
  Resources: [{ Id: `arn:${i}`, Type: 'Other' }],
});

describe('importBatches', () => {
  it.each([
    [0, []],
    [1, [1]],
    [100, [100]],
    [101, [100, 1]],
    [250, [100, 100, 50]],
    [10_000, Array(100).fill(100)],
  ])('splits %i findings into batches of %j', (count, sizes) => {
    const batches = importBatches(Array.from({ length: count }, (_, i) => finding(i)));

    expect(batches.map((b) => b.length)).toEqual(sizes);
    expect(batches.flat().map((f) => f.Id)).toEqual(
      Array.from({ length: count }, (_, i) => `f-${i}`),
    );
  });

  it('keeps every call under 6 MB when findings are large', () => {
    const big = Array.from({ length: 100 }, (_, i) => finding(i, 200_000));

    const batches = importBatches(big);

    expect(batches.length).toBeGreaterThan(3);
    for (const batch of batches)
      expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(6 * 1024 * 1024);
  });
});

describe('fitFinding', () => {
  it.each([
    ['an oversized title', { Title: 't'.repeat(1000) }],
    ['an oversized description', { Description: 'd'.repeat(5000) }],
    [
      'an oversized remediation text',
      {
        Remediation: {
          Recommendation: { Text: 'r'.repeat(2000), Url: 'https://docs.aws.amazon.com/x' },
        },
      },
    ],
    [
      'oversized Details.Other',
      {
        Resources: [
          {
            Id: 'arn:x',
            Type: 'Other',
            Details: {
              Other: Object.fromEntries(
                Array.from({ length: 80 }, (_, i) => [`k${i}${'k'.repeat(200)}`, 'v'.repeat(5000)]),
              ),
            },
          },
        ],
      },
    ],
  ])('cuts %s to the limits', (_name, change) => {
    const oversized = { ...finding(1), ...change } as AwsSecurityFinding;
    expect(asffViolations(oversized)).not.toEqual([]);

    expect(asffViolations(fitFinding(oversized))).toEqual([]);
  });
});
