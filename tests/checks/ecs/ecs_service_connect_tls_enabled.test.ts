import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/ecs/ecs_service_connect_tls_enabled.ts';
import type { EcsService } from '../../../lib/snapshot/types.ts';
import { runCheck } from '../../support/evaluate.ts';
import { ecsService } from '../../support/service.ts';

type Deployment = NonNullable<EcsService['deployments']>[number];
type ConnectService = NonNullable<
  NonNullable<Deployment['serviceConnectConfiguration']>['services']
>[number];

const PCA =
  'arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/0b2f4c6e-1a3d-4e5f-8a9b-0c1d2e3f4a5b';

const withTls = (portName: string): ConnectService => ({
  portName,
  tls: { issuerCertificateAuthority: { awsPcaAuthorityArn: PCA } },
});
const withoutTls = (portName: string): ConnectService => ({ portName });

const deployment = (
  status: string,
  services: ConnectService[] | undefined,
  enabled = true,
): Deployment => ({
  status,
  serviceConnectConfiguration: { enabled, namespace: 'prod.local', services },
});

const serviceWith = (deployments: Deployment[] | undefined): EcsService =>
  ecsService('orders', { deployments });

describe('ecs_service_connect_tls_enabled', () => {
  it.each([
    [
      'passes when every port name has an AWS Private CA',
      [deployment('PRIMARY', [withTls('http'), withTls('grpc')])],
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'fails when a port name has no TLS',
      [deployment('PRIMARY', [withTls('http'), withoutTls('grpc')])],
      'FAILED',
      'MEDIUM',
    ],
    [
      'fails when TLS has no certificate authority ARN',
      [
        deployment('PRIMARY', [
          { portName: 'http', tls: { issuerCertificateAuthority: { awsPcaAuthorityArn: ' ' } } },
        ]),
      ],
      'FAILED',
      'MEDIUM',
    ],
    [
      'reads a deployment status in lower case',
      [deployment('primary', [withoutTls('http')])],
      'FAILED',
      'MEDIUM',
    ],
    [
      'judges the PRIMARY deployment rather than an older ACTIVE one',
      [deployment('ACTIVE', [withoutTls('http')]), deployment('PRIMARY', [withTls('http')])],
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'fails when the PRIMARY deployment dropped TLS that an ACTIVE one still has',
      [deployment('ACTIVE', [withTls('http')]), deployment('PRIMARY', [withoutTls('http')])],
      'FAILED',
      'MEDIUM',
    ],
  ] as const)('%s', async (_name, deployments, status, severity) => {
    // Prepare
    const data = { ecs: { services: [serviceWith([...deployments])] } };

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity,
      resource: { kind: 'service', name: 'prod/orders' },
    });
  });

  it.each([
    ['Service Connect is disabled', [deployment('PRIMARY', [withoutTls('http')], false)]],
    [
      'enabled is absent',
      [
        {
          status: 'PRIMARY',
          serviceConnectConfiguration: { enabled: undefined, services: [withoutTls('http')] },
        } as Deployment,
      ],
    ],
    ['the service is a client only (no services entries)', [deployment('PRIMARY', [])]],
    ['services is absent', [deployment('PRIMARY', undefined)]],
    [
      'only a non-PRIMARY deployment has Service Connect',
      [deployment('ACTIVE', [withoutTls('http')])],
    ],
    ['the service has no deployments', undefined],
  ] as const)('does not apply when %s', async (_name, deployments) => {
    // Prepare
    const data = { ecs: { services: [serviceWith(deployments && [...deployments])] } };

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toEqual([]);
  });

  it('names every port name without TLS in the reason', async () => {
    // Prepare
    const data = {
      ecs: {
        services: [
          serviceWith([
            deployment('PRIMARY', [withoutTls('http'), withTls('admin'), withoutTls('grpc')]),
          ]),
        ],
      },
    };

    // Act
    const [result] = await runCheck(check, data);

    // Assess
    expect(result?.reason).toContain('orders');
    expect(result?.reason).toContain('http, grpc');
    expect(result?.reason).not.toContain('admin');
  });

  it('does not judge services that are not ACTIVE', async () => {
    // Prepare
    const draining = {
      ...serviceWith([deployment('PRIMARY', [withoutTls('http')])]),
      status: 'DRAINING',
    };

    // Act
    const results = await runCheck(check, { ecs: { services: [draining] } });

    // Assess
    expect(results).toEqual([]);
  });
});
