// The Security Hub store behind the restJson1 wire: BatchImportFindings, GetFindings (paged with the
// SDK paginator) and BatchUpdateFindings through the real client. The store's own rules are tested
// in tests/emulator/securityHub/.
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  paginateGetFindings,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import { ACCOUNT, clientConfig, collect, richSnapshot } from '../support.ts';

const PRODUCT_ARN = `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`;
const NOW = new Date().toISOString();

const finding = (id: string): AwsSecurityFinding => ({
  SchemaVersion: '2018-10-08',
  Id: id,
  ProductArn: PRODUCT_ARN,
  GeneratorId: 'ecs_service_tls',
  AwsAccountId: ACCOUNT,
  CreatedAt: NOW,
  UpdatedAt: NOW,
  FindingProviderFields: {
    Severity: { Label: 'HIGH', Original: 'HIGH' },
    Types: ['Software and Configuration Checks/AWS Security Best Practices'],
  },
  Title: 'Service traffic should use TLS',
  Description: 'The service talks in plain text.',
  Compliance: { Status: 'FAILED' },
  Resources: [{ Id: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/${id}`, Type: 'AwsEcsService' }],
  RecordState: 'ACTIVE',
});

describe('the emulated Security Hub', () => {
  let emulator: Emulator;
  let hub: SecurityHubClient;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot()] });
    hub = new SecurityHubClient(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  it('imports findings, reports the invalid ones, and answers GetFindings in pages', async () => {
    // Prepare
    const valid = Array.from({ length: 7 }, (_, index) => finding(`f-${index}`));
    const invalid = { ...finding('bad'), Title: undefined } as unknown as AwsSecurityFinding;

    // Act
    const imported = await hub.send(
      new BatchImportFindingsCommand({ Findings: [...valid, invalid] }),
    );
    const read = await collect(
      paginateGetFindings(
        { client: hub, pageSize: 3 },
        { Filters: { GeneratorId: [{ Value: 'ecs_service_tls', Comparison: 'EQUALS' }] } },
      ),
      (page) => page.Findings,
    );

    // Assess
    expect(imported.SuccessCount).toBe(7);
    expect(imported.FailedCount).toBe(1);
    expect(imported.FailedFindings?.[0]?.Id).toBe('bad');
    expect(read.items.map((f) => f.Id).sort()).toEqual(valid.map((f) => f.Id).sort());
    expect(read.pages).toBe(3);
    expect(emulator.securityHubFindings()).toHaveLength(7);
  });

  it('updates findings through BatchUpdateFindings', async () => {
    // Prepare
    await hub.send(new BatchImportFindingsCommand({ Findings: [finding('to-update')] }));

    // Act
    const result = await hub.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: 'to-update', ProductArn: PRODUCT_ARN }],
        Workflow: { Status: 'SUPPRESSED' },
      }),
    );
    const read = await hub.send(
      new GetFindingsCommand({ Filters: { Id: [{ Value: 'to-update', Comparison: 'EQUALS' }] } }),
    );

    // Assess
    expect(result.ProcessedFindings).toEqual([{ Id: 'to-update', ProductArn: PRODUCT_ARN }]);
    expect(read.Findings?.[0]?.Workflow?.Status).toBe('SUPPRESSED');
  });

  it("answers the store's whole-request errors in the restJson1 shape", async () => {
    // Act
    const result = hub.send(new GetFindingsCommand({ MaxResults: 101 }));

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'InvalidInputException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
