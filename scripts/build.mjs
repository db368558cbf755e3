// `npm run build`, run by `npm ci` (prepare): the CLI and `npm start` as JavaScript in dist/, so
// they start without compiling TypeScript. Dependencies stay in node_modules (imported, not
// bundled) and every dynamic import stays a chunk of its own (splitting), so a run loads only
// what its command uses: `--version` no AWS SDK client, `scan --snapshot` no collector.
// bin/launch.js runs dist/ only while it is newer than every source listed in its manifest.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

const OUT = 'dist';
const ENTRIES = { cli: 'lib/cli/process.ts', start: 'scripts/start.ts' };

const builtAt = Date.now();
await rm(OUT, { recursive: true, force: true });
await mkdir(OUT, { recursive: true });
const { version } = JSON.parse(await readFile('package.json', 'utf8'));
const { metafile } = await build({
  entryPoints: ENTRIES,
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  define: { __ECS_SCANNER_VERSION__: JSON.stringify(version) },
  metafile: true,
  logLevel: 'warning',
});
const inputs = Object.keys(metafile.inputs).sort();
await writeFile(`${OUT}/manifest.json`, `${JSON.stringify({ builtAt, inputs }, null, 2)}\n`);
