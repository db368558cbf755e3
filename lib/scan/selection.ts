// The check filters as a user gives them, to the CLI (--checks, --exclude-checks, --services,
// --severity: lib/cli/selection.ts) or in an on-demand scan request (detail.checks,
// detail.excludeChecks, detail.services, detail.minSeverity: lib/lambda/requests.ts): normalised,
// selected by one set of rules (checks.ts), and refused with the same one-line messages, which name
// the flag or the field the value came in.

import { UserInputError } from '../errors.ts';
import type { Check } from '../evaluate/check.ts';
import type { Severity } from '../model.ts';
import { didYouMean } from '../suggest.ts';
import { type CheckSelection, selectChecks } from './checks.ts';
import { NoCheckSelectedError, type SelectionField, UnknownSelectionError } from './errors.ts';

/** The filters as given (split into lists, not yet normalised): from flags or an event. */
export interface SelectionInput {
  checks?: readonly string[];
  excludeChecks?: readonly string[];
  services?: readonly string[];
  minSeverity?: string;
}

/** How the input names its filters, for the messages. */
export interface SelectionNames {
  /** Each filter's flag or field, as the user wrote it: `--services`, `detail.services`. */
  field: Record<SelectionField, string>;
  /** The filters given, as the user wrote them: `--services elb --severity CRITICAL`. */
  given: string;
}

/**
 * The scan core's selection from the filters given; only those given. Services and severities
 * ignore case; each value counts once.
 */
export const normaliseSelection = (input: SelectionInput): CheckSelection => {
  const once = (list: readonly string[]) => [...new Set(list)];
  return {
    ...(input.checks ? { checks: once(input.checks) } : {}),
    ...(input.excludeChecks ? { excludeChecks: once(input.excludeChecks) } : {}),
    ...(input.services ? { services: once(input.services.map((s) => s.toLowerCase())) } : {}),
    ...(input.minSeverity ? { minSeverity: input.minSeverity.toUpperCase() as Severity } : {}),
  };
};

const WHAT: Record<SelectionField, string> = {
  checks: 'check ID',
  excludeChecks: 'check ID',
  services: 'service',
  minSeverity: 'severity',
};

/**
 * The core's selection error as one line: what, which flag or field, the nearest known value,
 * what to do. Other errors are returned as they are.
 */
export const selectionError = (error: unknown, names: SelectionNames): unknown => {
  if (error instanceof NoCheckSelectedError) {
    return new UserInputError(
      `no check matches ${names.given}. Run list-checks with the same filters to see what each selects.`,
    );
  }
  if (!(error instanceof UnknownSelectionError)) return error;
  const unknown = error.unknown.map((u) => `${u}${didYouMean(u, error.known)}`).join(', ');
  const known =
    error.field === 'checks' || error.field === 'excludeChecks'
      ? 'Run list-checks for the check IDs.'
      : `Expected ${error.field === 'minSeverity' ? 'one' : 'some'} of ${error.known.join(', ')}.`;
  return new UserInputError(
    `unknown ${WHAT[error.field]} in ${names.field[error.field]}: ${unknown}. ${known}`,
  );
};

/**
 * The checks the filters given select, by the scan core's rules (the selection normalised first);
 * an unknown check ID, service or severity, or filters that keep no check, throw a UserInputError
 * of one line naming the flag or field.
 */
export const selectedChecks = (
  registry: readonly Check[],
  input: SelectionInput,
  names: SelectionNames,
): { selection: CheckSelection; checks: Check[] } => {
  const selection = normaliseSelection(input);
  try {
    return { selection, checks: selectChecks(registry, selection) };
  } catch (error) {
    throw selectionError(error, names);
  }
};
