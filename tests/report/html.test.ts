import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { Check } from '../../lib/evaluate/check.ts';
import type { ScanResult } from '../../lib/evaluate/evaluate.ts';
import { renderHtml } from '../../lib/report/html.ts';
import { escapeText, markup, safeUrl } from '../../lib/report/markup.ts';
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

    expect(html).not.toContain(MALICIOUS);
    expect(html).not.toMatch(/<img|<script|onerror=(?!alert\(1\)&gt;)/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(escapeText(HOSTILE_REASON));
  });

  it('is self-contained: no script, no external stylesheet, image, font or frame', async () => {
    const html = renderHtml(await demoScan(), checks, OPTIONS);

    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|<img|\ssrc=|url\(|@import/i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`,
    );
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
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

  it('has one row per FAILED and WARNING result and none for the others', async () => {
    const scan = await hostileScan();

    const html = renderHtml(scan, checks, OPTIONS);

    const results = rows(html, 'result');
    expect(results).toHaveLength(
      countBy(scan.results, 'FAILED') + countBy(scan.results, 'WARNING'),
    );
    expect(results.filter((r) => r.includes('data-status="FAILED"'))).toHaveLength(
      countBy(scan.results, 'FAILED'),
    );
    expect(results.some((r) => /PASSED|NOT_AVAILABLE/.test(r))).toBe(false);
  });

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
    ['no FAILED or WARNING result', 'No result failed and none is a warning.'],
    ['no NOT_AVAILABLE result', 'Every resource in scope could be judged.'],
    ['no collection gap', 'Every snapshot section was collected and no call failed.'],
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
