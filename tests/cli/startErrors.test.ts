import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  liveSettingsError,
  profileExists,
  startFailureMessage,
} from '../../lib/cli/startErrors.ts';
import { CannotIdentifyError } from '../../lib/scan/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'start-errors-'));
const config = join(dir, 'config');
writeFileSync(config, '[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n');
const credentials = join(dir, 'credentials');
writeFileSync(credentials, '[ci]\naws_access_key_id = AKIDEXAMPLE\n');
const files = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };

/** An SDK error as the client throws it: name, Node's code for network errors, metadata. */
const sdkError = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), { name, ...extra });

const failure = (code: string, cause: unknown) => new CannotIdentifyError('us-east-1', code, cause);
const PREFIX = 'cannot identify the AWS account (STS GetCallerIdentity in us-east-1 failed:';

describe('startFailureMessage', () => {
  it.each<[string, CannotIdentifyError, NodeJS.ProcessEnv, string]>([
    [
      'an endpoint from AWS_ENDPOINT_URL that refuses connections',
      failure('ECONNREFUSED', sdkError('Error', { code: 'ECONNREFUSED' })),
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' },
      `${PREFIX} ECONNREFUSED): cannot reach http://127.0.0.1:1 (from AWS_ENDPOINT_URL); check that URL and that something answers there.`,
    ],
    [
      "AWS's own endpoint when there is no network",
      failure('ENOTFOUND', sdkError('Error', { code: 'ENOTFOUND' })),
      {},
      `${PREFIX} ENOTFOUND): cannot reach https://sts.us-east-1.amazonaws.com; check the network, a proxy (HTTPS_PROXY) or a firewall.`,
    ],
    [
      'no credentials at all',
      failure('CredentialsProviderError', sdkError('CredentialsProviderError')),
      files,
      `${PREFIX} CredentialsProviderError): no AWS credentials found; configure the default credential chain (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, SSO, an instance role).`,
    ],
    [
      'a profile that does not exist',
      failure('CredentialsProviderError', sdkError('CredentialsProviderError')),
      { ...files, AWS_PROFILE: 'prod' },
      `${PREFIX} CredentialsProviderError): the AWS profile "prod" (AWS_PROFILE) is in neither the config nor the credentials file; see aws configure list-profiles, or unset AWS_PROFILE.`,
    ],
    [
      'a profile that exists but gives no credentials',
      failure('CredentialsProviderError', sdkError('CredentialsProviderError')),
      { ...files, AWS_PROFILE: 'dev' },
      `${PREFIX} CredentialsProviderError): no AWS credentials found; configure the default credential chain (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, SSO, an instance role).`,
    ],
    [
      'credentials AWS rejects',
      failure(
        'InvalidClientTokenId',
        sdkError('InvalidClientTokenId', { $metadata: { httpStatusCode: 403 } }),
      ),
      {},
      `${PREFIX} InvalidClientTokenId): AWS rejects the credentials (invalid or expired); refresh them (aws sso login, new access keys) and run again.`,
    ],
    [
      'AWS failing after every retry',
      failure(
        'InternalFailure',
        sdkError('InternalFailure', { $metadata: { httpStatusCode: 500, attempts: 8 } }),
      ),
      {},
      `${PREFIX} InternalFailure): https://sts.us-east-1.amazonaws.com answered HTTP 500 after 8 attempts; AWS is failing there, try again later.`,
    ],
    [
      'anything else',
      failure('AccessDenied', sdkError('AccessDenied', { $metadata: { httpStatusCode: 403 } })),
      {},
      `${PREFIX} AccessDenied). Configure credentials for the default credential chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, …); AWS_ENDPOINT_URL points the scanner at another endpoint.`,
    ],
  ])('tells %s apart', (_name, error, env, expected) => {
    expect(startFailureMessage(error, env)).toBe(expected);
  });
});

describe('liveSettingsError', () => {
  it.each<[string, NodeJS.ProcessEnv, string | undefined]>([
    ['nothing set', {}, undefined],
    ['a rate share of 0.5', { ECS_SCANNER_RATE_SHARE: '0.5' }, undefined],
    ['a rate share of 1', { ECS_SCANNER_RATE_SHARE: '1' }, undefined],
    [
      'a rate share of 2',
      { ECS_SCANNER_RATE_SHARE: '2' },
      `invalid ECS_SCANNER_RATE_SHARE "2": expected a number above 0 and at most 1, the share of AWS's rates the scanner uses (default 0.95).`,
    ],
    ['a rate share of 0', { ECS_SCANNER_RATE_SHARE: '0' }, 'invalid ECS_SCANNER_RATE_SHARE "0"'],
    [
      'a rate share of abc',
      { ECS_SCANNER_RATE_SHARE: 'abc' },
      'invalid ECS_SCANNER_RATE_SHARE "abc"',
    ],
    ['an endpoint URL', { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, undefined],
    [
      'an endpoint that is not a URL',
      { AWS_ENDPOINT_URL: 'localhost:4566' },
      'invalid AWS_ENDPOINT_URL "localhost:4566": expected an http:// or https:// URL',
    ],
    [
      'an STS endpoint that is not a URL',
      { AWS_ENDPOINT_URL_STS: 'sts' },
      'invalid AWS_ENDPOINT_URL_STS "sts"',
    ],
  ])('with %s says %s', (_name, env, expected) => {
    const message = liveSettingsError(env);
    if (expected === undefined) expect(message).toBeUndefined();
    else expect(message).toContain(expected);
  });
});

describe('profileExists', () => {
  it.each([
    ['default', true],
    ['dev', true],
    ['ci', true],
    ['prod', false],
    ['de', false],
  ])('finds profile %s: %s', (name, expected) => {
    expect(profileExists(name, files)).toBe(expected);
  });

  it('finds no profile when neither file exists', () => {
    expect(
      profileExists('default', {
        AWS_CONFIG_FILE: join(dir, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
      }),
    ).toBe(false);
  });
});
