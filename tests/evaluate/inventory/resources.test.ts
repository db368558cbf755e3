import { describe, expect, it } from 'vitest';
import {
  listenerResource,
  meshResource,
  secretResource,
  serviceResource,
  virtualGatewayResource,
  virtualNodeResource,
} from '../../../lib/evaluate/inventory/resources.ts';
import type {
  AppMeshMesh,
  EcsService,
  ElbListener,
  SecretsManagerSecret,
} from '../../../lib/snapshot/types.ts';
import { ACCOUNT, arn, REGION } from '../../support/evaluate.ts';
import {
  mesh as meshMesh,
  virtualGateway as meshVirtualGateway,
  virtualNode as meshVirtualNode,
} from '../../support/mesh.ts';

const HOME = { accountId: ACCOUNT, region: REGION };
const OTHER_ACCOUNT = '444455556666';

const LISTENER = (lb: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/${lb}/3f9c2a7d41b6e805/7b1e4c9a2f60d3e8`;

describe('listenerResource', () => {
  it.each<[string, ElbListener, string]>([
    [
      'a listener by its ARN',
      { ListenerArn: LISTENER('web'), Protocol: 'HTTP', Port: 80 },
      'web HTTP:80',
    ],
    [
      'a listener of a network load balancer',
      {
        ListenerArn:
          'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/net/stream/a6e2c8f4b1d9357e/71c5a9e3d8b2f604',
        Protocol: 'TLS',
        Port: 443,
      },
      'stream TLS:443',
    ],
    ['a listener without an ARN', { Protocol: 'HTTPS', Port: 443 }, 'HTTPS:443'],
  ])('names %s by its load balancer, protocol and port', (_name, listener, expected) => {
    expect(listenerResource(listener, 'us-east-1').name).toBe(expected);
  });

  it('tells the HTTP:80 listeners of two load balancers apart', () => {
    const names = ['web', 'legacy'].map(
      (lb) =>
        listenerResource({ ListenerArn: LISTENER(lb), Protocol: 'HTTP', Port: 80 }, 'us-east-1')
          .name,
    );

    expect(new Set(names).size).toBe(2);
  });
});

describe('serviceResource', () => {
  it.each<[string, EcsService, string]>([
    [
      'a service by its clusterArn',
      { serviceArn: arn.service('web'), serviceName: 'web', clusterArn: arn.cluster('prod') },
      'prod/web',
    ],
    [
      'a service without clusterArn by the cluster its ARN names',
      { serviceArn: arn.service('web', 'staging'), serviceName: 'web' },
      'staging/web',
    ],
    [
      'a service without serviceName by the last part of its ARN',
      { serviceArn: arn.service('web'), clusterArn: arn.cluster('prod') },
      'prod/web',
    ],
    [
      'a service whose old-format ARN names no cluster, without clusterArn, by its name alone',
      { serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/web`, serviceName: 'web' },
      'web',
    ],
  ])('names %s', (_name, service, expected) => {
    // Act
    const resource = serviceResource(service, REGION);

    // Assess
    expect(resource.name).toBe(expected);
  });

  it('tells two services of the same name in two clusters apart', () => {
    // Prepare
    const services = ['prod', 'staging'].map(
      (cluster): EcsService => ({
        serviceArn: arn.service('web', cluster),
        serviceName: 'web',
        clusterArn: arn.cluster(cluster),
      }),
    );

    // Act
    const names = services.map((service) => serviceResource(service, REGION).name);

    // Assess
    expect(names).toEqual(['prod/web', 'staging/web']);
  });

  it('keeps the bare service name in its attributes for the ASFF details', () => {
    // Act
    const resource = serviceResource(
      { serviceArn: arn.service('web'), serviceName: 'web', clusterArn: arn.cluster('prod') },
      REGION,
    );

    // Assess
    expect(resource.attributes).toMatchObject({ serviceName: 'web', clusterArn: arn.cluster() });
  });
});

describe('secretResource', () => {
  const secretArn = (name: string, accountId = ACCOUNT, region = REGION) =>
    `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}`;

  it.each<[string, string, SecretsManagerSecret | undefined, string]>([
    [
      'a described secret by its name',
      secretArn('prod/db-AbCdEf'),
      { ARN: secretArn('prod/db-AbCdEf'), Name: 'prod/db' },
      'prod/db',
    ],
    [
      'a secret not described by the whole name in its ARN, path included',
      secretArn('prod/db-AbCdEf'),
      undefined,
      'prod/db-AbCdEf',
    ],
    ['a secret not described by its partial ARN', secretArn('prod/db'), undefined, 'prod/db'],
    [
      'a secret of another account with that account',
      secretArn('db-AbCdEf', OTHER_ACCOUNT),
      { ARN: secretArn('db-AbCdEf', OTHER_ACCOUNT), Name: 'db' },
      'db (account 444455556666)',
    ],
    [
      'a secret of another region with that region',
      secretArn('db-AbCdEf', ACCOUNT, 'eu-west-1'),
      undefined,
      'db-AbCdEf (eu-west-1)',
    ],
    [
      'a secret of another account and region with both',
      secretArn('db', OTHER_ACCOUNT, 'eu-west-1'),
      undefined,
      'db (account 444455556666, eu-west-1)',
    ],
  ])('names %s', (_name, reference, secret, expected) => {
    // Act
    const resource = secretResource(reference, HOME, secret);

    // Assess
    expect(resource.name).toBe(expected);
  });

  it('tells secrets of the same name in two paths apart when neither was described', () => {
    // Act
    const names = ['prod/db', 'staging/db'].map(
      (name) => secretResource(secretArn(name), HOME).name,
    );

    // Assess
    expect(names).toEqual(['prod/db', 'staging/db']);
  });

  it('tells secrets of the same name in two accounts apart', () => {
    // Prepare
    const secrets = [ACCOUNT, OTHER_ACCOUNT].map(
      (accountId): SecretsManagerSecret => ({ ARN: secretArn('db-AbCdEf', accountId), Name: 'db' }),
    );

    // Act
    const names = secrets.map((secret) => secretResource(secret.ARN ?? '', HOME, secret).name);

    // Assess
    expect(names).toEqual(['db', 'db (account 444455556666)']);
  });
});

describe('App Mesh resources', () => {
  const mesh = (owner: string) => meshMesh('app', owner);
  const node = (owner: string) => meshVirtualNode('web', undefined, 'app', owner);
  const gateway = (owner: string) => meshVirtualGateway('edge', undefined, 'app', owner);
  /** A mesh of the other account without meshOwner: its ARN's account owns it. */
  const sharedWithoutOwner = (): AppMeshMesh => {
    const shared = mesh(ACCOUNT);
    if (shared.metadata) {
      shared.metadata.arn = arn.mesh('app').replace(ACCOUNT, OTHER_ACCOUNT);
      shared.metadata.meshOwner = undefined;
    }
    return shared;
  };

  it.each<[string, () => string, string]>([
    [
      'a mesh of the scanned account by its name',
      () => meshResource(mesh(ACCOUNT), HOME).name,
      'app',
    ],
    [
      'a mesh another account shares by its name and owner',
      () => meshResource(mesh(OTHER_ACCOUNT), HOME).name,
      'app (account 444455556666)',
    ],
    [
      'a shared mesh without meshOwner by the account of its ARN',
      () => meshResource(sharedWithoutOwner(), HOME).name,
      'app (account 444455556666)',
    ],
    [
      'a virtual node of the scanned account by mesh/node',
      () => virtualNodeResource(node(ACCOUNT), HOME).name,
      'app/web',
    ],
    [
      'a virtual node of a shared mesh with the mesh owner',
      () => virtualNodeResource(node(OTHER_ACCOUNT), HOME).name,
      'app/web (mesh of account 444455556666)',
    ],
    [
      'a virtual gateway of the scanned account by mesh/gateway',
      () => virtualGatewayResource(gateway(ACCOUNT), HOME).name,
      'app/edge',
    ],
    [
      'a virtual gateway of a shared mesh with the mesh owner',
      () => virtualGatewayResource(gateway(OTHER_ACCOUNT), HOME).name,
      'app/edge (mesh of account 444455556666)',
    ],
  ])('names %s', (_name, nameOf, expected) => {
    // Act
    const name = nameOf();

    // Assess
    expect(name).toBe(expected);
  });

  it.each([
    ['meshes', (owner: string) => meshResource(mesh(owner), HOME).name],
    ['virtual nodes', (owner: string) => virtualNodeResource(node(owner), HOME).name],
    ['virtual gateways', (owner: string) => virtualGatewayResource(gateway(owner), HOME).name],
  ])('tells %s of an own and a shared mesh of the same name apart', (_kind, nameFor) => {
    // Act
    const names = [ACCOUNT, OTHER_ACCOUNT].map(nameFor);

    // Assess
    expect(new Set(names).size).toBe(2);
  });
});
