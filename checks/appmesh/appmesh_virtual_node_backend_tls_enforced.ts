import {
  backendClientTls,
  backendTlsResult,
  judgeClientTls,
  type MeshSubject,
  specUnknown,
} from '../../lib/evaluate/appmesh/tls.ts';
import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { virtualNodeResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';

export const metadata: CheckMetadata = {
  id: 'appmesh_virtual_node_backend_tls_enforced',
  service: 'appmesh',
  title: 'App Mesh virtual nodes enforce TLS with certificate validation to their backends',
  severity: 'MEDIUM',
  resourceKind: 'virtualNode',
  inputs: ['ecs.services', 'ecs.taskDefinitions', 'appmesh.virtualNodes'],
  description:
    "Checks that an AWS App Mesh virtual node's backend-defaults client policy enforces TLS with a validation trust (ACM certificate authorities, file or SDS), and that no backend's own client policy switches it off. A backend without its own TLS policy inherits the defaults; without defaults, every backend needs its own validated TLS policy.",
  risk: 'Without an enforced TLS client policy the proxy talks to its backends in plain text, and without a validation trust it cannot tell a real backend from an impostor, so traffic can be read or redirected.',
  remediation: {
    text: 'Set spec.backendDefaults.clientPolicy.tls on the virtual node with enforce true (or absent) and validation.trust pointing to your AWS Private CA (acm.certificateAuthorityArns), a file or SDS; remove enforce false from backends. Plan the move to Amazon ECS Service Connect with TLS: App Mesh support ends on 2026-09-30.',
    url: 'https://docs.aws.amazon.com/app-mesh/latest/userguide/tls.html',
  },
  guidance:
    'Encrypt data in transit with a service mesh: configure TLS between the Envoy proxies of App Mesh virtual nodes and virtual gateways, with certificates from AWS Private CA or your own.',
  relatedRequirements: [
    'AWS Config appmesh-virtual-node-backend-defaults-tls-on',
    'AWS Config appmesh-virtual-node-service-backends-tls-enforced',
    'NIST.800-53.r5 SC-8',
    'NIST.800-53.r5 SC-8(1)',
    'NIST.800-53.r5 SC-13',
    'NIST.800-53.r5 SC-23',
    'NIST.800-53.r5 IA-5(2)',
  ],
};

const results = resultsFor(metadata);

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.virtualNodes ?? []).flatMap((node) => {
      const subject: MeshSubject = {
        kind: 'Virtual node',
        resource: virtualNodeResource(node, inventory),
      };
      if (!node.spec) {
        return [specUnknown(results, subject, 'its backend client policies are unknown')];
      }
      const { backendDefaults } = node.spec;
      const backends = backendClientTls(node.spec);
      if (!backends.length && !backendDefaults) return [];
      const verdict = judgeClientTls(backendDefaults?.clientPolicy?.tls, backends);
      const passed = backends.length
        ? `to its ${backends.length} backend${backends.length === 1 ? '' : 's'}`
        : 'through its backend defaults';
      return [backendTlsResult(results, subject, verdict, { failed: 'to every backend', passed })];
    }),
};
