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

  it('does not find a secret by its name in another region', async () => {
    // Prepare
    const elsewhere = new SecretsManagerClient(clientConfig(emulator, 'ap-south-1'));

    // Act
    const result = elsewhere.send(new DescribeSecretCommand({ SecretId: 'db-1' }));

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    elsewhere.destroy();
  });

  it.each([
    ['its full ARN', ARN.replace(ACCOUNT, '999988887777')],
    ['its partial ARN', ARN.replace(ACCOUNT, '999988887777').slice(0, -7)],
  ])(
    'answers AccessDeniedException for a secret of another account named by %s',
    async (_name, SecretId) => {
      // Act
      const result = secrets.send(new DescribeSecretCommand({ SecretId }));

      // Assess
      await expect(result).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringContaining(
          `not authorized to perform: secretsmanager:DescribeSecret on resource: ${SecretId} because no resource-based policy allows`,
        ),
        $metadata: { httpStatusCode: 400 },
      });
    },
  );

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
