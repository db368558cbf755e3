// One row per result, for spreadsheets and ticket imports: RFC 4180 (CRLF line ends, a field
// quoted when it holds a comma, a quote or a line break, quotes doubled), a header row first.
import type { Check } from '../evaluate/check.ts';
import type { ScanResult } from '../evaluate/evaluate.ts';
import { describeExemption } from '../evaluate/exemptions/apply.ts';
import type { CheckResult } from '../model.ts';
import { byImportance } from './table.ts';

export const CSV_COLUMNS = [
  'account',
  'region',
  'check',
  'severity',
  'status',
  'resource',
  'reason',
  'remediation_url',
] as const;

/**
 * A spreadsheet runs a cell that starts with = + - @ (a formula) and some read a leading tab or CR
 * as one too: such a cell gets a leading apostrophe, so it is shown as text (OWASP's advice on CSV
 * injection). Resource names and tag values come from the scanned account, so anyone who can name
 * a service could otherwise put a formula in the auditor's spreadsheet.
 */
export const neutralise = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

export const quote = (cell: string): string =>
  /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;

const row = (cells: readonly string[]): string =>
  cells.map((cell) => quote(neutralise(cell))).join(',');

const reasonOf = (r: CheckResult): string =>
  r.exemption
    ? `${r.reason} ${describeExemption(r.exemption)}.`
    : r.exemptionProblem
      ? `${r.reason} Exemption not applied: ${r.exemptionProblem}`
      : r.reason;

export const renderCsv = (scan: ScanResult, checks: readonly Check[]): string => {
  const order = new Map(checks.map((c, index) => [c.metadata.id, index]));
  const urls = new Map(checks.map((c) => [c.metadata.id, c.metadata.remediation.url]));
  const rows = scan.results
    .filter((r) => order.has(r.checkId))
    .sort((a, b) => (order.get(a.checkId) ?? 0) - (order.get(b.checkId) ?? 0) || byImportance(a, b))
    .map((r) =>
      row([
        scan.accountId,
        r.resource.region,
        r.checkId,
        r.severity,
        r.status,
        r.resource.arn,
        reasonOf(r),
        urls.get(r.checkId) ?? '',
      ]),
    );
  return [row(CSV_COLUMNS), ...rows].map((line) => `${line}\r\n`).join('');
};
