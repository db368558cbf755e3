import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import { renderCatalogue, withCatalogue } from '../../lib/report/catalogue.ts';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('the check catalogue', () => {
  it('has one row per registered check', () => {
    const rows = renderCatalogue(checks).split('\n').slice(2);

    expect(rows).toHaveLength(checks.length);
    for (const { metadata } of checks) expect(rows.join('\n')).toContain(`\`${metadata.id}\``);
  });

  it('links each check to its section in docs/checks.md', () => {
    // Prepare
    const checksDoc = readFileSync(
      join(import.meta.dirname, '..', '..', 'docs', 'checks.md'),
      'utf8',
    );

    // Act
    const rows = renderCatalogue(checks).split('\n').slice(2);

    // Assess
    for (const [index, { metadata }] of checks.entries()) {
      expect(rows[index]).toContain(`[\`${metadata.id}\`](docs/checks.md#${metadata.id})`);
      expect(checksDoc).toContain(`\n### ${metadata.id}\n`);
    }
  });

  it('is current in README.md (run `npm run catalogue` after changing a check)', () => {
    expect(withCatalogue(readme, checks)).toBe(readme);
  });

  it('escapes pipes so a title cannot break the table', () => {
    const [check] = checks;
    if (!check) throw new Error('no check registered');

    const table = renderCatalogue([{ ...check, metadata: { ...check.metadata, title: 'a | b' } }]);

    expect(table).toContain('a \\| b');
  });
});
