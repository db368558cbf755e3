// How a task definition is wired to AWS App Mesh (discontinued on 2026-09-30): its proxy
// configuration, an App Mesh Envoy container, the variables that name the mesh resource Envoy
// serves. Read from the task definition alone, so it holds after the App Mesh API is gone; the
// new check reports the wiring, and the collectors put the meshes it names in scope.
import { parseArn } from '../aws/arn.ts';
import type { EcsTaskDefinition } from './types.ts';

/** The day AWS discontinued App Mesh: its control plane, console and API are gone after it. */
export const APP_MESH_DISCONTINUED = '2026-09-30';

/** The variables App Mesh's Envoy reads to know its mesh resource. */
export const APP_MESH_VARIABLES = ['APPMESH_RESOURCE_ARN', 'APPMESH_VIRTUAL_NODE_NAME'] as const;
export type AppMeshVariable = (typeof APP_MESH_VARIABLES)[number];

/** A mesh resource a task definition points at. `meshOwner`/`region` only when an ARN names them. */
export interface AppMeshTarget {
  meshName: string;
  meshOwner?: string;
  region?: string;
  resourceType: 'virtualNode' | 'virtualGateway';
  resourceName: string;
}

export type AppMeshWiring =
  | { kind: 'proxyConfiguration'; containerName?: string }
  | { kind: 'envoyImage'; containerName: string; image: string }
  | {
      kind: 'variable';
      containerName: string;
      variable: AppMeshVariable;
      /** Undefined when the value does not name a mesh resource (or a snapshot left it out). */
      target?: AppMeshTarget;
    };

// The accounts of App Mesh's Envoy image registries (the App Mesh user guide, "Envoy image"):
// the default one and those of the opt-in and China regions.
const ENVOY_REGISTRY_ACCOUNTS = [
  '840364872350',
  '772975370895', // me-south-1
  '856666278305', // ap-east-1
  '909464085924', // ap-southeast-3
  '422531588944', // eu-south-1
  '564877687649', // il-central-1
  '924023996002', // af-south-1
  '919366029133', // cn-north-1
  '919830735681', // cn-northwest-1
];

const ENVOY_IMAGE = new RegExp(
  `^(?:(?:${ENVOY_REGISTRY_ACCOUNTS.join('|')})\\.dkr\\.ecr(?:-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(?:\\.cn)?|public\\.ecr\\.aws/appmesh)/aws-appmesh-envoy(?::[\\w.-]+)?(?:@sha256:[0-9a-f]{64})?$`,
);

/** An image of App Mesh's Envoy, from its ECR registries or public ECR, any tag or digest. */
export const isAppMeshEnvoyImage = (image: string): boolean => ENVOY_IMAGE.test(image.trim());

const MESH_PATH = /^mesh\/([\w.-]+)\/(virtualNode|virtualGateway)\/([\w.-]+)$/;

/**
 * The mesh resource a variable's value names: `arn:aws:appmesh:REGION:OWNER:mesh/M/virtualNode/N`
 * (the ARN's account is the mesh's owner) or `mesh/M/virtualNode/N` (the older variable's form).
 */
export const appMeshTargetOf = (value: string): AppMeshTarget | undefined => {
  const trimmed = value.trim();
  const arn = parseArn(trimmed);
  if (arn && arn.service !== 'appmesh') return undefined;
  const match = MESH_PATH.exec(arn ? arn.resource : trimmed);
  if (!match) return undefined;
  const [, meshName = '', resourceType, resourceName = ''] = match;
  return {
    meshName,
    ...(arn?.accountId ? { meshOwner: arn.accountId } : {}),
    ...(arn?.region ? { region: arn.region } : {}),
    resourceType: resourceType as AppMeshTarget['resourceType'],
    resourceName,
  };
};

/** Whether a value is one the App Mesh variables take (a snapshot keeps it: it is not a secret). */
export const isAppMeshVariableValue = (name: string, value: string): boolean =>
  (APP_MESH_VARIABLES as readonly string[]).includes(name) && appMeshTargetOf(value) !== undefined;

/** Every way the task definition is wired to App Mesh; none: it is not. */
export const appMeshWiringOf = (definition: EcsTaskDefinition): AppMeshWiring[] => {
  const wiring: AppMeshWiring[] = [];
  const proxy = definition.proxyConfiguration;
  if ((proxy?.type ?? '').toUpperCase() === 'APPMESH') {
    wiring.push({
      kind: 'proxyConfiguration',
      ...(proxy?.containerName ? { containerName: proxy.containerName } : {}),
    });
  }
  for (const [index, container] of (definition.containerDefinitions ?? []).entries()) {
    // As the sibling checks name it: a container without a name by its position.
    const containerName = container.name || `#${index + 1}`;
    if (container.image && isAppMeshEnvoyImage(container.image)) {
      wiring.push({ kind: 'envoyImage', containerName, image: container.image });
    }
    for (const { name, value } of container.environment ?? []) {
      if (!(APP_MESH_VARIABLES as readonly (string | undefined)[]).includes(name)) continue;
      const target = value === undefined ? undefined : appMeshTargetOf(value);
      wiring.push({
        kind: 'variable',
        containerName,
        variable: name as AppMeshVariable,
        ...(target ? { target } : {}),
      });
    }
  }
  return wiring;
};

/** The mesh resources the task definitions point at, each once. */
export const appMeshTargetsOf = (definitions: readonly EcsTaskDefinition[]): AppMeshTarget[] => {
  const targets = new Map<string, AppMeshTarget>();
  for (const wiring of definitions.flatMap(appMeshWiringOf)) {
    if (wiring.kind !== 'variable' || !wiring.target) continue;
    const t = wiring.target;
    targets.set(
      [t.region, t.meshOwner, t.meshName, t.resourceType, t.resourceName].join('\u0000'),
      t,
    );
  }
  return [...targets.values()];
};
