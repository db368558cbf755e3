import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { Check } from '../../lib/evaluate/check.ts';
import type { ScanResult } from '../../lib/evaluate/evaluate.ts';
import { coverage, renderHtml } from '../../lib/report/html.ts';
import { SCRIPT } from '../../lib/report/htmlScript.ts';
import { escapeText, markup, safeUrl } from '../../lib/report/markup.ts';
import { ALL_SECTIONS } from '../../lib/snapshot/sections.ts';
import { ACCOUNT, NOW } from '../support/evaluate.ts';
import { countBy, demoScan, HOSTILE_REASON, hostileScan, MALICIOUS } from './fixture.ts';

const OPTIONS = { version: '9.9.9' };

const emptyScan: ScanResult = {
  accountId: ACCOUNT,
  partition: 'aws',
  regions: ['us-east-1'],
  evaluatedAt: NOW.toISOString(),
  checkIds: checks.map((c) => c.metadata.id),
  results: [],
  notCollected: [],
  collectionFailures: [],
};

const rows = (html: string, className: string) =>
  [...html.matchAll(new RegExp(`<tr class="${className}"[^>]*>`, 'g'))].map((m) => m[0]);

describe('escapeText', () => {
  it.each([
    ['markup', '<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['an ampersand', 'a & b', 'a &amp; b'],
    ['both quotes', `"a" 'b'`, '&quot;a&quot; &#39;b&#39;'],
    ['a control character XML forbids', 'a\u0000b\u001bc', 'a\uFFFDb\uFFFDc'],
    ['a lone surrogate', 'a\uD800b', 'a\uFFFDb'],
    ['tabs and new lines, which stay', 'a\tb\nc', 'a\tb\nc'],
    ['an emoji, which stays', 'ok 🔒', 'ok 🔒'],
  ])('escapes %s', (_name, text, expected) => {
    expect(escapeText(text)).toBe(expected);
  });
});

describe('markup', () => {
  it('escapes interpolated strings but keeps nested markup', () => {
    const inner = markup`<i>${'<b>'}</i>`;

    expect(markup`<p>${inner}${'&'}</p>`.value).toBe('<p><i>&lt;b&gt;</i>&amp;</p>');
  });

  it('renders nothing for false, null and undefined, and joins arrays', () => {
    expect(markup`${false}${null}${undefined}${['a', markup`<br>`, 1]}`.value).toBe('a<br>1');
  });
});

describe('safeUrl', () => {
  it.each([
    ['an https URL', 'https://docs.aws.amazon.com/x.html', 'https://docs.aws.amazon.com/x.html'],
    ['a javascript: URL', 'javascript:alert(1)', undefined],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>', undefined],
    ['a relative path', '/etc/passwd', undefined],
  ])('accepts only http(s): %s', (_name, url, expected) => {
    expect(safeUrl(url)).toBe(expected);
  });
});

describe('renderHtml', () => {
  it('renders a malicious resource name and reason as text, never as markup', async () => {
    const html = renderHtml(await hostileScan(), checks, OPTIONS);

    // Only the report's own script may be an element; the hostile one is text.
    const withoutOwnScript = html.replace(`<script>${SCRIPT}</script>`, '');
    expect(html).not.toContain(MALICIOUS);
    expect(withoutOwnScript).not.toMatch(/<img|<script|onerror=(?!alert\(1\)&gt;)/i);
    expect(html).toContain(`data-resource="${escapeText(MALICIOUS)}"`);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(escapeText(HOSTILE_REASON));
  });

  it('is self-contained: one inline script, no external script, stylesheet, image, font or frame', async () => {
    const html = renderHtml(await demoScan(), checks, OPTIONS);

    expect(html).not.toMatch(/<link|<iframe|<object|<embed|<img|\ssrc=|url\(|@import/i);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`<script>${SCRIPT}</script>`);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it('allows its script by the SHA-256 of its exact text, and nothing else', async () => {
    const html = renderHtml(await demoScan(), checks, OPTIONS);

    const hash = createHash('sha256').update(SCRIPT).digest('base64');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    );
  });

  it('names the account, the regions and the evaluation time in the title and the header', async () => {
    const html = renderHtml(await demoScan(), checks, OPTIONS);

    expect(html).toContain(
      `<title>ECS encryption scan — account ${ACCOUNT} — ${NOW.toISOString()}</title>`,
    );
    expect(html).toContain(`<dd id="account">${ACCOUNT}</dd>`);
    expect(html).toContain('<dd id="regions">us-east-1</dd>');
    expect(html).toContain(`<time datetime="${NOW.toISOString()}">`);
  });

  it.each(['by-check', 'by-resource'])(
    'has one row per result of every status in the %s view',
    async (view) => {
      const scan = await hostileScan();

      const html = renderHtml(scan, checks, OPTIONS);

      const section = html.slice(html.indexOf(`<section id="${view}">`));
      const results = rows(section.slice(0, section.indexOf('</section>')), 'result');
      expect(results).toHaveLength(scan.results.length);
      for (const status of ['FAILED', 'WARNING', 'NOT_AVAILABLE', 'PASSED'] as const) {
        expect(results.filter((r) => r.includes(`data-status="${status}"`))).toHaveLength(
          countBy(scan.results, status),
        );
      }
    },
  );

  it('gives the remediation text and link of every check that has a FAILED or WARNING result', async () => {
    const scan = await demoScan();

    const html = renderHtml(scan, checks, OPTIONS);

    const listed = new Set(
      scan.results
        .filter((r) => r.status === 'FAILED' || r.status === 'WARNING')
        .map((r) => r.checkId),
    );
    expect(listed.size).toBeGreaterThan(0);
    for (const { metadata } of checks.filter((c) => listed.has(c.metadata.id))) {
      const article = html.slice(html.indexOf(`<article class="check" id="check-${metadata.id}"`));
      const section = article.slice(0, article.indexOf('</article>'));
      expect(section).toContain(escapeText(metadata.remediation.text));
      expect(section).toContain(`href="${metadata.remediation.url}"`);
    }
  });

  it('draws a bar per check with segments that add up to its results', async () => {
    const scan = await demoScan();

    const html = renderHtml(scan, checks, OPTIONS);

    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    for (const { metadata } of checks) expect(svg).toContain(`data-check="${metadata.id}"`);
    const counted = [...svg.matchAll(/<title>[a-z0-9_]+: (\d+) /g)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    expect(counted).toBe(scan.results.length);
  });

  it('counts results by status and FAILED results by severity in the header', async () => {
    const scan = await hostileScan();

    const html = renderHtml(scan, checks, OPTIONS);

    for (const status of ['FAILED', 'WARNING', 'NOT_AVAILABLE', 'PASSED'] as const) {
      expect(html).toMatch(
        new RegExp(
          `data-status="${status}"[^>]*><span class="n">${countBy(scan.results, status)}<`,
        ),
      );
    }
    const critical = scan.results.filter((r) => r.status === 'FAILED' && r.severity === 'CRITICAL');
    expect(html).toMatch(
      new RegExp(`data-severity="CRITICAL"[^>]*><span class="n">${critical.length}<`),
    );
  });

  it('summarizes NOT_AVAILABLE results by check with their reasons', async () => {
    const scan = await demoScan();

    const html = renderHtml(scan, checks, OPTIONS);

    const notAvailable = scan.results.filter((r) => r.status === 'NOT_AVAILABLE');
    expect(html).toContain(`<h2>Not available (${notAvailable.length})</h2>`);
    const total = rows(html, 'not-available').reduce(
      (n, row) => n + Number(/data-count="(\d+)"/.exec(row)?.[1]),
      0,
    );
    expect(total).toBe(notAvailable.length);
    for (const r of notAvailable) expect(html).toContain(`<li>${escapeText(r.reason)}</li>`);
  });

  it('lists the sections not collected and the calls that failed', async () => {
    const html = renderHtml(await hostileScan(), checks, OPTIONS);

    expect(html).toContain(
      '<tr class="gap"><td>eu-west-1</td><td class="mono">appmesh.meshes</td></tr>',
    );
    expect(html).toContain(
      '<tr class="failure"><td>eu-west-1</td><td>ecs</td><td class="mono">DescribeTaskDefinition</td><td class="mono">AccessDeniedException</td><td>3</td></tr>',
    );
  });

  it.each([
    ['no result', 'No check had a resource in scope.'],
    ['no NOT_AVAILABLE result', 'Every resource in scope could be judged.'],
    [
      'no collection gap',
      `All ${ALL_SECTIONS.length} snapshot sections were collected in the region scanned; no call failed.`,
    ],
  ])('says so when there is %s', (_name, sentence) => {
    const html = renderHtml(emptyScan, checks, OPTIONS);

    expect(html).toContain(sentence);
    expect(rows(html, 'result')).toHaveLength(0);
  });

  it('prints a remediation URL that is not http(s) as text, not as a link', () => {
    const [check] = checks;
    if (!check) throw new Error('no check registered');
    const hostile: Check = {
      ...check,
      metadata: { ...check.metadata, remediation: { text: 'Fix it.', url: 'javascript:alert(1)' } },
    };
    const scan: ScanResult = {
      ...emptyScan,
      results: [
        {
          checkId: check.metadata.id,
          status: 'FAILED',
          severity: 'HIGH',
          reason: 'Broken.',
          resource: {
            kind: 'service',
            arn: 'arn:x',
            region: 'us-east-1',
            name: 'x',
            attributes: {},
          },
        },
      ],
    };

    const html = renderHtml(scan, [hostile], OPTIONS);

    expect(html).toContain('Fix it. javascript:alert(1)</p>');
    expect(html).not.toContain('href="javascript:');
  });

  it('has print styles and a layout no wider than a 1280-pixel window', () => {
    const html = renderHtml(emptyScan, checks, OPTIONS);

    expect(html).toContain('@media print');
    expect(html).toContain('max-width: 1240px');
    expect(html).toMatch(/<svg class="chart"[^>]* viewBox="0 0 1200 /);
  });
});

describe('coverage', () => {
  const gap = { region: 'eu-west-1', section: 'appmesh.meshes' as const };
  const failure = {
    region: 'eu-west-1',
    service: 'ecs' as const,
    operation: 'DescribeTaskDefinition',
    errorCode: 'AccessDeniedException',
    count: 3,
  };

  it.each<[string, () => Promise<ScanResult>, string]>([
    [
      'says every section was collected and every resource judged, for a clean scan',
      async () => emptyScan,
      `All ${ALL_SECTIONS.length} snapshot sections were collected in the region scanned; no call failed. Every resource in scope could be judged.`,
    ],
    [
      'counts the regions when there are several',
      async () => ({ ...emptyScan, regions: ['us-east-1', 'eu-west-1'] }),
      `All ${ALL_SECTIONS.length} snapshot sections were collected in each of the 2 regions scanned; no call failed.`,
    ],
    [
      'explains NOT_AVAILABLE results that sit beside a complete collection',
      demoScan,
      `All ${ALL_SECTIONS.length} snapshot sections were collected in the region scanned; no call failed. 22 result(s) are NOT_AVAILABLE all the same: each names the resource whose own data the scanner could not read, and what was missing.`,
    ],
    [
      'never claims every section when one was not collected',
      async () => ({ ...emptyScan, notCollected: [gap] }),
      '1 snapshot section(s) were not collected (listed below by region): checks that read them report NOT_AVAILABLE or cannot see the resources; no call failed.',
    ],
    [
      'explains NOT_AVAILABLE results without "all the same" when a section is missing too',
      hostileScan,
      'cannot see the resources; 3 call(s) failed (listed below). 22 result(s) are NOT_AVAILABLE: each names the resource',
    ],
    [
      'counts the calls that failed',
      async () => ({ ...emptyScan, collectionFailures: [failure] }),
      `All ${ALL_SECTIONS.length} snapshot sections were collected in the region scanned; 3 call(s) failed (listed below).`,
    ],
  ])('%s', async (_name, scanOf, sentence) => {
    // Prepare
    const scan = await scanOf();

    // Act
    const text = coverage(scan);

    // Assess
    expect(text).toContain(sentence);
    expect(renderHtml(scan, checks, OPTIONS)).toContain(`id="coverage">${escapeText(text)}</p>`);
  });
});

describe('renderHtml exemptions', () => {
  it('lists every exempt and expired-exemption result and every exemption not applied', async () => {
    // Prepare: the demo account carries exemption tags, valid and malformed.
    const scan = await demoScan();
    const covered = scan.results.filter((r) => r.exemption);
    const problems = scan.exemptionProblems ?? [];

    // Act
    const html = renderHtml(scan, checks, OPTIONS);

    // Assess
    expect(covered.length).toBeGreaterThan(0);
    expect(rows(html, 'exemption')).toHaveLength(covered.length);
    expect(rows(html, 'exemption-problem')).toHaveLength(problems.length);
    expect(html).toContain(`<dd id="exempted">${countBy(covered, 'WARNING')}</dd>`);
    expect(html).toContain('WARNING EXEMPT');
  });

  it('says so when no exemption applies', () => {
    const html = renderHtml(emptyScan, checks, OPTIONS);

    expect(html).toContain('No exemption applies to any result.');
  });
});
