import { secretArnMatches } from '../../lib/aws/arn.ts';
import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import type { Inventory } from '../../lib/evaluate/inventory/inventory.ts';
import { secretResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';
import {
  describesSecret,
  isOtherAccount,
  referencedSecretsIn,
  secretIdentifier,
} from '../../lib/snapshot/secretReferences.ts';
import type { SecretsManagerSecret } from '../../lib/snapshot/types.ts';

export const metadata: CheckMetadata = {
  id: 'secretsmanager_secret_rotation_enabled',
  service: 'secretsmanager',
  title: 'Secrets Manager secrets used by ECS task definitions have automatic rotation enabled',
  severity: 'MEDIUM',
  resourceKind: 'secret',
  inputs: ['ecs.services', 'ecs.taskDefinitions', 'secretsManager.secrets'],
  description:
    "Checks that every AWS Secrets Manager secret referenced by an in-scope ECS task definition has automatic rotation enabled: in containerDefinitions[].secrets, repositoryCredentials.credentialsParameter or logConfiguration.secretOptions, by ARN (complete, partial, or with json-key, version stage and version ID), by name (repository credentials), or through an SSM /aws/reference/secretsmanager/ name. Each secret gets one result; a secret that could not be described (one of another account may not be describable with the scanner's role) is NOT_AVAILABLE.",
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

interface Judged {
  secret?: SecretsManagerSecret;
  /** The secret's account when it is not the scanned one. */
  otherAccount?: string;
}

/**
 * The referenced secrets, once each: keyed by the described secret's ARN, so that its name, partial
 * and complete ARNs give one result; one not described keyed by how it is named (a name as the
 * partial ARN of that name in its region and account, which a partial ARN of it shares).
 */
const referencedSecrets = (inventory: Inventory): Map<string, Judged> => {
  const home = { region: inventory.region, accountId: inventory.accountId };
  const definitions = (inventory.taskDefinitions ?? []).flatMap(({ data }) => (data ? [data] : []));
  const bySecret = new Map<string, Judged>();
  for (const reference of referencedSecretsIn(definitions, home)) {
    const secret = inventory.secrets?.find((s) => describesSecret(s, reference));
    const key = secret?.ARN ?? secretIdentifier(reference, inventory.partition);
    const otherAccount = isOtherAccount(reference.accountId, home)
      ? reference.accountId
      : undefined;
    if (!bySecret.has(key))
      bySecret.set(key, { secret, ...(otherAccount ? { otherAccount } : {}) });
  }
  // Neither described: a partial ARN is the same secret as the complete ARN it is a prefix of.
  for (const [key, judged] of bySecret) {
    if (judged.secret) continue;
    const complete = [...bySecret.keys()].find(
      (other) => other !== key && secretArnMatches(key, other),
    );
    if (complete) bySecret.delete(key);
  }
  return bySecret;
};

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    [...referencedSecrets(inventory)].map(([reference, { secret, otherAccount }]) => {
      const resource = secretResource(reference, inventory, secret);
      if (!secret) {
        return results.notAvailable(
          resource,
          otherAccount
            ? `Secret ${resource.name} is referenced by a task definition but was not described: the scanner's role may not be allowed to describe a secret of another account (its resource policy decides), so its rotation setting is unknown.`
            : `Secret ${resource.name} is referenced by a task definition but was not described, so its rotation setting is unknown.`,
        );
      }
      return secret.RotationEnabled === true
        ? results.passed(resource, `Secret ${resource.name} has automatic rotation enabled.`)
        : results.failed(
            resource,
            `Secret ${resource.name} does not have automatic rotation enabled (RotationEnabled is ${secret.RotationEnabled ?? 'absent'}).`,
          );
    }),
};
