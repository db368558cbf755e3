import { DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import { ACCOUNT, clientConfig, OTHER_ACCOUNT, otherAccount, richSnapshot } from '../support.ts';

describe('the emulated STS', () => {
  let emulator: Emulator;
  let sts: STSClient;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot(), otherAccount()] });
    sts = new STSClient(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  it('names the default account for any other access key', async () => {
    // Act
    const identity = await sts.send(new GetCallerIdentityCommand({}));

    // Assess
    expect(identity).toMatchObject({
      Account: ACCOUNT,
      Arn: `arn:aws:iam::${ACCOUNT}:user/emulator`,
    });
  });

  it("hands out keys on AssumeRole that select the role's account for every later call", async () => {
    // Act
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/scanner`,
        RoleSessionName: 'scan-1',
      }),
    );
    const credentials = {
      accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
      secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
      sessionToken: assumed.Credentials?.SessionToken ?? '',
    };
    const identity = await new STSClient({ ...clientConfig(emulator), credentials }).send(
      new GetCallerIdentityCommand({}),
    );
    const clusters = await new ECSClient({ ...clientConfig(emulator), credentials }).send(
      new DescribeClustersCommand({ clusters: ['other'] }),
    );

    // Assess
    expect(assumed.Credentials?.Expiration).toBeInstanceOf(Date);
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/scanner/scan-1`,
    );
    expect(identity).toMatchObject({
      Account: OTHER_ACCOUNT,
      Arn: `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/scanner/scan-1`,
    });
    expect(clusters.clusters?.map((c) => c.clusterName)).toEqual(['other']);
  });

  it('refuses a role in an account the emulator does not hold with AccessDenied (403)', async () => {
    // Act
    const result = sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/x',
        RoleSessionName: 'scan',
      }),
    );

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
  });
});
