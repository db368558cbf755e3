// From a trigger to the scan requests it asks for (SQS messages for the worker). Pure but for the
// target look-ups (Organizations, EC2 DescribeRegions) the caller passes in.

import { listenerArnOfRule, listenerPrefixOf, loadBalancerArnOf, parseArn } from '../aws/arn.ts';
import type { ScanFocus } from '../collect/focus.ts';
import type { DeploymentConfig } from '../config.ts';
import { UserInputError } from '../errors.ts';
import type { Check } from '../evaluate/check.ts';
import type { CheckSelection } from '../scan/checks.ts';
import { selectedChecks } from '../scan/selection.ts';
import { MAX_MESSAGE_BYTES, messageBytes } from './enqueue.ts';
import type { ChangeRescan } from './events/cloudTrail.ts';
import { selectionNames } from './events/common.ts';
import { SCAN_MESSAGE_VERSION, type ScanMessage } from './events/scanMessage.ts';
import type { ScanRequestDetail } from './events/scanRequested.ts';
import type { Target } from './targets.ts';

/** A request the handler cannot turn into scans: logged, counted, not retried. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
}

/** The schedule tick names the run: a retried planner run sends the same deduplication IDs. */
export const scheduledScans = (targets: readonly Target[], tick: string): ScanMessage[] =>
  targets.map(({ accountId, region }) => ({
    version: SCAN_MESSAGE_VERSION,
    trigger: 'schedule',
    correlationId: `schedule-${tick}`,
    accountId,
    region,
    reason: 'schedule',
  }));

/** The CloudTrail event ID names the change: a duplicate delivery sends the same ID. */
export const changeScan = (change: ChangeRescan, eventId: string): ScanMessage => ({
  version: SCAN_MESSAGE_VERSION,
  trigger: 'change',
  correlationId: eventId,
  accountId: change.accountId,
  region: change.region,
  checks: change.checks,
  focus: change.focus,
  ...(change.resourceArns.length ? { resourceArns: change.resourceArns } : {}),
  ...(change.resourcePrefixes.length ? { resourcePrefixes: change.resourcePrefixes } : {}),
  reason: change.eventName,
});

const merge = (focus: ScanFocus, more: ScanFocus): ScanFocus => {
  const out: ScanFocus = { ...focus };
  for (const key of [
    'services',
    'clusters',
    'taskDefinitionArns',
    'targetGroupArns',
    'loadBalancerArns',
    'classicLoadBalancerNames',
    'latticeTargetGroupArns',
    'meshes',
  ] as const) {
    const list = [...((focus[key] as unknown[]) ?? []), ...((more[key] as unknown[]) ?? [])];
    const unique = [...new Map(list.map((item) => [JSON.stringify(item), item])).values()];
    if (unique.length) (out as Record<string, unknown>)[key] = unique;
  }
  if (focus.allServices || more.allServices) out.allServices = true;
  return out;
};

/** How to rescan one resource: what to collect, and which findings it stands for. */
export interface ResourceScope {
  focus: ScanFocus;
  /** Finding resource ARNs (a listener rule stands for its listener). */
  arns: string[];
  /** Finding resources under these prefixes (a load balancer's listeners, a mesh's nodes). */
  prefixes: string[];
}

/** What to collect to judge one resource, from its ARN; undefined: not a resource the checks judge. */
export const scopeOfArn = (arn: string): ResourceScope | undefined => {
  const parsed = parseArn(arn);
  if (!parsed) return undefined;
  const parts = parsed.resource.split('/');
  // `service/…`, `listener/…`, and `secret:NAME` (Secrets Manager separates with a colon).
  const kind = parsed.resource.split(/[/:]/)[0];
  switch (`${parsed.service}:${kind}`) {
    case 'ecs:service': {
      // service/CLUSTER/NAME; the old format service/NAME is in the default cluster.
      const cluster = parts.length >= 3 ? (parts[1] as string) : 'default';
      return { focus: { services: [{ cluster, service: arn }] }, arns: [arn], prefixes: [] };
    }
    case 'ecs:task-definition':
      return { focus: { taskDefinitionArns: [arn] }, arns: [arn], prefixes: [] };
    case 'elasticloadbalancing:targetgroup':
      return { focus: { targetGroupArns: [arn] }, arns: [arn], prefixes: [] };
    case 'elasticloadbalancing:loadbalancer': {
      const prefix = listenerPrefixOf(arn);
      return prefix
        ? { focus: { loadBalancerArns: [arn] }, arns: [], prefixes: [prefix] }
        : undefined;
    }
    case 'elasticloadbalancing:listener':
    case 'elasticloadbalancing:listener-rule': {
      const loadBalancerArn = loadBalancerArnOf(arn);
      const listenerArn = kind === 'listener' ? arn : listenerArnOfRule(arn);
      return loadBalancerArn && listenerArn
        ? { focus: { loadBalancerArns: [loadBalancerArn] }, arns: [listenerArn], prefixes: [] }
        : undefined;
    }
    case 'appmesh:mesh': {
      if (!parts[1]) return undefined;
      const focus = { meshes: [{ meshName: parts[1], meshOwner: parsed.accountId }] };
      // A mesh's own finding, and those of its nodes and gateways.
      return parts.length === 2
        ? { focus, arns: [arn], prefixes: [`${arn}/`] }
        : { focus, arns: [arn], prefixes: [] };
    }
    // A VPC's result depends on all its services; a secret is judged for the task definitions
    // that reference it: both need every service of the region.
    case 'ec2:vpc':
    case 'secretsmanager:secret':
      return { focus: { allServices: true }, arns: [arn], prefixes: [] };
    default:
      return undefined;
  }
};

const inScope = <T>(wanted: readonly T[] | undefined, allowed: readonly T[], what: string): T[] => {
  if (!wanted) return [...allowed];
  const outside = wanted.filter((item) => !allowed.includes(item));
  if (outside.length) {
    throw new InvalidRequestError(
      `${what} ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not scanned by this deployment (configured: ${allowed.join(', ') || 'none'}).`,
    );
  }
  return [...wanted];
};

/**
 * The check filters of an on-demand request, by the CLI's rules and with its one-line messages
 * (naming `detail.services` where the CLI names `--services`): services in lower case, the
 * severity in upper case; an unknown check ID, service or severity, or filters that together keep
 * no check, are refused. Only the filters given.
 */
export const requestedSelection = (
  detail: Pick<ScanRequestDetail, 'checks' | 'excludeChecks' | 'services' | 'minSeverity'>,
  registry: readonly Check[],
): CheckSelection => {
  const { checks, excludeChecks, services, minSeverity } = detail;
  const filters = { checks, excludeChecks, services, minSeverity };
  try {
    return selectedChecks(registry, filters, selectionNames(filters, 'detail.')).selection;
  } catch (error) {
    throw error instanceof UserInputError ? new InvalidRequestError(error.message) : error;
  }
};

export interface OnDemandContext {
  /** The registered checks (checks/registry.ts): what the filters select from. */
  registry: readonly Check[];
  /** The accounts this deployment scans. */
  accounts: readonly string[];
  /** The regions this deployment scans (for `all`: every enabled region). */
  regions: readonly string[];
  /** Every enabled region (for `regions: ["all"]`), looked up only when asked. */
  enabledRegions: () => Promise<string[]>;
  config: Pick<DeploymentConfig, 'regions'>;
}

/**
 * An on-demand request: exactly the accounts × regions asked for (within what the deployment
 * scans), or, with resourceArns, a rescan of just those resources in their accounts and regions;
 * each message carries the request's check filters, normalised.
 */
export const onDemandScans = async (
  detail: ScanRequestDetail,
  eventId: string,
  context: OnDemandContext,
): Promise<ScanMessage[]> => {
  // Checked before any look-up, as the CLI checks its flags before its first call.
  const selection = requestedSelection(detail, context.registry);
  const base = {
    version: SCAN_MESSAGE_VERSION,
    trigger: 'on-demand' as const,
    correlationId: eventId,
    ...(selection.checks ? { checks: [...selection.checks] } : {}),
    ...(selection.excludeChecks ? { excludeChecks: [...selection.excludeChecks] } : {}),
    ...(selection.services ? { services: [...selection.services] } : {}),
    ...(selection.minSeverity ? { minSeverity: selection.minSeverity } : {}),
    ...(detail.dryRun ? { dryRun: true } : {}),
    reason: 'on-demand',
  };
  const accounts = inScope(detail.accounts, context.accounts, 'account');
  const regionsAsked =
    detail.regions?.[0] === 'all' ? await context.enabledRegions() : detail.regions;
  const allowedRegions =
    context.config.regions.mode === 'all' ? await context.enabledRegions() : context.regions;
  const regions = inScope(regionsAsked, allowedRegions, 'region');

  if (!detail.resourceArns) {
    return accounts.flatMap((accountId) =>
      regions.map((region): ScanMessage => ({ ...base, accountId, region })),
    );
  }
  const byTarget = new Map<
    string,
    { accountId: string; region: string; arns: string[]; prefixes: string[]; focus: ScanFocus }
  >();
  for (const arn of detail.resourceArns) {
    const scope = scopeOfArn(arn);
    if (!scope) {
      throw new InvalidRequestError(
        `resource ${arn} is not a kind the checks judge (an ECS service or task definition, an ELBv2 load balancer, listener, rule or target group, a VPC, a Secrets Manager secret, an App Mesh mesh, virtual node or virtual gateway).`,
      );
    }
    const { accountId = '', region = '' } = parseArn(arn) ?? {};
    inScope([accountId], accounts, 'account');
    inScope([region], regions, 'region');
    const key = `${accountId}:${region}`;
    const entry = byTarget.get(key) ?? { accountId, region, arns: [], prefixes: [], focus: {} };
    entry.arns.push(...scope.arns);
    entry.prefixes.push(...scope.prefixes);
    entry.focus = merge(entry.focus, scope.focus);
    byTarget.set(key, entry);
  }
  const messages = [...byTarget.values()].map(
    ({ accountId, region, arns, prefixes, focus }): ScanMessage => ({
      ...base,
      accountId,
      region,
      focus,
      ...(arns.length ? { resourceArns: [...new Set(arns)] } : {}),
      ...(prefixes.length ? { resourcePrefixes: [...new Set(prefixes)] } : {}),
      resourceScope: 'listed',
    }),
  );
  for (const message of messages) {
    const bytes = messageBytes(message);
    if (bytes > MAX_MESSAGE_BYTES) {
      throw new InvalidRequestError(
        `the resources of ${message.accountId} ${message.region} make a scan request of ${bytes} bytes, more than the ${MAX_MESSAGE_BYTES} an SQS message holds: ask for fewer resources at a time.`,
      );
    }
  }
  return messages;
};
