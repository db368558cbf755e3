import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { UserInputError } from '../errors.ts';
import { snapshotSchema } from './schema.ts';
import type { Snapshot } from './types.ts';

/** `regions["us-east-1"].ecs.services[3].serviceArn` */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? (out ? `${out}.${name}` : name) : `${out}[${JSON.stringify(name)}]`;
  }, '');

const describeIssue = (issue: z.core.$ZodIssue): string => {
  const where = formatPath(issue.path) || '(top level)';
  return `${where}: ${issue.message}`;
};

/** Validates parsed JSON as a snapshot; `source` names it in the error message. */
export const parseSnapshot = (data: unknown, source: string): Snapshot => {
  const result = snapshotSchema.safeParse(data);
  if (!result.success) {
    const [first] = result.error.issues;
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
    throw new UserInputError(
      `${source}: not a valid snapshot: ${first ? describeIssue(first) : 'invalid'}${more}. See docs/snapshot-format.md.`,
    );
  }
  return result.data as unknown as Snapshot;
};

export const loadSnapshotFile = async (file: string): Promise<Snapshot> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserInputError(
      `${file}: cannot read the snapshot file (${code ?? 'unknown error'}). Check the path given to --snapshot.`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error, which may be a secret: keep the position only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new UserInputError(
      `${file}: not valid JSON${position ? ` (syntax error at character ${position})` : ''}.`,
    );
  }
  return parseSnapshot(data, file);
};
