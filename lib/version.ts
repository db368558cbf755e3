// The scanner's version, written into every finding. The Lambda bundles get it from esbuild's
// `define` (serverless.yml), so package.json — its whole dependency list — stays out of them;
// tsx, vitest and the CLI read package.json, once, when first asked.
import { readFileSync } from 'node:fs';

declare const __ECS_SCANNER_VERSION__: string | undefined;

let cached: string | undefined;

export const productVersion = (): string => {
  if (typeof __ECS_SCANNER_VERSION__ === 'string') return __ECS_SCANNER_VERSION__;
  cached ??= (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;
  return cached;
};
