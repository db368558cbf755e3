// The CLI run's deadline (--timeout): past it every SDK call is aborted and the run ends with one
// line naming the call it was still waiting for.
import { setMaxListeners } from 'node:events';
import type { CallInFlight, CallsInFlight } from '../aws/sdk.ts';

/** The run's deadline passed; `waitingFor` is the call in flight the longest, if any. */
export class DeadlineError extends Error {
  override readonly name = 'ScanDeadlineError';
  constructor(
    readonly seconds: number,
    readonly waitingFor: (CallInFlight & { ageSeconds: number }) | undefined,
    readonly callsInFlight: number,
  ) {
    super(`the run did not finish within ${seconds} s`);
  }
}

export interface Deadline {
  /** Aborted (its reason the DeadlineError) when the deadline passes. */
  signal: AbortSignal;
  /** Rejects with the DeadlineError when the deadline passes; never resolves. */
  expired: Promise<never>;
  /** Stops the timer (the run ended in time). */
  clear(): void;
}

export const startDeadline = (
  seconds: number,
  calls: CallsInFlight,
  timers: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout } = globalThis,
): Deadline => {
  const controller = new AbortController();
  // Every call in flight listens to it (dozens at once): not the leak Node warns of past 10.
  setMaxListeners(0, controller.signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = timers.setTimeout(() => {
      const call = calls.oldest();
      const error = new DeadlineError(
        seconds,
        call && { ...call, ageSeconds: calls.ageSeconds(call) },
        calls.size,
      );
      controller.abort(error);
      reject(error);
    }, seconds * 1000);
  });
  expired.catch(() => undefined);
  return {
    signal: controller.signal,
    expired,
    clear: () => timers.clearTimeout(timer),
  };
};

/** Where the run was when the deadline passed: what it has and has not done depends on it. */
export type RunPhase = 'snapshot' | 'scan' | 'publish';

const DONE: Record<RunPhase, string> = {
  snapshot: 'no snapshot was written',
  scan: 'no report was written and nothing was imported into Security Hub',
  publish:
    'the report was written; Security Hub may hold part of this run’s findings (what was imported stays, nothing is archived for a check it did not finish): run the scan again to complete it',
};

/** The one line the CLI prints when the deadline passed. */
export const deadlineMessage = (error: DeadlineError, phase: RunPhase): string => {
  const call = error.waitingFor;
  const waiting = call
    ? `${call.service} ${call.operation} in ${call.region} had not answered after ${call.ageSeconds.toFixed(1)} s${error.callsInFlight > 1 ? ` (${error.callsInFlight - 1} other call${error.callsInFlight === 2 ? ' was' : 's were'} waiting too)` : ''}`
    : 'no AWS call was waiting';
  const advice = call
    ? 'Check the network path to that endpoint (proxy, VPC endpoint, AWS_ENDPOINT_URL), or raise --timeout (ECS_SCANNER_TIMEOUT_SECONDS).'
    : 'Raise --timeout (ECS_SCANNER_TIMEOUT_SECONDS).';
  return `the run did not finish within --timeout ${error.seconds} s: ${waiting}; ${DONE[phase]}. ${advice}`;
};
