// Facts about VPC Lattice listeners and actions read by the collector and the check alike.
import type { LatticeRuleAction, LatticeTargetGroup } from './types.ts';

const upper = (value: string | undefined): string => (value ?? '').toUpperCase();

/**
 * Listener protocols that carry TLS from the client: HTTPS (TLS ends at Lattice) and
 * TLS_PASSTHROUGH (TLS goes through to the targets). Where any other listener forwards (HTTP, or a
 * protocol the scanner does not know) must be read, so that the check can tell whether it reaches
 * an in-scope target group; for these, the target group's protocol alone decides.
 */
export const isTlsListenerProtocol = (protocol: string | undefined): boolean =>
  ['HTTPS', 'TLS_PASSTHROUGH'].includes(upper(protocol));

/** The target group identifiers (IDs or ARNs) an action forwards to; none for a fixed response. */
export const forwardTargetsOf = (action: LatticeRuleAction | undefined): string[] =>
  (
    (action as { forward?: { targetGroups?: { targetGroupIdentifier?: string }[] } } | undefined)
      ?.forward?.targetGroups ?? []
  )
    .map((tg) => tg.targetGroupIdentifier ?? '')
    .filter(Boolean);

/** Whether an action forwards to the target group (named by its ID or its ARN). */
export const forwardsTo = (
  action: LatticeRuleAction | undefined,
  targetGroup: Pick<LatticeTargetGroup, 'arn' | 'id'>,
): boolean =>
  forwardTargetsOf(action).some(
    (identifier) => identifier === targetGroup.arn || identifier === targetGroup.id,
  );

/** `tg-0123` of `arn:aws:vpc-lattice:REGION:ACCOUNT:targetgroup/tg-0123`. */
export const latticeIdOfArn = (arn: string): string => arn.split('/').pop() ?? arn;
