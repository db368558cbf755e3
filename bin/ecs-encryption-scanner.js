#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so a fresh clone needs nothing but `npm ci`.
import { register } from 'tsx/esm/api';

register();
// The AWS SDK's nine-line notice that its releases from January 2027 need Node 22 is printed on
// every live run on Node 20: README "Node versions" says what the project does about it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { runCli } = await import('../lib/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  now: () => new Date(),
  stderrIsTTY: process.stderr.isTTY,
  stdoutIsTTY: process.stdout.isTTY,
  columns: process.stderr.columns,
});
