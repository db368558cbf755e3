// bin/launch.js: the built JavaScript while it is current, the TypeScript sources after an edit.
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../deploy/osls.ts';

// Inside the repository (.scratch*/ is ignored), so that tsx resolves from its node_modules.
const root = mkdtempSync(join(REPO, '.scratch-launch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of bin/launch.js beside a dist/ built at `builtAt` from src/entry.ts. */
const fixture = (name: string, builtAt: number, sourceMtime: number) => {
  const dir = join(root, name);
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  mkdirSync(join(dir, 'src'));
  cpSync(join(REPO, 'bin', 'launch.js'), join(dir, 'bin', 'launch.js'));
  writeFileSync(join(dir, 'src', 'entry.ts'), "export const from: string = 'source';\n");
  utimesSync(join(dir, 'src', 'entry.ts'), sourceMtime / 1000, sourceMtime / 1000);
  writeFileSync(join(dir, 'dist', 'entry.mjs'), "export const from = 'built';\n");
  writeFileSync(
    join(dir, 'dist', 'manifest.json'),
    JSON.stringify({ builtAt, inputs: ['src/entry.ts'] }),
  );
  return dir;
};

const launched = async (dir: string): Promise<string> => {
  const { load } = (await import(pathToFileURL(join(dir, 'bin', 'launch.js')).href)) as {
    load: (name: string, source: string) => Promise<{ from: string }>;
  };
  return (await load('entry', 'src/entry.ts')).from;
};

describe('load', () => {
  const now = Date.now();

  it.each([
    [
      'the built JavaScript when no source changed since the build',
      'current',
      now,
      now - 60_000,
      'built',
    ],
    [
      'the TypeScript source when one changed after the build',
      'edited',
      now - 60_000,
      now,
      'source',
    ],
  ])('runs %s', async (_name, dir, builtAt, sourceMtime, expected) => {
    // Prepare
    const fixtureDir = fixture(dir, builtAt, sourceMtime);

    // Act + Assess
    await expect(launched(fixtureDir)).resolves.toBe(expected);
  });

  it('runs the TypeScript source when there is no build, or its manifest is unreadable', async () => {
    // Prepare
    const missing = fixture('missing', now, now - 60_000);
    rmSync(join(missing, 'dist', 'manifest.json'));
    const broken = fixture('broken', now, now - 60_000);
    writeFileSync(join(broken, 'dist', 'manifest.json'), '{');

    // Act + Assess
    await expect(launched(missing)).resolves.toBe('source');
    await expect(launched(broken)).resolves.toBe('source');
  });
});
