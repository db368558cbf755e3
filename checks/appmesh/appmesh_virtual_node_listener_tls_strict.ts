import { listenerTlsResults } from '../../lib/evaluate/appmesh/tls.ts';
import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { virtualNodeResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';

export const metadata: CheckMetadata = {
  id: 'appmesh_virtual_node_listener_tls_strict',
  service: 'appmesh',
  title: 'App Mesh virtual node listeners require TLS (mode STRICT with a certificate)',
  severity: 'HIGH',
  resourceKind: 'virtualNode',
  inputs: ['ecs.services', 'ecs.taskDefinitions', 'appmesh.virtualNodes'],
  description:
    'Checks that every listener of an AWS App Mesh virtual node has TLS in mode STRICT with an ACM, file or SDS certificate. PERMISSIVE fails with MEDIUM severity; DISABLED or no TLS fails with HIGH severity; the worst listener decides.',
  risk: 'A listener in PERMISSIVE or DISABLED mode accepts plain-text connections, so traffic between the Envoy proxies of the mesh can be read or altered by anyone on the network path.',
  remediation: {
    text: 'Set tls.mode to STRICT on every listener of the virtual node, with a certificate from AWS Private CA (ACM), the Envoy file system or an SDS provider (aws appmesh update-virtual-node). Plan the move to Amazon ECS Service Connect with TLS: App Mesh support ends on 2026-09-30.',
    url: 'https://docs.aws.amazon.com/app-mesh/latest/userguide/tls.html',
  },
  guidance:
    'Encrypt data in transit with a service mesh: configure TLS between the Envoy proxies of App Mesh virtual nodes and virtual gateways, with certificates from AWS Private CA or your own.',
  relatedRequirements: ['NIST.800-53.r5 SC-8', 'NIST.800-53.r5 SC-8(1)', 'NIST.800-53.r5 SC-13'],
};

const results = resultsFor(metadata);

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.virtualNodes ?? []).flatMap((node) =>
      listenerTlsResults(
        results,
        { kind: 'Virtual node', resource: virtualNodeResource(node, inventory) },
        node.spec,
      ),
    ),
};
