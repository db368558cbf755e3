import { describe, expect, it } from 'vitest';
import {
  CONFIG_OPTIONS,
  commaList,
  DEFAULT_CONFIG,
  DEPLOYMENT_OPTIONS,
  type DeploymentConfig,
  type RawConfig,
  RUN_OPTIONS,
  resolveConfig,
  resolveDeploymentConfig,
  resolveRunConfig,
  type ScanConfig,
} from '../lib/config.ts';
import { UserInputError } from '../lib/errors.ts';

const ENV = {
  allLoadBalancers: 'ECS_SCANNER_ALL_LOAD_BALANCERS',
  allMeshes: 'ECS_SCANNER_ALL_MESHES',
  confidentialTag: 'ECS_SCANNER_CONFIDENTIAL_TAG',
  tlsPolicyProfile: 'ECS_SCANNER_TLS_POLICY_PROFILE',
  certificateExpiryDays: 'ECS_SCANNER_CERTIFICATE_EXPIRY_DAYS',
  exemptionTags: 'ECS_SCANNER_EXEMPTION_TAGS',
  exemptionsFile: 'ECS_SCANNER_EXEMPTIONS_FILE',
} as const;

const errorOf = (flags: RawConfig, env: NodeJS.ProcessEnv = {}): Error => {
  try {
    resolveConfig(flags, env);
  } catch (error) {
    return error as Error;
  }
  throw new Error('resolveConfig accepted the input');
};

describe('commaList', () => {
  it.each<[string, string, string[]]>([
    ['one item', 'us-east-1', ['us-east-1']],
    ['items in the order given', 'eu-west-1,us-east-1', ['eu-west-1', 'us-east-1']],
    ['items with spaces around them, trimmed', ' ecs , elbv2 ', ['ecs', 'elbv2']],
    ['a repeated item, once', 'ecs,elbv2,ecs', ['ecs', 'elbv2']],
    ['empty items, dropped', 'ecs,,elbv2,', ['ecs', 'elbv2']],
    ['nothing but commas and spaces, as no item', ' , ,', []],
    ['an empty string, as no item', '', []],
  ])('reads %s', (_case, value, expected) => {
    // Act
    const items = commaList(value);

    // Assess
    expect(items).toEqual(expected);
  });
});

describe('resolveConfig', () => {
  it('gives the documented defaults without flags or environment', () => {
    const expected: ScanConfig = {
      allLoadBalancers: false,
      allMeshes: false,
      confidentialTag: { key: 'DataClassification', value: 'confidential' },
      tlsPolicyProfile: 'tls12',
      certificateExpiryDays: 30,
      exemptionTags: true,
    };

    expect(resolveConfig()).toEqual(expected);
    expect(DEFAULT_CONFIG).toEqual(expected);
  });

  it('names the documented environment variables', () => {
    expect(
      Object.fromEntries(Object.entries(CONFIG_OPTIONS).map(([key, option]) => [key, option.env])),
    ).toEqual(ENV);
  });

  it.each<[string, NodeJS.ProcessEnv, Partial<ScanConfig>]>([
    ['allLoadBalancers from true', { [ENV.allLoadBalancers]: 'true' }, { allLoadBalancers: true }],
    ['allLoadBalancers from 1', { [ENV.allLoadBalancers]: '1' }, { allLoadBalancers: true }],
    ['allLoadBalancers from yes', { [ENV.allLoadBalancers]: 'yes' }, { allLoadBalancers: true }],
    ['allLoadBalancers from TRUE', { [ENV.allLoadBalancers]: 'TRUE' }, { allLoadBalancers: true }],
    [
      'allLoadBalancers from false',
      { [ENV.allLoadBalancers]: 'false' },
      { allLoadBalancers: false },
    ],
    ['allLoadBalancers from 0', { [ENV.allLoadBalancers]: '0' }, { allLoadBalancers: false }],
    ['allLoadBalancers from no', { [ENV.allLoadBalancers]: 'no' }, { allLoadBalancers: false }],
    ['allMeshes from true', { [ENV.allMeshes]: 'true' }, { allMeshes: true }],
    ['allMeshes from 0', { [ENV.allMeshes]: '0' }, { allMeshes: false }],
    ['exemptionTags off from false', { [ENV.exemptionTags]: 'false' }, { exemptionTags: false }],
    ['exemptionTags off from 0', { [ENV.exemptionTags]: '0' }, { exemptionTags: false }],
    ['exemptionTags on from true', { [ENV.exemptionTags]: 'true' }, { exemptionTags: true }],
    [
      'exemptionsFile from a path',
      { [ENV.exemptionsFile]: ' deploy/exemptions.json ' },
      { exemptionsFile: 'deploy/exemptions.json' },
    ],
    [
      'no exemptionsFile from blanks',
      { [ENV.exemptionsFile]: '  ' },
      { exemptionsFile: undefined },
    ],
    [
      'the confidential tag',
      { [ENV.confidentialTag]: 'Sensitivity=high' },
      { confidentialTag: { key: 'Sensitivity', value: 'high' } },
    ],
    [
      'a confidential tag whose value contains =',
      { [ENV.confidentialTag]: 'Policy=a=b' },
      { confidentialTag: { key: 'Policy', value: 'a=b' } },
    ],
    [
      'a confidential tag with an empty value',
      { [ENV.confidentialTag]: 'Confidential=' },
      { confidentialTag: { key: 'Confidential', value: '' } },
    ],
    [
      'the TLS policy profile fsbp',
      { [ENV.tlsPolicyProfile]: 'fsbp' },
      { tlsPolicyProfile: 'fsbp' },
    ],
    ['the TLS policy profile pq', { [ENV.tlsPolicyProfile]: 'pq' }, { tlsPolicyProfile: 'pq' }],
    [
      'the TLS policy profile fips',
      { [ENV.tlsPolicyProfile]: 'fips' },
      { tlsPolicyProfile: 'fips' },
    ],
    [
      'the certificate expiry window',
      { [ENV.certificateExpiryDays]: '45' },
      { certificateExpiryDays: 45 },
    ],
    ['a zero expiry window', { [ENV.certificateExpiryDays]: '0' }, { certificateExpiryDays: 0 }],
    [
      'the longest expiry window',
      { [ENV.certificateExpiryDays]: '3650' },
      { certificateExpiryDays: 3650 },
    ],
    [
      'an expiry window with white space around it',
      { [ENV.certificateExpiryDays]: ' 14 ' },
      { certificateExpiryDays: 14 },
    ],
    [
      'the defaults for empty variables',
      { [ENV.tlsPolicyProfile]: '', [ENV.certificateExpiryDays]: '' },
      {},
    ],
    [
      'the defaults for unrelated variables',
      { AWS_REGION: 'eu-west-1', ECS_SCANNER_OTHER: 'x' },
      {},
    ],
  ])('reads %s from the environment', (_name, env, expected) => {
    expect(resolveConfig({}, env)).toEqual({ ...DEFAULT_CONFIG, ...expected });
  });

  it.each<[string, RawConfig, Partial<ScanConfig>]>([
    ['--all-load-balancers as a boolean', { allLoadBalancers: true }, { allLoadBalancers: true }],
    [
      '--confidential-tag',
      { confidentialTag: 'Tier=secret' },
      { confidentialTag: { key: 'Tier', value: 'secret' } },
    ],
    ['--tls-policy-profile', { tlsPolicyProfile: 'pq' }, { tlsPolicyProfile: 'pq' }],
    ['--certificate-expiry-days', { certificateExpiryDays: '7' }, { certificateExpiryDays: 7 }],
    ['--no-exemption-tags', { exemptionTags: false }, { exemptionTags: false }],
  ])('reads %s from the flags', (_name, flags, expected) => {
    expect(resolveConfig(flags, {})).toEqual({ ...DEFAULT_CONFIG, ...expected });
  });

  it('lets flags win over environment variables, option by option', () => {
    // Prepare
    const env = {
      [ENV.allLoadBalancers]: 'true',
      [ENV.confidentialTag]: 'Env=tag',
      [ENV.tlsPolicyProfile]: 'fips',
      [ENV.certificateExpiryDays]: '60',
      [ENV.exemptionTags]: 'true',
      [ENV.allMeshes]: 'true',
    };
    const flags: RawConfig = {
      allLoadBalancers: false,
      tlsPolicyProfile: 'fsbp',
      exemptionTags: false,
    };

    // Act
    const config = resolveConfig(flags, env);

    // Assess
    expect(config).toEqual({
      allLoadBalancers: false,
      allMeshes: true,
      confidentialTag: { key: 'Env', value: 'tag' },
      tlsPolicyProfile: 'fsbp',
      certificateExpiryDays: 60,
      exemptionTags: false,
    });
  });

  it('does not check an environment variable that a flag overrides', () => {
    expect(
      resolveConfig({ tlsPolicyProfile: 'pq' }, { [ENV.tlsPolicyProfile]: 'bogus' })
        .tlsPolicyProfile,
    ).toBe('pq');
  });

  it.each<[string, RawConfig, NodeJS.ProcessEnv, string]>([
    [
      'a word for --all-load-balancers',
      { allLoadBalancers: 'maybe' },
      {},
      'invalid option --all-load-balancers: expected true or false',
    ],
    [
      'a word in the environment',
      {},
      { [ENV.allLoadBalancers]: 'enabled' },
      `invalid option ${ENV.allLoadBalancers}: expected true or false`,
    ],
    [
      'a word for exemption tags in the environment',
      {},
      { [ENV.exemptionTags]: 'off' },
      `invalid option ${ENV.exemptionTags}: expected true or false`,
    ],
    [
      'a tag without =',
      { confidentialTag: 'confidential' },
      {},
      'invalid option --confidential-tag: expected KEY=VALUE',
    ],
    [
      'a tag without a key',
      {},
      { [ENV.confidentialTag]: '=confidential' },
      `invalid option ${ENV.confidentialTag}: expected KEY=VALUE`,
    ],
    [
      'an unknown TLS profile',
      { tlsPolicyProfile: 'tls13' },
      {},
      'invalid option --tls-policy-profile: expected one of tls12, fsbp, pq, fips',
    ],
    [
      'a TLS profile in the environment',
      {},
      { [ENV.tlsPolicyProfile]: 'strict' },
      `invalid option ${ENV.tlsPolicyProfile}: expected one of`,
    ],
    [
      'a word for days',
      { certificateExpiryDays: 'thirty' },
      {},
      'invalid option --certificate-expiry-days: expected a whole number of days',
    ],
    [
      'a fraction of days',
      { certificateExpiryDays: '7.5' },
      {},
      'invalid option --certificate-expiry-days: expected a whole number of days',
    ],
    [
      'an empty flag value for days',
      { certificateExpiryDays: '' },
      {},
      'invalid option --certificate-expiry-days: expected a whole number of days',
    ],
    [
      'a blank flag value for days',
      { certificateExpiryDays: '  ' },
      {},
      'invalid option --certificate-expiry-days: expected a whole number of days',
    ],
    [
      'days in exponent notation',
      { certificateExpiryDays: '1e2' },
      {},
      'invalid option --certificate-expiry-days: expected a whole number of days',
    ],
    [
      'days in hexadecimal',
      { certificateExpiryDays: '0x10' },
      {},
      'invalid option --certificate-expiry-days: expected a whole number of days',
    ],
    [
      'days given as a bare flag',
      { certificateExpiryDays: true },
      {},
      'invalid option --certificate-expiry-days: expected a whole number of days',
    ],
    [
      'negative days',
      { certificateExpiryDays: '-1' },
      {},
      'invalid option --certificate-expiry-days: expected 0 or more days',
    ],
    [
      'too many days',
      {},
      { [ENV.certificateExpiryDays]: '3651' },
      `invalid option ${ENV.certificateExpiryDays}: expected at most 3650 days`,
    ],
  ])(
    'rejects %s with a one-line error naming the flag or variable',
    (_name, flags, env, message) => {
      // Act
      const error = errorOf(flags, env);

      // Assess
      expect(error).toBeInstanceOf(UserInputError);
      expect(error.message.startsWith(message)).toBe(true);
      expect(error.message).not.toContain('\n');
    },
  );
});

describe('resolveRunConfig', () => {
  it.each<[string, { timeoutSeconds?: string }, NodeJS.ProcessEnv, number]>([
    ['the default of 30 minutes', {}, {}, 1800],
    ['ECS_SCANNER_TIMEOUT_SECONDS', {}, { ECS_SCANNER_TIMEOUT_SECONDS: ' 90 ' }, 90],
    [
      '--timeout over the variable',
      { timeoutSeconds: '5' },
      { ECS_SCANNER_TIMEOUT_SECONDS: '90' },
      5,
    ],
    ['an empty variable as unset', {}, { ECS_SCANNER_TIMEOUT_SECONDS: '' }, 1800],
    ['the longest, a day', { timeoutSeconds: '86400' }, {}, 86_400],
  ])('takes %s', (_name, flags, env, seconds) => {
    // Act
    const config = resolveRunConfig(flags, env);

    // Assess
    expect(config).toEqual({ timeoutSeconds: seconds });
  });

  it.each<[string, { timeoutSeconds?: string }, NodeJS.ProcessEnv, string]>([
    ['no deadline at all', { timeoutSeconds: '0' }, {}, '--timeout'],
    ['more than a day', { timeoutSeconds: '86401' }, {}, '--timeout'],
    ['minutes', {}, { ECS_SCANNER_TIMEOUT_SECONDS: '5m' }, 'ECS_SCANNER_TIMEOUT_SECONDS'],
    ['a fraction', { timeoutSeconds: '1.5' }, {}, '--timeout'],
  ])('refuses %s, naming where it came from', (_name, flags, env, origin) => {
    // Act
    const resolve = () => resolveRunConfig(flags, env);

    // Assess
    expect(resolve).toThrow(UserInputError);
    expect(resolve).toThrow(
      `invalid option ${origin}: expected a whole number of seconds from 1 to 86400.`,
    );
  });

  it('names its flag and variable', () => {
    // Assess
    expect(RUN_OPTIONS.timeoutSeconds).toEqual({
      flag: '--timeout',
      env: 'ECS_SCANNER_TIMEOUT_SECONDS',
      default: '1800',
    });
  });
});

describe('resolveDeploymentConfig', () => {
  const env = (vars: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    AWS_REGION: 'eu-west-1',
    ECS_SCANNER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/111122223333/scans.fifo',
    ...vars,
  });

  it('gives the documented defaults: the deployment region of this account', () => {
    // Act
    const config = resolveDeploymentConfig(env());

    // Assess
    expect(config).toEqual({
      deploymentRegion: 'eu-west-1',
      regions: { mode: 'deployment' },
      organizationMode: 'off',
      accountIds: [],
      memberRoleName: 'ecs-encryption-scanner-member',
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/scans.fifo',
      refreshDays: 7,
      maxReceiveCount: 3,
      scan: DEFAULT_CONFIG,
    });
  });

  it.each<[string, NodeJS.ProcessEnv, Partial<DeploymentConfig>]>([
    ['every enabled region', { ECS_SCANNER_REGIONS: 'all' }, { regions: { mode: 'all' } }],
    [
      'a region list, de-duplicated',
      { ECS_SCANNER_REGIONS: ' us-east-1, eu-west-1,us-east-1' },
      { regions: { mode: 'list', regions: ['us-east-1', 'eu-west-1'] } },
    ],
    [
      'the organization',
      { ECS_SCANNER_ORGANIZATION_MODE: 'Organization' },
      { organizationMode: 'organization' },
    ],
    [
      'an account list',
      {
        ECS_SCANNER_ORGANIZATION_MODE: 'accounts',
        ECS_SCANNER_ACCOUNT_IDS: '111122223333,444455556666',
      },
      { organizationMode: 'accounts', accountIds: ['111122223333', '444455556666'] },
    ],
    [
      'a member role name',
      { ECS_SCANNER_MEMBER_ROLE_NAME: 'audit-reader' },
      { memberRoleName: 'audit-reader' },
    ],
    ['refresh days', { ECS_SCANNER_REFRESH_DAYS: '30' }, { refreshDays: 30 }],
    [
      "the scan queue's maxReceiveCount",
      { ECS_SCANNER_MAX_RECEIVE_COUNT: '5' },
      { maxReceiveCount: 5 },
    ],
  ])('reads %s', (_name, vars, expected) => {
    // Assess
    expect(resolveDeploymentConfig(env(vars))).toMatchObject(expected);
  });

  it('reads the check options like the CLI does', () => {
    // Act
    const config = resolveDeploymentConfig(env({ ECS_SCANNER_TLS_POLICY_PROFILE: 'fips' }));

    // Assess
    expect(config.scan.tlsPolicyProfile).toBe('fips');
  });

  it.each([
    [{ AWS_REGION: '' }, 'invalid setting AWS_REGION: expected a region name, e.g. us-east-1.'],
    [
      { ECS_SCANNER_REGIONS: 'all,us-east-1' },
      'invalid setting ECS_SCANNER_REGIONS: expected all, or region names separated by commas, e.g. us-east-1,eu-west-1.',
    ],
    [
      { ECS_SCANNER_ORGANIZATION_MODE: 'yes' },
      'invalid setting ECS_SCANNER_ORGANIZATION_MODE: expected one of off, organization, accounts.',
    ],
    [
      { ECS_SCANNER_ORGANIZATION_MODE: 'accounts' },
      'invalid setting ECS_SCANNER_ACCOUNT_IDS: organization mode accounts needs the account IDs to scan.',
    ],
    [
      { ECS_SCANNER_ACCOUNT_IDS: '111122223333' },
      'invalid setting ECS_SCANNER_ACCOUNT_IDS: account IDs are read only with organization mode accounts.',
    ],
    [
      { ECS_SCANNER_ORGANIZATION_MODE: 'accounts', ECS_SCANNER_ACCOUNT_IDS: '1111' },
      'invalid setting ECS_SCANNER_ACCOUNT_IDS: expected 12-digit account IDs separated by commas.',
    ],
    [
      { ECS_SCANNER_MEMBER_ROLE_NAME: 'arn:aws:iam::111122223333:role/x' },
      'invalid setting ECS_SCANNER_MEMBER_ROLE_NAME: expected an IAM role name (not an ARN).',
    ],
    [
      { ECS_SCANNER_REFRESH_DAYS: '90' },
      'invalid setting ECS_SCANNER_REFRESH_DAYS: expected a whole number of days below 90 (Security Hub deletes findings not updated for 90 days).',
    ],
    [
      { ECS_SCANNER_REGIONS: 'eu-west-1,eu-west-9' },
      'invalid setting ECS_SCANNER_REGIONS: eu-west-9 is not an AWS region (did you mean eu-west-1?).',
    ],
    [
      { ECS_SCANNER_REGIONS: 'ireland' },
      'invalid setting ECS_SCANNER_REGIONS: expected all, or region names separated by commas, e.g. us-east-1,eu-west-1.',
    ],
    [
      { ECS_SCANNER_MAX_RECEIVE_COUNT: 'three' },
      "invalid setting ECS_SCANNER_MAX_RECEIVE_COUNT: expected the scan queue's maxReceiveCount, a whole number.",
    ],
    [
      { ECS_SCANNER_MAX_RECEIVE_COUNT: '0' },
      'invalid setting ECS_SCANNER_MAX_RECEIVE_COUNT: expected 1 to 1000 (SQS maxReceiveCount).',
    ],
  ])('refuses %j, naming the variable', (vars, message) => {
    // Act
    const act = () => resolveDeploymentConfig(env(vars));

    // Assess
    expect(act).toThrow(new UserInputError(message));
  });

  it('names the documented environment variables', () => {
    // Assess
    expect(Object.values(DEPLOYMENT_OPTIONS).map((o) => o.env)).toEqual([
      'ECS_SCANNER_REGIONS',
      'ECS_SCANNER_ORGANIZATION_MODE',
      'ECS_SCANNER_ACCOUNT_IDS',
      'ECS_SCANNER_MEMBER_ROLE_NAME',
      'ECS_SCANNER_QUEUE_URL',
      'ECS_SCANNER_REFRESH_DAYS',
      'ECS_SCANNER_MAX_RECEIVE_COUNT',
    ]);
  });
});
