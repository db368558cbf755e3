// Why a live scan could not start, in one line that says what to do: no credentials, a profile
// that does not exist, credentials AWS rejects, an endpoint that cannot be reached, AWS failing.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RATE_SHARE, RATE_SHARE_ENV, rateShareFrom } from '../aws/tokenBucket.ts';
import type { CannotIdentifyError } from '../scan/errors.ts';

const NETWORK = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
]);
const REJECTED = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'IncompleteSignature',
]);
const FAILING = new Set(['InternalFailure', 'InternalError', 'ServiceUnavailable']);

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** The STS endpoint the SDK called, and where it came from. */
const endpointOf = (region: string, env: NodeJS.ProcessEnv): string => {
  if (env.AWS_ENDPOINT_URL_STS) return `${env.AWS_ENDPOINT_URL_STS} (from AWS_ENDPOINT_URL_STS)`;
  if (env.AWS_ENDPOINT_URL) return `${env.AWS_ENDPOINT_URL} (from AWS_ENDPOINT_URL)`;
  return `https://sts.${region}.amazonaws.com`;
};

const readOrEmpty = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether the shared config or credentials file has the profile (`[profile NAME]`, `[NAME]`):
 * the SDK's chain says only "Could not load credentials from any providers" when it does not.
 */
export const profileExists = (name: string, env: NodeJS.ProcessEnv): boolean => {
  const home = env.HOME ?? homedir();
  const text = [
    readOrEmpty(env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config')),
    readOrEmpty(env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials')),
  ].join('\n');
  return new RegExp(`^\\s*\\[\\s*(profile\\s+)?${escapeRegExp(name)}\\s*\\]`, 'm').test(text);
};

export const startFailureMessage = (error: CannotIdentifyError, env: NodeJS.ProcessEnv): string => {
  const what = error.message.replace(/\.$/, '');
  const cause = (error.cause ?? {}) as SdkError;
  const code = error.errorCode;
  const status = cause.$metadata?.httpStatusCode;
  if (NETWORK.has(code)) {
    const custom = Boolean(env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL);
    return `${what}: cannot reach ${endpointOf(error.region, env)}; ${
      custom
        ? 'check that URL and that something answers there.'
        : 'check the network, a proxy (HTTPS_PROXY) or a firewall.'
    }`;
  }
  if (code === 'CredentialsProviderError' || cause.name === 'CredentialsProviderError') {
    const profile = env.AWS_PROFILE?.trim();
    if (profile && !profileExists(profile, env)) {
      return `${what}: the AWS profile "${profile}" (AWS_PROFILE) is in neither the config nor the credentials file; see aws configure list-profiles, or unset AWS_PROFILE.`;
    }
    return `${what}: no AWS credentials found; configure the default credential chain (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, SSO, an instance role).`;
  }
  if (REJECTED.has(code)) {
    return `${what}: AWS rejects the credentials (invalid or expired); refresh them (aws sso login, new access keys) and run again.`;
  }
  if (FAILING.has(code) || (status !== undefined && status >= 500)) {
    const attempts = cause.$metadata?.attempts;
    return `${what}: ${endpointOf(error.region, env)} answered HTTP ${status ?? '5xx'}${attempts ? ` after ${attempts} attempts` : ''}; AWS is failing there, try again later.`;
  }
  return `${what}. Configure credentials for the default credential chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, …); AWS_ENDPOINT_URL points the scanner at another endpoint.`;
};

const isHttpUrl = (text: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
};

/**
 * The settings a live scan reads from the environment, checked before its first call: the message
 * names the variable and what it may be; undefined when they are all usable.
 */
export const liveSettingsError = (env: NodeJS.ProcessEnv): string | undefined => {
  const share = env[RATE_SHARE_ENV]?.trim();
  if (share) {
    try {
      rateShareFrom(env);
    } catch {
      return `invalid ${RATE_SHARE_ENV} "${share}": expected a number above 0 and at most 1, the share of AWS's rates the scanner uses (default ${DEFAULT_RATE_SHARE}).`;
    }
  }
  for (const name of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS'] as const) {
    const url = env[name]?.trim();
    if (url && !isHttpUrl(url)) {
      return `invalid ${name} "${url}": expected an http:// or https:// URL, e.g. http://127.0.0.1:4566.`;
    }
  }
  return undefined;
};
