// The layout's rules (docs/architecture.md), read from the code's own imports: no import circle,
// and each folder imports only the folders below it in the pipeline.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const TREES = ['lib', 'checks', 'emulator', 'handlers', 'bench', 'scripts'];

const sourcesUnder = (folder: string): string[] =>
  readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file));

/** The repository files a source imports (relative specifiers, static or dynamic, types too). */
const importsOf = (file: string, text: string): string[] =>
  [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+\.ts)'/g)].map((m) =>
    normalize(join(dirname(file), m[1] as string)),
  );

const graph = new Map(
  TREES.flatMap(sourcesUnder).map((file) => [
    file,
    importsOf(file, readFileSync(join(ROOT, file), 'utf8')),
  ]),
);

/** Every import circle of a graph, each as the files of one strongly connected component. */
const circlesOf = (edges: ReadonlyMap<string, readonly string[]>): string[][] => {
  // Tarjan's algorithm.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let next = 0;
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) as number, index.get(to) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfImport = edges.get(node)?.includes(node);
      if (component.length > 1 || selfImport) circles.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return circles;
};

/**
 * What each folder of lib/ may import, besides itself: the pipeline's stages in order, the AWS
 * helpers and the domain model below them, the entry points (cli, lambda) above everything.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  'lib/model.ts': ['lib/snapshot'],
  'lib/errors.ts': [],
  'lib/version.ts': [],
  'lib/suggest.ts': [],
  'lib/config.ts': ['lib/aws', 'lib/errors.ts', 'lib/suggest.ts'],
  'lib/snapshot': ['lib/aws', 'lib/errors.ts'],
  'lib/aws': ['lib/snapshot'],
  'lib/collect': [
    'lib/aws',
    'lib/snapshot',
    'lib/config.ts',
    'lib/errors.ts',
    'lib/report/progress.ts',
  ],
  'lib/evaluate': ['lib/model.ts', 'lib/aws', 'lib/snapshot', 'lib/config.ts', 'lib/errors.ts'],
  'lib/findings': ['lib/model.ts', 'lib/aws', 'lib/evaluate', 'lib/snapshot', 'lib/version.ts'],
  'lib/publish': ['lib/model.ts', 'lib/aws', 'lib/evaluate', 'lib/findings', 'lib/snapshot'],
  'lib/report': [
    'lib/model.ts',
    'lib/evaluate',
    'lib/findings',
    'lib/publish',
    'lib/snapshot',
    'lib/version.ts',
  ],
  'lib/scan': [
    'lib/model.ts',
    'lib/aws',
    'lib/snapshot',
    'lib/collect',
    'lib/evaluate',
    'lib/findings',
    'lib/publish',
    'lib/report',
    'lib/config.ts',
    'lib/errors.ts',
    'lib/suggest.ts',
    'lib/version.ts',
  ],
};

const folderOf = (file: string): string | undefined =>
  Object.keys(MAY_IMPORT)
    .filter((key) => file === key || file.startsWith(`${key}/`))
    .sort((a, b) => b.length - a.length)[0];

describe('the import graph', () => {
  it('finds a circle in a graph that has one, and none in one that has none', () => {
    // Prepare
    const withCircle = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    const withoutCircle = new Map([
      ['a.ts', ['b.ts', 'c.ts']],
      ['b.ts', ['c.ts']],
    ]);

    // Act
    const found = [circlesOf(withCircle), circlesOf(withoutCircle)];

    // Assess
    expect(found).toEqual([[['a.ts', 'b.ts', 'c.ts']], []]);
  });

  it('reads static, dynamic and type imports', () => {
    // Prepare
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b/b.ts';",
      "const c = await import('./c.ts');",
      "import { d } from 'node:fs';",
    ].join('\n');

    // Act
    const imports = importsOf('lib/x/y.ts', text);

    // Assess
    expect(imports).toEqual(['lib/x/a.ts', 'lib/b/b.ts', 'lib/x/c.ts']);
  });

  it.each(TREES)('has no import circle in %s/', (tree) => {
    // Prepare
    const edges = new Map([...graph].filter(([file]) => file.startsWith(`${tree}/`)));

    // Act
    const circles = circlesOf(edges);

    // Assess
    expect(circles).toEqual([]);
  });

  it('has no import circle across the trees', () => {
    expect(circlesOf(graph)).toEqual([]);
  });

  it('keeps every folder of lib/ to the folders below it (docs/architecture.md)', () => {
    // Prepare
    const deep = [...graph].filter(([file]) => folderOf(file));

    // Act
    const wrong = deep.flatMap(([file, imports]) => {
      const own = folderOf(file) as string;
      const allowed = [own, ...(MAY_IMPORT[own] ?? [])];
      return imports
        .filter((to) => !allowed.some((a) => to === a || to.startsWith(`${a}/`)))
        .map((to) => `${file} -> ${relative(ROOT, join(ROOT, to))}`);
    });

    // Assess
    expect(wrong).toEqual([]);
  });

  it.each([
    // A check reads the model, the engine's helpers and the snapshot: no collector, no publisher.
    [
      'checks',
      ['checks', 'lib/model.ts', 'lib/evaluate', 'lib/snapshot', 'lib/aws/arn.ts', 'lib/config.ts'],
    ],
    // The emulator is an independent implementation: it shares only the snapshot it is seeded with.
    ['emulator', ['emulator', 'lib/snapshot', 'lib/aws/arn.ts', 'lib/errors.ts']],
  ])('keeps %s/ to what it may import', (tree, allowed) => {
    // Act
    const wrong = [...graph]
      .filter(([file]) => file.startsWith(`${tree}/`))
      .flatMap(([file, imports]) =>
        imports
          .filter((to) => !allowed.some((a) => to === a || to.startsWith(`${a}/`)))
          .map((to) => `${file} -> ${to}`),
      );

    // Assess
    expect(wrong).toEqual([]);
  });

  it('has every folder of lib/ under a rule, so that a new one is placed on purpose', () => {
    // Prepare
    const entryPoints = ['lib/cli', 'lib/lambda'];

    // Act
    const unplaced = [...graph.keys()].filter(
      (file) =>
        file.startsWith('lib/') &&
        !folderOf(file) &&
        !entryPoints.some((e) => file.startsWith(`${e}/`)),
    );

    // Assess
    expect(unplaced).toEqual([]);
  });

  it('loads no npm package before the CLI knows its command: --version and --help start at once', () => {
    // Prepare: value imports only (a type import is erased, a dynamic one loads on demand).
    const staticImports = (file: string): string[] =>
      [
        ...readFileSync(join(ROOT, file), 'utf8').matchAll(
          /^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm,
        ),
      ].map((m) => m[1] as string);
    const loaded = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const specifier of staticImports(file)) {
        if (specifier.startsWith('.')) {
          const to = normalize(join(dirname(file), specifier));
          if (to.endsWith('.ts')) visit(to);
        } else if (!specifier.startsWith('node:')) packages.add(`${file} -> ${specifier}`);
      }
    };

    // Act
    visit('lib/cli/process.ts');

    // Assess
    expect(loaded).not.toContain('lib/cli/commands.ts');
    expect([...packages]).toEqual([]);
  });

  it('imports the check registry only from the entry points: lib/ is handed the checks', () => {
    // Act
    const importers = [...graph]
      .filter(([, imports]) => imports.includes('checks/registry.ts'))
      .map(([file]) => file)
      .filter((file) => file.startsWith('lib/') && folderOf(file));

    // Assess
    expect(importers).toEqual([]);
  });
});
