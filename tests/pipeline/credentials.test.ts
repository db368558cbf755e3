import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialBroker, MemberRoleError } from '../../lib/pipeline/credentials.ts';
import {
  type Bench,
  CREDENTIALS,
  DEPLOYMENT_ACCOUNT,
  MEMBER_ACCOUNT,
  REGION,
  startBench,
} from '../handlers/support.ts';

describe('the credential broker', () => {
  let bench: Bench;
  let sts: STSClient;

  beforeAll(async () => {
    bench = await startBench();
    sts = new STSClient({ region: REGION, endpoint: bench.emulator.url, credentials: CREDENTIALS });
  });
  afterAll(() => bench.close());

  const broker = (now = () => Date.now()) =>
    createCredentialBroker({
      sts,
      deploymentAccountId: DEPLOYMENT_ACCOUNT,
      memberRoleName: 'member',
      now,
    });

  it("uses the function's own credentials for the deployment account", async () => {
    // Act
    const credentials = await broker().credentialsFor(DEPLOYMENT_ACCOUNT, 'aws');

    // Assess
    expect(credentials).toBeUndefined();
    expect(bench.emulator.calls().sts).toBeUndefined();
  });

  it('assumes the member role once and reuses it until shortly before it expires', async () => {
    // Prepare
    bench.emulator.resetCalls();
    let now = Date.now();
    const subject = broker(() => now);

    // Act
    const first = await subject.credentialsFor(MEMBER_ACCOUNT, 'aws');
    const second = await subject.credentialsFor(MEMBER_ACCOUNT, 'aws');
    now += 50 * 60 * 1000;
    const renewed = await subject.credentialsFor(MEMBER_ACCOUNT, 'aws');

    // Assess
    expect(second).toBe(first);
    expect(renewed).not.toBe(first);
    expect(bench.emulator.calls().sts).toEqual({ AssumeRole: 2 });
  });

  it('refuses a session that STS says reaches another account', async () => {
    // Prepare: STS itself cannot be made to do this, so a stand-in answers for it.
    const sts = {
      send: async () => ({
        Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'x', SessionToken: 'y' },
        AssumedRoleUser: {
          Arn: 'arn:aws:sts::999988887777:assumed-role/member/s',
          AssumedRoleId: 'a',
        },
      }),
    } as unknown as STSClient;
    const subject = createCredentialBroker({
      sts,
      deploymentAccountId: DEPLOYMENT_ACCOUNT,
      memberRoleName: 'member',
    });

    // Act
    const result = subject.credentialsFor(MEMBER_ACCOUNT, 'aws');

    // Assess
    await expect(result).rejects.toThrow(MemberRoleError);
    await expect(result).rejects.toThrow('(they reach 999988887777): nothing was scanned.');
  });

  it('says how to fix a member role it cannot assume', async () => {
    // Act
    const result = broker().credentialsFor('999988887777', 'aws');

    // Assess
    await expect(result).rejects.toThrow(MemberRoleError);
    await expect(result).rejects.toThrow(
      'cannot assume arn:aws:iam::999988887777:role/member (AccessDenied): deploy the member role (deploy/member-role.yaml) in account 999988887777',
    );
  });
});
