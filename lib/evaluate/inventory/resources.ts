// The resources checks report on: an ARN, a kind and a few non-secret attributes. The findings
// code maps each kind to its ASFF resource type and details.

import { arnName } from '../../aws/arn.ts';
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

export const serviceResource = (service: EcsService, region: string): ResourceRef => ({
  kind: 'service',
  arn: service.serviceArn ?? '',
  region,
  name: service.serviceName ?? arnName(service.serviceArn ?? ''),
  attributes: defined({
    serviceName: service.serviceName,
    clusterArn: service.clusterArn,
    launchType: service.launchType,
    taskDefinition: service.taskDefinition,
  }),
});

export const secretResource = (
  arn: string,
  region: string,
  secret?: SecretsManagerSecret,
): ResourceRef => ({
  kind: 'secret',
  arn,
  region,
  name: secret?.Name ?? arnName(arn).replace(/^secret:/, ''),
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

export const meshResource = (mesh: AppMeshMesh, region: string): ResourceRef => ({
  kind: 'mesh',
  arn: mesh.metadata?.arn ?? '',
  region,
  name: mesh.meshName ?? '',
  attributes: defined({ meshName: mesh.meshName, status: mesh.status?.status }),
});

export const virtualNodeResource = (node: AppMeshVirtualNode, region: string): ResourceRef => ({
  kind: 'virtualNode',
  arn: node.metadata?.arn ?? '',
  region,
  name: `${node.meshName ?? '?'}/${node.virtualNodeName ?? '?'}`,
  attributes: defined({ meshName: node.meshName, virtualNodeName: node.virtualNodeName }),
});

export const virtualGatewayResource = (
  gateway: AppMeshVirtualGateway,
  region: string,
): ResourceRef => ({
  kind: 'virtualGateway',
  arn: gateway.metadata?.arn ?? '',
  region,
  name: `${gateway.meshName ?? '?'}/${gateway.virtualGatewayName ?? '?'}`,
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
