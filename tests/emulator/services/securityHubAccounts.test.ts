import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import { productArn } from '../../../lib/findings/asff.ts';
import { ACCOUNT, clientConfig, OTHER_ACCOUNT, otherAccount, richSnapshot } from '../support.ts';

/** A minimal valid finding of `account` in us-east-1. */
const finding = (account: string) => ({
  SchemaVersion: '2018-10-08',
  Id: `us-east-1/${account}/check/resource`,
  ProductArn: productArn('aws', 'us-east-1', account),
  GeneratorId: 'check',
  AwsAccountId: account,
  Types: ['Software and Configuration Checks/AWS Security Best Practices'],
  CreatedAt: '2026-11-28T12:00:00.000Z',
  UpdatedAt: '2026-11-28T12:00:00.000Z',
  Severity: { Label: 'HIGH' as const },
  Title: 'A finding',
  Description: 'A finding.',
  Resources: [{ Type: 'Other', Id: 'resource' }],
});

describe('the emulated Security Hub with several accounts', () => {
  let emulator: Emulator;
  let member: SecurityHubClient;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot(), otherAccount()] });
    const { Credentials } = await new STSClient(clientConfig(emulator)).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/ecs-encryption-scanner-member`,
        RoleSessionName: 'ecs-encryption-scanner',
      }),
    );
    member = new SecurityHubClient({
      ...clientConfig(emulator),
      credentials: {
        accessKeyId: Credentials?.AccessKeyId ?? '',
        secretAccessKey: Credentials?.SecretAccessKey ?? '',
        sessionToken: Credentials?.SessionToken,
      },
    });
  });
  afterAll(() => emulator.close());

  it("imports the findings of the account an assumed role's keys select", async () => {
    // Act
    const out = await member.send(
      new BatchImportFindingsCommand({ Findings: [finding(OTHER_ACCOUNT)] }),
    );

    // Assess
    expect(out).toMatchObject({ SuccessCount: 1, FailedCount: 0 });
    expect(emulator.securityHubFindings().map((f) => f.AwsAccountId)).toEqual([OTHER_ACCOUNT]);
  });

  it('refuses with AccessDenied an import whose AwsAccountId is not the calling account', async () => {
    // Act
    // The member's own product ARN, another account's finding.
    const result = member.send(
      new BatchImportFindingsCommand({
        Findings: [
          { ...finding(ACCOUNT), ProductArn: productArn('aws', 'us-east-1', OTHER_ACCOUNT) },
        ],
      }),
    );

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
  });
});
