// docs/cli.md documents exactly the CLI's flags, their environment variables and defaults, its
// exit codes and the IAM actions a scan calls.
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import { COLLECTOR_ACTIONS, PUBLISHER_ACTIONS } from '../../lib/aws/iamActions.ts';
import { EXIT, USAGE } from '../../lib/cli/main.ts';
import { CONFIG_OPTIONS, RUN_OPTIONS } from '../../lib/config.ts';
import { SEVERITIES } from '../../lib/model.ts';
import { servicesOf } from '../../lib/scan/checks.ts';
import { markedLines, readDoc, sectionOf, tableRows } from './markdown.ts';

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
