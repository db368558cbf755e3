// The SQS message body of one scan request: one account and region, a full scan or a focused
// rescan. The planner, the change-event and the on-demand handlers send it; the worker consumes it.
import { z } from 'zod';
import { checks as registry } from '../../../checks/registry.ts';
import type { ScanFocus } from '../../collect/focus.ts';
import { selectChecks } from '../../scan/checks.ts';
import { NoCheckSelectedError, UnknownSelectionError } from '../../scan/errors.ts';
import { normaliseSelection, selectionError } from '../../scan/selection.ts';
import {
  accountIdSchema,
  CHECK_IDS,
  checkIdSchema,
  regionSchema,
  resourceArnSchema,
  SERVICES,
  selectionNames,
  serviceSchema,
  severitySchema,
} from './common.ts';

export const SCAN_MESSAGE_VERSION = 1 as const;

const serviceRefSchema = z.object({
  /** Cluster name or ARN. */
  cluster: z.string().min(1).max(2048),
  /** Service name or ARN. */
  service: z.string().min(1).max(2048),
});

/** A cluster name (255 letters, digits, hyphens, underscores) or a cluster ARN. */
const clusterRefSchema = z
  .string()
  .regex(/^(arn:[a-z-]+:ecs:[a-z0-9-]+:\d{12}:cluster\/)?[A-Za-z0-9_-]{1,255}$/, {
    message: 'not an ECS cluster name or ARN',
  });

const meshRefSchema = z.object({
  meshName: z.string().min(1).max(255),
  meshOwner: accountIdSchema.optional(),
});

/** A focused rescan (lib/collect/focus.ts). */
export const scanFocusSchema = z
  .object({
    services: z.array(serviceRefSchema).max(100).optional(),
    clusters: z.array(clusterRefSchema).max(100).optional(),
    taskDefinitionArns: z.array(resourceArnSchema).max(100).optional(),
    targetGroupArns: z.array(resourceArnSchema).max(100).optional(),
    loadBalancerArns: z.array(resourceArnSchema).max(100).optional(),
    classicLoadBalancerNames: z
      .array(
        z.string().regex(/^[A-Za-z0-9-]{1,32}$/, { message: 'not a Classic load balancer name' }),
      )
      .max(100)
      .optional(),
    latticeTargetGroupArns: z.array(resourceArnSchema).max(100).optional(),
    meshes: z.array(meshRefSchema).max(100).optional(),
    allServices: z.boolean().optional(),
  })
  .strict();

export type { ScanFocus };

// The schema accepts exactly what the collectors take.
const _sameShape: [z.infer<typeof scanFocusSchema>, ScanFocus] extends [
  ScanFocus,
  z.infer<typeof scanFocusSchema>,
]
  ? true
  : never = true;
void _sameShape;

export const TRIGGERS = ['schedule', 'change', 'on-demand'] as const;
export type Trigger = (typeof TRIGGERS)[number];

export const scanMessageSchema = z
  .object({
    version: z.literal(SCAN_MESSAGE_VERSION),
    trigger: z.enum(TRIGGERS),
    /** The ID of the event that asked for the scan (logs and metrics correlate on it). */
    correlationId: z.string().min(1).max(256),
    accountId: accountIdSchema,
    region: regionSchema,
    /**
     * The check filters (lib/scan/checks.ts), combinable: only these checks (default: every
     * check), not these, only these services' (lower case), only those rated at least this
     * severity. The scan publishes, resolves and archives the findings of the checks they keep.
     */
    checks: z.array(checkIdSchema).min(1).max(CHECK_IDS.length).optional(),
    excludeChecks: z.array(checkIdSchema).min(1).max(CHECK_IDS.length).optional(),
    services: z.array(serviceSchema).min(1).max(SERVICES.length).optional(),
    minSeverity: severitySchema.optional(),
    /** A focused rescan; absent: the whole region. */
    focus: scanFocusSchema.optional(),
    /**
     * Resources whose findings are in scope even if the scan no longer sees them (deleted ones are
     * archived). With `resourceScope: listed` the scan publishes for these resources only.
     */
    resourceArns: z.array(resourceArnSchema).max(500).optional(),
    /**
     * Resource ARN prefixes: the resources under them, with ACTIVE findings or judged now, join
     * resourceArns (the listeners of a load balancer, the nodes of a mesh).
     */
    resourcePrefixes: z.array(resourceArnSchema).max(20).optional(),
    /** `affected` (default): resourceArns and everything the focused scan judged; `listed`: resourceArns only. */
    resourceScope: z.enum(['affected', 'listed']).optional(),
    dryRun: z.boolean().optional(),
    /** Why: the CloudTrail event name, `schedule`, `on-demand`. */
    reason: z.string().max(256).optional(),
  })
  .strict()
  .superRefine((message, context) => {
    // Filters that together keep no check: dropped, not retried (a retry cannot make them keep
    // one). An unknown value is its field's issue, which quotes only a value of the right form.
    const filters = filtersOf(message);
    try {
      selectChecks(registry, normaliseSelection(filters));
    } catch (error) {
      if (error instanceof NoCheckSelectedError) {
        const line = selectionError(error, selectionNames(filters)) as Error;
        context.addIssue({ code: 'custom', path: [], message: line.message });
      } else if (!(error instanceof UnknownSelectionError)) throw error;
    }
    if (
      message.resourceScope === 'listed' &&
      !message.resourceArns?.length &&
      !message.resourcePrefixes?.length
    ) {
      context.addIssue({
        code: 'custom',
        path: ['resourceArns'],
        message: 'resourceScope listed needs resourceArns or resourcePrefixes',
      });
    }
    for (const [index, arn] of [
      ...(message.resourceArns ?? []),
      ...(message.resourcePrefixes ?? []),
    ].entries()) {
      const [, , , region, account] = arn.split(':');
      if (region !== message.region || account !== message.accountId) {
        context.addIssue({
          code: 'custom',
          path: ['resourceArns', index],
          message: `resource ${arn} is not in account ${message.accountId} and region ${message.region}`,
        });
      }
    }
  });

export type ScanMessage = z.infer<typeof scanMessageSchema>;

type CheckFilters = Pick<ScanMessage, 'checks' | 'excludeChecks' | 'services' | 'minSeverity'>;

/** A message's check filters, only those it gives (for the selection and the log lines). */
export function filtersOf(message: CheckFilters): CheckFilters {
  const { checks, excludeChecks, services, minSeverity } = message;
  return {
    ...(checks ? { checks } : {}),
    ...(excludeChecks ? { excludeChecks } : {}),
    ...(services ? { services } : {}),
    ...(minSeverity ? { minSeverity } : {}),
  };
}
