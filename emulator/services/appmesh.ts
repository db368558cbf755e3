// AWS App Mesh (restJson1): meshes, virtual nodes and virtual gateways from `appmesh`, and their
// tags (`appmesh.tags`, keyed by ARN).
import {
  DescribeMesh$,
  DescribeVirtualGateway$,
  DescribeVirtualNode$,
  ListMeshes$,
  ListTagsForResource$,
  ListVirtualGateways$,
  ListVirtualNodes$,
} from '@aws-sdk/client-app-mesh';
import type {
  AppMeshMesh,
  AppMeshVirtualGateway,
  AppMeshVirtualNode,
} from '../../lib/snapshot/types.ts';
import { restJsonProtocol } from '../protocols/restJson.ts';
import {
  collected,
  DEFAULT_BUCKET,
  error,
  type PageSpec,
  paginate,
  serviceErrors,
} from './common.ts';
import type { CallContext, Input, ServiceDefinition } from './types.ts';

const badRequest = (message: string) => error('BadRequestException', message, 400);
const notFound = (message: string) => error('NotFoundException', message, 404);

// `limit`: 1–100; without it App Mesh returns up to 100 results.
const PAGE: PageSpec = {
  defaultSize: 100,
  maxSize: 100,
  invalidSize: () => badRequest('limit must be between 1 and 100.'),
  invalidToken: () => badRequest('Invalid nextToken.'),
};

const section = (context: CallContext) => context.data.appmesh ?? {};

type Metadata = { metadata?: AppMeshMesh['metadata'] };
/** The `*Ref` summary fields that List* returns, from a described resource's metadata. */
const refOf = (item: Metadata) => ({
  arn: item.metadata?.arn,
  meshOwner: item.metadata?.meshOwner,
  resourceOwner: item.metadata?.resourceOwner,
  version: item.metadata?.version,
  createdAt: item.metadata?.createdAt,
  lastUpdatedAt: item.metadata?.lastUpdatedAt,
});

const ownedBy = (item: Metadata, owner: string | undefined): boolean =>
  !owner || item.metadata?.meshOwner === undefined || item.metadata.meshOwner === owner;

const findMesh = (input: Input, context: CallContext): AppMeshMesh => {
  const mesh = collected(context, section(context).meshes, 'appmesh.meshes').find(
    (candidate) => candidate.meshName === input.meshName && ownedBy(candidate, input.meshOwner),
  );
  if (!mesh) throw notFound(`Mesh ${input.meshName} not found.`);
  return mesh;
};

const listMeshes = (input: Input, context: CallContext) => {
  const page = paginate(
    collected(context, section(context).meshes, 'appmesh.meshes'),
    { size: input.limit, token: input.nextToken },
    PAGE,
    context,
  );
  return {
    meshes: page.items.map((mesh) => ({ meshName: mesh.meshName, ...refOf(mesh) })),
    nextToken: page.nextToken,
  };
};

const describeMesh = (input: Input, context: CallContext) => ({ mesh: findMesh(input, context) });

const nodesOf = (input: Input, context: CallContext): AppMeshVirtualNode[] => {
  findMesh(input, context);
  return collected(context, section(context).virtualNodes, 'appmesh.virtualNodes').filter(
    (node) => node.meshName === input.meshName,
  );
};

const listVirtualNodes = (input: Input, context: CallContext) => {
  const page = paginate(
    nodesOf(input, context),
    { size: input.limit, token: input.nextToken },
    PAGE,
    context,
  );
  return {
    virtualNodes: page.items.map((node) => ({
      meshName: node.meshName,
      virtualNodeName: node.virtualNodeName,
      ...refOf(node),
    })),
    nextToken: page.nextToken,
  };
};

const describeVirtualNode = (input: Input, context: CallContext) => {
  const node = nodesOf(input, context).find(
    (candidate) => candidate.virtualNodeName === input.virtualNodeName,
  );
  if (!node)
    throw notFound(`VirtualNode ${input.virtualNodeName} not found in mesh ${input.meshName}.`);
  return { virtualNode: node };
};

const gatewaysOf = (input: Input, context: CallContext): AppMeshVirtualGateway[] => {
  findMesh(input, context);
  return collected(context, section(context).virtualGateways, 'appmesh.virtualGateways').filter(
    (gateway) => gateway.meshName === input.meshName,
  );
};

const listVirtualGateways = (input: Input, context: CallContext) => {
  const page = paginate(
    gatewaysOf(input, context),
    { size: input.limit, token: input.nextToken },
    PAGE,
    context,
  );
  return {
    virtualGateways: page.items.map((gateway) => ({
      meshName: gateway.meshName,
      virtualGatewayName: gateway.virtualGatewayName,
      ...refOf(gateway),
    })),
    nextToken: page.nextToken,
  };
};

const describeVirtualGateway = (input: Input, context: CallContext) => {
  const gateway = gatewaysOf(input, context).find(
    (candidate) => candidate.virtualGatewayName === input.virtualGatewayName,
  );
  if (!gateway) {
    throw notFound(
      `VirtualGateway ${input.virtualGatewayName} not found in mesh ${input.meshName}.`,
    );
  }
  return { virtualGateway: gateway };
};

// ListTagsForResource `limit`: 1–50 (API Reference, valid range); without it up to 100 results.
const TAGS_PAGE: PageSpec = {
  ...PAGE,
  maxSize: 50,
  invalidSize: () => badRequest('limit must be between 1 and 50.'),
};

/** The tags of a mesh, virtual node or virtual gateway the snapshot described. */
const listTagsForResource = (input: Input, context: CallContext) => {
  const arn: string | undefined = input.resourceArn;
  const tags = collected(context, section(context).tags, 'appmesh.tags');
  const data = section(context);
  const known = [
    ...(data.meshes ?? []),
    ...(data.virtualNodes ?? []),
    ...(data.virtualGateways ?? []),
  ].some((item) => item.metadata?.arn === arn);
  if (!arn || !known) throw notFound(`Resource ${arn ?? ''} not found.`);
  const page = paginate(
    tags[arn] ?? [],
    { size: input.limit, token: input.nextToken },
    TAGS_PAGE,
    context,
  );
  return { tags: page.items, nextToken: page.nextToken };
};

export const appmesh: ServiceDefinition = {
  name: 'appmesh',
  protocol: restJsonProtocol(),
  operations: {
    ListMeshes: { schema: ListMeshes$, handler: listMeshes },
    DescribeMesh: { schema: DescribeMesh$, handler: describeMesh },
    ListVirtualNodes: { schema: ListVirtualNodes$, handler: listVirtualNodes },
    DescribeVirtualNode: { schema: DescribeVirtualNode$, handler: describeVirtualNode },
    ListVirtualGateways: { schema: ListVirtualGateways$, handler: listVirtualGateways },
    DescribeVirtualGateway: { schema: DescribeVirtualGateway$, handler: describeVirtualGateway },
    ListTagsForResource: { schema: ListTagsForResource$, handler: listTagsForResource },
  },
  errors: serviceErrors('appmesh', {
    throttling: ['TooManyRequestsException', 429],
    accessDenied: ['ForbiddenException', 403],
    internalFailure: ['InternalServerErrorException', 500],
    serviceUnavailable: ['ServiceUnavailableException', 503],
    unknownOperation: ['UnknownOperationException', 404],
  }),
  // App Mesh publishes no per-API request rates: the default bucket.
  bucket: () => DEFAULT_BUCKET,
};
