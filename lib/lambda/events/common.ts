// Building blocks of the event schemas: identifiers the scanner accepts, with messages that say
// what was expected.
import { z } from 'zod';
import { checks } from '../../../checks/registry.ts';
import { REGION_NAME } from '../../aws/regions.ts';
import { ACCOUNT_ID_PATTERN } from '../../config.ts';
import { SEVERITIES } from '../../model.ts';
import { servicesOf } from '../../scan/checks.ts';
import type { SelectionInput, SelectionNames } from '../../scan/selection.ts';

export const accountIdSchema = z
  .string()
  .regex(ACCOUNT_ID_PATTERN, { error: 'expected a 12-digit AWS account ID' });

export const regionSchema = z
  .string()
  .regex(REGION_NAME, { error: 'expected a region name, e.g. us-east-1' });

export const CHECK_IDS = checks.map((check) => check.metadata.id);
/** The services of the registry's checks (`ecs`, `elbv2`, …), for `services` filters. */
export const SERVICES = servicesOf(checks);

/**
 * A list of 1 to `max` entries, each kept once (in order). The length is checked before the
 * entries, so that an oversized list gets one clear issue instead of one per entry.
 */
export const boundedListSchema = <T extends z.ZodType<string>>(
  item: T,
  max: number,
  what: string,
) =>
  z
    .array(z.unknown())
    .min(1, { error: `expected at least one ${what}` })
    .max(max, { error: `expected at most ${max} ${what}s, each once` })
    .pipe(z.array(item))
    .transform((list) => [...new Set(list)]);

/** What a check ID looks like: only such a value is quoted back (anything else may be a secret). */
const CHECK_ID_SHAPE = /^[a-z0-9_]{1,80}$/;
/** What a service (`elbv2`) and a severity (`high`) look like, in any case: only those are quoted. */
const SERVICE_SHAPE = /^[A-Za-z0-9]{1,30}$/;
const SEVERITY_SHAPE = /^[A-Za-z]{1,16}$/;

/** A value not of the form expected: said by its length, never quoted (it may be a secret). */
const notOfForm = (what: string, input: unknown, hint: string) =>
  `unknown ${what} (a value of ${String(input).length} characters that is not a ${what}'s form; ${hint})`;

const CATALOGUE = 'see the check catalogue';
const SERVICE_HINT = `expected some of ${SERVICES.join(', ')}`;
const SEVERITY_HINT = `expected one of ${SEVERITIES.join(', ')}`;

/** A check ID of the registry (scan messages: what the worker runs). */
export const checkIdSchema = z.string().refine((id) => CHECK_IDS.includes(id), {
  error: (issue) =>
    typeof issue.input === 'string' && CHECK_ID_SHAPE.test(issue.input)
      ? `unknown check ID ${JSON.stringify(issue.input)} (${CATALOGUE})`
      : notOfForm('check ID', issue.input, CATALOGUE),
});

/** A service of the registry's checks, in lower case (scan messages). */
export const serviceSchema = z.string().refine((service) => SERVICES.includes(service), {
  error: (issue) =>
    typeof issue.input === 'string' && SERVICE_SHAPE.test(issue.input)
      ? `unknown service ${JSON.stringify(issue.input)} (${SERVICE_HINT})`
      : notOfForm('service', issue.input, SERVICE_HINT),
});

export const severitySchema = z.enum(SEVERITIES, {
  error: (issue) =>
    typeof issue.input === 'string' && SEVERITY_SHAPE.test(issue.input)
      ? `unknown severity ${JSON.stringify(issue.input)} (${SEVERITY_HINT})`
      : notOfForm('severity', issue.input, SEVERITY_HINT),
});

/**
 * The filters of an on-demand request take values of the right form only, in any case: which of
 * them the registry knows is the selection rules' to say (lib/scan/selection.ts), as for the CLI's
 * flags, once the value is known to be safe to quote.
 */
export const checkIdFormSchema = z.string().regex(CHECK_ID_SHAPE, {
  error: (issue) => notOfForm('check ID', issue.input, CATALOGUE),
});
export const serviceFormSchema = z.string().regex(SERVICE_SHAPE, {
  error: (issue) => notOfForm('service', issue.input, SERVICE_HINT),
});
export const severityFormSchema = z.string().regex(SEVERITY_SHAPE, {
  error: (issue) => notOfForm('severity', issue.input, SEVERITY_HINT),
});

/**
 * How an event's or a message's check filters are named in the selection messages: each field
 * under `prefix` (`detail.services`), and the filters given as JSON values, e.g.
 * `detail.services ["elb"] detail.minSeverity "CRITICAL"` (values of a checked form only).
 */
export const selectionNames = (input: SelectionInput, prefix = ''): SelectionNames => {
  const fields = ['checks', 'excludeChecks', 'services', 'minSeverity'] as const;
  return {
    field: Object.fromEntries(fields.map((f) => [f, `${prefix}${f}`])) as SelectionNames['field'],
    given: fields
      .filter((f) => input[f] !== undefined)
      .map((f) => `${prefix}${f} ${JSON.stringify(input[f])}`)
      .join(' '),
  };
};

/** `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` with a region and an account. */
export const resourceArnSchema = z
  .string()
  .max(2048)
  .regex(/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}:\d{12}:.+$/, {
    error:
      'expected a resource ARN with a region and an account, e.g. arn:aws:ecs:us-east-1:111122223333:service/prod/web',
  });

interface Issue {
  message: string;
  path?: readonly (PropertyKey | { key: PropertyKey })[] | undefined;
}

/**
 * The first issues of a failed parse, on one line: `detail.regions.0: expected a region name`.
 * Takes a ZodError, or the Standard Schema issues the Powertools parser reports as its cause.
 */
export const describeIssues = (error: z.ZodError | readonly Issue[] | unknown): string => {
  const issues: readonly Issue[] = Array.isArray(error)
    ? error
    : error instanceof z.ZodError
      ? error.issues
      : [];
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = (issue.path ?? [])
        .map((p) => String(typeof p === 'object' && p !== null ? p.key : p))
        .join('.');
      return `${path ? `${path}: ` : ''}${issue.message}`;
    })
    .join('; ');
};
