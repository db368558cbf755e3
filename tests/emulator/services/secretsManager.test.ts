import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import { ACCOUNT, clientConfig, richSnapshot } from '../support.ts';

const ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-1-AbCdE1`;

describe('the emulated Secrets Manager', () => {
  let emulator: Emulator;
  let secrets: SecretsManagerClient;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot()] });
    secrets = new SecretsManagerClient(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  it.each([
    ['its full ARN', ARN],
    ['its partial ARN', ARN.slice(0, -7)],
    ['its name', 'db-1'],
  ])('describes a secret by %s', async (_name, SecretId) => {
    // Act
    const result = await secrets.send(new DescribeSecretCommand({ SecretId }));

    // Assess
    expect(result.ARN).toBe(ARN);
    expect(result.VersionIdsToStages).toEqual({
      'v1-current': ['AWSCURRENT'],
      'v1-previous': ['AWSPREVIOUS'],
    });
    expect(result.NextRotationDate).toEqual(new Date('2026-02-14T10:30:15.250Z'));
  });

  it('answers ResourceNotFoundException for an unknown secret', async () => {
    // Act
    const result = secrets.send(new DescribeSecretCommand({ SecretId: 'nope' }));

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
