// Amazon EC2 (ec2Query): DescribeVpcEndpoints, DescribeSubnets, DescribeInstances and DescribeVpcs over `ec2`,
// with ids, Filters and MaxResults/NextToken.
import {
  DescribeInstances$,
  DescribeRegions$,
  DescribeSubnets$,
  DescribeVpcEndpoints$,
  DescribeVpcs$,
  type Region,
} from '@aws-sdk/client-ec2';
import type { Ec2Instance, Ec2Subnet, Ec2Vpc, Ec2VpcEndpoint } from '../../lib/snapshot/types.ts';
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

const VPC_FILTERS: Accessors<Ec2Vpc> = {
  'vpc-id': (vpc) => [vpc.VpcId],
  'cidr-block': (vpc) => [vpc.CidrBlock],
  'is-default': (vpc) => [vpc.IsDefault === undefined ? undefined : String(vpc.IsDefault)],
  'owner-id': (vpc) => [vpc.OwnerId],
  state: (vpc) => [vpc.State],
};

/** The VPCs the snapshot described (`ec2.vpcs`: those that host in-scope services). */
const describeVpcs = (input: Input, context: CallContext) => {
  const all = collected(context, context.data.ec2?.vpcs, 'ec2.vpcs');
  const selected = applyFilters(
    byIds(all, input.VpcIds, (vpc) => vpc.VpcId, ['InvalidVpcID.NotFound', 'VPC ID']),
    input.Filters,
    VPC_FILTERS,
  );
  const page = paginate(
    selected,
    { size: input.MaxResults, token: input.NextToken },
    pageSpec(5),
    context,
  );
  return { Vpcs: page.items, NextToken: page.nextToken };
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

/** Commercial regions enabled by default (no opt-in), per the AWS General Reference. */
export const DEFAULT_ENABLED_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
];

/** Commercial regions that an account must opt in to. */
const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

/** Regions carry no tags; the shape applyFilters reads. */
type RegionItem = Region & { Tags?: { Key?: string; Value?: string }[] };

const REGION_FILTERS: Accessors<RegionItem> = {
  'region-name': (region) => [region.RegionName],
  endpoint: (region) => [region.Endpoint],
  'opt-in-status': (region) => [region.OptInStatus],
};

/**
 * The regions enabled for the account (EmulatorOptions.regions, or those needing no opt-in), and
 * with AllRegions the disabled ones as `not-opted-in`.
 */
const describeRegions = (input: Input, context: CallContext) => {
  const enabled = new Set(context.state.regions);
  const known = [...new Set([...DEFAULT_ENABLED_REGIONS, ...OPT_IN_REGIONS, ...enabled])];
  const regions: RegionItem[] = known.map((name) => ({
    RegionName: name,
    Endpoint: `ec2.${name}.amazonaws.com`,
    OptInStatus: !enabled.has(name)
      ? 'not-opted-in'
      : DEFAULT_ENABLED_REGIONS.includes(name)
        ? 'opt-in-not-required'
        : 'opted-in',
  }));
  const names: string[] | undefined = input.RegionNames;
  const unknown = names?.find((name) => !known.includes(name));
  if (unknown) throw error('InvalidParameterValue', `Invalid region name: ${unknown}`);
  const visible = regions.filter(
    (region) =>
      (input.AllRegions === true || region.OptInStatus !== 'not-opted-in' || names?.length) &&
      (!names?.length || names.includes(region.RegionName ?? '')),
  );
  return { Regions: applyFilters(visible, input.Filters, REGION_FILTERS) };
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
    DescribeVpcs: { schema: DescribeVpcs$, handler: describeVpcs },
    DescribeRegions: { schema: DescribeRegions$, handler: describeRegions },
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
