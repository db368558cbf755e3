// ELBv2: the target groups of in-scope services → their load balancers (or every load balancer
// with allLoadBalancers) → listeners → listener certificates and rules for the listeners that
// need them → the SSL policies in use.
import {
  DescribeLoadBalancersCommand,
  DescribeSSLPoliciesCommand,
  DescribeTargetGroupsCommand,
  DescribeTrustStoresCommand,
  paginateDescribeListenerCertificates,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeRules,
  paginateDescribeTargetGroups,
  type SslPolicy,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ScanConfig } from '../config.ts';
import { isTlsTerminatingListener, upper, verifyingTrustStoreArn } from '../snapshot/listeners.ts';
import { loadBalancerArnsOfTargetGroups, targetGroupArnsOfServices } from '../snapshot/scope.ts';
import type {
  EcsService,
  ElbCertificate,
  ElbListener,
  ElbLoadBalancer,
  ElbRule,
  ElbTargetGroup,
  ElbTrustStore,
  Elbv2Section,
} from '../snapshot/types.ts';
import { allOrNothing, attempt, isErrorNamed, type Outcome, orNotedAbsent, pages } from './call.ts';
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
export const describeInBatches = async <T>(
  context: RegionContext,
  service: 'elasticloadbalancing' | 'elb',
  operation: string,
  notFound: string,
  keys: readonly string[],
  batchSize: number,
  describe: (keys: string[]) => Promise<T[]>,
): Promise<T[] | undefined> => {
  const describeOne = (key: string) =>
    attempt(context, service, operation, () =>
      orNotedAbsent({ context, service, operation, items: [key] }, () => describe([key]), notFound),
    );
  const batches = await Promise.all(
    chunk(keys, batchSize).map(async (batch): Promise<Outcome<T[]>[]> => {
      if (batch.length === 1) return [await describeOne(batch[0] as string)];
      const whole = await attempt(context, service, operation, () => describe(batch), {
        record: (error) => !isErrorNamed(error, notFound),
      });
      if (whole.ok || !isErrorNamed(whole.error, notFound)) return [whole];
      return Promise.all(batch.map(describeOne));
    }),
  );
  // An item that does not exist is simply absent; any other failure leaves the list incomplete.
  return allOrNothing(batches.flat())?.flat();
};

/** A listing of every item of the account and region, page by page, that a later caller resumes. */
interface Listing<T> {
  /** Lists more pages while fewer than `budget` were listed (calls are serialized). */
  upTo(budget: number): Promise<void>;
  readonly pages: number;
  /** Every item was listed. */
  readonly done: boolean;
  readonly failed: boolean;
  readonly items: ReadonlyMap<string, T>;
}

const createListing = <T>(
  context: RegionContext,
  operation: string,
  keyOf: (item: T) => string | undefined,
  listPage: (marker: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>,
): Listing<T> => {
  const items = new Map<string, T>();
  let pages = 0;
  let marker: string | undefined;
  let done = false;
  let failed = false;
  let queue: Promise<void> = Promise.resolve();
  return {
    upTo(budget) {
      queue = queue.then(async () => {
        while (!done && !failed && pages < budget) {
          const page = await attempt(context, 'elasticloadbalancing', operation, () =>
            listPage(marker),
          );
          pages += 1;
          if (!page.ok) {
            failed = true;
            return;
          }
          for (const item of page.value.items) {
            const key = keyOf(item);
            if (key !== undefined) items.set(key, item);
          }
          marker = page.value.next;
          done = !marker;
        }
      });
      return queue;
    },
    get pages() {
      return pages;
    },
    get done() {
      return done;
    },
    get failed() {
      return failed;
    },
    items,
  };
};

/**
 * Describes the in-scope items of a Describe API that takes 20 ARNs a call or lists every item of
 * the account and region in pages of 400, at the lower of the two costs as far as it can be known:
 * the account's total is unknown until the listing ends. With more than 20 ARNs, list pages while
 * fewer calls than the batches by ARN would cost have been spent (ski rental, counting the pages
 * an earlier caller listed); if the listing ends within that budget it was the cheaper way,
 * otherwise the items still missing are described by ARN. Never more than twice the cheaper way;
 * exactly it whenever the whole listing takes no more pages than the batches by ARN (at least one
 * in 20 of the account's items in scope). Undefined when a call failed (all or nothing, as by ARN).
 */
const describeByArnsOrListing = async <T>(
  arns: readonly string[],
  listing: Listing<T>,
  keyOf: (item: T) => string | undefined,
  byArns: (arns: readonly string[]) => Promise<T[] | undefined>,
): Promise<T[] | undefined> => {
  const budget = Math.ceil(arns.length / ARNS_PER_CALL);
  if (budget <= 1 && listing.pages === 0) return byArns(arns);
  await listing.upTo(budget);
  if (listing.failed) return undefined;
  // The listing ended: it saw every item there is; an ARN it did not see does not exist.
  const found = (arn: string) => (listing.items.has(arn) ? [listing.items.get(arn) as T] : []);
  if (listing.done) return arns.flatMap(found);
  const rest = await byArns(arns.filter((arn) => !listing.items.has(arn)));
  if (!rest) return undefined;
  const described = new Map(rest.map((item) => [keyOf(item), item] as const));
  return arns.flatMap((arn) => {
    const item = listing.items.get(arn) ?? described.get(arn);
    return item ? [item] : [];
  });
};

const describeTargetGroupsByArn = (context: RegionContext, arns: readonly string[]) =>
  describeInBatches<ElbTargetGroup>(
    context,
    'elasticloadbalancing',
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

const targetGroupListing = (context: RegionContext) =>
  createListing<ElbTargetGroup>(
    context,
    'DescribeTargetGroups',
    (tg) => tg.TargetGroupArn,
    async (Marker) => {
      const out = await context.clients.elbv2.send(
        new DescribeTargetGroupsCommand({ Marker, PageSize: PAGE_SIZE }),
      );
      return { items: jsonify(out.TargetGroups ?? []), next: out.NextMarker };
    },
  );

const describeLoadBalancersByArns = (context: RegionContext, arns: readonly string[]) =>
  describeInBatches<ElbLoadBalancer>(
    context,
    'elasticloadbalancing',
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
    arns,
    createListing<ElbLoadBalancer>(
      context,
      'DescribeLoadBalancers',
      (lb) => lb.LoadBalancerArn,
      async (Marker) => {
        const out = await context.clients.elbv2.send(
          new DescribeLoadBalancersCommand({ Marker, PageSize: PAGE_SIZE }),
        );
        return { items: jsonify(out.LoadBalancers ?? []), next: out.NextMarker };
      },
    ),
    (lb) => lb.LoadBalancerArn,
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

/**
 * The listeners of one load balancer DescribeLoadBalancers just described: LoadBalancerNotFound
 * contradicts that answer, so it is a collection failure, not "none" (the next scan sees it gone).
 */
const describeListenersOf = (context: RegionContext, LoadBalancerArn: string) =>
  attempt(
    context,
    'elasticloadbalancing',
    'DescribeListeners',
    async (): Promise<ElbListener[]> =>
      jsonify(
        (
          await pages(
            paginateDescribeListeners(
              { client: context.clients.elbv2, pageSize: PAGE_SIZE },
              { LoadBalancerArn },
            ),
          )
        ).flatMap((page) => page.Listeners ?? []),
      ),
  );

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

const describeListenerCertificates = (context: RegionContext, ListenerArn: string) =>
  attempt(
    context,
    'elasticloadbalancing',
    'DescribeListenerCertificates',
    async () =>
      jsonify(
        (
          await pages(
            paginateDescribeListenerCertificates(
              { client: context.clients.elbv2, pageSize: PAGE_SIZE },
              { ListenerArn },
            ),
          )
        ).flatMap((page) => page.Certificates ?? []),
      ),
    { items: [ListenerArn] },
  );

const describeRules = (context: RegionContext, ListenerArn: string) =>
  attempt(
    context,
    'elasticloadbalancing',
    'DescribeRules',
    async () =>
      jsonify(
        (
          await pages(
            paginateDescribeRules(
              { client: context.clients.elbv2, pageSize: PAGE_SIZE },
              { ListenerArn },
            ),
          )
        ).flatMap((page) => page.Rules ?? []),
      ),
    { items: [ListenerArn] },
  );

/** Per listener, keyed by ARN; a listener whose call failed has no key (= not collected). */
const byListener = async <T>(
  listeners: readonly ElbListener[],
  started: ReadonlyMap<string, Promise<Outcome<T[]>>>,
): Promise<Record<string, T[]>> => {
  const entries = await Promise.all(
    listeners.map(async (listener) => {
      const arn = listener.ListenerArn ?? '';
      const outcome = await started.get(arn);
      return outcome?.ok ? [[arn, outcome.value] as const] : [];
    }),
  );
  return Object.fromEntries(entries.flat());
};

/** DescribeSSLPolicies has no SDK paginator: follow NextMarker by hand. */
const describeSslPolicies = (context: RegionContext, names: readonly string[]) =>
  describeInBatches(
    context,
    'elasticloadbalancing',
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

/**
 * The trust stores that listeners verify client certificates against, 20 ARNs a call (the API
 * states no limit for TrustStoreArns; 20 as for the other ARN lists). DescribeTrustStores has no
 * SDK paginator: follow NextMarker by hand.
 */
const describeTrustStores = (context: RegionContext, arns: readonly string[]) =>
  describeInBatches<ElbTrustStore>(
    context,
    'elasticloadbalancing',
    'DescribeTrustStores',
    'TrustStoreNotFoundException',
    arns,
    ARNS_PER_CALL,
    async (TrustStoreArns) => {
      const stores: ElbTrustStore[] = [];
      let Marker: string | undefined;
      do {
        const out = await context.clients.elbv2.send(
          new DescribeTrustStoresCommand({ TrustStoreArns, Marker, PageSize: PAGE_SIZE }),
        );
        stores.push(...jsonify(out.TrustStores ?? []));
        Marker = out.NextMarker;
      } while (Marker);
      return stores;
    },
  );

export interface Elbv2Hooks {
  /**
   * Certificate ARNs of TLS listeners as they are found (default certificates, then certificate
   * lists), so that the ACM collector describes them while ELBv2 collection goes on.
   */
  onCertificateArns?: (certificateArns: readonly string[]) => void;
}

/**
 * The listeners of each load balancer, and the certificate list and rules of each listener that
 * needs them, each described once whoever asks first (the early work or `finish`); keyed by ARN.
 */
const listenerFollower = (context: RegionContext, hooks: Elbv2Hooks, need: SectionFilter) => {
  const listenersOf = new Map<string, Promise<Outcome<ElbListener[]>>>();
  const certificatesOf = new Map<string, Promise<Outcome<ElbCertificate[]>>>();
  const rulesOf = new Map<string, Promise<Outcome<ElbRule[]>>>();
  const certificatesFound = (certificates: readonly { CertificateArn?: string | undefined }[]) =>
    hooks.onCertificateArns?.(
      certificates.flatMap((c) => (c.CertificateArn ? [c.CertificateArn] : [])),
    );
  const describeCertificates = (arn: string) =>
    describeListenerCertificates(context, arn).then((outcome) => {
      if (outcome.ok) certificatesFound(outcome.value);
      return outcome;
    });
  const followListener = (listener: ElbListener) => {
    const arn = listener.ListenerArn;
    if (!arn) return;
    if (isTlsTerminatingListener(listener)) certificatesFound(listener.Certificates ?? []);
    const certificates = need('elbv2.listenerCertificates') && listenerNeedsCertificates(listener);
    if (certificates && !certificatesOf.has(arn))
      certificatesOf.set(arn, describeCertificates(arn));
    if (need('elbv2.rules') && listenerNeedsRules(listener) && !rulesOf.has(arn)) {
      rulesOf.set(arn, describeRules(context, arn));
    }
  };
  const followLoadBalancer = (arn: string) => {
    if (listenersOf.has(arn)) return;
    listenersOf.set(
      arn,
      describeListenersOf(context, arn).then((outcome) => {
        if (outcome.ok) for (const listener of outcome.value) followListener(listener);
        return outcome;
      }),
    );
  };
  return { listenersOf, certificatesOf, rulesOf, followLoadBalancer };
};

type ListenerFollower = ReturnType<typeof listenerFollower>;

/**
 * The early work, while the services are described: once more than 20 of their target groups are
 * known (listing would be cheaper than batches by ARN), the account's target groups are listed
 * within the budget those ARNs allow; once that listing is complete, the load balancers in front
 * of the services are followed at once. Only where listeners will be described anyway.
 */
const earlyWork = (
  targetGroups: Listing<ElbTargetGroup>,
  follower: ListenerFollower,
  enabled: boolean,
) => {
  const seen = new Set<string>();
  let pending: Promise<void> = Promise.resolve();
  const followSeen = () => {
    if (!targetGroups.done) return;
    for (const arn of seen) {
      for (const lb of targetGroups.items.get(arn)?.LoadBalancerArns ?? [])
        follower.followLoadBalancer(lb);
    }
  };
  return {
    add(services: readonly EcsService[]): void {
      if (!enabled) return;
      for (const arn of targetGroupArnsOfServices(services)) seen.add(arn);
      const budget = Math.ceil(seen.size / ARNS_PER_CALL);
      if (budget <= 1 || targetGroups.failed) return;
      pending = pending.then(() => targetGroups.upTo(budget)).then(followSeen);
    },
    /** Resolves when the work started so far has ended. */
    settled: (): Promise<void> => pending,
  };
};

/** The in-scope load balancers: every one with allLoadBalancers, else those of the target groups. */
const loadBalancersFor = async (
  context: RegionContext,
  config: Pick<ScanConfig, 'allLoadBalancers'>,
  need: SectionFilter,
  targetGroups: readonly ElbTargetGroup[] | undefined,
): Promise<ElbLoadBalancer[] | undefined> => {
  if (!need('elbv2.loadBalancers')) return undefined;
  if (config.allLoadBalancers) return describeAllLoadBalancers(context);
  return (
    targetGroups &&
    describeLoadBalancersByArn(context, loadBalancerArnsOfTargetGroups(targetGroups))
  );
};

/**
 * Every listener of these load balancers, or none when any call failed (missing listeners would
 * go unjudged); those of a load balancer followed early but gone since are left out.
 */
const listenersOfAll = async (
  loadBalancers: readonly ElbLoadBalancer[],
  follower: ListenerFollower,
): Promise<ElbListener[] | undefined> => {
  for (const lb of loadBalancers)
    if (lb.LoadBalancerArn) follower.followLoadBalancer(lb.LoadBalancerArn);
  const outcomes = await Promise.all(
    loadBalancers.map(
      (lb) => follower.listenersOf.get(lb.LoadBalancerArn ?? '') as Promise<Outcome<ElbListener[]>>,
    ),
  );
  return allOrNothing(outcomes)?.flat();
};

/** The certificate lists, rules and SSL policies of these listeners, as far as the checks need them. */
const listenerDetails = (
  context: RegionContext,
  listeners: readonly ElbListener[],
  follower: ListenerFollower,
  need: SectionFilter,
) =>
  Promise.all([
    need('elbv2.listenerCertificates')
      ? byListener(listeners.filter(listenerNeedsCertificates), follower.certificatesOf)
      : undefined,
    need('elbv2.rules')
      ? byListener(listeners.filter(listenerNeedsRules), follower.rulesOf)
      : undefined,
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
    need('elbv2.trustStores')
      ? describeTrustStores(
          context,
          unique(listeners.flatMap((l) => verifyingTrustStoreArn(l) ?? [])),
        )
      : undefined,
  ]);

/** What one ELBv2 collection shares between its early work and `finish`. */
interface Collection {
  context: RegionContext;
  config: Pick<ScanConfig, 'allLoadBalancers'>;
  need: SectionFilter;
  targetGroups: Listing<ElbTargetGroup>;
  follower: ListenerFollower;
}

/** The section for all in-scope services (undefined: ECS services were not collected). */
const completeSection = async (
  { context, config, need, targetGroups, follower }: Collection,
  services: readonly EcsService[] | undefined,
): Promise<Elbv2Section | undefined> => {
  if (!services && !config.allLoadBalancers) return undefined;
  const described =
    services && need('elbv2.targetGroups')
      ? await describeByArnsOrListing(
          targetGroupArnsOfServices(services),
          targetGroups,
          (tg) => tg.TargetGroupArn,
          (rest) => describeTargetGroupsByArn(context, rest),
        )
      : undefined;
  const loadBalancers = await loadBalancersFor(context, config, need, described);
  if (!loadBalancers || !need('elbv2.listeners')) {
    return { targetGroups: described, loadBalancers };
  }
  const listeners = await listenersOfAll(loadBalancers, follower);
  if (!listeners) return { targetGroups: described, loadBalancers };
  const [listenerCertificates, rules, sslPolicies, trustStores] = await listenerDetails(
    context,
    listeners,
    follower,
    need,
  );
  return {
    loadBalancers,
    listeners,
    listenerCertificates,
    rules,
    targetGroups: described,
    sslPolicies,
    trustStores,
  };
};

/**
 * Collects the ELBv2 section while the ECS services are still being described, so that the ELBv2
 * bucket (the slowest of a large account) starts early: `add` takes the in-scope services of each
 * cluster as they are described (earlyWork). `finish` takes every in-scope service and completes
 * the section with exactly the calls a collection after the services would make: the same target
 * groups, load balancers, listeners, certificate lists, rules and SSL policies, each described once.
 */
export const elbv2Collector = (
  context: RegionContext,
  config: Pick<ScanConfig, 'allLoadBalancers'>,
  hooks: Elbv2Hooks = {},
  need: SectionFilter = () => true,
) => {
  const collection: Collection = {
    context,
    config,
    need,
    targetGroups: targetGroupListing(context),
    follower: listenerFollower(context, hooks, need),
  };
  const early = earlyWork(
    collection.targetGroups,
    collection.follower,
    !config.allLoadBalancers &&
      need('elbv2.targetGroups') &&
      need('elbv2.loadBalancers') &&
      need('elbv2.listeners'),
  );
  return {
    /** The in-scope services of one cluster, as soon as they are described. */
    add: early.add,

    /** The section for all in-scope services (undefined: ECS services were not collected). */
    async finish(services: readonly EcsService[] | undefined): Promise<Elbv2Section | undefined> {
      await early.settled();
      return completeSection(collection, services);
    },
  };
};

export type Elbv2Collector = ReturnType<typeof elbv2Collector>;

/** The ELBv2 section for the in-scope services (undefined: ECS services were not collected). */
export const collectElbv2 = (
  context: RegionContext,
  services: readonly EcsService[] | undefined,
  config: Pick<ScanConfig, 'allLoadBalancers'>,
  hooks: Elbv2Hooks = {},
  need: SectionFilter = () => true,
): Promise<Elbv2Section | undefined> =>
  elbv2Collector(context, config, hooks, need).finish(services);
