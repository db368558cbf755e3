// The secrets and parameters that task definitions reference, each in the region and account it
// lives in, and which described item a reference is: read by the collectors (what to describe,
// and where) and by the checks (what was described) alike.
import {
  parseArn,
  referencedSecretOf,
  SECRETS_MANAGER_REFERENCE,
  type SecretLocator,
  secretArnMatches,
} from '../aws/arn.ts';
import { secretReferencesOf } from './scope.ts';
import type { EcsTaskDefinition, SecretsManagerSecret } from './types.ts';

/** The region and account a task definition belongs to: where its bare names point. */
export interface Home {
  region: string;
  /** Unknown to a collector that was not told the account. */
  accountId?: string;
}

export interface ReferencedSecret {
  /** DescribeSecret's SecretId, as the task definition names it: a complete or partial ARN, or a name. */
  secretId: string;
  byName: boolean;
  region: string;
  accountId?: string;
}

export const resolveSecret = (locator: SecretLocator, home: Home): ReferencedSecret => {
  const byName = parseArn(locator.secretId) === undefined;
  const accountId = locator.accountId ?? home.accountId;
  return {
    secretId: locator.secretId,
    byName,
    region: locator.region ?? home.region,
    ...(accountId === undefined ? {} : { accountId }),
  };
};

const secretKey = (secret: ReferencedSecret): string =>
  `${secret.region}\u0000${secret.accountId ?? ''}\u0000${secret.secretId}`;

/**
 * Every Secrets Manager secret the task definitions reference — in `secrets`,
 * `repositoryCredentials` or `logConfiguration.secretOptions`, directly or through an SSM
 * `/aws/reference/secretsmanager/` name — once per region, account and SecretId.
 */
export const referencedSecretsIn = (
  definitions: readonly EcsTaskDefinition[],
  home: Home,
): ReferencedSecret[] => {
  const secrets = new Map<string, ReferencedSecret>();
  for (const { target } of definitions.flatMap(secretReferencesOf)) {
    const locator = referencedSecretOf(target);
    if (!locator) continue;
    const secret = resolveSecret(locator, home);
    secrets.set(secretKey(secret), secret);
  }
  return [...secrets.values()];
};

/**
 * Whether a described secret is the referenced one: by its ARN (complete, or partial without the
 * 6-character suffix), or by its name in the reference's region and account (a name never names
 * the secret of the same name in another region).
 */
export const describesSecret = (secret: SecretsManagerSecret, reference: ReferencedSecret) => {
  const arn = secret.ARN ?? '';
  if (!reference.byName) return secretArnMatches(reference.secretId, arn);
  const parsed = parseArn(arn);
  return (
    secret.Name === reference.secretId &&
    parsed?.region === reference.region &&
    (reference.accountId === undefined || parsed.accountId === reference.accountId)
  );
};

/**
 * A stable identifier of a referenced secret: the ARN it is named by, or for a name the partial
 * ARN of that name in its region and account (which Secrets Manager reads as the same secret).
 */
export const secretIdentifier = (secret: ReferencedSecret, partition: string): string =>
  secret.byName
    ? `arn:${partition}:secretsmanager:${secret.region}:${secret.accountId ?? ''}:secret:${secret.secretId}`
    : secret.secretId;

export interface ReferencedParameter {
  parameterName: string;
  region: string;
  accountId?: string;
  /** How the task definition names it: the parameter ARN, or the bare name. */
  valueFrom: string;
}

/**
 * Every SSM parameter the task definitions reference, once per region, account and name. Names
 * under `/aws/reference/secretsmanager/` are left out: they name Secrets Manager secrets, not
 * parameters that DescribeParameters lists.
 */
export const referencedParametersIn = (
  definitions: readonly EcsTaskDefinition[],
  home: Home,
): ReferencedParameter[] => {
  const parameters = new Map<string, ReferencedParameter>();
  for (const { target, valueFrom } of definitions.flatMap(secretReferencesOf)) {
    if (target.store !== 'ssm' || target.parameterName.startsWith(SECRETS_MANAGER_REFERENCE))
      continue;
    const region = target.region ?? home.region;
    const accountId = target.accountId ?? home.accountId;
    const key = `${region}\u0000${accountId ?? ''}\u0000${target.parameterName}`;
    if (!parameters.has(key)) {
      parameters.set(key, {
        parameterName: target.parameterName,
        region,
        ...(accountId === undefined ? {} : { accountId }),
        valueFrom,
      });
    }
  }
  return [...parameters.values()];
};

/** Whether an account is another than the scanned one (unknown accounts are not). */
export const isOtherAccount = (accountId: string | undefined, home: Home): boolean =>
  accountId !== undefined && home.accountId !== undefined && accountId !== home.accountId;
