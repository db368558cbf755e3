// A check that could not list its resources in a region (a whole input section was not
// collected) says so with one NOT_AVAILABLE result on the account there, instead of no result.
// Only full-region scans: a focused rescan leaves sections out on purpose.

import { EXEMPTION_TAG_SECTIONS } from '../snapshot/sections.ts';
import { type Check, resultsFor } from './check.ts';
import { accountResource } from './inventory/resources.ts';

const SERVICE_NAMES: Record<string, string> = {
  ecs: 'Amazon ECS',
  elbv2: 'Elastic Load Balancing',
  vpcLattice: 'Amazon VPC Lattice',
  ec2: 'Amazon EC2',
  appmesh: 'App Mesh',
  acm: 'ACM',
  ssm: 'Systems Manager',
  secretsManager: 'Secrets Manager',
};

const serviceNames = (sections: readonly string[]): string => {
  const names = [...new Set(sections.map((s) => SERVICE_NAMES[s.split('.')[0] ?? ''] ?? s))];
  const last = names.pop() ?? '';
  return names.length > 0 ? `${names.join(', ')} and ${last}` : last;
};

/** One result per check that reads a section missing here; none for the exemption tag sections. */
export const regionCoverageResults = (
  checks: readonly Check[],
  context: { accountId: string; region: string },
  missingSections: ReadonlySet<string>,
) =>
  checks.flatMap((check) => {
    const missing = check.metadata.inputs.filter(
      (section) =>
        missingSections.has(section) &&
        !(EXEMPTION_TAG_SECTIONS as readonly string[]).includes(section),
    );
    if (missing.length === 0) return [];
    return [
      resultsFor(check.metadata).notAvailable(
        accountResource(context.accountId, context.region),
        `${serviceNames(missing)} could not be listed in ${context.region} (${missing.join(', ')} not collected): until they are, no finding of this check there is archived and none turns PASSED on what the scan could not see. See the collection failures and the sections not collected.`,
      ),
    ];
  });
