// Debian's headless Chromium (installed by .ci/run) for the HTML report tests, driven by
// playwright-core. Without /usr/bin/chromium those tests are skipped, and one line says why.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const available = existsSync(CHROMIUM);

export const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Says once per test file why its tests are skipped. */
export const warnIfAbsent = (what: string) => {
  if (!available)
    console.warn(`${CHROMIUM} not found: ${what} are skipped (apt-get install chromium).`);
};

export const launchChromium = () => chromium.launch({ executablePath: CHROMIUM, args: ARGS });

/** Writes `html` to a fresh temporary report.html and returns its file: URL. */
export const reportFile = (html: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'html-report-')), 'report.html');
  writeFileSync(file, html);
  return pathToFileURL(file).href;
};
