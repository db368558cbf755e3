// Which checks a scan runs: all of the registry's, or those a selection keeps (IDs, IDs left out,
// services, a minimum severity; all combinable). Whatever asks (a flag, a queue message), an
// unknown ID, service or severity is an error, and so is a selection that keeps no check: a typo
// never silently runs nothing. The publish scope is the selected checks, so a filtered scan never
// archives or resolves the findings of a check it did not run.
import { parseArn } from '../aws/arn.ts';
import type { Check } from '../evaluate/check.ts';
import type { ExemptionProblem } from '../evaluate/exemptions/model.ts';
import { SEVERITIES, type Severity } from '../model.ts';
import { NoCheckSelectedError, UnknownCheckError, UnknownSelectionError } from './errors.ts';

export interface CheckSelection {
  /** Only these check IDs; absent: every registered check. */
  checks?: readonly string[];
  /** Not these check IDs. */
  excludeChecks?: readonly string[];
  /** Only the checks of these services (`ecs`, `elbv2`, …). */
  services?: readonly string[];
  /**
   * Only checks rated at least this severity. A check's severity is the highest its results may
   * have (CheckMetadata.severity): a selected check reports all its results, a MEDIUM result of a
   * HIGH check too, so its findings' lifecycle in Security Hub stays whole.
   */
  minSeverity?: Severity;
}

const unknownIn = (wanted: readonly string[] | undefined, known: readonly string[]): string[] => [
  ...new Set((wanted ?? []).filter((w) => !known.includes(w))),
];

/** The services the registry's checks belong to, in registry order. */
export const servicesOf = (registry: readonly Check[]): string[] => [
  ...new Set(registry.map((c) => c.metadata.service)),
];

const isEmpty = (selection: CheckSelection): boolean =>
  !selection.checks && !selection.excludeChecks && !selection.services && !selection.minSeverity;

export const selectChecks = (
  registry: readonly Check[],
  selection: CheckSelection | undefined,
): Check[] => {
  if (!selection || isEmpty(selection)) return [...registry];
  const ids = registry.map((c) => c.metadata.id);
  const services = servicesOf(registry);
  const { checks, excludeChecks, minSeverity } = selection;
  for (const [field, list] of [
    ['checks', checks],
    ['excludeChecks', excludeChecks],
  ] as const) {
    const unknown = unknownIn(list, ids);
    if (unknown.length > 0) throw new UnknownCheckError(unknown, field, ids);
  }
  const unknownServices = unknownIn(selection.services, services);
  if (unknownServices.length > 0)
    throw new UnknownSelectionError('services', unknownServices, services);
  if (minSeverity !== undefined && !SEVERITIES.includes(minSeverity))
    throw new UnknownSelectionError('minSeverity', [minSeverity], SEVERITIES);
  const floor = minSeverity ? SEVERITIES.indexOf(minSeverity) : 0;
  const selected = registry.filter(
    ({ metadata: m }) =>
      (!checks || checks.includes(m.id)) &&
      !excludeChecks?.includes(m.id) &&
      (!selection.services || selection.services.includes(m.service)) &&
      SEVERITIES.indexOf(m.severity) >= floor,
  );
  // An explicit empty list (a queue message's `checks: []`) runs nothing, as it always has.
  if (selected.length === 0 && !(checks?.length === 0 && Object.keys(selection).length === 1))
    throw new NoCheckSelectedError();
  return selected;
};

/** The check services whose resources an ARN's service holds (elasticloadbalancing: elbv2 and elb). */
const CHECK_SERVICES_OF_ARN: Record<string, readonly string[]> = {
  elasticloadbalancing: ['elbv2', 'elb'],
  ec2: ['vpc'],
};

/**
 * Whether an exemption problem concerns the selected checks: one that names checks, when it names
 * one of them; one that does not (`*`, or no valid ID), when its resource is of a selected check's
 * service. A scan of some checks does not warn about tags meant for the others.
 */
export const concernsChecks = (problem: ExemptionProblem, checks: readonly Check[]): boolean => {
  const { checkIds } = problem;
  if (Array.isArray(checkIds)) return checks.some((c) => checkIds.includes(c.metadata.id));
  const service = parseArn(problem.resource)?.service;
  // A resource that is no check's (a file entry's pattern): always said.
  if (!service) return true;
  const wanted = CHECK_SERVICES_OF_ARN[service] ?? [service];
  return checks.some((c) => wanted.includes(c.metadata.service));
};
