import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/appmesh/appmesh_virtual_node_mutual_tls.ts';
import {
  backend,
  clientCertificate,
  clientTls,
  defaults,
  fileTrust,
  mode,
  mutualTls,
  type NodeSpec,
  nodeListener,
  runMeshCheck,
  sdsCertificate,
  sdsTrust,
  strictTls,
  virtualNode,
} from '../../support/mesh.ts';

const presenting = clientTls(fileTrust, { certificate: clientCertificate });
const mtlsListener = nodeListener(8080, mutualTls(fileTrust));

describe('appmesh_virtual_node_mutual_tls', () => {
  it.each<[string, NodeSpec, string, string, string]>([
    [
      'passes when the listener validates with a file trust and the defaults present a file certificate',
      {
        listeners: [mtlsListener],
        backendDefaults: defaults(presenting),
        backends: [backend('stock.prod.local')],
      },
      'PASSED',
      'INFORMATIONAL',
      'validates client certificates',
    ],
    [
      'passes when the listener validates with an SDS trust and every backend presents an SDS certificate',
      {
        listeners: [nodeListener(8080, mutualTls(sdsTrust))],
        backends: [
          backend('stock.prod.local', clientTls(sdsTrust, { certificate: sdsCertificate })),
        ],
      },
      'PASSED',
      'INFORMATIONAL',
      'presents a client certificate',
    ],
    [
      'passes for a node without backends whose listeners validate',
      { listeners: [mtlsListener] },
      'PASSED',
      'INFORMATIONAL',
      'validates client certificates',
    ],
    [
      'fails when a listener does not validate client certificates',
      {
        listeners: [mtlsListener, nodeListener(9090, strictTls())],
        backendDefaults: defaults(presenting),
      },
      'FAILED',
      'LOW',
      'port 9090 does not validate client certificates',
    ],
    [
      'fails when a listener has no TLS',
      { listeners: [nodeListener(8080)], backendDefaults: defaults(presenting) },
      'FAILED',
      'LOW',
      'port 8080 has no TLS',
    ],
    [
      'fails when a DISABLED listener carries a validation context',
      {
        listeners: [nodeListener(8080, mutualTls(fileTrust, mode('Disabled')))],
        backendDefaults: defaults(presenting),
      },
      'FAILED',
      'LOW',
      'port 8080 has no TLS',
    ],
    [
      'fails when the backend defaults present no client certificate',
      {
        listeners: [mtlsListener],
        backendDefaults: defaults(clientTls(fileTrust)),
        backends: [backend('stock.prod.local')],
      },
      'FAILED',
      'LOW',
      'no client certificate is presented to backend stock.prod.local',
    ],
    [
      "fails when a backend's own policy replaces the defaults' certificate with none",
      {
        listeners: [mtlsListener],
        backendDefaults: defaults(presenting),
        backends: [backend('stock.prod.local'), backend('ledger.prod.local', clientTls(fileTrust))],
      },
      'FAILED',
      'LOW',
      'no client certificate is presented to backend ledger.prod.local',
    ],
    [
      'fails when the client certificate sits on a policy with enforce false',
      {
        listeners: [mtlsListener],
        backendDefaults: defaults(
          clientTls(fileTrust, { certificate: clientCertificate, enforce: false }),
        ),
      },
      'FAILED',
      'LOW',
      'no client certificate is presented to backend defaults',
    ],
  ])('%s', async (_name, spec, status, severity, reasonPart) => {
    // Prepare
    const node = virtualNode('orders', spec);

    // Act
    const results = await runMeshCheck(check, { appmesh: { virtualNodes: [node] } });

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity,
      resource: { kind: 'virtualNode', name: 'prod/orders' },
    });
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
    [
      'a node without listeners',
      { virtualNodes: [virtualNode('batch', { backendDefaults: defaults(presenting) })] },
    ],
    ['an account where virtual nodes were not collected', {}],
  ])('does not apply to %s', async (_name, appmesh) => {
    const results = await runMeshCheck(check, { appmesh });

    expect(results).toEqual([]);
  });
});
