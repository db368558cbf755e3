import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearest } from '../lib/suggest.ts';

describe('editDistance', () => {
  it.each([
    ['scan', 'scan', 0],
    ['scna', 'scan', 1],
    ['snapshto', 'snapshot', 1],
    ['', 'scan', 4],
    ['--fromat', '--format', 1],
    ['--regons', '--regions', 1],
    ['kitten', 'sitting', 3],
  ])('counts %s → %s as %i edits', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
  });
});

describe('nearest', () => {
  const commands = ['scan', 'snapshot'];
  const flags = ['--format', '--fail-on', '--regions', '--snapshot', '--out'];

  it.each<[string, string | undefined, string[]]>([
    ['scna', 'scan', commands],
    ['snapshto', 'snapshot', commands],
    ['SCAN', undefined, commands],
    ['deploy', undefined, commands],
    ['--fromat', '--format', flags],
    ['--regoins', '--regions', flags],
    ['--fail-no', '--fail-on', flags],
    ['--bogus', undefined, flags],
  ])('suggests for %s the word %s', (typed, expected, known) => {
    expect(nearest(typed, known)).toBe(expected);
  });

  it('says nothing when no word is near, and names the word when one is', () => {
    expect(didYouMean('--zzzzzz', ['--format'])).toBe('');
    expect(didYouMean('--formt', ['--format'])).toBe(' (did you mean --format?)');
  });
});
