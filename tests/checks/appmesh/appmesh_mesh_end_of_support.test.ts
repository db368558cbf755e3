import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/appmesh/appmesh_mesh_end_of_support.ts';
import type { AppMeshSection } from '../../../lib/snapshot/types.ts';
import { mesh, runMeshCheck, virtualGateway, virtualNode } from '../../support/mesh.ts';

describe('appmesh_mesh_end_of_support', () => {
  it.each<[string, AppMeshSection, string]>([
    [
      'counts the virtual nodes and gateways of the mesh',
      {
        meshes: [mesh('prod')],
        virtualNodes: [
          virtualNode('orders', { listeners: [] }),
          virtualNode('stock', { listeners: [] }),
        ],
        virtualGateways: [virtualGateway('ingress', { listeners: [] })],
      },
      'it has 2 virtual nodes and 1 virtual gateway',
    ],
    [
      'counts only the resources of that mesh',
      {
        meshes: [mesh('prod')],
        virtualNodes: [
          virtualNode('orders', { listeners: [] }),
          virtualNode('orders', { listeners: [] }, 'staging'),
        ],
        virtualGateways: [],
      },
      'it has 1 virtual node and 0 virtual gateways',
    ],
    [
      'does not count nodes of a same-named mesh shared by another account',
      {
        meshes: [mesh('prod')],
        virtualNodes: [
          virtualNode('orders', { listeners: [] }),
          virtualNode('orders', { listeners: [] }, 'prod', '444455556666'),
        ],
        virtualGateways: [],
      },
      'it has 1 virtual node and 0 virtual gateways',
    ],
    [
      'says the counts are unknown when nodes and gateways were not collected',
      { meshes: [mesh('prod')] },
      'an unknown number of virtual nodes (not collected) and an unknown number of virtual gateways (not collected)',
    ],
  ])('fails and %s', async (_name, appmesh, reasonPart) => {
    // Act
    const results = await runMeshCheck(check, { appmesh });

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: 'FAILED',
      severity: 'MEDIUM',
      resource: { kind: 'mesh', name: 'prod' },
    });
    expect(results[0]?.resource.arn).toBe(appmesh.meshes?.[0]?.metadata?.arn);
    expect(results[0]?.reason).toContain('Mesh prod');
    expect(results[0]?.reason).toContain(reasonPart);
  });

  it.each([
    [
      '2026-11-28T12:00:00Z',
      'which AWS discontinued on 2026-09-30: its Envoy proxies have no control plane and get no more certificate, route or endpoint updates; it has',
    ],
    ['2026-09-30T00:00:00Z', 'which AWS discontinued on 2026-09-30: its Envoy proxies'],
    ['2026-09-29T23:59:59Z', 'which AWS discontinues on 2026-09-30; it has'],
  ])('words the discontinuation relative to the evaluation time %s', async (now, wording) => {
    const results = await runMeshCheck(
      check,
      { appmesh: { meshes: [mesh('prod')] } },
      { now: new Date(now) },
    );

    expect(results[0]?.status).toBe('FAILED');
    expect(results[0]?.reason).toContain(wording);
  });

  it('says in its metadata that App Mesh was discontinued, what that means and how to migrate', () => {
    expect(check.metadata.id).toBe('appmesh_mesh_end_of_support');
    expect(check.metadata.title).toContain('was discontinued on 2026-09-30');
    expect(check.metadata.risk).toContain('no more updates of certificates, routes or endpoints');
    expect(check.metadata.remediation.text).toContain(
      'Amazon ECS Service Connect with TLS from AWS Private CA',
    );
    expect(check.metadata.remediation.text).toContain(
      'Migrating from AWS App Mesh to Amazon ECS Service Connect',
    );
  });

  it('reports one result per mesh', async () => {
    const results = await runMeshCheck(check, {
      appmesh: { meshes: [mesh('prod'), mesh('staging')] },
    });

    expect(results.map((r) => r.resource.name)).toEqual(['prod', 'staging']);
  });

  it('tells its own mesh from a same-named one another account shares, in name and reason', async () => {
    // Prepare
    const appmesh = { meshes: [mesh('prod'), mesh('prod', '444455556666')] };

    // Act
    const results = await runMeshCheck(check, { appmesh });

    // Assess
    expect(results.map((r) => r.resource.name)).toEqual(['prod', 'prod (account 444455556666)']);
    expect(results[1]?.reason).toMatch(
      /^Mesh prod \(account 444455556666\) runs on AWS App Mesh, which AWS discontinued on /,
    );
  });

  it.each([
    ['no meshes exist', { appmesh: { meshes: [] } }],
    ['meshes were not collected', {}],
  ])('reports nothing when %s', async (_name, data) => {
    const results = await runMeshCheck(check, data);

    expect(results).toEqual([]);
  });
});
