// The HTML report: one self-contained file (inline CSS, SVG and one script allowed by its hash, no
// external asset, a Content-Security-Policy that forbids any other) to attach to a ticket or show an
// auditor. Every string from the scan goes through the `markup` tag, which escapes it.
import type { Check } from '../evaluate/check.ts';
import type { ScanResult } from '../evaluate/evaluate.ts';
import type { CheckResult, ComplianceStatus, Severity } from '../model.ts';
import { ALL_SECTIONS } from '../snapshot/sections.ts';
import { exemptionResults } from './exemptions.ts';
import {
  FAILED_SEVERITIES,
  resourceCell,
  SEVERITY_COLOUR,
  STATUS_COLOUR,
  STATUS_LABEL,
  severityBadge,
} from './htmlParts.ts';
import { byCheck, byResource, filters } from './htmlResults.ts';
import { SCRIPT, scriptSource } from './htmlScript.ts';
import { Markup, markup } from './markup.ts';
import { summarize } from './summary.ts';
import { byImportance } from './table.ts';

export interface HtmlReportOptions {
  /** The scanner's version, printed in the footer. */
  version: string;
}

/** The chart's segments, left to right. */
const SEGMENTS: readonly {
  status: ComplianceStatus;
  severity?: Severity;
  colour: string;
  label: string;
}[] = [
  ...FAILED_SEVERITIES.map((severity) => ({
    status: 'FAILED' as const,
    severity,
    colour: SEVERITY_COLOUR[severity],
    label: `Failed ${severity}`,
  })),
  { status: 'WARNING', colour: STATUS_COLOUR.WARNING, label: 'Warning' },
  { status: 'NOT_AVAILABLE', colour: STATUS_COLOUR.NOT_AVAILABLE, label: 'Not available' },
  { status: 'PASSED', colour: STATUS_COLOUR.PASSED, label: 'Passed' },
];

const inSegment = (segment: (typeof SEGMENTS)[number]) => (r: CheckResult) =>
  r.status === segment.status &&
  (segment.severity === undefined || r.severity === segment.severity);

const CSS = `
:root { color-scheme: light; --ink: #0f172a; --muted: #475569; --line: #e2e8f0; --band: #f8fafc; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 40px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 0; }
p { margin: 6px 0; }
a { color: #1d4ed8; overflow-wrap: anywhere; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12px; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
.meta { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px 24px; margin: 0; padding: 12px 16px; background: var(--band); border: 1px solid var(--line); border-radius: 6px; }
.meta div { min-width: 0; }
.meta dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.meta dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 0; padding: 0; list-style: none; }
.card { flex: 1 1 120px; border: 1px solid var(--line); border-left: 6px solid var(--c, #334155); border-radius: 6px; padding: 8px 12px; background: #fff; }
.card .n { display: block; font-size: 24px; font-weight: 700; line-height: 1.1; }
.card .l { color: var(--muted); font-size: 12px; }
.cards-label { margin: 16px 0 0; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.chart { width: 100%; height: auto; display: block; }
.chart text { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; fill: var(--ink); }
.chart .legend text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.check { margin: 16px 0 0; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.check > header { padding: 10px 14px; background: var(--band); border-bottom: 1px solid var(--line); }
.check > header .id { color: var(--muted); }
.fix { margin-top: 6px; }
.fix strong { font-weight: 600; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-top: 1px solid var(--line); overflow-wrap: anywhere; }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: #fff; }
tbody tr:nth-child(even) td { background: #fcfcfd; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; color: #fff; background: var(--c, #334155); font-size: 11px; font-weight: 700; letter-spacing: .02em; white-space: nowrap; }
.arn { display: block; color: var(--muted); }
.ok { color: #166534; }
.note { color: var(--muted); font-size: 12px; }
.note.exemption { display: block; margin-top: 4px; }
ul.reasons { margin: 0; padding-left: 18px; }
[hidden] { display: none !important; }
.filters { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 10px; margin: 24px 0 0; padding: 8px 12px; background: var(--band); border: 1px solid var(--line); border-radius: 6px; }
.filters label { color: var(--muted); font-size: 12px; }
.filters select, .filters input { margin-left: 4px; font: inherit; font-size: 13px; }
.filters input { width: 100px; }
.filters output { margin-left: auto; font-size: 12px; font-weight: 600; }
details.passed > summary, details.resource > summary { cursor: pointer; padding: 6px 14px; }
details.passed > summary { color: #166534; font-weight: 600; border-top: 1px solid var(--line); }
details.resource { margin: 8px 0 0; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
details.resource > summary { background: var(--band); }
details.resource[open] > summary { border-bottom: 1px solid var(--line); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, .check > header { break-after: avoid; }
  tr, .card, .meta, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .filters { display: none; }
}
`;

const header = (scan: ScanResult, checks: readonly Check[]): Markup => {
  const summary = summarize(scan.results);
  const statusCards = (['FAILED', 'WARNING', 'NOT_AVAILABLE', 'PASSED'] as const).map(
    (status) =>
      markup`<li class="card" data-status="${status}" style="--c:${status === 'FAILED' ? SEVERITY_COLOUR.HIGH : STATUS_COLOUR[status]}"><span class="n">${summary.byStatus[status]}</span><span class="l">${STATUS_LABEL[status]}</span></li>`,
  );
  const severityCards = FAILED_SEVERITIES.map(
    (severity) =>
      markup`<li class="card" data-severity="${severity}" style="--c:${SEVERITY_COLOUR[severity]}"><span class="n">${summary.failedBySeverity[severity]}</span><span class="l">${severity}</span></li>`,
  );
  return markup`<header>
<h1>Amazon ECS encryption scan</h1>
<p class="subtitle">Results of the Amazon ECS encryption best-practice checks for one AWS account.</p>
<dl class="meta">
<div><dt>Account</dt><dd id="account">${scan.accountId}</dd></div>
<div><dt>Regions</dt><dd id="regions">${scan.regions.join(', ') || '(none)'}</dd></div>
<div><dt>Evaluated at</dt><dd id="evaluated-at"><time datetime="${scan.evaluatedAt}">${scan.evaluatedAt}</time></dd></div>
<div><dt>Partition</dt><dd>${scan.partition}</dd></div>
<div><dt>Checks run</dt><dd>${checks.length}</dd></div>
<div><dt>Results</dt><dd id="total">${summary.total}</dd></div>
<div><dt>Exempt (reported as warning)</dt><dd id="exempted">${summary.exempted}</dd></div>
<div><dt>Expired exemptions (failed)</dt><dd id="exemptions-expired">${summary.exemptionsExpired}</dd></div>
<div><dt>Exemptions not applied</dt><dd id="exemption-problems">${(scan.exemptionProblems ?? []).length}</dd></div>
</dl>
<p class="cards-label">Results by status</p>
<ul class="cards" id="status-counts">${statusCards}</ul>
<p class="cards-label">Failed results by severity</p>
<ul class="cards" id="severity-counts">${severityCards}</ul>
</header>`;
};

const CHART = { width: 1200, label: 410, barEnd: 1090, row: 24, bar: 16, top: 40 } as const;

/** A horizontal stacked bar per check: failed by severity, warning, not available, passed. */
const chart = (scan: ScanResult, checks: readonly Check[]): Markup => {
  const rows = checks.map(({ metadata }) => ({
    metadata,
    results: scan.results.filter((r) => r.checkId === metadata.id),
  }));
  const max = Math.max(1, ...rows.map((r) => r.results.length));
  const scale = (CHART.barEnd - CHART.label) / max;
  const height = CHART.top + rows.length * CHART.row + 8;
  let legendX = 0;
  const legend = SEGMENTS.map((segment) => {
    const x = legendX;
    legendX += 20 + segment.label.length * 7 + 22;
    return markup`<g transform="translate(${x} 0)"><rect width="14" height="14" rx="2" fill="${segment.colour}"/><text x="20" y="11.5">${segment.label}</text></g>`;
  });
  const bars = rows.map(({ metadata, results }, index) => {
    const y = CHART.top + index * CHART.row;
    let x: number = CHART.label;
    const segments = SEGMENTS.map((segment) => {
      const count = results.filter(inSegment(segment)).length;
      if (count === 0) return '';
      const width = count * scale;
      const rect = markup`<rect class="segment" data-status="${segment.status}" data-severity="${segment.severity ?? ''}" x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${CHART.bar}" fill="${segment.colour}"><title>${metadata.id}: ${count} ${segment.label.toLowerCase()}</title></rect>`;
      x += width;
      return rect;
    });
    const failed = results.filter((r) => r.status === 'FAILED').length;
    const tally =
      results.length === 0 ? 'no resources in scope' : `${failed} failed / ${results.length}`;
    return markup`<g class="bar" data-check="${metadata.id}"><text x="${CHART.label - 8}" y="${y + 12.5}" text-anchor="end">${metadata.id}</text>${segments}<text x="${(x + 6).toFixed(1)}" y="${y + 12.5}">${tally}</text></g>`;
  });
  return markup`<figure style="margin:0">
<svg class="chart" id="chart" viewBox="0 0 ${CHART.width} ${height}" width="${CHART.width}" height="${height}" role="img" aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">Results by check and severity</title>
<g class="legend" transform="translate(0 8)">${legend}</g>
${bars}
</svg>
</figure>`;
};

const notAvailable = (scan: ScanResult, checks: readonly Check[]): Markup => {
  const rows = checks
    .map(({ metadata }) => ({
      metadata,
      results: scan.results
        .filter((r) => r.checkId === metadata.id && r.status === 'NOT_AVAILABLE')
        .sort(byImportance),
    }))
    .filter((row) => row.results.length > 0);
  const count = rows.reduce((n, row) => n + row.results.length, 0);
  if (count === 0) {
    return markup`<section id="not-available"><h2>Not available</h2><p class="ok">Every resource in scope could be judged.</p></section>`;
  }
  return markup`<section id="not-available"><h2>Not available (${count})</h2>
<p class="note">These resources could not be judged: data a check needs about them is missing (each reason says what), whether or not its whole section was collected. They are neither passed nor failed.</p>
<table><colgroup><col style="width:380px"><col style="width:80px"><col></colgroup>
<thead><tr><th>Check</th><th>Results</th><th>Resources and reasons</th></tr></thead>
<tbody>${rows.map(
    ({ metadata, results }) =>
      markup`<tr class="not-available" data-check="${metadata.id}" data-count="${results.length}"><td class="mono">${metadata.id}</td><td>${results.length}</td><td><ul class="reasons">${results.map((r) => markup`<li>${r.reason}</li>`)}</ul></td></tr>`,
  )}</tbody></table></section>`;
};

/** Every result an exemption covers (applied or expired), and the exemptions that were not applied. */
const exemptions = (scan: ScanResult): Markup => {
  const covered = exemptionResults(scan).sort(byImportance);
  const problems = scan.exemptionProblems ?? [];
  if (covered.length === 0 && problems.length === 0) {
    return markup`<section id="exemptions"><h2>Exemptions</h2><p class="ok">No exemption applies to any result.</p></section>`;
  }
  const table =
    covered.length > 0 &&
    markup`<p class="note">An exempt FAILED result is reported as a warning at INFORMATIONAL severity until its exemption expires; then it fails again at its own severity.</p>
<table id="exempt-results"><colgroup><col style="width:120px"><col style="width:260px"><col style="width:280px"><col style="width:90px"><col style="width:110px"><col></colgroup>
<thead><tr><th>State</th><th>Check</th><th>Resource</th><th>Severity</th><th>Expires</th><th>Exempted by, reason</th></tr></thead>
<tbody>${covered.map((r) => {
      const e = r.exemption;
      if (!e) return '';
      return markup`<tr class="exemption" data-state="${e.state}" data-source="${e.source}" data-check="${r.checkId}"><td>${e.state === 'applied' ? 'Exempt' : 'Expired'}</td><td class="mono">${r.checkId}</td><td>${resourceCell(r)}</td><td>${severityBadge(e.severity)}</td><td>${e.expires ?? 'never'}</td><td>${e.source === 'tag' ? markup`tag on <span class="mono">${e.resource}</span>` : markup`${e.origin ?? 'exemptions file'} <span class="mono">${e.resource}</span>`}: ${e.reason}</td></tr>`;
    })}</tbody></table>`;
  const notApplied =
    problems.length > 0 &&
    markup`<h3>Not applied</h3>
<p class="note">These exemption tags are malformed: they exempt nothing until fixed.</p>
<table id="exemption-problems-list"><colgroup><col style="width:140px"><col style="width:420px"><col></colgroup>
<thead><tr><th>Region</th><th>Tagged resource</th><th>Problem</th></tr></thead>
<tbody>${problems.map((p) => markup`<tr class="exemption-problem"><td>${p.region}</td><td class="mono">${p.resource}</td><td>${p.problem}</td></tr>`)}</tbody></table>`;
  return markup`<section id="exemptions"><h2>Exemptions (${covered.length})</h2>${table}${notApplied}</section>`;
};

/**
 * What was collected, said so that it never reads as contradicting NOT_AVAILABLE results: sections
 * are lists, and a listed resource can still lack its own details.
 */
export const coverage = (scan: ScanResult): string => {
  const notAvailable = scan.results.filter((r) => r.status === 'NOT_AVAILABLE').length;
  const regions =
    scan.regions.length === 1
      ? 'the region scanned'
      : `each of the ${scan.regions.length} regions scanned`;
  const failed = scan.collectionFailures.reduce((n, f) => n + f.count, 0);
  const collected =
    scan.notCollected.length === 0
      ? `All ${ALL_SECTIONS.length} snapshot sections were collected in ${regions}`
      : `${scan.notCollected.length} snapshot section(s) were not collected (listed below by region): checks that read them report NOT_AVAILABLE or cannot see the resources`;
  const calls = failed === 0 ? 'no call failed' : `${failed} call(s) failed (listed below)`;
  const judged =
    notAvailable === 0
      ? 'Every resource in scope could be judged.'
      : `${notAvailable} result(s) are NOT_AVAILABLE${scan.notCollected.length === 0 ? ' all the same' : ''}: each names the resource whose own data the scanner could not read, and what was missing.`;
  return `${collected}; ${calls}. ${judged}`;
};

const collectionGaps = (scan: ScanResult): Markup => {
  if (scan.notCollected.length === 0 && scan.collectionFailures.length === 0) {
    return markup`<section id="collection"><h2>Collection gaps</h2><p class="ok" id="coverage">${coverage(scan)}</p></section>`;
  }
  const byRegion = new Map<string, string[]>();
  for (const gap of scan.notCollected)
    byRegion.set(gap.region, [...(byRegion.get(gap.region) ?? []), gap.section]);
  const notCollected =
    byRegion.size > 0 &&
    markup`<h3>Not collected</h3>
<p class="note">Checks that read these sections report NOT_AVAILABLE or cannot see the resources.</p>
<table id="not-collected"><colgroup><col style="width:140px"><col></colgroup><thead><tr><th>Region</th><th>Sections</th></tr></thead>
<tbody>${[...byRegion].map(([region, sections]) => markup`<tr class="gap"><td>${region}</td><td class="mono">${sections.join(', ')}</td></tr>`)}</tbody></table>`;
  const failures =
    scan.collectionFailures.length > 0 &&
    markup`<h3>Collection failures</h3>
<p class="note">Calls that still failed after retries; what they would have collected is NOT_AVAILABLE.</p>
<table id="collection-failures"><colgroup><col style="width:140px"><col style="width:160px"><col style="width:300px"><col><col style="width:80px"></colgroup>
<thead><tr><th>Region</th><th>Service</th><th>Operation</th><th>Error</th><th>Calls</th></tr></thead>
<tbody>${scan.collectionFailures.map(
      (f) =>
        markup`<tr class="failure"><td>${f.region}</td><td>${f.service}</td><td class="mono">${f.operation}</td><td class="mono">${f.errorCode}</td><td>${f.count}</td></tr>`,
    )}</tbody></table>`;
  return markup`<section id="collection"><h2>Collection gaps</h2><p id="coverage">${coverage(scan)}</p>${notCollected}${failures}</section>`;
};

/** Renders the whole report as one HTML document. */
export const renderHtml = (
  scan: ScanResult,
  checks: readonly Check[],
  options: HtmlReportOptions,
): string =>
  markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${new Markup(scriptSource())}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="ecs-encryption-scanner ${options.version}">
<title>ECS encryption scan — account ${scan.accountId} — ${scan.evaluatedAt}</title>
<style>${new Markup(CSS)}</style>
</head>
<body>
<main>
${header(scan, checks)}
<section id="results-by-check"><h2>Results by check and severity</h2>${chart(scan, checks)}</section>
${filters(checks)}
${byCheck(scan, checks)}
${byResource(scan, checks)}
${notAvailable(scan, checks)}
${exemptions(scan)}
${collectionGaps(scan)}
<footer>Generated by ecs-encryption-scanner ${options.version}. Reasons name resources and fields, never secret values. Check documentation: docs/checks.md in the scanner's repository.</footer>
</main>
<script>${new Markup(SCRIPT)}</script>
</body>
</html>
`.value;
