// Test helpers: in-scope ECS services registered with VPC Lattice target groups, the Lattice
// services those target groups serve, their listeners, default actions and rules.
import type {
  EcsService,
  LatticeListener,
  LatticeRule,
  LatticeRuleAction,
  LatticeTargetGroup,
  VpcLatticeSection,
} from '../../lib/snapshot/types.ts';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const LATTICE = `arn:aws:vpc-lattice:${REGION}:${ACCOUNT}`;

export const latticeArn = {
  targetGroup: (id: string) => `${LATTICE}:targetgroup/${id}`,
  service: (id: string) => `${LATTICE}:service/${id}`,
  listener: (service: string, id: string) => `${LATTICE}:service/${service}/listener/${id}`,
  rule: (service: string, listener: string, id: string) =>
    `${LATTICE}:service/${service}/listener/${listener}/rule/${id}`,
};

/** An ACTIVE ECS service whose PRIMARY deployment registers with these Lattice target groups. */
export const latticeService = (name: string, ...targetGroupIds: string[]): EcsService => ({
  serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/${name}`,
  serviceName: name,
  clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/prod`,
  status: 'ACTIVE',
  deployments: [
    {
      id: `ecs-svc/${name}`,
      status: 'PRIMARY',
      vpcLatticeConfigurations: targetGroupIds.map((id) => ({
        targetGroupArn: latticeArn.targetGroup(id),
        portName: 'web',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/ecsInfrastructureRole`,
      })),
    },
  ],
});

export const targetGroup = (
  id: string,
  protocol: string,
  ...serviceIds: string[]
): LatticeTargetGroup => ({
  arn: latticeArn.targetGroup(id),
  id,
  name: id,
  type: 'IP',
  config: {
    protocol: protocol as NonNullable<LatticeTargetGroup['config']>['protocol'],
    port: protocol === 'TCP' ? 8443 : 443,
  },
  serviceArns: serviceIds.map(latticeArn.service),
  status: 'ACTIVE',
});

export const listener = (
  service: string,
  id: string,
  protocol: string,
  port = protocol === 'HTTP' ? 80 : 443,
): LatticeListener => ({
  arn: latticeArn.listener(service, id),
  id,
  name: id,
  protocol: protocol as LatticeListener['protocol'],
  port,
});

export const forward = (...targetGroupIds: string[]): LatticeRuleAction =>
  ({
    forward: {
      targetGroups: targetGroupIds.map((targetGroupIdentifier) => ({
        targetGroupIdentifier,
        weight: 100,
      })),
    },
  }) as LatticeRuleAction;

export const fixedResponse = (): LatticeRuleAction =>
  ({ fixedResponse: { statusCode: 404 } }) as LatticeRuleAction;

export const rule = (
  service: string,
  listenerId: string,
  id: string,
  action: LatticeRuleAction,
): LatticeRule => ({
  arn: latticeArn.rule(service, listenerId, id),
  id,
  name: id,
  isDefault: false,
  priority: 10,
  action,
});

export type { VpcLatticeSection };
