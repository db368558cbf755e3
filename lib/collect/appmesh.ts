// App Mesh: the meshes in scope (those in-scope task definitions point at, or every one with
// allMeshes), their virtual nodes and virtual gateways (list + describe). AWS App Mesh was
// discontinued on 2026-09-30: its endpoint may refuse, not resolve or answer what the SDK cannot
// read, which costs one log line and leaves the sections out: a full scan then gives each mesh
// check one NOT_AVAILABLE result on the account in that region (lib/evaluate/regionCoverage.ts)
// and leaves its earlier findings as they were.
import {
  DescribeMeshCommand,
  DescribeVirtualGatewayCommand,
  DescribeVirtualNodeCommand,
  paginateListMeshes,
  paginateListVirtualGateways,
  paginateListVirtualNodes,
} from '@aws-sdk/client-app-mesh';
import { errorCodeOf, failureCauseOf } from '../aws/errors.ts';
import { type AppMeshTarget, appMeshTargetsOf } from '../snapshot/appMesh.ts';
import type {
  AppMeshMesh,
  AppMeshSection,
  AppMeshVirtualGateway,
  AppMeshVirtualNode,
  EcsTaskDefinition,
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

/** The first App Mesh call that failed: the one log line names it and what happened. */
interface FirstFailure {
  first?: { operation: string; error: unknown };
}

/** `attempt`, noting the first failure. */
const meshAttempt = async <T>(
  context: RegionContext,
  noted: FirstFailure,
  operation: string,
  task: () => Promise<T>,
) => {
  const outcome = await attempt(context, 'appmesh', operation, task);
  if (!outcome.ok) noted.first ??= { operation, error: outcome.error };
  return outcome;
};

/** `notFound`: what DescribeMesh's NotFoundException means here (a deleted mesh, or a failure). */
type NotFoundIs = 'absent' | 'failure';

const describeMeshes = async (
  context: RegionContext,
  meshes: readonly MeshKey[],
  notFound: NotFoundIs,
  noted: FirstFailure,
) =>
  allOrNothing(
    await Promise.all(
      meshes.map((mesh) =>
        meshAttempt(context, noted, 'DescribeMesh', () => {
          const describe = async () => {
            const out = await context.clients.appmesh.send(
              new DescribeMeshCommand({ meshName: mesh.meshName, meshOwner: mesh.meshOwner }),
            );
            return out.mesh ? [jsonify(out.mesh)] : [];
          };
          return notFound === 'absent' ? orAbsent(describe, NOT_FOUND) : describe();
        }),
      ),
    ),
  )?.flat() as AppMeshMesh[] | undefined;

/** Every virtual node of every mesh, or undefined when any call failed (a missing node would go unjudged). */
const collectVirtualNodes = async (
  context: RegionContext,
  meshes: readonly MeshKey[],
  noted: FirstFailure,
) => {
  const client = context.clients.appmesh;
  const perMesh = await Promise.all(
    meshes.map(async (mesh) => {
      const listed = await meshAttempt(context, noted, 'ListVirtualNodes', async () =>
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
          meshAttempt(context, noted, 'DescribeVirtualNode', async () => {
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
const collectVirtualGateways = async (
  context: RegionContext,
  meshes: readonly MeshKey[],
  noted: FirstFailure,
) => {
  const client = context.clients.appmesh;
  const perMesh = await Promise.all(
    meshes.map(async (mesh) => {
      const listed = await meshAttempt(context, noted, 'ListVirtualGateways', async () =>
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
          meshAttempt(context, noted, 'DescribeVirtualGateway', async () => {
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
 * These meshes only (no ListMeshes): a focus's, or one a task definition points at. A mesh a
 * change event names that DescribeMesh does not find was deleted: its nodes and gateways are not
 * listed. A mesh a task definition points at is not taken for deleted on one NotFound: the answer
 * is recorded as a failure, its nodes and gateways are listed (they fail too if it is gone), and
 * its stored findings stay until no task definition points at it.
 */
const collectMeshes = async (
  context: RegionContext,
  refs: readonly MeshKey[],
  need: SectionFilter,
  noted: FirstFailure,
  notFound: NotFoundIs,
): Promise<AppMeshSection> => {
  const meshes = await describeMeshes(context, refs, notFound, noted);
  const found = meshes
    ? refs.filter((ref) => meshes.some((mesh) => mesh.meshName === ref.meshName))
    : refs;
  const [virtualNodes, virtualGateways] = await Promise.all([
    need('appmesh.virtualNodes') ? collectVirtualNodes(context, found, noted) : undefined,
    need('appmesh.virtualGateways') ? collectVirtualGateways(context, found, noted) : undefined,
  ]);
  return { meshes, virtualNodes, virtualGateways };
};

/**
 * The meshes' parts put together, field by field: the meshes whose part was collected (a failed
 * one's findings stay, its failure recorded), or undefined when none could be.
 */
const merged = (parts: readonly AppMeshSection[], tagged: boolean): AppMeshSection => {
  const field = <T>(pick: (part: AppMeshSection) => T[] | undefined): T[] | undefined => {
    const collected = parts.filter((part) => pick(part) !== undefined);
    return parts.length > 0 && collected.length === 0
      ? undefined
      : collected.flatMap((part) => pick(part) ?? []);
  };
  // A part with items whose tags could not be read leaves the tags unknown.
  const untagged = parts.some((part) => part.tags === undefined && appMeshItemsIn(part) > 0);
  const tags =
    tagged && !untagged ? Object.assign({}, ...parts.map((part) => part.tags ?? {})) : undefined;
  return {
    meshes: field((part) => part.meshes),
    virtualNodes: field((part) => part.virtualNodes),
    virtualGateways: field((part) => part.virtualGateways),
    ...(tags ? { tags } : {}),
  };
};

const appMeshItemsIn = (part: AppMeshSection): number =>
  (part.meshes?.length ?? 0) +
  (part.virtualNodes?.length ?? 0) +
  (part.virtualGateways?.length ?? 0);

/** Which meshes a scan collects. */
export interface MeshScope {
  /** Every mesh of the region (allMeshes), not only those task definitions point at. */
  all: boolean;
  /** A focused rescan: only these meshes (`[]`: none). */
  only?: readonly MeshKey[];
}

const meshKey = (mesh: MeshKey) => `${mesh.meshOwner ?? ''}/${mesh.meshName ?? ''}`;

/** The mesh a target names, as DescribeMesh takes it: the owner only when it is another account. */
const meshOf = (target: AppMeshTarget, accountId: string | undefined): MeshKey => ({
  meshName: target.meshName,
  ...(target.meshOwner && target.meshOwner !== accountId ? { meshOwner: target.meshOwner } : {}),
});

const logUnreadable = (
  context: RegionContext,
  logger: Logger,
  { operation, error }: { operation: string; error: unknown },
  why: string,
) => {
  const errorCode = errorCodeOf(error);
  logger.warn(
    `App Mesh could not be read in ${context.region} (${operation}: ${failureCauseOf(error)}) ${why}; AWS App Mesh was discontinued on ${APP_MESH_END_OF_SUPPORT}. Each mesh check it left without data reports NOT_AVAILABLE for the account there, and its earlier findings stay as they were.`,
    { region: context.region, service: 'appmesh', operation, errorCode },
  );
};

/**
 * The App Mesh section, as meshes come into scope. With `all`, every mesh (ListMeshes), whatever
 * the task definitions say. Otherwise only the meshes the in-scope task definitions point at
 * (`add` starts a task definition's as soon as it is described): a region whose task definitions
 * never mention App Mesh costs no App Mesh call, and its section is empty (no mesh in scope).
 * Undefined: not collected (the task definitions, or the listing, could not be read). Whatever
 * App Mesh answers wrong costs one log line naming what happened.
 */
export const meshCollector = (
  context: RegionContext,
  logger: Logger,
  scope: MeshScope,
  need: SectionFilter = () => true,
  /**
   * Reads the exemption tags of what a part described (each mesh's as soon as it is described);
   * absent: tags are off.
   */
  withTags?: (section: AppMeshSection) => Promise<AppMeshSection>,
) => {
  const tagging = async (section: AppMeshSection) => (withTags ? withTags(section) : section);
  const wanted = APP_MESH_SECTIONS.some(need);
  const noted: FirstFailure = {};
  const started = new Map<string, Promise<AppMeshSection>>();
  const only = scope.only && new Set(scope.only.map(meshKey));
  const add = (definitions: readonly EcsTaskDefinition[]) => {
    if (!wanted || scope.all) return;
    for (const target of appMeshTargetsOf(definitions)) {
      // A mesh of another region is that region's.
      if (target.region !== undefined && target.region !== context.region) continue;
      const mesh = meshOf(target, context.accountId);
      const key = meshKey(mesh);
      if (started.has(key) || (only && !only.has(key))) continue;
      started.set(key, collectMeshes(context, [mesh], need, noted, 'failure').then(withTags));
    }
  };
  const finish = async (
    definitions: readonly EcsTaskDefinition[] | undefined,
  ): Promise<AppMeshSection | undefined> => {
    if (!wanted) return undefined;
    // A focused rescan that names no mesh judges none.
    if (scope.only?.length === 0) return undefined;
    if (scope.all) {
      const section = scope.only
        ? logged(
            await collectMeshes(context, scope.only, need, noted, 'absent'),
            'for the meshes changed',
          )
        : await listEveryMesh(context, logger, need, noted);
      return section && tagging(section);
    }
    // Which meshes are in scope is unknown without the task definitions.
    if (!definitions) return undefined;
    add(definitions);
    const section = merged(await Promise.all(started.values()), withTags !== undefined);
    return logged(
      section,
      `though in-scope task definitions point at ${started.size} mesh${started.size === 1 ? '' : 'es'}`,
    );
  };
  const logged = (section: AppMeshSection, why: string) => {
    if (noted.first) logUnreadable(context, logger, noted.first, why);
    // Nothing collected: no section (as when the listing fails).
    const { meshes, virtualNodes, virtualGateways } = section;
    return [meshes, virtualNodes, virtualGateways].some((items) => items !== undefined)
      ? section
      : undefined;
  };
  return { add, finish };
};

/** allMeshes: every mesh of the region, listed; undefined when the listing failed. */
const listEveryMesh = async (
  context: RegionContext,
  logger: Logger,
  need: SectionFilter,
  noted: FirstFailure,
): Promise<AppMeshSection | undefined> => {
  const listed = await attempt(context, 'appmesh', 'ListMeshes', async () =>
    (
      await pages(paginateListMeshes({ client: context.clients.appmesh, pageSize: PAGE_SIZE }, {}))
    ).flatMap((page) => page.meshes ?? []),
  );
  if (!listed.ok) {
    logUnreadable(
      context,
      logger,
      { operation: 'ListMeshes', error: listed.error },
      'with every mesh in scope (allMeshes)',
    );
    return undefined;
  }
  const [meshes, virtualNodes, virtualGateways] = await Promise.all([
    need('appmesh.meshes') ? describeMeshes(context, listed.value, 'failure', noted) : undefined,
    need('appmesh.virtualNodes') ? collectVirtualNodes(context, listed.value, noted) : undefined,
    need('appmesh.virtualGateways')
      ? collectVirtualGateways(context, listed.value, noted)
      : undefined,
  ]);
  if (noted.first)
    logUnreadable(context, logger, noted.first, 'with every mesh in scope (allMeshes)');
  return { meshes, virtualNodes, virtualGateways };
};
