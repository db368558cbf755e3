// The check filters of `scan` and `list-checks` (--checks, --exclude-checks, --services,
// --severity), split into lists and checked by the scan core's rules (lib/scan/selection.ts, which
// an on-demand scan request's fields go through too): their errors as one line naming the flag.

import { commaList } from '../config.ts';
import { UserInputError } from '../errors.ts';
import type { Check } from '../evaluate/check.ts';
import type { CheckSelection } from '../scan/checks.ts';
import type { SelectionField } from '../scan/errors.ts';
import {
  normaliseSelection,
  type SelectionInput,
  type SelectionNames,
  selectedChecks,
} from '../scan/selection.ts';

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

/** The filters the flags give, split into lists; a flag with nothing in it is bad input. */
const inputOf = (flags: SelectionFlags): SelectionInput => {
  const checks = listOf('checks', flags.checks);
  const excludeChecks = listOf('exclude-checks', flags['exclude-checks']);
  const services = listOf('services', flags.services);
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
    ...(severity ? { minSeverity: severity } : {}),
  };
};

/** The filters the flags give; only those given. Services and severities ignore case. */
export const parseSelection = (flags: SelectionFlags): CheckSelection =>
  normaliseSelection(inputOf(flags));

/** The flags' names, and the flags given as typed: `--services elb --severity CRITICAL`. */
const flagNames = (flags: SelectionFlags): SelectionNames => ({
  field: {
    checks: `--${FLAG.checks}`,
    excludeChecks: `--${FLAG.excludeChecks}`,
    services: `--${FLAG.services}`,
    minSeverity: `--${FLAG.minSeverity}`,
  },
  given: (Object.keys(EXAMPLE) as (keyof SelectionFlags)[])
    .filter((flag) => flags[flag] !== undefined)
    .map((flag) => `--${flag} ${flags[flag]}`)
    .join(' '),
});

/** The checks the flags select, by the scan core's rules; their errors as one line each. */
export const checksSelected = (
  registry: readonly Check[],
  flags: SelectionFlags,
): { selection: CheckSelection; checks: Check[] } =>
  selectedChecks(registry, inputOf(flags), flagNames(flags));
