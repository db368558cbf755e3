import { referencedSecretOf } from '../../lib/aws/arn.ts';
import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import type { Inventory } from '../../lib/evaluate/inventory/inventory.ts';
import { taskDefinitionResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata } from '../../lib/model.ts';
import { type SecretReference, secretReferencesOf } from '../../lib/snapshot/scope.ts';
import { isOtherAccount } from '../../lib/snapshot/secretReferences.ts';
import type { SsmParameter } from '../../lib/snapshot/types.ts';

export const metadata: CheckMetadata = {
  id: 'ecs_task_definition_secrets_from_secrets_manager',
  service: 'ecs',
  title:
    'ECS task definitions take their secrets from Secrets Manager, not from plain-text SSM parameters',
  severity: 'HIGH',
  resourceKind: 'taskDefinition',
  inputs: ['ecs.services', 'ecs.taskDefinitions', 'ssm.parameters'],
  description:
    'Checks where the secret references of an in-scope ECS task definition point (containerDefinitions[].secrets, repositoryCredentials.credentialsParameter, logConfiguration.secretOptions): Secrets Manager secrets pass, SSM SecureString parameters are a warning, SSM String and StringList parameters fail because they are stored unencrypted. Repository credentials always name a Secrets Manager secret; a parameter named by the ARN of another region is judged by its description there; a parameter of another account cannot be described and is NOT_AVAILABLE.',
  risk: 'An SSM String or StringList parameter is not encrypted: anyone allowed ssm:GetParameter or ssm:GetParameterHistory reads the secret without any KMS permission, and the console shows it in plain text. A SecureString is encrypted with KMS but has no built-in automatic rotation.',
  remediation: {
    text: 'Store the value as a Secrets Manager secret (encrypted with KMS, with automatic rotation) and set valueFrom to the secret ARN; grant the task execution role secretsmanager:GetSecretValue (and kms:Decrypt for a customer managed key). At the least, recreate String parameters as SecureString.',
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html',
  },
  guidance:
    'Store secrets in AWS Secrets Manager, encrypted with AWS KMS and rotated automatically, and reference them from the task definition rather than keeping them in plain-text parameters.',
  relatedRequirements: [
    'NIST.800-53.r5 SC-28',
    'NIST.800-53.r5 SC-28(1)',
    'NIST.800-53.r5 IA-5(1)',
  ],
};

const results = resultsFor(metadata);

type Verdict = 'secretsmanager' | 'securestring' | 'plaintext' | 'unknown';

/**
 * The described parameters of a region: this region's, or those of another region that the
 * region's task definitions name by ARN (undefined: not collected, or that region not asked).
 */
const parametersIn = (inventory: Inventory, region: string): SsmParameter[] | undefined =>
  region === inventory.region
    ? inventory.parameters
    : inventory.parameters && inventory.otherRegionParameters?.[region];

const verdictOf = (
  ref: SecretReference,
  inventory: Inventory,
): { verdict: Verdict; detail: string } => {
  const { target } = ref;
  if (target.store === 'secretsmanager')
    return { verdict: 'secretsmanager', detail: 'Secrets Manager' };
  if (target.store === 'unknown') {
    return {
      verdict: 'unknown',
      detail:
        ref.source === 'repositoryCredentials'
          ? 'not a Secrets Manager secret ARN or name'
          : 'not a Secrets Manager or SSM reference',
    };
  }
  // Only when it names a secret: the rotation check judges that secret, so both agree.
  if (referencedSecretOf(target)) {
    return { verdict: 'secretsmanager', detail: 'Secrets Manager via SSM' };
  }
  const { parameterName } = target;
  if (!inventory.parameters) {
    return { verdict: 'unknown', detail: `${parameterName}, SSM parameters not collected` };
  }
  // DescribeParameters sees only the scanner's own account: a parameter shared through AWS RAM
  // is never described, however the scanner's role is allowed.
  if (isOtherAccount(target.accountId, inventory)) {
    return {
      verdict: 'unknown',
      detail: `${parameterName}, a parameter of account ${target.accountId} that the scan cannot describe: DescribeParameters lists only the scanned account's parameters, and the scanner's role may not be allowed to read it there`,
    };
  }
  // By name and region, as parseSecretReference reads it (the ARNs of `db` and `/db` look alike):
  // a parameter of another region is not the local one of the same name.
  const region = target.region ?? inventory.region;
  const where = region === inventory.region ? '' : ` in ${region}`;
  const parameter = parametersIn(inventory, region)?.find((p) => p.Name === parameterName);
  if (!parameter) return { verdict: 'unknown', detail: `${parameterName}${where}, not described` };
  const type = (parameter.Type ?? '').toUpperCase();
  if (type === 'SECURESTRING')
    return { verdict: 'securestring', detail: `${parameterName}${where}, SecureString` };
  if (type === 'STRING' || type === 'STRINGLIST') {
    return { verdict: 'plaintext', detail: `${parameterName}${where}, ${parameter.Type}` };
  }
  return {
    verdict: 'unknown',
    detail: `${parameterName}${where}, type ${parameter.Type ?? 'absent'}`,
  };
};

/** `DB_PASSWORD in container app (/prod/db, String)`: names and parameter names, never values. */
const label = (ref: SecretReference, detail: string): string =>
  `${ref.source === 'repositoryCredentials' ? 'repository credentials' : ref.name} in container ${ref.containerName} (${detail})`;

const MAX_LISTED = 8;
const list = (labels: readonly string[]): string =>
  labels.length > MAX_LISTED
    ? `${labels.slice(0, MAX_LISTED).join('; ')}; and ${labels.length - MAX_LISTED} more`
    : labels.join('; ');

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.taskDefinitions ?? []).flatMap(({ arn, data }) => {
      const resource = taskDefinitionResource(arn, inventory.region, data);
      if (!data) {
        return [
          results.notAvailable(
            resource,
            `Task definition ${resource.name} was not described, so its secret references are unknown.`,
          ),
        ];
      }
      const references = secretReferencesOf(data);
      if (references.length === 0) return [];

      const by: Record<Verdict, string[]> = {
        secretsmanager: [],
        securestring: [],
        plaintext: [],
        unknown: [],
      };
      for (const ref of references) {
        const { verdict, detail } = verdictOf(ref, inventory);
        by[verdict].push(label(ref, detail));
      }

      // Worst wins: a known plain-text parameter is reported even when other types are unknown.
      const unknownToo = by.unknown.length ? `; the store of ${list(by.unknown)} is unknown` : '';
      if (by.plaintext.length) {
        return [
          results.failed(
            resource,
            `Task definition ${resource.name} reads secrets from unencrypted SSM String/StringList parameters: ${list(by.plaintext)}${unknownToo}.`,
          ),
        ];
      }
      if (by.unknown.length) {
        return [
          results.notAvailable(
            resource,
            `Task definition ${resource.name} references secrets whose store or parameter type is unknown: ${list(by.unknown)}.`,
          ),
        ];
      }
      if (by.securestring.length) {
        return [
          results.warning(
            resource,
            `Task definition ${resource.name} reads secrets from SSM SecureString parameters, which Secrets Manager would rotate: ${list(by.securestring)}.`,
            'LOW',
          ),
        ];
      }
      return [
        results.passed(
          resource,
          `Task definition ${resource.name} takes ${references.length === 1 ? 'its secret reference' : `all ${references.length} secret references`} from Secrets Manager.`,
        ),
      ];
    }),
};
