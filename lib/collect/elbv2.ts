// ELBv2: the target groups of in-scope services → their load balancers (or every load balancer
// with allLoadBalancers) → listeners → listener certificates and rules for the listeners that
// need them → the SSL policies in use.
import {
  DescribeLoadBalancersCommand,
  DescribeSSLPoliciesCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  paginateDescribeListenerCertificates,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeRules,
  paginateDescribeTargetGroups,
  type SslPolicy,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ScanConfig } from '../config.ts';
import { isTlsTerminatingListener, upper } from '../elbv2/listeners.ts';
import { loadBalancerArnsOfTargetGroups, targetGroupArnsOfServices } from '../inventory/scope.ts';
import type {
  EcsService,
  ElbCertificate,
  ElbListener,
  ElbLoadBalancer,
  ElbRule,
  ElbTargetGroup,
  Elbv2Section,
} from '../snapshot/types.ts';
import { allOrNothing, attempt, isErrorNamed, type Outcome, orAbsent, pages } from './call.ts';
import { chunk, jsonify, unique } from './json.ts';
import type { SectionFilter } from './sections.ts';
import type { RegionContext } from './types.ts';

/** DescribeLoadBalancers and DescribeTargetGroups take at most 20 ARNs per call. */
const ARNS_PER_CALL = 20;
/** The ELBv2 describe APIs' largest page. */
const PAGE_SIZE = 400;

/**
 * Describes items by name or ARN in batches. A batch naming one item that does not exist fails
 * whole (`…NotFound`): its items are then described one by one, and those that do not exist are
 * left out. Undefined when any other failure left items undescribed.
 */
const describeInBatches = async <T>(
  context: RegionContext,
  operation: string,
  notFound: string,
  keys: readonly string[],
  batchSize: number,
  describe: (keys: string[]) => Promise<T[]>,
): Promise<T[] | undefined> => {
  const batches = await Promise.all(
    chunk(keys, batchSize).map(async (batch): Promise<Outcome<T[]>[]> => {
      if (batch.length === 1) {
        return [
          await attempt(context, 'elasticloadbalancing', operation, () =>
            orAbsent(() => describe(batch), notFound),
          ),
        ];
      }
      const whole = await attempt(
        context,
        'elasticloadbalancing',
        operation,
        () => describe(batch),
        {
          record: (error) => !isErrorNamed(error, notFound),
        },
      );
      if (whole.ok || !isErrorNamed(whole.error, notFound)) return [whole];
      return Promise.all(
        batch.map((key) =>
          attempt(context, 'elasticloadbalancing', operation, () =>
            orAbsent(() => describe([key]), notFound),
          ),
        ),
      );
    }),
  );
  // An item that does not exist is simply absent; any other failure leaves the list incomplete.
  return allOrNothing(batches.flat())?.flat();
};

/**
 * Describes the in-scope items of a Describe API that takes 20 ARNs a call or lists every item of
 * the account and region in pages of 400, at the lower of the two costs as far as it can be known:
 * the account's total is unknown until the listing ends. With more than 20 ARNs, list pages while
 * fewer calls than the batches by ARN would cost have been spent (ski rental); if the listing
 * ends within that budget it was the cheaper way, otherwise the items still missing are described
 * by ARN. Never more than twice the cheaper way; exactly it whenever the whole listing takes no
 * more pages than the batches by ARN (at least one in 20 of the account's items in scope).
 * Undefined when a call failed (all or nothing, as by ARN).
 */
const describeByArnsOrListing = async <T>(
  context: RegionContext,
  operation: string,
  arns: readonly string[],
  keyOf: (item: T) => string | undefined,
  listPage: (marker: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>,
  byArns: (arns: readonly string[]) => Promise<T[] | undefined>,
): Promise<T[] | undefined> => {
  const budget = Math.ceil(arns.length / ARNS_PER_CALL);
  if (budget <= 1) return byArns(arns);
  const wanted = new Set(arns);
  const found = new Map<string, T>();
  let marker: string | undefined;
  for (let pages = 0; pages < budget; pages += 1) {
    const page = await attempt(context, 'elasticloadbalancing', operation, () => listPage(marker));
    if (!page.ok) return undefined;
    for (const item of page.value.items) {
      const key = keyOf(item);
      if (key !== undefined && wanted.has(key)) found.set(key, item);
    }
    marker = page.value.next;
    // The listing ended: it saw every item there is; an ARN it did not see does not exist.
    if (!marker) return arns.flatMap((arn) => (found.has(arn) ? [found.get(arn) as T] : []));
  }
  const rest = await byArns(arns.filter((arn) => !found.has(arn)));
  if (!rest) return undefined;
  const described = new Map(rest.map((item) => [keyOf(item), item] as const));
  return arns.flatMap((arn) => {
    const item = found.get(arn) ?? described.get(arn);
    return item ? [item] : [];
  });
};

const describeTargetGroupsByArn = (context: RegionContext, arns: readonly string[]) =>
  describeInBatches<ElbTargetGroup>(
    context,
    'DescribeTargetGroups',
    'TargetGroupNotFoundException',
    arns,
    ARNS_PER_CALL,
    async (TargetGroupArns) =>
      jsonify(
        (
          await pages(
            paginateDescribeTargetGroups(
              { client: context.clients.elbv2, pageSize: PAGE_SIZE },
              { TargetGroupArns },
            ),
          )
        ).flatMap((page) => page.TargetGroups ?? []),
      ),
  );

const describeTargetGroups = (context: RegionContext, arns: readonly string[]) =>
  describeByArnsOrListing<ElbTargetGroup>(
    context,
    'DescribeTargetGroups',
    arns,
    (tg) => tg.TargetGroupArn,
    async (Marker) => {
      const out = await context.clients.elbv2.send(
        new DescribeTargetGroupsCommand({ Marker, PageSize: PAGE_SIZE }),
      );
      return { items: jsonify(out.TargetGroups ?? []), next: out.NextMarker };
    },
    (rest) => describeTargetGroupsByArn(context, rest),
  );

const describeLoadBalancersByArns = (context: RegionContext, arns: readonly string[]) =>
  describeInBatches<ElbLoadBalancer>(
    context,
    'DescribeLoadBalancers',
    'LoadBalancerNotFoundException',
    arns,
    ARNS_PER_CALL,
    async (LoadBalancerArns) =>
      jsonify(
        (
          await pages(
            paginateDescribeLoadBalancers(
              { client: context.clients.elbv2, pageSize: PAGE_SIZE },
              { LoadBalancerArns },
            ),
          )
        ).flatMap((page) => page.LoadBalancers ?? []),
      ),
  );

const describeLoadBalancersByArn = (context: RegionContext, arns: readonly string[]) =>
  describeByArnsOrListing<ElbLoadBalancer>(
    context,
    'DescribeLoadBalancers',
    arns,
    (lb) => lb.LoadBalancerArn,
    async (Marker) => {
      const out = await context.clients.elbv2.send(
        new DescribeLoadBalancersCommand({ Marker, PageSize: PAGE_SIZE }),
      );
      return { items: jsonify(out.LoadBalancers ?? []), next: out.NextMarker };
    },
    (rest) => describeLoadBalancersByArns(context, rest),
  );

const describeAllLoadBalancers = async (context: RegionContext) => {
  const outcome = await attempt(
    context,
    'elasticloadbalancing',
    'DescribeLoadBalancers',
    async () =>
      jsonify(
        (
          await pages(
            paginateDescribeLoadBalancers(
              { client: context.clients.elbv2, pageSize: PAGE_SIZE },
              {},
            ),
          )
        ).flatMap((page) => page.LoadBalancers ?? []),
      ),
  );
  return outcome.ok ? outcome.value : undefined;
};

/** Every listener of these load balancers, or undefined when any call failed (missing listeners would go unjudged). */
const describeListeners = async (
  context: RegionContext,
  loadBalancers: readonly ElbLoadBalancer[],
  onListeners: (listeners: readonly ElbListener[]) => void,
): Promise<ElbListener[] | undefined> => {
  const client = context.clients.elbv2;
  const outcomes = await Promise.all(
    loadBalancers.map((lb) =>
      attempt(context, 'elasticloadbalancing', 'DescribeListeners', async () => {
        const listeners: ElbListener[] = jsonify(
          (
            await pages(
              paginateDescribeListeners(
                { client, pageSize: PAGE_SIZE },
                { LoadBalancerArn: lb.LoadBalancerArn },
              ),
            )
          ).flatMap((page) => page.Listeners ?? []),
        );
        onListeners(listeners);
        return listeners;
      }),
    ),
  );
  return allOrNothing(outcomes)?.flat();
};

/** HTTP listeners whose default action forwards fail whatever their rules say. */
const defaultActionForwards = (listener: ElbListener): boolean =>
  (listener.DefaultActions ?? []).some((a) => a.Type?.trim().toLowerCase() === 'forward');

/** Rules are needed for host-header coverage (HTTPS, TLS) and for HTTP listeners that do not forward by default. */
export const listenerNeedsRules = (listener: ElbListener): boolean =>
  isTlsTerminatingListener(listener) ||
  (upper(listener.Protocol) === 'HTTP' && !defaultActionForwards(listener));

/** The certificate list (default and SNI) matters only where TLS terminates. */
export const listenerNeedsCertificates = (listener: ElbListener): boolean =>
  isTlsTerminatingListener(listener);

/** Per listener, keyed by ARN; a listener whose call failed has no key (= not collected). */
const perListener = async <T>(
  context: RegionContext,
  operation: string,
  listeners: readonly ElbListener[],
  fetch: (client: ElasticLoadBalancingV2Client, ListenerArn: string) => Promise<T[]>,
  onItems: (items: readonly T[]) => void = () => {},
): Promise<Record<string, T[]>> => {
  const entries = await Promise.all(
    listeners.map(async (listener) => {
      const arn = listener.ListenerArn;
      if (!arn) return [];
      const outcome = await attempt(context, 'elasticloadbalancing', operation, () =>
        fetch(context.clients.elbv2, arn),
      );
      if (!outcome.ok) return [];
      onItems(outcome.value);
      return [[arn, outcome.value] as const];
    }),
  );
  return Object.fromEntries(entries.flat());
};

const describeListenerCertificates = (
  context: RegionContext,
  listeners: readonly ElbListener[],
  onCertificates: (certificates: readonly ElbCertificate[]) => void,
) =>
  perListener<ElbCertificate>(
    context,
    'DescribeListenerCertificates',
    listeners,
    async (client, ListenerArn) =>
      jsonify(
        (
          await pages(
            paginateDescribeListenerCertificates({ client, pageSize: PAGE_SIZE }, { ListenerArn }),
          )
        ).flatMap((page) => page.Certificates ?? []),
      ),
    onCertificates,
  );

const describeRules = (context: RegionContext, listeners: readonly ElbListener[]) =>
  perListener<ElbRule>(context, 'DescribeRules', listeners, async (client, ListenerArn) =>
    jsonify(
      (
        await pages(paginateDescribeRules({ client, pageSize: PAGE_SIZE }, { ListenerArn }))
      ).flatMap((page) => page.Rules ?? []),
    ),
  );

/** DescribeSSLPolicies has no SDK paginator: follow NextMarker by hand. */
const describeSslPolicies = (context: RegionContext, names: readonly string[]) =>
  describeInBatches(
    context,
    'DescribeSSLPolicies',
    'SSLPolicyNotFoundException',
    names,
    Number.POSITIVE_INFINITY,
    async (Names) => {
      const policies: SslPolicy[] = [];
      let Marker: string | undefined;
      do {
        const out = await context.clients.elbv2.send(
          new DescribeSSLPoliciesCommand({ Names, Marker, PageSize: PAGE_SIZE }),
        );
        policies.push(...(out.SslPolicies ?? []));
        Marker = out.NextMarker;
      } while (Marker);
      return jsonify(policies);
    },
  );

export interface Elbv2Hooks {
  /**
   * Certificate ARNs of TLS listeners as they are found (default certificates, then certificate
   * lists), so that the ACM collector describes them while ELBv2 collection goes on.
   */
  onCertificateArns?: (certificateArns: readonly string[]) => void;
}

/** The ELBv2 section for the in-scope services (undefined: ECS services were not collected). */
export const collectElbv2 = async (
  context: RegionContext,
  services: readonly EcsService[] | undefined,
  config: Pick<ScanConfig, 'allLoadBalancers'>,
  hooks: Elbv2Hooks = {},
  need: SectionFilter = () => true,
): Promise<Elbv2Section | undefined> => {
  const certificatesFound = (certificates: readonly { CertificateArn?: string | undefined }[]) =>
    hooks.onCertificateArns?.(
      certificates.flatMap((c) => (c.CertificateArn ? [c.CertificateArn] : [])),
    );
  if (!services && !config.allLoadBalancers) return undefined;
  const targetGroups =
    services && need('elbv2.targetGroups')
      ? await describeTargetGroups(context, targetGroupArnsOfServices(services))
      : undefined;
  const loadBalancers = !need('elbv2.loadBalancers')
    ? undefined
    : config.allLoadBalancers
      ? await describeAllLoadBalancers(context)
      : targetGroups &&
        (await describeLoadBalancersByArn(context, loadBalancerArnsOfTargetGroups(targetGroups)));
  const listeners =
    loadBalancers && need('elbv2.listeners')
      ? await describeListeners(context, loadBalancers, (found) =>
          certificatesFound(
            found.filter(isTlsTerminatingListener).flatMap((l) => l.Certificates ?? []),
          ),
        )
      : undefined;
  if (!listeners) return { targetGroups, loadBalancers };

  const [listenerCertificates, rules, sslPolicies] = await Promise.all([
    need('elbv2.listenerCertificates')
      ? describeListenerCertificates(
          context,
          listeners.filter(listenerNeedsCertificates),
          certificatesFound,
        )
      : undefined,
    need('elbv2.rules') ? describeRules(context, listeners.filter(listenerNeedsRules)) : undefined,
    need('elbv2.sslPolicies')
      ? describeSslPolicies(
          context,
          unique(
            listeners
              .filter(isTlsTerminatingListener)
              .flatMap((l) => (l.SslPolicy ? [l.SslPolicy] : [])),
          ),
        )
      : undefined,
  ]);
  return { loadBalancers, listeners, listenerCertificates, rules, targetGroups, sslPolicies };
};
