import {
  AppMeshClient,
  DescribeMeshCommand,
  DescribeVirtualGatewayCommand,
  DescribeVirtualNodeCommand,
  ListMeshesCommand,
  ListTagsForResourceCommand,
  paginateListMeshes,
  paginateListTagsForResource,
  paginateListVirtualGateways,
  paginateListVirtualNodes,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import { ACCOUNT, clientConfig, collect, richSnapshot } from '../support.ts';

describe('the emulated App Mesh', () => {
  let emulator: Emulator;
  let mesh: AppMeshClient;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot()], maxPageSize: 2 });
    mesh = new AppMeshClient(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  it.each([
    ['ListMeshes', () => collect(paginateListMeshes({ client: mesh }, {}), (p) => p.meshes), 3, 2],
    [
      'ListVirtualNodes',
      () =>
        collect(
          paginateListVirtualNodes({ client: mesh }, { meshName: 'mesh-0' }),
          (p) => p.virtualNodes,
        ),
      7,
      4,
    ],
    [
      'ListVirtualGateways',
      () =>
        collect(
          paginateListVirtualGateways({ client: mesh }, { meshName: 'mesh-0' }),
          (p) => p.virtualGateways,
        ),
      3,
      2,
    ],
  ] as const)('pages %s with the SDK paginator', async (_name, read, items, pages) => {
    // Act
    const result = await read();

    // Assess
    expect(result.items).toHaveLength(items);
    expect(result.pages).toBe(pages);
  });

  it("lists mesh references built from each mesh's metadata", async () => {
    // Act
    const result = await mesh.send(new ListMeshesCommand({ limit: 1 }));

    // Assess
    expect(result.meshes).toEqual([
      {
        meshName: 'mesh-0',
        arn: `arn:aws:appmesh:us-east-1:${ACCOUNT}:mesh/mesh-0`,
        meshOwner: ACCOUNT,
        resourceOwner: ACCOUNT,
        version: 3,
        createdAt: new Date('2026-01-08T10:30:15.250Z'),
        lastUpdatedAt: new Date('2026-01-09T10:30:15.250Z'),
      },
    ]);
  });

  it('describes a virtual node with its TLS certificate union and discovery union', async () => {
    // Act
    const acmNode = await mesh.send(
      new DescribeVirtualNodeCommand({ meshName: 'mesh-0', virtualNodeName: 'node-00' }),
    );
    const fileNode = await mesh.send(
      new DescribeVirtualNodeCommand({ meshName: 'mesh-0', virtualNodeName: 'node-01' }),
    );

    // Assess
    expect(acmNode.virtualNode?.spec?.listeners?.[0]?.tls?.certificate).toEqual({
      acm: {
        certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f900`,
      },
    });
    expect(fileNode.virtualNode?.spec?.serviceDiscovery).toEqual({
      awsCloudMap: { namespaceName: 'local', serviceName: 'node-1' },
    });
  });

  it('describes a mesh and a virtual gateway', async () => {
    // Act
    const described = await mesh.send(new DescribeMeshCommand({ meshName: 'mesh-1' }));
    const gateway = await mesh.send(
      new DescribeVirtualGatewayCommand({ meshName: 'mesh-0', virtualGatewayName: 'gateway-2' }),
    );

    // Assess
    expect(described.mesh?.spec?.egressFilter?.type).toBe('DROP_ALL');
    expect(gateway.virtualGateway?.spec?.listeners?.[0]?.tls?.certificate).toEqual({
      sds: { secretName: 'gateway-2-cert' },
    });
  });

  it.each([
    ['an unknown mesh', () => mesh.send(new DescribeMeshCommand({ meshName: 'nope' }))],
    [
      'an unknown virtual node',
      () =>
        mesh.send(new DescribeVirtualNodeCommand({ meshName: 'mesh-0', virtualNodeName: 'nope' })),
    ],
    [
      'the nodes of an unknown mesh',
      () =>
        mesh.send(
          new DescribeVirtualGatewayCommand({ meshName: 'nope', virtualGatewayName: 'gateway-0' }),
        ),
    ],
  ])('answers NotFoundException (404) for %s', async (_name, call) => {
    // Act
    const result = call();

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'NotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('answers BadRequestException for a limit above 100', async () => {
    // Act
    const result = mesh.send(new ListMeshesCommand({ limit: 101 }));

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'BadRequestException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('lists the tags of a mesh page by page', async () => {
    // Act
    const { items, pages } = await collect(
      paginateListTagsForResource(
        { client: mesh },
        { resourceArn: `arn:aws:appmesh:us-east-1:${ACCOUNT}:mesh/mesh-0` },
      ),
      (p) => p.tags,
    );

    // Assess
    expect(items).toEqual([0, 1, 2].map((n) => ({ key: `k${n}`, value: `v${n}` })));
    expect(pages).toBe(2);
  });

  it('lists no tags for an untagged virtual node', async () => {
    // Act
    const result = await mesh.send(
      new ListTagsForResourceCommand({
        resourceArn: `arn:aws:appmesh:us-east-1:${ACCOUNT}:mesh/mesh-0/virtualNode/node-00`,
      }),
    );

    // Assess
    expect(result.tags).toEqual([]);
  });

  it.each<[string, string, number | undefined, string, number]>([
    ['an unknown resource', 'mesh/nope', undefined, 'NotFoundException', 404],
    ['a limit above 50', 'mesh/mesh-0', 51, 'BadRequestException', 400],
  ])(
    'answers ListTagsForResource for %s with an error',
    async (_name, path, limit, error, status) => {
      // Act
      const result = mesh.send(
        new ListTagsForResourceCommand({
          resourceArn: `arn:aws:appmesh:us-east-1:${ACCOUNT}:${path}`,
          limit,
        }),
      );

      // Assess
      await expect(result).rejects.toMatchObject({
        name: error,
        $metadata: { httpStatusCode: status },
      });
    },
  );
});
