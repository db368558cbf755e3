// What a publish did in each region, one line each (and, in a dry run, what it would do).
import type { PlannedSummary } from '../publish/summary.ts';

const plannedLines = (s: PlannedSummary): string =>
  s.planned
    ? (['create', 'update', 'archive'] as const)
        .flatMap((action) => (s.planned?.[action] ?? []).map((id) => `\n  would ${action}: ${id}`))
        .join('')
    : '';

export const renderPublishSummaries = (summaries: readonly PlannedSummary[]): string =>
  `${summaries
    .map(
      (s) =>
        `Security Hub ${s.accountId} ${s.region}${s.dryRun ? ' (dry run: nothing imported)' : ''}: ` +
        `${s.created} new, ${s.updated} updated (${s.refreshed} refreshed), ${s.unchangedSkipped} unchanged (skipped), ` +
        `${s.archived} archived, ${s.untouched} left untouched (inputs not collected), ${s.failed} failed; ` +
        `${s.calls} calls, ${s.throttles} throttled.` +
        s.failures.map((f) => `\n  failed: ${f.findingId} (${f.errorCode})`).join('') +
        plannedLines(s),
    )
    .join('\n')}\n`;
