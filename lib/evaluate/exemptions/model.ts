// Exemptions: the owner of a resource accepts a FAILED result for a while, with a reason. An
// exempt result is reported as WARNING at INFORMATIONAL severity, never hidden; after the expiry
// it is FAILED again at its real severity.
import type { ExemptionSource } from '../../model.ts';

export type { AppliedExemption, ExemptionSource } from '../../model.ts';

/** A valid exemption rule, tag or file entry. */
export interface ExemptionRule {
  source: ExemptionSource;
  /** The check IDs it exempts; `*`: every check. */
  checkIds: readonly string[] | '*';
  /** tag: the tagged resource's ARN; file: the entry's ARN or pattern (`*` matches any run of characters). */
  resource: string;
  /** file: `exemptions[2]` of FILE, to find the entry. */
  origin?: string;
  reason: string;
  /** YYYY-MM-DD: the last day (UTC) the exemption applies. */
  expires?: string;
}

/** An exemption that was not applied because it is malformed: listed in every output and logged. */
export interface ExemptionProblem {
  source: ExemptionSource;
  region: string;
  /** The tagged resource's ARN (tags). */
  resource: string;
  /** One sentence: what is wrong and what to do; never a tag's value. */
  problem: string;
  /** When the problem stops the whole exemption: the checks it meant to exempt (their FAILED results say so). */
  checkIds?: readonly string[] | '*';
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export const isIsoDate = (value: string): boolean => {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

/** An exemption applies through the whole of its expiry day (UTC) and has expired from the next midnight. */
export const hasExpired = (expires: string | undefined, now: Date): boolean =>
  expires !== undefined && now.getTime() >= Date.parse(`${expires}T00:00:00.000Z`) + DAY_MS;

/** `*` matches any run of characters (`/` and `:` included); everything else is literal. */
export const arnPatternMatches = (pattern: string, arn: string): boolean => {
  if (!pattern.includes('*')) return pattern === arn;
  const parts = pattern.split('*');
  const first = parts[0] ?? '';
  const last = parts.at(-1) ?? '';
  if (arn.length < first.length + last.length || !arn.startsWith(first) || !arn.endsWith(last))
    return false;
  let at = first.length;
  const end = arn.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = arn.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
};

export const coversCheck = (rule: Pick<ExemptionRule, 'checkIds'>, checkId: string): boolean =>
  rule.checkIds === '*' || rule.checkIds.includes(checkId);
