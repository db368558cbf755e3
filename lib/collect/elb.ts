// Classic Load Balancers (ELB API 2012-06-01): those the in-scope services name
// (`loadBalancers[].loadBalancerName`) → DescribeLoadBalancers by name → the policies of each one
// with an HTTPS/SSL listener (DescribeLoadBalancerPolicies), for its SSL negotiation policies.
import {
  DescribeLoadBalancerPoliciesCommand,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import { classicCertificateArnsOf, hasClassicTlsListener } from '../snapshot/classicListeners.ts';
import { classicLoadBalancerNamesOfServices } from '../snapshot/scope.ts';
import type {
  ClassicLoadBalancer,
  ClassicPolicy,
  EcsService,
  ElbSection,
} from '../snapshot/types.ts';
import { attempt, type Outcome, orNotedAbsent, pages } from './call.ts';
import { describeInBatches } from './elbv2.ts';
import { chunk, jsonify } from './json.ts';
import type { SectionFilter } from './sections.ts';
import type { RegionContext } from './types.ts';

/**
 * Names per DescribeLoadBalancers call. The API reference sets no limit on LoadBalancerNames; 20 is
 * ELB's limit wherever it has one (Classic DescribeTags, ELBv2 DescribeLoadBalancers).
 */
export const CLASSIC_NAMES_PER_CALL = 20;
const PAGE_SIZE = 400;
/** AWS's `LoadBalancerNotFound` ("The specified load balancer does not exist"), as the SDK names it. */
const NOT_FOUND = 'AccessPointNotFoundException';

const describeByNames = (context: RegionContext, names: readonly string[]) =>
  describeInBatches<ClassicLoadBalancer>(
    context,
    'elb',
    'DescribeLoadBalancers',
    NOT_FOUND,
    names,
    CLASSIC_NAMES_PER_CALL,
    async (LoadBalancerNames) =>
      jsonify(
        (
          await pages(
            paginateDescribeLoadBalancers(
              { client: context.clients.elb, pageSize: PAGE_SIZE },
              { LoadBalancerNames },
            ),
          )
        ).flatMap((page) => page.LoadBalancerDescriptions ?? []),
      ),
  );

/** Every policy of the load balancer (with its attributes); undefined when it is gone since. */
const policiesOf = (
  context: RegionContext,
  LoadBalancerName: string,
): Promise<Outcome<ClassicPolicy[] | undefined>> =>
  attempt(
    context,
    'elb',
    'DescribeLoadBalancerPolicies',
    async () => {
      const [policies] = await orNotedAbsent(
        {
          context,
          service: 'elb',
          operation: 'DescribeLoadBalancerPolicies',
          items: [LoadBalancerName],
        },
        async () => {
          const out = await context.clients.elb.send(
            new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName }),
          );
          return [jsonify(out.PolicyDescriptions ?? [])];
        },
        NOT_FOUND,
      );
      return policies;
    },
    { items: [LoadBalancerName] },
  );

export interface ElbHooks {
  /** Told the certificate ARNs of TLS listeners as load balancers are described (ACM starts early). */
  onCertificateArns?: (arns: readonly string[]) => void;
}

/**
 * Collects the Classic section while the ECS services are still being described: `add` takes the
 * in-scope services of each cluster and describes full batches of new names at once; `finish`
 * describes the rest, then the policies. Each name is described once.
 */
export const elbCollector = (
  context: RegionContext,
  hooks: ElbHooks = {},
  need: SectionFilter = () => true,
) => {
  const started = new Set<string>();
  let waiting: string[] = [];
  const batches: Promise<ClassicLoadBalancer[] | undefined>[] = [];
  const describe = (names: string[]) => {
    const batch = describeByNames(context, names).then((loadBalancers) => {
      if (loadBalancers) hooks.onCertificateArns?.(loadBalancers.flatMap(classicCertificateArnsOf));
      return loadBalancers;
    });
    batches.push(batch);
  };
  const enabled = need('elb.loadBalancers');
  return {
    /** The in-scope services of one cluster, as soon as they are described. */
    add(services: readonly EcsService[]): void {
      if (!enabled) return;
      for (const name of classicLoadBalancerNamesOfServices(services)) {
        if (started.has(name)) continue;
        started.add(name);
        waiting.push(name);
      }
      const full = waiting.length - (waiting.length % CLASSIC_NAMES_PER_CALL);
      if (full > 0) {
        for (const names of chunk(waiting.slice(0, full), CLASSIC_NAMES_PER_CALL)) describe(names);
        waiting = waiting.slice(full);
      }
    },

    /** The section for all in-scope services (undefined: ECS services were not collected). */
    async finish(services: readonly EcsService[] | undefined): Promise<ElbSection | undefined> {
      if (!services || !enabled) return undefined;
      const names = classicLoadBalancerNamesOfServices(services);
      for (const name of names) {
        if (started.has(name)) continue;
        started.add(name);
        waiting.push(name);
      }
      for (const rest of chunk(waiting, CLASSIC_NAMES_PER_CALL)) describe(rest);
      waiting = [];
      const described = await Promise.all(batches);
      // Any failed batch leaves the list incomplete: a missing load balancer would go unjudged.
      if (described.some((batch) => batch === undefined)) return {};
      const wanted = new Set(names);
      const loadBalancers = (described as ClassicLoadBalancer[][])
        .flat()
        .filter((lb) => wanted.has(lb.LoadBalancerName ?? ''));
      if (!need('elb.policies')) return { loadBalancers };
      const withTls = loadBalancers.filter(hasClassicTlsListener);
      const outcomes = await Promise.all(
        withTls.map((lb) => policiesOf(context, lb.LoadBalancerName ?? '')),
      );
      const policies: Record<string, ClassicPolicy[]> = {};
      withTls.forEach((lb, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok && outcome.value) policies[lb.LoadBalancerName ?? ''] = outcome.value;
      });
      return { loadBalancers, policies };
    },
  };
};

export type ElbCollector = ReturnType<typeof elbCollector>;

/** The Classic section for the in-scope services (undefined: ECS services were not collected). */
export const collectElb = (
  context: RegionContext,
  services: readonly EcsService[] | undefined,
  hooks: ElbHooks = {},
  need: SectionFilter = () => true,
): Promise<ElbSection | undefined> => elbCollector(context, hooks, need).finish(services);
