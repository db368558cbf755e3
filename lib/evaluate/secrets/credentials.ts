// Recognizes credential-shaped values with secretlint's recommended preset, plus the formats the
// guidance names that the preset leaves out. Returns rule names only: secretlint's messages quote
// the matched text, so they never leave this module.
import { performance } from 'node:perf_hooks';
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';

const secretlintConfig = {
  rules: [
    {
      id: '@secretlint/secretlint-rule-preset-recommend',
      rule: recommendedPreset,
      // The preset's ID scan (off by default) also flags account IDs and IAM unique IDs (AIDA…, AROA…),
      // which are not credentials: access key IDs are matched below instead.
    },
  ],
};

/** Formats the guidance names that secretlint's preset misses or only finds in files. */
const EXTRA_PATTERNS: ReadonlyArray<[kind: string, pattern: RegExp]> = [
  ['aws-access-key-id', /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/],
  ['private-key', /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/],
  ['jwt', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
];

/**
 * Patterns whose `password` group is a credential unless it is a placeholder: a URL's user info
 * (`redis://:pw@host` has no user name) and a `Password=`/`pwd=` pair of an ADO.NET, ODBC or JDBC
 * connection string.
 */
const PASSWORD_PATTERNS: ReadonlyArray<[kind: string, pattern: RegExp]> = [
  ['url-with-password', /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:(?<password>[^\s/@]+)@[^\s/]+/gi],
  ['connection-string-password', /(?:^|[;?&])\s*(?:password|pwd)\s*=\s*(?<password>[^;&\s]+)/gi],
];

/** `${DB_PASSWORD}`, `$(cat …)`, `$DB_PASSWORD`, `{{password}}`, `{password}`, `<password>`, `%PASSWORD%`, `****`, `xxxx`. */
const PLACEHOLDER =
  /^(?:\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_]\w*|\{\{[^}]*\}\}|\{[^}]*\}|<[^>]*>|%[A-Za-z_]\w*%|\*+|x+|X+)$/;

const hasRealPassword = (pattern: RegExp, value: string): boolean =>
  [...value.matchAll(pattern)].some((m) => {
    const password = m.groups?.password ?? '';
    let decoded = password;
    try {
      decoded = decodeURIComponent(password);
    } catch {
      // not percent-encoded: judge it as written
    }
    return !PLACEHOLDER.test(password) && !PLACEHOLDER.test(decoded);
  });

/** A 40-character AWS secret access key under a name that says so. */
const AWS_SECRET_KEY_NAME = /(?:^|_)SECRET_?ACCESS_?KEY$/i;
const AWS_SECRET_KEY_VALUE = /^[A-Za-z0-9/+=]{40}$/;

/**
 * secretlint marks every lint in the process-wide performance timeline (56 marks a call), and its
 * profiler keeps every mark it observes and scans them all at each new one: thousands of values
 * made detection quadratically slow (minutes for a large account) and held the marks for the life
 * of the process (a warm Lambda). Lints run one at a time; every LINTS_PER_SETTLE of them, the
 * profiler gets to see and measure its marks, then they are dropped.
 */
const LINTS_PER_SETTLE = 20;
let lintsSinceSettle = 0;
let lintQueue: Promise<unknown> = Promise.resolve();

const settleProfiler = async (): Promise<void> => {
  // The performance observer receives the marks in an immediate, then measures them in promises.
  await new Promise<void>((resolve) => setImmediate(resolve));
  await secretLintProfiler.getMeasures().catch(() => undefined);
  // Private in the typings, plain arrays at run time.
  const kept = secretLintProfiler as unknown as { entries: unknown[]; measures: unknown[] };
  kept.entries.length = 0;
  kept.measures.length = 0;
  const names = (type: 'mark' | 'measure') =>
    new Set(
      performance
        .getEntriesByType(type)
        .map((entry) => entry.name)
        .filter((name) => name.startsWith('@core>')),
    );
  for (const name of names('mark')) performance.clearMarks(name);
  for (const name of names('measure')) performance.clearMeasures(name);
};

const lint = (content: string): ReturnType<typeof lintSource> => {
  const run = lintQueue.then(async () => {
    const result = await lintSource({
      source: { content, filePath: 'environment', contentType: 'text' },
      options: { config: secretlintConfig, maskSecrets: true, noPhysicFilePath: true },
    });
    lintsSinceSettle += 1;
    if (lintsSinceSettle >= LINTS_PER_SETTLE) {
      lintsSinceSettle = 0;
      await settleProfiler();
    }
    return result;
  });
  lintQueue = run.catch(() => undefined);
  return run;
};

const ruleName = (ruleId: string, messageId: string | undefined): string =>
  messageId === 'AWSSecretAccessKey'
    ? 'aws-secret-access-key'
    : ruleId.replace('@secretlint/secretlint-rule-', '');

/** The credential formats `value` matches (e.g. `aws-access-key-id`, `github`), or none. */
export const credentialKindsOf = async (name: string, value: string): Promise<string[]> => {
  if (value.length < 8) return [];
  const kinds = new Set<string>();
  for (const [kind, pattern] of EXTRA_PATTERNS) if (pattern.test(value)) kinds.add(kind);
  for (const [kind, pattern] of PASSWORD_PATTERNS)
    if (hasRealPassword(pattern, value)) kinds.add(kind);
  if (AWS_SECRET_KEY_NAME.test(name) && AWS_SECRET_KEY_VALUE.test(value))
    kinds.add('aws-secret-access-key');
  // NAME=value gives the context some rules need (AWS_SECRET_ACCESS_KEY=…).
  const result = await lint(`${name}=${value}`);
  for (const message of result.messages) kinds.add(ruleName(message.ruleId, message.messageId));
  return [...kinds].sort();
};
