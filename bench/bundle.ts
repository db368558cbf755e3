// The bench worker bundled as the Lambda functions are (serverless.yml: one tree-shaken, minified
// ES module, every dependency inside, run by plain node), so that its memory is the deployed
// worker's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const WORKER_SOURCE = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** Writes `worker.mjs` into `dir`; its path, and esbuild's metafile (which modules it holds). */
export const bundleWorker = async (dir: string): Promise<{ file: string; metafile: Metafile }> => {
  const file = join(dir, 'worker.mjs');
  const { metafile } = await build({
    entryPoints: [WORKER_SOURCE],
    bundle: true,
    minify: true,
    sourcemap: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // As serverless.yml builds the functions: the version is a constant, package.json stays out.
    define: {
      __ECS_SCANNER_VERSION__: JSON.stringify(
        (
          JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
            version: string;
          }
        ).version,
      ),
    },
    outfile: file,
    metafile: true,
    logLevel: 'warning',
  });
  return { file, metafile };
};
