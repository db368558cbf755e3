// Colours for statuses and severities on a terminal: plain ANSI SGR codes (no dependency, and the
// same bytes on every Node version, which `util.styleText`'s stream checks are not).
import type { ComplianceStatus, Severity } from '../model.ts';

export type Tone = ComplianceStatus | Severity;

/** Wraps `text` in the tone's colour, or leaves it as it is. */
export type Paint = (text: string, tone: Tone) => string;

export const plain: Paint = (text) => text;

const SGR: Record<Tone, string> = {
  FAILED: '1;31',
  WARNING: '33',
  NOT_AVAILABLE: '2',
  PASSED: '32',
  CRITICAL: '1;35',
  HIGH: '31',
  MEDIUM: '33',
  LOW: '36',
  INFORMATIONAL: '2',
};

export const ansi: Paint = (text, tone) => `\u001b[${SGR[tone]}m${text}\u001b[0m`;

/**
 * Whether the user asked for no colour: `--no-color`, or NO_COLOR set to anything but the empty
 * string (no-color.org). Then nothing the CLI writes carries an ANSI escape, the progress line
 * included.
 */
export const noColorAsked = (options: { noColorFlag?: boolean; env: NodeJS.ProcessEnv }): boolean =>
  options.noColorFlag === true || Boolean(options.env.NO_COLOR);

/**
 * Whether output to a stream is coloured. `--no-color` and NO_COLOR (any non-empty value,
 * no-color.org) always win; FORCE_COLOR (set, even empty, and not 0 or false, as Node and
 * supports-color read it) colours a pipe too (CI logs);
 * otherwise only a terminal is coloured. NO_COLOR wins over FORCE_COLOR because test runners and
 * CI set FORCE_COLOR for the user, while NO_COLOR is the user's own choice.
 */
export const colourEnabled = (options: {
  noColorFlag?: boolean;
  env: NodeJS.ProcessEnv;
  isTTY?: boolean;
}): boolean => {
  const { env } = options;
  if (noColorAsked(options)) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return options.isTTY === true;
};
