// Progress of a live scan on a terminal: one line on stderr, rewritten in place, per region and
// service with counts. Silent when stderr is not a terminal (a pipe, a file, CI logs) and in
// Lambda, where stderr is the function's log.
//
// Collectors report through `onProgress`; they do not know whether anyone is watching.

export interface ProgressEvent {
  region: string;
  /** The service being collected, e.g. `ecs`, `elbv2`. */
  service: string;
  /** The API operation that just ended, e.g. `DescribeServices` (not drawn: the line stays short). */
  operation?: string;
  /** Items (calls answered, resources described) done so far for this region and service. */
  done: number;
  /** The items expected, when known (after listing); absent while still listing. */
  total?: number;
  /** Calls that failed after the SDK's retries, so far. */
  failed?: number;
  /** Attempts AWS answered with throttling, so far (each one retried by the SDK). */
  throttled?: number;
}

export interface ProgressReporter {
  onProgress(event: ProgressEvent): void;
  /** Clears the line before another line goes to the stream; the next update draws it again. */
  clear(): void;
  /** Clears the line; call once when collection ends (also after a failure). */
  finish(): void;
}

export interface ProgressOptions {
  write: (text: string) => void;
  /** Whether the stream is a terminal (`process.stderr.isTTY`). */
  isTTY: boolean | undefined;
  env: NodeJS.ProcessEnv;
  /** Milliseconds; the line is redrawn at most every `intervalMs`. */
  now?: () => number;
  intervalMs?: number;
  /** The terminal's width in columns; the line is cut to fit. */
  columns?: number;
  /**
   * false (`--no-color`, NO_COLOR): no ANSI escape at all; the line is redrawn and cleared with a
   * carriage return and spaces. Default true: cleared with the erase-line sequence.
   */
  escapes?: boolean;
}

export const noProgress: ProgressReporter = {
  onProgress: () => {},
  clear: () => {},
  finish: () => {},
};

const CLEAR_LINE = '\r\u001b[2K';

/** Only what a region or service name can hold: no escape sequence from anywhere reaches the terminal. */
const printable = (text: string) => text.replace(/[^\w.:/-]/g, '?');

export const progressEnabled = (isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean =>
  isTTY === true && !env.AWS_LAMBDA_FUNCTION_NAME;

/** ` (2 failed, 5 throttled)`, or nothing while every call succeeds at once. */
const trouble = (event: ProgressEvent): string => {
  const parts = [
    event.failed ? `${event.failed} failed` : '',
    event.throttled ? `${event.throttled} throttled` : '',
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
};

/**
 * The progress line, e.g.
 * `scanning us-east-1: ecs 12/40, elbv2 3 (1 failed, 4 throttled) | eu-west-1: ecs 0/7`.
 */
export const progressLine = (state: ReadonlyMap<string, ReadonlyMap<string, ProgressEvent>>) =>
  `scanning ${[...state]
    .map(
      ([region, services]) =>
        `${printable(region)}: ${[...services.values()]
          .map(
            (e) =>
              `${printable(e.service)} ${e.done}${e.total === undefined ? '' : `/${e.total}`}${trouble(e)}`,
          )
          .join(', ')}`,
    )
    .join(' | ')}`;

export const createProgressReporter = (options: ProgressOptions): ProgressReporter => {
  if (!progressEnabled(options.isTTY, options.env)) return noProgress;
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 100;
  // A terminal that does not know its size says 0 columns.
  const columns = Math.max(20, options.columns || 100);
  const state = new Map<string, Map<string, ProgressEvent>>();
  const escapes = options.escapes ?? true;
  let drawnAt = Number.NEGATIVE_INFINITY;
  let drawn = false;
  // Without escapes, the columns the line has covered since it was last cleared: spaces blank them.
  let covered = 0;
  const draw = (line: string) => {
    if (escapes) return options.write(`${CLEAR_LINE}${line}`);
    covered = Math.max(covered, line.length);
    options.write(`\r${line.padEnd(covered)}`);
  };
  const clearLine = () => {
    if (escapes) return options.write(CLEAR_LINE);
    options.write(`\r${' '.repeat(covered)}\r`);
    covered = 0;
  };
  return {
    onProgress: (event) => {
      const services = state.get(event.region) ?? new Map<string, ProgressEvent>();
      services.set(event.service, event);
      state.set(event.region, services);
      const time = now();
      if (time - drawnAt < interval) return;
      drawnAt = time;
      drawn = true;
      const line = progressLine(state);
      draw(line.length > columns - 1 ? `${line.slice(0, columns - 2)}…` : line);
    },
    clear: () => {
      if (drawn) clearLine();
      drawn = false;
      // The line comes back with the next update, whatever the interval.
      drawnAt = Number.NEGATIVE_INFINITY;
    },
    finish: () => {
      if (drawn) clearLine();
      drawn = false;
      state.clear();
    },
  };
};
