import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXTENSIONS,
  FORMATS,
  type Format,
  formatOfPath,
  type Output,
  parseFormats,
  planOutputs,
} from '../../lib/cli/formats.ts';
import { UserInputError } from '../../lib/errors.ts';

const plan = (format?: string, out?: string, outDir?: string) =>
  planOutputs({ format, out, outDir });

describe('formatOfPath', () => {
  it.each<[string, Format | undefined]>([
    ['report.html', 'html'],
    ['REPORT.HTM', 'html'],
    ['report.sarif', 'sarif'],
    ['report.sarif.json', 'sarif'],
    ['results.xml', 'junit'],
    ['results.csv', 'csv'],
    ['findings.ocsf.json', 'ocsf'],
    ['findings.asff.json', 'asff'],
    ['results.json', 'json'],
    ['report.txt', 'table'],
    ['report.out', undefined],
    ['/dev/stdout', undefined],
  ])('reads %s as %s', (file, format) => {
    expect(formatOfPath(file)).toBe(format);
  });

  it.each(FORMATS)(
    'reads report.<ext> of %s, the name --out-dir gives it, as that format',
    (format) => {
      expect(formatOfPath(`report${EXTENSIONS[format]}`)).toBe(format);
    },
  );
});

describe('parseFormats', () => {
  it.each<[string, Format[]]>([
    ['csv', ['csv']],
    ['table,html', ['table', 'html']],
    [' OCSF , csv ', ['ocsf', 'csv']],
    ['html,html', ['html']],
  ])('reads --format %s as %j', (value, formats) => {
    expect(parseFormats(value)).toEqual(formats);
  });

  it.each([
    ['ocfs', 'invalid --format "ocfs" (did you mean ocsf?)'],
    ['table,htm', 'invalid --format "htm" (did you mean html?)'],
    ['table,', 'invalid --format ""'],
    ['pdf', 'expected table, json, asff, html, sarif, junit, csv, ocsf'],
  ])('refuses --format %s with one line naming it: %s', (value, message) => {
    expect(() => parseFormats(value)).toThrow(UserInputError);
    expect(() => parseFormats(value)).toThrow(message);
  });
});

describe('planOutputs', () => {
  it.each<[string, [string?, string?, string?], Output[]]>([
    ['no flag: table to stdout', [], [{ format: 'table' }]],
    ['one format: to stdout', ['csv'], [{ format: 'csv' }]],
    [
      '--out without --format: the format its name says',
      [undefined, 'r.csv'],
      [{ format: 'csv', file: 'r.csv' }],
    ],
    [
      '--out with a name that says nothing: table',
      [undefined, 'r.out'],
      [{ format: 'table', file: 'r.out' }],
    ],
    ['--out with --format: that format', ['ocsf', 'r.out'], [{ format: 'ocsf', file: 'r.out' }]],
    [
      'one format and --out-dir',
      ['ocsf', undefined, 'd'],
      [{ format: 'ocsf', file: join('d', 'report.ocsf.json') }],
    ],
    [
      'table,html --out: table to stdout, html to the file',
      ['table,html', 'r.html'],
      [{ format: 'table' }, { format: 'html', file: 'r.html' }],
    ],
    [
      'table,csv,ocsf --out-dir: table to stdout, a file each for the others',
      ['table,csv,ocsf', undefined, 'd'],
      [
        { format: 'table' },
        { format: 'csv', file: join('d', 'report.csv') },
        { format: 'ocsf', file: join('d', 'report.ocsf.json') },
      ],
    ],
    [
      'html,sarif --out-dir: nothing to stdout',
      ['html,sarif', undefined, 'd'],
      [
        { format: 'html', file: join('d', 'report.html') },
        { format: 'sarif', file: join('d', 'report.sarif') },
      ],
    ],
  ])('%s', (_name, [format, out, outDir], outputs) => {
    expect(plan(format, out, outDir)).toEqual({ outputs, warnings: [] });
  });

  it.each<[string, string, string]>([
    [
      'sarif',
      'report.html',
      '--out report.html is named for html but --format says sarif: writing sarif. End the --out name in .sarif, or drop --format.',
    ],
    [
      'table,csv',
      'report.xml',
      '--out report.xml is named for junit but --format says csv: writing csv. End the --out name in .csv, or drop --format.',
    ],
    [
      'json',
      'findings.ocsf.json',
      '--out findings.ocsf.json is named for ocsf but --format says json: writing json. End the --out name in .json, or drop --format.',
    ],
  ])('warns in one line when --format %s disagrees with --out %s', (format, out, warning) => {
    expect(plan(format, out).warnings).toEqual([warning]);
  });

  it.each([
    ['asff', 'findings.json'],
    ['ocsf', 'findings.json'],
    ['sarif', 'results.json'],
    ['html', 'report.html'],
    ['csv', 'report.out'],
  ])('does not warn for --format %s --out %s', (format, out) => {
    expect(plan(format, out).warnings).toEqual([]);
  });

  it.each<[string, [string?, string?, string?], string]>([
    [
      'a file format with neither --out nor --out-dir',
      ['table,html'],
      '--format table,html writes html to files: give --out-dir DIR or --out FILE (only table goes to stdout).',
    ],
    [
      'two formats for stdout',
      ['json,sarif'],
      '--format json,sarif writes json, sarif to files: give --out-dir DIR (only table goes to stdout).',
    ],
    [
      'two file formats for one --out',
      ['table,html,csv', 'r.html'],
      '--format table,html,csv writes 2 reports to files and --out takes one: give --out-dir DIR instead.',
    ],
    [
      'both --out and --out-dir',
      ['html', 'r.html', 'd'],
      'give either --out FILE (one report) or --out-dir DIR (a report.<ext> per format), not both.',
    ],
  ])('refuses %s with one line naming the flag', (_name, [format, out, outDir], message) => {
    expect(() => plan(format, out, outDir)).toThrow(new UserInputError(message));
  });
});
