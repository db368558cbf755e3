import { describe, expect, it } from 'vitest';
import { badge, link, resourceCell } from '../../lib/report/htmlParts.ts';
import { hostileResult, MALICIOUS } from './fixture.ts';

describe('badge', () => {
  it.each([
    ['a FAILED result by its severity', 'FAILED', false, 'FAILED HIGH', '#dc2626'],
    ['an exempt WARNING as exempt', 'WARNING', true, 'WARNING EXEMPT', '#7c3aed'],
    ['a NOT_AVAILABLE result in words', 'NOT_AVAILABLE', false, 'NOT AVAILABLE', '#94a3b8'],
    ['a PASSED result in green', 'PASSED', false, 'PASSED', '#16a34a'],
  ] as const)('labels %s', (_name, status, exempt, text, colour) => {
    expect(badge(status, 'HIGH', exempt).value).toBe(
      `<span class="badge" style="--c:${colour}">${text}</span>`,
    );
  });
});

describe('link', () => {
  it.each([
    [
      'an https URL as a link',
      'https://docs.aws.amazon.com/x',
      '<a href="https://docs.aws.amazon.com/x" rel="noreferrer">https://docs.aws.amazon.com/x</a>',
    ],
    ['a javascript: URL as text', 'javascript:alert(1)', 'javascript:alert(1)'],
  ])('renders %s', (_name, url, expected) => {
    expect(link(url).value).toBe(expected);
  });
});

describe('resourceCell', () => {
  it('escapes the name and the ARN, and shows the ARN only when it differs', () => {
    const cell = resourceCell(hostileResult).value;
    const same = resourceCell({
      ...hostileResult,
      resource: { ...hostileResult.resource, name: 'x', arn: 'x' },
    }).value;

    expect(cell).not.toContain(MALICIOUS);
    expect(cell).toMatch(
      /^&lt;img src=x onerror=alert\(1\)&gt;<span class="arn mono">arn:aws:ecs:/,
    );
    expect(same).toBe('x');
  });
});
