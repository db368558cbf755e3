// One typed configuration object, read once from CLI flags or environment variables.
import { z } from 'zod';
import { UserInputError } from './errors.ts';

export const TLS_POLICY_PROFILES = ['tls12', 'fsbp', 'pq', 'fips'] as const;
export type TlsPolicyProfile = (typeof TLS_POLICY_PROFILES)[number];

export interface ScanConfig {
  /** Put every load balancer of the account in scope, not only those in front of ECS services. */
  allLoadBalancers: boolean;
  /** The tag that marks a service as confidential (Nitro Enclaves check). */
  confidentialTag: { key: string; value: string };
  tlsPolicyProfile: TlsPolicyProfile;
  /** Certificates expiring within this many days are reported. */
  certificateExpiryDays: number;
}

/** Each option: its CLI flag, its environment variable and its default. */
export const CONFIG_OPTIONS = {
  allLoadBalancers: {
    flag: '--all-load-balancers',
    env: 'ECS_SCANNER_ALL_LOAD_BALANCERS',
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
} as const satisfies Record<keyof ScanConfig, { flag: string; env: string; default: string }>;

export type RawConfig = Partial<Record<keyof ScanConfig, string | boolean | undefined>>;

const schema = z.object({
  allLoadBalancers: z
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
    .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes'),
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
});

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

export const DEFAULT_CONFIG: ScanConfig = resolveConfig();
