#!/usr/bin/env node
// The CLI: its built JavaScript, or its TypeScript sources after an edit (bin/launch.js).
import { load } from './launch.js';

// The AWS SDK's nine-line notice that its releases from January 2027 need Node 22 is printed on
// every live run on Node 20: README "Node versions" says what the project does about it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { runFromProcess } = await load('cli', 'lib/cli/process.ts');
process.exitCode = await runFromProcess();
