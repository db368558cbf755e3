// On-demand scans: a custom EventBridge event that names the scope to scan.
//
//   aws events put-events --entries '[{"Source":"ecs-encryption-scanner","DetailType":"Scan Requested",
//     "Detail":"{\"regions\":[\"eu-west-1\"],\"checks\":[\"elbv2_listener_encrypted\"],\"dryRun\":true}"}]'
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';
import { accountIdSchema, checkIdSchema, regionSchema, resourceArnSchema } from './common.ts';

export const SCAN_REQUEST_SOURCE = 'ecs-encryption-scanner';
export const SCAN_REQUEST_DETAIL_TYPE = 'Scan Requested';

export const scanRequestDetailSchema = z
  .object({
    /** Accounts to scan (default: the configured accounts). */
    accounts: z.array(accountIdSchema).min(1).max(1000).optional(),
    /** Regions to scan (default: the configured regions); `["all"]`: every enabled region. */
    regions: z
      .union([z.tuple([z.literal('all')]), z.array(regionSchema).min(1).max(40)])
      .optional(),
    checks: z.array(checkIdSchema).min(1).optional(),
    /** Only these resources (their accounts and regions unless given). */
    resourceArns: z.array(resourceArnSchema).min(1).max(100).optional(),
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
