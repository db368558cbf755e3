import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/appmesh/appmesh_virtual_node_backend_tls_enforced.ts';
import {
  acmTrust,
  backend,
  clientTls,
  defaults,
  fileTrust,
  type NodeSpec,
  nodeListener,
  runMeshCheck,
  sdsTrust,
  strictTls,
  virtualNode,
} from '../../support/mesh.ts';

const enforceFalse = clientTls(acmTrust, { enforce: false });
const withoutTrust = { validation: undefined };

describe('appmesh_virtual_node_backend_tls_enforced', () => {
  it.each<[string, NodeSpec, string, string, string]>([
    [
      'passes when the backend defaults enforce TLS with an ACM trust',
      { backendDefaults: defaults(clientTls(acmTrust)) },
      'PASSED',
      'INFORMATIONAL',
      'enforces TLS with a validation trust through its backend defaults',
    ],
    [
      'passes when the backend defaults enforce TLS with a file trust',
      { backendDefaults: defaults(clientTls(fileTrust)) },
      'PASSED',
      'INFORMATIONAL',
      'enforces TLS',
    ],
    [
      'passes when the backend defaults enforce TLS with an SDS trust',
      { backendDefaults: defaults(clientTls(sdsTrust)) },
      'PASSED',
      'INFORMATIONAL',
      'enforces TLS',
    ],
    [
      'passes when enforce is true explicitly',
      { backendDefaults: defaults(clientTls(acmTrust, { enforce: true })) },
      'PASSED',
      'INFORMATIONAL',
      'enforces TLS',
    ],
    [
      'passes when backends without a client policy inherit validated defaults',
      {
        backendDefaults: defaults(clientTls()),
        backends: [backend('orders.prod.local'), backend('stock.prod.local')],
      },
      'PASSED',
      'INFORMATIONAL',
      'to its 2 backends',
    ],
    [
      'passes without defaults when every backend has its own validated TLS',
      {
        backends: [
          backend('orders.prod.local', clientTls(fileTrust)),
          backend('stock.prod.local', clientTls(sdsTrust)),
        ],
      },
      'PASSED',
      'INFORMATIONAL',
      'enforces TLS',
    ],
    [
      'passes and names the ports TLS is limited to',
      { backendDefaults: defaults(clientTls(acmTrust, { ports: [443] })) },
      'PASSED',
      'INFORMATIONAL',
      'TLS is limited to port 443',
    ],
    [
      'fails when the backend defaults set enforce to false',
      { backendDefaults: defaults(enforceFalse) },
      'FAILED',
      'MEDIUM',
      'backend defaults sets TLS enforce to false',
    ],
    [
      'fails when the backend defaults have TLS without a validation trust',
      { backendDefaults: defaults(withoutTrust) },
      'FAILED',
      'MEDIUM',
      'backend defaults has TLS without a validation trust',
    ],
    [
      'fails when the backend defaults have no TLS client policy',
      { backendDefaults: defaults() },
      'FAILED',
      'MEDIUM',
      'backend defaults has no TLS client policy',
    ],
    [
      "fails when a backend's own policy sets enforce to false",
      {
        backendDefaults: defaults(clientTls()),
        backends: [backend('orders.prod.local', enforceFalse)],
      },
      'FAILED',
      'MEDIUM',
      'backend orders.prod.local sets TLS enforce to false',
    ],
    [
      "fails when a backend's own TLS has no validation trust",
      {
        backendDefaults: defaults(clientTls()),
        backends: [backend('orders.prod.local', withoutTrust)],
      },
      'FAILED',
      'MEDIUM',
      'backend orders.prod.local has TLS without a validation trust',
    ],
    [
      'fails when a backend has no policy and there are no defaults to inherit',
      { backends: [backend('orders.prod.local', clientTls()), backend('stock.prod.local')] },
      'FAILED',
      'MEDIUM',
      'backend stock.prod.local has no TLS client policy and no backend defaults to inherit',
    ],
    [
      'fails when weak defaults are overridden by every backend',
      {
        backendDefaults: defaults(enforceFalse),
        backends: [backend('orders.prod.local', clientTls())],
      },
      'FAILED',
      'MEDIUM',
      'backend defaults sets TLS enforce to false',
    ],
  ])('%s', async (_name, spec, status, severity, reasonPart) => {
    // Prepare
    const node = virtualNode('frontend', spec);

    // Act
    const results = await runMeshCheck(check, { appmesh: { virtualNodes: [node] } });

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity,
      resource: { kind: 'virtualNode', name: 'prod/frontend' },
    });
    expect(results[0]?.reason).toContain('prod/frontend');
    expect(results[0]?.reason).toContain(reasonPart);
  });

  it('is not available for a node without a spec', async () => {
    const results = await runMeshCheck(check, {
      appmesh: { virtualNodes: [virtualNode('frontend', undefined)] },
    });

    expect(results.map((r) => r.status)).toEqual(['NOT_AVAILABLE']);
  });

  it.each([
    [
      'a node with neither backends nor backend defaults',
      { virtualNodes: [virtualNode('leaf', { listeners: [nodeListener(8080, strictTls())] })] },
    ],
    [
      'a node with an empty backends list',
      { virtualNodes: [virtualNode('leaf', { backends: [] })] },
    ],
    ['an account where virtual nodes were not collected', {}],
  ])('does not apply to %s', async (_name, appmesh) => {
    const results = await runMeshCheck(check, { appmesh });

    expect(results).toEqual([]);
  });
});
