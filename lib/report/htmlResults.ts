// The HTML report's result views: every result by check (PASSED ones collapsed, as evidence) and
// by resource, and the filter form the inline script (htmlScript.ts) drives. Rows carry what the
// script filters and sorts on as data-* attributes, escaped like every other string.
import type { Check } from '../evaluate/check.ts';
import type { ScanResult } from '../evaluate/evaluate.ts';
import { describeExemption } from '../evaluate/exemptions/apply.ts';
import type { CheckMetadata, CheckResult, ComplianceStatus } from '../model.ts';
import {
  FAILED_SEVERITIES,
  remediation,
  resourceCell,
  resultBadge,
  STATUS_LABEL,
  severityBadge,
} from './htmlParts.ts';
import { type Markup, markup } from './markup.ts';
import { byImportance, STATUS_ORDER } from './table.ts';

const STATUSES = Object.keys(STATUS_ORDER) as ComplianceStatus[];

/** Results in report order (worst first), each with its place and its check's service. */
interface Row {
  result: CheckResult;
  order: number;
  service: string;
}

const rowsOf = (scan: ScanResult, checks: readonly Check[]): Row[] => {
  const services = new Map(checks.map(({ metadata }) => [metadata.id, metadata.service]));
  return [...scan.results]
    .sort(byImportance)
    .map((result, order) => ({ result, order, service: services.get(result.checkId) ?? '' }));
};

const data = ({ result: r, order, service }: Row): Markup =>
  markup`data-status="${r.status}" data-severity="${r.severity}" data-service="${service}" data-check="${r.checkId}" data-region="${r.resource.region}" data-resource="${r.resource.name}" data-exemption="${r.exemption?.state ?? ''}" data-order="${order}"`;

const reasonCell = (r: CheckResult): Markup =>
  markup`<td>${r.reason}${r.exemption && markup`<span class="note exemption">${describeExemption(r.exemption)}.</span>`}</td>`;

const tally = (results: readonly CheckResult[]): string =>
  STATUSES.map((s) => [s, results.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${STATUS_LABEL[s].toLowerCase()}`)
    .join(', ');

const option = (value: string, label: string): Markup =>
  markup`<option value="${value}">${label}</option>`;

/** Hidden until the script shows it: without the script it could not do anything. */
export const filters = (checks: readonly Check[]): Markup => {
  const services = [...new Set(checks.map(({ metadata }) => metadata.service))].sort();
  return markup`<form id="filters" class="filters" hidden>
<label><select name="view" aria-label="View">${option('check', 'By check')}${option('resource', 'By resource')}</select></label>
<label>Status <select name="status">${option('', 'All')}${STATUSES.map((s) => option(s, STATUS_LABEL[s]))}</select></label>
<label>Severity <select name="severity">${option('', 'All')}${FAILED_SEVERITIES.map((s) => option(s, s))}</select></label>
<label>Service <select name="service">${option('', 'All')}${services.map((s) => option(s, s))}</select></label>
<label>Text <input name="q" type="search" placeholder="search"></label>
<label>Sort <select name="sort">${option('', 'Worst first')}${option('resource', 'Resource')}${option('region', 'Region')}${option('check', 'Check')}</select></label>
<output id="shown" aria-live="polite"></output>
</form>`;
};

const CHECK_COLUMNS = markup`<colgroup><col style="width:140px"><col style="width:330px"><col style="width:100px"><col></colgroup>
<thead><tr><th>Result</th><th>Resource</th><th>Region</th><th>Reason</th></tr></thead>`;

const checkTable = (rows: readonly Row[]): Markup =>
  markup`<table data-group>${CHECK_COLUMNS}<tbody data-sort-list>${rows.map(
    (row) =>
      markup`<tr class="result" ${data(row)}><td>${resultBadge(row.result)}</td><td>${resourceCell(row.result)}</td><td>${row.result.resource.region}</td>${reasonCell(row.result)}</tr>`,
  )}</tbody></table>`;

const checkArticle = (metadata: CheckMetadata, rows: readonly Row[]): Markup => {
  const open = rows.filter((r) => r.result.status !== 'PASSED');
  const passed = rows.filter((r) => r.result.status === 'PASSED');
  return markup`<article class="check" id="check-${metadata.id}" data-check="${metadata.id}" data-group>
<header><h3>${metadata.title}</h3><p><span class="id mono">${metadata.id}</span> · ${metadata.service} · default severity ${severityBadge(metadata.severity)} · ${tally(rows.map((r) => r.result))}</p>
${open.length > 0 && markup`<p>${metadata.risk}</p>${remediation(metadata)}`}</header>
${open.length > 0 && checkTable(open)}
${passed.length > 0 && markup`<details class="passed" data-group><summary>${passed.length} passed</summary>${checkTable(passed)}</details>`}
</article>`;
};

/** Every result, grouped by check; checks with the worst results first. */
export const byCheck = (scan: ScanResult, checks: readonly Check[]): Markup => {
  const rows = rowsOf(scan, checks);
  const ordered = checks
    .map(({ metadata }) => ({
      metadata,
      rows: rows.filter((r) => r.result.checkId === metadata.id),
    }))
    .filter((group) => group.rows.length > 0)
    .sort((a, b) => (a.rows[0]?.order ?? 0) - (b.rows[0]?.order ?? 0));
  const body =
    ordered.length === 0
      ? markup`<p class="ok">No check had a resource in scope.</p>`
      : ordered.map(({ metadata, rows }) => checkArticle(metadata, rows));
  return markup`<section id="by-check"><h2>Results by check (${rows.length})</h2>
<p class="note">Checks with the worst results first; each says how to fix what it found. PASSED resources are collapsed under each check, as evidence.</p>
${body}</section>`;
};

const resourceGroup = (rows: readonly Row[], order: number): Markup => {
  const [first] = rows;
  if (!first) return markup``;
  const r = first.result;
  const results = rows.map((row) => row.result);
  return markup`<details class="resource" data-group data-order="${order}" data-resource="${r.resource.name}" data-region="${r.resource.region}"${r.status !== 'PASSED' && markup` open`}>
<summary>${resultBadge(r)} <strong>${r.resource.name}</strong> · ${r.resource.region} · ${tally(results)}${r.resource.arn !== r.resource.name && markup`<span class="arn mono">${r.resource.arn}</span>`}</summary>
<table><colgroup><col style="width:140px"><col style="width:370px"><col></colgroup>
<thead><tr><th>Result</th><th>Check</th><th>Reason</th></tr></thead>
<tbody data-sort-list>${rows.map((row) => markup`<tr class="result" ${data(row)}><td>${resultBadge(row.result)}</td><td class="mono">${row.result.checkId}</td>${reasonCell(row.result)}</tr>`)}</tbody></table>
</details>`;
};

/** Every result, grouped by resource (region and ARN); resources with the worst result first. */
export const byResource = (scan: ScanResult, checks: readonly Check[]): Markup => {
  const groups = new Map<string, Row[]>();
  for (const row of rowsOf(scan, checks)) {
    const key = `${row.result.resource.region} ${row.result.resource.arn}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return markup`<section id="by-resource"><h2>Results by resource (${groups.size})</h2>
<p class="note">Each resource with the results of every check that judged it; resources with nothing but PASSED results are collapsed.</p>
<div data-sort-list>${[...groups.values()].map(resourceGroup)}</div></section>`;
};
