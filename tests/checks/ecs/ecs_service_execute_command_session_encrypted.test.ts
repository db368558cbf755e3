import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/ecs/ecs_service_execute_command_session_encrypted.ts';
import type { EcsCluster, EcsService, RegionSnapshot } from '../../../lib/snapshot/types.ts';
import { arn, runCheck } from '../../support/evaluate.ts';
import { ecsService } from '../../support/service.ts';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const cluster = (kmsKeyId?: string): EcsCluster => ({
  clusterArn: arn.cluster(),
  clusterName: 'prod',
  ...(kmsKeyId === undefined
    ? {}
    : { configuration: { executeCommandConfiguration: { kmsKeyId, logging: 'DEFAULT' } } }),
});

const account = (
  service: Partial<EcsService>,
  clusters: EcsCluster[] | undefined,
): RegionSnapshot => ({
  ecs: {
    services: [ecsService('shell', { enableExecuteCommand: true, ...service })],
    ...(clusters ? { clusters } : {}),
  },
});

describe('ecs_service_execute_command_session_encrypted', () => {
  it.each([
    ['passes when the cluster names a KMS key for Exec sessions', {}, [cluster(KEY)], 'PASSED'],
    ['fails when the cluster has no executeCommandConfiguration', {}, [cluster()], 'FAILED'],
    ['fails when the KMS key ID is blank', {}, [cluster('  ')], 'FAILED'],
    [
      'fails when the configuration has logging but no key',
      {},
      [
        {
          ...cluster(),
          configuration: { executeCommandConfiguration: { logging: 'OVERRIDE' } },
        },
      ],
      'FAILED',
    ],
    ['is not available when clusters were not collected', {}, undefined, 'NOT_AVAILABLE'],
    [
      'finds the cluster from the service ARN when clusterArn is absent',
      { clusterArn: undefined },
      [cluster(KEY)],
      'PASSED',
    ],
    [
      'is not available when the service’s cluster was not described',
      { clusterArn: arn.cluster('other') },
      [cluster(KEY)],
      'NOT_AVAILABLE',
    ],
    [
      'is not available when neither the service nor its ARN names a cluster',
      { clusterArn: undefined, serviceArn: 'shell' },
      [cluster(KEY)],
      'NOT_AVAILABLE',
    ],
  ] as const)('%s', async (_name, service, clusters, status) => {
    // Prepare
    const data = account(service, clusters ? [...clusters] : undefined);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => [r.status, r.severity])).toEqual([
      [status, status === 'FAILED' ? 'LOW' : 'INFORMATIONAL'],
    ]);
  });

  it.each([
    ['false', false],
    ['absent', undefined],
  ])('does not judge a service whose enableExecuteCommand is %s', async (_name, enabled) => {
    // Prepare
    const data = account({ enableExecuteCommand: enabled }, [cluster()]);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toEqual([]);
  });

  it('names the cluster and the missing field in a failure', async () => {
    // Prepare
    const data = account({}, [cluster()]);

    // Act
    const [result] = await runCheck(check, data);

    // Assess
    expect(result?.reason).toBe(
      'Service prod/shell has ECS Exec enabled but cluster prod has no configuration.executeCommandConfiguration.kmsKeyId, so Exec sessions are protected by TLS only, not by a customer KMS key.',
    );
  });
});
