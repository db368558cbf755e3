// Classic Load Balancers (ELB API 2012-06-01, awsQuery): the Describe* APIs the scanner calls, over
// `elb`. Signed as `elasticloadbalancing` like ELBv2; the server routes a request here by its
// `Version` (services/index.ts).
import {
  DescribeLoadBalancerPolicies$,
  DescribeLoadBalancers$,
} from '@aws-sdk/client-elastic-load-balancing';
import type { ClassicLoadBalancer, ClassicPolicy } from '../../lib/snapshot/types.ts';
import { queryProtocol } from '../protocols/query.ts';
import { collected, error, type PageSpec, paginate, pick, serviceErrors } from './common.ts';
import type { BucketSpec, CallContext, Input, ServiceDefinition } from './types.ts';

export const CLASSIC_API_VERSION = '2012-06-01';

const validation = (message: string) => error('ValidationError', message);

// PageSize: 1–400, default 400 (API reference, DescribeLoadBalancers).
const PAGE: PageSpec = {
  defaultSize: 400,
  maxSize: 400,
  invalidSize: (size) =>
    validation(
      `1 validation error detected: Value '${size}' at 'pageSize' failed to satisfy constraint: Member must have value ${size < 1 ? 'greater than or equal to 1' : 'less than or equal to 400'}`,
    ),
  invalidToken: () => validation('Invalid marker'),
};

const section = (context: CallContext) => context.data.elb ?? {};
const loadBalancers = (context: CallContext): ClassicLoadBalancer[] =>
  collected(context, section(context).loadBalancers, 'elb.loadBalancers');

const notFound = (name: string) =>
  error('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`);

const describeLoadBalancers = (input: Input, context: CallContext) => {
  const names: string[] = input.LoadBalancerNames ?? [];
  let items = loadBalancers(context);
  if (names.length > 0) {
    const { found, missing } = pick(items, names, (lb, name) => lb.LoadBalancerName === name);
    // One unknown name fails the whole call.
    if (missing.length > 0) throw notFound(missing[0] as string);
    items = found;
  }
  const result = paginate(items, { size: input.PageSize, token: input.Marker }, PAGE, context);
  return { LoadBalancerDescriptions: result.items, NextMarker: result.nextToken };
};

/**
 * The policies of a load balancer (keyed by its name in `elb.policies`), optionally only those
 * named. Without a load balancer, AWS answers its sample policies, which the snapshot does not hold.
 */
const describeLoadBalancerPolicies = (input: Input, context: CallContext) => {
  const name: string | undefined = input.LoadBalancerName;
  if (!name) throw context.notCollected('the sample policies');
  if (!loadBalancers(context).some((lb) => lb.LoadBalancerName === name)) throw notFound(name);
  let items: ClassicPolicy[] = collected(
    context,
    section(context).policies?.[name],
    `elb.policies of ${name}`,
  );
  const policyNames: string[] = input.PolicyNames ?? [];
  if (policyNames.length > 0) {
    const { found, missing } = pick(items, policyNames, (p, policy) => p.PolicyName === policy);
    if (missing.length > 0) {
      throw error(
        'PolicyNotFound',
        `There is no policy with name ${missing[0]} for load balancer ${name}`,
      );
    }
    items = found;
  }
  return { PolicyDescriptions: items };
};

// ELB API version 1 has its own bucket, of the same size as version 2's: 40 tokens, 10 per second
// (Elastic Load Balancing User Guide, "Request throttling for the ELB API").
const DESCRIBE: BucketSpec = { category: 'describe', burst: 40, rate: 10 };

export const elb: ServiceDefinition = {
  name: 'elb',
  protocol: queryProtocol({
    ec2: false,
    xmlNamespace: `http://elasticloadbalancing.amazonaws.com/doc/${CLASSIC_API_VERSION}/`,
  }),
  operations: {
    DescribeLoadBalancers: { schema: DescribeLoadBalancers$, handler: describeLoadBalancers },
    DescribeLoadBalancerPolicies: {
      schema: DescribeLoadBalancerPolicies$,
      handler: describeLoadBalancerPolicies,
    },
  },
  errors: serviceErrors('elasticloadbalancing', {
    throttling: ['Throttling', 400],
    accessDenied: ['AccessDenied', 403],
    unknownOperation: ['InvalidAction', 400],
  }),
  bucket: () => DESCRIBE,
};
