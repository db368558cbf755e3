// Facts about Classic Load Balancer listeners read by the collectors and the checks alike.
import { upper } from './listeners.ts';
import type { ClassicLoadBalancer } from './types.ts';

export type ClassicListenerDescription = NonNullable<
  ClassicLoadBalancer['ListenerDescriptions']
>[number];

/** Front-end protocols that terminate TLS at the load balancer (a certificate and a negotiation policy). */
export const isClassicTlsProtocol = (protocol: string | undefined): boolean =>
  ['HTTPS', 'SSL'].includes(upper(protocol));

/** `HTTPS:443`: a Classic listener has no ARN, its front-end protocol and port name it. */
export const classicListenerName = (description: ClassicListenerDescription): string =>
  `${description.Listener?.Protocol ?? '?'}:${description.Listener?.LoadBalancerPort ?? '?'}`;

export const classicListenersOf = (
  loadBalancer: ClassicLoadBalancer,
): ClassicListenerDescription[] => loadBalancer.ListenerDescriptions ?? [];

/** Whether any listener terminates TLS: its policies are then needed. */
export const hasClassicTlsListener = (loadBalancer: ClassicLoadBalancer): boolean =>
  classicListenersOf(loadBalancer).some((d) => isClassicTlsProtocol(d.Listener?.Protocol));

/** The certificate ARNs (SSLCertificateId) of the TLS listeners. */
export const classicCertificateArnsOf = (loadBalancer: ClassicLoadBalancer): string[] => [
  ...new Set(
    classicListenersOf(loadBalancer)
      .filter((d) => isClassicTlsProtocol(d.Listener?.Protocol))
      .map((d) => d.Listener?.SSLCertificateId ?? '')
      .filter(Boolean),
  ),
];
