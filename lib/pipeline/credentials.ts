// Credentials of the scanned accounts: the deployment account scans itself with the function's own
// role; every other account through the member role, assumed with STS and kept until shortly
// before it expires.
import {
  AssumeRoleCommand,
  type AssumeRoleCommandOutput,
  type STSClient,
} from '@aws-sdk/client-sts';
import { errorCodeOf } from '../collect/failures.ts';
import type { Credentials } from './clients.ts';

export const ROLE_SESSION_NAME = 'ecs-encryption-scanner';
/** Role chaining (the function's role assuming the member role) allows at most one hour. */
const SESSION_SECONDS = 3600;
/** Assume again when less than this is left (a scan must not outlive its credentials). */
const RENEW_BEFORE_MS = 15 * 60 * 1000;

export class MemberRoleError extends Error {
  override readonly name = 'MemberRoleError';
}

export const memberRoleArn = (partition: string, accountId: string, roleName: string): string =>
  `arn:${partition}:iam::${accountId}:role/${roleName}`;

export interface CredentialBroker {
  /**
   * Undefined for the deployment account (the function's own credentials); otherwise credentials
   * proven to reach `accountId` (the assumed session's ARN names it).
   */
  credentialsFor(accountId: string, partition: string): Promise<Credentials | undefined>;
}

export const createCredentialBroker = (options: {
  sts: STSClient;
  deploymentAccountId: string;
  memberRoleName: string;
  now?: () => number;
}): CredentialBroker => {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { credentials: Credentials; expiresAt: number }>();
  return {
    async credentialsFor(accountId, partition) {
      if (accountId === options.deploymentAccountId) return undefined;
      const cached = cache.get(accountId);
      if (cached && cached.expiresAt - now() > RENEW_BEFORE_MS) return cached.credentials;
      const roleArn = memberRoleArn(partition, accountId, options.memberRoleName);
      let out: AssumeRoleCommandOutput;
      try {
        out = await options.sts.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: ROLE_SESSION_NAME,
            DurationSeconds: SESSION_SECONDS,
          }),
        );
      } catch (error) {
        throw new MemberRoleError(
          `cannot assume ${roleArn} (${errorCodeOf(error)}): deploy the member role (deploy/member-role.yaml) in account ${accountId}, trusting the scanner's role.`,
        );
      }
      const c = out.Credentials;
      // The session's ARN names the account it reaches, so the scan needs no GetCallerIdentity.
      const reached = out.AssumedRoleUser?.Arn?.split(':')[4];
      if (!c?.AccessKeyId || !c.SecretAccessKey || reached !== accountId) {
        throw new MemberRoleError(
          `STS answered the assumption of ${roleArn} without credentials for account ${accountId} (they reach ${reached ?? 'no account'}): nothing was scanned.`,
        );
      }
      const expiresAt = c.Expiration?.getTime() ?? now() + SESSION_SECONDS * 1000;
      const credentials: Credentials = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: new Date(expiresAt),
      };
      cache.set(accountId, { credentials, expiresAt });
      return credentials;
    },
  };
};
