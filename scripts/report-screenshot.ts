// Renders the demo account's HTML report and writes two screenshots to docs/, in Debian's headless
// Chromium (/usr/bin/chromium) at 1280 pixels wide: report-screenshot.png, its first screen, and
// report-screenshot-filters.png, the by-resource view filtered to FAILED results, from the filter bar.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { checks } from '../checks/registry.ts';
import { DEFAULT_CONFIG } from '../lib/config.ts';
import { evaluateSnapshot } from '../lib/evaluate/evaluate.ts';
import { renderHtml } from '../lib/report/html.ts';
import { loadSnapshotFile } from '../lib/snapshot/load.ts';
import packageJson from '../package.json' with { type: 'json' };

const root = fileURLToPath(new URL('..', import.meta.url));
const scan = await evaluateSnapshot(
  await loadSnapshotFile(join(root, 'examples', 'demo-account.json')),
  DEFAULT_CONFIG,
  new Date('2026-11-28T12:00:00.000Z'),
  checks,
);
const file = join(mkdtempSync(join(tmpdir(), 'report-')), 'report.html');
writeFileSync(file, renderHtml(scan, checks, { version: packageJson.version }));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  await page.goto(pathToFileURL(file).href);
  await page.screenshot({ path: join(root, 'docs', 'report-screenshot.png') });

  const filtered = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await filtered.goto(`${pathToFileURL(file).href}#view=resource&status=FAILED`);
  await filtered.evaluate("document.getElementById('filters').scrollIntoView()");
  await filtered.screenshot({ path: join(root, 'docs', 'report-screenshot-filters.png') });
} finally {
  await browser.close();
}
