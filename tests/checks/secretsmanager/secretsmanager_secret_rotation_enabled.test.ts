import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/secretsmanager/secretsmanager_secret_rotation_enabled.ts';
import type { RegionSnapshot } from '../../../lib/snapshot/types.ts';
import { arn, runCheck } from '../../support/evaluate.ts';

const serviceRunning = (taskDefinitionArn: string) => ({
  serviceArn: arn.service('api'),
  serviceName: 'api',
  status: 'ACTIVE',
  taskDefinition: taskDefinitionArn,
});

const accountWith = (
  valueFrom: string,
  secrets?: RegionSnapshot['secretsManager'],
): RegionSnapshot => ({
  ecs: {
    services: [serviceRunning(arn.taskDefinition('api:1'))],
    taskDefinitions: [
      {
        taskDefinitionArn: arn.taskDefinition('api:1'),
        containerDefinitions: [{ name: 'app', secrets: [{ name: 'DB_PASSWORD', valueFrom }] }],
      },
    ],
  },
  secretsManager: secrets,
});

const rotated = { ARN: arn.secret('db-AbCdEf'), Name: 'db', RotationEnabled: true };
const notRotated = { ARN: arn.secret('db-AbCdEf'), Name: 'db', RotationEnabled: false };
const rotationAbsent = { ARN: arn.secret('db-AbCdEf'), Name: 'db' };

describe('secretsmanager_secret_rotation_enabled', () => {
  it.each([
    [
      'passes when rotation is enabled',
      arn.secret('db-AbCdEf'),
      [rotated],
      'PASSED',
      'INFORMATIONAL',
    ],
    ['fails when rotation is disabled', arn.secret('db-AbCdEf'), [notRotated], 'FAILED', 'MEDIUM'],
    [
      'fails when RotationEnabled is absent',
      arn.secret('db-AbCdEf'),
      [rotationAbsent],
      'FAILED',
      'MEDIUM',
    ],
    [
      'matches a partial ARN without the random suffix',
      arn.secret('db'),
      [rotated],
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'matches an ARN followed by json-key, version stage and version ID',
      `${arn.secret('db-AbCdEf')}:password:AWSCURRENT:`,
      [rotated],
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'is not available when the secret was not described',
      arn.secret('db-AbCdEf'),
      [],
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
  ] as const)('%s', async (_name, valueFrom, secrets, status, severity) => {
    // Prepare
    const data = accountWith(valueFrom, { secrets: [...secrets] });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status, severity, resource: { kind: 'secret' } });
    expect(results[0]?.resource.arn).toContain(':secret:db');
  });

  it('is not available when Secrets Manager was not collected', async () => {
    const results = await runCheck(check, accountWith(arn.secret('db-AbCdEf'), undefined));

    expect(results.map((r) => r.status)).toEqual(['NOT_AVAILABLE']);
  });

  it('does not apply to SSM parameter references', async () => {
    const results = await runCheck(check, accountWith(arn.parameter('/prod/db'), { secrets: [] }));

    expect(results).toEqual([]);
  });

  it('reports one result for a secret shared by two task definitions', async () => {
    const data = accountWith(arn.secret('db-AbCdEf'), { secrets: [rotated] });
    data.ecs?.services?.push({
      ...serviceRunning(arn.taskDefinition('worker:3')),
      serviceArn: arn.service('worker'),
    });
    data.ecs?.taskDefinitions?.push({
      taskDefinitionArn: arn.taskDefinition('worker:3'),
      containerDefinitions: [
        { name: 'w', secrets: [{ name: 'DB', valueFrom: arn.secret('db-AbCdEf') }] },
      ],
    });

    const results = await runCheck(check, data);

    expect(results).toHaveLength(1);
  });

  it('reports one result for a secret referenced by its complete and by its partial ARN', async () => {
    // Prepare
    const data = accountWith(arn.secret('db-AbCdEf'), { secrets: [rotated] });
    data.ecs?.taskDefinitions?.[0]?.containerDefinitions?.push({
      name: 'sidecar',
      secrets: [{ name: 'DB', valueFrom: arn.secret('db') }],
    });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => [r.status, r.resource.arn])).toEqual([
      ['PASSED', arn.secret('db-AbCdEf')],
    ]);
  });
});
