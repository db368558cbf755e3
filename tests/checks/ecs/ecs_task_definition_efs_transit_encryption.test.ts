import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/ecs/ecs_task_definition_efs_transit_encryption.ts';
import { arn, runCheck } from '../../support/evaluate.ts';
import { accountRunning, container, taskDefinition, type Volume } from '../../support/taskdef.ts';

// `transitEncryption` is a string: real data may not match the SDK's enum case.
const efs = (name: string, transitEncryption?: string): Volume =>
  ({
    name,
    efsVolumeConfiguration: {
      fileSystemId: 'fs-0123456789abcdef0',
      rootDirectory: '/',
      ...(transitEncryption === undefined ? {} : { transitEncryption }),
    },
  }) as Volume;

const bind = (name: string): Volume => ({ name, host: { sourcePath: '/var/data' } });

describe('ecs_task_definition_efs_transit_encryption', () => {
  it.each([
    [
      'passes when the EFS volume has transit encryption ENABLED',
      [efs('data', 'ENABLED')],
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'compares transitEncryption case-insensitively',
      [efs('data', 'enabled')],
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes when every EFS volume is encrypted beside a bind mount',
      [efs('a', 'ENABLED'), efs('b', 'ENABLED'), bind('tmp')],
      'PASSED',
      'INFORMATIONAL',
    ],
    ['fails when transit encryption is DISABLED', [efs('data', 'DISABLED')], 'FAILED', 'MEDIUM'],
    [
      'fails when transitEncryption is absent (the API default is DISABLED)',
      [efs('data')],
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails when one of several EFS volumes is not encrypted',
      [efs('a', 'ENABLED'), efs('b', 'DISABLED')],
      'FAILED',
      'MEDIUM',
    ],
  ] as const)('%s', async (_name, volumes, status, severity) => {
    // Prepare
    const data = accountRunning([
      taskDefinition('api:1', [container()], { volumes: [...volumes] }),
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

  it('names each unencrypted volume and its setting', async () => {
    // Prepare
    const volumes = [efs('uploads', 'DISABLED'), efs('cache'), efs('keys', 'ENABLED')];
    const data = accountRunning([taskDefinition('api:1', [container()], { volumes })]);

    // Act
    const [result] = await runCheck(check, data);

    // Assess
    expect(result?.reason).toContain('uploads (transitEncryption DISABLED)');
    expect(result?.reason).toContain('cache (transitEncryption absent, DISABLED by default)');
    expect(result?.reason).not.toContain('keys');
  });

  it.each<[string, Volume[] | undefined]>([
    ['no volumes', undefined],
    ['only a bind mount', [bind('tmp')]],
    ['a Docker volume', [{ name: 'scratch', dockerVolumeConfiguration: { scope: 'task' } }]],
  ])('does not apply to a task definition with %s', async (_name, volumes) => {
    // Prepare
    const data = accountRunning([
      taskDefinition('api:1', [container()], volumes ? { volumes } : {}),
    ]);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toEqual([]);
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
