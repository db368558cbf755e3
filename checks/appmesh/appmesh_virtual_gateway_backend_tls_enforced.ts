import {
  backendTlsResult,
  judgeClientTls,
  type MeshSubject,
  specUnknown,
} from '../../lib/evaluate/appmesh/tls.ts';
import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { virtualGatewayResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';

export const metadata: CheckMetadata = {
  id: 'appmesh_virtual_gateway_backend_tls_enforced',
  service: 'appmesh',
  title: 'App Mesh virtual gateways enforce TLS with certificate validation to their backends',
  severity: 'MEDIUM',
  resourceKind: 'virtualGateway',
  inputs: ['ecs.services', 'ecs.taskDefinitions', 'appmesh.virtualGateways'],
  description:
    "Checks that an AWS App Mesh virtual gateway's spec.backendDefaults.clientPolicy.tls enforces TLS (enforce absent counts as true) with a validation trust: ACM certificate authorities, file or SDS.",
  risk: 'Without an enforced TLS client policy the gateway forwards traffic into the mesh in plain text, and without a validation trust it cannot tell a real backend from an impostor.',
  remediation: {
    text: 'Set spec.backendDefaults.clientPolicy.tls on the virtual gateway with enforce true (or absent) and validation.trust pointing to your AWS Private CA (acm.certificateAuthorityArns), a file or SDS (aws appmesh update-virtual-gateway). Plan the move to Amazon ECS Service Connect with TLS: App Mesh support ends on 2026-09-30.',
    url: 'https://docs.aws.amazon.com/app-mesh/latest/userguide/tls.html',
  },
  guidance:
    'Encrypt data in transit with a service mesh: configure TLS between the Envoy proxies of App Mesh virtual nodes and virtual gateways, with certificates from AWS Private CA or your own.',
  relatedRequirements: [
    'AWS Config appmesh-virtual-gateway-backend-defaults-tls',
    'NIST.800-53.r5 SC-8',
    'NIST.800-53.r5 SC-8(1)',
    'NIST.800-53.r5 SC-13',
    'NIST.800-53.r5 SC-23',
    'NIST.800-53.r5 IA-5(2)',
  ],
};

const results = resultsFor(metadata);

/** A gateway has no backends of its own: its defaults reach every one. */
const TO_ITS_BACKENDS = { failed: 'to its backends', passed: 'to its backends' };

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.virtualGateways ?? []).map((gateway) => {
      const subject: MeshSubject = {
        kind: 'Virtual gateway',
        resource: virtualGatewayResource(gateway, inventory),
      };
      if (!gateway.spec) {
        return specUnknown(results, subject, 'its backend client policy is unknown');
      }
      const verdict = judgeClientTls(gateway.spec.backendDefaults?.clientPolicy?.tls);
      return backendTlsResult(results, subject, verdict, TO_ITS_BACKENDS);
    }),
};
