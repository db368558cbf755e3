// `list-checks`: the checks a selection runs, as a table (ID, service, severity, title) or JSON.
import type { Check } from '../evaluate/check.ts';
import { type Paint, plain } from './colour.ts';

export const CHECK_LIST_FORMATS = ['table', 'json'] as const;
export type CheckListFormat = (typeof CHECK_LIST_FORMATS)[number];

export const renderCheckList = (
  checks: readonly Check[],
  format: CheckListFormat,
  { paint = plain }: { paint?: Paint } = {},
): string => {
  const rows = checks.map(({ metadata: { id, service, severity, title } }) => ({
    id,
    service,
    severity,
    title,
  }));
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const header = { id: 'ID', service: 'SERVICE', severity: 'SEVERITY', title: 'TITLE' };
  const width = (key: 'id' | 'service' | 'severity') =>
    Math.max(...[header, ...rows].map((row) => row[key].length));
  const [id, service, severity] = [width('id'), width('service'), width('severity')];
  // Padded as plain text: the colour codes take no columns.
  const line = (row: typeof header, painted = row.severity) =>
    `${row.id.padEnd(id)}  ${row.service.padEnd(service)}  ${painted}${' '.repeat(severity - row.severity.length)}  ${row.title}`;
  return `${[line(header), ...rows.map((row) => line(row, paint(row.severity, row.severity)))].join('\n')}\n`;
};
