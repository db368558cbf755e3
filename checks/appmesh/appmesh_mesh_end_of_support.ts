import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { meshResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';
import { APP_MESH_DISCONTINUED } from '../../lib/snapshot/appMesh.ts';
import type {
  AppMeshMesh,
  AppMeshVirtualGateway,
  AppMeshVirtualNode,
} from '../../lib/snapshot/types.ts';

export const metadata: CheckMetadata = {
  id: 'appmesh_mesh_end_of_support',
  service: 'appmesh',
  title: 'App Mesh meshes are migrated off AWS App Mesh, which was discontinued on 2026-09-30',
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
    'Reports every AWS App Mesh mesh the scan still finds: AWS discontinued App Mesh on 2026-09-30. The finding names how many virtual nodes and virtual gateways the mesh has, to size the migration to Amazon ECS Service Connect; ecs_task_definition_no_app_mesh_proxy reports the task definitions still wired to a mesh.',
  risk: 'App Mesh was discontinued on 2026-09-30: its console, API and control plane are gone and it receives no security fixes. Envoy proxies still running keep the last configuration they received and get no more updates of certificates, routes or endpoints: the TLS between services expires with its certificates and can no longer be rotated or audited, traffic keeps going to endpoints that no longer exist, and a proxy stops working when it needs an answer from the control plane (a restart, a new task).',
  remediation: {
    text: "Migrate the mesh's ECS services to Amazon ECS Service Connect with TLS from AWS Private CA (serviceConnectConfiguration.services[].tls.issuerCertificateAuthority), remove the Envoy containers, APPMESH proxy configurations and APPMESH_* variables from their task definitions, then delete the mesh. The AWS blog post 'Migrating from AWS App Mesh to Amazon ECS Service Connect' (aws.amazon.com/blogs/containers) describes a blue/green migration.",
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
      const resource = meshResource(mesh, inventory);
      const nodes = inventory.virtualNodes?.filter(inMesh(mesh));
      const gateways = inventory.virtualGateways?.filter(inMesh(mesh));
      const past = now.getTime() >= Date.parse(`${APP_MESH_DISCONTINUED}T00:00:00Z`);
      const consequence = past
        ? ': its Envoy proxies have no control plane and get no more certificate, route or endpoint updates'
        : '';
      return results.failed(
        resource,
        `Mesh ${resource.name} runs on AWS App Mesh, which AWS ${past ? 'discontinued' : 'discontinues'} on ${APP_MESH_DISCONTINUED}${consequence}; it has ${count(nodes, 'virtual node')} and ${count(gateways, 'virtual gateway')} to migrate to Amazon ECS Service Connect.`,
      );
    }),
};
