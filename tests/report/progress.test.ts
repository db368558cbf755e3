import { describe, expect, it } from 'vitest';
import {
  createProgressReporter,
  noProgress,
  type ProgressOptions,
  progressEnabled,
} from '../../lib/report/progress.ts';

const CLEAR = '\r\u001b[2K';

const reporter = (options: Partial<ProgressOptions> = {}) => {
  const written: string[] = [];
  let time = 0;
  const progress = createProgressReporter({
    write: (text) => written.push(text),
    isTTY: true,
    env: {},
    now: () => time,
    intervalMs: 100,
    ...options,
  });
  return { progress, written, tick: (ms: number) => (time += ms) };
};

describe('progressEnabled', () => {
  it.each<[string, boolean | undefined, NodeJS.ProcessEnv, boolean]>([
    ['shows progress on a terminal', true, {}, true],
    ['is silent when stderr is a pipe or a file', false, {}, false],
    ['is silent when nobody knows what stderr is', undefined, {}, false],
    [
      'is silent in Lambda, even on a terminal',
      true,
      { AWS_LAMBDA_FUNCTION_NAME: 'scanner' },
      false,
    ],
    [
      'shows progress when the Lambda variable is empty',
      true,
      { AWS_LAMBDA_FUNCTION_NAME: '' },
      true,
    ],
  ])('%s', (_name, isTTY, env, expected) => {
    expect(progressEnabled(isTTY, env)).toBe(expected);
  });
});

describe('createProgressReporter', () => {
  it('draws one line per update, by region and service, with counts', () => {
    const { progress, written, tick } = reporter();

    progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 3, total: 12 });
    tick(100);
    progress.onProgress({ region: 'us-east-1', service: 'elbv2', done: 2 });
    tick(100);
    progress.onProgress({ region: 'eu-west-1', service: 'ecs', done: 0, total: 7 });

    expect(written).toEqual([
      `${CLEAR}scanning us-east-1: ecs 3/12`,
      `${CLEAR}scanning us-east-1: ecs 3/12, elbv2 2`,
      `${CLEAR}scanning us-east-1: ecs 3/12, elbv2 2 | eu-west-1: ecs 0/7`,
    ]);
  });

  it('redraws at most once per interval, with the latest counts', () => {
    const { progress, written, tick } = reporter();

    progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 1, total: 9 });
    tick(50);
    progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 2, total: 9 });
    tick(50);
    progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 3, total: 9 });

    expect(written).toEqual([
      `${CLEAR}scanning us-east-1: ecs 1/9`,
      `${CLEAR}scanning us-east-1: ecs 3/9`,
    ]);
  });

  it('clears its line when collection ends, and only if it drew one', () => {
    const idle = reporter();
    idle.progress.finish();
    const busy = reporter();
    busy.progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 1 });

    busy.progress.finish();

    expect(idle.written).toEqual([]);
    expect(busy.written.at(-1)).toBe(CLEAR);
  });

  it('names failed calls and throttled attempts beside a service, once there are any', () => {
    const { progress, written, tick } = reporter();

    progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 4, failed: 0, throttled: 0 });
    tick(100);
    progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 5, failed: 1, throttled: 3 });
    tick(100);
    progress.onProgress({ region: 'us-east-1', service: 'ssm', done: 2, throttled: 1 });

    expect(written).toEqual([
      `${CLEAR}scanning us-east-1: ecs 4`,
      `${CLEAR}scanning us-east-1: ecs 5 (1 failed, 3 throttled)`,
      `${CLEAR}scanning us-east-1: ecs 5 (1 failed, 3 throttled), ssm 2 (1 throttled)`,
    ]);
  });

  it('draws nothing of the operation, which would only lengthen the line', () => {
    const { progress, written } = reporter();

    progress.onProgress({
      region: 'us-east-1',
      service: 'ecs',
      operation: 'DescribeServices',
      done: 1,
    });

    expect(written).toEqual([`${CLEAR}scanning us-east-1: ecs 1`]);
  });

  it('clears its line for another line, and draws it again at the next update', () => {
    // Prepare
    const { progress, written, tick } = reporter();
    progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 1 });

    // Act
    progress.clear();
    progress.clear();
    tick(10);
    progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 2 });

    // Assess: one clear (nothing drawn the second time), then the line at once, within the interval.
    expect(written).toEqual([
      `${CLEAR}scanning us-east-1: ecs 1`,
      CLEAR,
      `${CLEAR}scanning us-east-1: ecs 2`,
    ]);
  });

  it('cuts the line to the width of the terminal', () => {
    const { progress, written } = reporter({ columns: 30 });

    progress.onProgress({
      region: 'ap-southeast-2',
      service: 'elasticloadbalancing',
      done: 1200,
      total: 4000,
    });

    expect(written[0]).toBe(`${CLEAR}scanning ap-southeast-2: ela…`);
    expect(written[0]?.length).toBe(CLEAR.length + 29);
  });

  it.each<[string, number | undefined]>([
    ['says nothing of its width', undefined],
    ['says it has 0 columns (its size is unknown)', 0],
  ])('draws up to 100 columns when the terminal %s', (_name, columns) => {
    const { progress, written } = reporter({ columns });

    progress.onProgress({ region: 'us-east-1', service: 'x'.repeat(200), done: 1 });

    expect(written[0]?.length).toBe(CLEAR.length + 99);
  });

  it('never writes a terminal escape sequence that came in a name', () => {
    const { progress, written } = reporter();

    progress.onProgress({ region: 'us-east-1\u001b]0;pwned\u0007', service: 'ecs', done: 1 });

    expect(written[0]?.slice(CLEAR.length)).toBe('scanning us-east-1??0?pwned?: ecs 1');
  });

  it('draws, redraws and clears its line with a carriage return and spaces only, without escapes', () => {
    // Prepare
    const { progress, written, tick } = reporter({ escapes: false });

    // Act
    progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 3, total: 12 });
    tick(100);
    progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 4 });
    progress.clear();
    progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 5 });
    progress.finish();

    // Assess: a shorter line is padded over the longer one it replaces; a clear blanks what was drawn.
    const long = 'scanning us-east-1: ecs 3/12';
    const short = 'scanning us-east-1: ecs 4';
    expect(written).toEqual([
      `\r${long}`,
      `\r${short.padEnd(long.length)}`,
      `\r${' '.repeat(long.length)}\r`,
      '\rscanning us-east-1: ecs 5',
      `\r${' '.repeat('scanning us-east-1: ecs 5'.length)}\r`,
    ]);
    expect(written.join('')).not.toContain('\u001b');
  });

  it('clears nothing without escapes when it drew nothing', () => {
    // Prepare
    const { progress, written } = reporter({ escapes: false });

    // Act
    progress.clear();
    progress.finish();

    // Assess
    expect(written).toEqual([]);
  });

  it.each<[string, Partial<ProgressOptions>]>([
    ['stderr is not a terminal', { isTTY: false }],
    ['it runs in Lambda', { env: { AWS_LAMBDA_FUNCTION_NAME: 'scanner-worker' } }],
  ])('writes nothing when %s', (_name, options) => {
    const { progress, written } = reporter(options);

    progress.onProgress({ region: 'us-east-1', service: 'ecs', done: 1, total: 2 });
    progress.clear();
    progress.finish();

    expect(progress).toBe(noProgress);
    expect(written).toEqual([]);
  });
});
