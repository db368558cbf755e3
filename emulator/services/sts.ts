// AWS STS (awsQuery): GetCallerIdentity, and AssumeRole into an account the emulator holds. The
// keys AssumeRole hands out select that account for every later call signed with them.
import { randomBytes } from 'node:crypto';
import { AssumeRole$, GetCallerIdentity$ } from '@aws-sdk/client-sts';
import { parseArn } from '../../lib/aws/arn.ts';
import { queryProtocol } from '../protocols/query.ts';
import { DEFAULT_BUCKET, error, notAuthorized, serviceErrors } from './common.ts';
import type { CallContext, Input, ServiceDefinition } from './types.ts';

const getCallerIdentity = (_input: Input, context: CallContext) => ({
  UserId: context.caller.userId,
  Account: context.accountId,
  Arn: context.caller.arn,
});

const token = (length: number): string =>
  randomBytes(length)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, length)
    .toUpperCase();

const assumeRole = (input: Input, context: CallContext) => {
  const roleArn: string = input.RoleArn ?? '';
  const sessionName: string = input.RoleSessionName ?? '';
  const parsed = parseArn(roleArn);
  if (parsed?.service !== 'iam' || !parsed.resource.startsWith('role/')) {
    throw error('ValidationError', `${roleArn} is invalid`);
  }
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw error(
      'ValidationError',
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`,
    );
  }
  if (!context.state.accounts.some((account) => account.accountId === parsed.accountId)) {
    throw error(
      'AccessDenied',
      notAuthorized(context.caller.arn, 'sts', 'AssumeRole', roleArn),
      403,
    );
  }
  const accessKeyId = `ASIA${token(16)}`;
  context.state.sessions.set(accessKeyId, { accountId: parsed.accountId, roleArn, sessionName });
  const duration: number = input.DurationSeconds ?? 3600;
  const roleName = parsed.resource.split('/').pop() ?? '';
  const roleId = `AROA${token(17)}`;
  return {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: token(40),
      SessionToken: `emulator-session-${token(32)}`,
      Expiration: new Date(Date.now() + duration * 1000).toISOString(),
    },
    AssumedRoleUser: {
      AssumedRoleId: `${roleId}:${sessionName}`,
      Arn: `arn:${parsed.partition}:sts::${parsed.accountId}:assumed-role/${roleName}/${sessionName}`,
    },
    PackedPolicySize: 0,
  };
};

export const sts: ServiceDefinition = {
  name: 'sts',
  protocol: queryProtocol({
    ec2: false,
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  }),
  operations: {
    GetCallerIdentity: { schema: GetCallerIdentity$, handler: getCallerIdentity },
    AssumeRole: { schema: AssumeRole$, handler: assumeRole },
  },
  errors: serviceErrors('sts', {
    throttling: ['Throttling', 400],
    accessDenied: ['AccessDenied', 403],
    unknownOperation: ['InvalidAction', 400],
  }),
  // STS request quotas are per account and not per API: the default bucket.
  bucket: () => DEFAULT_BUCKET,
};
