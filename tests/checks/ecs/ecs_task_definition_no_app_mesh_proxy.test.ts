import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/ecs/ecs_task_definition_no_app_mesh_proxy.ts';
import type { EcsTaskDefinition } from '../../../lib/snapshot/types.ts';
import { arn, runCheck } from '../../support/evaluate.ts';
import {
  accountRunning,
  type Container,
  container,
  taskDefinition,
  withEnvironment,
} from '../../support/taskdef.ts';

const ENVOY = '840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1.29.12.0-prod';
const NODE_ARN = arn.virtualNode('mesh-prod', 'mesh-orders');
const GATEWAY_ARN = arn.virtualGateway('mesh-prod', 'mesh-ingress');
const APPMESH_PROXY = {
  proxyConfiguration: { type: 'APPMESH' as const, containerName: 'envoy' },
};

const envoy = (environment: Record<string, string> = {}, fields: Partial<Container> = {}) =>
  withEnvironment(environment, { name: 'envoy', image: ENVOY, ...fields });

const evaluate = async (definition: EcsTaskDefinition) => {
  const results = await runCheck(check, accountRunning([definition]));
  expect(results).toHaveLength(1);
  return results[0];
};

describe('ecs_task_definition_no_app_mesh_proxy', () => {
  it.each<[string, EcsTaskDefinition, string[]]>([
    [
      'a proxy configuration of type APPMESH',
      taskDefinition('orders:1', [container()], APPMESH_PROXY),
      ['proxyConfiguration of type APPMESH (proxy container envoy)'],
    ],
    [
      'a proxy configuration of type appmesh in lower case',
      taskDefinition('orders:1', [container()], {
        proxyConfiguration: { type: 'appmesh' as 'APPMESH', containerName: undefined },
      }),
      ['proxyConfiguration of type APPMESH'],
    ],
    [
      'an App Mesh Envoy container',
      taskDefinition('orders:1', [container(), envoy()]),
      [`container envoy runs the App Mesh Envoy image ${ENVOY}`],
    ],
    [
      'the Envoy image from public ECR, by digest',
      taskDefinition('orders:1', [
        envoy({}, { image: `public.ecr.aws/appmesh/aws-appmesh-envoy@sha256:${'ab'.repeat(32)}` }),
      ]),
      ['runs the App Mesh Envoy image public.ecr.aws/appmesh/aws-appmesh-envoy@sha256:abab'],
    ],
    [
      'APPMESH_RESOURCE_ARN naming a virtual node',
      taskDefinition('orders:1', [withEnvironment({ APPMESH_RESOURCE_ARN: NODE_ARN })]),
      ['container app sets APPMESH_RESOURCE_ARN to virtual node mesh-orders of mesh mesh-prod'],
    ],
    [
      'APPMESH_RESOURCE_ARN naming a virtual gateway',
      taskDefinition('ingress:1', [withEnvironment({ APPMESH_RESOURCE_ARN: GATEWAY_ARN })]),
      ['sets APPMESH_RESOURCE_ARN to virtual gateway mesh-ingress of mesh mesh-prod'],
    ],
    [
      'APPMESH_RESOURCE_ARN of a mesh shared by another account in another region',
      taskDefinition('orders:1', [
        withEnvironment({
          APPMESH_RESOURCE_ARN: 'arn:aws:appmesh:eu-west-1:444455556666:mesh/shared/virtualNode/n',
        }),
      ]),
      ['to virtual node n of mesh shared (owned by 444455556666, in eu-west-1)'],
    ],
    [
      'APPMESH_VIRTUAL_NODE_NAME in the older form',
      taskDefinition('orders:1', [
        withEnvironment({ APPMESH_VIRTUAL_NODE_NAME: 'mesh/mesh-prod/virtualNode/mesh-stock' }),
      ]),
      ['sets APPMESH_VIRTUAL_NODE_NAME to virtual node mesh-stock of mesh mesh-prod'],
    ],
    [
      'an APPMESH_RESOURCE_ARN whose value names no mesh resource',
      taskDefinition('orders:1', [withEnvironment({ APPMESH_RESOURCE_ARN: 'not-an-arn' })]),
      ['sets APPMESH_RESOURCE_ARN (to no virtual node or gateway it could read)'],
    ],
    [
      'every way together',
      taskDefinition(
        'orders:1',
        [container(), envoy({ APPMESH_RESOURCE_ARN: NODE_ARN, ENVOY_LOG_LEVEL: 'info' })],
        APPMESH_PROXY,
      ),
      [
        'proxyConfiguration of type APPMESH (proxy container envoy); container envoy runs the App Mesh Envoy image',
        '; container envoy sets APPMESH_RESOURCE_ARN to virtual node mesh-orders of mesh mesh-prod.',
      ],
    ],
    [
      'several containers',
      taskDefinition('orders:1', [
        envoy({ APPMESH_RESOURCE_ARN: NODE_ARN }),
        envoy(
          { APPMESH_VIRTUAL_NODE_NAME: 'mesh/mesh-prod/virtualNode/mesh-stock' },
          { name: 'envoy-2' },
        ),
      ]),
      [
        'container envoy sets APPMESH_RESOURCE_ARN',
        'container envoy-2 sets APPMESH_VIRTUAL_NODE_NAME',
      ],
    ],
  ])('fails medium for %s, naming it', async (_name, definition, reasonParts) => {
    // Act
    const result = await evaluate(definition);

    // Assess
    expect(result).toMatchObject({
      status: 'FAILED',
      severity: 'MEDIUM',
      resource: { kind: 'taskDefinition', name: definition.taskDefinitionArn?.split('/').pop() },
    });
    expect(result?.reason).toContain('is still wired to AWS App Mesh');
    expect(result?.reason).toContain('which AWS discontinued on 2026-09-30');
    for (const part of reasonParts) expect(result?.reason).toContain(part);
  });

  it('names no environment value but the parsed mesh resource', async () => {
    // Prepare
    const definition = taskDefinition('orders:1', [
      envoy({
        APPMESH_RESOURCE_ARN: NODE_ARN,
        ENVOY_ADMIN_TOKEN: 'Zm9vYmFyLXNlY3JldC12YWx1ZQ',
      }),
      withEnvironment({ APPMESH_VIRTUAL_NODE_NAME: 'garbage-value-1234' }, { name: 'worker' }),
    ]);

    // Act
    const result = await evaluate(definition);

    // Assess
    expect(result?.status).toBe('FAILED');
    expect(result?.reason).not.toContain(NODE_ARN);
    expect(result?.reason).not.toContain('Zm9vYmFyLXNlY3JldC12YWx1ZQ');
    expect(result?.reason).not.toContain('garbage-value-1234');
    expect(result?.reason).not.toContain('ENVOY_ADMIN_TOKEN');
  });

  it('lists the same wiring once', async () => {
    const definition = taskDefinition('orders:1', [
      container({
        name: 'envoy',
        image: ENVOY,
        environment: [
          { name: 'APPMESH_RESOURCE_ARN', value: NODE_ARN },
          { name: 'APPMESH_RESOURCE_ARN', value: NODE_ARN },
        ],
      }),
    ]);

    const result = await evaluate(definition);

    expect(result?.reason.split('sets APPMESH_RESOURCE_ARN')).toHaveLength(2);
  });

  it('says App Mesh discontinues when evaluated before 2026-09-30', async () => {
    const results = await runCheck(check, accountRunning([taskDefinition('orders:1', [envoy()])]), {
      now: new Date('2026-09-29T23:59:59Z'),
    });

    expect(results[0]?.reason).toContain('which AWS discontinues on 2026-09-30');
  });

  it.each<[string, Container[]]>([
    ['a plain task definition', [container()]],
    ['the upstream Envoy image', [container({ name: 'envoy', image: 'envoyproxy/envoy:v1.29' })]],
    [
      'a private mirror of the App Mesh Envoy image in another account',
      [
        container({
          name: 'envoy',
          image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy',
        }),
      ],
    ],
    [
      'a longer repository name on public ECR',
      [container({ image: 'public.ecr.aws/appmesh/aws-appmesh-envoy-extra' })],
    ],
    ['an image named envoy', [container({ name: 'envoy', image: 'envoy' })]],
    [
      'look-alike variable names and an App Mesh ARN in another variable',
      [withEnvironment({ APPMESH_RESOURCE_NAME: NODE_ARN, UPSTREAM_NODE: NODE_ARN })],
    ],
  ])('passes %s', async (_name, containers) => {
    // Act
    const result = await evaluate(taskDefinition('web:1', containers));

    // Assess
    expect(result).toMatchObject({
      status: 'PASSED',
      severity: 'INFORMATIONAL',
      resource: { kind: 'taskDefinition', name: 'web:1' },
    });
    expect(result?.reason).toContain('is not wired to AWS App Mesh');
  });

  it('is not available for a task definition that was not described', async () => {
    // Prepare
    const data = accountRunning([], {}, [arn.taskDefinition('orders:7')]);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toEqual([
      expect.objectContaining({
        status: 'NOT_AVAILABLE',
        severity: 'INFORMATIONAL',
        resource: expect.objectContaining({ name: 'orders:7' }),
      }),
    ]);
  });

  it('judges only in-scope task definitions, each once', async () => {
    // Prepare: one running task definition wired to App Mesh, one registered that no service runs
    const running = taskDefinition('orders:2', [envoy()]);
    const data = accountRunning([running]);
    data.ecs?.taskDefinitions?.push(taskDefinition('orders:1', [envoy()]));

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => [r.resource.name, r.status])).toEqual([['orders:2', 'FAILED']]);
  });

  it.each([
    ['there are no task definitions', accountRunning([])],
    ['ECS services were not collected', {}],
  ])('returns nothing when %s', async (_name, data) => {
    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toEqual([]);
  });
});
