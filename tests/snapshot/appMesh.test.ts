import { describe, expect, it } from 'vitest';
import {
  type AppMeshTarget,
  type AppMeshWiring,
  appMeshTargetOf,
  appMeshTargetsOf,
  appMeshWiringOf,
  isAppMeshEnvoyImage,
  isAppMeshVariableValue,
} from '../../lib/snapshot/appMesh.ts';
import type { EcsTaskDefinition } from '../../lib/snapshot/types.ts';
import { container, taskDefinition, withEnvironment } from '../support/taskdef.ts';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const TAG = 'v1.29.12.0-prod';
const NODE_ARN = 'arn:aws:appmesh:us-east-1:111122223333:mesh/mesh-prod/virtualNode/mesh-orders';

describe('isAppMeshEnvoyImage', () => {
  it.each([
    [
      'the default registry',
      `840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:${TAG}`,
    ],
    [
      'the default registry in another region',
      `840364872350.dkr.ecr.eu-west-1.amazonaws.com/aws-appmesh-envoy:${TAG}`,
    ],
    [
      'the default registry through FIPS',
      `840364872350.dkr.ecr-fips.us-east-1.amazonaws.com/aws-appmesh-envoy:${TAG}`,
    ],
    ['me-south-1', `772975370895.dkr.ecr.me-south-1.amazonaws.com/aws-appmesh-envoy:${TAG}`],
    ['ap-east-1', `856666278305.dkr.ecr.ap-east-1.amazonaws.com/aws-appmesh-envoy:${TAG}`],
    [
      'ap-southeast-3',
      `909464085924.dkr.ecr.ap-southeast-3.amazonaws.com/aws-appmesh-envoy:${TAG}`,
    ],
    ['eu-south-1', `422531588944.dkr.ecr.eu-south-1.amazonaws.com/aws-appmesh-envoy:${TAG}`],
    ['il-central-1', `564877687649.dkr.ecr.il-central-1.amazonaws.com/aws-appmesh-envoy:${TAG}`],
    ['af-south-1', `924023996002.dkr.ecr.af-south-1.amazonaws.com/aws-appmesh-envoy:${TAG}`],
    ['cn-north-1', `919366029133.dkr.ecr.cn-north-1.amazonaws.com.cn/aws-appmesh-envoy:${TAG}`],
    [
      'cn-northwest-1',
      `919830735681.dkr.ecr.cn-northwest-1.amazonaws.com.cn/aws-appmesh-envoy:${TAG}`,
    ],
    ['public ECR', `public.ecr.aws/appmesh/aws-appmesh-envoy:${TAG}`],
    ['public ECR, no tag', 'public.ecr.aws/appmesh/aws-appmesh-envoy'],
    ['no tag', '840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy'],
    ['any tag', '840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:latest'],
    ['a digest', `840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy@${DIGEST}`],
    ['a tag and a digest', `public.ecr.aws/appmesh/aws-appmesh-envoy:${TAG}@${DIGEST}`],
    [
      'white space around it',
      ` 840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:${TAG} `,
    ],
  ])('recognises %s', (_name, image) => {
    expect(isAppMeshEnvoyImage(image)).toBe(true);
  });

  it.each([
    ['the upstream Envoy image', 'envoyproxy/envoy:v1.29'],
    ['the upstream Envoy image on public ECR', 'public.ecr.aws/envoyproxy/envoy:v1.29.12'],
    [
      'a private mirror in another account',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy',
    ],
    [
      'a private mirror under another path',
      `840364872350.dkr.ecr.us-east-1.amazonaws.com/mirror/aws-appmesh-envoy:${TAG}`,
    ],
    ['a longer repository name on public ECR', 'public.ecr.aws/appmesh/aws-appmesh-envoy-extra'],
    [
      'a longer repository name in the registry',
      `840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy-extra:${TAG}`,
    ],
    ['another App Mesh image', 'public.ecr.aws/appmesh/aws-app-mesh-controller:v1.13.1'],
    ['an image named envoy', 'envoy'],
    ['an image named aws-appmesh-envoy on Docker Hub', 'aws-appmesh-envoy:v1.29.12.0-prod'],
    [
      'a look-alike host',
      `840364872350.dkr.ecr.us-east-1.amazonaws.com.evil.example/aws-appmesh-envoy:${TAG}`,
    ],
    [
      'a malformed digest',
      '840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy@sha256:abc',
    ],
    ['an empty image', ''],
  ])('does not take %s for it', (_name, image) => {
    expect(isAppMeshEnvoyImage(image)).toBe(false);
  });
});

describe('appMeshTargetOf', () => {
  it.each<[string, string, AppMeshTarget]>([
    [
      'a virtual node ARN',
      NODE_ARN,
      {
        meshName: 'mesh-prod',
        meshOwner: '111122223333',
        region: 'us-east-1',
        resourceType: 'virtualNode',
        resourceName: 'mesh-orders',
      },
    ],
    [
      'a virtual gateway ARN',
      'arn:aws:appmesh:eu-west-1:444455556666:mesh/shared_mesh/virtualGateway/ingress-gw',
      {
        meshName: 'shared_mesh',
        meshOwner: '444455556666',
        region: 'eu-west-1',
        resourceType: 'virtualGateway',
        resourceName: 'ingress-gw',
      },
    ],
    [
      'a China partition ARN',
      'arn:aws-cn:appmesh:cn-north-1:111122223333:mesh/m/virtualNode/n',
      {
        meshName: 'm',
        meshOwner: '111122223333',
        region: 'cn-north-1',
        resourceType: 'virtualNode',
        resourceName: 'n',
      },
    ],
    [
      'the older variable form (no owner, no region)',
      'mesh/m/virtualNode/n',
      { meshName: 'm', resourceType: 'virtualNode', resourceName: 'n' },
    ],
    [
      'a value with white space around it',
      '  mesh/m/virtualGateway/gw\n',
      { meshName: 'm', resourceType: 'virtualGateway', resourceName: 'gw' },
    ],
  ])('reads %s', (_name, value, target) => {
    expect(appMeshTargetOf(value)).toEqual(target);
  });

  it.each([
    ['a non-App Mesh ARN', 'arn:aws:ecs:us-east-1:111122223333:service/prod/mesh/m/virtualNode/n'],
    ['a non-App Mesh ARN with a mesh-like resource', 'arn:aws:s3:::mesh/m/virtualNode/n'],
    ['a mesh ARN', 'arn:aws:appmesh:us-east-1:111122223333:mesh/m'],
    [
      'a virtual service ARN',
      'arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualService/s.local',
    ],
    ['a virtual router ARN', 'arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualRouter/r'],
    ['a route ARN', 'arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualRouter/r/route/x'],
    ['a path without a mesh', 'virtualNode/n'],
    ['a path with too many parts', 'mesh/m/virtualNode/n/extra'],
    ['garbage', 'not a mesh resource'],
    ['a URL', 'https://example.com/mesh/m/virtualNode/n'],
    ['an empty value', ''],
  ])('reads nothing from %s', (_name, value) => {
    expect(appMeshTargetOf(value)).toBeUndefined();
  });
});

describe('isAppMeshVariableValue', () => {
  it.each([
    ['APPMESH_RESOURCE_ARN', NODE_ARN, true],
    ['APPMESH_VIRTUAL_NODE_NAME', 'mesh/m/virtualNode/n', true],
    ['APPMESH_RESOURCE_ARN', 'garbage', false],
    ['APPMESH_RESOURCE_NAME', NODE_ARN, false],
    ['appmesh_resource_arn', NODE_ARN, false],
    ['DB_PASSWORD', NODE_ARN, false],
  ])('%s=%s: %s', (name, value, expected) => {
    expect(isAppMeshVariableValue(name, value)).toBe(expected);
  });
});

const ENVOY = `840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:${TAG}`;

describe('appMeshWiringOf', () => {
  it.each<[string, EcsTaskDefinition, AppMeshWiring[]]>([
    [
      'a proxy configuration of type APPMESH',
      taskDefinition('orders:1', [container()], {
        proxyConfiguration: { type: 'APPMESH', containerName: 'envoy' },
      }),
      [{ kind: 'proxyConfiguration', containerName: 'envoy' }],
    ],
    [
      'a proxy configuration of type appmesh in lower case, without a container name',
      taskDefinition('orders:1', [container()], {
        proxyConfiguration: { type: 'appmesh' as 'APPMESH', containerName: undefined },
      }),
      [{ kind: 'proxyConfiguration' }],
    ],
    [
      'an Envoy container',
      taskDefinition('orders:1', [container(), container({ name: 'envoy', image: ENVOY })]),
      [{ kind: 'envoyImage', containerName: 'envoy', image: ENVOY }],
    ],
    [
      'APPMESH_RESOURCE_ARN naming a virtual node',
      taskDefinition('orders:1', [withEnvironment({ APPMESH_RESOURCE_ARN: NODE_ARN })]),
      [
        {
          kind: 'variable',
          containerName: 'app',
          variable: 'APPMESH_RESOURCE_ARN',
          target: {
            meshName: 'mesh-prod',
            meshOwner: '111122223333',
            region: 'us-east-1',
            resourceType: 'virtualNode',
            resourceName: 'mesh-orders',
          },
        },
      ],
    ],
    [
      'APPMESH_VIRTUAL_NODE_NAME in the older form',
      taskDefinition('orders:1', [
        withEnvironment({ APPMESH_VIRTUAL_NODE_NAME: 'mesh/m/virtualNode/n' }),
      ]),
      [
        {
          kind: 'variable',
          containerName: 'app',
          variable: 'APPMESH_VIRTUAL_NODE_NAME',
          target: { meshName: 'm', resourceType: 'virtualNode', resourceName: 'n' },
        },
      ],
    ],
    [
      'an APPMESH_RESOURCE_ARN whose value names no mesh resource',
      taskDefinition('orders:1', [withEnvironment({ APPMESH_RESOURCE_ARN: 'garbage' })]),
      [{ kind: 'variable', containerName: 'app', variable: 'APPMESH_RESOURCE_ARN' }],
    ],
    [
      'an APPMESH_RESOURCE_ARN without a value (a snapshot left it out)',
      taskDefinition('orders:1', [container({ environment: [{ name: 'APPMESH_RESOURCE_ARN' }] })]),
      [{ kind: 'variable', containerName: 'app', variable: 'APPMESH_RESOURCE_ARN' }],
    ],
    [
      'a container without a name by its position',
      taskDefinition('orders:1', [container(), container({ name: undefined, image: ENVOY })]),
      [{ kind: 'envoyImage', containerName: '#2', image: ENVOY }],
    ],
  ])('finds %s', (_name, definition, wiring) => {
    expect(appMeshWiringOf(definition)).toEqual(wiring);
  });

  it('finds every way at once, in order', () => {
    const definition = taskDefinition(
      'orders:1',
      [
        container(),
        withEnvironment(
          { APPMESH_RESOURCE_ARN: NODE_ARN, ENVOY_LOG_LEVEL: 'info' },
          { name: 'envoy', image: ENVOY },
        ),
      ],
      { proxyConfiguration: { type: 'APPMESH', containerName: 'envoy' } },
    );

    expect(appMeshWiringOf(definition).map((w) => w.kind)).toEqual([
      'proxyConfiguration',
      'envoyImage',
      'variable',
    ]);
  });

  it.each<[string, EcsTaskDefinition]>([
    ['a plain task definition', taskDefinition('web:1')],
    ['no containers', taskDefinition('web:1', [], { containerDefinitions: undefined })],
    [
      'the upstream Envoy image',
      taskDefinition('web:1', [container({ name: 'envoy', image: 'envoyproxy/envoy:v1.29' })]),
    ],
    [
      'a private mirror of the App Mesh Envoy image',
      taskDefinition('web:1', [
        container({
          name: 'envoy',
          image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy',
        }),
      ]),
    ],
    [
      'an image named envoy',
      taskDefinition('web:1', [container({ name: 'envoy', image: 'envoy' })]),
    ],
    [
      'look-alike variable names',
      taskDefinition('web:1', [
        withEnvironment({
          APPMESH_RESOURCE_NAME: NODE_ARN,
          appmesh_resource_arn: NODE_ARN,
          MESH_ARN: NODE_ARN,
        }),
      ]),
    ],
    [
      'an App Mesh ARN in another variable',
      taskDefinition('web:1', [withEnvironment({ UPSTREAM: NODE_ARN })]),
    ],
  ])('finds nothing in %s', (_name, definition) => {
    expect(appMeshWiringOf(definition)).toEqual([]);
  });
});

describe('appMeshTargetsOf', () => {
  it('lists each mesh resource once, across task definitions', () => {
    const definitions = [
      taskDefinition('orders:1', [withEnvironment({ APPMESH_RESOURCE_ARN: NODE_ARN })]),
      taskDefinition('orders:2', [withEnvironment({ APPMESH_RESOURCE_ARN: NODE_ARN })]),
      taskDefinition('stock:1', [
        withEnvironment({ APPMESH_VIRTUAL_NODE_NAME: 'mesh/mesh-prod/virtualNode/mesh-stock' }),
      ]),
      taskDefinition('web:1', [container({ image: ENVOY })]),
    ];

    expect(appMeshTargetsOf(definitions)).toEqual([
      {
        meshName: 'mesh-prod',
        meshOwner: '111122223333',
        region: 'us-east-1',
        resourceType: 'virtualNode',
        resourceName: 'mesh-orders',
      },
      { meshName: 'mesh-prod', resourceType: 'virtualNode', resourceName: 'mesh-stock' },
    ]);
  });

  it('lists nothing for task definitions not wired to App Mesh', () => {
    expect(appMeshTargetsOf([taskDefinition('web:1')])).toEqual([]);
  });
});
