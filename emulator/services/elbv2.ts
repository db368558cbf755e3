// Elastic Load Balancing v2 (awsQuery): the Describe* APIs the scanner calls, over `elbv2`.
import {
  DescribeListenerCertificates$,
  DescribeListeners$,
  DescribeLoadBalancers$,
  DescribeRules$,
  DescribeSSLPolicies$,
  DescribeTags$,
  DescribeTargetGroups$,
  DescribeTrustStores$,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type {
  ElbCertificate,
  ElbListener,
  ElbLoadBalancer,
  ElbRule,
  ElbTargetGroup,
  ElbTrustStore,
} from '../../lib/snapshot/types.ts';
import { queryProtocol } from '../protocols/query.ts';
import { collected, error, type PageSpec, paginate, pick, serviceErrors } from './common.ts';
import type { BucketSpec, CallContext, Input, ServiceDefinition } from './types.ts';

const validation = (message: string) => error('ValidationError', message);

// PageSize: 1–400 for every paginated ELBv2 Describe*; AWS documents no default, 400 is assumed.
const PAGE: PageSpec = {
  defaultSize: 400,
  maxSize: 400,
  invalidSize: (size) =>
    validation(
      `1 validation error detected: Value '${size}' at 'pageSize' failed to satisfy constraint: Member must have value ${size < 1 ? 'greater than or equal to 1' : 'less than or equal to 400'}`,
    ),
  invalidToken: () => validation('Invalid marker'),
};

const page = <T>(items: readonly T[], input: Input, context: CallContext) =>
  paginate(items, { size: input.PageSize, token: input.Marker }, PAGE, context);

const section = (context: CallContext) => context.data.elbv2 ?? {};
const loadBalancers = (context: CallContext): ElbLoadBalancer[] =>
  collected(context, section(context).loadBalancers, 'elbv2.loadBalancers');
const listeners = (context: CallContext): ElbListener[] =>
  collected(context, section(context).listeners, 'elbv2.listeners');
const targetGroups = (context: CallContext): ElbTargetGroup[] =>
  collected(context, section(context).targetGroups, 'elbv2.targetGroups');

const describeLoadBalancers = (input: Input, context: CallContext) => {
  const arns: string[] = input.LoadBalancerArns ?? [];
  const names: string[] = input.Names ?? [];
  if (arns.length > 20) {
    throw validation(
      `Up to 20 load balancers can be described at a time, but ${arns.length} were specified`,
    );
  }
  let items = loadBalancers(context);
  if (arns.length > 0 || names.length > 0) {
    const byArn = pick(items, arns, (lb, arn) => lb.LoadBalancerArn === arn);
    const byName = pick(items, names, (lb, name) => lb.LoadBalancerName === name);
    if (byArn.missing.length > 0 || byName.missing.length > 0) {
      throw error('LoadBalancerNotFound', 'One or more load balancers not found');
    }
    items = [...new Set([...byArn.found, ...byName.found])];
  }
  const result = page(items, input, context);
  return { LoadBalancers: result.items, NextMarker: result.nextToken };
};

const describeListeners = (input: Input, context: CallContext) => {
  const arns: string[] = input.ListenerArns ?? [];
  let items: ElbListener[];
  if (input.LoadBalancerArn) {
    if (!loadBalancers(context).some((lb) => lb.LoadBalancerArn === input.LoadBalancerArn)) {
      throw error('LoadBalancerNotFound', 'One or more load balancers not found');
    }
    items = listeners(context).filter(
      (listener) => listener.LoadBalancerArn === input.LoadBalancerArn,
    );
  } else if (arns.length > 0) {
    const { found, missing } = pick(listeners(context), arns, (l, arn) => l.ListenerArn === arn);
    if (missing.length > 0) throw error('ListenerNotFound', 'One or more listeners not found');
    items = found;
  } else {
    throw validation('You must specify either listener ARNs or a load balancer ARN');
  }
  const result = page(items, input, context);
  return { Listeners: result.items, NextMarker: result.nextToken };
};

const findListener = (context: CallContext, arn: string | undefined): ElbListener => {
  const listener = listeners(context).find((candidate) => candidate.ListenerArn === arn);
  if (!listener) throw error('ListenerNotFound', 'One or more listeners not found');
  return listener;
};

const describeListenerCertificates = (input: Input, context: CallContext) => {
  findListener(context, input.ListenerArn);
  const certificates: ElbCertificate[] = collected(
    context,
    section(context).listenerCertificates?.[input.ListenerArn],
    `elbv2.listenerCertificates of ${input.ListenerArn}`,
  );
  const result = page(certificates, input, context);
  return { Certificates: result.items, NextMarker: result.nextToken };
};

/** The rules the snapshot described, of every listener. */
const allRules = (context: CallContext): ElbRule[] =>
  Object.values(section(context).rules ?? {}).flat();

const describeRules = (input: Input, context: CallContext) => {
  let items: ElbRule[];
  if (input.ListenerArn) {
    findListener(context, input.ListenerArn);
    items = collected(
      context,
      section(context).rules?.[input.ListenerArn],
      `elbv2.rules of ${input.ListenerArn}`,
    );
  } else if (input.RuleArns?.length) {
    const { found, missing } = pick(
      allRules(context),
      input.RuleArns as string[],
      (rule, arn) => rule.RuleArn === arn,
    );
    if (missing.length > 0) throw error('RuleNotFound', 'One or more rules not found');
    items = found;
  } else {
    throw validation('You must specify either listener ARN or rule ARNs');
  }
  const result = page(items, input, context);
  return { Rules: result.items, NextMarker: result.nextToken };
};

const describeTargetGroups = (input: Input, context: CallContext) => {
  const arns: string[] = input.TargetGroupArns ?? [];
  const names: string[] = input.Names ?? [];
  let items = targetGroups(context);
  if (input.LoadBalancerArn) {
    if (!loadBalancers(context).some((lb) => lb.LoadBalancerArn === input.LoadBalancerArn)) {
      throw error('LoadBalancerNotFound', 'One or more load balancers not found');
    }
    items = items.filter((tg) => tg.LoadBalancerArns?.includes(input.LoadBalancerArn) ?? false);
  }
  if (arns.length > 0 || names.length > 0) {
    const byArn = pick(items, arns, (tg, arn) => tg.TargetGroupArn === arn);
    const byName = pick(items, names, (tg, name) => tg.TargetGroupName === name);
    if (byArn.missing.length > 0 || byName.missing.length > 0) {
      throw error('TargetGroupNotFound', 'One or more target groups not found');
    }
    items = [...new Set([...byArn.found, ...byName.found])];
  }
  const result = page(items, input, context);
  return { TargetGroups: result.items, NextMarker: result.nextToken };
};

const describeSslPolicies = (input: Input, context: CallContext) => {
  let items = collected(context, section(context).sslPolicies, 'elbv2.sslPolicies');
  const names: string[] = input.Names ?? [];
  if (names.length > 0) {
    const { found, missing } = pick(items, names, (policy, name) => policy.Name === name);
    if (missing.length > 0)
      throw error('SSLPolicyNotFound', `SSL policy '${missing[0]}' not found`);
    items = found;
  }
  if (input.LoadBalancerType) {
    items = items.filter(
      (policy) =>
        !policy.SupportedLoadBalancerTypes ||
        policy.SupportedLoadBalancerTypes.includes(input.LoadBalancerType),
    );
  }
  const result = page(items, input, context);
  return { SslPolicies: result.items, NextMarker: result.nextToken };
};

/**
 * The tags the snapshot collected (`elbv2.tags`, keyed by ARN) of load balancers and target groups
 * (listeners and rules: a `Tags` array kept beside the item). An unknown ARN fails the whole call
 * with its kind's NotFound, as AWS does.
 */
const describeTrustStores = (input: Input, context: CallContext) => {
  const arns: string[] = input.TrustStoreArns ?? [];
  const names: string[] = input.Names ?? [];
  let items: ElbTrustStore[] = collected(
    context,
    section(context).trustStores,
    'elbv2.trustStores',
  );
  if (arns.length > 0 || names.length > 0) {
    const byArn = pick(items, arns, (store, arn) => store.TrustStoreArn === arn);
    const byName = pick(items, names, (store, name) => store.Name === name);
    if (byArn.missing.length > 0 || byName.missing.length > 0) {
      throw error('TrustStoreNotFound', 'One or more trust stores not found');
    }
    items = [...new Set([...byArn.found, ...byName.found])];
  }
  const result = page(items, input, context);
  return { TrustStores: result.items, NextMarker: result.nextToken };
};

const describeTags = (input: Input, context: CallContext) => {
  const arns: string[] = input.ResourceArns ?? [];
  if (arns.length > 20) throw validation('Up to 20 resources can be described at a time');
  const collectedTags = collected(context, section(context).tags, 'elbv2.tags');
  const rules = allRules(context);
  const resources: { arn?: string | undefined; item: object }[] = [
    ...loadBalancers(context).map((item) => ({ arn: item.LoadBalancerArn, item })),
    ...targetGroups(context).map((item) => ({ arn: item.TargetGroupArn, item })),
    ...listeners(context).map((item) => ({ arn: item.ListenerArn, item })),
    ...rules.map((item) => ({ arn: item.RuleArn, item })),
  ];
  return {
    TagDescriptions: arns.map((arn) => {
      const resource = resources.find((candidate) => candidate.arn === arn);
      if (!resource) {
        const code = arn.includes(':targetgroup/')
          ? 'TargetGroupNotFound'
          : arn.includes(':listener-rule/')
            ? 'RuleNotFound'
            : arn.includes(':listener/')
              ? 'ListenerNotFound'
              : 'LoadBalancerNotFound';
        throw error(code, `One or more resources not found: '${arn}'`);
      }
      const beside = (resource.item as { Tags?: unknown }).Tags;
      const tags = collectedTags[arn] ?? (Array.isArray(beside) ? beside : []);
      return { ResourceArn: arn, Tags: tags };
    }),
  };
};

// ELB API v2: one account-level bucket for the non-mutating Describe* actions, 40 tokens, 10/s
// (Elastic Load Balancing User Guide, "Request throttling for the ELB API").
const DESCRIBE: BucketSpec = { category: 'describe', burst: 40, rate: 10 };

export const elbv2: ServiceDefinition = {
  name: 'elasticloadbalancing',
  protocol: queryProtocol({
    ec2: false,
    xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  }),
  operations: {
    DescribeLoadBalancers: { schema: DescribeLoadBalancers$, handler: describeLoadBalancers },
    DescribeListeners: { schema: DescribeListeners$, handler: describeListeners },
    DescribeListenerCertificates: {
      schema: DescribeListenerCertificates$,
      handler: describeListenerCertificates,
    },
    DescribeRules: { schema: DescribeRules$, handler: describeRules },
    DescribeTargetGroups: { schema: DescribeTargetGroups$, handler: describeTargetGroups },
    DescribeSSLPolicies: { schema: DescribeSSLPolicies$, handler: describeSslPolicies },
    DescribeTrustStores: { schema: DescribeTrustStores$, handler: describeTrustStores },
    DescribeTags: { schema: DescribeTags$, handler: describeTags },
  },
  // The wire codes differ from the developer guide, which names `ThrottlingException`: ELBv2
  // answers `Throttling` (awsQuery), as boto3 and the SDKs report it.
  errors: serviceErrors('elasticloadbalancing', {
    throttling: ['Throttling', 400],
    accessDenied: ['AccessDenied', 403],
    unknownOperation: ['InvalidAction', 400],
  }),
  bucket: () => DESCRIBE,
};
