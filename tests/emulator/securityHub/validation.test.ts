import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../../emulator/securityHub/validation.ts';
import {
  ACCOUNT,
  finding,
  newStore,
  OTHER_ACCOUNT,
  OTHER_REGION,
  PRODUCT_ARN,
  REGION,
  resourceArn,
  TYPE,
  thrown,
} from './support.ts';

const pairs = (count: number, key: (i: number) => string, value: string) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [key(i), value]));

const resources = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ Id: resourceArn(`r${i}`), Type: 'AwsEcsService' }));

const withOther = (other: Record<string, string>) => ({
  Resources: [{ Id: resourceArn('a'), Type: 'Other', Details: { Other: other } }],
});

const without = (field: keyof AwsSecurityFinding): AwsSecurityFinding => {
  const copy = finding('f-1');
  delete copy[field];
  return copy;
};

describe('SecurityHubStore.importFindings validation', () => {
  it.each([
    ['AwsAccountId', "data should have required property 'AwsAccountId'"],
    ['CreatedAt', "data should have required property 'CreatedAt'"],
    ['Description', "data should have required property 'Description'"],
    ['GeneratorId', "data should have required property 'GeneratorId'"],
    ['Id', "data should have required property 'Id'"],
    ['ProductArn', "data should have required property 'ProductArn'"],
    ['Resources', "data should have required property 'Resources'"],
    ['SchemaVersion', "data should have required property 'SchemaVersion'"],
    ['Title', "data should have required property 'Title'"],
    ['UpdatedAt', "data should have required property 'UpdatedAt'"],
  ] as const)('fails a finding without the required attribute %s', (field, message) => {
    // Prepare
    const store = newStore();

    // Act
    const result = store.importFindings(ACCOUNT, REGION, [without(field)]);

    // Assess
    expect(result).toMatchObject({ SuccessCount: 0, FailedCount: 1 });
    expect(result.FailedFindings[0]).toMatchObject({ ErrorCode: 'InvalidInput' });
    expect(result.FailedFindings[0]?.ErrorMessage).toContain(
      'Finding does not adhere to Amazon Finding Format.',
    );
    expect(result.FailedFindings[0]?.ErrorMessage).toContain(message);
    expect(store.all()).toEqual([]);
  });

  const invalid: [string, Partial<AwsSecurityFinding>, string][] = [
    [
      'no severity at all',
      { FindingProviderFields: { Types: [TYPE] } },
      "required property 'Severity'",
    ],
    [
      'a severity with neither Label nor Normalized',
      { Severity: { Original: '7' }, FindingProviderFields: { Types: [TYPE] } },
      'Label or Normalized',
    ],
    [
      'an unknown severity label',
      { Severity: { Label: 'SEVERE' as 'HIGH' } },
      'data.Severity.Label',
    ],
    [
      'a normalized severity over 100',
      { Severity: { Normalized: 101 } },
      'data.Severity.Normalized',
    ],
    [
      'no types, neither top-level nor in FindingProviderFields',
      { FindingProviderFields: { Severity: { Label: 'HIGH' } } },
      "required property 'Types'",
    ],
    [
      '51 types',
      { Types: Array.from({ length: 51 }, (_, i) => `${TYPE}/c${i}`) },
      'data.Types should NOT have more than 50 items',
    ],
    [
      'a type outside the ASFF namespaces',
      { Types: ['Compliance/Encryption'] },
      'data.Types[0] should match pattern',
    ],
    [
      'a type with four parts',
      { Types: [`${TYPE}/CVE/extra`] },
      'data.Types[0] should match pattern',
    ],
    [
      'a title of 257 characters',
      { Title: 'x'.repeat(257) },
      'data.Title should NOT be longer than 256 characters',
    ],
    ['an empty title', { Title: '' }, 'data.Title should NOT be shorter than 1 characters'],
    [
      'a description of 1,025 characters',
      { Description: 'x'.repeat(1025) },
      'data.Description should NOT be longer than 1024',
    ],
    ['an ID of 513 characters', { Id: 'x'.repeat(513) }, 'data.Id should NOT be longer than 512'],
    [
      'a generator ID of 513 characters',
      { GeneratorId: 'x'.repeat(513) },
      'data.GeneratorId should NOT be longer than 512',
    ],
    [
      'a remediation text of 513 characters',
      { Remediation: { Recommendation: { Text: 'x'.repeat(513) } } },
      'data.Remediation.Recommendation.Text',
    ],
    [
      '51 product fields',
      { ProductFields: pairs(51, (i) => `k${i}`, 'v') },
      'data.ProductFields should NOT have more than 50 properties',
    ],
    [
      'a product field key of 129 characters',
      { ProductFields: { ['k'.repeat(129)]: 'v' } },
      'longer than 128 characters',
    ],
    [
      'a product field value of 2,049 characters',
      { ProductFields: { k: 'v'.repeat(2049) } },
      "data.ProductFields['k'] should NOT be longer than 2048",
    ],
    ['no resources', { Resources: [] }, 'data.Resources should NOT have fewer than 1 items'],
    [
      '33 resources',
      { Resources: resources(33) },
      'data.Resources should NOT have more than 32 items',
    ],
    [
      'a resource without a type',
      { Resources: [{ Id: resourceArn('a') } as never] },
      "data.Resources[0] should have required property 'Type'",
    ],
    [
      '51 Details.Other pairs',
      withOther(pairs(51, (i) => `k${i}`, 'v')),
      'Details.Other should NOT have more than 50 properties',
    ],
    [
      'a Details.Other key of 128 characters',
      withOther({ ['k'.repeat(128)]: 'v' }),
      'longer than 127 characters',
    ],
    [
      'a Details.Other value of 1,024 characters',
      withOther({ k: 'v'.repeat(1024) }),
      "Details.Other['k'] should NOT be longer than 1023",
    ],
    [
      'a local time stamp',
      { UpdatedAt: '2026-11-28 12:00' },
      'data.UpdatedAt should match format "date-time"',
    ],
    [
      'a time stamp with ten fractional digits',
      { CreatedAt: '2026-11-28T12:00:00.1234567890Z' },
      'data.CreatedAt should match format',
    ],
    [
      'a thirteenth month',
      { FirstObservedAt: '2026-13-01T00:00:00Z' },
      'data.FirstObservedAt should match format',
    ],
    [
      'an offset beyond 18 hours',
      { LastObservedAt: '2026-11-28T12:00:00+18:01' },
      'data.LastObservedAt should match format',
    ],
    [
      'another schema version',
      { SchemaVersion: '2020-01-01' },
      'data.SchemaVersion should be equal to one of the allowed values',
    ],
    [
      'a product ARN that is no ARN',
      { ProductArn: 'not-an-arn-at-all' },
      'data.ProductArn should match pattern',
    ],
    [
      'an account ID of 4 digits',
      { AwsAccountId: '1234' },
      'data.AwsAccountId should match pattern',
    ],
    [
      'an unknown compliance status',
      { Compliance: { Status: 'OK' as 'PASSED' } },
      'data.Compliance.Status',
    ],
    [
      '33 related requirements',
      {
        Compliance: {
          Status: 'FAILED',
          RelatedRequirements: Array.from({ length: 33 }, (_, i) => `R${i}`),
        },
      },
      'data.Compliance.RelatedRequirements',
    ],
    ['an unknown record state', { RecordState: 'DELETED' as 'ACTIVE' }, 'data.RecordState'],
    ['a confidence over 100', { Confidence: 101 }, 'data.Confidence should be >= 0 and <= 100'],
    [
      'an unknown workflow status',
      { Workflow: { Status: 'DONE' as 'NEW' } },
      'data.Workflow.Status',
    ],
    [
      'a note of 513 characters',
      { Note: { Text: 'x'.repeat(513), UpdatedBy: 'me', UpdatedAt: '2026-11-28T12:00:00Z' } },
      'data.Note.Text',
    ],
    [
      '51 user-defined fields',
      { UserDefinedFields: pairs(51, (i) => `k${i}`, 'v') },
      'data.UserDefinedFields should NOT have more than 50',
    ],
  ];

  it.each(invalid)('fails a finding with %s', (_name, change, message) => {
    // Prepare
    const store = newStore();

    // Act
    const result = store.importFindings(ACCOUNT, REGION, [finding('f-1', change)]);

    // Assess
    expect(result).toMatchObject({ SuccessCount: 0, FailedCount: 1 });
    expect(result.FailedFindings[0]).toMatchObject({ ErrorCode: 'InvalidInput' });
    expect(result.FailedFindings[0]?.ErrorMessage).toContain(message);
  });

  const valid: [string, Partial<AwsSecurityFinding>][] = [
    ['a title of 256 characters', { Title: 'x'.repeat(256) }],
    ['a description of 1,024 characters', { Description: 'x'.repeat(1024) }],
    ['an ID of 512 characters', { Id: 'x'.repeat(512) }],
    [
      'a remediation text of 512 characters',
      { Remediation: { Recommendation: { Text: 'x'.repeat(512) } } },
    ],
    [
      '50 product fields of the largest size',
      { ProductFields: pairs(50, (i) => `${i}`.padEnd(128, 'k'), 'v'.repeat(2048)) },
    ],
    ['32 resources', { Resources: resources(32) }],
    [
      '50 Details.Other pairs of the largest size',
      withOther(pairs(50, (i) => `${i}`.padEnd(127, 'k'), 'v'.repeat(1023))),
    ],
    ['50 types', { Types: Array.from({ length: 50 }, (_, i) => `${TYPE}/c${i}`) }],
    [
      'only a top-level severity label and types',
      { Severity: { Label: 'LOW' }, Types: [TYPE], FindingProviderFields: undefined },
    ],
    [
      'only a top-level normalized severity',
      { Severity: { Normalized: 40 }, Types: [TYPE], FindingProviderFields: undefined },
    ],
    ['a namespace-only type', { Types: ['Effects'] }],
    ['a time stamp without fraction', { UpdatedAt: '2019-01-31T23:00:00Z' }],
    ['a time stamp with nanoseconds', { UpdatedAt: '2019-01-31T23:00:00.123456789Z' }],
    ['a time stamp with a colon offset', { UpdatedAt: '2024-01-04T15:25:10+17:59' }],
    ['a time stamp with a compact offset', { UpdatedAt: '2024-01-04T15:25:10-1759' }],
  ];

  it.each(valid)('accepts a finding with %s', (_name, change) => {
    // Prepare
    const store = newStore();

    // Act
    const result = store.importFindings(ACCOUNT, REGION, [finding('f-1', change)]);

    // Assess
    expect(result).toEqual({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
  });

  it('fails a finding over 240 KB and imports the rest of the batch', () => {
    // Prepare
    const store = newStore();
    const big = finding('big', {
      ProductFields: pairs(50, (i) => `k${i}`, 'v'.repeat(2048)),
      Resources: Array.from({ length: 32 }, (_, i) => ({
        Id: resourceArn(`r${i}`),
        Type: 'Other',
        Details: { Other: pairs(50, (j) => `k${j}`, 'v'.repeat(1000)) },
      })),
    });

    // Act
    const result = store.importFindings(ACCOUNT, REGION, [big, finding('small')]);

    // Assess
    expect(result).toEqual({
      SuccessCount: 1,
      FailedCount: 1,
      FailedFindings: [
        { Id: 'big', ErrorCode: 'InvalidInput', ErrorMessage: 'Finding size exceeded 240 KB' },
      ],
    });
    expect(store.all().map((f) => f.Id)).toEqual(['small']);
  });

  it('fails a finding of a product whose integration the account has not enabled', () => {
    // Prepare
    const store = newStore();
    const partner = finding('f-1', {
      ProductArn: `arn:aws:securityhub:${REGION}::product/prowler/prowler`,
    });

    // Act
    const result = store.importFindings(ACCOUNT, REGION, [partner]);

    // Assess
    expect(result.FailedFindings).toEqual([
      expect.objectContaining({ Id: 'f-1', ErrorCode: 'InvalidAccess' }),
    ]);
  });
});

describe('SecurityHubStore.importFindings request limits and access', () => {
  it.each([
    [
      'more than 100 findings',
      () => Array.from({ length: 101 }, (_, i) => finding(`f-${i}`)),
      'InvalidInputException',
      400,
    ],
    [
      'a payload over 6 MB',
      () =>
        Array.from({ length: 100 }, (_, i) =>
          finding(`f-${i}`, { ProductFields: pairs(50, (j) => `k${j}`, 'v'.repeat(1300)) }),
        ),
      'InvalidInputException',
      400,
    ],
    [
      'a finding for another account',
      () => [finding('mine'), finding('theirs', { AwsAccountId: OTHER_ACCOUNT })],
      'AccessDeniedException',
      403,
    ],
    [
      'the default product of another account',
      () => [finding('f-1', { ProductArn: PRODUCT_ARN.replaceAll(ACCOUNT, OTHER_ACCOUNT) })],
      'AccessDeniedException',
      403,
    ],
    [
      'a product ARN of another Region',
      () => [finding('f-1', { ProductArn: PRODUCT_ARN.replace(REGION, OTHER_REGION) })],
      'AccessDeniedException',
      403,
    ],
    [
      'a product ARN of another partition',
      () => [finding('f-1', { ProductArn: PRODUCT_ARN.replace('arn:aws:', 'arn:aws-cn:') })],
      'AccessDeniedException',
      403,
    ],
  ] as const)('rejects the whole request with %s', (_name, findings, code, status) => {
    // Prepare
    const store = newStore();

    // Act
    const error = thrown(() => store.importFindings(ACCOUNT, REGION, findings()));

    // Assess
    expect(error).toMatchObject({ code, status });
    expect((error as Error).message).not.toBe('');
    expect(store.all()).toEqual([]);
  });

  it('accepts exactly 100 findings', () => {
    // Prepare
    const store = newStore();
    const findings = Array.from({ length: 100 }, (_, i) => finding(`f-${i}`));

    // Act
    const result = store.importFindings(ACCOUNT, REGION, findings);

    // Assess
    expect(result).toMatchObject({ SuccessCount: 100, FailedCount: 0 });
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['a UTC time stamp', '2026-11-28T12:00:00Z', '2026-11-28T12:00:00.000Z'],
    ['milliseconds', '2026-11-28T12:00:00.250Z', '2026-11-28T12:00:00.250Z'],
    ['a positive offset', '2026-11-28T13:30:00+01:30', '2026-11-28T12:00:00.000Z'],
    ['a compact negative offset', '2026-11-28T07:00:00-0500', '2026-11-28T12:00:00.000Z'],
    ['an hour-only offset', '2026-11-28T14:00:00+02', '2026-11-28T12:00:00.000Z'],
  ])('reads %s', (_name, value, iso) => {
    // Act
    const parsed = parseTimestamp(value);

    // Assess
    expect(parsed).toBe(BigInt(Date.parse(iso)) * 1_000_000n);
  });

  it('orders time stamps to the nanosecond', () => {
    // Act
    const later = parseTimestamp('2026-11-28T12:00:00.000000001Z') as bigint;
    const earlier = parseTimestamp('2026-11-28T12:00:00Z') as bigint;

    // Assess
    expect(later - earlier).toBe(1n);
  });

  it.each([
    ['a date only', '2026-11-28'],
    ['the 31st of November', '2026-11-31T00:00:00Z'],
    ['hour 24', '2026-11-28T24:00:00Z'],
    ['no zone', '2026-11-28T12:00:00'],
    ['a number', 1_700_000_000_000],
  ])('rejects %s', (_name, value) => {
    // Act
    const parsed = parseTimestamp(value);

    // Assess
    expect(parsed).toBeUndefined();
  });
});
