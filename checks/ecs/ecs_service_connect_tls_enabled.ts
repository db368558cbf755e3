import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { serviceResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';
import type { EcsService } from '../../lib/snapshot/types.ts';

export const metadata: CheckMetadata = {
  id: 'ecs_service_connect_tls_enabled',
  service: 'ecs',
  title:
    'ECS services that publish Service Connect endpoints encrypt them with TLS from AWS Private CA',
  severity: 'MEDIUM',
  resourceKind: 'service',
  inputs: ['ecs.services'],
  description:
    'Checks that every Service Connect service (port name) published by the PRIMARY deployment of an in-scope ECS service has TLS configured with an AWS Private CA certificate authority (tls.issuerCertificateAuthority.awsPcaAuthorityArn). Services that use Service Connect only as clients publish no endpoint and are not judged.',
  risk: 'Without Service Connect TLS, the proxy carries service-to-service traffic in plain text inside the VPC: anyone able to observe or intercept that traffic can read or alter requests, tokens and data.',
  remediation: {
    text: 'Create (or reuse) an AWS Private CA, then update the service so that each serviceConnectConfiguration.services[] entry has tls.issuerCertificateAuthority.awsPcaAuthorityArn and an infrastructure role; ECS issues, rotates and distributes the certificates.',
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-tls.html',
  },
  guidance:
    'Encrypt traffic between services: turn on Service Connect TLS backed by AWS Private CA so that ECS issues and rotates the certificates used between tasks.',
  relatedRequirements: ['NIST.800-53.r5 SC-8', 'NIST.800-53.r5 SC-8(1)', 'NIST.800-53.r5 SC-13'],
};

const results = resultsFor(metadata);

const primaryDeployment = (service: EcsService) =>
  service.deployments?.find((d) => (d.status ?? '').toUpperCase() === 'PRIMARY');

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.services ?? []).flatMap((service) => {
      // Service Connect lives on deployments only: a service without one is not judged.
      const config = primaryDeployment(service)?.serviceConnectConfiguration;
      const endpoints = config?.services ?? [];
      if (config?.enabled !== true || endpoints.length === 0) return [];

      const resource = serviceResource(service, inventory.region);
      const withoutTls = endpoints
        .map((endpoint, index) => ({ endpoint, label: endpoint.portName || `#${index + 1}` }))
        .filter(
          ({ endpoint }) => !endpoint.tls?.issuerCertificateAuthority?.awsPcaAuthorityArn?.trim(),
        )
        .map(({ label }) => label);

      if (withoutTls.length === 0) {
        return [
          results.passed(
            resource,
            `Service ${resource.name} encrypts every Service Connect endpoint with TLS from AWS Private CA (${endpoints.length} port name${endpoints.length === 1 ? '' : 's'}).`,
          ),
        ];
      }
      return [
        results.failed(
          resource,
          `Service ${resource.name} publishes Service Connect port names without tls.issuerCertificateAuthority.awsPcaAuthorityArn: ${withoutTls.join(', ')}.`,
        ),
      ];
    }),
};
