// AWS Secrets Manager (awsJson1_1): DescribeSecret over `secretsManager.secrets` (never values).
// A secret is named by ARN, partial ARN or name; an ARN of another account is refused.
import { DescribeSecret$ } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerSecret } from '../../lib/snapshot/types.ts';
import { awsJsonProtocol } from '../protocols/awsJson.ts';
import { awsJsonErrors, collected, error } from './common.ts';
import type { BucketSpec, CallContext, Input, ServiceDefinition } from './types.ts';

/** A SecretId names a secret by its ARN, its partial ARN (without the `-AbCdEf` suffix) or its name. */
export const secretMatches = (secret: SecretsManagerSecret, id: string): boolean => {
  const arn = secret.ARN ?? '';
  if (id === arn || id === secret.Name) return true;
  return id.startsWith('arn:') && /-[A-Za-z0-9]{6}$/.test(arn) && arn.slice(0, -7) === id;
};

const describeSecret = (input: Input, context: CallContext) => {
  const id: string = input.SecretId ?? '';
  // A secret of another account is reached only through its resource policy, which a snapshot
  // does not hold: AWS then refuses, whether or not the secret exists.
  const owner = id.startsWith('arn:') ? id.split(':')[4] : undefined;
  if (owner !== undefined && owner !== context.accountId) {
    throw error(
      'AccessDeniedException',
      `User: ${context.caller.arn} is not authorized to perform: secretsmanager:DescribeSecret on resource: ${id} because no resource-based policy allows the secretsmanager:DescribeSecret action`,
    );
  }
  const secret = collected(
    context,
    context.data.secretsManager?.secrets,
    'secretsManager.secrets',
  ).find((candidate) => secretMatches(candidate, id));
  if (!secret)
    throw error('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  return secret;
};

// Secrets Manager quotas: DescribeSecret and GetSecretValue together, 10,000 requests per second.
const DESCRIBE_SECRET: BucketSpec = {
  category: 'DescribeSecret+GetSecretValue',
  burst: 10_000,
  rate: 10_000,
};

export const secretsManager: ServiceDefinition = {
  name: 'secretsmanager',
  protocol: awsJsonProtocol({ version: '1.1', serviceTarget: 'secretsmanager' }),
  operations: {
    DescribeSecret: { schema: DescribeSecret$, handler: describeSecret },
  },
  errors: awsJsonErrors('secretsmanager'),
  bucket: () => DESCRIBE_SECRET,
};
