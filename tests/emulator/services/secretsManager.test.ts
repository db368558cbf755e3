import {
  DescribeSecretCommand,
  type Filter,
  ListSecretsCommand,
  type ListSecretsCommandInput,
  paginateListSecrets,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import type { SecretsManagerSecret } from '../../../lib/snapshot/types.ts';
import { ACCOUNT, clientConfig, collect, OTHER_ACCOUNT, richSnapshot } from '../support.ts';

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

describe('the emulated Secrets Manager ListSecrets', () => {
  let emulator: Emulator;
  let secrets: SecretsManagerClient;

  const secretArn = (name: string, account = ACCOUNT, region = 'us-east-1') =>
    `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`;
  const created = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();
  const secret = (
    name: string,
    day: number,
    fields: Partial<SecretsManagerSecret> = {},
  ): SecretsManagerSecret => ({
    ARN: secretArn(name),
    Name: name,
    CreatedDate: created(day),
    LastChangedDate: created(day),
    ...fields,
  });

  /** The account's secrets: names, descriptions and tags the filter cases tell apart. */
  const SECRETS: SecretsManagerSecret[] = [
    secret('prod/db', 1, {
      Description: 'Payments Database',
      RotationEnabled: true,
      RotationLambdaARN: 'arn:aws:lambda:us-east-1:444455556666:function:rotate',
      RotationRules: { AutomaticallyAfterDays: 30 },
      Tags: [{ Key: 'team', Value: 'payments' }],
      VersionIdsToStages: { v1: ['AWSCURRENT'], v0: [] },
      ReplicationStatus: [{ Region: 'eu-west-1', Status: 'InSync' }],
    }),
    secret('prod/api-key', 2, {
      Description: 'partner API key',
      RotationEnabled: false,
      Tags: [{ Key: 'Team', Value: 'partners' }],
    }),
    secret('staging/db', 3, {
      Description: 'staging database',
      Tags: [{ Key: 'env', Value: 'staging' }],
      OwningService: 'rds',
      PrimaryRegion: 'us-east-1',
    }),
    secret('Prod/legacy', 4),
    secret('prod/retired', 5, { DeletedDate: created(20) }),
  ];
  const NOT_LISTED: SecretsManagerSecret[] = [
    // DescribeSecret reaches a secret of another account or region; ListSecrets lists neither.
    secret('shared', 6, { ARN: secretArn('shared', OTHER_ACCOUNT) }),
    secret('eu', 7, { ARN: secretArn('eu', ACCOUNT, 'eu-west-1') }),
  ];

  const names = async (input: ListSecretsCommandInput) =>
    (await secrets.send(new ListSecretsCommand(input))).SecretList?.map((s) => s.Name);

  beforeAll(async () => {
    const snapshot = richSnapshot();
    const region = snapshot.regions['us-east-1'];
    if (region) region.secretsManager = { secrets: [...SECRETS, ...NOT_LISTED] };
    emulator = await startEmulator({ accounts: [snapshot] });
    secrets = new SecretsManagerClient(clientConfig(emulator));
  });
  afterAll(() => {
    secrets.destroy();
    return emulator.close();
  });

  it("lists the account's secrets of the region by CreatedDate, leaving out those scheduled for deletion", async () => {
    // Act
    const listed = await names({});

    // Assess
    expect(listed).toEqual(['prod/db', 'prod/api-key', 'staging/db', 'Prod/legacy']);
  });

  it('lists the secrets scheduled for deletion too with IncludePlannedDeletion', async () => {
    // Act
    const result = await secrets.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));

    // Assess
    expect(result.SecretList?.map((s) => s.Name)).toContain('prod/retired');
    expect(result.SecretList?.find((s) => s.Name === 'prod/retired')?.DeletedDate).toEqual(
      new Date(created(20)),
    );
  });

  const filter = (Key: Filter['Key'], ...Values: string[]): Filter => ({ Key, Values });

  it.each<[string, Filter[], string[]]>([
    ['a name prefix, case-sensitive', [filter('name', 'prod/')], ['prod/db', 'prod/api-key']],
    ['another case of a name prefix', [filter('name', 'Prod')], ['Prod/legacy']],
    [
      'a description prefix, not case-sensitive',
      [filter('description', 'PAYMENTS data')],
      ['prod/db'],
    ],
    [
      'any of several values of one filter',
      [filter('name', 'staging', 'Prod')],
      ['staging/db', 'Prod/legacy'],
    ],
    [
      'all of several filters',
      [filter('name', 'prod'), filter('description', 'partner')],
      ['prod/api-key'],
    ],
    ['a negated value', [filter('name', '!prod')], ['staging/db', 'Prod/legacy']],
    [
      'a negated value beside another filter',
      [filter('name', 'prod'), filter('tag-key', '!te')],
      ['prod/api-key'],
    ],
    ['a tag key prefix, case-sensitive', [filter('tag-key', 'Te')], ['prod/api-key']],
    ['a tag value prefix', [filter('tag-value', 'pay')], ['prod/db']],
    [
      'a negated tag key, which secrets without tags match',
      [filter('tag-key', '!team')],
      ['prod/api-key', 'staging/db', 'Prod/legacy'],
    ],
    ['the owning service', [filter('owning-service', 'rd')], ['staging/db']],
    ['the primary region', [filter('primary-region', 'us-east')], ['staging/db']],
    ['words in any attribute, not case-sensitive', [filter('all', 'STAGING')], ['staging/db']],
    [
      'any word of the value in any attribute',
      [filter('all', 'legacyPartners')],
      ['prod/api-key', 'Prod/legacy'],
    ],
  ])('filters by %s', async (_name, Filters, expected) => {
    // Act
    const listed = await names({ Filters });

    // Assess
    expect(listed).toEqual(expected);
  });

  it.each<[string, ListSecretsCommandInput, string[]]>([
    [
      'CreatedDate descending',
      { SortOrder: 'desc' },
      ['Prod/legacy', 'staging/db', 'prod/api-key', 'prod/db'],
    ],
    ['name', { SortBy: 'name' }, ['Prod/legacy', 'prod/api-key', 'prod/db', 'staging/db']],
    [
      'name descending',
      { SortBy: 'name', SortOrder: 'desc' },
      ['staging/db', 'prod/db', 'prod/api-key', 'Prod/legacy'],
    ],
  ])('sorts by %s', async (_name, input, expected) => {
    // Act
    const listed = await names(input);

    // Assess
    expect(listed).toEqual(expected);
  });

  it('pages with MaxResults, a NextToken only while more remain', async () => {
    // Act
    const { items, pages } = await collect(
      paginateListSecrets({ client: secrets, pageSize: 3 }, { IncludePlannedDeletion: true }),
      (page) => page.SecretList,
    );
    const last = await secrets.send(
      new ListSecretsCommand({ MaxResults: 100, IncludePlannedDeletion: true }),
    );

    // Assess
    expect(pages).toBe(2);
    expect(items.map((s) => s.Name)).toEqual([
      'prod/db',
      'prod/api-key',
      'staging/db',
      'Prod/legacy',
      'prod/retired',
    ]);
    expect(last.NextToken).toBeUndefined();
  });

  it('pages one secret at a time with MaxResults 1', async () => {
    // Act
    const { items, pages } = await collect(
      paginateListSecrets({ client: secrets, pageSize: 1 }, {}),
      (page) => page.SecretList,
    );

    // Assess
    expect(pages).toBe(4);
    expect(items).toHaveLength(4);
  });

  it('gives each entry the secret’s rotation, tags and staged versions, never a value', async () => {
    // Act
    const result = await secrets.send(
      new ListSecretsCommand({ Filters: [filter('name', 'prod/')] }),
    );

    // Assess
    const [db, apiKey] = result.SecretList ?? [];
    expect(db).toEqual({
      ARN: secretArn('prod/db'),
      Name: 'prod/db',
      Description: 'Payments Database',
      RotationEnabled: true,
      RotationLambdaARN: 'arn:aws:lambda:us-east-1:444455556666:function:rotate',
      RotationRules: { AutomaticallyAfterDays: 30 },
      Tags: [{ Key: 'team', Value: 'payments' }],
      SecretVersionsToStages: { v1: ['AWSCURRENT'] },
      CreatedDate: new Date(created(1)),
      LastChangedDate: new Date(created(1)),
    });
    expect(apiKey).toMatchObject({
      RotationEnabled: false,
      Tags: [{ Key: 'Team', Value: 'partners' }],
    });
  });

  const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);

  it.each<[string, string, ListSecretsCommandInput, string]>([
    [
      '11 filters',
      'ValidationException',
      { Filters: Array.from({ length: 11 }, () => filter('name', 'a')) },
      "at 'filters' failed to satisfy constraint: Member must have length less than or equal to 10",
    ],
    [
      '11 values in a filter',
      'ValidationException',
      { Filters: [filter('name', ...values(11))] },
      "at 'filters.1.member.values' failed to satisfy constraint: Member must have length less than or equal to 10",
    ],
    [
      'a filter without values',
      'ValidationException',
      { Filters: [filter('name')] },
      'Member must have length greater than or equal to 1',
    ],
    [
      'a value of 513 characters',
      'ValidationException',
      { Filters: [filter('name', 'a'.repeat(513))] },
      'Member must have length less than or equal to 512',
    ],
    [
      'a value with a character outside the pattern',
      'ValidationException',
      { Filters: [filter('name', 'a*')] },
      'Member must satisfy regular expression pattern',
    ],
    [
      'an unknown filter key',
      'ValidationException',
      { Filters: [{ Key: 'arn' as Filter['Key'], Values: ['a'] }] },
      "Value 'arn' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set",
    ],
    [
      'a filter without a key',
      'InvalidParameterException',
      { Filters: [{ Values: ['a'] }] },
      'Invalid filter key',
    ],
    [
      'MaxResults 101',
      'ValidationException',
      { MaxResults: 101 },
      "Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    ],
    [
      'MaxResults 0',
      'ValidationException',
      { MaxResults: 0 },
      'Member must have value greater than or equal to 1',
    ],
    [
      'an unknown SortBy',
      'ValidationException',
      { SortBy: 'size' as ListSecretsCommandInput['SortBy'] },
      "at 'sortBy' failed to satisfy constraint",
    ],
    [
      'a NextToken it did not hand out',
      'InvalidNextTokenException',
      { NextToken: 'not-a-token' },
      'The NextToken value is invalid.',
    ],
  ])('answers %s with %s', async (_name, name, input, message) => {
    // Act
    const result = secrets.send(new ListSecretsCommand(input));

    // Assess
    await expect(result).rejects.toMatchObject({
      name,
      message: expect.stringContaining(message),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('counts every violation of one request in its ValidationException', async () => {
    // Act
    const result = secrets.send(
      new ListSecretsCommand({ MaxResults: 500, Filters: [filter('name', ...values(11))] }),
    );

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/^2 validation errors detected: /),
    });
  });

  it('answers AccessDeniedException when the snapshot did not collect secretsManager.secrets', async () => {
    // Prepare
    const snapshot = richSnapshot();
    delete snapshot.regions['us-east-1']?.secretsManager;
    const denying = await startEmulator({ accounts: [snapshot] });
    const client = new SecretsManagerClient(clientConfig(denying));

    try {
      // Act
      const result = client.send(new ListSecretsCommand({}));

      // Assess
      await expect(result).rejects.toMatchObject({
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      });
    } finally {
      client.destroy();
      await denying.close();
    }
  });
});
