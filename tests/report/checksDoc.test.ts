import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { Check } from '../../lib/evaluate/check.ts';
import { CHECKS_DOC_PATH, mdText, renderChecksDoc } from '../../lib/report/checksDoc.ts';

const doc = readFileSync(join(import.meta.dirname, '..', '..', CHECKS_DOC_PATH), 'utf8');

/** The section of one check: from its heading to the next. */
const sectionOf = (document: string, id: string): string => {
  const start = document.indexOf(`\n### ${id}\n`);
  if (start < 0) throw new Error(`no section for ${id}`);
  const end = document.indexOf('\n##', start + 1);
  return document.slice(start, end < 0 ? undefined : end);
};

const [first] = checks;
if (!first) throw new Error('no check registered');

describe('docs/checks.md', () => {
  it('is current (run `npm run docs:checks` after changing a check)', () => {
    expect(renderChecksDoc(checks)).toBe(doc);
  });

  it('lists every check in its table and gives each a section', () => {
    for (const { metadata } of checks) {
      expect(doc).toContain(`| [\`${metadata.id}\`](#${metadata.id}) |`);
      expect(() => sectionOf(doc, metadata.id)).not.toThrow();
    }
  });

  it.each(checks.map((c) => [c.metadata.id, c] as const))(
    'documents %s: what, why, severity, how to fix, guidance and mappings',
    (id, { metadata: m }) => {
      const section = sectionOf(doc, id);

      expect(section).toContain(`**What it verifies.** ${mdText(m.description)}`);
      expect(section).toContain(`**Why it matters.** ${mdText(m.risk)}`);
      expect(section).toContain(`| ${m.severity} |`);
      expect(section).toContain(`**How to fix it.** ${mdText(m.remediation.text)}`);
      expect(section).toContain(`(${m.remediation.url})`);
      expect(section).toContain(`> ${mdText(m.guidance)}`);
      for (const requirement of m.relatedRequirements) {
        expect(section).toContain(
          `\`${requirement.replace(/^(AWS FSBP|AWS Config|NIST\.800-53\.r5) /, '')}\``,
        );
      }
    },
  );

  it('groups the mappings by framework', () => {
    const section = sectionOf(
      renderChecksDoc([
        {
          ...first,
          metadata: {
            ...first.metadata,
            relatedRequirements: [
              'AWS FSBP ECS.8',
              'AWS Config some-rule',
              'NIST.800-53.r5 SC-8',
              'ISO 27001 A.10',
            ],
          },
        },
      ]),
      first.metadata.id,
    );

    expect(section).toContain(
      [
        '- AWS Foundational Security Best Practices (Security Hub controls): `ECS.8`',
        '- AWS Config managed rules: `some-rule`',
        '- NIST SP 800-53 Rev. 5: `SC-8`',
        '- Other: ISO 27001 A.10',
      ].join('\n'),
    );
  });

  it.each<[string, Partial<Check['metadata']>, string[], string[]]>([
    [
      'renders no CLI or CloudFormation block when the metadata has none',
      {},
      [],
      ['With the AWS CLI:', 'In CloudFormation:'],
    ],
    [
      'renders the CLI commands when the metadata has them',
      { remediationCli: 'aws ecs update-service --cluster prod --service api' },
      ['With the AWS CLI:\n\n```sh\naws ecs update-service --cluster prod --service api\n```'],
      ['In CloudFormation:'],
    ],
    [
      'renders the CloudFormation properties when the metadata has them',
      {
        remediationCloudFormation:
          'Protocol: HTTPS\nSslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06',
      },
      [
        'In CloudFormation:\n\n```yaml\nProtocol: HTTPS\nSslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06\n```',
      ],
      ['With the AWS CLI:'],
    ],
    [
      'fences code that holds backticks with a longer fence',
      { remediationCli: 'echo ```' },
      ['````sh\necho ```\n````'],
      [],
    ],
  ])('%s', (_name, extra, present, absent) => {
    const section = sectionOf(
      renderChecksDoc([{ ...first, metadata: { ...first.metadata, ...extra } }]),
      first.metadata.id,
    );

    for (const text of present) expect(section).toContain(text);
    for (const text of absent) expect(section).not.toContain(text);
  });

  it.each([
    ['emphasis', 'a *b* c', 'a \\*b\\* c'],
    ['a link', '[x](y)', '\\[x\\](y)'],
    ['HTML', '<img src=x>', '\\<img src=x\\>'],
    ['a table pipe', 'a | b', 'a \\| b'],
    ['a code span', '`x`', '\\`x\\`'],
    ['a new line', 'a\n  b', 'a b'],
  ])('keeps %s in metadata text from becoming Markdown', (_name, text, expected) => {
    expect(mdText(text)).toBe(expected);
  });
});
