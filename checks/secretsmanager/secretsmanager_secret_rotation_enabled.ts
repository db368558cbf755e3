import { secretArnMatches } from '../../lib/aws/arn.ts';
import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { secretResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';
import { secretReferencesOf } from '../../lib/snapshot/scope.ts';
import type { SecretsManagerSecret } from '../../lib/snapshot/types.ts';

export const metadata: CheckMetadata = {
  id: 'secretsmanager_secret_rotation_enabled',
  service: 'secretsmanager',
  title: 'Secrets Manager secrets used by ECS task definitions have automatic rotation enabled',
  severity: 'MEDIUM',
  resourceKind: 'secret',
  inputs: ['ecs.services', 'ecs.taskDefinitions', 'secretsManager.secrets'],
  description:
    'Checks that every AWS Secrets Manager secret referenced by an in-scope ECS task definition has automatic rotation enabled.',
  risk: 'A secret that is never rotated stays valid for as long as it exists: a leaked value keeps working until someone notices and changes it by hand.',
  remediation: {
    text: 'Turn on automatic rotation for the secret with a rotation function (aws secretsmanager rotate-secret --secret-id ID --rotation-lambda-arn ARN --rotation-rules AutomaticallyAfterDays=30), and make the tasks read it at start-up.',
    url: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html',
  },
  guidance:
    'Store secrets in AWS Secrets Manager, which can rotate them automatically, rather than in task definitions.',
  relatedRequirements: [
    'AWS FSBP SecretsManager.1',
    'AWS Config secretsmanager-rotation-enabled-check',
    'NIST.800-53.r5 IA-5(1)',
    'NIST.800-53.r5 AC-2(1)',
  ],
};

const results = resultsFor(metadata);

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) => {
    const referenced = new Set(
      (inventory.taskDefinitions ?? []).flatMap(({ data }) =>
        data
          ? secretReferencesOf(data).flatMap((ref) =>
              ref.target.store === 'secretsmanager' ? [ref.target.secretArn] : [],
            )
          : [],
      ),
    );
    // One result per secret: a complete and a partial ARN of one secret name the same resource.
    const bySecret = new Map<string, SecretsManagerSecret | undefined>();
    for (const reference of referenced) {
      const secret = inventory.secrets?.find((s) => secretArnMatches(reference, s.ARN ?? ''));
      const key = secret?.ARN ?? reference;
      if (!bySecret.has(key)) bySecret.set(key, secret);
    }
    return [...bySecret].map(([reference, secret]) => {
      const resource = secretResource(reference, inventory.region, secret);
      if (!secret) {
        return results.notAvailable(
          resource,
          `Secret ${resource.name} is referenced by a task definition but was not described, so its rotation setting is unknown.`,
        );
      }
      return secret.RotationEnabled === true
        ? results.passed(resource, `Secret ${resource.name} has automatic rotation enabled.`)
        : results.failed(
            resource,
            `Secret ${resource.name} does not have automatic rotation enabled (RotationEnabled is ${secret.RotationEnabled ?? 'absent'}).`,
          );
    });
  },
};
