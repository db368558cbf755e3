import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultConfig } from '../../emulator/api.ts';
import {
  createCredentialBroker,
  MemberRoleError,
  StsUnavailableError,
} from '../../lib/lambda/credentials.ts';
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

  it.each<[string, FaultConfig, string]>([
    ['STS answering 500 and 503', { serverErrorRate: 1 }, 'STS answered InternalFailure'],
    ['a connection reset', { unreachable: ['sts'] }, 'STS answered ECONNRESET'],
    ['throttling', { throttling: true, throttleRateFactor: 0.0001 }, 'STS answered Throttling'],
  ])(
    'tells a transient STS failure (%s) from a missing member role: a later attempt can succeed',
    async (_name, faults, answered) => {
      // Prepare: one attempt per call; the throttled bucket lets exactly the first call through.
      const once = new STSClient({
        region: REGION,
        endpoint: bench.emulator.url,
        credentials: CREDENTIALS,
        maxAttempts: 1,
      });
      bench.emulator.setFaults(faults);
      let now = Date.now();
      const subject = createCredentialBroker({
        sts: once,
        deploymentAccountId: DEPLOYMENT_ACCOUNT,
        memberRoleName: 'member',
        now: () => now,
      });
      if (faults.throttling) {
        await subject.credentialsFor(MEMBER_ACCOUNT, 'aws');
        now += 50 * 60 * 1000;
      }

      // Act
      const result = subject.credentialsFor(MEMBER_ACCOUNT, 'aws');

      // Assess
      try {
        await expect(result).rejects.toThrow(StsUnavailableError);
        await expect(result).rejects.toThrow(
          `could not assume arn:aws:iam::${MEMBER_ACCOUNT}:role/member: ${answered}, a transient failure (throttling, a server error or the network), not a missing member role; nothing was scanned, and a later attempt can succeed.`,
        );
        await expect(result).rejects.not.toThrow('deploy the member role');
      } finally {
        bench.emulator.setFaults({});
        once.destroy();
      }
    },
  );

  it('says to deploy the member role when STS denies the assumption', async () => {
    // Prepare
    bench.emulator.setFaults({ accessDenied: ['sts:AssumeRole'] });

    // Act
    const result = broker().credentialsFor(MEMBER_ACCOUNT, 'aws');

    // Assess
    try {
      await expect(result).rejects.toThrow(MemberRoleError);
      await expect(result).rejects.toThrow(
        `cannot assume arn:aws:iam::${MEMBER_ACCOUNT}:role/member (AccessDenied): deploy the member role (deploy/member-role.yaml) in account ${MEMBER_ACCOUNT}, trusting the scanner's role.`,
      );
    } finally {
      bench.emulator.setFaults({});
    }
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
