// The report's script in headless Chromium (see chromium.ts): it runs under the page's CSP, applies
// the filters named in the URL fragment, sorts, switches views, and is not needed to read the page.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { ScanResult } from '../../lib/evaluate/evaluate.ts';
import type { CheckResult } from '../../lib/model.ts';
import { renderHtml } from '../../lib/report/html.ts';
import { ARGS, available, CHROMIUM, launchChromium, reportFile, warnIfAbsent } from './chromium.ts';
import { countBy, hostileScan, MALICIOUS } from './fixture.ts';

warnIfAbsent('the headless Chromium tests of the HTML report script');

describe.skipIf(!available)('the HTML report script in headless Chromium', () => {
  let browser: Browser;
  let scan: ScanResult;
  let url: string;
  const serviceOf = new Map(checks.map((c) => [c.metadata.id, c.metadata.service]));

  beforeAll(async () => {
    scan = await hostileScan();
    url = reportFile(renderHtml(scan, checks, { version: '9.9.9' }));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the report at `fragment`, recording console messages (CSP violations are some). */
  const open = async (fragment: string, options: BrowserContextOptions = {}) => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      ...options,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => problems.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${url}${fragment}`, { waitUntil: 'load' });
    return { page, problems };
  };
  const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`).count();

  it('runs under the CSP when Chromium dumps the DOM: the form shows and counts what it shows', async () => {
    // Act: the command line the brief of the report names, with Chromium's own log on stderr.
    const { stdout, stderr } = await promisify(execFile)(
      CHROMIUM,
      [
        '--headless',
        ...ARGS,
        '--enable-logging=stderr',
        '--v=0',
        '--dump-dom',
        `${url}#status=FAILED`,
      ],
      { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
    );

    // Assess
    expect(stderr).not.toMatch(/Refused to|Content Security Policy/i);
    expect(stdout).toContain('<form id="filters" class="filters">');
    expect(stdout).toContain(
      `Showing ${countBy(scan.results, 'FAILED')} of ${scan.results.length} results`,
    );
  });

  it.each<[string, string, (r: CheckResult) => boolean]>([
    ['#status=FAILED', '#by-check', (r) => r.status === 'FAILED'],
    ['#severity=CRITICAL', '#by-check', (r) => r.severity === 'CRITICAL'],
    [
      '#status=PASSED&service=elbv2',
      '#by-check',
      (r) => r.status === 'PASSED' && serviceOf.get(r.checkId) === 'elbv2',
    ],
    [
      `#q=${encodeURIComponent(MALICIOUS.toUpperCase())}`,
      '#by-check',
      (r) => r.reason.includes(MALICIOUS),
    ],
    ['#view=resource&status=NOT_AVAILABLE', '#by-resource', (r) => r.status === 'NOT_AVAILABLE'],
  ])(
    'applies %s on load: only the matching rows of %s are visible',
    async (fragment, view, matches) => {
      // Act
      const { page, problems } = await open(fragment);

      // Assess
      const expected = scan.results.filter(matches).length;
      expect(expected).toBeGreaterThan(0);
      expect(await visible(page, `${view} tr.result`)).toBe(expected);
      expect(await page.locator('#shown').textContent()).toBe(
        `Showing ${expected} of ${scan.results.length} results`,
      );
      const other = view === '#by-check' ? '#by-resource' : '#by-check';
      expect(await page.locator(other).isVisible()).toBe(false);
      expect(problems).toEqual([]);
    },
  );

  it('sorts the rows of every table by resource name', async () => {
    // Prepare: the rows, worst first, are not in name order to begin with.
    const sorted = (page: Page) =>
      page.evaluate(`[...document.querySelectorAll('#by-check tbody')].every((tbody) => {
        const names = [...tbody.querySelectorAll('tr.result')].map((row) => row.dataset.resource);
        return names.every((name, i) => i === 0 || names[i - 1].localeCompare(name) <= 0);
      })`);
    const before = await open('');

    // Act
    const after = await open('#sort=resource');

    // Assess
    expect(await sorted(before.page)).toBe(false);
    expect(await sorted(after.page)).toBe(true);
  });

  it('filters as the user chooses and keeps the choice in the URL fragment', async () => {
    const { page, problems } = await open('');

    await page.selectOption('select[name="status"]', 'WARNING', { timeout: 5000 });

    expect(await visible(page, '#by-check tr.result')).toBe(countBy(scan.results, 'WARNING'));
    expect(await page.evaluate('location.hash')).toBe('#status=WARNING');
    expect(problems).toEqual([]);
  });

  it('is readable without JavaScript: every result listed, no filter form, PASSED collapsed', async () => {
    const { page } = await open('#status=FAILED', { javaScriptEnabled: false });

    expect(await page.locator('#filters').isVisible()).toBe(false);
    expect(await page.locator('#by-check').isVisible()).toBe(true);
    expect(await page.locator('#by-resource').isVisible()).toBe(true);
    expect(await visible(page, '#by-check tr.result')).toBe(
      scan.results.length - countBy(scan.results, 'PASSED'),
    );
  });
});
