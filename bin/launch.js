// Loads a command's module: the JavaScript that `npm ci` built (scripts/build.mjs, dist/) when no
// source it was built from has changed since, so a fresh clone starts at once; otherwise the
// TypeScript sources through tsx, so an edited checkout runs what it holds.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

const builtIsCurrent = () => {
  try {
    const { builtAt, inputs } = JSON.parse(
      readFileSync(new URL('dist/manifest.json', root), 'utf8'),
    );
    return inputs.every((input) => statSync(new URL(input, root)).mtimeMs <= builtAt);
  } catch {
    return false;
  }
};

/** `name`: the entry in dist/ (`cli`, `start`); `source`: its TypeScript module, from the root. */
export const load = async (name, source) => {
  if (process.env.ECS_SCANNER_FROM_SOURCE !== '1' && builtIsCurrent()) {
    return import(new URL(`dist/${name}.mjs`, root).href);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(source, root).href);
};
