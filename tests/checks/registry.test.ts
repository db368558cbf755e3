// Meta-tests over the registry: every check is registered once, named after its file, tested,
// and its metadata fits what Security Hub accepts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import { ASFF_LIMITS } from '../../lib/findings/limits.ts';
import { SEVERITIES } from '../../lib/model.ts';

const root = join(import.meta.dirname, '..', '..');
const checkFiles = readdirSync(join(root, 'checks'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) =>
    readdirSync(join(root, 'checks', dir.name))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => ({
        service: dir.name,
        id: basename(file, '.ts'),
        path: join('checks', dir.name, file),
      })),
  );

describe('the check registry', () => {
  it('has no two checks with the same ID', () => {
    const ids = checks.map((c) => c.metadata.id);

    expect(new Set(ids).size).toBe(ids.length);
  });

  it('registers every check file, and nothing else', () => {
    expect(checks.map((c) => c.metadata.id).sort()).toEqual(checkFiles.map((f) => f.id).sort());
  });

  it.each(checkFiles)('names $path after the check it exports', async ({ path, id, service }) => {
    const module = (await import(join(root, path))) as {
      check?: { metadata: { id: string; service: string } };
    };

    expect(module.check?.metadata.id).toBe(id);
    expect(module.check?.metadata.service).toBe(service);
  });
});

describe.each(checks.map((c) => [c.metadata.id, c.metadata] as const))(
  'check %s',
  (id, metadata) => {
    it('has a snake_case <service>_<resource>_<expected_state> ID', () => {
      expect(id).toMatch(/^[a-z0-9]+(_[a-z0-9]+){2,}$/);
      expect(id.startsWith(`${metadata.service}_`)).toBe(true);
    });

    it('has complete metadata within the ASFF limits', () => {
      expect(metadata.title.length).toBeGreaterThan(10);
      expect(metadata.title.length).toBeLessThanOrEqual(ASFF_LIMITS.title);
      // The description shares the finding's Description with a result's reason.
      expect(metadata.description.length).toBeGreaterThan(20);
      expect(metadata.description.length).toBeLessThanOrEqual(ASFF_LIMITS.description - 300);
      expect(metadata.risk.length).toBeGreaterThan(20);
      expect(metadata.guidance.length).toBeGreaterThan(20);
      expect(metadata.remediation.text.length).toBeGreaterThan(20);
      expect(metadata.remediation.text.length).toBeLessThanOrEqual(ASFF_LIMITS.remediationText);
      expect(metadata.remediation.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/\S+$/);
      expect(SEVERITIES).toContain(metadata.severity);
      expect(metadata.severity).not.toBe('INFORMATIONAL');
    });

    it('maps to at least one NIST SP 800-53 r5 control, in the shared notation', () => {
      expect(metadata.relatedRequirements.length).toBeGreaterThan(0);
      expect(metadata.relatedRequirements.length).toBeLessThanOrEqual(
        ASFF_LIMITS.relatedRequirements,
      );
      expect(metadata.relatedRequirements.some((r) => r.startsWith('NIST.800-53.r5 '))).toBe(true);
      for (const requirement of metadata.relatedRequirements) {
        expect(requirement).toMatch(
          /^(AWS FSBP [A-Za-z0-9]+\.\d+|AWS Config [a-z0-9-]+|NIST\.800-53\.r5 [A-Z]{2}-\d+(\(\d+\))?)$/,
        );
      }
    });

    it('names no severity above its own for a result (a FAILED result is never more severe than its check)', () => {
      // Static: every severity literal in the check's source, the metadata's aside. The tests'
      // runCheck (tests/support/evaluate.ts) checks the results themselves.
      const source = readFileSync(join(root, 'checks', metadata.service, `${id}.ts`), 'utf8');
      const literals = [...source.matchAll(/'(INFORMATIONAL|LOW|MEDIUM|HIGH|CRITICAL)'/g)]
        .filter(
          (m) =>
            !/^\s*severity: $/.test(source.slice(source.lastIndexOf('\n', m.index) + 1, m.index)),
        )
        .map((m) => m[1] as (typeof SEVERITIES)[number]);
      for (const literal of literals) {
        expect(SEVERITIES.indexOf(literal)).toBeLessThanOrEqual(
          SEVERITIES.indexOf(metadata.severity),
        );
      }
    });

    it('has a test file', () => {
      expect(existsSync(join(root, 'tests', 'checks', metadata.service, `${id}.test.ts`))).toBe(
        true,
      );
    });
  },
);
