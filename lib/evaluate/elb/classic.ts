// Classic Load Balancers as results' resources, and the TLS versions of their SSL negotiation
// policies (read from the policy's `Protocol-*` attributes, else AWS's table of predefined ones).
import type { ClassicListenerDescription } from '../../snapshot/classicListeners.ts';
import type { ClassicLoadBalancer, ClassicPolicy } from '../../snapshot/types.ts';
import type { Inventory } from '../inventory/inventory.ts';
import {
  classicLoadBalancerResource,
  type ResourceRef,
  serviceResource,
} from '../inventory/resources.ts';

/** The load balancer as a result resource, with the in-scope ECS services behind it. */
export const classicSubject = (
  inventory: Inventory,
  loadBalancer: ClassicLoadBalancer,
): { resource: ResourceRef; extra?: { relatedResources: ResourceRef[] } } => {
  const services = (inventory.services ?? []).filter((s) =>
    (s.loadBalancers ?? []).some((lb) => lb.loadBalancerName === loadBalancer.LoadBalancerName),
  );
  return {
    resource: classicLoadBalancerResource(loadBalancer, inventory),
    extra: services.length
      ? { relatedResources: services.map((s) => serviceResource(s, inventory.region)) }
      : undefined,
  };
};

/** `service web` or `services web, api`: who is behind the load balancer, for a reason. */
export const servicesBehind = (extra: { relatedResources: ResourceRef[] } | undefined): string =>
  extra?.relatedResources.length
    ? ` (in front of ECS service${extra.relatedResources.length > 1 ? 's' : ''} ${extra.relatedResources.map((r) => r.name).join(', ')})`
    : '';

/**
 * The protocols of AWS's predefined Classic security policies ("Predefined SSL security policies
 * for Classic Load Balancers", Protocols by policy), for a policy whose attributes are not known.
 */
const PREDEFINED: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    'ELBSecurityPolicy-TLS-1-2-2017-01': ['TLSv1.2'],
    'ELBSecurityPolicy-TLS-1-1-2017-01': ['TLSv1.1', 'TLSv1.2'],
    'ELBSecurityPolicy-2016-08': ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
    'ELBSecurityPolicy-2015-05': ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
    'ELBSecurityPolicy-2015-03': ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
    'ELBSecurityPolicy-2015-02': ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
  }).map(([name, protocols]) => [name.toLowerCase(), protocols]),
);

export const predefinedClassicProtocols = (name: string): readonly string[] | undefined =>
  PREDEFINED.get(name.trim().toLowerCase());

const SSL_NEGOTIATION = 'SSLNegotiationPolicyType';

export type NegotiationReading =
  | { known: true; policyName: string; protocols: readonly string[]; source: string }
  | { known: false; why: string };

const attribute = (policy: ClassicPolicy, name: string): string | undefined =>
  policy.PolicyAttributeDescriptions?.find(
    (a) => (a.AttributeName ?? '').toLowerCase() === name.toLowerCase(),
  )?.AttributeValue;

/**
 * The TLS versions a listener's SSL negotiation policy enables: its `Protocol-*` attributes set
 * `true`; without them, the predefined policy its `Reference-Security-Policy` names, or that it is.
 */
export const negotiationProtocols = (
  description: ClassicListenerDescription,
  policies: readonly ClassicPolicy[] | undefined,
): NegotiationReading => {
  if (!policies) return { known: false, why: 'its policies were not described' };
  const names = description.PolicyNames ?? [];
  const ofListener = names.map(
    (name) => [name, policies.find((p) => p.PolicyName === name)] as const,
  );
  const negotiation = ofListener.find(([, p]) => p?.PolicyTypeName === SSL_NEGOTIATION);
  if (negotiation) {
    const [policyName, policy] = negotiation as [string, ClassicPolicy];
    const protocolAttributes = (policy.PolicyAttributeDescriptions ?? []).filter((a) =>
      (a.AttributeName ?? '').toLowerCase().startsWith('protocol-'),
    );
    if (protocolAttributes.length) {
      return {
        known: true,
        policyName,
        protocols: protocolAttributes
          .filter((a) => (a.AttributeValue ?? '').trim().toLowerCase() === 'true')
          .map((a) => a.AttributeName ?? ''),
        source: 'its Protocol attributes',
      };
    }
    const reference = attribute(policy, 'Reference-Security-Policy');
    const byReference = reference && predefinedClassicProtocols(reference);
    if (reference && byReference) {
      return {
        known: true,
        policyName,
        protocols: byReference,
        source: `Reference-Security-Policy ${reference}`,
      };
    }
    const byName = predefinedClassicProtocols(policyName);
    if (byName)
      return { known: true, policyName, protocols: byName, source: 'its predefined name' };
    return {
      known: false,
      why: `policy ${policyName} lists no Protocol attributes${reference ? ` and references ${reference}, not a known predefined policy` : ''}`,
    };
  }
  // A predefined policy named on the listener but not among the described ones.
  const predefined = names.find((name) => predefinedClassicProtocols(name));
  if (predefined) {
    return {
      known: true,
      policyName: predefined,
      protocols: predefinedClassicProtocols(predefined) ?? [],
      source: 'its predefined name',
    };
  }
  return {
    known: false,
    why: names.length
      ? `none of its policies (${names.join(', ')}) is a described SSL negotiation policy`
      : 'it names no SSL negotiation policy',
  };
};
