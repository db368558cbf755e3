import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { credentialKey } from '../../lib/evaluate/inventory/inventory.ts';
import { taskDefinitionResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';

export const metadata: CheckMetadata = {
  id: 'ecs_task_definition_no_static_aws_credentials',
  service: 'ecs',
  title: 'ECS task definitions do not give containers static AWS access keys',
  severity: 'CRITICAL',
  resourceKind: 'taskDefinition',
  inputs: ['ecs.services', 'ecs.taskDefinitions'],
  description:
    'Checks that no container of an in-scope ECS task definition receives long-lived AWS credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (or the SDK alternates AWS_ACCESS_KEY and AWS_SECRET_KEY) or ECS_ENGINE_AUTH_DATA in its environment or secrets, or an AWS access key ID (AKIA…, ASIA…) as the value of any environment variable.',
  risk: 'Access keys in a task definition are readable by anyone allowed ecs:DescribeTaskDefinition and stay valid until someone deactivates them: whoever reads them can act as that IAM user from anywhere. Even injected from a secret store, they are long-lived keys that nobody rotates.',
  remediation: {
    text: 'Give the task an IAM role (taskRoleArn) with only the permissions it needs: the SDKs pick up its temporary STS credentials automatically. Remove the key variables, register a new revision, then deactivate and delete the exposed access keys.',
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html',
  },
  guidance:
    'Use IAM roles for tasks, which provide temporary credentials, instead of long-lived AWS access keys stored in the task definition.',
  relatedRequirements: [
    'AWS FSBP ECS.8',
    'AWS Config ecs-no-environment-secrets',
    'NIST.800-53.r5 IA-5(7)',
    'NIST.800-53.r5 AC-2(1)',
    'NIST.800-53.r5 CM-2',
  ],
};

const results = resultsFor(metadata);

/** Names the SDKs and the ECS agent read credentials from (AWS_ACCESS_KEY and AWS_SECRET_KEY: AWS SDK for Java 1.x). */
const STATIC_CREDENTIAL_NAMES = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_ACCESS_KEY',
  'AWS_SECRET_KEY',
  'ECS_ENGINE_AUTH_DATA',
]);
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
const AWS_KEY_KINDS = new Set(['aws-access-key-id', 'aws-secret-access-key']);

const isStaticCredentialName = (name: string | undefined): boolean =>
  STATIC_CREDENTIAL_NAMES.has((name ?? '').trim().toUpperCase());

/** `container app: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY; container worker: …` */
const describe = (found: ReadonlyMap<string, Set<string>>): string =>
  [...found]
    .map(([container, names]) => `container ${container}: ${[...names].join(', ')}`)
    .join('; ');

const record = (found: Map<string, Set<string>>, container: string, name: string): void => {
  found.set(container, (found.get(container) ?? new Set()).add(name));
};

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.taskDefinitions ?? []).map(({ arn, data }) => {
      const resource = taskDefinitionResource(arn, inventory.region, data);
      if (!data) {
        return results.notAvailable(
          resource,
          `Task definition ${resource.name} was not described, so its container environment and secrets are unknown.`,
        );
      }

      const inEnvironment = new Map<string, Set<string>>();
      const inSecrets = new Map<string, Set<string>>();
      for (const [index, container] of (data.containerDefinitions ?? []).entries()) {
        const containerName = container.name || `#${index + 1}`;
        for (const { name = '', value = '' } of container.environment ?? []) {
          if (value.trim() === '') continue;
          const kinds = inventory.credentialKinds.get(credentialKey(name, value)) ?? [];
          // The regex keeps the check decisive even when credential detection did not run.
          if (
            isStaticCredentialName(name) ||
            ACCESS_KEY_ID.test(value) ||
            kinds.some((k) => AWS_KEY_KINDS.has(k))
          ) {
            record(inEnvironment, containerName, name || '(unnamed)');
          }
        }
        for (const secret of container.secrets ?? []) {
          if (isStaticCredentialName(secret.name))
            record(inSecrets, containerName, secret.name ?? '');
        }
      }

      const noRole = data.taskRoleArn ? '' : '; it has no task IAM role (taskRoleArn)';
      if (inEnvironment.size) {
        const alsoSecrets = inSecrets.size
          ? `, and injects long-lived credentials through secrets (${describe(inSecrets)})`
          : '';
        return results.failed(
          resource,
          `Task definition ${resource.name} passes static credentials in plain-text environment variables (${describe(inEnvironment)})${alsoSecrets}${noRole}.`,
          'CRITICAL',
        );
      }
      if (inSecrets.size) {
        return results.failed(
          resource,
          `Task definition ${resource.name} injects long-lived credentials through secrets (${describe(inSecrets)})${noRole}.`,
          'HIGH',
        );
      }
      return results.passed(
        resource,
        `Task definition ${resource.name} gives its containers no static AWS credentials.`,
      );
    }),
};
