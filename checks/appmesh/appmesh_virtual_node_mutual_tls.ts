import {
  listenersWithoutClientValidation,
  listOf,
  type MeshSubject,
  specUnknown,
  withoutClientCertificate,
} from '../../lib/evaluate/appmesh/tls.ts';
import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { virtualNodeResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';

export const metadata: CheckMetadata = {
  id: 'appmesh_virtual_node_mutual_tls',
  service: 'appmesh',
  title: 'App Mesh virtual nodes use mutual TLS',
  severity: 'LOW',
  resourceKind: 'virtualNode',
  inputs: ['ecs.services', 'ecs.taskDefinitions', 'appmesh.virtualNodes'],
  description:
    "Checks that every listener of an AWS App Mesh virtual node validates client certificates (listener tls.validation with a file or SDS trust) and that the node presents a client certificate (file or SDS) to its backends, in its backend defaults or in every backend's own client policy.",
  risk: 'With one-way TLS any workload that can reach the proxy can call the service: the server never learns who the client is, so a compromised or rogue task can talk to every service in the mesh.',
  remediation: {
    text: 'Add tls.validation with a file or SDS trust to every listener, and a client certificate (clientPolicy.tls.certificate, file or SDS) to the backend defaults or to each backend. Plan the move to Amazon ECS Service Connect with TLS from AWS Private CA: App Mesh support ends on 2026-09-30.',
    url: 'https://docs.aws.amazon.com/app-mesh/latest/userguide/mutual-tls.html',
  },
  guidance:
    'Encrypt data in transit with a service mesh: configure TLS between the Envoy proxies of App Mesh virtual nodes and virtual gateways, with certificates from AWS Private CA or your own.',
  relatedRequirements: [
    'NIST.800-53.r5 SC-8',
    'NIST.800-53.r5 SC-23',
    'NIST.800-53.r5 IA-5(2)',
    'NIST.800-53.r5 IA-9',
  ],
};

const results = resultsFor(metadata);

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.virtualNodes ?? []).flatMap((node) => {
      const resource = virtualNodeResource(node, inventory);
      const subject: MeshSubject = { kind: 'Virtual node', resource };
      if (!node.spec) return [specUnknown(results, subject, 'its TLS settings are unknown')];
      const listeners = node.spec.listeners ?? [];
      if (!listeners.length) return [];
      // PERMISSIVE listeners with validation count here: their strictness is the strict-TLS check's finding.
      const withoutCertificate = withoutClientCertificate(node.spec);
      const problems = [
        ...listenersWithoutClientValidation(listeners),
        ...(withoutCertificate.length
          ? [`no client certificate is presented to ${listOf(withoutCertificate)}`]
          : []),
      ];
      return [
        problems.length
          ? results.failed(
              resource,
              `Virtual node ${resource.name} does not use mutual TLS: ${listOf(problems)}.`,
            )
          : results.passed(
              resource,
              `Virtual node ${resource.name} validates client certificates on every listener and presents a client certificate to its backends.`,
            ),
      ];
    }),
};
