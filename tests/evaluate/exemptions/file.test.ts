import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../lib/errors.ts';
import { loadExemptionsFile, parseExemptionsFile } from '../../../lib/evaluate/exemptions/file.ts';

const KNOWN = new Set(['elbv2_listener_tls_policy']);
const SECRET = 'sk-live-DO-NOT-PRINT';
const entry = {
  checkId: 'elbv2_listener_tls_policy',
  resource: 'arn:aws:elasticloadbalancing:*:111122223333:loadbalancer/app/legacy-*',
  reason: 'Legacy point-of-sale clients',
};

const errorOf = (data: unknown): string => {
  try {
    parseExemptionsFile(data, 'exemptions.json', KNOWN);
  } catch (error) {
    expect(error).toBeInstanceOf(UserInputError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
};

describe('parseExemptionsFile', () => {
  it('reads entries as file rules that name their origin', () => {
    // Act
    const file = parseExemptionsFile(
      { exemptions: [entry, { ...entry, checkId: '*', expires: '2026-12-31' }] },
      'exemptions.json',
      KNOWN,
    );

    // Assess
    expect(file.rules).toEqual([
      {
        source: 'file',
        checkIds: ['elbv2_listener_tls_policy'],
        resource: entry.resource,
        origin: 'exemptions.json exemptions[0]',
        reason: entry.reason,
      },
      {
        source: 'file',
        checkIds: '*',
        resource: entry.resource,
        origin: 'exemptions.json exemptions[1]',
        reason: entry.reason,
        expires: '2026-12-31',
      },
    ]);
  });

  it.each<[string, unknown, string]>([
    ['not an object', [SECRET], '(top level): expected an object with an exemptions array'],
    ['no exemptions array', { exemption: [] }, 'exemptions: expected an array of exemptions'],
    [
      'an unknown check ID',
      { exemptions: [{ ...entry, checkId: SECRET }] },
      'exemptions[0].checkId: unknown check ID',
    ],
    [
      'a resource that is not an ARN',
      { exemptions: [entry, { ...entry, resource: SECRET }] },
      'exemptions[1].resource: expected a resource ARN',
    ],
    [
      'no reason',
      { exemptions: [{ ...entry, reason: undefined }] },
      'exemptions[0].reason: expected a reason',
    ],
    [
      'a blank reason',
      { exemptions: [{ ...entry, reason: '  ' }] },
      'exemptions[0].reason: expected a reason',
    ],
    [
      'an expiry that is not a date',
      { exemptions: [{ ...entry, expires: SECRET }] },
      'exemptions[0].expires: expected a date YYYY-MM-DD',
    ],
    ['a misspelt field', { exemptions: [{ ...entry, expiry: '2026-01-01' }] }, 'exemptions[0]'],
  ])(
    'rejects %s in one line naming the file and the JSON path, no value',
    (_name, data, expected) => {
      // Act
      const message = errorOf(data);

      // Assess
      expect(message).toContain(`exemptions.json: not a valid exemptions file: ${expected}`);
      expect(message).not.toContain(SECRET);
      expect(message).not.toContain('\n');
    },
  );
});

describe('loadExemptionsFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exemptions-'));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('loads a valid file, byte order mark and all', async () => {
    const file = write('ok.json', `\uFEFF${JSON.stringify({ exemptions: [entry] })}`);

    const loaded = await loadExemptionsFile(file, KNOWN);

    expect(loaded).toMatchObject({ source: file, rules: [{ reason: entry.reason }] });
  });

  it.each<[string, string | undefined, string]>([
    ['a missing file', undefined, 'cannot read the exemptions file (ENOENT)'],
    [
      'invalid JSON',
      `{"exemptions": [${SECRET}]}`,
      'not valid JSON (syntax error at character 16: line 1, column 17)',
    ],
    ['an empty file', '', 'not valid JSON (the file is empty)'],
  ])('rejects %s without quoting its text', async (name, text, expected) => {
    const file = text === undefined ? join(dir, 'missing.json') : write(`${name}.json`, text);

    const error = await loadExemptionsFile(file, KNOWN).catch((e: unknown) => e as Error);

    expect(error).toBeInstanceOf(UserInputError);
    expect((error as Error).message).toContain(`${file}: ${expected}`);
    expect((error as Error).message).not.toContain(SECRET);
  });
});
