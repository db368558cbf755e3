// Credentials of the scanned accounts: the deployment account scans itself with the function's own
// role; every other account through the member role, assumed with STS and kept until shortly
// before it expires.
import {
  AssumeRoleCommand,
  type AssumeRoleCommandOutput,
  type STSClient,
} from '@aws-sdk/client-sts';
import type { Credentials } from '../aws/clients.ts';
import { errorCodeOf } from '../aws/errors.ts';

export const ROLE_SESSION_NAME = 'ecs-encryption-scanner';
/** Role chaining (the function's role assuming the member role) allows at most one hour. */
const SESSION_SECONDS = 3600;
/** Assume again when less than this is left (a scan must not outlive its credentials). */
const RENEW_BEFORE_MS = 15 * 60 * 1000;

/** The member role cannot be assumed: it is missing, does not trust the scanner, or is misnamed. */
export class MemberRoleError extends Error {
  override readonly name = 'MemberRoleError';
}

/** STS failed in a way a later attempt can get past (throttling, a 5xx, the network): not the role. */
export class StsUnavailableError extends Error {
  override readonly name = 'StsUnavailableError';
}

const TRANSIENT_NAMES = new Set([
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'IDPCommunicationError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'PriorRequestNotComplete',
]);
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const THROTTLING = /throttl|toomanyrequests|requestlimitexceeded|slowdown|ratelimit/i;

/** Throttling, a server error or a network failure: what the SDK's own retries would try again. */
export const isTransientStsError = (error: unknown): boolean => {
  const e = error as {
    name?: string;
    code?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e?.$metadata?.httpStatusCode;
  return (
    Boolean(e?.$retryable) ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    THROTTLING.test(e?.name ?? '') ||
    TRANSIENT_NAMES.has(e?.name ?? '') ||
    TRANSIENT_CODES.has(e?.code ?? '')
  );
};

/** AWS's answers for a role that does not exist or does not trust the caller. */
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException']);

const assumeError = (error: unknown, roleArn: string, accountId: string): Error => {
  const code = errorCodeOf(error);
  if (ACCESS_DENIED.has(code)) {
    return new MemberRoleError(
      `cannot assume ${roleArn} (${code}): deploy the member role (deploy/member-role.yaml) in account ${accountId}, trusting the scanner's role.`,
    );
  }
  if (isTransientStsError(error)) {
    return new StsUnavailableError(
      `could not assume ${roleArn}: STS answered ${code}, a transient failure (throttling, a server error or the network), not a missing member role; nothing was scanned, and a later attempt can succeed.`,
    );
  }
  if (code === 'RegionDisabledException') {
    return new MemberRoleError(
      `cannot assume ${roleArn} (${code}): STS is not activated for the scanner's account in the deployment region; activate the region's STS endpoint (IAM account settings).`,
    );
  }
  return new MemberRoleError(
    `cannot assume ${roleArn} (${code}): STS refused the request; check the memberRoleName setting and the member role (deploy/member-role.yaml) in account ${accountId}.`,
  );
};

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
        throw assumeError(error, roleArn, accountId);
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
