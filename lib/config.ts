// One typed configuration object, read once from CLI flags or environment variables.
import { z } from 'zod';
import { isKnownRegion, knownRegionNames, REGION_NAME } from './aws/regions.ts';
import { UserInputError } from './errors.ts';
import { didYouMean } from './suggest.ts';

export const TLS_POLICY_PROFILES = ['tls12', 'fsbp', 'pq', 'fips'] as const;
export type TlsPolicyProfile = (typeof TLS_POLICY_PROFILES)[number];

export interface ScanConfig {
  /** Put every load balancer of the account in scope, not only those in front of ECS services. */
  allLoadBalancers: boolean;
  /**
   * Put every App Mesh mesh of the account in scope (ListMeshes), not only those an in-scope task
   * definition points at. Off: a region whose task definitions never mention App Mesh costs no
   * App Mesh call.
   */
  allMeshes: boolean;
  /** The tag that marks a service as confidential (Nitro Enclaves check). */
  confidentialTag: { key: string; value: string };
  tlsPolicyProfile: TlsPolicyProfile;
  /** Certificates expiring within this many days are reported. */
  certificateExpiryDays: number;
  /**
   * Collect the resource tags that exempt findings (`ecs-encryption-scanner:exempt…`): the
   * Resource Groups Tagging API's GetResources. Off: it is not called and no resource is exempt
   * by tag.
   */
  exemptionTags: boolean;
  /** The exemptions file (lib/evaluate/exemptions/file.ts); undefined: none. */
  exemptionsFile?: string;
}

/** Each option: its CLI flag, its environment variable and its default. */
export const CONFIG_OPTIONS = {
  allLoadBalancers: {
    flag: '--all-load-balancers',
    env: 'ECS_SCANNER_ALL_LOAD_BALANCERS',
    default: 'false',
  },
  allMeshes: {
    flag: '--all-meshes',
    env: 'ECS_SCANNER_ALL_MESHES',
    default: 'false',
  },
  confidentialTag: {
    flag: '--confidential-tag',
    env: 'ECS_SCANNER_CONFIDENTIAL_TAG',
    default: 'DataClassification=confidential',
  },
  tlsPolicyProfile: {
    flag: '--tls-policy-profile',
    env: 'ECS_SCANNER_TLS_POLICY_PROFILE',
    default: 'tls12',
  },
  certificateExpiryDays: {
    flag: '--certificate-expiry-days',
    env: 'ECS_SCANNER_CERTIFICATE_EXPIRY_DAYS',
    default: '30',
  },
  exemptionTags: {
    flag: '--no-exemption-tags',
    env: 'ECS_SCANNER_EXEMPTION_TAGS',
    default: 'true',
  },
  exemptionsFile: {
    flag: '--exemptions',
    env: 'ECS_SCANNER_EXEMPTIONS_FILE',
    default: '',
  },
} as const satisfies Record<keyof ScanConfig, { flag: string; env: string; default: string }>;

export type RawConfig = Partial<Record<keyof ScanConfig, string | boolean | undefined>>;

const booleanOption = z
  .union(
    [
      z.boolean(),
      z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'])),
    ],
    {
      error: 'expected true or false (also 1/0, yes/no)',
    },
  )
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  allLoadBalancers: booleanOption,
  allMeshes: booleanOption,
  confidentialTag: z
    .string()
    .regex(/^[^=]+=.*$/, { error: 'expected KEY=VALUE, e.g. DataClassification=confidential' })
    .transform((v) => {
      const at = v.indexOf('=');
      return { key: v.slice(0, at), value: v.slice(at + 1) };
    }),
  tlsPolicyProfile: z.enum(TLS_POLICY_PROFILES, {
    error: `expected one of ${TLS_POLICY_PROFILES.join(', ')}`,
  }),
  // Decimal digits only: `Number()` would take '' and ' ' as 0, and '1e2' or '0x10' as numbers.
  certificateExpiryDays: z
    .string({ error: 'expected a whole number of days' })
    .trim()
    .regex(/^-?\d+$/, { error: 'expected a whole number of days' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(0, { error: 'expected 0 or more days' })
        .max(3650, { error: 'expected at most 3650 days' }),
    ),
  exemptionTags: booleanOption,
  exemptionsFile: z
    .string()
    .trim()
    .transform((path) => path || undefined),
});

/** The options validated; the first problem names where the bad value came from (flag, variable). */
const parsedOptions = <S extends z.ZodType>(
  schema: S,
  raw: Record<string, unknown>,
  origin: Record<string, string>,
): z.output<S> => {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    throw new UserInputError(
      `invalid option ${origin[key] ?? key}: ${issue?.message ?? 'invalid value'}.`,
    );
  }
  return result.data;
};

/** Flags win over environment variables, which win over defaults. */
export const resolveConfig = (flags: RawConfig = {}, env: NodeJS.ProcessEnv = {}): ScanConfig => {
  const raw: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const [key, option] of Object.entries(CONFIG_OPTIONS)) {
    const fromFlag = flags[key as keyof ScanConfig];
    const fromEnv = env[option.env];
    if (fromFlag !== undefined) {
      raw[key] = fromFlag;
      origin[key] = option.flag;
    } else if (fromEnv !== undefined && fromEnv !== '') {
      raw[key] = fromEnv;
      origin[key] = option.env;
    } else {
      raw[key] = option.default;
      origin[key] = 'default';
    }
  }
  return parsedOptions(schema, raw, origin);
};

export const DEFAULT_CONFIG: ScanConfig = resolveConfig();

// CLI run settings --------------------------------------------------------------------------------
// How long a CLI run may take: not a scan option (the Lambda functions have their own deadline).

export interface RunConfig {
  /** The whole run's deadline: collection, report and publishing. */
  timeoutSeconds: number;
}

/** A day: any scan takes far less; an unbounded run would be a hang. */
export const MAX_TIMEOUT_SECONDS = 86_400;

export const RUN_OPTIONS = {
  timeoutSeconds: { flag: '--timeout', env: 'ECS_SCANNER_TIMEOUT_SECONDS', default: '1800' },
} as const satisfies Record<keyof RunConfig, { flag: string; env: string; default: string }>;

const runSchema = z.object({
  timeoutSeconds: z
    .string()
    .trim()
    .regex(/^\d+$/, {
      error: `expected a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}`,
    })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, { error: `expected a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}` })
        .max(MAX_TIMEOUT_SECONDS, {
          error: `expected a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}`,
        }),
    ),
});

/** The CLI run settings: flags win over environment variables, which win over defaults. */
export const resolveRunConfig = (
  flags: Partial<Record<keyof RunConfig, string | undefined>> = {},
  env: NodeJS.ProcessEnv = {},
): RunConfig => {
  const raw: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const [key, option] of Object.entries(RUN_OPTIONS)) {
    const fromFlag = flags[key as keyof RunConfig];
    const fromEnv = env[option.env];
    [raw[key], origin[key]] =
      fromFlag !== undefined
        ? [fromFlag, option.flag]
        : fromEnv !== undefined && fromEnv !== ''
          ? [fromEnv, option.env]
          : [option.default, 'default'];
  }
  return parsedOptions(runSchema, raw, origin);
};

// Deployment settings ---------------------------------------------------------------------------
// What the Lambda functions read once at cold start (serverless.yml sets them from its params).

export const ORGANIZATION_MODES = ['off', 'organization', 'accounts'] as const;
export type OrganizationMode = (typeof ORGANIZATION_MODES)[number];

/** Which regions a scheduled scan covers. */
export type RegionSelection =
  | { mode: 'deployment' }
  | { mode: 'all' }
  | { mode: 'list'; regions: string[] };

export interface DeploymentConfig {
  /** The region the functions run in (AWS_REGION): the default region to scan and the queue's. */
  deploymentRegion: string;
  regions: RegionSelection;
  /** `off`: this account only; `organization`: the ACTIVE accounts of the AWS Organization; `accounts`: accountIds. */
  organizationMode: OrganizationMode;
  accountIds: string[];
  /** The role the worker assumes in every scanned account but the deployment account. */
  memberRoleName: string;
  /** The FIFO queue of scan requests (planner, change and on-demand handlers send; the worker consumes). */
  queueUrl: string;
  /** Re-import unchanged findings last imported this many days ago. */
  refreshDays: number;
  /** The scan queue's redrive policy: receives before SQS moves a message to the dead-letter queue. */
  maxReceiveCount: number;
  scan: ScanConfig;
}

/** Each deployment setting: its environment variable and its default ('' = none). */
export const DEPLOYMENT_OPTIONS = {
  regions: { env: 'ECS_SCANNER_REGIONS', default: '' },
  organizationMode: { env: 'ECS_SCANNER_ORGANIZATION_MODE', default: 'off' },
  accountIds: { env: 'ECS_SCANNER_ACCOUNT_IDS', default: '' },
  memberRoleName: { env: 'ECS_SCANNER_MEMBER_ROLE_NAME', default: 'ecs-encryption-scanner-member' },
  queueUrl: { env: 'ECS_SCANNER_QUEUE_URL', default: '' },
  refreshDays: { env: 'ECS_SCANNER_REFRESH_DAYS', default: '7' },
  maxReceiveCount: { env: 'ECS_SCANNER_MAX_RECEIVE_COUNT', default: '3' },
} as const satisfies Record<
  Exclude<keyof DeploymentConfig, 'deploymentRegion' | 'scan'>,
  { env: string; default: string }
>;

/**
 * What is wrong with a list of region names, or undefined: the rule of the CLI's `--regions` and of
 * the deployment's `regions` parameter. A name AWS has not opened (`eu-west-9`) is refused as a
 * typo would be, with the nearest real one.
 */
export const regionNamesProblem = (
  regions: readonly string[],
  shape: string,
): string | undefined => {
  if (regions.length === 0 || regions.some((region) => !REGION_NAME.test(region))) return shape;
  const unknown = regions.find((region) => !isKnownRegion(region));
  return unknown
    ? `${unknown} is not an AWS region${didYouMean(unknown, knownRegionNames())}`
    : undefined;
};

const REFRESH_DAYS_RULE =
  'expected a whole number of days below 90 (Security Hub deletes findings not updated for 90 days)';

/** `--refresh-days` and the `refreshDays` parameter. */
export const refreshDaysSchema = z
  .string()
  .trim()
  .regex(/^\d+$/, { error: REFRESH_DAYS_RULE })
  .transform(Number)
  .pipe(z.number().max(89, { error: REFRESH_DAYS_RULE }));

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/**
 * `a, b,,a` → `[a, b]`: the items of a comma-separated list, trimmed, each once, in the order
 * given; empty items are dropped. The one reading of every list a user types: the CLI's
 * `--regions`, `--checks`, `--exclude-checks`, `--services`, `--severity`, and the deployment's
 * `regions` and `accountIds`. Whether an empty list is allowed is the caller's rule.
 */
export const commaList = (value: string): string[] => [
  ...new Set(
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ),
];

const deploymentSchema = z
  .object({
    deploymentRegion: z
      .string({ error: 'expected the region the functions run in' })
      .regex(REGION_NAME, { error: 'expected a region name, e.g. us-east-1' }),
    regions: z
      .string()
      .trim()
      .transform(commaList)
      .superRefine((regions, context) => {
        // None: the deployment region.
        if (regions.length === 0 || (regions.length === 1 && regions[0] === 'all')) return;
        const problem =
          regions.length > 40
            ? 'expected all, or at most 40 region names'
            : regionNamesProblem(
                regions,
                'expected all, or region names separated by commas, e.g. us-east-1,eu-west-1',
              );
        if (problem) context.addIssue({ code: 'custom', message: problem });
      })
      .transform(
        (regions): RegionSelection =>
          regions[0] === 'all'
            ? { mode: 'all' }
            : regions.length === 0
              ? { mode: 'deployment' }
              : { mode: 'list', regions },
      ),
    organizationMode: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(
        z.enum(ORGANIZATION_MODES, { error: `expected one of ${ORGANIZATION_MODES.join(', ')}` }),
      ),
    accountIds: z
      .string()
      .transform(commaList)
      .pipe(
        z.array(
          z.string().regex(ACCOUNT_ID_PATTERN, {
            error: 'expected 12-digit account IDs separated by commas',
          }),
        ),
      ),
    memberRoleName: z
      .string()
      .trim()
      .regex(/^[\w+=,.@-]{1,64}$/, { error: 'expected an IAM role name (not an ARN)' }),
    queueUrl: z.string().trim(),
    refreshDays: refreshDaysSchema,
    maxReceiveCount: z
      .string()
      .trim()
      .regex(/^\d+$/, { error: "expected the scan queue's maxReceiveCount, a whole number" })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1, { error: 'expected 1 to 1000 (SQS maxReceiveCount)' })
          .max(1000, { error: 'expected 1 to 1000 (SQS maxReceiveCount)' }),
      ),
  })
  .superRefine((value, context) => {
    if (value.organizationMode === 'accounts' && value.accountIds.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['accountIds'],
        message: 'organization mode accounts needs the account IDs to scan',
      });
    }
    if (value.organizationMode !== 'accounts' && value.accountIds.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['accountIds'],
        message: 'account IDs are read only with organization mode accounts',
      });
    }
  });

/**
 * The deployment settings from the Lambda environment (validated; a bad value is a UserInputError
 * naming the variable), with the scan options of resolveConfig.
 */
export const resolveDeploymentConfig = (env: NodeJS.ProcessEnv): DeploymentConfig => {
  const raw: Record<string, unknown> = { deploymentRegion: env.AWS_REGION ?? '' };
  for (const [key, option] of Object.entries(DEPLOYMENT_OPTIONS)) {
    const value = env[option.env];
    raw[key] = value !== undefined && value.trim() !== '' ? value : option.default;
  }
  const result = deploymentSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const name =
      key === 'deploymentRegion'
        ? 'AWS_REGION'
        : (DEPLOYMENT_OPTIONS[key as keyof typeof DEPLOYMENT_OPTIONS]?.env ?? key);
    throw new UserInputError(`invalid setting ${name}: ${issue?.message ?? 'invalid value'}.`);
  }
  return { ...result.data, scan: resolveConfig({}, env) };
};
