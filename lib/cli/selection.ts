// The check filters of `scan` and `list-checks` (--checks, --exclude-checks, --services,
// --severity), parsed into the scan core's CheckSelection; the core selects (lib/scan/checks.ts).

import { commaList } from '../config.ts';
import { UserInputError } from '../errors.ts';
import type { Check } from '../evaluate/check.ts';
import type { Severity } from '../model.ts';
import { type CheckSelection, selectChecks } from '../scan/checks.ts';
import {
  NoCheckSelectedError,
  type SelectionField,
  UnknownSelectionError,
} from '../scan/errors.ts';
import { didYouMean } from '../suggest.ts';

export interface SelectionFlags {
  checks?: string;
  'exclude-checks'?: string;
  services?: string;
  severity?: string;
}

const FLAG: Record<SelectionField, keyof SelectionFlags> = {
  checks: 'checks',
  excludeChecks: 'exclude-checks',
  services: 'services',
  minSeverity: 'severity',
};

const EXAMPLE: Record<keyof SelectionFlags, string> = {
  checks: 'elbv2_listener_encrypted',
  'exclude-checks': 'appmesh_mesh_end_of_support',
  services: 'ecs,elbv2',
  severity: 'HIGH',
};

const NOUN: Record<keyof SelectionFlags, string> = {
  checks: 'check ID',
  'exclude-checks': 'check ID',
  services: 'service',
  severity: 'severity',
};

/** A filter flag's comma list (lib/config.ts's commaList); a flag given with nothing in it is bad input. */
const listOf = (flag: keyof SelectionFlags, value: string | undefined): string[] | undefined => {
  if (value === undefined) return undefined;
  const items = commaList(value);
  if (items.length === 0) {
    throw new UserInputError(
      `--${flag} needs at least one ${NOUN[flag]}, e.g. --${flag} ${EXAMPLE[flag]}.`,
    );
  }
  return items;
};

/** The filters the flags give; only those given. Services and severities ignore case. */
export const parseSelection = (flags: SelectionFlags): CheckSelection => {
  const checks = listOf('checks', flags.checks);
  const excludeChecks = listOf('exclude-checks', flags['exclude-checks']);
  const services = listOf('services', flags.services)?.map((s) => s.toLowerCase());
  const [severity, ...more] = listOf('severity', flags.severity) ?? [];
  if (more.length > 0) {
    throw new UserInputError(
      `--severity takes one severity, the minimum (e.g. --severity HIGH selects HIGH and CRITICAL checks), not "${flags.severity}".`,
    );
  }
  return {
    ...(checks ? { checks } : {}),
    ...(excludeChecks ? { excludeChecks } : {}),
    ...(services ? { services } : {}),
    ...(severity ? { minSeverity: severity.toUpperCase() as Severity } : {}),
  };
};

/** The flags of a selection, as typed: `--services elb --severity CRITICAL`. */
const describeFlags = (flags: SelectionFlags): string =>
  (Object.keys(EXAMPLE) as (keyof SelectionFlags)[])
    .filter((flag) => flags[flag] !== undefined)
    .map((flag) => `--${flag} ${flags[flag]}`)
    .join(' ');

const WHAT: Record<SelectionField, string> = {
  checks: 'check ID',
  excludeChecks: 'check ID',
  services: 'service',
  minSeverity: 'severity',
};

/** The core's selection error as one line: what, which flag, the nearest known value, what to do. */
export const selectionError = (error: unknown, flags: SelectionFlags): unknown => {
  if (error instanceof NoCheckSelectedError) {
    return new UserInputError(
      `no check matches ${describeFlags(flags)}. Run list-checks with the same filters to see what each selects.`,
    );
  }
  if (!(error instanceof UnknownSelectionError)) return error;
  const flag = FLAG[error.field];
  const unknown = error.unknown.map((u) => `${u}${didYouMean(u, error.known)}`).join(', ');
  const known =
    error.field === 'checks' || error.field === 'excludeChecks'
      ? 'Run list-checks for the check IDs.'
      : `Expected ${error.field === 'minSeverity' ? 'one' : 'some'} of ${error.known.join(', ')}.`;
  return new UserInputError(`unknown ${WHAT[error.field]} in --${flag}: ${unknown}. ${known}`);
};

/** The checks the flags select, by the scan core's rules; their errors as one line each. */
export const checksSelected = (
  registry: readonly Check[],
  flags: SelectionFlags,
): { selection: CheckSelection; checks: Check[] } => {
  const selection = parseSelection(flags);
  try {
    return { selection, checks: selectChecks(registry, selection) };
  } catch (error) {
    throw selectionError(error, flags);
  }
};
