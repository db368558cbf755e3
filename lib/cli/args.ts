// The CLI's arguments: its commands, options, usage texts and exit codes. Light on purpose: it is
// all `--version` and `--help` load (lib/cli/main.ts loads a command's module only to run it).
import { parseArgs } from 'node:util';
import { UserInputError } from '../errors.ts';
import { SEVERITIES } from '../model.ts';
import { didYouMean } from '../suggest.ts';

export const EXIT = {
  OK: 0,
  FINDINGS_AT_THRESHOLD: 1,
  BAD_INPUT: 2,
  INTERNAL_ERROR: 3,
  INCOMPLETE: 4,
  PUBLISH_FAILED: 5,
  SECURITY_HUB_ERROR: 6,
  TIMED_OUT: 7,
} as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** Whether stderr is a terminal (`process.stderr.isTTY`): live scans then show their progress. */
  stderrIsTTY?: boolean;
  /** The terminal's width in columns (`process.stderr.columns`). */
  columns?: number;
  /** Whether stdout is a terminal (`process.stdout.isTTY`): the table is then coloured. */
  stdoutIsTTY?: boolean;
}

/** The services of the registered checks, for --services (tests/docs/cli.test.ts ties them). */
const SERVICES = ['ecs', 'vpc', 'secretsmanager', 'elbv2', 'elb', 'vpclattice', 'appmesh'];

export const USAGE = `Usage: ecs-encryption-scanner scan (--snapshot FILE | --regions REGION[,REGION…]) [options]
       ecs-encryption-scanner snapshot --regions REGION[,REGION…] [--out FILE] [--include-environment-values]
       ecs-encryption-scanner list-checks [--format table|json] [--checks …] [--services …] [--severity …]

scan evaluates an account snapshot, or the account the default AWS credential chain points at
(read-only calls, region by region), against the Amazon ECS encryption best practices.
snapshot writes that account's snapshot. Both honour AWS_ENDPOINT_URL like any AWS SDK program.
list-checks lists the checks (ID, service, severity, title) the same filters select.

Options:
  --snapshot FILE                  account snapshot (docs/snapshot-format.md)
  --regions REGION[,REGION…]       collect these regions live instead
  --out FILE                       write the report (scan) or the snapshot to FILE, not stdout
                                   (a snapshot file is readable by its owner only); FILE's
                                   ending names the format when --format is not given
  --out-dir DIR                    scan: write each report format into DIR as report.<ext>
  --include-environment-values     snapshot: keep container environment values (plain-text
                                   secrets too); by default each is replaced by its verdict
  --fail-on-incomplete             exit 4 when calls failed after retries (the scan is incomplete)
  --timeout SECONDS                end the run after SECONDS (default 1800), naming the call it waited for
  --publish                        import the findings into the scanned account's Security Hub
  --dry-run                        with --publish: print what would be created, updated, archived
  --refresh-days N                 re-import unchanged findings last imported N days ago (default 7)
  --format FORMAT[,FORMAT…]        table (default), json, asff, html (one self-contained file),
                                   sarif (SARIF 2.1.0), junit (JUnit XML), csv (a row per result)
                                   or ocsf (OCSF 1.6 Compliance Findings); several: table to
                                   stdout, the others to --out FILE or --out-dir DIR
  --fail-on SEVERITY               exit 1 when a FAILED result at or above SEVERITY exists
                                   (${SEVERITIES.join(', ')})
  --checks ID[,ID…]                run only these checks (list-checks shows their IDs)
  --exclude-checks ID[,ID…]        run all checks but these
  --services SERVICE[,SERVICE…]    run only the checks of these services:
                                   ${SERVICES.join(', ')}
  --severity SEVERITY              run only the checks rated SEVERITY or above; a check's results
                                   keep their own severity (a HIGH check may fail MEDIUM)
  --all-load-balancers             judge every load balancer, not only those in front of ECS services
  --all-meshes                     judge every App Mesh mesh, not only those ECS task definitions use
  --confidential-tag KEY=VALUE     tag of confidential services (default DataClassification=confidential)
  --tls-policy-profile PROFILE     tls12 (default), fsbp, pq or fips
  --certificate-expiry-days N      report certificates expiring within N days (default 30)
  --no-exemption-tags              do not collect the resource tags that exempt findings
  --exemptions FILE                exemptions for resources that cannot be tagged (docs/operations.md#exemptions)
  --no-color                       no colours and no ANSI escapes (also NO_COLOR=1; only a
                                   terminal is coloured, unless FORCE_COLOR is set)
  --quiet                          print only the summary line and errors: no progress, no
                                   warnings; scan: the report goes only to --out FILE;
                                   snapshot: the snapshot still goes to stdout or --out FILE
  -h, --help                       this text
  --version                        the scanner's version

Exit codes: 0 scan ran, 1 --fail-on threshold reached, 2 bad input, 3 internal error,
4 --fail-on-incomplete and some calls failed, 5 Security Hub refused findings (--publish),
6 a Security Hub call failed (--publish; the message says what was imported), 7 --timeout passed.
`;

const OPTIONS = {
  snapshot: { type: 'string' },
  regions: { type: 'string' },
  out: { type: 'string' },
  'out-dir': { type: 'string' },
  'include-environment-values': { type: 'boolean' },
  'fail-on-incomplete': { type: 'boolean' },
  timeout: { type: 'string' },
  publish: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'refresh-days': { type: 'string' },
  format: { type: 'string' },
  'fail-on': { type: 'string' },
  checks: { type: 'string' },
  'exclude-checks': { type: 'string' },
  services: { type: 'string' },
  severity: { type: 'string' },
  'all-load-balancers': { type: 'boolean' },
  'all-meshes': { type: 'boolean' },
  'confidential-tag': { type: 'string' },
  'tls-policy-profile': { type: 'string' },
  'certificate-expiry-days': { type: 'string' },
  'no-exemption-tags': { type: 'boolean' },
  exemptions: { type: 'string' },
  'no-color': { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export const FLAGS = Object.keys(OPTIONS).map((name) => `--${name}`);
export type Command = 'scan' | 'snapshot' | 'list-checks';
export const COMMANDS: readonly Command[] = ['scan', 'snapshot', 'list-checks'];

/** The options of `snapshot`; `scan` takes every other one. */
const SNAPSHOT_OPTIONS: ReadonlySet<string> = new Set([
  'regions',
  'out',
  'include-environment-values',
  'fail-on-incomplete',
  'timeout',
  'all-load-balancers',
  'all-meshes',
  'no-exemption-tags',
  'no-color',
  'quiet',
  'help',
  'version',
]);
/** The options of `list-checks`: the check filters and how to print them. */
const LIST_CHECKS_OPTIONS: ReadonlySet<string> = new Set([
  'format',
  'out',
  'checks',
  'exclude-checks',
  'services',
  'severity',
  'no-color',
  'help',
  'version',
]);
export const appliesTo = (option: string, command: Command): boolean =>
  command === 'snapshot'
    ? SNAPSHOT_OPTIONS.has(option)
    : command === 'list-checks'
      ? LIST_CHECKS_OPTIONS.has(option)
      : option !== 'include-environment-values';

const COMMAND_HEADERS: Record<Command, string> = {
  scan: `Usage: ecs-encryption-scanner scan (--snapshot FILE | --regions REGION[,REGION…]) [options]

Evaluates an account snapshot, or the account the default AWS credential chain points at
(read-only calls, region by region), against the Amazon ECS encryption best practices. Honours
AWS_ENDPOINT_URL like any AWS SDK program.
`,
  snapshot: `Usage: ecs-encryption-scanner snapshot --regions REGION[,REGION…] [options]

Collects the account the default AWS credential chain points at (read-only calls, region by
region) and writes its snapshot, for scan --snapshot. Honours AWS_ENDPOINT_URL like any AWS SDK
program.
`,
  'list-checks': `Usage: ecs-encryption-scanner list-checks [--format table|json] [--out FILE] [filters]

Lists the checks (ID, service, severity, title) that scan runs with the same filters, on
stdout or, with --out FILE, in FILE.
`,
};

/** Where an option's text starts in the usage, after its flag. */
const TEXT_COLUMN = 35;

/**
 * The text of an option, one string a line, where the command's own usage says it for that
 * command alone: the full usage's text of these options speaks of several commands.
 */
const OWN_TEXT: Record<Command, Partial<Record<string, readonly string[]>>> = {
  scan: {
    quiet: [
      'print only the summary line and errors: no progress, no',
      'warnings; the report goes only to --out FILE',
    ],
  },
  snapshot: {
    'no-color': ['no ANSI escapes: the progress line is drawn with spaces', '(also NO_COLOR=1)'],
    quiet: [
      'print only the summary line and errors: no progress, no',
      'warnings; the snapshot still goes to stdout or --out FILE',
    ],
  },
  // list-checks prints only a table or JSON, and has no progress line.
  'list-checks': {
    out: [
      'write the list to FILE, not stdout; a .json ending names the',
      'format when --format is not given',
    ],
    format: ['table (default) or json'],
    'no-color': [
      'no colours (also NO_COLOR=1; only a terminal is coloured,',
      'unless FORCE_COLOR is set)',
    ],
  },
};

/** An option's flag column where the command takes less than the full usage says. */
const OWN_FLAG: Record<Command, Partial<Record<string, string>>> = {
  scan: {},
  snapshot: {},
  // One format: a list is one table or one JSON document.
  'list-checks': { format: '--format FORMAT' },
};

/** `scan --help`, `help snapshot`: the command's own usage, with only the options it takes. */
export const commandUsage = (command: Command): string => {
  const [, options = '', trailer = ''] =
    /^[\s\S]*?\nOptions:\n([\s\S]*?)\n(Exit codes:[\s\S]*)$/.exec(USAGE) ?? [];
  // An option's entry: its line, then the continuation lines indented under its text.
  const entries = options.split(/\n(?= {2}-)/);
  const own = entries.flatMap((entry) => {
    const name = /^\s+(?:-\w, )?--([\w-]+)/.exec(entry)?.[1] ?? '';
    if (!appliesTo(name, command)) return [];
    const flag = OWN_FLAG[command][name];
    const text = OWN_TEXT[command][name];
    const head = flag ? `  ${flag}`.padEnd(TEXT_COLUMN) : entry.slice(0, TEXT_COLUMN);
    const rest = text ? text.join(`\n${' '.repeat(TEXT_COLUMN)}`) : entry.slice(TEXT_COLUMN);
    return [`${head}${rest}`];
  });
  return `${COMMAND_HEADERS[command]}\nOptions:\n${own.join('\n').trimEnd()}\n\n${trailer}`;
};

/** The flag Node's parseArgs names in its message (`'--out <value>'`, `'--bogus'`). */
const flagIn = (message: string): string | undefined => /'(-{1,2}[\w-]+)/.exec(message)?.[1];

/** parseArgs' error as one line that names the flag and says what to do. */
const argumentError = (error: Error & { code?: string }): UserInputError => {
  const flag = flagIn(error.message);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
    return new UserInputError(
      `unknown option ${flag}${didYouMean(flag, FLAGS)}. Run with --help for usage.`,
    );
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    // A value that starts with a dash reads as another option ("argument is ambiguous").
    return new UserInputError(
      /ambiguous/.test(error.message)
        ? `${flag} takes a value; for one that starts with "-", write ${flag}=VALUE.`
        : `${flag} needs a value. Run with --help for usage.`,
    );
  }
  // Node's message goes on about positionals after '--': its first sentence is the useful part.
  const first = /^[^.]*\./.exec(error.message)?.[0] ?? 'invalid arguments.';
  return new UserInputError(`${first} Run with --help for usage.`);
};

export const parse = (argv: string[]) => {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw argumentError(error as Error & { code?: string });
  }
};

export type Values = ReturnType<typeof parse>['values'];
