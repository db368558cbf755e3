// The check catalogue as a compact Markdown table (ID linked to its docs/checks.md section, severity,
// title), generated from the check metadata (README.md holds a copy between markers; a test keeps
// it current).
import type { Check } from '../evaluate/check.ts';

export const CATALOGUE_START = '<!-- catalogue:start (generated: npm run catalogue) -->';
export const CATALOGUE_END = '<!-- catalogue:end -->';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export const renderCatalogue = (checks: readonly Check[]): string =>
  [
    '| Check | Severity | What it verifies |',
    '|---|---|---|',
    ...checks
      .map(({ metadata: m }) =>
        [`[\`${m.id}\`](docs/checks.md#${m.id})`, m.severity, cell(m.title)].join(' | '),
      )
      .map((row) => `| ${row} |`),
  ].join('\n');

/** Replaces the catalogue between the markers of `document`. */
export const withCatalogue = (document: string, checks: readonly Check[]): string => {
  const start = document.indexOf(CATALOGUE_START);
  const end = document.indexOf(CATALOGUE_END);
  if (start < 0 || end < start) throw new Error('catalogue markers not found');
  return `${document.slice(0, start + CATALOGUE_START.length)}\n${renderCatalogue(checks)}\n${document.slice(end)}`;
};
