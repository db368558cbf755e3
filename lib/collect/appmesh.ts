// App Mesh: every mesh, virtual node and virtual gateway (list + describe). AWS App Mesh reached
// end of support on 2026-09-30: its endpoint may refuse or not resolve, which costs one log line
// and leaves the sections out: a full scan then gives each mesh check one NOT_AVAILABLE result on
// the account in that region (lib/evaluate/regionCoverage.ts) and leaves its earlier findings as they were.
import {
  DescribeMeshCommand,
  DescribeVirtualGatewayCommand,
  DescribeVirtualNodeCommand,
  paginateListMeshes,
  paginateListVirtualGateways,
  paginateListVirtualNodes,
} from '@aws-sdk/client-app-mesh';
import { errorCodeOf } from '../aws/errors.ts';
import type {
  AppMeshMesh,
  AppMeshSection,
  AppMeshVirtualGateway,
  AppMeshVirtualNode,
} from '../snapshot/types.ts';
import { allOrNothing, attempt, IncompleteAnswerError, orAbsent, pages } from './call.ts';
import { jsonify } from './json.ts';
import type { SectionFilter } from './sections.ts';
import type { Logger, MeshKey, RegionContext } from './types.ts';

export const APP_MESH_END_OF_SUPPORT = '2026-09-30';

/**
 * A mesh a focused rescan names (from a change event) that App Mesh does not find was deleted. An
 * item a listing just returned is not taken for deleted when its describe answers NotFound: the
 * listing says it exists, so the answer is a collection failure (the next scan sees it gone).
 */
const NOT_FOUND = 'NotFoundException';

const APP_MESH_SECTIONS = [
  'appmesh.meshes',
  'appmesh.virtualNodes',
  'appmesh.virtualGateways',
] as const;

/** App Mesh's list APIs return at most 100 items a page. */
const PAGE_SIZE = 100;

/** A mesh by name and owner (a ListMeshes entry, or a focused rescan's target). */

const describeMeshes = async (
  context: RegionContext,
  meshes: readonly MeshKey[],
  from: 'listing' | 'focus',
) =>
  allOrNothing(
    await Promise.all(
      meshes.map((mesh) =>
        attempt(context, 'appmesh', 'DescribeMesh', () => {
          const describe = async () => {
            const out = await context.clients.appmesh.send(
              new DescribeMeshCommand({ meshName: mesh.meshName, meshOwner: mesh.meshOwner }),
            );
            return out.mesh ? [jsonify(out.mesh)] : [];
          };
          return from === 'focus' ? orAbsent(describe, NOT_FOUND) : describe();
        }),
      ),
    ),
  )?.flat() as AppMeshMesh[] | undefined;

/** Every virtual node of every mesh, or undefined when any call failed (a missing node would go unjudged). */
const collectVirtualNodes = async (context: RegionContext, meshes: readonly MeshKey[]) => {
  const client = context.clients.appmesh;
  const perMesh = await Promise.all(
    meshes.map(async (mesh) => {
      const listed = await attempt(context, 'appmesh', 'ListVirtualNodes', async () =>
        (
          await pages(
            paginateListVirtualNodes(
              { client, pageSize: PAGE_SIZE },
              { meshName: mesh.meshName, meshOwner: mesh.meshOwner },
            ),
          )
        ).flatMap((page) => page.virtualNodes ?? []),
      );
      if (!listed.ok) return [listed];
      return Promise.all(
        listed.value.map((node) =>
          attempt(context, 'appmesh', 'DescribeVirtualNode', async () => {
            const out = await client.send(
              new DescribeVirtualNodeCommand({
                meshName: node.meshName,
                virtualNodeName: node.virtualNodeName,
                meshOwner: node.meshOwner,
              }),
            );
            if (!out.virtualNode) throw new IncompleteAnswerError('no virtualNode');
            return [jsonify(out.virtualNode)];
          }),
        ),
      );
    }),
  );
  return allOrNothing(perMesh.flat())?.flat() as AppMeshVirtualNode[] | undefined;
};

/** Every virtual gateway of every mesh, or undefined when any call failed. */
const collectVirtualGateways = async (context: RegionContext, meshes: readonly MeshKey[]) => {
  const client = context.clients.appmesh;
  const perMesh = await Promise.all(
    meshes.map(async (mesh) => {
      const listed = await attempt(context, 'appmesh', 'ListVirtualGateways', async () =>
        (
          await pages(
            paginateListVirtualGateways(
              { client, pageSize: PAGE_SIZE },
              { meshName: mesh.meshName, meshOwner: mesh.meshOwner },
            ),
          )
        ).flatMap((page) => page.virtualGateways ?? []),
      );
      if (!listed.ok) return [listed];
      return Promise.all(
        listed.value.map((gateway) =>
          attempt(context, 'appmesh', 'DescribeVirtualGateway', async () => {
            const out = await client.send(
              new DescribeVirtualGatewayCommand({
                meshName: gateway.meshName,
                virtualGatewayName: gateway.virtualGatewayName,
                meshOwner: gateway.meshOwner,
              }),
            );
            if (!out.virtualGateway) throw new IncompleteAnswerError('no virtualGateway');
            return [jsonify(out.virtualGateway)];
          }),
        ),
      );
    }),
  );
  return allOrNothing(perMesh.flat())?.flat() as AppMeshVirtualGateway[] | undefined;
};

/**
 * A focused rescan: only these meshes (no ListMeshes). A mesh that no longer exists has no nodes or
 * gateways to list: only the meshes DescribeMesh found are listed further.
 */
const collectMeshes = async (
  context: RegionContext,
  refs: readonly MeshKey[],
  need: SectionFilter,
): Promise<AppMeshSection> => {
  const meshes = await describeMeshes(context, refs, 'focus');
  const found = meshes
    ? refs.filter((ref) => meshes.some((mesh) => mesh.meshName === ref.meshName))
    : refs;
  const [virtualNodes, virtualGateways] = await Promise.all([
    need('appmesh.virtualNodes') ? collectVirtualNodes(context, found) : undefined,
    need('appmesh.virtualGateways') ? collectVirtualGateways(context, found) : undefined,
  ]);
  return { meshes, virtualNodes, virtualGateways };
};

/**
 * The App Mesh section; undefined (with one log line) when the meshes cannot be listed. With
 * `only`, just those meshes (`[]`: no App Mesh call at all).
 */
export const collectAppMesh = async (
  context: RegionContext,
  logger: Logger,
  only?: readonly MeshKey[],
  need: SectionFilter = () => true,
): Promise<AppMeshSection | undefined> => {
  if (only) return only.length > 0 ? collectMeshes(context, only, need) : undefined;
  if (!APP_MESH_SECTIONS.some(need)) return undefined;
  const listed = await attempt(context, 'appmesh', 'ListMeshes', async () =>
    (
      await pages(paginateListMeshes({ client: context.clients.appmesh, pageSize: PAGE_SIZE }, {}))
    ).flatMap((page) => page.meshes ?? []),
  );
  if (!listed.ok) {
    const errorCode = errorCodeOf(listed.error);
    logger.warn(
      `App Mesh is not available in ${context.region} (ListMeshes: ${errorCode}); AWS App Mesh reached end of support on ${APP_MESH_END_OF_SUPPORT}, so no mesh is judged in this region: each mesh check reports NOT_AVAILABLE for the account, and its earlier findings are left as they were.`,
      { region: context.region, service: 'appmesh', operation: 'ListMeshes', errorCode },
    );
    return undefined;
  }
  const [meshes, virtualNodes, virtualGateways] = await Promise.all([
    need('appmesh.meshes') ? describeMeshes(context, listed.value, 'listing') : undefined,
    need('appmesh.virtualNodes') ? collectVirtualNodes(context, listed.value) : undefined,
    need('appmesh.virtualGateways') ? collectVirtualGateways(context, listed.value) : undefined,
  ]);
  return { meshes, virtualNodes, virtualGateways };
};
