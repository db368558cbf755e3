// The CLI on this process's arguments, streams and environment (bin/ecs-encryption-scanner.js).
import { runCli } from './main.ts';

export const runFromProcess = (): Promise<number> =>
  runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    now: () => new Date(),
    stderrIsTTY: process.stderr.isTTY,
    stdoutIsTTY: process.stdout.isTTY,
    columns: process.stderr.columns,
  });
