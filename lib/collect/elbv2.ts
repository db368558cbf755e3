// ELBv2: the target groups of in-scope services → their load balancers (or every load balancer
// with allLoadBalancers) → listeners → listener certificates and rules for the listeners that
// need them → the SSL policies in use.
import {
  DescribeSSLPoliciesCommand,
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

const describeTargetGroups = (context: RegionContext, arns: readonly string[]) =>
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

const describeLoadBalancersByArn = (context: RegionContext, arns: readonly string[]) =>
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
): Promise<ElbListener[] | undefined> => {
  const client = context.clients.elbv2;
  const outcomes = await Promise.all(
    loadBalancers.map((lb) =>
      attempt(context, 'elasticloadbalancing', 'DescribeListeners', async () =>
        jsonify(
          (
            await pages(
              paginateDescribeListeners(
                { client, pageSize: PAGE_SIZE },
                { LoadBalancerArn: lb.LoadBalancerArn },
              ),
            )
          ).flatMap((page) => page.Listeners ?? []),
        ),
      ),
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
): Promise<Record<string, T[]>> => {
  const entries = await Promise.all(
    listeners.map(async (listener) => {
      const arn = listener.ListenerArn;
      if (!arn) return [];
      const outcome = await attempt(context, 'elasticloadbalancing', operation, () =>
        fetch(context.clients.elbv2, arn),
      );
      return outcome.ok ? [[arn, outcome.value] as const] : [];
    }),
  );
  return Object.fromEntries(entries.flat());
};

const describeListenerCertificates = (context: RegionContext, listeners: readonly ElbListener[]) =>
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

/** The ELBv2 section for the in-scope services (undefined: ECS services were not collected). */
export const collectElbv2 = async (
  context: RegionContext,
  services: readonly EcsService[] | undefined,
  config: Pick<ScanConfig, 'allLoadBalancers'>,
): Promise<Elbv2Section | undefined> => {
  if (!services && !config.allLoadBalancers) return undefined;
  const targetGroups = services
    ? await describeTargetGroups(context, targetGroupArnsOfServices(services))
    : undefined;
  const loadBalancers = config.allLoadBalancers
    ? await describeAllLoadBalancers(context)
    : targetGroups &&
      (await describeLoadBalancersByArn(context, loadBalancerArnsOfTargetGroups(targetGroups)));
  const listeners = loadBalancers && (await describeListeners(context, loadBalancers));
  if (!listeners) return { targetGroups, loadBalancers };

  const [listenerCertificates, rules, sslPolicies] = await Promise.all([
    describeListenerCertificates(context, listeners.filter(listenerNeedsCertificates)),
    describeRules(context, listeners.filter(listenerNeedsRules)),
    describeSslPolicies(
      context,
      unique(
        listeners
          .filter(isTlsTerminatingListener)
          .flatMap((l) => (l.SslPolicy ? [l.SslPolicy] : [])),
      ),
    ),
  ]);
  return { loadBalancers, listeners, listenerCertificates, rules, targetGroups, sslPolicies };
};
