// lib/cli/args.ts: which options each command takes, its usage, and parse errors as one line.
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import {
  appliesTo,
  COMMANDS,
  type Command,
  commandUsage,
  FLAGS,
  parse,
  USAGE,
} from '../../lib/cli/args.ts';
import { servicesOf } from '../../lib/scan/checks.ts';

describe('appliesTo', () => {
  it.each([
    ['snapshot', 'scan', true],
    ['format', 'scan', true],
    ['include-environment-values', 'scan', false],
    ['include-environment-values', 'snapshot', true],
    ['format', 'snapshot', false],
    ['publish', 'snapshot', false],
    ['regions', 'snapshot', true],
    ['quiet', 'snapshot', true],
    ['no-color', 'snapshot', true],
    ['quiet', 'list-checks', false],
    ['no-color', 'list-checks', true],
    ['severity', 'list-checks', true],
    ['regions', 'list-checks', false],
    ['help', 'list-checks', true],
  ] as const)('says whether --%s applies to %s', (option, command, expected) => {
    // Act + Assess
    expect(appliesTo(option, command)).toBe(expected);
  });
});

describe('commandUsage', () => {
  it.each(COMMANDS)('lists only the options that apply to %s', (command) => {
    // Act
    const usage = commandUsage(command);

    // Assess
    const listed = [...usage.matchAll(/^ {2}(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1] as string);
    const expected = FLAGS.map((flag) => flag.slice(2)).filter((o) => appliesTo(o, command));
    expect(listed).toEqual(expected);
    expect(usage).toContain(`Usage: ecs-encryption-scanner ${command}`);
    expect(usage).toContain('Exit codes:');
  });

  it.each<[Command, string, RegExp]>([
    ['scan', '--quiet', /the report goes only to --out FILE/],
    ['snapshot', '--quiet', /the snapshot still goes to stdout or --out FILE/],
    ['snapshot', '--no-color', /no ANSI escapes: the progress line is drawn with spaces/],
    ['list-checks', '--format', /table \(default\) or json$/],
    ['list-checks', '--no-color', /no colours \(also NO_COLOR=1/],
  ])('says in %s --help what %s does for that command alone', (command, flag, says) => {
    // Act
    const usage = commandUsage(command);

    // Assess: the option's entry, its continuation lines aligned under its text.
    const entry =
      new RegExp(String.raw`^ {2}${flag} .*(?:\n {35}\S.*)*`, 'm').exec(usage)?.[0] ?? '';
    expect(entry.replaceAll(/\n {35}/g, ' ')).toMatch(says);
    expect(entry).not.toMatch(/scan:|snapshot:/);
  });
});

describe('USAGE', () => {
  it('lists the services of the registered checks for --services', () => {
    // Act
    const listed = /--services SERVICE\[,SERVICE…\][^\n]*\n\s+([^\n]+)/.exec(USAGE)?.[1];

    // Assess
    expect(listed?.split(', ')).toEqual(servicesOf(checks));
  });
});

describe('parse', () => {
  it('reads a command and its options', () => {
    // Act
    const { values, positionals } = parse(['scan', '--snapshot', 'a.json', '--quiet']);

    // Assess
    expect(positionals).toEqual(['scan']);
    expect(values).toEqual({ snapshot: 'a.json', quiet: true });
  });

  it.each([
    [
      'an unknown flag, with the nearest one',
      ['scan', '--fromat', 'json'],
      /unknown option --fromat \(did you mean --format\?\)/,
    ],
    ['a flag missing its value', ['scan', '--out'], /^--out needs a value\./],
    [
      'a value that starts with a dash',
      ['scan', '--certificate-expiry-days', '-5'],
      /^--certificate-expiry-days takes a value; for one that starts with "-", write --certificate-expiry-days=VALUE\.$/,
    ],
  ])('refuses %s in one line that names the flag', (_case, argv, message) => {
    // Act + Assess
    expect(() => parse(argv)).toThrow(message);
  });
});
