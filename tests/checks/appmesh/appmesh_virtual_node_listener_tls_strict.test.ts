import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/appmesh/appmesh_virtual_node_listener_tls_strict.ts';
import {
  acmCertificate,
  fileCertificate,
  mode,
  type NodeListener,
  nodeListener,
  runMeshCheck,
  sdsCertificate,
  strictTls,
  virtualNode,
} from '../../support/mesh.ts';

describe('appmesh_virtual_node_listener_tls_strict', () => {
  it.each<[string, NodeListener[], string, string, string]>([
    [
      'passes when the listener is STRICT with an ACM certificate',
      [nodeListener(8080, strictTls(acmCertificate))],
      'PASSED',
      'INFORMATIONAL',
      'port 8080',
    ],
    [
      'passes when the listener is STRICT with a file certificate',
      [nodeListener(8080, strictTls(fileCertificate))],
      'PASSED',
      'INFORMATIONAL',
      'port 8080',
    ],
    [
      'passes when the listener is STRICT with an SDS certificate',
      [nodeListener(8080, strictTls(sdsCertificate))],
      'PASSED',
      'INFORMATIONAL',
      'port 8080',
    ],
    [
      'passes when the mode is strict in lower case',
      [nodeListener(8080, { mode: mode('strict'), certificate: acmCertificate })],
      'PASSED',
      'INFORMATIONAL',
      'port 8080',
    ],
    [
      'passes when every one of several listeners is STRICT',
      [nodeListener(8080, strictTls()), nodeListener(9090, strictTls(sdsCertificate))],
      'PASSED',
      'INFORMATIONAL',
      'ports 8080 and 9090',
    ],
    [
      'fails with MEDIUM when a listener is PERMISSIVE',
      [nodeListener(8080, { mode: 'PERMISSIVE', certificate: acmCertificate })],
      'FAILED',
      'MEDIUM',
      'port 8080 has TLS mode PERMISSIVE',
    ],
    [
      'fails with MEDIUM when a listener is STRICT without a certificate',
      [nodeListener(8080, { mode: 'STRICT', certificate: undefined })],
      'FAILED',
      'MEDIUM',
      'port 8080 has TLS mode STRICT but no ACM, file or SDS certificate',
    ],
    [
      'fails with HIGH when a listener is DISABLED',
      [nodeListener(8080, { mode: mode('disabled'), certificate: acmCertificate })],
      'FAILED',
      'HIGH',
      'port 8080 has TLS mode disabled',
    ],
    [
      'fails with HIGH when a listener has no TLS',
      [nodeListener(8080)],
      'FAILED',
      'HIGH',
      'port 8080 has no TLS',
    ],
    [
      'fails with the worst severity and names each offending port',
      [
        nodeListener(8080, strictTls()),
        nodeListener(8081, { mode: 'PERMISSIVE', certificate: acmCertificate }),
        nodeListener(9090),
      ],
      'FAILED',
      'HIGH',
      'port 8081 has TLS mode PERMISSIVE and port 9090 has no TLS',
    ],
  ])('%s', async (_name, listeners, status, severity, reasonPart) => {
    // Prepare
    const node = virtualNode('orders', { listeners });

    // Act
    const results = await runMeshCheck(check, { appmesh: { virtualNodes: [node] } });

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity,
      resource: { kind: 'virtualNode', name: 'prod/orders' },
    });
    expect(results[0]?.resource.arn).toBe(node.metadata?.arn);
    expect(results[0]?.reason).toContain('prod/orders');
    expect(results[0]?.reason).toContain(reasonPart);
  });

  it('is not available for a node without a spec', async () => {
    const results = await runMeshCheck(check, {
      appmesh: { virtualNodes: [virtualNode('orders', undefined)] },
    });

    expect(results.map((r) => r.status)).toEqual(['NOT_AVAILABLE']);
  });

  it.each([
    ['a node without listeners', { virtualNodes: [virtualNode('worker', { listeners: [] })] }],
    [
      'a node whose spec has no listeners field',
      { virtualNodes: [virtualNode('worker', { backends: [] })] },
    ],
    ['an account where virtual nodes were not collected', {}],
  ])('does not apply to %s', async (_name, appmesh) => {
    const results = await runMeshCheck(check, { appmesh });

    expect(results).toEqual([]);
  });

  it('reports one result per virtual node', async () => {
    const nodes = [
      virtualNode('orders', { listeners: [nodeListener(8080, strictTls())] }),
      virtualNode('payments', { listeners: [nodeListener(8080)] }),
    ];

    const results = await runMeshCheck(check, { appmesh: { virtualNodes: nodes } });

    expect(results.map((r) => [r.resource.name, r.status])).toEqual([
      ['prod/orders', 'PASSED'],
      ['prod/payments', 'FAILED'],
    ]);
  });
});
