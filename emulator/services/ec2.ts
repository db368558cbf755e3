// Amazon EC2 (ec2Query): DescribeVpcEndpoints, DescribeSubnets and DescribeInstances over `ec2`,
// with ids, Filters and MaxResults/NextToken.
import { DescribeInstances$, DescribeSubnets$, DescribeVpcEndpoints$ } from '@aws-sdk/client-ec2';
import type { Ec2Instance, Ec2Subnet, Ec2VpcEndpoint } from '../../lib/snapshot/types.ts';
import { queryProtocol } from '../protocols/query.ts';
import { collected, error, type PageSpec, paginate, serviceErrors } from './common.ts';
import type { BucketSpec, CallContext, Input, ServiceDefinition } from './types.ts';

type Accessors<T> = Record<string, (item: T) => (string | undefined)[]>;

interface Filter {
  Name?: string;
  Values?: string[];
}

/** EC2 filter values match exactly, or with `*` and `?` wildcards. */
const valueMatches = (pattern: string, value: string): boolean => {
  if (!/[*?]/.test(pattern)) return pattern === value;
  const source = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`).test(value);
};

const tagAccessors = <T extends { Tags?: { Key?: string; Value?: string }[] }>(
  filter: string,
): ((item: T) => (string | undefined)[]) | undefined => {
  if (filter === 'tag-key') return (item) => (item.Tags ?? []).map((tag) => tag.Key);
  if (filter.startsWith('tag:')) {
    const key = filter.slice(4);
    return (item) => (item.Tags ?? []).filter((tag) => tag.Key === key).map((tag) => tag.Value);
  }
  return undefined;
};

const applyFilters = <T extends { Tags?: { Key?: string; Value?: string }[] }>(
  items: readonly T[],
  filters: Filter[] | undefined,
  accessors: Accessors<T>,
): T[] => {
  let out = [...items];
  for (const filter of filters ?? []) {
    const name = filter.Name ?? '';
    const accessor = accessors[name] ?? tagAccessors<T>(name);
    if (!accessor) throw error('InvalidParameterValue', `The filter '${name}' is invalid`);
    const values = filter.Values ?? [];
    out = out.filter((item) =>
      accessor(item).some(
        (value) => value !== undefined && values.some((pattern) => valueMatches(pattern, value)),
      ),
    );
  }
  return out;
};

const pageSpec = (minSize: number): PageSpec => ({
  // Without MaxResults EC2 answers everything; 1000 (its largest page) stands for that here.
  defaultSize: 1000,
  maxSize: 1000,
  minSize,
  invalidSize: (size) =>
    error(
      'InvalidParameterValue',
      `Value ( ${size} ) for parameter maxResults is invalid. Expecting a value between ${minSize} and 1000.`,
    ),
  invalidToken: () =>
    error('InvalidPaginationToken', 'The specified pagination token is not valid or is expired.'),
});

const byIds = <T>(
  items: readonly T[],
  ids: string[] | undefined,
  id: (item: T) => string | undefined,
  [code, label]: [code: string, label: string],
): T[] => {
  if (!ids?.length) return [...items];
  const missing = ids.filter((wanted) => !items.some((item) => id(item) === wanted));
  if (missing.length > 0) {
    throw error(code, `The ${label} '${missing.join(', ')}' does not exist`);
  }
  return items.filter((item) => ids.includes(id(item) ?? ''));
};

const VPC_ENDPOINT_FILTERS: Accessors<Ec2VpcEndpoint> = {
  'vpc-id': (endpoint) => [endpoint.VpcId],
  'vpc-endpoint-id': (endpoint) => [endpoint.VpcEndpointId],
  'service-name': (endpoint) => [endpoint.ServiceName],
  'vpc-endpoint-type': (endpoint) => [endpoint.VpcEndpointType],
  'vpc-endpoint-state': (endpoint) => [endpoint.State],
};

const describeVpcEndpoints = (input: Input, context: CallContext) => {
  const all = collected(context, context.data.ec2?.vpcEndpoints, 'ec2.vpcEndpoints');
  const selected = applyFilters(
    byIds(all, input.VpcEndpointIds, (endpoint) => endpoint.VpcEndpointId, [
      'InvalidVpcEndpointId.NotFound',
      'vpcEndpoint ID',
    ]),
    input.Filters,
    VPC_ENDPOINT_FILTERS,
  );
  // MaxResults above 1000 is not an error here: EC2 returns at most 1000.
  const size = input.MaxResults === undefined ? undefined : Math.min(input.MaxResults, 1000);
  const page = paginate(selected, { size, token: input.NextToken }, pageSpec(1), context);
  return { VpcEndpoints: page.items, NextToken: page.nextToken };
};

const SUBNET_FILTERS: Accessors<Ec2Subnet> = {
  'vpc-id': (subnet) => [subnet.VpcId],
  'subnet-id': (subnet) => [subnet.SubnetId],
  'availability-zone': (subnet) => [subnet.AvailabilityZone],
  state: (subnet) => [subnet.State],
};

const describeSubnets = (input: Input, context: CallContext) => {
  const all = collected(context, context.data.ec2?.subnets, 'ec2.subnets');
  const selected = applyFilters(
    byIds(all, input.SubnetIds, (subnet) => subnet.SubnetId, [
      'InvalidSubnetID.NotFound',
      'subnet ID',
    ]),
    input.Filters,
    SUBNET_FILTERS,
  );
  const page = paginate(
    selected,
    { size: input.MaxResults, token: input.NextToken },
    pageSpec(5),
    context,
  );
  return { Subnets: page.items, NextToken: page.nextToken };
};

const INSTANCE_FILTERS: Accessors<Ec2Instance> = {
  'instance-id': (instance) => [instance.InstanceId],
  'vpc-id': (instance) => [instance.VpcId],
  'subnet-id': (instance) => [instance.SubnetId],
  'instance-state-name': (instance) => [instance.State?.Name],
};

/** The snapshot keeps instances, not reservations: each is served in a reservation of its own. */
const describeInstances = (input: Input, context: CallContext) => {
  if (input.InstanceIds?.length && input.MaxResults !== undefined) {
    throw error(
      'InvalidParameterCombination',
      'The parameter instancesSet cannot be used with the parameter maxResults',
    );
  }
  const all = collected(context, context.data.ec2?.instances, 'ec2.instances');
  const selected = applyFilters(
    byIds(all, input.InstanceIds, (instance) => instance.InstanceId, [
      'InvalidInstanceID.NotFound',
      'instance ID',
    ]),
    input.Filters,
    INSTANCE_FILTERS,
  );
  const page = paginate(
    selected,
    { size: input.MaxResults, token: input.NextToken },
    pageSpec(5),
    context,
  );
  return {
    Reservations: page.items.map((instance) => ({
      ReservationId: `r-${(instance.InstanceId ?? '').replace(/^i-/, '')}`,
      OwnerId: context.accountId,
      Groups: [],
      Instances: [instance],
    })),
    NextToken: page.nextToken,
  };
};

// EC2 API throttling: non-mutating (Describe*) actions share one bucket of 100 tokens, 20/s
// (Amazon EC2 API Reference, "Request throttling").
const NON_MUTATING: BucketSpec = { category: 'non-mutating', burst: 100, rate: 20 };

export const ec2: ServiceDefinition = {
  name: 'ec2',
  protocol: queryProtocol({ ec2: true, xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/' }),
  operations: {
    DescribeVpcEndpoints: { schema: DescribeVpcEndpoints$, handler: describeVpcEndpoints },
    DescribeSubnets: { schema: DescribeSubnets$, handler: describeSubnets },
    DescribeInstances: { schema: DescribeInstances$, handler: describeInstances },
  },
  errors: serviceErrors('ec2', {
    throttling: ['RequestLimitExceeded', 503],
    accessDenied: ['UnauthorizedOperation', 403],
    internalFailure: ['InternalError', 500],
    serviceUnavailable: ['Unavailable', 503],
    unknownOperation: ['InvalidAction', 400],
  }),
  bucket: () => NON_MUTATING,
};
