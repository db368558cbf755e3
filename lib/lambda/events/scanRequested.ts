// On-demand scans: a custom EventBridge event that names the scope to scan, and the checks to run
// (the CLI's filters: checks, excludeChecks, services, minSeverity; combinable).
//
//   aws events put-events --entries '[{"Source":"ecs-encryption-scanner","DetailType":"Scan Requested",
//     "Detail":"{\"regions\":[\"eu-west-1\"],\"services\":[\"elbv2\"],\"minSeverity\":\"HIGH\",\"dryRun\":true}"}]'
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import {
  accountIdSchema,
  boundedListSchema,
  CHECK_IDS,
  checkIdFormSchema,
  regionSchema,
  resourceArnSchema,
  SERVICES,
  serviceFormSchema,
  severityFormSchema,
} from './common.ts';

export const SCAN_REQUEST_SOURCE = 'ecs-encryption-scanner';
export const SCAN_REQUEST_DETAIL_TYPE = 'Scan Requested';

/** Each list is bounded (SQS takes 256 KiB a message) and de-duplicated. */
export const SCAN_REQUEST_LIMITS = {
  accounts: 1000,
  regions: 40,
  checks: CHECK_IDS.length,
  services: SERVICES.length,
  resourceArns: 100,
} as const;

export const scanRequestDetailSchema = z
  .object({
    /** Accounts to scan (default: the configured accounts). */
    accounts: boundedListSchema(
      accountIdSchema,
      SCAN_REQUEST_LIMITS.accounts,
      'account',
    ).optional(),
    /** Regions to scan (default: the configured regions); `["all"]`: every enabled region. */
    regions: z
      .array(z.unknown())
      .max(SCAN_REQUEST_LIMITS.regions, {
        error: `expected at most ${SCAN_REQUEST_LIMITS.regions} regions, each once`,
      })
      .pipe(z.union([z.tuple([z.literal('all')]), z.array(regionSchema).min(1)]))
      .transform((list) => [...new Set(list)])
      .optional(),
    // The check filters, as the CLI's --checks, --exclude-checks, --services and --severity: here
    // only values of the right form; which the registry knows, and whether together they keep a
    // check, the on-demand handler asks the CLI's rules (lib/lambda/requests.ts).
    /** Only these checks (default: every check). */
    checks: boundedListSchema(checkIdFormSchema, SCAN_REQUEST_LIMITS.checks, 'check ID').optional(),
    /** Not these checks. */
    excludeChecks: boundedListSchema(
      checkIdFormSchema,
      SCAN_REQUEST_LIMITS.checks,
      'check ID',
    ).optional(),
    /** Only the checks of these services (any case). */
    services: boundedListSchema(
      serviceFormSchema,
      SCAN_REQUEST_LIMITS.services,
      'service',
    ).optional(),
    /** Only checks rated at least this severity (any case). */
    minSeverity: severityFormSchema.optional(),
    /** Only these resources (their accounts and regions unless given). */
    resourceArns: boundedListSchema(
      resourceArnSchema,
      SCAN_REQUEST_LIMITS.resourceArns,
      'resource ARN',
    ).optional(),
    /** Plan only: log what would be created, updated and archived; import nothing. */
    dryRun: z.boolean().optional(),
  })
  .strict();

export type ScanRequestDetail = z.infer<typeof scanRequestDetailSchema>;

export const scanRequestedEventSchema = EventBridgeSchema.extend({
  source: z.literal(SCAN_REQUEST_SOURCE, { error: `expected source ${SCAN_REQUEST_SOURCE}` }),
  'detail-type': z.literal(SCAN_REQUEST_DETAIL_TYPE, {
    error: `expected detail-type ${SCAN_REQUEST_DETAIL_TYPE}`,
  }),
  // `aws events put-events` without Detail sends `{}`.
  detail: scanRequestDetailSchema,
});

export type ScanRequestedEvent = z.infer<typeof scanRequestedEventSchema>;
