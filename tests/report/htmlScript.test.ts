import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SCRIPT, scriptSource } from '../../lib/report/htmlScript.ts';

describe('scriptSource', () => {
  it.each([
    ['the report script', SCRIPT],
    ['any other text', 'alert(1)'],
  ])('is the base64 SHA-256 of %s, as CSP hashes are', (_name, text) => {
    const expected = createHash('sha256').update(text, 'utf8').digest('base64');

    expect(scriptSource(text)).toBe(`'sha256-${expected}'`);
  });

  it('changes when the script changes by one character', () => {
    expect(scriptSource(`${SCRIPT} `)).not.toBe(scriptSource());
  });
});

describe('SCRIPT', () => {
  it('cannot end its own element, open a comment or reach the network', () => {
    expect(SCRIPT).not.toMatch(/<\/script|<!--|fetch\(|XMLHttpRequest|import\(|eval\(|innerHTML/i);
  });

  it('reads the filters from the URL fragment and its data from data-* attributes', () => {
    expect(SCRIPT).toContain('location.hash');
    expect(SCRIPT).toContain('row.dataset.status');
  });
});
