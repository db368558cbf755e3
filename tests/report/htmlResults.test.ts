import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { ScanResult } from '../../lib/evaluate/evaluate.ts';
import { byCheck, byResource, filters } from '../../lib/report/htmlResults.ts';
import { escapeText } from '../../lib/report/markup.ts';
import { countBy, demoScan, hostileResult, hostileScan, MALICIOUS } from './fixture.ts';

/** The opening tags of `tag` elements of `className`, and what each contains up to its end tag. */
const elements = (html: string, tag: string, className: string) =>
  [...html.matchAll(new RegExp(`<${tag} class="${className}"[^>]*>[\\s\\S]*?</${tag}>`, 'g'))].map(
    (m) => m[0],
  );

describe('byCheck', () => {
  it('lists PASSED results only inside a collapsed details element, the others outside it', async () => {
    // Prepare
    const scan = await demoScan();

    // Act
    const html = byCheck(scan, checks).value;

    // Assess
    const collapsed = elements(html, 'details', 'passed');
    expect(collapsed.length).toBeGreaterThan(0);
    for (const details of collapsed) expect(details).not.toMatch(/<details[^>]* open/);
    const inside = collapsed.join('').match(/<tr class="result"/g) ?? [];
    expect(inside).toHaveLength(countBy(scan.results, 'PASSED'));
    expect(collapsed.join('')).not.toMatch(/data-status="(FAILED|WARNING|NOT_AVAILABLE)"/);
  });

  it('has an article per check that judged a resource, and says so when none did', async () => {
    const scan = await demoScan();
    const judged = new Set(scan.results.map((r) => r.checkId));

    const html = byCheck(scan, checks).value;
    const empty = byCheck({ ...scan, results: [] }, checks).value;

    expect(html.match(/<article class="check"/g)).toHaveLength(judged.size);
    expect(empty).toContain('No check had a resource in scope.');
  });
});

describe('byResource', () => {
  it('groups results by resource, open when one is not PASSED and collapsed otherwise', async () => {
    // Prepare
    const scan = await demoScan();
    const resources = new Map<string, string[]>();
    for (const r of scan.results)
      resources.set(r.resource.arn, [...(resources.get(r.resource.arn) ?? []), r.status]);

    // Act
    const groups = elements(byResource(scan, checks).value, 'details', 'resource');

    // Assess
    expect(groups).toHaveLength(resources.size);
    const open = groups.filter((g) => /^<details[^>]* open>/.test(g));
    const failing = [...resources.values()].filter((s) => s.some((status) => status !== 'PASSED'));
    expect(open).toHaveLength(failing.length);
    expect(open.length).toBeLessThan(groups.length);
  });
});

describe('the result rows', () => {
  it.each([
    ['by check', byCheck],
    ['by resource', byResource],
  ])('carry escaped data for the script %s', async (_view, render) => {
    const html = render(await hostileScan(), checks).value;

    const row = html.match(/<tr class="result"[^>]*data-resource="&lt;img[^>]*>/)?.[0] ?? '';
    expect(row).toContain('data-status="FAILED" data-severity="CRITICAL" data-service="ecs"');
    expect(row).toContain(`data-check="${hostileResult.checkId}" data-region="us-east-1"`);
    expect(row).toContain(`data-resource="${escapeText(MALICIOUS)}"`);
    expect(html).not.toContain(MALICIOUS);
  });

  it.each([
    ['by check', byCheck],
    ['by resource', byResource],
  ])('never show a resource attribute, where a secret value could hide, %s', (_view, render) => {
    // Prepare: a PASSED result (the views list those now) whose attributes hold a value.
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const scan: ScanResult = {
      accountId: '111122223333',
      partition: 'aws',
      regions: ['us-east-1'],
      evaluatedAt: '2026-11-28T12:00:00.000Z',
      checkIds: [],
      results: [
        {
          ...hostileResult,
          status: 'PASSED',
          reason: 'Fine.',
          resource: { ...hostileResult.resource, name: 'web', attributes: { value: secret } },
        },
      ],
      notCollected: [],
      collectionFailures: [],
    };

    // Act
    const html = render(scan, checks).value;

    // Assess
    expect(html).toContain('Fine.');
    expect(html).not.toContain(secret);
  });
});

describe('filters', () => {
  it('is hidden for the script to show, with every status, severity and service to choose', () => {
    const html = filters(checks).value;

    expect(html).toMatch(/^<form id="filters" class="filters" hidden>/);
    for (const value of ['PASSED', 'NOT_AVAILABLE', 'CRITICAL', 'INFORMATIONAL', 'resource'])
      expect(html).toContain(`<option value="${value}">`);
    for (const service of new Set(checks.map((c) => c.metadata.service)))
      expect(html).toContain(`<option value="${service}">${service}</option>`);
  });
});
