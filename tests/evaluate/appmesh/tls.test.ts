import { describe, expect, it } from 'vitest';
import {
  backendClientTls,
  backendTlsResult,
  type ClientTlsVerdict,
  clientTlsProblem,
  judgeClientTls,
  judgeListenerTls,
  listenersWithoutClientValidation,
  listenerTlsResults,
  listOf,
  type MeshListener,
  type MeshSubject,
  portsPhrase,
  presentsClientCertificate,
  specUnknown,
  withoutClientCertificate,
} from '../../../lib/evaluate/appmesh/tls.ts';
import { resultsFor } from '../../../lib/evaluate/check.ts';
import type { CheckMetadata, CheckResult } from '../../../lib/model.ts';
import {
  acmCertificate,
  acmTrust,
  backend,
  clientCertificate,
  clientTls,
  defaults,
  fileCertificate,
  fileTrust,
  mode,
  mutualTls,
  type NodeSpec,
  nodeListener,
  sdsCertificate,
  sdsTrust,
  strictTls,
} from '../../support/mesh.ts';

describe('judgeListenerTls', () => {
  it.each([
    [
      'accepts STRICT with an ACM certificate',
      [nodeListener(8080, strictTls(acmCertificate))],
      undefined,
      [],
    ],
    [
      'accepts STRICT with a file certificate',
      [nodeListener(8080, strictTls(fileCertificate))],
      undefined,
      [],
    ],
    [
      'accepts STRICT with an SDS certificate',
      [nodeListener(8080, strictTls(sdsCertificate))],
      undefined,
      [],
    ],
    [
      'accepts a lower-case strict mode',
      [nodeListener(8080, { mode: mode('strict'), certificate: acmCertificate })],
      undefined,
      [],
    ],
    [
      'ranks PERMISSIVE as MEDIUM',
      [nodeListener(8080, { mode: 'PERMISSIVE', certificate: acmCertificate })],
      'MEDIUM',
      ['port 8080 has TLS mode PERMISSIVE'],
    ],
    [
      'ranks a lower-case permissive mode as MEDIUM',
      [nodeListener(8080, { mode: mode('permissive'), certificate: acmCertificate })],
      'MEDIUM',
      ['port 8080 has TLS mode PERMISSIVE'],
    ],
    [
      'ranks DISABLED as HIGH',
      [nodeListener(8080, { mode: 'DISABLED', certificate: acmCertificate })],
      'HIGH',
      ['port 8080 has TLS mode DISABLED'],
    ],
    [
      'ranks a listener without TLS as HIGH',
      [nodeListener(8080)],
      'HIGH',
      ['port 8080 has no TLS'],
    ],
    [
      'ranks an unknown mode as HIGH',
      [nodeListener(8080, { mode: mode('OPTIONAL'), certificate: acmCertificate })],
      'HIGH',
      ['port 8080 has TLS mode OPTIONAL'],
    ],
    [
      'ranks STRICT without a certificate as MEDIUM',
      [nodeListener(8080, { mode: 'STRICT', certificate: undefined })],
      'MEDIUM',
      ['port 8080 has TLS mode STRICT but no ACM, file or SDS certificate'],
    ],
    [
      'ranks STRICT with a file certificate missing its key as MEDIUM',
      [
        nodeListener(
          8080,
          strictTls({ file: { certificateChain: '/certs/a.pem', privateKey: '' } }),
        ),
      ],
      'MEDIUM',
      ['port 8080 has TLS mode STRICT but no ACM, file or SDS certificate'],
    ],
    [
      'lets the worst listener win and names every offending port',
      [
        nodeListener(8080, strictTls()),
        nodeListener(8081, { mode: 'PERMISSIVE', certificate: acmCertificate }),
        nodeListener(9090),
      ],
      'HIGH',
      ['port 8081 has TLS mode PERMISSIVE', 'port 9090 has no TLS'],
    ],
  ] as const)('%s', (_name, listeners, severity, problems) => {
    // Act
    const verdict = judgeListenerTls(listeners);

    // Assess
    expect(verdict.severity).toBe(severity);
    expect(verdict.problems).toEqual(problems);
  });

  it('lists every port, with ? for a listener without a port mapping', () => {
    const verdict = judgeListenerTls([nodeListener(8080, strictTls()), { portMapping: undefined }]);

    expect(verdict.ports).toEqual(['8080', '?']);
  });
});

describe('listenersWithoutClientValidation', () => {
  it.each([
    ['accepts a file trust', [nodeListener(8080, mutualTls(fileTrust))], []],
    ['accepts an SDS trust', [nodeListener(8080, mutualTls(sdsTrust))], []],
    [
      'accepts a PERMISSIVE listener that validates',
      [nodeListener(8080, mutualTls(fileTrust, 'PERMISSIVE'))],
      [],
    ],
    [
      'flags a listener without validation',
      [nodeListener(8080, strictTls())],
      ['port 8080 does not validate client certificates'],
    ],
    [
      'flags an empty trust',
      [nodeListener(8080, mutualTls({ file: { certificateChain: ' ' } }))],
      ['port 8080 does not validate client certificates'],
    ],
    ['flags a listener without TLS', [nodeListener(8080)], ['port 8080 has no TLS']],
    [
      'flags a DISABLED listener even with validation',
      [nodeListener(8080, mutualTls(fileTrust, mode('disabled')))],
      ['port 8080 has no TLS'],
    ],
  ] as const)('%s', (_name, listeners, problems) => {
    expect(listenersWithoutClientValidation(listeners)).toEqual(problems);
  });
});

describe('clientTlsProblem', () => {
  it.each([
    ['accepts an ACM certificate-authority trust', clientTls(acmTrust), undefined],
    ['accepts a file trust', clientTls(fileTrust), undefined],
    ['accepts an SDS trust', clientTls(sdsTrust), undefined],
    ['counts an absent enforce as true', clientTls(acmTrust, { enforce: undefined }), undefined],
    ['accepts enforce true', clientTls(acmTrust, { enforce: true }), undefined],
    ['flags enforce false', clientTls(acmTrust, { enforce: false }), 'not-enforced'],
    ['flags a policy without validation', { validation: undefined }, 'no-validation-trust'],
    [
      'flags an ACM trust without authorities',
      clientTls({ acm: { certificateAuthorityArns: [] } }),
      'no-validation-trust',
    ],
    ['flags a missing policy', undefined, 'absent'],
  ] as const)('%s', (_name, tls, problem) => {
    expect(clientTlsProblem(tls)).toBe(problem);
  });
});

describe('presentsClientCertificate', () => {
  it.each([
    ['a file certificate', clientTls(fileTrust, { certificate: clientCertificate }), true],
    ['an SDS certificate', clientTls(fileTrust, { certificate: sdsCertificate }), true],
    ['no certificate', clientTls(fileTrust), false],
    [
      'a certificate on a policy with enforce false',
      clientTls(fileTrust, { certificate: clientCertificate, enforce: false }),
      false,
    ],
    ['no policy', undefined, false],
  ] as const)('is %s -> %s', (_name, tls, expected) => {
    expect(presentsClientCertificate(tls)).toBe(expected);
  });
});

const spec = (partial: Partial<NodeSpec>): NodeSpec => ({ ...partial });

describe('judgeClientTls over a node spec', () => {
  it.each([
    ['passes validated defaults', spec({ backendDefaults: defaults(clientTls()) }), []],
    [
      'passes a backend that inherits validated defaults',
      spec({ backendDefaults: defaults(clientTls()), backends: [backend('orders.prod.local')] }),
      [],
    ],
    [
      'passes backends with their own validated TLS and no defaults',
      spec({
        backends: [
          backend('a.local', clientTls(fileTrust)),
          backend('b.local', clientTls(sdsTrust)),
        ],
      }),
      [],
    ],
    [
      'fails a backend that has no policy and no defaults to inherit',
      spec({ backends: [backend('a.local', clientTls()), backend('b.local')] }),
      ['backend b.local has no TLS client policy and no backend defaults to inherit'],
    ],
    [
      'fails a backend whose own policy sets enforce false despite good defaults',
      spec({
        backendDefaults: defaults(clientTls()),
        backends: [backend('a.local', clientTls(acmTrust, { enforce: false }))],
      }),
      ['backend a.local sets TLS enforce to false'],
    ],
    [
      'fails a backend whose own TLS has no validation trust',
      spec({
        backendDefaults: defaults(clientTls()),
        backends: [backend('a.local', { validation: undefined })],
      }),
      ['backend a.local has TLS without a validation trust (ACM, file or SDS)'],
    ],
    [
      'fails defaults with enforce false even when every backend overrides them',
      spec({
        backendDefaults: defaults(clientTls(acmTrust, { enforce: false })),
        backends: [backend('a.local', clientTls())],
      }),
      ['backend defaults sets TLS enforce to false'],
    ],
    [
      'fails defaults without a client policy when there are no backends',
      spec({ backendDefaults: defaults() }),
      ['backend defaults has no TLS client policy'],
    ],
    [
      'lets a backend with an empty client policy inherit the defaults',
      spec({
        backendDefaults: defaults(clientTls()),
        backends: [{ virtualService: { virtualServiceName: 'a.local', clientPolicy: {} } }],
      }),
      [],
    ],
  ] as const)('%s', (_name, nodeSpec, problems) => {
    // Act
    const verdict = judgeClientTls(
      nodeSpec.backendDefaults?.clientPolicy?.tls,
      backendClientTls(nodeSpec),
    );

    // Assess
    expect(verdict.problems).toEqual(problems);
  });

  it('reports the ports TLS is limited to', () => {
    const verdict = judgeClientTls(clientTls(acmTrust, { ports: [8443, 443] }), [
      { virtualServiceName: 'a.local', own: clientTls(acmTrust, { ports: [443] }) },
    ]);

    expect(verdict.limitedPorts).toEqual([443, 8443]);
  });
});

describe('withoutClientCertificate', () => {
  const withCertificate = clientTls(fileTrust, { certificate: clientCertificate });

  it.each([
    [
      'nothing when the defaults present a certificate to every backend',
      spec({ backendDefaults: defaults(withCertificate), backends: [backend('a.local')] }),
      [],
    ],
    [
      'nothing when every backend presents its own',
      spec({ backends: [backend('a.local', withCertificate)] }),
      [],
    ],
    [
      'a backend whose own policy has no certificate',
      spec({
        backendDefaults: defaults(withCertificate),
        backends: [backend('a.local', clientTls())],
      }),
      ['backend a.local'],
    ],
    ['a backend without any policy', spec({ backends: [backend('a.local')] }), ['backend a.local']],
    [
      'the defaults when there are no backends and they have no certificate',
      spec({ backendDefaults: defaults(clientTls()) }),
      ['backend defaults'],
    ],
    ['nothing for a node with neither backends nor defaults', spec({}), []],
  ] as const)('names %s', (_name, nodeSpec, targets) => {
    expect(withoutClientCertificate(nodeSpec)).toEqual(targets);
  });
});

describe('phrases', () => {
  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [['a', 'b', 'c'], 'a, b and c'],
  ] as const)('lists %j as %s', (items, text) => {
    expect(listOf(items)).toBe(text);
  });

  it.each([
    [[8080], 'port 8080'],
    [[8080, 9090], 'ports 8080 and 9090'],
  ] as const)('writes ports %j as %s', (ports, text) => {
    expect(portsPhrase(ports)).toBe(text);
  });
});

describe('results shared by the virtual node and virtual gateway checks', () => {
  const results = resultsFor({
    id: 'appmesh_test_check',
    severity: 'HIGH',
  } as CheckMetadata);
  const subject = (kind: MeshSubject['kind']): MeshSubject => ({
    kind,
    resource: {
      kind: kind === 'Virtual node' ? 'virtualNode' : 'virtualGateway',
      arn: `arn:aws:appmesh:us-east-1:123456789012:mesh/shop/${kind === 'Virtual node' ? 'virtualNode' : 'virtualGateway'}/web`,
      region: 'us-east-1',
      name: 'shop/web',
      attributes: { meshName: 'shop' },
    },
  });
  const summary = (result: CheckResult) => [result.status, result.severity, result.reason];

  it.each<[string, MeshSubject['kind'], MeshListener[] | undefined, unknown[]]>([
    [
      'is NOT_AVAILABLE without a spec',
      'Virtual gateway',
      undefined,
      [
        [
          'NOT_AVAILABLE',
          'INFORMATIONAL',
          "Virtual gateway shop/web has no spec in the snapshot, so its listeners' TLS is unknown.",
        ],
      ],
    ],
    ['is nothing without listeners', 'Virtual node', [], []],
    [
      'fails at the worst listener severity',
      'Virtual node',
      [nodeListener(8080, { mode: 'PERMISSIVE', certificate: acmCertificate })],
      [
        [
          'FAILED',
          'MEDIUM',
          'Virtual node shop/web does not require TLS on every listener: port 8080 has TLS mode PERMISSIVE.',
        ],
      ],
    ],
    [
      'passes naming every port',
      'Virtual gateway',
      [nodeListener(8080, strictTls()), nodeListener(9090, strictTls())],
      [
        [
          'PASSED',
          'INFORMATIONAL',
          'Virtual gateway shop/web requires TLS with a certificate on every listener (ports 8080 and 9090).',
        ],
      ],
    ],
  ])('listener TLS %s', (_name, kind, listeners, expected) => {
    // Act
    const judged = listenerTlsResults(results, subject(kind), listeners && { listeners });

    // Assess
    expect(judged.map(summary)).toEqual(expected);
    for (const result of judged) expect(result.resource).toEqual(subject(kind).resource);
  });

  it.each<[string, ClientTlsVerdict, unknown[]]>([
    [
      'fails naming every offending policy',
      {
        problems: ['backend a.local sets TLS enforce to false', 'backend b.local'],
        limitedPorts: [],
      },
      [
        'FAILED',
        'HIGH',
        'Virtual node shop/web does not enforce validated TLS to every backend: backend a.local sets TLS enforce to false and backend b.local.',
      ],
    ],
    [
      'passes saying how far TLS reaches',
      { problems: [], limitedPorts: [] },
      [
        'PASSED',
        'INFORMATIONAL',
        'Virtual node shop/web enforces TLS with a validation trust to its 2 backends.',
      ],
    ],
    [
      'passes naming the ports TLS is limited to',
      { problems: [], limitedPorts: [443, 8443] },
      [
        'PASSED',
        'INFORMATIONAL',
        'Virtual node shop/web enforces TLS with a validation trust to its 2 backends; TLS is limited to ports 443 and 8443.',
      ],
    ],
  ])('backend TLS %s', (_name, verdict, expected) => {
    const result = backendTlsResult(results, subject('Virtual node'), verdict, {
      failed: 'to every backend',
      passed: 'to its 2 backends',
    });

    expect(summary(result)).toEqual(expected);
  });

  it('says what is unknown when the spec is missing', () => {
    const result = specUnknown(results, subject('Virtual node'), 'its TLS settings are unknown');

    expect(summary(result)).toEqual([
      'NOT_AVAILABLE',
      'INFORMATIONAL',
      'Virtual node shop/web has no spec in the snapshot, so its TLS settings are unknown.',
    ]);
  });
});
