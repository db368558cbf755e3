import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import {
  loadBalancerResource,
  targetGroupResource,
} from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import { upper } from '../../lib/snapshot/listeners.ts';

export const metadata: CheckMetadata = {
  id: 'elbv2_target_group_encrypted',
  service: 'elbv2',
  title: 'Target groups of ECS services carry traffic to the tasks encrypted',
  severity: 'MEDIUM',
  resourceKind: 'targetGroup',
  inputs: ['ecs.services', 'elbv2.targetGroups', 'elbv2.loadBalancers'],
  description:
    'Checks that every target group an in-scope ECS service registers with uses HTTPS, TLS or QUIC, so traffic from the load balancer to the tasks stays encrypted. HTTP, TCP, UDP, TCP_UDP and TCP_QUIC target groups fail. A warning is raised when the protocol is encrypted but health checks use plain HTTP. GENEVE and Lambda target groups are not judged.',
  risk: 'TLS that ends at the load balancer leaves the hop to the tasks in plain text: anyone able to observe or tamper with VPC traffic (a compromised host, a misrouted mirror session) sees requests, credentials and responses.',
  remediation: {
    text: 'Keep TLS up to the container: serve HTTPS or TLS in the task with a certificate (e.g. from AWS Private CA), create a target group with protocol HTTPS or TLS (the protocol cannot be changed) and HealthCheckProtocol HTTPS, and move the service to it.',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-target-group.html',
  },
  guidance:
    'Encrypt end to end: deploy a TLS certificate with the ECS task (for example from AWS Private Certificate Authority) so traffic stays encrypted between the load balancer and the containers.',
  relatedRequirements: [
    'AWS FSBP ELB.22',
    'AWS FSBP ELB.21',
    'AWS Config elbv2-targetgroup-protocol-encrypted',
    'AWS Config elbv2-targetgroup-healthcheck-protocol-encrypted',
    'NIST.800-53.r5 SC-8',
    'NIST.800-53.r5 SC-8(1)',
  ],
};

const results = resultsFor(metadata);

const ENCRYPTED = ['HTTPS', 'TLS', 'QUIC'];
const PLAIN = ['HTTP', 'TCP', 'UDP', 'TCP_UDP', 'TCP_QUIC'];

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.targetGroups ?? []).flatMap(({ arn, data }): CheckResult[] => {
      const resource = targetGroupResource(arn, inventory.region, data);
      const name = `Target group ${resource.name}`;
      if (!data) {
        return [
          results.notAvailable(
            resource,
            `${name} is registered by an ECS service but was not described, so its protocol is unknown.`,
          ),
        ];
      }
      const protocol = upper(data.Protocol);
      // GENEVE carries packets to inspection appliances; Lambda target groups have no protocol.
      // ECS services register with neither.
      if (protocol === 'GENEVE' || (!protocol && upper(data.TargetType) === 'LAMBDA')) return [];

      const loadBalancers = (data.LoadBalancerArns ?? []).flatMap((lbArn) => {
        const lb = inventory.loadBalancers?.find((l) => l.LoadBalancerArn === lbArn);
        return lb ? [loadBalancerResource(lb, inventory.region)] : [];
      });
      const extra = loadBalancers.length ? { relatedResources: loadBalancers } : undefined;

      if (PLAIN.includes(protocol)) {
        return [
          results.failed(
            resource,
            `${name} sends traffic to its targets unencrypted (Protocol ${protocol}): TLS ends at the load balancer.`,
            'MEDIUM',
            extra,
          ),
        ];
      }
      if (!ENCRYPTED.includes(protocol)) {
        return [
          results.notAvailable(
            resource,
            `${name} has ${data.Protocol ? `an unrecognized Protocol ${data.Protocol}` : 'no Protocol'}, so its encryption is unknown.`,
            extra,
          ),
        ];
      }
      // A TCP health check only opens a connection; an HTTP one sends a request in plain text.
      if (upper(data.HealthCheckProtocol) === 'HTTP') {
        return [
          results.warning(
            resource,
            `${name} uses Protocol ${protocol} but sends its health checks in plain text (HealthCheckProtocol HTTP).`,
            'LOW',
            extra,
          ),
        ];
      }
      return [
        results.passed(
          resource,
          `${name} sends traffic to its targets encrypted (Protocol ${protocol}).`,
          extra,
        ),
      ];
    }),
};
