import type { AwsSecurityFinding, FindingProviderFields } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import type { SecurityHubStore } from '../../../emulator/securityHub/store.ts';
import {
  ACCOUNT,
  at,
  finding,
  NOW,
  newStore,
  PRODUCT_ARN,
  REGION,
  stored,
  TYPE,
} from './support.ts';

const setWorkflow = (
  store: SecurityHubStore,
  id: string,
  status: 'NEW' | 'NOTIFIED' | 'RESOLVED' | 'SUPPRESSED',
) =>
  store.updateFindings(ACCOUNT, REGION, {
    FindingIdentifiers: [{ Id: id, ProductArn: PRODUCT_ARN }],
    Workflow: { Status: status },
  });

describe('SecurityHubStore finding lifecycle', () => {
  it('creates a finding with the fields Security Hub adds itself', () => {
    // Prepare
    const store = newStore();

    // Act
    const result = store.importFindings(ACCOUNT, REGION, [finding('f-1')]);

    // Assess
    expect(result).toEqual({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
    expect(stored(store, 'f-1')).toMatchObject({
      Region: REGION,
      ProductName: 'Default',
      CompanyName: 'Personal',
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      WorkflowState: 'NEW',
      ProcessedAt: NOW,
      Severity: { Label: 'HIGH', Normalized: 70, Original: 'HIGH' },
      Types: [TYPE],
      FindingProviderFields: { Severity: { Label: 'HIGH', Original: 'HIGH' }, Types: [TYPE] },
      ProductFields: { 'aws/securityhub/FindingId': `${PRODUCT_ARN}/f-1` },
    });
  });

  it('walks a finding through update, stale update, archive and reactivation', () => {
    // Prepare
    const store = newStore();
    const createdAt = at(-60);
    store.importFindings(ACCOUNT, REGION, [
      finding('f-1', { CreatedAt: createdAt, UpdatedAt: createdAt }),
    ]);

    // Act: a fix, imported later with the original CreatedAt
    store.importFindings(ACCOUNT, REGION, [
      finding('f-1', {
        CreatedAt: createdAt,
        UpdatedAt: at(-30),
        Compliance: { Status: 'PASSED' },
      }),
    ]);

    // Assess
    expect(stored(store, 'f-1')).toMatchObject({
      CreatedAt: createdAt,
      UpdatedAt: at(-30),
      Compliance: { Status: 'PASSED' },
    });

    // Act: a stale import (earlier UpdatedAt) is ignored, and reported as imported
    const stale = store.importFindings(ACCOUNT, REGION, [
      finding('f-1', { UpdatedAt: at(-45), Compliance: { Status: 'FAILED' } }),
    ]);

    // Assess
    expect(stale).toEqual({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
    expect(stored(store, 'f-1')).toMatchObject({
      UpdatedAt: at(-30),
      Compliance: { Status: 'PASSED' },
    });

    // Act: the customer resolves it, then the resource goes away and the finding is archived
    setWorkflow(store, 'f-1', 'RESOLVED');
    store.importFindings(ACCOUNT, REGION, [
      finding('f-1', {
        CreatedAt: createdAt,
        UpdatedAt: at(-20),
        Compliance: { Status: 'PASSED' },
        RecordState: 'ARCHIVED',
      }),
    ]);

    // Assess
    expect(stored(store, 'f-1')).toMatchObject({
      RecordState: 'ARCHIVED',
      Workflow: { Status: 'RESOLVED' },
    });

    // Act: the resource comes back broken, same ID, ACTIVE again
    store.importFindings(ACCOUNT, REGION, [
      finding('f-1', {
        CreatedAt: createdAt,
        UpdatedAt: at(-10),
        Compliance: { Status: 'FAILED' },
        RecordState: 'ACTIVE',
      }),
    ]);

    // Assess
    expect(stored(store, 'f-1')).toMatchObject({
      CreatedAt: createdAt,
      UpdatedAt: at(-10),
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
    });
    expect(store.all()).toHaveLength(1);
  });

  it('ignores an update whose UpdatedAt equals the stored one', () => {
    // Prepare
    const store = newStore();
    store.importFindings(ACCOUNT, REGION, [finding('f-1', { Title: 'First' })]);

    // Act
    const result = store.importFindings(ACCOUNT, REGION, [finding('f-1', { Title: 'Second' })]);

    // Assess
    expect(result.FailedCount).toBe(0);
    expect(stored(store, 'f-1').Title).toBe('First');
  });

  it('stores the CreatedAt an update sends, so a publisher must send the original one', () => {
    // Prepare: AWS documents no protection of CreatedAt (tools that reset it on every run reset
    // the first-seen date in Security Hub), so the emulator keeps what it is sent.
    const store = newStore();
    store.importFindings(ACCOUNT, REGION, [
      finding('f-1', { CreatedAt: at(-60), UpdatedAt: at(-60) }),
    ]);

    // Act
    store.importFindings(ACCOUNT, REGION, [
      finding('f-1', { CreatedAt: at(-5), UpdatedAt: at(-5) }),
    ]);

    // Assess
    expect(stored(store, 'f-1').CreatedAt).toBe(at(-5));
  });

  it('keys findings by product ARN and ID, so IDs of other Regions do not collide', () => {
    // Prepare
    const store = newStore();
    const westArn = PRODUCT_ARN.replace(REGION, 'us-west-2');

    // Act
    store.importFindings(ACCOUNT, REGION, [finding('same-id')]);
    store.importFindings(ACCOUNT, 'us-west-2', [finding('same-id', { ProductArn: westArn })]);

    // Assess
    expect(store.all().map((f) => [f.ProductArn, f.Region])).toEqual([
      [PRODUCT_ARN, REGION],
      [westArn, 'us-west-2'],
    ]);
  });

  type State = Pick<AwsSecurityFinding, 'Compliance' | 'RecordState'>;
  const passed: State = { Compliance: { Status: 'PASSED' }, RecordState: 'ACTIVE' };
  const failed: State = { Compliance: { Status: 'FAILED' }, RecordState: 'ACTIVE' };
  const archived: State = { Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED' };

  it.each([
    [
      'moves RESOLVED back to NEW when compliance goes from PASSED to FAILED',
      'RESOLVED',
      passed,
      failed,
      'NEW',
    ],
    [
      'moves NOTIFIED back to NEW when compliance goes from PASSED to WARNING',
      'NOTIFIED',
      passed,
      { Compliance: { Status: 'WARNING' } },
      'NEW',
    ],
    [
      'moves RESOLVED back to NEW when compliance goes from PASSED to NOT_AVAILABLE',
      'RESOLVED',
      passed,
      { Compliance: { Status: 'NOT_AVAILABLE' } },
      'NEW',
    ],
    [
      'moves RESOLVED back to NEW when the record goes from ARCHIVED to ACTIVE',
      'RESOLVED',
      archived,
      passed,
      'NEW',
    ],
    [
      'moves NOTIFIED back to NEW when the record goes from ARCHIVED to ACTIVE',
      'NOTIFIED',
      archived,
      passed,
      'NEW',
    ],
    [
      'keeps SUPPRESSED when compliance goes from PASSED to FAILED',
      'SUPPRESSED',
      passed,
      failed,
      'SUPPRESSED',
    ],
    [
      'keeps SUPPRESSED when the record goes from ARCHIVED to ACTIVE',
      'SUPPRESSED',
      archived,
      passed,
      'SUPPRESSED',
    ],
    ['keeps RESOLVED while the finding stays FAILED', 'RESOLVED', failed, failed, 'RESOLVED'],
    [
      'keeps RESOLVED when compliance goes from FAILED to WARNING',
      'RESOLVED',
      failed,
      { Compliance: { Status: 'WARNING' } },
      'RESOLVED',
    ],
    ['keeps NOTIFIED when the finding is archived', 'NOTIFIED', passed, archived, 'NOTIFIED'],
    [
      'does not resolve a NEW finding that passes (only controls auto-resolve)',
      'NEW',
      failed,
      passed,
      'NEW',
    ],
  ] as const)('%s', (_name, workflow, before, after, expected) => {
    // Prepare
    const store = newStore();
    store.importFindings(ACCOUNT, REGION, [finding('f-1', { UpdatedAt: at(-20), ...before })]);
    setWorkflow(store, 'f-1', workflow);

    // Act
    store.importFindings(ACCOUNT, REGION, [finding('f-1', { UpdatedAt: at(-10), ...after })]);

    // Assess
    expect(stored(store, 'f-1').Workflow).toEqual({ Status: expected });
  });

  it('keeps the customer-owned fields when the provider imports an update', () => {
    // Prepare
    const store = newStore('2026-11-28T12:30:00.000Z');
    store.importFindings(ACCOUNT, REGION, [finding('f-1')]);
    store.updateFindings(ACCOUNT, REGION, {
      FindingIdentifiers: [{ Id: 'f-1', ProductArn: PRODUCT_ARN }],
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: 'Accepted risk, ticket SEC-42', UpdatedBy: 'alice' },
      UserDefinedFields: { ticket: 'SEC-42' },
      VerificationState: 'BENIGN_POSITIVE',
    });

    // Act
    store.importFindings(ACCOUNT, REGION, [
      finding('f-1', {
        UpdatedAt: at(10),
        Workflow: { Status: 'NEW' },
        Note: { Text: 'provider note', UpdatedBy: 'scanner', UpdatedAt: at(10) },
        UserDefinedFields: { ticket: 'none' },
        VerificationState: 'UNKNOWN',
        Title: 'New title',
      }),
    ]);

    // Assess
    expect(stored(store, 'f-1')).toMatchObject({
      Title: 'New title',
      UpdatedAt: at(10),
      Workflow: { Status: 'SUPPRESSED' },
      Note: {
        Text: 'Accepted risk, ticket SEC-42',
        UpdatedBy: 'alice',
        UpdatedAt: '2026-11-28T12:30:00.000Z',
      },
      UserDefinedFields: { ticket: 'SEC-42' },
      VerificationState: 'BENIGN_POSITIVE',
    });
  });
});

describe('SecurityHubStore FindingProviderFields', () => {
  it.each<
    [string, Partial<AwsSecurityFinding>, Partial<AwsSecurityFinding>, FindingProviderFields]
  >([
    [
      'copies FindingProviderFields to the top level of a new finding',
      { FindingProviderFields: { Severity: { Label: 'LOW', Original: '3' }, Types: [TYPE] } },
      { Severity: { Label: 'LOW', Normalized: 1, Original: '3' }, Types: [TYPE] },
      { Severity: { Label: 'LOW', Original: '3' }, Types: [TYPE] },
    ],
    [
      'populates FindingProviderFields from the top level of a new finding',
      { Severity: { Label: 'CRITICAL' }, Types: [TYPE], FindingProviderFields: undefined },
      { Severity: { Label: 'CRITICAL', Normalized: 90 }, Types: [TYPE] },
      { Severity: { Label: 'CRITICAL' }, Types: [TYPE] },
    ],
    [
      'derives the label of a new finding that only has a normalized severity',
      { Severity: { Normalized: 75 }, Types: [TYPE], FindingProviderFields: undefined },
      { Severity: { Label: 'HIGH', Normalized: 75 } },
      { Severity: { Label: 'HIGH' }, Types: [TYPE] },
    ],
    [
      'prefers FindingProviderFields over the top level for a new finding',
      {
        Severity: { Label: 'INFORMATIONAL' },
        Types: ['Effects/Data Exposure'],
        FindingProviderFields: { Severity: { Label: 'MEDIUM' }, Types: [TYPE] },
      },
      { Severity: { Label: 'MEDIUM', Normalized: 40 }, Types: [TYPE] },
      { Severity: { Label: 'MEDIUM' }, Types: [TYPE] },
    ],
  ])('%s', (_name, change, top, providerFields) => {
    // Prepare
    const store = newStore();

    // Act
    store.importFindings(ACCOUNT, REGION, [finding('f-1', change)]);

    // Assess
    const result = stored(store, 'f-1');
    expect(result).toMatchObject(top);
    expect(result.FindingProviderFields).toEqual(providerFields);
  });

  it('follows FindingProviderFields on update while no customer changed the top level', () => {
    // Prepare
    const store = newStore();
    store.importFindings(ACCOUNT, REGION, [finding('f-1')]);

    // Act
    store.importFindings(ACCOUNT, REGION, [
      finding('f-1', {
        UpdatedAt: at(-10),
        FindingProviderFields: { Severity: { Label: 'LOW' }, Types: [TYPE] },
      }),
    ]);

    // Assess
    expect(stored(store, 'f-1')).toMatchObject({
      Severity: { Label: 'LOW', Normalized: 1 },
      FindingProviderFields: { Severity: { Label: 'LOW' } },
    });
  });

  it('keeps the severity and types a customer set, and updates FindingProviderFields only', () => {
    // Prepare
    const store = newStore();
    store.importFindings(ACCOUNT, REGION, [finding('f-1')]);
    store.updateFindings(ACCOUNT, REGION, {
      FindingIdentifiers: [{ Id: 'f-1', ProductArn: PRODUCT_ARN }],
      Severity: { Label: 'INFORMATIONAL' },
      Types: ['Effects/Data Exposure'],
    });

    // Act
    store.importFindings(ACCOUNT, REGION, [
      finding('f-1', {
        UpdatedAt: at(-10),
        FindingProviderFields: { Severity: { Label: 'CRITICAL' }, Types: [`${TYPE}/Encryption`] },
      }),
    ]);

    // Assess
    expect(stored(store, 'f-1')).toMatchObject({
      Severity: { Label: 'INFORMATIONAL' },
      Types: ['Effects/Data Exposure'],
      FindingProviderFields: { Severity: { Label: 'CRITICAL' }, Types: [`${TYPE}/Encryption`] },
    });
  });
});
