// Which report formats a scan writes, and where: `--format F[,F…]`, `--out FILE`, `--out-dir DIR`.
// Pure: the rules are docs/cli.md's "Report formats and where they go".
import { join } from 'node:path';
import { UserInputError } from '../errors.ts';
import { didYouMean } from '../suggest.ts';

export const FORMATS = ['table', 'json', 'asff', 'html', 'sarif', 'junit', 'csv', 'ocsf'] as const;
export type Format = (typeof FORMATS)[number];

/** The file name ending of each format: `--out-dir` names its files report.<ending>. */
export const EXTENSIONS: Record<Format, string> = {
  table: '.txt',
  json: '.json',
  asff: '.asff.json',
  html: '.html',
  sarif: '.sarif',
  junit: '.xml',
  csv: '.csv',
  ocsf: '.ocsf.json',
};

/** The endings `--out` is read by, longest first (report.ocsf.json is ocsf, not json). */
const INFERRED: ReadonlyArray<[string, Format]> = [
  ['.ocsf.json', 'ocsf'],
  ['.asff.json', 'asff'],
  ['.sarif.json', 'sarif'],
  ['.sarif', 'sarif'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.xml', 'junit'],
  ['.csv', 'csv'],
  ['.json', 'json'],
  ['.txt', 'table'],
];

/** The format a file name says, or none (report.out, /dev/stdout). */
export const formatOfPath = (file: string): Format | undefined => {
  const name = file.toLowerCase();
  return INFERRED.find(([ending]) => name.endsWith(ending))?.[1];
};

/** `--format table,html`: the formats in the order given, each once. */
export const parseFormats = (value: string): Format[] => {
  const names = value.split(',').map((name) => name.trim().toLowerCase());
  const unknown = names.find((name) => !FORMATS.includes(name as Format));
  if (unknown !== undefined) {
    throw new UserInputError(
      `invalid --format "${unknown}"${didYouMean(unknown, FORMATS)}: expected ${FORMATS.join(', ')}, or several separated by commas (--format table,html).`,
    );
  }
  return [...new Set(names as Format[])];
};

/** One report to write: to stdout when `file` is absent. */
export interface Output {
  format: Format;
  file?: string;
}

export interface Plan {
  outputs: Output[];
  /** One line each for stderr, without the program's prefix. */
  warnings: string[];
}

/**
 * - No --format: the format --out's name says (report.html is html), else table.
 * - One format: to --out FILE, into --out-dir DIR as report.<ending>, else stdout.
 * - Several: table (the only one meant for a terminal) goes to stdout; every other one to --out
 *   FILE (when it is the only other one) or into --out-dir DIR; none may go to stdout.
 * - A --format that is not what --out's name says is written as asked, with a warning.
 */
export const planOutputs = (options: {
  format: string | undefined;
  out: string | undefined;
  outDir: string | undefined;
}): Plan => {
  const { out, outDir } = options;
  if (out !== undefined && outDir !== undefined) {
    throw new UserInputError(
      'give either --out FILE (one report) or --out-dir DIR (a report.<ext> per format), not both.',
    );
  }
  const inferred = out === undefined ? undefined : formatOfPath(out);
  const formats =
    options.format === undefined ? [inferred ?? 'table'] : parseFormats(options.format);
  const inDir = (format: Format): Output => ({
    format,
    file: join(outDir ?? '.', `report${EXTENSIONS[format]}`),
  });
  if (formats.length === 1) {
    const [format] = formats as [Format];
    if (outDir !== undefined) return { outputs: [inDir(format)], warnings: [] };
    return {
      outputs: [out === undefined ? { format } : { format, file: out }],
      warnings: out !== undefined ? disagreement(format, out, inferred) : [],
    };
  }
  const toFiles = formats.filter((format) => format !== 'table');
  const toStdout: Output[] = formats.includes('table') ? [{ format: 'table' }] : [];
  if (outDir !== undefined) return { outputs: [...toStdout, ...toFiles.map(inDir)], warnings: [] };
  const list = formats.join(',');
  if (out === undefined) {
    throw new UserInputError(
      `--format ${list} writes ${toFiles.join(', ')} to files: give --out-dir DIR${toFiles.length === 1 ? ` or --out FILE` : ''} (only table goes to stdout).`,
    );
  }
  if (toFiles.length > 1) {
    throw new UserInputError(
      `--format ${list} writes ${toFiles.length} reports to files and --out takes one: give --out-dir DIR instead.`,
    );
  }
  const [format] = toFiles as [Format];
  return {
    outputs: [...toStdout, { format, file: out }],
    warnings: disagreement(format, out, inferred),
  };
};

/** The JSON formats: a plain .json name suits each (`--format asff --out findings.json`). */
const JSON_FORMATS: ReadonlySet<Format> = new Set(['json', 'asff', 'sarif', 'ocsf']);

const disagreement = (format: Format, out: string, inferred: Format | undefined): string[] =>
  inferred !== undefined &&
  inferred !== format &&
  !(out.toLowerCase().endsWith(EXTENSIONS.json) && inferred === 'json' && JSON_FORMATS.has(format))
    ? [
        `--out ${out} is named for ${inferred} but --format says ${format}: writing ${format}. End the --out name in ${EXTENSIONS[format]}, or drop --format.`,
      ]
    : [];
