import { AssumeRoleCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator, FaultConfig } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { CannotIdentifyError, WrongAccountError } from '../../lib/scan/errors.ts';
import { identify } from '../../lib/scan/identity.ts';
import { SNAPSHOT_FORMAT, type Snapshot } from '../../lib/snapshot/types.ts';
import { CREDENTIALS } from '../emulator/support.ts';

const COMMERCIAL = '111122223333';
const GOV_CLOUD = '222233334444';
const CHINA = '333344445555';

/** An account of this partition that holds nothing: STS is all these tests ask about. */
const account = (accountId: string, partition: string): Snapshot => ({
  format: SNAPSHOT_FORMAT,
  accountId,
  partition,
  regions: {},
  failures: [],
});

describe('identify', () => {
  let emulator: Emulator;
  const clients: STSClient[] = [];

  /** A real STS client at the emulator, with the default keys (the commercial account) or these. */
  const stsClient = (region: string, credentials: STSClientConfig['credentials'] = CREDENTIALS) => {
    const client = new STSClient({ region, endpoint: emulator.url, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  /** A client signed with the keys of a role STS let the default keys assume in that account. */
  const stsClientIn = async (accountId: string, partition: string, region: string) => {
    const { Credentials } = await stsClient('us-east-1').send(
      new AssumeRoleCommand({
        RoleArn: `arn:${partition}:iam::${accountId}:role/ecs-encryption-scanner-member`,
        RoleSessionName: 'identity-test',
      }),
    );
    emulator.resetCalls();
    return stsClient(region, {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken,
    });
  };

  beforeAll(async () => {
    emulator = await startEmulator({
      accounts: [
        account(COMMERCIAL, 'aws'),
        account(GOV_CLOUD, 'aws-us-gov'),
        account(CHINA, 'aws-cn'),
      ],
    });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.resetCalls());
  afterEach(() => {
    emulator.setFaults({});
    for (const client of clients.splice(0)) client.destroy();
  });

  describe('when the account the credentials reach is known', () => {
    it.each([
      ['us-east-1', 'aws'],
      ['eu-central-2', 'aws'],
      ['cn-north-1', 'aws-cn'],
      ['us-gov-west-1', 'aws-us-gov'],
      ['us-iso-east-1', 'aws-iso'],
      ['us-isob-east-1', 'aws-iso-b'],
      ['eusc-de-east-1', 'aws-eusc'],
    ])('asks STS nothing and takes the partition of %s: %s', async (region, partition) => {
      // Act
      const identity = await identify(stsClient(region), region, { known: '999988887777' });

      // Assess
      expect(identity).toEqual({ accountId: '999988887777', partition });
      expect(emulator.calls()).toEqual({});
    });

    it('accepts the known account when it is the one expected', async () => {
      // Act
      const identity = await identify(stsClient('us-east-1'), 'us-east-1', {
        known: COMMERCIAL,
        expected: COMMERCIAL,
      });

      // Assess
      expect(identity).toEqual({ accountId: COMMERCIAL, partition: 'aws' });
      expect(emulator.calls()).toEqual({});
    });

    it('refuses a known account that is not the one expected, without asking STS', async () => {
      // Act
      const result = identify(stsClient('us-east-1'), 'us-east-1', {
        known: COMMERCIAL,
        expected: GOV_CLOUD,
      });

      // Assess
      await expect(result).rejects.toThrow(WrongAccountError);
      await expect(result).rejects.toThrow(
        `the credentials reach account ${COMMERCIAL}, not ${GOV_CLOUD}: nothing was scanned.`,
      );
      expect(emulator.calls()).toEqual({});
    });
  });

  describe("from STS's answer", () => {
    it('names the account of the default keys and the partition of its caller ARN', async () => {
      // Act
      const identity = await identify(stsClient('us-east-1'), 'us-east-1');

      // Assess
      expect(identity).toEqual({ accountId: COMMERCIAL, partition: 'aws' });
      expect(emulator.calls()).toEqual({ sts: { GetCallerIdentity: 1 } });
    });

    it.each([
      // The caller ARN names the partition even when the region is of another one.
      ['a GovCloud role asked in us-east-1', GOV_CLOUD, 'aws-us-gov', 'us-east-1'],
      ['a GovCloud role asked in its own region', GOV_CLOUD, 'aws-us-gov', 'us-gov-west-1'],
      ['a China role asked in eu-west-1', CHINA, 'aws-cn', 'eu-west-1'],
    ])(
      'names the account and the partition of the caller ARN of %s',
      async (_name, accountId, partition, region) => {
        // Prepare
        const sts = await stsClientIn(accountId, partition, region);

        // Act
        const identity = await identify(sts, region, { expected: accountId });

        // Assess
        expect(identity).toEqual({ accountId, partition });
        expect(emulator.calls()).toEqual({ sts: { GetCallerIdentity: 1 } });
      },
    );

    it.each<[string, string, string, string | undefined]>([
      ['no caller ARN', 'us-gov-east-1', 'aws-us-gov', undefined],
      ['no caller ARN', 'cn-northwest-1', 'aws-cn', undefined],
      ['no caller ARN', 'ap-south-1', 'aws', undefined],
      ['an empty caller ARN', 'us-isob-east-1', 'aws-iso-b', ''],
      ['a caller ARN that is no ARN', 'eusc-de-east-1', 'aws-eusc', 'user/emulator'],
      [
        'a caller ARN with an empty partition',
        'cn-north-1',
        'aws-cn',
        'arn::iam::111122223333:user/x',
      ],
    ])(
      'falls back, when STS answers %s, on the partition of the region (%s: %s)',
      async (_name, region, partition, arn) => {
        // Prepare: STS's answer, as the SDK parsed it, with the Arn changed.
        const sts = stsClient(region);
        sts.middlewareStack.add(
          (next) => async (args) => {
            const result = await next(args);
            const output = result.output as { Arn?: string };
            if (arn === undefined) delete output.Arn;
            else output.Arn = arn;
            return result;
          },
          { step: 'initialize', name: 'changeCallerArn' },
        );

        // Act
        const identity = await identify(sts, region);

        // Assess
        expect(identity).toEqual({ accountId: COMMERCIAL, partition });
        expect(emulator.calls()).toEqual({ sts: { GetCallerIdentity: 1 } });
      },
    );

    it('refuses credentials that reach another account than the one expected', async () => {
      // Act
      const result = identify(stsClient('us-east-1'), 'us-east-1', { expected: GOV_CLOUD });

      // Assess
      await expect(result).rejects.toThrow(WrongAccountError);
      await expect(result).rejects.toThrow(
        `the credentials reach account ${COMMERCIAL}, not ${GOV_CLOUD}: nothing was scanned.`,
      );
    });

    it('refuses, as account ?, an answer that names no account when one is expected', async () => {
      // Prepare
      const sts = stsClient('us-east-1');
      sts.middlewareStack.add(
        (next) => async (args) => {
          const result = await next(args);
          delete (result.output as { Account?: string }).Account;
          return result;
        },
        { step: 'initialize', name: 'dropAccount' },
      );

      // Act
      const result = identify(sts, 'us-east-1', { expected: COMMERCIAL });

      // Assess
      await expect(result).rejects.toThrow(
        `the credentials reach account ?, not ${COMMERCIAL}: nothing was scanned.`,
      );
    });
  });

  describe('when STS fails', () => {
    it.each<[string, FaultConfig, string]>([
      [
        'expired keys',
        { errors: [{ operation: 'sts:GetCallerIdentity', code: 'ExpiredToken', status: 403 }] },
        'ExpiredToken',
      ],
      [
        'unknown keys',
        {
          errors: [
            { operation: 'sts:GetCallerIdentity', code: 'InvalidClientTokenId', status: 403 },
          ],
        },
        'InvalidClientTokenId',
      ],
      [
        'a 500',
        { errors: [{ operation: 'sts', code: 'InternalFailure', status: 500 }] },
        'InternalFailure',
      ],
      ['a refusal', { accessDenied: ['sts:GetCallerIdentity'] }, 'AccessDenied'],
      ['throttling', { throttle: ['sts'] }, 'Throttling'],
      ['a reset connection', { reset: ['sts:GetCallerIdentity'] }, 'ECONNRESET'],
    ])(
      'throws a CannotIdentifyError naming the region and the error code of %s',
      async (_name, faults, errorCode) => {
        // Prepare
        emulator.setFaults(faults);

        // Act
        const result = identify(stsClient('eu-west-3'), 'eu-west-3', { expected: COMMERCIAL });

        // Assess
        const error = await result.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(CannotIdentifyError);
        expect(error).toMatchObject({
          region: 'eu-west-3',
          errorCode,
          message: `cannot identify the AWS account (STS GetCallerIdentity in eu-west-3 failed: ${errorCode}).`,
        });
      },
    );
  });
});
