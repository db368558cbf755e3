import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { taskDefinitionResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';

export const metadata: CheckMetadata = {
  id: 'ecs_task_definition_efs_transit_encryption',
  service: 'ecs',
  title: 'ECS task definitions encrypt traffic to their Amazon EFS volumes in transit',
  severity: 'MEDIUM',
  resourceKind: 'taskDefinition',
  inputs: ['ecs.services', 'ecs.taskDefinitions'],
  description:
    'Checks that every Amazon EFS volume of an in-scope ECS task definition has efsVolumeConfiguration.transitEncryption set to ENABLED. The API default, when the field is absent, is DISABLED.',
  risk: 'Without transit encryption, NFS traffic between the task and the EFS file system travels in plain text: anyone able to observe or intercept it on the network can read or alter the files the tasks read and write.',
  remediation: {
    text: "Register a new task definition revision with transitEncryption set to ENABLED in each volume's efsVolumeConfiguration (optionally with IAM authorization and an access point), then update the services to use it.",
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html',
  },
  guidance:
    'Encrypt data in transit between tasks and Amazon EFS by turning on transit encryption (TLS) for EFS volumes in the task definition.',
  relatedRequirements: [
    'AWS FSBP ECS.18',
    'AWS Config ecs-task-definition-efs-encryption-enabled',
    'NIST.800-53.r5 SC-8',
    'NIST.800-53.r5 SC-8(1)',
    'NIST.800-53.r5 SC-13',
  ],
};

const results = resultsFor(metadata);

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.taskDefinitions ?? []).flatMap(({ arn, data }) => {
      const resource = taskDefinitionResource(arn, inventory.region, data);
      if (!data) {
        return [
          results.notAvailable(
            resource,
            `Task definition ${resource.name} was not described, so its volumes are unknown.`,
          ),
        ];
      }
      const efsVolumes = (data.volumes ?? []).flatMap((volume, index) =>
        volume.efsVolumeConfiguration
          ? [
              {
                name: volume.name || `#${index + 1}`,
                setting: volume.efsVolumeConfiguration.transitEncryption,
              },
            ]
          : [],
      );
      if (efsVolumes.length === 0) return [];

      const unencrypted = efsVolumes.filter(
        ({ setting }) => (setting ?? '').toUpperCase() !== 'ENABLED',
      );
      if (unencrypted.length === 0) {
        return [
          results.passed(
            resource,
            `Task definition ${resource.name} has transit encryption enabled on ${efsVolumes.length === 1 ? 'its EFS volume' : `all ${efsVolumes.length} EFS volumes`}.`,
          ),
        ];
      }
      const listed = unencrypted
        .map(
          ({ name, setting }) =>
            `${name} (transitEncryption ${setting ?? 'absent, DISABLED by default'})`,
        )
        .join(', ');
      return [
        results.failed(
          resource,
          `Task definition ${resource.name} mounts EFS volumes without transit encryption: ${listed}.`,
        ),
      ];
    }),
};
