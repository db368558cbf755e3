// The CLI's commands: a thin shell around load (or collect) → evaluate → build findings → print.
// Loaded by lib/cli/main.ts only once the arguments name a command, so --version loads none of it.
import { constants, mkdir, open, writeFile } from 'node:fs/promises';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { checks as registeredChecks } from '../../checks/registry.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { CallsInFlight } from '../aws/sdk.ts';
import type { Logger } from '../collect/types.ts';
import {
  commaList,
  type RawConfig,
  refreshDaysSchema,
  regionNamesProblem,
  resolveConfig,
  resolveRunConfig,
} from '../config.ts';
import { UserInputError } from '../errors.ts';
import type { Check } from '../evaluate/check.ts';
import type { ScanResult } from '../evaluate/evaluate.ts';
import { keepEnvironmentValuesOut } from '../evaluate/secrets/redact.ts';
import { SEVERITIES, type Severity } from '../model.ts';
import { CHECK_LIST_FORMATS, type CheckListFormat, renderCheckList } from '../report/checkList.ts';
import { ansi, colourEnabled, noColorAsked, type Paint, plain } from '../report/colour.ts';
import { renderCsv } from '../report/csv.ts';
import { exemptionProblemLines } from '../report/exemptions.ts';
import { renderHtml } from '../report/html.ts';
import { renderJunit } from '../report/junit.ts';
import { renderOcsf } from '../report/ocsf.ts';
import { createProgressReporter, type ProgressEvent } from '../report/progress.ts';
import { renderPublishSummaries } from '../report/publishSummary.ts';
import { renderSarif } from '../report/sarif.ts';
import { failedAtOrAbove, failsAt, summarize } from '../report/summary.ts';
import { renderTable, summaryLine } from '../report/table.ts';
import { CannotIdentifyError, WrongAccountError } from '../scan/errors.ts';
import { scan } from '../scan/scan.ts';
import { takeSnapshot } from '../scan/snapshot.ts';
import { loadSnapshotFile } from '../snapshot/load.ts';
import { didYouMean } from '../suggest.ts';
import { type CliIo, type Command, EXIT, type Values } from './args.ts';
import { type Deadline, type RunPhase, startDeadline } from './deadline.ts';
import { type Format, formatOfPath, type Output, planOutputs } from './formats.ts';
import { checksSelected } from './selection.ts';
import { liveSettingsError, startFailureMessage } from './startErrors.ts';

const parseRegions = (list: string): string[] => {
  const regions = commaList(list);
  const problem = regionNamesProblem(
    regions,
    'expected region names separated by commas, e.g. us-east-1,eu-west-1',
  );
  if (problem) throw new UserInputError(`invalid --regions "${list}": ${problem}.`);
  return regions;
};

/** Collection warnings go to stderr, one line each. */
const stderrLogger = (io: CliIo): Logger => ({
  warn: (message) => io.stderr(`ecs-encryption-scanner: ${message}\n`),
});

/** The collectors, the publisher and the SDK clients load only for runs that call AWS. */
const awsOf = async (deadline: Deadline, calls: CallsInFlight) => {
  const io = await import('../scan/io.ts');
  return { io, clients: io.createClientFactory({ signal: deadline.signal, calls }) };
};

/** Redraws of the progress line: at most 10 a second. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * What a live run reports on stderr: a progress line when stderr is a terminal (not in Lambda),
 * cleared before a warning and at the end, so no other output ever shares it; none with --quiet,
 * and drawn without ANSI escapes with --no-color or NO_COLOR. Past the deadline the collection
 * winds down in the background: its aborted calls say nothing.
 */
const liveReporting = (io: CliIo, deadline: Deadline, values: Values) => {
  const quiet = values.quiet ?? false;
  const progress = createProgressReporter({
    write: io.stderr,
    isTTY: io.stderrIsTTY && !quiet,
    env: io.env,
    now: () => io.now().getTime(),
    intervalMs: PROGRESS_INTERVAL_MS,
    columns: io.columns,
    escapes: !noColorAsked({ noColorFlag: values['no-color'], env: io.env }),
  });
  const logger = stderrLogger(io);
  const live = () => !deadline.signal.aborted;
  return {
    logger: {
      info: () => {},
      // --quiet: the run says at the end whether calls failed, in one line.
      warn: (message: string, fields?: Record<string, unknown>) => {
        if (!live() || quiet) return;
        progress.clear();
        logger.warn(message, fields);
      },
    },
    onProgress: (event: ProgressEvent) => {
      if (live()) progress.onProgress(event);
    },
    finish: () => progress.finish(),
  };
};

const render = (
  format: Format,
  scan: ScanResult,
  findings: readonly AwsSecurityFinding[],
  checks: readonly Check[],
  paint: Paint = plain,
): string => {
  if (format === 'table') return renderTable(scan, checks, { paint });
  if (format === 'html') return renderHtml(scan, checks, { version: packageJson.version });
  if (format === 'sarif') return renderSarif(scan, checks, { version: packageJson.version });
  if (format === 'junit') return renderJunit(scan, checks, { version: packageJson.version });
  if (format === 'csv') return renderCsv(scan, checks);
  if (format === 'ocsf') return renderOcsf(scan, checks, { version: packageJson.version });
  if (format === 'json') {
    return `${JSON.stringify(
      { ...scan, summary: summarize(scan.results), checks: checks.map((c) => c.metadata) },
      null,
      2,
    )}\n`;
  }
  return `${JSON.stringify(findings, null, 2)}\n`;
};

const parseRefreshDays = (value: string | undefined): number => {
  if (value === undefined) return 7;
  const parsed = refreshDaysSchema.safeParse(value);
  if (!parsed.success) {
    throw new UserInputError(
      `invalid --refresh-days "${value}": ${parsed.error.issues[0]?.message ?? 'invalid value'}.`,
    );
  }
  return parsed.data;
};

/** `--no-exemption-tags` turns tag exemptions off; without it the environment or default decides. */
const exemptionTagsFlag = (values: Values): false | undefined =>
  values['no-exemption-tags'] ? false : undefined;

const SNAPSHOT_FILE_MODE = 0o600;

/**
 * Writes `text` to --out FILE; a path that cannot be written is the user's to fix. A private file
 * (a snapshot) is made readable by its owner only, an existing one too, before anything is
 * written to it: opened without truncating, narrowed, then truncated and written.
 */
const writeOut = async (
  file: string,
  text: string,
  what: string,
  options: { private?: boolean; flag?: string } = {},
): Promise<void> => {
  const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'unknown error';
  const cannot = (error: unknown) =>
    new UserInputError(
      `${file}: cannot write the ${what} (${codeOf(error)}). Check the path given to ${options.flag ?? '--out'}.`,
    );
  if (!options.private) {
    await writeFile(file, text).catch((error) => {
      throw cannot(error);
    });
    return;
  }
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT, SNAPSHOT_FILE_MODE).catch(
    (error) => {
      throw cannot(error);
    },
  );
  try {
    // A device or a pipe (--out /dev/stdout) keeps its mode.
    if ((await handle.stat()).isFile()) {
      await handle.chmod(SNAPSHOT_FILE_MODE).catch((error) => {
        throw new UserInputError(
          `${file}: cannot make the ${what} readable by its owner only (${codeOf(error)}); nothing was written. Check the path given to --out.`,
        );
      });
      await handle.truncate(0);
    }
    await handle.writeFile(text);
  } catch (error) {
    throw error instanceof UserInputError ? error : cannot(error);
  } finally {
    await handle.close();
  }
};

/** Each report to its place: stdout, --out FILE, or --out-dir DIR (created when missing). */
const writeReports = async (
  outputs: readonly Output[],
  outDir: string | undefined,
  io: CliIo,
  quiet: boolean,
  text: (format: Format, file: string | undefined) => string,
): Promise<void> => {
  if (outDir !== undefined) {
    await mkdir(outDir, { recursive: true }).catch((error) => {
      throw new UserInputError(
        `${outDir}: cannot create the report directory (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}). Check the path given to --out-dir.`,
      );
    });
  }
  for (const { format, file } of outputs) {
    const report = text(format, file);
    if (file === undefined) {
      io.stdout(report);
      continue;
    }
    await writeOut(file, report, `${format} report`, { flag: outDir ? '--out-dir' : '--out' });
    if (!quiet) io.stderr(`ecs-encryption-scanner: ${format} report written to ${file}.\n`);
  }
};

/** What the snapshot holds, said once on stderr whenever one is written. */
const snapshotNotice = (out: string | undefined, withValues: boolean): string => {
  const where = out ? `${out} holds` : 'the snapshot holds';
  const what = withValues
    ? "the account's configuration, including any plain-text secrets: container environment values are in it (--include-environment-values)"
    : "the account's configuration: container environment values are left out (only the checks' verdict on each is kept), but other fields may hold plain-text secrets (commands, labels, log options)";
  const mode = out ? ' (the file is readable by its owner only, mode 0600)' : '';
  return `ecs-encryption-scanner: ${where} ${what}. Keep it private${mode}.\n`;
};

/** A snapshot file with the failures it recorded; a snapshot@1 file records none, so says so. */
const readSnapshot = async (file: string, io: CliIo, publishing: boolean, quiet = false) => {
  const snapshot = await loadSnapshotFile(file);
  if (snapshot.failuresUnknown && publishing && !quiet) {
    io.stderr(
      `ecs-encryption-scanner: ${file} is a snapshot@1 file, which does not record the calls that failed while it was taken: publishing it archives no finding (a resource it lacks may have been missed, not deleted). Take a new snapshot to publish it in full.\n`,
    );
  }
  return { snapshot, failures: snapshot.failures ?? [] };
};

/** `list-checks`: the checks the filters select, on stdout. */
const runListChecks = async (values: Values, io: CliIo): Promise<number> => {
  // As for scan, --out's ending names the format when --format does not (checks.json: JSON).
  const named = values.out === undefined ? undefined : formatOfPath(values.out);
  const format = values.format ?? (named === 'json' ? 'json' : 'table');
  if (!CHECK_LIST_FORMATS.includes(format as CheckListFormat)) {
    throw new UserInputError(
      `invalid --format "${format}" for list-checks${didYouMean(format, CHECK_LIST_FORMATS)}: expected ${CHECK_LIST_FORMATS.join(' or ')}.`,
    );
  }
  const { checks } = checksSelected(registeredChecks, values);
  const paint = values.out ? plain : paintFor(values, io);
  const list = renderCheckList(checks, format as CheckListFormat, { paint });
  if (values.out) await writeOut(values.out, list, 'check list');
  else io.stdout(list);
  return EXIT.OK;
};

/** Colours on stdout when it is a terminal (or FORCE_COLOR), unless --no-color or NO_COLOR. */
const paintFor = (values: Values, io: CliIo): Paint =>
  colourEnabled({ noColorFlag: values['no-color'], env: io.env, isTTY: io.stdoutIsTTY })
    ? ansi
    : plain;

/** `snapshot`: collect the live account and write its snapshot (stdout, or --out FILE). */
const runSnapshot = async (
  values: Values,
  io: CliIo,
  deadline: Deadline,
  inFlight: CallsInFlight,
): Promise<number> => {
  if (!values.regions) throw new UserInputError('snapshot needs --regions REGION[,REGION…].');
  const regions = parseRegions(values.regions);
  const config = resolveConfig(
    {
      allLoadBalancers: values['all-load-balancers'],
      allMeshes: values['all-meshes'],
      exemptionTags: exemptionTagsFlag(values),
    },
    io.env,
  );
  const withValues = values['include-environment-values'] ?? false;
  const { io: scanIo, clients } = await awsOf(deadline, inFlight);
  const quiet = values.quiet ?? false;
  const reporting = liveReporting(io, deadline, values);
  const collected = await Promise.race([
    takeSnapshot({ regions }, { io: scanIo, clients, config, ...reporting }).finally(
      reporting.finish,
    ),
    deadline.expired,
  ]);
  const failures = collected.failures ?? [];
  const snapshot = withValues ? collected : await keepEnvironmentValuesOut(collected);
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  if (values.out) {
    await writeOut(values.out, text, 'snapshot file', { private: true });
  } else {
    io.stdout(text);
  }
  const calls = failures.reduce((n, f) => n + f.count, 0);
  // The summary line; with --quiet the only line, so it says where the failed calls are listed.
  const failed = calls
    ? `; ${calls} call(s) failed after retries, their data is left out (not collected)${quiet ? '. Run without --quiet for the list' : ''}`
    : '';
  io.stderr(
    `ecs-encryption-scanner: snapshot of account ${snapshot.accountId}, ${regions.join(', ')}${values.out ? ` written to ${values.out}` : ''}${failed}.\n`,
  );
  if (!quiet) io.stderr(snapshotNotice(values.out, withValues));
  return values['fail-on-incomplete'] && failures.length > 0 ? EXIT.INCOMPLETE : EXIT.OK;
};

/** One line for what stopped the scan before it judged anything (a setting, the credentials). */
const scanStartError = (error: unknown, env: NodeJS.ProcessEnv): UserInputError | undefined => {
  if (error instanceof CannotIdentifyError)
    return new UserInputError(startFailureMessage(error, env));
  if (error instanceof WrongAccountError) return new UserInputError(error.message);
  return undefined;
};

/** What main.ts needs to report how a run ended: the deadline once started, the phase it was in. */
export interface RunState {
  phase: RunPhase;
  deadline?: Deadline;
}

/** Runs a command whose arguments main.ts has checked; its errors are main.ts's to report. */
export const runCommand = async (
  command: Command,
  values: Values,
  io: CliIo,
  state: RunState,
): Promise<number> => {
  if (command === 'list-checks') return await runListChecks(values, io);
  if (values.snapshot && values.regions) {
    throw new UserInputError(
      'give either --snapshot FILE or --regions REGION[,REGION…], not both.',
    );
  }
  const badSetting = values.regions ? liveSettingsError(io.env) : undefined;
  if (badSetting) throw new UserInputError(badSetting);
  const { timeoutSeconds } = resolveRunConfig({ timeoutSeconds: values.timeout }, io.env);
  const calls = new CallsInFlight();
  const deadline = startDeadline(timeoutSeconds, calls);
  state.deadline = deadline;
  if (command === 'snapshot') {
    state.phase = 'snapshot';
    return await runSnapshot(values, io, deadline, calls);
  }
  if (!values.snapshot && !values.regions) {
    throw new UserInputError(
      'scan needs --snapshot FILE (an account snapshot, see docs/snapshot-format.md) or --regions REGION[,REGION…] (a live scan).',
    );
  }
  const regions = values.regions ? parseRegions(values.regions) : undefined;
  const { outputs, warnings } = planOutputs({
    format: values.format,
    out: values.out,
    outDir: values['out-dir'],
  });
  for (const warning of warnings) io.stderr(`ecs-encryption-scanner: ${warning}\n`);
  const failOn = values['fail-on']?.toUpperCase() as Severity | undefined;
  if (failOn !== undefined && !SEVERITIES.includes(failOn)) {
    throw new UserInputError(
      `invalid --fail-on "${values['fail-on']}": expected one of ${SEVERITIES.join(', ')}.`,
    );
  }
  const flags: RawConfig = {
    allLoadBalancers: values['all-load-balancers'],
    allMeshes: values['all-meshes'],
    confidentialTag: values['confidential-tag'],
    tlsPolicyProfile: values['tls-policy-profile'],
    certificateExpiryDays: values['certificate-expiry-days'],
    exemptionTags: exemptionTagsFlag(values),
    exemptionsFile: values.exemptions,
  };
  const config = resolveConfig(flags, io.env);
  const { selection, checks } = checksSelected(registeredChecks, values);
  const quiet = values.quiet ?? false;
  const toStdout = outputs.find((o) => o.file === undefined);
  if (quiet && toStdout && toStdout.format !== 'table') {
    throw new UserInputError(
      `--quiet prints only the summary line: give --out FILE for the ${toStdout.format} report, or leave out --quiet.`,
    );
  }
  // Colours only on the terminal: never in a file.
  const paint = paintFor(values, io);
  if (values['dry-run'] && !values.publish)
    throw new UserInputError('--dry-run goes with --publish.');
  const refreshDays = parseRefreshDays(values['refresh-days']);
  const publish = values.publish ? (values['dry-run'] ? 'dry-run' : 'publish') : 'none';
  const snapshot = values.snapshot
    ? (await readSnapshot(values.snapshot, io, publish !== 'none', quiet)).snapshot
    : undefined;
  const aws = regions || publish !== 'none' ? await awsOf(deadline, calls) : undefined;
  const reporting = liveReporting(io, deadline, values);
  const run = scan(
    {
      regions: regions ?? Object.keys(snapshot?.regions ?? {}),
      snapshot,
      checkIds: selection.checks,
      excludeCheckIds: selection.excludeChecks,
      services: selection.services,
      minSeverity: selection.minSeverity,
      publish,
    },
    {
      registry: registeredChecks,
      ...aws,
      config,
      refreshDays,
      clock: { now: io.now },
      logger: reporting.logger,
      onProgress: reporting.onProgress,
      // The report is out before anything is imported: a Security Hub failure cannot cost it.
      beforePublish: async ({ scan: result, findings }) => {
        reporting.finish();
        if (!quiet) {
          for (const line of exemptionProblemLines(result))
            io.stderr(`ecs-encryption-scanner: ${line}
`);
        }
        // --quiet: the summary line instead of the report on stdout; the files all the same.
        const written = quiet ? outputs.filter((o) => o.file !== undefined) : outputs;
        await writeReports(written, values['out-dir'], io, quiet, (format, file) =>
          render(format, result, findings, checks, file === undefined ? paint : plain),
        );
        if (quiet)
          io.stdout(`${summaryLine(result, paint)}
`);
        state.phase = 'publish';
      },
    },
  ).catch((error: unknown) => {
    throw scanStartError(error, io.env) ?? error;
  });
  const outcome = await Promise.race([run.finally(reporting.finish), deadline.expired]);
  const failedCalls = outcome.failures.reduce((n, f) => n + f.count, 0);
  if (quiet && failedCalls > 0) {
    // The one warning --quiet keeps: without it an incomplete scan would look complete.
    io.stderr(
      `ecs-encryption-scanner: ${failedCalls} call(s) failed after retries: the scan is incomplete (their checks report NOT_AVAILABLE). Run without --quiet for the list.\n`,
    );
  }
  if (publish !== 'none') {
    const summaries = outcome.regions.flatMap((r) => (r.publish ? [r.publish] : []));
    // stdout carries only the findings in the machine formats: the summary goes with the table.
    (outputs.some((o) => o.format === 'table') ? io.stdout : io.stderr)(
      renderPublishSummaries(summaries),
    );
    if (summaries.some((s) => s.failed > 0)) return EXIT.PUBLISH_FAILED;
  }
  if (failOn && failsAt(outcome.scan.results, failOn)) {
    io.stderr(`ecs-encryption-scanner: ${failedAtOrAbove(outcome.scan.results, failOn)}\n`);
    return EXIT.FINDINGS_AT_THRESHOLD;
  }
  return values['fail-on-incomplete'] && outcome.failures.length > 0 ? EXIT.INCOMPLETE : EXIT.OK;
};
