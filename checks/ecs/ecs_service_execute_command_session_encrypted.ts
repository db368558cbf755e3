import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { serviceResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';
import { clusterArnOfService } from '../../lib/snapshot/vpcs.ts';

export const metadata: CheckMetadata = {
  id: 'ecs_service_execute_command_session_encrypted',
  service: 'ecs',
  title:
    'ECS services with ECS Exec enabled run in clusters that encrypt Exec sessions with a customer KMS key',
  severity: 'LOW',
  resourceKind: 'service',
  inputs: ['ecs.services', 'ecs.clusters'],
  description:
    "Checks that every in-scope ECS service with enableExecuteCommand true runs in a cluster whose configuration.executeCommandConfiguration.kmsKeyId names a KMS key, so that the data channel of ECS Exec sessions (the interactive shell between the client and the container) is encrypted with the customer's key on top of TLS. Services without ECS Exec are not judged.",
  risk: "Without a KMS key, an ECS Exec session is protected by TLS alone: the commands typed and everything the container prints (secrets read from files, environment, query results) rely on a key the customer neither controls nor audits, and the session cannot be cut off by disabling the customer's key.",
  remediation: {
    text: 'Create a symmetric KMS key whose policy lets the task role call kms:Decrypt, then set it on the cluster (aws ecs update-cluster --cluster NAME --configuration executeCommandConfiguration={kmsKeyId=KEY_ARN,logging=DEFAULT}); or turn ECS Exec off for services that do not need it (aws ecs update-service --disable-execute-command).',
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html',
  },
  remediationCli:
    'aws ecs update-cluster --cluster CLUSTER --configuration "executeCommandConfiguration={kmsKeyId=KEY_ARN,logging=DEFAULT}"',
  guidance:
    "Encrypt data in transit with keys you control: ECS Exec sessions to containers should use the customer's KMS key, not TLS alone.",
  relatedRequirements: ['NIST.800-53.r5 SC-8', 'NIST.800-53.r5 SC-12', 'NIST.800-53.r5 SC-13'],
};

const results = resultsFor(metadata);

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.services ?? [])
      .filter((service) => service.enableExecuteCommand === true)
      .map((service) => {
        const resource = serviceResource(service, inventory.region);
        const name = resource.name;
        const clusterArn = clusterArnOfService(service);
        const cluster = clusterArn ? inventory.clusters?.get(clusterArn) : undefined;
        if (!cluster) {
          return results.notAvailable(
            resource,
            `Service ${name} has ECS Exec enabled but its cluster ${clusterArn ? 'was not described' : 'is unknown (no clusterArn)'}, so whether Exec sessions use a KMS key is unknown.`,
          );
        }
        const clusterName = cluster.clusterName ?? clusterArn?.split('/').pop() ?? '?';
        const kmsKeyId = cluster.configuration?.executeCommandConfiguration?.kmsKeyId?.trim();
        if (!kmsKeyId) {
          return results.failed(
            resource,
            `Service ${name} has ECS Exec enabled but cluster ${clusterName} has no configuration.executeCommandConfiguration.kmsKeyId, so Exec sessions are protected by TLS only, not by a customer KMS key.`,
          );
        }
        return results.passed(
          resource,
          `Service ${name} has ECS Exec enabled and cluster ${clusterName} encrypts Exec sessions with KMS key ${kmsKeyId}.`,
        );
      }),
};
