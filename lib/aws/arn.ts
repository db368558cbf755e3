// ARNs: parsing and building them, and the references between them that the checks and the
// rescans follow (a listener's load balancer, a rule's listener, a secret reference's store).

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export const parseArn = (value: string): ParsedArn | undefined => {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', accountId = ''] = parts;
  return { partition, service, region, accountId, resource: parts.slice(5).join(':') };
};

/** `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`: parseArn's inverse. */
export const formatArn = ({ partition, service, region, accountId, resource }: ParsedArn): string =>
  `arn:${partition}:${service}:${region}:${accountId}:${resource}`;

/** The last path element: `…:service/cluster/name` → `name`. */
export const arnName = (arn: string): string => {
  const resource = parseArn(arn)?.resource ?? arn;
  return resource.slice(resource.lastIndexOf('/') + 1) || resource;
};

/** Cluster name from an ECS service or container-instance ARN (`…:service/CLUSTER/NAME`). */
export const clusterNameFromArn = (arn: string): string | undefined => {
  const segments = (parseArn(arn)?.resource ?? '').split('/');
  return segments.length >= 3 ? segments[1] : undefined;
};

/**
 * The load balancer of an ELBv2 listener or listener rule (`…:listener/app/NAME/LB/L`,
 * `…:listener-rule/app/NAME/LB/L/R` → `…:loadbalancer/app/NAME/LB`); a load balancer's is itself.
 */
export const loadBalancerArnOf = (arn: string): string | undefined => {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'elasticloadbalancing') return undefined;
  const [kind, type, name, id] = parsed.resource.split('/');
  if (kind === 'loadbalancer') return arn;
  if ((kind !== 'listener' && kind !== 'listener-rule') || !type || !name || !id) return undefined;
  return formatArn({ ...parsed, resource: `loadbalancer/${type}/${name}/${id}` });
};

/** `…:listener-rule/app/NAME/LB/L/R` → `…:listener/app/NAME/LB/L`. */
export const listenerArnOfRule = (ruleArn: string): string | undefined => {
  const parsed = parseArn(ruleArn);
  const parts = parsed?.resource.split('/') ?? [];
  if (
    parsed?.service !== 'elasticloadbalancing' ||
    parts[0] !== 'listener-rule' ||
    parts.length !== 6
  )
    return undefined;
  return formatArn({ ...parsed, resource: `listener/${parts.slice(1, 5).join('/')}` });
};

/** The prefix every listener ARN of a load balancer starts with (`…:listener/app/NAME/LB/`). */
export const listenerPrefixOf = (loadBalancerArn: string): string | undefined => {
  const parsed = parseArn(loadBalancerArn);
  const parts = parsed?.resource.split('/') ?? [];
  if (
    parsed?.service !== 'elasticloadbalancing' ||
    parts[0] !== 'loadbalancer' ||
    parts.length !== 4
  )
    return undefined;
  return formatArn({ ...parsed, resource: `listener/${parts.slice(1).join('/')}/` });
};

/** The task definition fields that hold secret references; each reads a bare name differently. */
export type SecretReferenceSource = 'secrets' | 'repositoryCredentials' | 'logConfiguration';

/**
 * A Secrets Manager secret as a reference names it: `secretId` is a complete or partial ARN (its
 * region and account are the ARN's) or a name (region and account absent: the task's).
 */
export interface SecretLocator {
  secretId: string;
  region?: string;
  accountId?: string;
}

export type SecretReferenceTarget =
  | ({ store: 'secretsmanager' } & SecretLocator)
  | { store: 'ssm'; parameterName: string; region?: string; accountId?: string }
  | { store: 'unknown' };

/** SSM parameter names: letters, digits, `_ . -` and `/` for hierarchies, at most 2048 characters. */
const SSM_PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,2048}$/;

/** Secrets Manager secret names: letters, digits and `/_+=.@-`, at most 512 characters. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** An SSM parameter name under this path resolves to the Secrets Manager secret named by the rest. */
export const SECRETS_MANAGER_REFERENCE = '/aws/reference/secretsmanager/';

const secretArnTarget = (valueFrom: string): SecretReferenceTarget | undefined => {
  const arn = parseArn(valueFrom);
  if (arn?.service !== 'secretsmanager' || !/^secret:[^:]/.test(arn.resource)) return undefined;
  // `…:secret:NAME[:json-key:version-stage:version-id]`: the secret is the first seven parts.
  const secretId = valueFrom.split(':').slice(0, 7).join(':');
  return { store: 'secretsmanager', secretId, region: arn.region, accountId: arn.accountId };
};

/**
 * Where a reference points, read as the ECS API reads its field. `repositoryCredentials` always
 * names a Secrets Manager secret: by ARN, or by name in the task's region (API
 * RepositoryCredentials). `secrets` and `logConfiguration.secretOptions` name a Secrets Manager ARN
 * (optionally followed by `:json-key:version-stage:version-id`), an SSM parameter ARN (the way to
 * name a parameter of another region; `…:parameter/prod/db` is the parameter `/prod/db`,
 * `…:parameter/db` is `db`) or a bare SSM parameter name in the task's region (API Secret).
 */
export const parseSecretReference = (
  valueFrom: string,
  source: SecretReferenceSource = 'secrets',
): SecretReferenceTarget => {
  const arn = parseArn(valueFrom);
  if (source === 'repositoryCredentials') {
    if (!arn)
      return SECRET_NAME.test(valueFrom)
        ? { store: 'secretsmanager', secretId: valueFrom }
        : { store: 'unknown' };
    return secretArnTarget(valueFrom) ?? { store: 'unknown' };
  }
  if (!arn) {
    // The secret ID after the reference path may be an ARN, which a parameter name could not hold.
    return SSM_PARAMETER_NAME.test(valueFrom) ||
      (valueFrom.startsWith(SECRETS_MANAGER_REFERENCE) &&
        secretArnTarget(valueFrom.slice(SECRETS_MANAGER_REFERENCE.length)) !== undefined)
      ? { store: 'ssm', parameterName: valueFrom }
      : { store: 'unknown' };
  }
  const secret = secretArnTarget(valueFrom);
  if (secret) return secret;
  if (arn.service === 'ssm' && /^parameter\/./.test(arn.resource)) {
    const path = arn.resource.slice('parameter/'.length);
    const parameterName = path.includes('/') ? `/${path}` : path;
    return { store: 'ssm', parameterName, region: arn.region, accountId: arn.accountId };
  }
  return { store: 'unknown' };
};

/**
 * The Secrets Manager secret a reference resolves to: the secret it names, or the one an SSM name
 * under `/aws/reference/secretsmanager/` resolves to (in that parameter's region and account).
 */
export const referencedSecretOf = (target: SecretReferenceTarget): SecretLocator | undefined => {
  if (target.store === 'secretsmanager') {
    const { secretId, region, accountId } = target;
    return { secretId, ...(region === undefined ? {} : { region, accountId }) };
  }
  if (target.store !== 'ssm' || !target.parameterName.startsWith(SECRETS_MANAGER_REFERENCE))
    return undefined;
  const secretId = target.parameterName.slice(SECRETS_MANAGER_REFERENCE.length);
  if (!secretId) return undefined;
  const byArn = secretArnTarget(secretId);
  if (byArn) return referencedSecretOf(byArn);
  if (!SECRET_NAME.test(secretId)) return undefined;
  return {
    secretId,
    ...(target.region === undefined ? {} : { region: target.region }),
    ...(target.accountId === undefined ? {} : { accountId: target.accountId }),
  };
};

/**
 * Secrets Manager accepts a partial ARN (without the 6-character suffix AWS appends):
 * `…:secret:db` matches `…:secret:db-AbCdEf`.
 */
export const secretArnMatches = (reference: string, secretArn: string): boolean =>
  reference === secretArn ||
  (secretArn.startsWith(`${reference}-`) && secretArn.length === reference.length + 7);
