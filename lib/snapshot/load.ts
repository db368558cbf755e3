import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { UserInputError } from '../errors.ts';
import { snapshotSchema, snapshotV1Schema } from './schema.ts';
import { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_V1, type Snapshot } from './types.ts';

/** Keys a format really uses as record keys: region names and ARNs (never a secret). */
const SHOWN_KEY = /^(?:[a-z]{2,4}(?:-[a-z]+)+-\d+|arn:[\w-]+:[\w-]+:[\w-]*:\d*:[\w:/.+=@-]+)$/i;

/** The fields whose keys are the file's own data: regions, and ARNs (listener rules, tags, …). */
const RECORD_FIELDS = new Set(['regions', 'listenerCertificates', 'rules', 'tags']);

/**
 * `regions["us-east-1"].ecs.services[3].serviceArn`. A key of a record (a region, an ARN) is the
 * file's data and may hold anything, a secret included: shown only when it is a region name or an
 * ARN, else as `[…]`; so is any key that is not a plain field name.
 */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key, i) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    const isRecordKey = i > 0 && RECORD_FIELDS.has(String(path[i - 1]));
    if (!isRecordKey && /^[A-Za-z_$][\w$]{0,63}$/.test(name)) return out ? `${out}.${name}` : name;
    return `${out}[${SHOWN_KEY.test(name) ? JSON.stringify(name) : '…'}]`;
  }, '');

/** One issue, `where: what`, quoting nothing of the file but its path. */
export const describeIssue = (issue: z.core.$ZodIssue): string => {
  const where = formatPath(issue.path) || '(top level)';
  // A bad record key (a region name) carries the useful message on its inner issue.
  const message =
    issue.code === 'invalid_key'
      ? (issue.issues[0]?.message ?? issue.message)
      : issue.code === 'unrecognized_keys' && issue.message.startsWith('Unrecognized key')
        ? // zod's own message quotes the keys, which may be anything.
          `${issue.keys.length === 1 ? 'a field' : `${issue.keys.length} fields`} this format does not define`
        : issue.message;
  return `${where}: ${message}`;
};

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * The offset of the first JSON syntax error in `text` (its length when the text ends early), or
 * undefined when it is valid JSON. Computed here because V8's `JSON.parse` messages quote the
 * source text around the error (which may be a secret) and, for an unexpected token, carry no
 * position at all (Node 20 and 22).
 */
export const jsonSyntaxErrorOffset = (text: string): number | undefined => {
  const n = text.length;
  let i = 0;
  const skip = () => {
    while (i < n && WHITESPACE.has(text[i] as string)) i++;
  };
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        i++;
        if (i < n && '"\\/bfnrt'.includes(text[i] as string)) i++;
        else if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9A-Fa-f]/.test(text[i] ?? '')) return false;
        } else return false;
      } else i++;
    }
    return false;
  };
  const number = (): boolean => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (isDigit(text[i])) while (isDigit(text[i])) i++;
    else return false;
    if (text[i] === '.') {
      i++;
      if (!isDigit(text[i])) return false;
      while (isDigit(text[i])) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!isDigit(text[i])) return false;
      while (isDigit(text[i])) i++;
    }
    return true;
  };
  const literal = (word: string): boolean => {
    for (const c of word) {
      if (text[i] !== c) return false;
      i++;
    }
    return true;
  };
  /** `"name"` and `:` of an object member. */
  const key = (): boolean => {
    if (text[i] !== '"' || !string()) return false;
    skip();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };

  const stack: string[] = [];
  let expectValue = true;
  for (;;) {
    skip();
    const c = text[i];
    if (expectValue) {
      if (c === '{' || c === '[') {
        i++;
        skip();
        if (text[i] === (c === '{' ? '}' : ']')) {
          i++;
          expectValue = false;
        } else {
          stack.push(c);
          if (c === '{' && !key()) return i;
        }
        continue;
      }
      const ok =
        c === '"'
          ? string()
          : c === 't'
            ? literal('true')
            : c === 'f'
              ? literal('false')
              : c === 'n'
                ? literal('null')
                : c === '-' || isDigit(c)
                  ? number()
                  : false;
      if (!ok) return i;
      expectValue = false;
      continue;
    }
    const top = stack.at(-1);
    if (top === undefined) return i < n ? i : undefined;
    if (c === ',') {
      i++;
      skip();
      if (top === '{' && !key()) return i;
      expectValue = true;
    } else if (c === (top === '{' ? '}' : ']')) {
      i++;
      stack.pop();
    } else return i;
  }
};

/** Where in `text` the offset is, for the error message: never the text itself. */
const describeSyntaxError = (text: string): string => {
  if (text.trim() === '') return ' (the file is empty)';
  const offset = jsonSyntaxErrorOffset(text);
  if (offset === undefined) return '';
  if (offset >= text.length) return ' (the file ends early)';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` (syntax error at character ${offset}: line ${line}, column ${column})`;
};

/** Validates parsed JSON as a snapshot; `source` names it in the error message. */
export const parseSnapshot = (data: unknown, source: string): Snapshot => {
  const v1 = (data as { format?: unknown } | null)?.format === SNAPSHOT_FORMAT_V1;
  const result = (v1 ? snapshotV1Schema : snapshotSchema).safeParse(data);
  if (!result.success) {
    const [first] = result.error.issues;
    const more =
      result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
    throw new UserInputError(
      `${source}: not a valid snapshot: ${first ? describeIssue(first) : 'invalid'}${more}. See docs/snapshot-format.md.`,
    );
  }
  return migrate(result.data as unknown as Snapshot | SnapshotV1);
};

type SnapshotV1 = Omit<Snapshot, 'format' | 'failures'> & { format: typeof SNAPSHOT_FORMAT_V1 };

/** A snapshot@1 file does not record failed calls: they are unknown (nothing may be archived). */
const migrate = (snapshot: Snapshot | SnapshotV1): Snapshot =>
  snapshot.format === SNAPSHOT_FORMAT_V1
    ? { ...snapshot, format: SNAPSHOT_FORMAT, failuresUnknown: true }
    : snapshot;

/**
 * A JSON file the user named (`what`: "snapshot file"), parsed. Unreadable or not JSON: one line
 * naming the file, the error code or the place of the syntax error (V8's message quotes the text
 * around the error, which may be a secret: never passed on), and `hint`.
 */
export const readJsonFile = async (file: string, what: string, hint: string): Promise<unknown> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserInputError(
      `${file}: cannot read the ${what} (${code ?? 'unknown error'}). ${hint}`,
    );
  }
  // Editors on Windows may write a byte order mark, which JSON.parse rejects.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch {
    throw new UserInputError(`${file}: not valid JSON${describeSyntaxError(text)}.`);
  }
};

/** `hint`: what to check when the file cannot be read (where the path came from). */
export const loadSnapshotFile = async (
  file: string,
  hint = 'Check the path given to --snapshot.',
): Promise<Snapshot> => parseSnapshot(await readJsonFile(file, 'snapshot file', hint), file);
