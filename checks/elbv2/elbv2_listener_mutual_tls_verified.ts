import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { listenerSubject } from '../../lib/evaluate/elbv2/subject.ts';
import type { Inventory } from '../../lib/evaluate/inventory/inventory.ts';
import { serviceResource } from '../../lib/evaluate/inventory/resources.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import { mutualTlsModeOf, upper } from '../../lib/snapshot/listeners.ts';
import { isConfidentialService, targetGroupArnsOfServices } from '../../lib/snapshot/scope.ts';
import type { EcsService, ElbListener } from '../../lib/snapshot/types.ts';

export const metadata: CheckMetadata = {
  id: 'elbv2_listener_mutual_tls_verified',
  service: 'elbv2',
  title:
    'HTTPS listeners in front of confidential ECS services verify client certificates (mutual TLS)',
  severity: 'MEDIUM',
  resourceKind: 'listener',
  inputs: [
    'ecs.services',
    'elbv2.targetGroups',
    'elbv2.loadBalancers',
    'elbv2.listeners',
    'elbv2.trustStores',
  ],
  description:
    'Checks every HTTPS listener of an Application Load Balancer in front of an in-scope ECS service tagged confidential (option confidentialTag). PASSED when MutualAuthentication.Mode is verify against a trust store that is ACTIVE (and, for a trust store shared from another account, whose TrustStoreAssociationStatus is active); WARNING when the mode is passthrough (the load balancer forwards the client certificate chain unverified, so the application must verify it) or when IgnoreClientCertificateExpiry is true; FAILED (MEDIUM) when the mode is off or absent, or the shared trust store association was removed. Listeners in front of services not tagged confidential are not judged.',
  risk: 'Without mutual TLS, any client that reaches the load balancer can call a service that handles confidential data: the server proves who it is, but nothing proves who the client is, so stolen tokens or a misrouted network path expose the data.',
  remediation: {
    text: 'Create an ELB trust store from the CA bundle that issues your client certificates (aws elbv2 create-trust-store), then set mutual authentication on the HTTPS listener to verify (aws elbv2 modify-listener --mutual-authentication Mode=verify,TrustStoreArn=ARN,IgnoreClientCertificateExpiry=false).',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/mutual-authentication.html',
  },
  remediationCli:
    'aws elbv2 modify-listener --listener-arn LISTENER_ARN --mutual-authentication Mode=verify,TrustStoreArn=TRUST_STORE_ARN,IgnoreClientCertificateExpiry=false',
  guidance:
    'Use mutual TLS for the most sensitive traffic: the load balancer in front of confidential ECS services verifies client certificates against a trust store, as App Mesh mutual TLS did between services.',
  relatedRequirements: ['NIST.800-53.r5 IA-3', 'NIST.800-53.r5 IA-5(2)', 'NIST.800-53.r5 SC-8'],
};

const results = resultsFor(metadata);

/** The confidential services behind each load balancer, by load balancer ARN. */
const confidentialServicesByLoadBalancer = (
  inventory: Inventory,
  confidential: readonly EcsService[],
): Map<string, EcsService[]> => {
  const byLoadBalancer = new Map<string, EcsService[]>();
  for (const service of confidential) {
    for (const arn of targetGroupArnsOfServices([service])) {
      const targetGroup = inventory.targetGroups?.find((tg) => tg.arn === arn)?.data;
      for (const lb of targetGroup?.LoadBalancerArns ?? []) {
        const services = byLoadBalancer.get(lb) ?? [];
        if (!services.includes(service)) services.push(service);
        byLoadBalancer.set(lb, services);
      }
    }
  }
  return byLoadBalancer;
};

const judge = (
  inventory: Inventory,
  listener: ElbListener,
  services: readonly EcsService[],
): CheckResult => {
  const subject = listenerSubject(inventory, listener);
  const serviceResources = services.map((s) => serviceResource(s, inventory.region));
  const extra = {
    relatedResources: [...(subject.extra?.relatedResources ?? []), ...serviceResources],
  };
  const { resource } = subject;
  const behind = serviceResources.map((s) => s.name || '?').join(', ');
  const name = `Listener ${resource.name} (in front of confidential service${services.length === 1 ? '' : 's'} ${behind})`;
  const mutual = listener.MutualAuthentication;
  const mode = mutualTlsModeOf(listener);

  if (mode === 'off') {
    return results.failed(
      resource,
      `${name} does not authenticate clients (MutualAuthentication.Mode ${mutual?.Mode ? mutual.Mode : 'absent'}).`,
      'MEDIUM',
      extra,
    );
  }
  if (mode === 'passthrough') {
    return results.warning(
      resource,
      `${name} passes client certificates through unverified (MutualAuthentication.Mode passthrough): the application must verify the chain it receives in the X-Amzn-Mtls-Clientcert header.`,
      'LOW',
      extra,
    );
  }
  if (mode !== 'verify') {
    return results.notAvailable(
      resource,
      `${name} has an unrecognized MutualAuthentication.Mode ${mutual?.Mode}, so whether it verifies clients is unknown.`,
      extra,
    );
  }
  const storeArn = mutual?.TrustStoreArn?.trim();
  const association = mutual?.TrustStoreAssociationStatus?.trim().toLowerCase();
  if (association && association !== 'active') {
    return results.failed(
      resource,
      `${name} verifies clients against trust store ${storeArn ?? '?'} whose association is ${association} (TrustStoreAssociationStatus), so it is no longer shared with this account.`,
      'MEDIUM',
      extra,
    );
  }
  if (!storeArn) {
    return results.notAvailable(
      resource,
      `${name} is in verify mode but names no TrustStoreArn, so the trust store is unknown.`,
      extra,
    );
  }
  const store = inventory.trustStores?.get(storeArn);
  if (!store) {
    return results.notAvailable(
      resource,
      `${name} verifies clients against trust store ${storeArn}, which ${inventory.trustStores ? 'was not described' : 'was not collected'}, so whether it is ACTIVE is unknown.`,
      extra,
    );
  }
  const status = upper(store.Status);
  if (status !== 'ACTIVE') {
    return results.notAvailable(
      resource,
      `${name} verifies clients against trust store ${store.Name ?? storeArn}, whose Status is ${store.Status ?? 'absent'}, not ACTIVE.`,
      extra,
    );
  }
  if (mutual?.IgnoreClientCertificateExpiry === true) {
    return results.warning(
      resource,
      `${name} verifies clients against ACTIVE trust store ${store.Name ?? storeArn} but accepts expired client certificates (IgnoreClientCertificateExpiry true).`,
      'LOW',
      extra,
    );
  }
  return results.passed(
    resource,
    `${name} verifies client certificates against ACTIVE trust store ${store.Name ?? storeArn} (MutualAuthentication.Mode verify).`,
    extra,
  );
};

export const check: Check = {
  metadata,
  evaluate: ({ inventory, config }) => {
    const confidential = (inventory.services ?? []).filter((s) =>
      isConfidentialService(s, config.confidentialTag),
    );
    if (confidential.length === 0) return [];
    const behind = confidentialServicesByLoadBalancer(inventory, confidential);
    // Mutual authentication exists on ALB HTTPS listeners only (NLB TLS listeners have none).
    return (inventory.listeners ?? []).flatMap((listener) => {
      const services = behind.get(listener.LoadBalancerArn ?? '');
      if (!services || upper(listener.Protocol) !== 'HTTPS') return [];
      return [judge(inventory, listener, services)];
    });
  },
};
