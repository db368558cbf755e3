import type { BatchUpdateFindingsRequest } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  finding,
  newStore,
  OTHER_ACCOUNT,
  PRODUCT_ARN,
  REGION,
  stored,
  thrown,
} from './support.ts';

const LATER = '2026-11-28T13:00:00.000Z';
const one = (Id: string) => [{ Id, ProductArn: PRODUCT_ARN }];

describe('SecurityHubStore.updateFindings', () => {
  it('updates the customer fields and leaves UpdatedAt alone', () => {
    // Prepare
    const store = newStore(LATER);
    store.importFindings(ACCOUNT, REGION, [finding('f-1')]);
    const before = stored(store, 'f-1');

    // Act
    const result = store.updateFindings(ACCOUNT, REGION, {
      FindingIdentifiers: one('f-1'),
      Workflow: { Status: 'RESOLVED' },
      Note: { Text: 'Fixed in release 42', UpdatedBy: 'alice' },
      VerificationState: 'TRUE_POSITIVE',
      UserDefinedFields: { ticket: 'SEC-1' },
      Severity: { Label: 'LOW' },
      Types: ['Effects/Data Exposure'],
      Confidence: 80,
      Criticality: 60,
    });

    // Assess
    expect(result).toEqual({ ProcessedFindings: one('f-1'), UnprocessedFindings: [] });
    expect(stored(store, 'f-1')).toMatchObject({
      Workflow: { Status: 'RESOLVED' },
      Note: { Text: 'Fixed in release 42', UpdatedBy: 'alice', UpdatedAt: LATER },
      VerificationState: 'TRUE_POSITIVE',
      UserDefinedFields: { ticket: 'SEC-1' },
      Severity: { Label: 'LOW' },
      Types: ['Effects/Data Exposure'],
      Confidence: 80,
      Criticality: 60,
      UpdatedAt: before.UpdatedAt,
      FindingProviderFields: before.FindingProviderFields,
    });
  });

  it('reports unknown, foreign and duplicated identifiers and processes the rest', () => {
    // Prepare
    const store = newStore();
    store.importFindings(ACCOUNT, REGION, [finding('f-1'), finding('f-2')]);

    // Act
    const result = store.updateFindings(ACCOUNT, REGION, {
      FindingIdentifiers: [...one('f-1'), ...one('missing'), ...one('f-2'), ...one('f-2')],
      Workflow: { Status: 'NOTIFIED' },
    });

    // Assess
    expect(result.ProcessedFindings).toEqual(one('f-1'));
    expect(result.UnprocessedFindings).toEqual([
      {
        FindingIdentifier: one('missing')[0],
        ErrorCode: 'FindingNotFound',
        ErrorMessage: 'Finding Not Found',
      },
      {
        FindingIdentifier: one('f-2')[0],
        ErrorCode: 'DuplicatedFindingIdentifier',
        ErrorMessage: 'Finding Identifier is duplicated',
      },
      {
        FindingIdentifier: one('f-2')[0],
        ErrorCode: 'DuplicatedFindingIdentifier',
        ErrorMessage: 'Finding Identifier is duplicated',
      },
    ]);
    expect(stored(store, 'f-2').Workflow).toEqual({ Status: 'NEW' });
  });

  it.each([
    ['another account', OTHER_ACCOUNT, REGION],
    ['another Region', ACCOUNT, 'eu-west-1'],
  ])('does not find a finding from %s', (_name, account, region) => {
    // Prepare
    const store = newStore();
    store.importFindings(ACCOUNT, REGION, [finding('f-1')]);

    // Act
    const result = store.updateFindings(account, region, {
      FindingIdentifiers: one('f-1'),
      Workflow: { Status: 'SUPPRESSED' },
    });

    // Assess
    expect(result.UnprocessedFindings).toEqual([
      expect.objectContaining({ ErrorCode: 'FindingNotFound' }),
    ]);
    expect(stored(store, 'f-1').Workflow).toEqual({ Status: 'NEW' });
  });

  it.each<[string, Partial<BatchUpdateFindingsRequest>]>([
    ['no finding identifiers', { FindingIdentifiers: [] }],
    [
      '101 finding identifiers',
      { FindingIdentifiers: Array.from({ length: 101 }, (_, i) => one(`f-${i}`)[0] as never) },
    ],
    ['an identifier without a product ARN', { FindingIdentifiers: [{ Id: 'f-1' } as never] }],
    ['an unknown workflow status', { Workflow: { Status: 'CLOSED' as 'NEW' } }],
    ['an unknown verification state', { VerificationState: 'MAYBE' as 'UNKNOWN' }],
    ['a note without UpdatedBy', { Note: { Text: 'x' } as never }],
    ['a note of 513 characters', { Note: { Text: 'x'.repeat(513), UpdatedBy: 'alice' } }],
    ['an unknown severity label', { Severity: { Label: 'SEVERE' as 'LOW' } }],
    ['a criticality over 100', { Criticality: 101 }],
    ['a type outside the ASFF namespaces', { Types: ['Compliance/Encryption'] }],
  ])('rejects a request with %s', (_name, change) => {
    // Prepare
    const store = newStore();
    store.importFindings(ACCOUNT, REGION, [finding('f-1')]);

    // Act
    const error = thrown(() =>
      store.updateFindings(ACCOUNT, REGION, { FindingIdentifiers: one('f-1'), ...change }),
    );

    // Assess
    expect(error).toMatchObject({ code: 'InvalidInputException', status: 400 });
    expect(stored(store, 'f-1').Workflow).toEqual({ Status: 'NEW' });
  });
});
