// The HTML report in a real browser: Debian's headless Chromium (see chromium.ts).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { ScanResult } from '../../lib/evaluate/evaluate.ts';
import { SEVERITIES } from '../../lib/model.ts';
import { renderHtml } from '../../lib/report/html.ts';
import { summarize } from '../../lib/report/summary.ts';
import { ACCOUNT, NOW } from '../support/evaluate.ts';
import { available, launchChromium, reportFile, warnIfAbsent } from './chromium.ts';
import { countBy, hostileScan, MALICIOUS } from './fixture.ts';

warnIfAbsent('the headless Chromium tests of the HTML report');

describe.skipIf(!available)('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let scan: ScanResult;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    scan = await hostileScan();
    const url = reportFile(renderHtml(scan, checks, { version: '9.9.9' }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => problems.push(`console ${message.type()}: ${message.text()}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const text = async (selector: string) =>
    (await page.locator(selector).first().textContent()) ?? '';
  const count = (selector: string) => page.locator(selector).count();

  it('loads the file alone: no other request, no script error, no console message', () => {
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:\/\/.*report\.html$/);
    expect(problems).toEqual([]);
  });

  it('has the account and the evaluation time in its title and header', async () => {
    expect(await page.title()).toBe(
      `ECS encryption scan — account ${ACCOUNT} — ${NOW.toISOString()}`,
    );
    expect(await text('#account')).toBe(ACCOUNT);
    expect(await text('#regions')).toBe('us-east-1');
    expect(await text('#evaluated-at')).toBe(NOW.toISOString());
  });

  it('shows the number of results of each status', async () => {
    for (const status of ['FAILED', 'WARNING', 'NOT_AVAILABLE', 'PASSED'] as const) {
      expect(await text(`#status-counts [data-status="${status}"] .n`)).toBe(
        String(countBy(scan.results, status)),
      );
    }
  });

  it('shows the number of FAILED results of each severity', async () => {
    const { failedBySeverity } = summarize(scan.results);

    for (const severity of SEVERITIES) {
      expect(await text(`#severity-counts [data-severity="${severity}"] .n`)).toBe(
        String(failedBySeverity[severity]),
      );
    }
  });

  it('has one row per result in each view, PASSED ones collapsed under their check', async () => {
    for (const view of ['#by-check', '#by-resource']) {
      for (const status of ['FAILED', 'WARNING', 'NOT_AVAILABLE', 'PASSED'] as const) {
        expect(await count(`${view} tr.result[data-status="${status}"]`)).toBe(
          countBy(scan.results, status),
        );
      }
    }
    expect(await count('#by-check details.passed:not([open])')).toBeGreaterThan(0);
    expect(await count('#by-check tr.result[data-status="PASSED"]:visible')).toBe(0);
  });

  it('draws the chart: a visible SVG with a bar per check', async () => {
    const box = await page.locator('svg#chart').boundingBox();

    expect(box?.width).toBeGreaterThan(1000);
    expect(box?.height).toBeGreaterThan(checks.length * 20);
    expect(await count('svg#chart g.bar')).toBe(checks.length);
    expect(await count('svg#chart rect.segment')).toBeGreaterThan(checks.length);
  });

  it('renders the malicious resource name as text, not as an element', async () => {
    expect(await count('img')).toBe(0);
    expect(await count('script')).toBe(1);
    const row = page.locator('#by-check tr.result', { hasText: MALICIOUS });
    expect(await row.count()).toBe(1);
    expect(await row.locator('td').nth(1).textContent()).toContain(MALICIOUS);
  });

  it('lists the collection gaps', async () => {
    expect(await count('#not-collected tr.gap')).toBe(scan.notCollected.length);
    expect(await count('#collection-failures tr.failure')).toBe(scan.collectionFailures.length);
  });

  it('fits a 1280-pixel window without scrolling sideways', async () => {
    const width = await page.evaluate('document.documentElement.scrollWidth');

    expect(width).toBeLessThanOrEqual(1280);
  });

  it('prints: the print styles apply and Chromium makes a PDF of it', async () => {
    await page.emulateMedia({ media: 'print' });
    const padding = await page.evaluate(
      "getComputedStyle(document.querySelector('main')).paddingTop",
    );
    const pdf = await page.pdf({ format: 'A4', landscape: true });
    await page.emulateMedia({ media: 'screen' });

    expect(padding).toBe('0px');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
