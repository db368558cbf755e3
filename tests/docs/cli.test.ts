// docs/cli.md documents exactly the CLI's flags, their environment variables and defaults, its
// exit codes, the IAM actions a scan calls, and shows its --help texts as the CLI prints them.
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import { COLLECTOR_ACTIONS, PUBLISHER_ACTIONS } from '../../lib/aws/iamActions.ts';
import { COMMANDS } from '../../lib/cli/args.ts';
import { EXIT, runCli, USAGE } from '../../lib/cli/main.ts';
import { CONFIG_OPTIONS, RUN_OPTIONS } from '../../lib/config.ts';
import { SEVERITIES } from '../../lib/model.ts';
import { servicesOf } from '../../lib/scan/checks.ts';
import { fencedBlock, markedLines, readDoc, sectionOf, tableRows } from './markdown.ts';

const doc = readDoc('docs/cli.md');
/** Options table: flag (first word of the first cell) → [environment variable, default, meaning]. */
const options = new Map(
  [...tableRows(sectionOf(doc, '## Options'))].map(([first, cells]) => [
    first.split(' ')[0] ?? '',
    cells,
  ]),
);
const usageFlags = [...USAGE.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)]
  .map((m) => m[1] ?? '')
  .filter((flag) => flag !== '--help' && flag !== '--version');

describe('docs/cli.md', () => {
  it('has a row for every flag of --help, and no other', () => {
    // Prepare
    expect(usageFlags.length).toBeGreaterThan(10);

    // Act
    const documented = [...options.keys()].sort();

    // Assess
    expect(documented).toEqual([...usageFlags].sort());
  });

  it.each([...Object.entries(CONFIG_OPTIONS), ...Object.entries(RUN_OPTIONS)])(
    'gives the option %s its environment variable and default',
    (_key, option) => {
      // Act
      const [env, fallback] = options.get(option.flag) ?? [];

      // Assess
      expect(env).toBe(`\`${option.env}\``);
      expect(fallback).toBe(option.default === '' ? 'none' : `\`${option.default}\``);
    },
  );

  it('explains every exit code the CLI uses, and no other', () => {
    // Act
    const codes = [...tableRows(sectionOf(doc, '## Output and exit codes')).keys()];

    // Assess
    expect(codes.map(Number).sort()).toEqual(Object.values(EXIT).sort());
  });

  it('lists exactly the IAM actions of a scan and its publishing', () => {
    // Act
    const listed = markedLines(doc, 'iam-actions');

    // Assess
    expect(listed).toEqual([...COLLECTOR_ACTIONS, ...PUBLISHER_ACTIONS]);
  });

  it('shows a usage line for every command of --help, and no other', () => {
    // Prepare
    const commandsOf = (text: string) =>
      [...text.matchAll(/ecs-encryption-scanner ([a-z][\w-]*) /g)].map((m) => m[1]);
    const helpCommands = commandsOf(USAGE.split('\n\n')[0] ?? '');
    expect(helpCommands).toEqual(['scan', 'snapshot', 'list-checks']);

    // Act
    const usageBlock = /```sh\n([\s\S]*?)```/.exec(sectionOf(doc, '## Usage'))?.[1] ?? '';

    // Assess
    expect([...new Set(commandsOf(usageBlock))]).toEqual(helpCommands);
  });

  it('names every service --services takes, and the severities --severity takes', () => {
    // Act
    const [, , services = ''] = options.get('--services') ?? [];
    const [, , severity = ''] = options.get('--severity') ?? [];

    // Assess
    expect([...services.matchAll(/`(\w+)`/g)].map((m) => m[1])).toEqual(servicesOf(checks));
    expect(severity).toContain(`\`${SEVERITIES[0]}\``);
    expect(severity).toContain(`\`${SEVERITIES.at(-1)}\``);
    expect(USAGE).toContain(servicesOf(checks).join(', '));
  });

  it('names in the usage every exit code the CLI uses', () => {
    // Act
    const trailer = USAGE.slice(USAGE.indexOf('Exit codes:'));
    const named = [...trailer.matchAll(/(?:^|[:,] )(\d) /gm)].map((m) => Number(m[1]));

    // Assess
    expect(named.sort()).toEqual(Object.values(EXIT).sort());
  });
});

/** What the CLI prints on stdout for `argv`, run in-process; it must succeed and say nothing else. */
const printed = async (argv: string[]): Promise<string> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    now: () => new Date(0),
  });
  expect({ code, stderr: err.join('') }).toEqual({ code: EXIT.OK, stderr: '' });
  return out.join('');
};

describe('docs/cli.md, The --help texts', () => {
  const texts = sectionOf(doc, '## The --help texts');
  // Each command's own section, with both ways of asking for its usage: a new command needs one.
  const cases: [string, string, string][] = [
    ['--help', '### `--help`', '--help'],
    ['help', '### `--help`', 'help'],
    ...COMMANDS.flatMap((command): [string, string, string][] => [
      [`${command} --help`, `### \`${command} --help\``, `${command} --help`],
      [`help ${command}`, `### \`${command} --help\``, `help ${command}`],
    ]),
  ];

  it.each(cases)(
    'shows exactly what `ecs-encryption-scanner %s` prints, under %s',
    async (_typed, heading, argv) => {
      // Prepare
      const block = fencedBlock(sectionOf(texts, heading), 'text');

      // Act
      const usage = await printed(argv.split(' '));

      // Assess
      expect(usage.length).toBeGreaterThan(500);
      expect(
        block,
        `docs/cli.md's ${heading} block differs from the CLI's text: paste what \`npx tsx bin/ecs-encryption-scanner.js ${argv}\` prints`,
      ).toBe(usage);
    },
  );

  it('has a block for --help and one for each command, and no other', () => {
    // Act
    const headings = [...texts.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    const blocks = [...texts.matchAll(/^```text$/gm)];

    // Assess
    expect(headings).toEqual(['`--help`', ...COMMANDS.map((c) => `\`${c} --help\``)]);
    expect(blocks).toHaveLength(COMMANDS.length + 1);
  });
});

describe('fencedBlock', () => {
  it.each<[string, string, string]>([
    [
      'the lines between the fences, each with its line end',
      'a\n```text\nx\n  y\n\n```\n',
      'x\n  y\n\n',
    ],
    ['the first block of that info string', '```sh\nno\n```\n```text\nyes\n```\n', 'yes\n'],
    ['an empty block as nothing', '```text\n```\n', ''],
  ])('reads %s', (_case, markdown, expected) => {
    // Act
    const block = fencedBlock(markdown, 'text');

    // Assess
    expect(block).toBe(expected);
  });

  it.each([
    ['no block', 'just text\n', /no ```text block/],
    ['a block never closed', '```text\nx\n', /not closed/],
  ])('refuses a document with %s', (_case, markdown, message) => {
    // Act + Assess
    expect(() => fencedBlock(markdown, 'text')).toThrow(message);
  });
});
