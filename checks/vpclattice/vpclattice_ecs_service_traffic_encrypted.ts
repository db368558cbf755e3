// One result per in-scope ECS service registered with VPC Lattice target groups (the ECS service
// is the resource: the finding is about the path into its tasks, and the reason names the target
// groups and listeners). Fail closed: a proven FAILED stays FAILED when other parts could not be
// read (the reason says so: the unread parts may make it worse), but a service is PASSED only when
// every target group and every listener that may reach it was read.
import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import type { Inventory } from '../../lib/evaluate/inventory/inventory.ts';
import { serviceResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import { forwardsTo, isTlsListenerProtocol, latticeIdOfArn } from '../../lib/snapshot/lattice.ts';
import { listOf } from '../../lib/snapshot/listeners.ts';
import { latticeTargetGroupArnsOfService } from '../../lib/snapshot/scope.ts';
import type { LatticeListener, LatticeTargetGroup } from '../../lib/snapshot/types.ts';

export const metadata: CheckMetadata = {
  id: 'vpclattice_ecs_service_traffic_encrypted',
  service: 'vpclattice',
  title: 'ECS services behind Amazon VPC Lattice receive traffic encrypted end to end',
  severity: 'HIGH',
  resourceKind: 'service',
  inputs: [
    'ecs.services',
    'vpcLattice.targetGroups',
    'vpcLattice.listeners',
    'vpcLattice.defaultActions',
    'vpcLattice.rules',
  ],
  description:
    "Checks every in-scope ECS service whose PRIMARY or ACTIVE deployment registers its tasks with VPC Lattice target groups (vpcLatticeConfigurations): each target group's protocol, and the listeners of the Lattice services it serves that forward to it, by default action or rule. A listener that accepts HTTP and forwards to the service's target group fails (HIGH); an HTTP target group fails (MEDIUM: TLS ends at Lattice). HTTPS listeners with HTTPS target groups and TLS_PASSTHROUGH listeners with TCP target groups pass (TLS end to end). NOT_AVAILABLE when a target group, a listener list, or where an HTTP listener forwards could not be read; a proven failure stays FAILED.",
  risk: 'Plain HTTP between clients and Lattice, or between Lattice and the tasks, lets anyone on the path read or alter requests and responses, including credentials and tokens.',
  remediation: {
    text: "Serve the Lattice service through HTTPS listeners only (replace or delete HTTP listeners that forward to the service's target group), and use an HTTPS target group with TLS in the container; or a TLS_PASSTHROUGH listener with a TCP target group so that TLS goes through to the tasks.",
    url: 'https://docs.aws.amazon.com/vpc-lattice/latest/ug/listeners.html',
  },
  guidance:
    'Encrypt traffic to ECS services in transit end to end: VPC Lattice listeners accept only TLS, and Lattice re-encrypts toward the tasks (or passes TLS through).',
  relatedRequirements: ['NIST.800-53.r5 SC-8', 'NIST.800-53.r5 SC-8(1)', 'NIST.800-53.r5 SC-23'],
};

const results = resultsFor(metadata);

const upper = (value: string | undefined): string => (value ?? '').toUpperCase();
const listenerName = (listener: LatticeListener): string =>
  `${listener.name ?? latticeIdOfArn(listener.arn ?? listener.id ?? '?')} (${listener.protocol ?? '?'}:${listener.port ?? '?'})`;

interface TargetGroupVerdict {
  /** Listeners proven to accept HTTP and forward to the target group. */
  http: string[];
  /** The target group's protocol is HTTP. */
  plainToTasks?: string;
  /** What could not be read. */
  unread: string[];
  /** The target group, when read and its path is encrypted. */
  encrypted?: string;
}

/** Where a listener that is not HTTPS or TLS_PASSTHROUGH forwards: true, false, or undefined (unread). */
const forwardsToTargetGroup = (
  inventory: Inventory,
  listener: LatticeListener,
  targetGroup: LatticeTargetGroup,
): boolean | undefined => {
  const key = listener.arn ?? listener.id ?? '';
  const action = inventory.latticeDefaultActions?.[key];
  if (!action) return undefined;
  if (forwardsTo(action, targetGroup)) return true;
  const rules = inventory.latticeRules?.[key];
  if (!rules) return undefined;
  return rules.some((rule) => forwardsTo(rule.action, targetGroup));
};

const judgeTargetGroup = (
  inventory: Inventory,
  arn: string,
  targetGroup: LatticeTargetGroup | undefined,
): TargetGroupVerdict => {
  const label = `target group ${targetGroup?.name ?? latticeIdOfArn(arn)}`;
  if (!targetGroup) return { http: [], unread: [`${label} (not described)`] };
  const protocol = upper(targetGroup.config?.protocol);
  const verdict: TargetGroupVerdict = { http: [], unread: [] };
  if (protocol === 'HTTP') verdict.plainToTasks = label;
  else if (protocol !== 'HTTPS' && protocol !== 'TCP') {
    verdict.unread.push(`the protocol of ${label} (${targetGroup.config?.protocol ?? 'none'})`);
  }
  for (const serviceArn of targetGroup.serviceArns ?? []) {
    const listeners = inventory.latticeListeners?.[serviceArn];
    if (!listeners) {
      verdict.unread.push(`the listeners of Lattice service ${latticeIdOfArn(serviceArn)}`);
      continue;
    }
    for (const listener of listeners) {
      // HTTPS and TLS_PASSTHROUGH listeners: the target group's protocol alone decides.
      if (isTlsListenerProtocol(listener.protocol)) continue;
      const forwards = forwardsToTargetGroup(inventory, listener, targetGroup);
      if (forwards === false) continue;
      if (forwards === undefined) {
        verdict.unread.push(`where listener ${listenerName(listener)} forwards`);
      } else if (upper(listener.protocol) === 'HTTP') {
        verdict.http.push(`${listenerName(listener)} → ${label}`);
      } else {
        verdict.unread.push(`the protocol of listener ${listenerName(listener)}`);
      }
    }
  }
  if (!verdict.plainToTasks && !verdict.unread.length && !verdict.http.length) {
    verdict.encrypted = `${label} (${protocol})`;
  }
  return verdict;
};

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) => {
    const described = new Map(
      (inventory.latticeTargetGroups ?? []).map((tg) => [tg.arn, tg.data] as const),
    );
    return (inventory.services ?? []).flatMap((service): CheckResult[] => {
      const arns = latticeTargetGroupArnsOfService(service);
      if (!arns.length) return [];
      const resource = serviceResource(service, inventory.region);
      const name = `Service ${resource.name}`;
      const verdicts = arns.map((arn) => judgeTargetGroup(inventory, arn, described.get(arn)));
      const http = verdicts.flatMap((v) => v.http);
      const plain = verdicts.flatMap((v) => (v.plainToTasks ? [v.plainToTasks] : []));
      const unread = verdicts.flatMap((v) => v.unread);
      const unreadNote = unread.length
        ? ` Not read: ${listOf(unread, 5)}, which may add to this.`
        : '';
      if (http.length) {
        return [
          results.failed(
            resource,
            `${name} is reached over plain HTTP through VPC Lattice listener(s) ${listOf(http, 5)}.${plain.length ? ` Its ${listOf(plain, 5)} also forward(s) over HTTP to the tasks.` : ''}${unreadNote}`,
            'HIGH',
          ),
        ];
      }
      if (plain.length) {
        return [
          results.failed(
            resource,
            `${name} receives plain HTTP from VPC Lattice: its ${listOf(plain, 5)} use(s) protocol HTTP, so TLS ends at Lattice.${unreadNote}`,
            'MEDIUM',
          ),
        ];
      }
      if (unread.length) {
        return [
          results.notAvailable(
            resource,
            `${name} is registered with VPC Lattice, but ${listOf(unread, 5)} could not be read, so whether its traffic is encrypted end to end is unknown.`,
          ),
        ];
      }
      const encrypted = verdicts.flatMap((v) => (v.encrypted ? [v.encrypted] : []));
      return [
        results.passed(
          resource,
          `${name} is reached through VPC Lattice with TLS end to end: ${listOf(encrypted, 5)}, and no listener that accepts HTTP forwards to it.`,
        ),
      ];
    });
  },
};
