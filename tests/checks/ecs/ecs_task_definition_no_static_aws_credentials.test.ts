import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/ecs/ecs_task_definition_no_static_aws_credentials.ts';
import { DEFAULT_CONFIG } from '../../../lib/config.ts';
import { buildInventory } from '../../../lib/evaluate/inventory/inventory.ts';
import { ACCOUNT, arn, NOW, REGION, runCheck } from '../../support/evaluate.ts';
import {
  accountRunning,
  type Container,
  container,
  taskDefinition,
  withEnvironment,
} from '../../support/taskdef.ts';

const FAKE_KEY_ID = 'AKIAQYLPMN5HHHFPZAM2';
const FAKE_TEMPORARY_KEY_ID = 'ASIAQYLPMN5HHHFPZAM3';
const FAKE_SECRET_KEY = 'x9Fq2LmZp7Rt4Wv8Yb1Nc5Hd3Kj6Gs0Ae2Ui9OoQ';
const TASK_ROLE = 'arn:aws:iam::111122223333:role/taskdef-api-task';

const fromSecrets = (...names: string[]): Container =>
  container({
    secrets: names.map((name) => ({
      name,
      valueFrom: arn.secret(`prod/aws-keys-AbCdEf:${name}::`),
    })),
  });

describe('ecs_task_definition_no_static_aws_credentials', () => {
  it.each([
    [
      'passes when the environment has no AWS keys',
      withEnvironment({ AWS_REGION: 'us-east-1' }),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes when AWS_ACCESS_KEY_ID is set but empty',
      withEnvironment({ AWS_ACCESS_KEY_ID: '' }),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes when only an AWS account ID is set',
      withEnvironment({ AWS_ACCOUNT_ID: '123456789012' }),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes when other secrets are injected',
      fromSecrets('DB_PASSWORD'),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'fails critical when AWS_ACCESS_KEY_ID is in the environment',
      withEnvironment({ AWS_ACCESS_KEY_ID: FAKE_KEY_ID }),
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when AWS_SECRET_ACCESS_KEY is in the environment',
      withEnvironment({ AWS_SECRET_ACCESS_KEY: FAKE_SECRET_KEY }),
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when the name is in lower case',
      withEnvironment({ aws_secret_access_key: FAKE_SECRET_KEY }),
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when the Java SDK alternate AWS_SECRET_KEY is set',
      withEnvironment({ AWS_SECRET_KEY: FAKE_SECRET_KEY }),
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when ECS_ENGINE_AUTH_DATA is in the environment',
      withEnvironment({
        ECS_ENGINE_AUTH_DATA: '{"https://index.docker.io/v1/":{"auth":"ZmFrZTpmYWtl"}}',
      }),
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when any variable holds an AKIA access key ID',
      withEnvironment({ UPLOADER_ID: FAKE_KEY_ID }),
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when any variable holds an ASIA access key ID',
      withEnvironment({ TEMP_ID: FAKE_TEMPORARY_KEY_ID }),
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails critical when a secret key sits under another SECRET_ACCESS_KEY name',
      withEnvironment({ S3_SECRET_ACCESS_KEY: FAKE_SECRET_KEY }),
      'FAILED',
      'CRITICAL',
    ],
    [
      'fails high when AWS keys are injected through secrets',
      fromSecrets('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'),
      'FAILED',
      'HIGH',
    ],
    [
      'fails high when ECS_ENGINE_AUTH_DATA is injected through secrets',
      fromSecrets('ECS_ENGINE_AUTH_DATA'),
      'FAILED',
      'HIGH',
    ],
  ] as const)('%s', async (_name, definitionContainer, status, severity) => {
    // Prepare
    const data = accountRunning([
      taskDefinition('api:1', [definitionContainer], { taskRoleArn: TASK_ROLE }),
    ]);

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

  it('reports critical when keys are both in the environment and in secrets, naming both', async () => {
    // Prepare
    const both = container({
      name: 'web',
      environment: [{ name: 'AWS_ACCESS_KEY_ID', value: FAKE_KEY_ID }],
      secrets: [{ name: 'AWS_SECRET_ACCESS_KEY', valueFrom: arn.secret('prod/aws-keys-AbCdEf') }],
    });
    const data = accountRunning([taskDefinition('api:1', [both])]);

    // Act
    const [result] = await runCheck(check, data);

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', severity: 'CRITICAL' });
    expect(result?.reason).toContain('container web: AWS_ACCESS_KEY_ID');
    expect(result?.reason).toContain('secrets (container web: AWS_SECRET_ACCESS_KEY)');
    expect(result?.reason).toContain('no task IAM role (taskRoleArn)');
    expect(JSON.stringify(result)).not.toContain(FAKE_KEY_ID);
  });

  it('does not mention a missing task role when the task definition has one', async () => {
    // Prepare
    const data = accountRunning([
      taskDefinition('api:1', [withEnvironment({ AWS_ACCESS_KEY_ID: FAKE_KEY_ID })], {
        taskRoleArn: TASK_ROLE,
      }),
    ]);

    // Act
    const [result] = await runCheck(check, data);

    // Assess
    expect(result?.reason).not.toContain('taskRoleArn');
  });

  it('finds an access key ID even when credential detection did not run', async () => {
    // Prepare: the inventory without detectCredentials
    const data = accountRunning([
      taskDefinition('api:1', [withEnvironment({ UPLOADER_ID: FAKE_KEY_ID })]),
    ]);
    const inventory = buildInventory(
      { accountId: ACCOUNT, partition: 'aws', region: REGION },
      data,
      DEFAULT_CONFIG,
    );

    // Act
    const results = check.evaluate({ inventory, config: DEFAULT_CONFIG, now: NOW });

    // Assess
    expect(results[0]).toMatchObject({ status: 'FAILED', severity: 'CRITICAL' });
  });

  it('is not available for a task definition that was not described', async () => {
    // Prepare
    const data = accountRunning([], {}, [arn.taskDefinition('api:7')]);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toEqual([
      expect.objectContaining({
        status: 'NOT_AVAILABLE',
        resource: expect.objectContaining({ name: 'api:7' }),
      }),
    ]);
  });

  it('returns nothing when ECS services were not collected', async () => {
    // Act
    const results = await runCheck(check, {});

    // Assess
    expect(results).toEqual([]);
  });
});
