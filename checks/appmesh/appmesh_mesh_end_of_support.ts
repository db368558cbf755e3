import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { meshResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';
import type {
  AppMeshMesh,
  AppMeshVirtualGateway,
  AppMeshVirtualNode,
} from '../../lib/snapshot/types.ts';

/** AWS discontinued App Mesh on this day: no console, no API, no security updates after it. */
export const APP_MESH_END_OF_SUPPORT = '2026-09-30';

export const metadata: CheckMetadata = {
  id: 'appmesh_mesh_end_of_support',
  service: 'appmesh',
  title:
    'App Mesh meshes are migrated off AWS App Mesh, which reached end of support on 2026-09-30',
  severity: 'MEDIUM',
  resourceKind: 'mesh',
  inputs: [
    'ecs.services',
    'ecs.taskDefinitions',
    'appmesh.meshes',
    'appmesh.virtualNodes',
    'appmesh.virtualGateways',
  ],
  description:
    'Reports every AWS App Mesh mesh: AWS discontinued App Mesh on 2026-09-30. The finding names how many virtual nodes and virtual gateways the mesh has, to size the migration to Amazon ECS Service Connect.',
  risk: 'An unsupported service receives no security fixes, and its console and resources stop being accessible: the TLS between services that the mesh provides can no longer be maintained, rotated or audited.',
  remediation: {
    text: "Move the mesh's ECS services to Amazon ECS Service Connect with TLS from AWS Private CA (serviceConnectConfiguration.services[].tls.issuerCertificateAuthority), then delete the mesh. See the AWS blog post 'Migrating from AWS App Mesh to Amazon ECS Service Connect' for a blue/green migration.",
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-tls.html',
  },
  guidance:
    'Encrypt data in transit between services: with App Mesh discontinued, use Amazon ECS Service Connect with TLS certificates from AWS Private CA.',
  relatedRequirements: ['NIST.800-53.r5 SA-22', 'NIST.800-53.r5 SC-8'],
};

const results = resultsFor(metadata);

/** Same mesh name and, where both sides say, the same mesh owner (shared meshes can repeat names). */
const inMesh =
  (mesh: AppMeshMesh) =>
  (item: AppMeshVirtualNode | AppMeshVirtualGateway): boolean =>
    item.meshName === mesh.meshName &&
    (!item.metadata?.meshOwner ||
      !mesh.metadata?.meshOwner ||
      item.metadata.meshOwner === mesh.metadata.meshOwner);

const count = (items: readonly unknown[] | undefined, noun: string): string =>
  items
    ? `${items.length} ${noun}${items.length === 1 ? '' : 's'}`
    : `an unknown number of ${noun}s (not collected)`;

export const check: Check = {
  metadata,
  evaluate: ({ inventory, now }) =>
    (inventory.meshes ?? []).map((mesh) => {
      const resource = meshResource(mesh, inventory.region);
      const nodes = inventory.virtualNodes?.filter(inMesh(mesh));
      const gateways = inventory.virtualGateways?.filter(inMesh(mesh));
      const tense =
        now.getTime() >= Date.parse(`${APP_MESH_END_OF_SUPPORT}T00:00:00Z`) ? 'reached' : 'reaches';
      return results.failed(
        resource,
        `Mesh ${resource.name} runs on AWS App Mesh, which ${tense} end of support on ${APP_MESH_END_OF_SUPPORT}; it has ${count(nodes, 'virtual node')} and ${count(gateways, 'virtual gateway')} to migrate to Amazon ECS Service Connect.`,
      );
    }),
};
