// The CLI: reads its arguments, answers --help and --version, then loads the command's module
// (lib/cli/commands.ts: the checks, the collectors, the renderers) only to run it.
import packageJson from '../../package.json' with { type: 'json' };
import { UserInputError } from '../errors.ts';
import { renderPublishSummaries } from '../report/publishSummary.ts';
import { PublishError } from '../scan/errors.ts';
import { didYouMean } from '../suggest.ts';
import {
  appliesTo,
  type CliIo,
  COMMANDS,
  type Command,
  commandUsage,
  EXIT,
  parse,
  USAGE,
} from './args.ts';
import type { RunState } from './commands.ts';
import { DeadlineError, deadlineMessage } from './deadline.ts';

export { type CliIo, commandUsage, EXIT, USAGE } from './args.ts';

export const runCli = async (argv: string[], io: CliIo): Promise<number> => {
  const state: RunState = { phase: 'scan' };
  try {
    const { values, positionals } = parse(argv);
    if (values.help || positionals[0] === 'help') {
      const topic = positionals[0] === 'help' ? positionals[1] : positionals[0];
      if (topic === undefined) io.stdout(USAGE);
      else if (COMMANDS.includes(topic as Command)) io.stdout(commandUsage(topic as Command));
      else {
        throw new UserInputError(
          `no help for "${topic}"${didYouMean(topic, COMMANDS)}: the commands are ${COMMANDS.join(', ')}.`,
        );
      }
      return EXIT.OK;
    }
    if (values.version) {
      io.stdout(`${packageJson.version}\n`);
      return EXIT.OK;
    }
    const [typed, ...extra] = positionals;
    if (!typed) throw new UserInputError('no command given. Run with --help for usage.');
    const command = COMMANDS.find((c) => c === typed);
    if (!command) {
      throw new UserInputError(
        `unknown command "${typed}"${didYouMean(typed, COMMANDS)}. Run with --help for usage.`,
      );
    }
    if (extra.length > 0) {
      throw new UserInputError(
        `unexpected argument "${extra[0]}" after ${command}: options start with --. Run with --help for usage.`,
      );
    }
    const misplaced = Object.keys(values).find((option) => !appliesTo(option, command));
    if (misplaced) {
      throw new UserInputError(
        `--${misplaced} does not apply to ${command}. Run ecs-encryption-scanner ${command} --help for its options.`,
      );
    }
    const { runCommand } = await import('./commands.ts');
    return await runCommand(command, values, io, state);
  } catch (error) {
    if (error instanceof UserInputError) {
      io.stderr(`ecs-encryption-scanner: ${error.message}\n`);
      return EXIT.BAD_INPUT;
    }
    if (error instanceof PublishError) {
      // What the regions before it imported, then what failed: one line.
      if (error.done.length > 0) io.stderr(renderPublishSummaries(error.done));
      io.stderr(`ecs-encryption-scanner: ${error.message}\n`);
      return EXIT.SECURITY_HUB_ERROR;
    }
    if (error instanceof DeadlineError) {
      io.stderr(`ecs-encryption-scanner: ${deadlineMessage(error, state.phase)}\n`);
      return EXIT.TIMED_OUT;
    }
    // An internal error: one line; the stack only on request (it may quote data).
    io.stderr(
      `ecs-encryption-scanner: internal error: ${(error as Error).name}. Set DEBUG=ecs-encryption-scanner for details and report it.\n`,
    );
    if (io.env.DEBUG?.includes('ecs-encryption-scanner')) io.stderr(`${(error as Error).stack}\n`);
    return EXIT.INTERNAL_ERROR;
  } finally {
    state.deadline?.clear();
  }
};
