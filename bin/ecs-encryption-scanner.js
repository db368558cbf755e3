#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so a fresh clone needs nothing but `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../lib/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  now: () => new Date(),
  stderrIsTTY: process.stderr.isTTY,
  columns: process.stderr.columns,
});
