// The exemption step, pure, after evaluation: a FAILED result with an applicable, unexpired
// exemption becomes WARNING at INFORMATIONAL severity and carries the exemption (and its real
// severity); with an expired one it stays FAILED and carries it, so outputs can say it expired.
// PASSED, WARNING and NOT_AVAILABLE results are never changed.
import { loadBalancerArnOf } from '../../aws/arn.ts';
import type { CheckResult } from '../../model.ts';
import type { RegionSnapshot } from '../../snapshot/types.ts';
import type { ExemptionFile } from './file.ts';
import {
  type AppliedExemption,
  arnPatternMatches,
  coversCheck,
  type ExemptionProblem,
  type ExemptionRule,
  hasExpired,
} from './model.ts';
import { parseTagExemption, tagsByArn } from './tags.ts';

/**
 * The ARNs whose exemptions cover a result: its own resource's; for a listener, also its load
 * balancer's (listeners are rarely tagged; their load balancer is).
 */
export const exemptionSubjects = (result: CheckResult): string[] => {
  const { resource } = result;
  const subjects = [resource.arn];
  if (resource.kind === 'listener') {
    const lb = resource.attributes.loadBalancerArn ?? loadBalancerArnOf(resource.arn);
    if (lb) subjects.push(lb);
  }
  return subjects.filter(Boolean);
};

export interface ExemptionRules {
  /** Tag rules, keyed by the tagged resource's ARN. */
  tags: ReadonlyMap<string, ExemptionRule>;
  /** File rules, in file order. */
  file: readonly ExemptionRule[];
}

/** The rules of one region (tags when enabled, and the file), with the tags' problems. */
export const regionExemptions = (
  data: RegionSnapshot,
  context: { partition: string; region: string; accountId: string },
  options: { tags: boolean; file?: ExemptionFile; knownCheckIds: ReadonlySet<string> },
): { rules: ExemptionRules; problems: ExemptionProblem[] } => {
  const tags = new Map<string, ExemptionRule>();
  const problems: ExemptionProblem[] = [];
  if (options.tags) {
    for (const [arn, resourceTags] of tagsByArn(data, context)) {
      const parsed = parseTagExemption(resourceTags, arn, context.region, options.knownCheckIds);
      if (parsed.rule) tags.set(arn, parsed.rule);
      problems.push(...parsed.problems);
    }
  }
  return { rules: { tags, file: options.file?.rules ?? [] }, problems };
};

const candidates = (result: CheckResult, rules: ExemptionRules): ExemptionRule[] => {
  const subjects = exemptionSubjects(result);
  const fromTags = subjects.flatMap((arn) => {
    const rule = rules.tags.get(arn);
    return rule ? [rule] : [];
  });
  const fromFile = rules.file.filter((rule) =>
    subjects.some((arn) => arnPatternMatches(rule.resource, arn)),
  );
  return [...fromTags, ...fromFile].filter((rule) => coversCheck(rule, result.checkId));
};

const describe = (rule: ExemptionRule, result: CheckResult, state: AppliedExemption['state']) => ({
  state,
  source: rule.source,
  resource: rule.resource,
  ...(rule.origin ? { origin: rule.origin } : {}),
  reason: rule.reason,
  ...(rule.expires ? { expires: rule.expires } : {}),
  severity: result.severity,
});

/** Applies the rules to the results (tags before the file; an unexpired rule before an expired one). */
export const applyExemptions = (
  results: readonly CheckResult[],
  rules: ExemptionRules,
  now: Date,
): CheckResult[] =>
  results.map((result) => {
    if (result.status !== 'FAILED') return result;
    const found = candidates(result, rules);
    const live = found.find((rule) => !hasExpired(rule.expires, now));
    if (live) {
      return {
        ...result,
        status: 'WARNING',
        severity: 'INFORMATIONAL',
        exemption: describe(live, result, 'applied'),
      };
    }
    const [expired] = found;
    return expired ? { ...result, exemption: describe(expired, result, 'expired') } : result;
  });

/** One sentence (without its full stop) naming the exemption, for reports and findings. */
export const describeExemption = (exemption: AppliedExemption): string => {
  const by =
    exemption.source === 'tag'
      ? `tag on ${exemption.resource}`
      : `${exemption.origin ?? 'the exemptions file'} (${exemption.resource})`;
  const until = exemption.expires ? ` until ${exemption.expires}` : '';
  const reason = exemption.reason.replace(/[.\s]+$/, '');
  return exemption.state === 'applied'
    ? `Exempt (${exemption.severity}) by ${by}${until}: ${reason}`
    : `Exemption expired after ${exemption.expires} (${by}): ${reason}`;
};

/**
 * A FAILED result that a malformed exemption meant to cover says why it is not exempt, so that the
 * finding in Security Hub tells whoever tagged the resource what to fix.
 */
export const noteExemptionProblems = (
  results: readonly CheckResult[],
  problems: readonly ExemptionProblem[],
): CheckResult[] => {
  const blocking = problems.filter((p) => p.checkIds !== undefined);
  if (blocking.length === 0) return [...results];
  return results.map((result) => {
    if (result.status !== 'FAILED' || result.exemption) return result;
    const subjects = exemptionSubjects(result);
    const problem = blocking.find(
      (p) =>
        subjects.includes(p.resource) &&
        coversCheck({ checkIds: p.checkIds ?? [] }, result.checkId),
    );
    return problem ? { ...result, exemptionProblem: problem.problem } : result;
  });
};
