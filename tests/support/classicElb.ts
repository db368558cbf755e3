// Test helpers: a region with one in-scope ECS service behind one Classic Load Balancer.
import type {
  AcmCertificate,
  ClassicLoadBalancer,
  ClassicPolicy,
  RegionSnapshot,
} from '../../lib/snapshot/types.ts';
import { ACCOUNT, arn, REGION } from './evaluate.ts';

export const CLB = 'legacy-web';
export const CLB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/${CLB}`;

type Listener = NonNullable<NonNullable<ClassicLoadBalancer['ListenerDescriptions']>[number]>;

export const classicListener = (
  protocol: string,
  port: number,
  options: {
    instanceProtocol?: string;
    certificate?: string;
    policyNames?: string[];
  } = {},
): Listener => ({
  Listener: {
    Protocol: protocol,
    LoadBalancerPort: port,
    InstanceProtocol: options.instanceProtocol ?? protocol,
    InstancePort: 8080,
    ...(options.certificate ? { SSLCertificateId: options.certificate } : {}),
  },
  PolicyNames: options.policyNames ?? [],
});

export const negotiationPolicy = (
  name: string,
  attributes: Record<string, string>,
): ClassicPolicy => ({
  PolicyName: name,
  PolicyTypeName: 'SSLNegotiationPolicyType',
  PolicyAttributeDescriptions: Object.entries(attributes).map(
    ([AttributeName, AttributeValue]) => ({
      AttributeName,
      AttributeValue,
    }),
  ),
});

export const classicAccount = (
  listeners: Listener[],
  options: {
    policies?: ClassicPolicy[] | undefined;
    certificates?: AcmCertificate[];
    noPolicies?: boolean;
  } = {},
): RegionSnapshot => ({
  ecs: {
    services: [
      {
        serviceArn: arn.service('legacy'),
        serviceName: 'legacy',
        clusterArn: arn.cluster(),
        status: 'ACTIVE',
        loadBalancers: [{ loadBalancerName: CLB, containerName: 'web', containerPort: 8080 }],
      },
    ],
  },
  elb: {
    loadBalancers: [
      {
        LoadBalancerName: CLB,
        DNSName: `${CLB}-1.${REGION}.elb.amazonaws.com`,
        Scheme: 'internet-facing',
        ListenerDescriptions: listeners,
      },
    ],
    ...(options.noPolicies ? {} : { policies: { [CLB]: options.policies ?? [] } }),
  },
  acm: { certificates: options.certificates ?? [] },
});
