// A listener as a result's resource, with the load balancer it belongs to for context.
import type { ElbListener } from '../../snapshot/types.ts';
import type { Inventory } from '../inventory/inventory.ts';
import {
  listenerResource,
  loadBalancerResource,
  type ResourceRef,
} from '../inventory/resources.ts';

/** The listener as a result resource, with its load balancer (when known) for context. */
export const listenerSubject = (
  inventory: Inventory,
  listener: ElbListener,
): { resource: ResourceRef; extra?: { relatedResources: ResourceRef[] } } => {
  const loadBalancer = inventory.loadBalancers?.find(
    (lb) => lb.LoadBalancerArn === listener.LoadBalancerArn,
  );
  return {
    resource: listenerResource(listener, inventory.region),
    extra: loadBalancer
      ? { relatedResources: [loadBalancerResource(loadBalancer, inventory.region)] }
      : undefined,
  };
};
