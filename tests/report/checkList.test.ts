import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import { renderCheckList } from '../../lib/report/checkList.ts';
import { ansi } from '../../lib/report/colour.ts';
import { stripAnsi } from '../support/ansi.ts';

describe('renderCheckList', () => {
  it('prints a header and one row per check: ID, service, severity, title, in aligned columns', () => {
    // Prepare
    const some = checks.filter((c) => c.metadata.service === 'elb');

    // Act
    const lines = renderCheckList(some, 'table').trimEnd().split('\n');

    // Assess
    expect(lines).toHaveLength(some.length + 1);
    expect(lines[0]).toMatch(/^ID +SERVICE +SEVERITY +TITLE$/);
    const titleAt = lines[0]?.indexOf('TITLE');
    for (const [i, check] of some.entries()) {
      const { id, service, severity, title } = check.metadata;
      expect(lines[i + 1]).toMatch(new RegExp(`^${id} +${service} +${severity} +`));
      expect(lines[i + 1]?.indexOf(title)).toBe(titleAt);
    }
  });

  it('prints JSON with the ID, service, severity and title of every check, in registry order', () => {
    // Act
    const listed = JSON.parse(renderCheckList(checks, 'json'));

    // Assess
    expect(listed).toEqual(
      checks.map(({ metadata: { id, service, severity, title } }) => ({
        id,
        service,
        severity,
        title,
      })),
    );
  });

  it('colours only the severities, and keeps the columns aligned', () => {
    // Act
    const coloured = renderCheckList(checks, 'table', { paint: ansi });

    // Assess
    expect(coloured).toContain(`\u001b[1;35mCRITICAL\u001b[0m`);
    expect(stripAnsi(coloured)).toBe(renderCheckList(checks, 'table'));
  });
});
