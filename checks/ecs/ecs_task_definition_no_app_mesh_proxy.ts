import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { taskDefinitionResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';
import {
  APP_MESH_DISCONTINUED,
  type AppMeshTarget,
  type AppMeshWiring,
  appMeshWiringOf,
} from '../../lib/snapshot/appMesh.ts';

export const metadata: CheckMetadata = {
  id: 'ecs_task_definition_no_app_mesh_proxy',
  service: 'ecs',
  title:
    'ECS task definitions are no longer wired to AWS App Mesh, which was discontinued on 2026-09-30',
  severity: 'MEDIUM',
  resourceKind: 'taskDefinition',
  inputs: ['ecs.services', 'ecs.taskDefinitions'],
  description:
    'Checks that no in-scope ECS task definition is still wired to AWS App Mesh, which AWS discontinued on 2026-09-30: a proxyConfiguration of type APPMESH, a container running the App Mesh Envoy image (from the App Mesh ECR registries or public.ecr.aws/appmesh/aws-appmesh-envoy), or an APPMESH_RESOURCE_ARN or APPMESH_VIRTUAL_NODE_NAME environment variable. Read from the task definition alone: it needs no App Mesh call.',
  risk: 'With App Mesh discontinued, its Envoy proxies have no control plane: they keep the last configuration they received and get no more updates of certificates, routes or endpoints. The TLS between services expires with its certificates, traffic keeps going to endpoints that no longer exist, and a proxy that restarts or needs an answer from the control plane stops working.',
  remediation: {
    text: "Migrate the services to Amazon ECS Service Connect with TLS from AWS Private CA (serviceConnectConfiguration.services[].tls), then remove the Envoy container, the APPMESH proxyConfiguration and the APPMESH_* variables and register a new revision. The AWS blog post 'Migrating from AWS App Mesh to Amazon ECS Service Connect' (aws.amazon.com/blogs/containers) describes a blue/green migration.",
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-tls.html',
  },
  guidance:
    'Encrypt data in transit between services: with App Mesh discontinued, use Amazon ECS Service Connect with TLS certificates from AWS Private CA.',
  relatedRequirements: ['NIST.800-53.r5 SC-8', 'NIST.800-53.r5 SC-8(1)', 'NIST.800-53.r5 SA-22'],
};

const results = resultsFor(metadata);

const TYPE_NAME: Record<AppMeshTarget['resourceType'], string> = {
  virtualNode: 'virtual node',
  virtualGateway: 'virtual gateway',
};

/** `virtual node orders of mesh prod`, with the owner and region when they are not the scanned ones. */
const targetText = (target: AppMeshTarget, accountId: string, region: string): string => {
  const where = [
    target.meshOwner && target.meshOwner !== accountId ? `owned by ${target.meshOwner}` : '',
    target.region && target.region !== region ? `in ${target.region}` : '',
  ].filter(Boolean);
  return `${TYPE_NAME[target.resourceType]} ${target.resourceName} of mesh ${target.meshName}${where.length ? ` (${where.join(', ')})` : ''}`;
};

/** What one piece of wiring says: names, the image and the parsed mesh resource, never a variable's value. */
const wiringText = (wiring: AppMeshWiring, accountId: string, region: string): string => {
  switch (wiring.kind) {
    case 'proxyConfiguration':
      return `proxyConfiguration of type APPMESH${wiring.containerName ? ` (proxy container ${wiring.containerName})` : ''}`;
    case 'envoyImage':
      return `container ${wiring.containerName} runs the App Mesh Envoy image ${wiring.image}`;
    case 'variable':
      return `container ${wiring.containerName} sets ${wiring.variable} ${
        wiring.target
          ? `to ${targetText(wiring.target, accountId, region)}`
          : '(to no virtual node or gateway it could read)'
      }`;
  }
};

const MAX_LISTED = 8;
const list = (parts: readonly string[]): string =>
  parts.length > MAX_LISTED
    ? `${parts.slice(0, MAX_LISTED).join('; ')}; and ${parts.length - MAX_LISTED} more`
    : parts.join('; ');

export const check: Check = {
  metadata,
  evaluate: ({ inventory, now }) =>
    (inventory.taskDefinitions ?? []).map(({ arn, data }) => {
      const resource = taskDefinitionResource(arn, inventory.region, data);
      if (!data) {
        return results.notAvailable(
          resource,
          `Task definition ${resource.name} was not described, so whether it is wired to AWS App Mesh is unknown.`,
        );
      }
      const wiring = appMeshWiringOf(data);
      if (wiring.length === 0) {
        return results.passed(
          resource,
          `Task definition ${resource.name} is not wired to AWS App Mesh: no APPMESH proxy configuration, App Mesh Envoy image or APPMESH_* variable.`,
        );
      }
      const past = now.getTime() >= Date.parse(`${APP_MESH_DISCONTINUED}T00:00:00Z`);
      const parts = [
        ...new Set(wiring.map((w) => wiringText(w, inventory.accountId, inventory.region))),
      ];
      return results.failed(
        resource,
        `Task definition ${resource.name} is still wired to AWS App Mesh, which AWS ${past ? 'discontinued' : 'discontinues'} on ${APP_MESH_DISCONTINUED}: ${list(parts)}. Its Envoy proxies ${past ? 'get' : 'will then get'} no more configuration, certificate or endpoint updates from App Mesh.`,
      );
    }),
};
