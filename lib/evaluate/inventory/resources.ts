// The resources checks report on: an ARN, a kind and a few non-secret attributes. The findings
// code maps each kind to its ASFF resource type and details.

import { arnName, clusterNameFromArn, parseArn } from '../../aws/arn.ts';
import type { ResourceRef } from '../../model.ts';
import type {
  AppMeshMesh,
  AppMeshVirtualGateway,
  AppMeshVirtualNode,
  ClassicLoadBalancer,
  EcsService,
  EcsTaskDefinition,
  ElbListener,
  ElbLoadBalancer,
  ElbTargetGroup,
  SecretsManagerSecret,
} from '../../snapshot/types.ts';

export type { ResourceKind, ResourceRef } from '../../model.ts';

/** The scanned account and region: a resource of another one says so in its name. */
export interface Home {
  accountId: string;
  region: string;
}

/**
 * ` (account 444455556666, eu-west-1)`, the parts that differ from the scanned account and region
 * (an unknown part counts as the scanned one); '' when none does.
 */
const elsewhere = (home: Home, place: { accountId?: string; region?: string }): string => {
  const parts = [
    place.accountId && place.accountId !== home.accountId ? `account ${place.accountId}` : '',
    place.region && place.region !== home.region ? place.region : '',
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
};

const defined = (
  entries: Record<string, string | number | boolean | undefined>,
): Record<string, string> =>
  Object.fromEntries(
    Object.entries(entries)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );

export const taskDefinitionResource = (
  arn: string,
  region: string,
  definition?: EcsTaskDefinition,
): ResourceRef => ({
  kind: 'taskDefinition',
  arn,
  region,
  name: arnName(arn),
  attributes: defined({
    family: definition?.family,
    revision: definition?.revision,
    networkMode: definition?.networkMode,
    taskRoleArn: definition?.taskRoleArn,
    executionRoleArn: definition?.executionRoleArn,
  }),
});

/**
 * `prod/web`: a service name is unique only within its cluster. The cluster is clusterArn's, or
 * the one a service ARN of the new format names (`…:service/CLUSTER/NAME`); the service name
 * alone when neither does.
 */
const serviceName = (service: EcsService): string => {
  const name = service.serviceName ?? arnName(service.serviceArn ?? '');
  const cluster = service.clusterArn
    ? arnName(service.clusterArn)
    : clusterNameFromArn(service.serviceArn ?? '');
  return cluster ? `${cluster}/${name || '?'}` : name;
};

export const serviceResource = (service: EcsService, region: string): ResourceRef => ({
  kind: 'service',
  arn: service.serviceArn ?? '',
  region,
  name: serviceName(service),
  attributes: defined({
    serviceName: service.serviceName,
    clusterArn: service.clusterArn,
    launchType: service.launchType,
    taskDefinition: service.taskDefinition,
  }),
});

/**
 * The name in a secret ARN, path included: `prod/db-AbCdEf` of `…:secret:prod/db-AbCdEf`, `prod/db`
 * of the partial `…:secret:prod/db` (a suffix is kept: a name may end in `-` and six characters too).
 */
const secretNameOfArn = (arn: string): string =>
  (parseArn(arn)?.resource ?? arn).replace(/^secret:/, '');

/**
 * `prod/db`, `prod/db (account 444455556666, eu-west-1)`: a secret name is unique only within its
 * account and region, and a task definition may reference a secret of another one.
 */
export const secretResource = (
  arn: string,
  home: Home,
  secret?: SecretsManagerSecret,
): ResourceRef => ({
  kind: 'secret',
  arn,
  region: home.region,
  name: `${secret?.Name ?? secretNameOfArn(arn)}${elsewhere(home, parseArn(secret?.ARN ?? arn) ?? {})}`,
  attributes: defined({
    name: secret?.Name,
    rotationEnabled: secret?.RotationEnabled,
    rotationLambdaArn: secret?.RotationLambdaARN,
  }),
});

export const vpcResource = (
  vpcId: string,
  context: { partition: string; region: string; accountId: string },
): ResourceRef => ({
  kind: 'vpc',
  arn: `arn:${context.partition}:ec2:${context.region}:${context.accountId}:vpc/${vpcId}`,
  region: context.region,
  name: vpcId,
  attributes: { vpcId },
});

/** `…:targetgroup/NAME/ID` → NAME; `…:loadbalancer/app/NAME/ID` → NAME. */
const elbName = (arn: string): string => {
  const segments = arn.split(':').slice(5).join(':').split('/');
  const name = segments[0] === 'loadbalancer' ? segments[2] : segments[1];
  return name ?? arnName(arn);
};

/** `web` of `…:listener/app/web/ID/ID` (or of a load balancer ARN); '' when it names none. */
const listenerLoadBalancerName = (arn: string): string => {
  const segments = arn.split(':').slice(5).join(':').split('/');
  return ['listener', 'loadbalancer'].includes(segments[0] ?? '') ? (segments[2] ?? '') : '';
};

export const loadBalancerResource = (
  loadBalancer: ElbLoadBalancer,
  region: string,
): ResourceRef => ({
  kind: 'loadBalancer',
  arn: loadBalancer.LoadBalancerArn ?? '',
  region,
  name: loadBalancer.LoadBalancerName ?? elbName(loadBalancer.LoadBalancerArn ?? ''),
  attributes: defined({
    loadBalancerName: loadBalancer.LoadBalancerName,
    type: loadBalancer.Type,
    scheme: loadBalancer.Scheme,
    vpcId: loadBalancer.VpcId,
    dnsName: loadBalancer.DNSName,
  }),
});

/** `arn:PARTITION:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/NAME`: Classic has no ARN field. */
export const classicLoadBalancerArn = (
  context: { partition: string; region: string; accountId: string },
  name: string,
): string =>
  `arn:${context.partition}:elasticloadbalancing:${context.region}:${context.accountId}:loadbalancer/${name}`;

export const classicLoadBalancerResource = (
  loadBalancer: ClassicLoadBalancer,
  context: { partition: string; region: string; accountId: string },
): ResourceRef => ({
  kind: 'classicLoadBalancer',
  arn: classicLoadBalancerArn(context, loadBalancer.LoadBalancerName ?? ''),
  region: context.region,
  name: loadBalancer.LoadBalancerName ?? '',
  attributes: defined({
    loadBalancerName: loadBalancer.LoadBalancerName,
    scheme: loadBalancer.Scheme,
    vpcId: loadBalancer.VPCId,
    dnsName: loadBalancer.DNSName,
  }),
});

export const listenerResource = (listener: ElbListener, region: string): ResourceRef => ({
  kind: 'listener',
  arn: listener.ListenerArn ?? '',
  region,
  // Unique and recognisable among the listeners of every load balancer: `web HTTPS:443`.
  name: [
    listenerLoadBalancerName(listener.ListenerArn ?? listener.LoadBalancerArn ?? ''),
    `${listener.Protocol ?? '?'}:${listener.Port ?? '?'}`,
  ]
    .filter(Boolean)
    .join(' '),
  attributes: defined({
    loadBalancerArn: listener.LoadBalancerArn,
    protocol: listener.Protocol,
    port: listener.Port,
    sslPolicy: listener.SslPolicy,
  }),
});

export const targetGroupResource = (
  arn: string,
  region: string,
  targetGroup?: ElbTargetGroup,
): ResourceRef => ({
  kind: 'targetGroup',
  arn,
  region,
  name: targetGroup?.TargetGroupName ?? elbName(arn),
  attributes: defined({
    targetGroupName: targetGroup?.TargetGroupName,
    protocol: targetGroup?.Protocol,
    port: targetGroup?.Port,
    healthCheckProtocol: targetGroup?.HealthCheckProtocol,
    vpcId: targetGroup?.VpcId,
  }),
});

type MeshItem = { metadata?: { arn?: string; meshOwner?: string } };

/**
 * A mesh name is unique only within its owner's account, and a mesh another account shares is
 * listed beside the scanned account's own: ` (account 444455556666)` after the name of a shared
 * mesh (its meshOwner, else its ARN's account), ` (mesh of account 444455556666)` after its nodes'
 * and gateways'; '' for the scanned account's meshes.
 */
const sharedMesh = (home: Home, item: MeshItem, label: 'account' | 'mesh of account'): string => {
  const owner = item.metadata?.meshOwner ?? parseArn(item.metadata?.arn ?? '')?.accountId;
  return owner && owner !== home.accountId ? ` (${label} ${owner})` : '';
};

export const meshResource = (mesh: AppMeshMesh, home: Home): ResourceRef => ({
  kind: 'mesh',
  arn: mesh.metadata?.arn ?? '',
  region: home.region,
  name: `${mesh.meshName ?? ''}${sharedMesh(home, mesh, 'account')}`,
  attributes: defined({ meshName: mesh.meshName, status: mesh.status?.status }),
});

export const virtualNodeResource = (node: AppMeshVirtualNode, home: Home): ResourceRef => ({
  kind: 'virtualNode',
  arn: node.metadata?.arn ?? '',
  region: home.region,
  name: `${node.meshName ?? '?'}/${node.virtualNodeName ?? '?'}${sharedMesh(home, node, 'mesh of account')}`,
  attributes: defined({ meshName: node.meshName, virtualNodeName: node.virtualNodeName }),
});

export const virtualGatewayResource = (
  gateway: AppMeshVirtualGateway,
  home: Home,
): ResourceRef => ({
  kind: 'virtualGateway',
  arn: gateway.metadata?.arn ?? '',
  region: home.region,
  name: `${gateway.meshName ?? '?'}/${gateway.virtualGatewayName ?? '?'}${sharedMesh(home, gateway, 'mesh of account')}`,
  attributes: defined({
    meshName: gateway.meshName,
    virtualGatewayName: gateway.virtualGatewayName,
  }),
});

/** Security Hub's own spelling of an account as a finding resource (`AwsAccount`). */
export const accountResource = (accountId: string, region: string): ResourceRef => ({
  kind: 'account',
  arn: `AWS::::Account:${accountId}`,
  region,
  name: accountId,
  attributes: { accountId },
});
