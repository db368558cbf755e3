import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/appmesh/appmesh_virtual_gateway_backend_tls_enforced.ts';
import {
  acmTrust,
  clientTls,
  fileTrust,
  type GatewaySpec,
  gatewayListener,
  runMeshCheck,
  sdsTrust,
  strictTls,
  virtualGateway,
} from '../../support/mesh.ts';

const listeners = [gatewayListener(443, strictTls())];
const withDefaults = (tls?: ReturnType<typeof clientTls>): GatewaySpec => ({
  listeners,
  backendDefaults: { clientPolicy: tls ? { tls } : {} },
});

describe('appmesh_virtual_gateway_backend_tls_enforced', () => {
  it.each<[string, GatewaySpec, string, string, string]>([
    [
      'passes when the backend defaults enforce TLS with an ACM trust',
      withDefaults(clientTls(acmTrust)),
      'PASSED',
      'INFORMATIONAL',
      'enforces TLS',
    ],
    [
      'passes when the backend defaults enforce TLS with a file trust',
      withDefaults(clientTls(fileTrust)),
      'PASSED',
      'INFORMATIONAL',
      'enforces TLS',
    ],
    [
      'passes when the backend defaults enforce TLS with an SDS trust',
      withDefaults(clientTls(sdsTrust)),
      'PASSED',
      'INFORMATIONAL',
      'enforces TLS',
    ],
    [
      'passes when enforce is true explicitly',
      withDefaults(clientTls(acmTrust, { enforce: true })),
      'PASSED',
      'INFORMATIONAL',
      'enforces TLS',
    ],
    [
      'passes and names the ports TLS is limited to',
      withDefaults(clientTls(acmTrust, { ports: [443, 8443] })),
      'PASSED',
      'INFORMATIONAL',
      'TLS is limited to ports 443 and 8443',
    ],
    [
      'fails when the backend defaults set enforce to false',
      withDefaults(clientTls(acmTrust, { enforce: false })),
      'FAILED',
      'MEDIUM',
      'backend defaults sets TLS enforce to false',
    ],
    [
      'fails when the backend defaults have TLS without a validation trust',
      withDefaults({ validation: undefined }),
      'FAILED',
      'MEDIUM',
      'backend defaults has TLS without a validation trust',
    ],
    [
      'fails when the backend defaults have an empty trust',
      withDefaults(clientTls({ sds: { secretName: '' } })),
      'FAILED',
      'MEDIUM',
      'backend defaults has TLS without a validation trust',
    ],
    [
      'fails when the client policy has no TLS',
      withDefaults(),
      'FAILED',
      'MEDIUM',
      'backend defaults has no TLS client policy',
    ],
    [
      'fails when the gateway has no backend defaults',
      { listeners },
      'FAILED',
      'MEDIUM',
      'backend defaults has no TLS client policy',
    ],
  ])('%s', async (_name, spec, status, severity, reasonPart) => {
    // Prepare
    const gateway = virtualGateway('ingress', spec);

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

  it('reports nothing when virtual gateways were not collected', async () => {
    const results = await runMeshCheck(check, { appmesh: { meshes: [] } });

    expect(results).toEqual([]);
  });
});
