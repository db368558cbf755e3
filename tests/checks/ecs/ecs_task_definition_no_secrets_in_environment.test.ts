import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/ecs/ecs_task_definition_no_secrets_in_environment.ts';
import { DEFAULT_CONFIG } from '../../../lib/config.ts';
import { buildInventory } from '../../../lib/evaluate/inventory/inventory.ts';
import { ACCOUNT, arn, NOW, REGION, runCheck } from '../../support/evaluate.ts';
import {
  accountRunning,
  container,
  taskDefinition,
  withEnvironment,
} from '../../support/taskdef.ts';

// Obviously fake, but in formats the detector recognizes.
const FAKE = {
  accessKeyId: 'AKIAQYLPMN5HHHFPZAM2',
  secretAccessKey: 'x9Fq2LmZp7Rt4Wv8Yb1Nc5Hd3Kj6Gs0Ae2Ui9OoQ',
  githubToken: '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',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0YXNrZGVmLWRlbW8ifQ.c2lnbmF0dXJlLW5vdC1yZWFs',
  privateKey:
    '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAfakefakefake\n-----END RSA PRIVATE KEY-----',
  databaseUrl: 'postgres://app:Pl41nT3xtPw@db.internal:5432/app',
  redisUrl: 'redis://:Pl41nT3xtPw@cache.internal:6379/0',
  password: 'changeme',
  apiKey: 'abc123xyz789',
};

const ordinary = {
  NODE_ENV: 'production',
  PORT: '8080',
  DB_HOST: 'db.internal',
  LOG_LEVEL: 'info',
};

describe('ecs_task_definition_no_secrets_in_environment', () => {
  it.each([
    ['passes when the environment holds ordinary settings', ordinary, 'PASSED', 'INFORMATIONAL'],
    ['passes when the container has no environment', {}, 'PASSED', 'INFORMATIONAL'],
    [
      'passes when secret-like names hold benign values',
      {
        PASSWORD_MIN_LENGTH: '12',
        MYSQL_ALLOW_EMPTY_PASSWORD: 'yes',
        TOKEN_TTL: '3600',
        AUTH_ENABLED: 'true',
        SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf',
        DB_PASSWORD_FILE: '/run/secrets/db',
        API_KEY: ['$', '{API_KEY}'].join(''), // a literal placeholder: ECS does not expand it
        AUTH_URL: 'https://auth.example.com/oauth2/authorize',
      },
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes when an AWS account ID is set (not a credential)',
      { AWS_ACCOUNT_ID: '123456789012' },
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'fails high when DB_PASSWORD holds a weak password',
      { ...ordinary, DB_PASSWORD: FAKE.password },
      'FAILED',
      'HIGH',
    ],
    [
      'fails high when API_KEY holds a value of no known format',
      { API_KEY: FAKE.apiKey },
      'FAILED',
      'HIGH',
    ],
    [
      'fails high when a value sets a password inside it',
      { JAVA_OPTS: `-Xmx512m -Dspring.datasource.password=${FAKE.password}` },
      'FAILED',
      'HIGH',
    ],
    [
      'fails critical when any variable holds an AWS access key ID',
      { S3_UPLOAD_ID: FAKE.accessKeyId },
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when AWS_SECRET_ACCESS_KEY holds a secret key',
      { AWS_SECRET_ACCESS_KEY: FAKE.secretAccessKey },
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when a variable holds a GitHub token',
      { CI_HELPER: FAKE.githubToken },
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when a variable holds a JWT',
      { SERVICE_IDENTITY: FAKE.jwt },
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when a variable holds a PEM private key',
      { TLS_MATERIAL: FAKE.privateKey },
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when a URL embeds a password',
      { DATABASE_URL: FAKE.databaseUrl },
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when a URL embeds a password without a user name',
      { REDIS_URL: FAKE.redisUrl },
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when a credential and a secret-named variable are both present',
      { DB_PASSWORD: FAKE.password, AWS_KEY: FAKE.accessKeyId },
      'FAILED',
      'CRITICAL',
    ],
  ] as const)('%s', async (_name, environment, status, severity) => {
    // Prepare
    const data = accountRunning([taskDefinition('api:1', [withEnvironment(environment)])]);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity,
      resource: { kind: 'taskDefinition', name: 'api:1' },
    });
  });

  it('names the container, the variable and the credential format in the reason', async () => {
    // Prepare
    const data = accountRunning([
      taskDefinition('api:1', [
        withEnvironment({ DB_PASSWORD: FAKE.password }, { name: 'web' }),
        withEnvironment({ AWS_KEY: FAKE.accessKeyId }, { name: 'sidecar' }),
      ]),
    ]);

    // Act
    const [result] = await runCheck(check, data);

    // Assess
    expect(result?.reason).toContain('container sidecar: AWS_KEY (aws-access-key-id)');
    expect(result?.reason).toContain('container web: DB_PASSWORD');
    expect(result?.reason).not.toMatch(/\baws\b,|\(aws,/);
  });

  it('never puts a value anywhere in its results', async () => {
    // Prepare
    const environment = {
      DB_PASSWORD: FAKE.password,
      API_KEY: FAKE.apiKey,
      AWS_ACCESS_KEY_ID: FAKE.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE.secretAccessKey,
      GITHUB_TOKEN: FAKE.githubToken,
      ID_TOKEN: FAKE.jwt,
      PRIVATE_KEY: FAKE.privateKey,
      DATABASE_URL: FAKE.databaseUrl,
      REDIS_URL: FAKE.redisUrl,
      JAVA_OPTS: `-Dspring.datasource.password=${FAKE.apiKey}`,
    };
    const data = accountRunning([
      taskDefinition('api:1', [withEnvironment(environment)]),
      taskDefinition('worker:2', [
        withEnvironment({ DB_PASSWORD: FAKE.password, API_KEY: FAKE.apiKey }),
      ]),
    ]);

    // Act
    const json = JSON.stringify(await runCheck(check, data));

    // Assess
    expect(json).toContain('DB_PASSWORD');
    for (const value of Object.values(environment)) {
      expect(json).not.toContain(value);
      expect(json).not.toContain(value.slice(0, 12));
    }
    expect(json).not.toContain('Pl41nT3xtPw');
  });

  it('warns low when environment files are used and nothing else fails', async () => {
    // Prepare
    const files = [{ value: 'arn:aws:s3:::taskdef-config/app.env', type: 's3' as const }];
    const data = accountRunning([
      taskDefinition('api:1', [withEnvironment(ordinary, { environmentFiles: files })]),
    ]);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results[0]).toMatchObject({ status: 'WARNING', severity: 'LOW' });
    expect(results[0]?.reason).toContain('container app');
  });

  it('fails rather than warns when environment files are used beside a secret', async () => {
    // Prepare
    const files = [{ value: 'arn:aws:s3:::taskdef-config/app.env', type: 's3' as const }];
    const data = accountRunning([
      taskDefinition('api:1', [
        withEnvironment({ DB_PASSWORD: FAKE.password }, { environmentFiles: files }),
      ]),
    ]);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results[0]).toMatchObject({ status: 'FAILED', severity: 'HIGH' });
  });

  it('passes when secrets come from the secrets parameter', async () => {
    // Prepare
    const secrets = [{ name: 'DB_PASSWORD', valueFrom: arn.secret('prod/db-AbCdEf') }];
    const data = accountRunning([taskDefinition('api:1', [container({ secrets })])]);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results[0]).toMatchObject({ status: 'PASSED' });
  });

  it('is not available for a task definition that was not described', async () => {
    // Prepare
    const data = accountRunning([], {}, [arn.taskDefinition('api:7')]);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'NOT_AVAILABLE', resource: { name: 'api:7' } });
  });

  it('is not available when credential detection did not run over the values', async () => {
    // Prepare: the inventory without detectCredentials
    const data = accountRunning([
      taskDefinition('api:1', [withEnvironment({ SERVICE_IDENTITY: FAKE.jwt })]),
    ]);
    const inventory = buildInventory(
      { accountId: ACCOUNT, partition: 'aws', region: REGION },
      data,
      DEFAULT_CONFIG,
    );

    // Act
    const results = check.evaluate({ inventory, config: DEFAULT_CONFIG, now: NOW });

    // Assess
    expect(results[0]).toMatchObject({ status: 'NOT_AVAILABLE' });
  });

  it('still fails on names when credential detection did not run', async () => {
    // Prepare
    const data = accountRunning([
      taskDefinition('api:1', [withEnvironment({ DB_PASSWORD: FAKE.password })]),
    ]);
    const inventory = buildInventory(
      { accountId: ACCOUNT, partition: 'aws', region: REGION },
      data,
      DEFAULT_CONFIG,
    );

    // Act
    const results = check.evaluate({ inventory, config: DEFAULT_CONFIG, now: NOW });

    // Assess
    expect(results[0]).toMatchObject({ status: 'FAILED', severity: 'HIGH' });
  });

  it('reports one result per task definition', async () => {
    // Prepare
    const data = accountRunning([
      taskDefinition('api:1', [withEnvironment(ordinary)]),
      taskDefinition('worker:3', [withEnvironment({ API_TOKEN: FAKE.apiKey })]),
    ]);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['api:1', 'PASSED'],
      ['worker:3', 'FAILED'],
    ]);
  });

  it('returns nothing when ECS services were not collected', async () => {
    // Act
    const results = await runCheck(check, {});

    // Assess
    expect(results).toEqual([]);
  });
  it('reports CRITICAL, its highest severity, only for a recognizable credential, HIGH for a secret by name', async () => {
    // Prepare
    const data = accountRunning([
      taskDefinition('api:1', [
        withEnvironment({
          AWS_SECRET_ACCESS_KEY: 'x9Fq2LmZp7Rt4Wv8Yb1Nc5Hd3Kj6Gs0Ae2Ui9OoQ',
          AWS_ACCESS_KEY_ID: 'AKIAQYLPMN5HHHFPZAM2',
        }),
      ]),
      taskDefinition('web:1', [withEnvironment({ DB_PASSWORD: 'correct-horse-battery-staple' })]),
    ]);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(check.metadata.severity).toBe('CRITICAL');
    expect(check.metadata.description).toContain(
      'A recognizable credential fails CRITICAL, a secret judged by its name or content alone HIGH',
    );
    expect(results.map((r) => [r.resource.name, r.status, r.severity])).toEqual([
      ['api:1', 'FAILED', 'CRITICAL'],
      ['web:1', 'FAILED', 'HIGH'],
    ]);
  });
});
