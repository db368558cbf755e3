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

export type SecretReferenceTarget =
  | { store: 'secretsmanager'; secretArn: string; region: string; accountId: string }
  | { store: 'ssm'; parameterName: string; region?: string; accountId?: string }
  | { store: 'unknown' };

/** SSM parameter names: letters, digits, `_ . -` and `/` for hierarchies, at most 2048 characters. */
const SSM_PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,2048}$/;

/**
 * Where a `valueFrom` points: a Secrets Manager ARN (optionally followed by
 * `:json-key:version-stage:version-id`), an SSM parameter ARN (`…:parameter/prod/db` is the
 * parameter `/prod/db`, `…:parameter/db` is `db`) or a bare SSM parameter name.
 */
export const parseSecretReference = (valueFrom: string): SecretReferenceTarget => {
  const arn = parseArn(valueFrom);
  if (!arn) {
    return SSM_PARAMETER_NAME.test(valueFrom)
      ? { store: 'ssm', parameterName: valueFrom }
      : { store: 'unknown' };
  }
  if (arn.service === 'secretsmanager' && /^secret:[^:]/.test(arn.resource)) {
    const secretArn = valueFrom.split(':').slice(0, 7).join(':');
    return { store: 'secretsmanager', secretArn, region: arn.region, accountId: arn.accountId };
  }
  if (arn.service === 'ssm' && /^parameter\/./.test(arn.resource)) {
    const path = arn.resource.slice('parameter/'.length);
    const parameterName = path.includes('/') ? `/${path}` : path;
    return { store: 'ssm', parameterName, region: arn.region, accountId: arn.accountId };
  }
  return { store: 'unknown' };
};

/**
 * Secrets Manager accepts a partial ARN (without the 6-character suffix AWS appends):
 * `…:secret:db` matches `…:secret:db-AbCdEf`.
 */
export const secretArnMatches = (reference: string, secretArn: string): boolean =>
  reference === secretArn ||
  (secretArn.startsWith(`${reference}-`) && secretArn.length === reference.length + 7);
