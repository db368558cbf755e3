// Building blocks of the event schemas: identifiers the scanner accepts, with messages that say
// what was expected.
import { z } from 'zod';
import { checks } from '../../../checks/registry.ts';
import { REGION_NAME } from '../../aws/regions.ts';
import { ACCOUNT_ID_PATTERN } from '../../config.ts';

export const accountIdSchema = z
  .string()
  .regex(ACCOUNT_ID_PATTERN, { error: 'expected a 12-digit AWS account ID' });

export const regionSchema = z
  .string()
  .regex(REGION_NAME, { error: 'expected a region name, e.g. us-east-1' });

export const CHECK_IDS = checks.map((check) => check.metadata.id);

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

export const checkIdSchema = z.string().refine((id) => CHECK_IDS.includes(id), {
  error: (issue) =>
    typeof issue.input === 'string' && CHECK_ID_SHAPE.test(issue.input)
      ? `unknown check ID ${JSON.stringify(issue.input)} (see the check catalogue)`
      : `unknown check ID (a value of ${String(issue.input).length} characters that is not a check ID's form; see the check catalogue)`,
});

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
