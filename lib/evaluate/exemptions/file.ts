// The exemptions file, for resources that cannot be tagged (docs/operations.md#exemptions):
//   { "exemptions": [ { "checkId": "ID" | "*", "resource": "ARN or pattern with *",
//                       "reason": "why", "expires": "YYYY-MM-DD" } ] }   (expires optional)
// A file that does not validate stops the scan (exit code 2): errors name the file and the JSON
// path, never a value.
import { z } from 'zod';
import { UserInputError } from '../../errors.ts';
import { describeIssue, readJsonFile } from '../../snapshot/load.ts';
import { type ExemptionRule, isIsoDate } from './model.ts';

export interface ExemptionFile {
  /** The path it was read from, named in the results it exempts. */
  source: string;
  rules: ExemptionRule[];
}

export const exemptionsFileSchema = (knownCheckIds: ReadonlySet<string>) =>
  z.strictObject(
    {
      exemptions: z
        .array(
          z.strictObject({
            checkId: z
              .string({ error: 'expected a check ID or *' })
              .refine((id) => id === '*' || knownCheckIds.has(id), {
                error: 'unknown check ID (see docs/checks.md), or * for every check',
              }),
            resource: z
              .string({ error: 'expected a resource ARN or an ARN pattern' })
              .regex(/^arn:\S+$/, {
                error: 'expected a resource ARN or an ARN pattern with * (arn:…), without spaces',
              })
              .max(2048, { error: 'expected at most 2048 characters' }),
            reason: z
              .string({ error: 'expected a reason (text)' })
              .trim()
              .min(1, { error: 'expected a reason: an exemption says why' })
              .max(1024, { error: 'expected a reason of at most 1024 characters' }),
            expires: z
              .string({ error: 'expected a date YYYY-MM-DD' })
              .refine(isIsoDate, { error: 'expected a date YYYY-MM-DD' })
              .optional(),
          }),
          { error: 'expected an array of exemptions' },
        )
        .max(10_000, { error: 'expected at most 10000 exemptions' }),
    },
    { error: 'expected an object with an exemptions array' },
  );

/** Validates parsed JSON as an exemptions file; `source` names it in the error message. */
export const parseExemptionsFile = (
  data: unknown,
  source: string,
  knownCheckIds: ReadonlySet<string>,
): ExemptionFile => {
  const result = exemptionsFileSchema(knownCheckIds).safeParse(data);
  if (!result.success) {
    const [first] = result.error.issues;
    const more =
      result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
    throw new UserInputError(
      `${source}: not a valid exemptions file: ${first ? describeIssue(first) : '(top level): invalid'}${more}. See docs/operations.md#exemptions.`,
    );
  }
  return {
    source,
    rules: result.data.exemptions.map((entry, index) => ({
      source: 'file',
      checkIds: entry.checkId === '*' ? '*' : [entry.checkId],
      resource: entry.resource,
      origin: `${source} exemptions[${index}]`,
      reason: entry.reason,
      ...(entry.expires ? { expires: entry.expires } : {}),
    })),
  };
};

export const loadExemptionsFile = async (
  file: string,
  knownCheckIds: ReadonlySet<string>,
): Promise<ExemptionFile> =>
  parseExemptionsFile(
    await readJsonFile(
      file,
      'exemptions file',
      'Check --exemptions or ECS_SCANNER_EXEMPTIONS_FILE.',
    ),
    file,
    knownCheckIds,
  );
