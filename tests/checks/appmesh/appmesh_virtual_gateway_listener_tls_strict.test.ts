import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/appmesh/appmesh_virtual_gateway_listener_tls_strict.ts';
import {
  acmCertificate,
  fileCertificate,
  type GatewayListener,
  gatewayListener,
  mode,
  runMeshCheck,
  sdsCertificate,
  strictTls,
  virtualGateway,
} from '../../support/mesh.ts';

describe('appmesh_virtual_gateway_listener_tls_strict', () => {
  it.each<[string, GatewayListener[], string, string, string]>([
    [
      'passes when the listener is STRICT with an ACM certificate',
      [gatewayListener(8080, strictTls(acmCertificate))],
      'PASSED',
      'INFORMATIONAL',
      'port 8080',
    ],
    [
      'passes when the listener is STRICT with a file certificate',
      [gatewayListener(8080, strictTls(fileCertificate))],
      'PASSED',
      'INFORMATIONAL',
      'port 8080',
    ],
    [
      'passes when the listener is STRICT with an SDS certificate',
      [gatewayListener(8080, strictTls(sdsCertificate))],
      'PASSED',
      'INFORMATIONAL',
      'port 8080',
    ],
    [
      'passes when the mode is strict in lower case',
      [gatewayListener(8080, { mode: mode('strict'), certificate: acmCertificate })],
      'PASSED',
      'INFORMATIONAL',
      'port 8080',
    ],
    [
      'passes when every one of several listeners is STRICT',
      [gatewayListener(8080, strictTls()), gatewayListener(9090, strictTls(sdsCertificate))],
      'PASSED',
      'INFORMATIONAL',
      'ports 8080 and 9090',
    ],
    [
      'fails with MEDIUM when a listener is PERMISSIVE',
      [gatewayListener(8080, { mode: 'PERMISSIVE', certificate: acmCertificate })],
      'FAILED',
      'MEDIUM',
      'port 8080 has TLS mode PERMISSIVE',
    ],
    [
      'fails with MEDIUM when a listener is STRICT without a certificate',
      [gatewayListener(8080, { mode: 'STRICT', certificate: undefined })],
      'FAILED',
      'MEDIUM',
      'port 8080 has TLS mode STRICT but no ACM, file or SDS certificate',
    ],
    [
      'fails with HIGH when a listener is DISABLED',
      [gatewayListener(8080, { mode: mode('disabled'), certificate: acmCertificate })],
      'FAILED',
      'HIGH',
      'port 8080 has TLS mode disabled',
    ],
    [
      'fails with HIGH when a listener has no TLS',
      [gatewayListener(8080)],
      'FAILED',
      'HIGH',
      'port 8080 has no TLS',
    ],
    [
      'fails with the worst severity and names each offending port',
      [
        gatewayListener(8080, strictTls()),
        gatewayListener(8081, { mode: 'PERMISSIVE', certificate: acmCertificate }),
        gatewayListener(9090),
      ],
      'FAILED',
      'HIGH',
      'port 8081 has TLS mode PERMISSIVE and port 9090 has no TLS',
    ],
  ])('%s', async (_name, listeners, status, severity, reasonPart) => {
    // Prepare
    const gateway = virtualGateway('ingress', { listeners });

    // Act
    const results = await runMeshCheck(check, { appmesh: { virtualGateways: [gateway] } });

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity,
      resource: { kind: 'virtualGateway', name: 'prod/ingress' },
    });
    expect(results[0]?.resource.arn).toBe(gateway.metadata?.arn);
    expect(results[0]?.reason).toContain('prod/ingress');
    expect(results[0]?.reason).toContain(reasonPart);
  });

  it('is not available for a gateway without a spec', async () => {
    const results = await runMeshCheck(check, {
      appmesh: { virtualGateways: [virtualGateway('ingress', undefined)] },
    });

    expect(results.map((r) => r.status)).toEqual(['NOT_AVAILABLE']);
  });

  it.each([
    [
      'a gateway without listeners',
      { virtualGateways: [virtualGateway('worker', { listeners: [] })] },
    ],
    [
      'a gateway whose spec has no listeners field',
      { virtualGateways: [virtualGateway('worker', { listeners: undefined })] },
    ],
    ['an account where virtual gateways were not collected', {}],
  ])('does not apply to %s', async (_name, appmesh) => {
    const results = await runMeshCheck(check, { appmesh });

    expect(results).toEqual([]);
  });

  it('reports one result per virtual gateway', async () => {
    const gateways = [
      virtualGateway('ingress', { listeners: [gatewayListener(8080, strictTls())] }),
      virtualGateway('edge', { listeners: [gatewayListener(8080)] }),
    ];

    const results = await runMeshCheck(check, { appmesh: { virtualGateways: gateways } });

    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['prod/ingress', 'PASSED'],
      ['prod/edge', 'FAILED'],
    ]);
  });
});
