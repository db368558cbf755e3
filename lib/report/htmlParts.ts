// Pieces the HTML report's sections share: colours, badges, links and the resource cell. Every
// string from the scan goes through the `markup` tag, which escapes it.
import type { CheckMetadata, CheckResult, ComplianceStatus, Severity } from '../model.ts';
import { type Markup, markup, safeUrl } from './markup.ts';

export const STATUS_LABEL: Record<ComplianceStatus, string> = {
  FAILED: 'Failed',
  WARNING: 'Warning',
  NOT_AVAILABLE: 'Not available',
  PASSED: 'Passed',
};

/** Colours of the chart segments and badges; FAILED results are coloured by severity. */
export const SEVERITY_COLOUR: Record<Severity, string> = {
  CRITICAL: '#7f1d1d',
  HIGH: '#dc2626',
  MEDIUM: '#ea580c',
  LOW: '#ca8a04',
  INFORMATIONAL: '#64748b',
};
export const STATUS_COLOUR: Record<Exclude<ComplianceStatus, 'FAILED'>, string> = {
  WARNING: '#7c3aed',
  NOT_AVAILABLE: '#94a3b8',
  PASSED: '#16a34a',
};

/** Most severe first. */
export const FAILED_SEVERITIES: readonly Severity[] = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'INFORMATIONAL',
];

export const badge = (status: ComplianceStatus, severity: Severity, exempt = false): Markup => {
  const colour = status === 'FAILED' ? SEVERITY_COLOUR[severity] : STATUS_COLOUR[status];
  const text =
    status === 'FAILED'
      ? `FAILED ${severity}`
      : exempt
        ? 'WARNING EXEMPT'
        : status.replace('_', ' ');
  return markup`<span class="badge" style="--c:${colour}">${text}</span>`;
};

export const resultBadge = (r: CheckResult): Markup =>
  badge(r.status, r.severity, r.exemption?.state === 'applied');

export const severityBadge = (severity: Severity): Markup =>
  markup`<span class="badge" style="--c:${SEVERITY_COLOUR[severity]}">${severity}</span>`;

export const link = (url: string, text = url): Markup => {
  const href = safeUrl(url);
  return href ? markup`<a href="${href}" rel="noreferrer">${text}</a>` : markup`${url}`;
};

export const resourceCell = (result: CheckResult): Markup =>
  markup`${result.resource.name}${
    result.resource.arn !== result.resource.name &&
    markup`<span class="arn mono">${result.resource.arn}</span>`
  }`;

export const remediation = (metadata: CheckMetadata): Markup =>
  markup`<p class="fix"><strong>How to fix:</strong> ${metadata.remediation.text} ${link(metadata.remediation.url)}</p>`;
