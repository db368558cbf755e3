import { describe, expect, it } from 'vitest';
import { main } from '../../emulator/cli.ts';

describe('the emulator CLI', () => {
  it.each([
    ['no --snapshot', [], 'give at least one --snapshot FILE.'],
    ['an unknown flag', ['--colour', 'red'], "Unknown option '--colour'"],
    [
      'a snapshot file that is not there',
      ['--snapshot', '/nonexistent/account.json'],
      'cannot read the snapshot file (ENOENT)',
    ],
    ['a file that is not a snapshot', ['--snapshot', 'docs/snapshot-format.md'], 'not valid JSON'],
    [
      'error faults that are not JSON',
      ['--snapshot', 'examples/demo-account.json', '--errors', 'ecs=500'],
      '--errors needs a JSON array of error faults',
    ],
    [
      'a fault for an operation the emulator does not answer',
      ['--snapshot', 'examples/demo-account.json', '--port', '0', '--hang', 'ecs:ListClusterz'],
      'hang[0]: the emulator answers no ecs:ListClusterz.',
    ],
    [
      'short pages for an operation that does not page short',
      [
        '--snapshot',
        'examples/demo-account.json',
        '--port',
        '0',
        '--short-pages',
        'ecs:ListClusters',
      ],
      'shortPages[0]: the emulator answers no short pages for ecs:ListClusters.',
    ],
  ])('refuses %s with one line for the user', async (_name, argv, message) => {
    // Act
    const run = main(argv);

    // Assess
    await expect(run).rejects.toMatchObject({
      name: 'UserInputError',
      message: expect.stringContaining(message),
    });
  });
});
