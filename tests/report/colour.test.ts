import { describe, expect, it } from 'vitest';
import { ansi, colourEnabled, noColorAsked, plain } from '../../lib/report/colour.ts';

describe('colourEnabled', () => {
  it.each<[string, { noColorFlag?: boolean; env: NodeJS.ProcessEnv; isTTY?: boolean }, boolean]>([
    ['colours a terminal', { env: {}, isTTY: true }, true],
    ['does not colour a pipe or a file', { env: {}, isTTY: false }, false],
    ['does not colour an output that does not say it is a terminal', { env: {} }, false],
    [
      'does not colour a terminal with --no-color',
      { noColorFlag: true, env: {}, isTTY: true },
      false,
    ],
    ['does not colour a terminal with NO_COLOR=1', { env: { NO_COLOR: '1' }, isTTY: true }, false],
    [
      'colours a terminal with NO_COLOR empty (no-color.org)',
      { env: { NO_COLOR: '' }, isTTY: true },
      true,
    ],
    ['colours a pipe with FORCE_COLOR=1', { env: { FORCE_COLOR: '1' }, isTTY: false }, true],
    ['colours a pipe with FORCE_COLOR empty, as Node does', { env: { FORCE_COLOR: '' } }, true],
    [
      'does not colour a terminal with FORCE_COLOR=0',
      { env: { FORCE_COLOR: '0' }, isTTY: true },
      false,
    ],
    [
      'does not colour a terminal with FORCE_COLOR=false',
      { env: { FORCE_COLOR: 'false' }, isTTY: true },
      false,
    ],
    [
      'lets NO_COLOR win over FORCE_COLOR',
      { env: { NO_COLOR: '1', FORCE_COLOR: '1' }, isTTY: true },
      false,
    ],
    [
      'lets --no-color win over FORCE_COLOR',
      { noColorFlag: true, env: { FORCE_COLOR: '3' } },
      false,
    ],
  ])('%s', (_name, options, expected) => {
    // Act
    const enabled = colourEnabled(options);

    // Assess
    expect(enabled).toBe(expected);
  });
});

describe('noColorAsked', () => {
  it.each<[string, { noColorFlag?: boolean; env: NodeJS.ProcessEnv }, boolean]>([
    ['says yes to --no-color', { noColorFlag: true, env: {} }, true],
    ['says yes to NO_COLOR=1', { env: { NO_COLOR: '1' } }, true],
    ['says no to NO_COLOR empty (no-color.org)', { env: { NO_COLOR: '' } }, false],
    ['says no without either', { env: {} }, false],
    [
      'says no to FORCE_COLOR=0, which is about forcing colour',
      { env: { FORCE_COLOR: '0' } },
      false,
    ],
  ])('%s', (_name, options, expected) => {
    // Act
    const asked = noColorAsked(options);

    // Assess
    expect(asked).toBe(expected);
  });
});

describe('ansi and plain', () => {
  it.each([
    ['FAILED', '\u001b[1;31mFAILED\u001b[0m'],
    ['PASSED', '\u001b[32mPASSED\u001b[0m'],
    ['CRITICAL', '\u001b[1;35mCRITICAL\u001b[0m'],
    ['NOT_AVAILABLE', '\u001b[2mNOT_AVAILABLE\u001b[0m'],
  ] as const)('wraps %s in its colour and resets after it, or leaves it plain', (tone, painted) => {
    // Act
    const coloured = ansi(tone, tone);
    const uncoloured = plain(tone, tone);

    // Assess
    expect(coloured).toBe(painted);
    expect(uncoloured).toBe(tone);
  });
});
