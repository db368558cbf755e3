// AWS Systems Manager Parameter Store (awsJson1_1): DescribeParameters over `ssm.parameters`
// (metadata only: the emulator holds no parameter values).
import { DescribeParameters$ } from '@aws-sdk/client-ssm';
import type { SsmParameter } from '../../lib/snapshot/types.ts';
import { awsJsonProtocol } from '../protocols/awsJson.ts';
import {
  awsJsonErrors,
  collected,
  DEFAULT_BUCKET,
  error,
  type PageSpec,
  paginate,
} from './common.ts';
import type { CallContext, Input, ServiceDefinition } from './types.ts';

// MaxResults: 1–50. AWS documents no default; 10 is assumed (what the API is seen to return).
const PAGE: PageSpec = {
  defaultSize: 10,
  maxSize: 50,
  invalidSize: (size) =>
    error(
      'ValidationException',
      `1 validation error detected: Value '${size}' at 'maxResults' failed to satisfy constraint: Member must have value ${size < 1 ? 'greater than or equal to 1' : 'less than or equal to 50'}`,
    ),
  invalidToken: () => error('InvalidNextToken', 'The specified token isn\u2019t valid.'),
};

interface StringFilter {
  Key?: string;
  Option?: string;
  Values?: string[];
}

const withSlash = (name: string): string => (name.startsWith('/') ? name : `/${name}`);

const matches = (parameter: SsmParameter, filter: StringFilter): boolean => {
  const values = filter.Values ?? [];
  const option = filter.Option ?? 'Equals';
  const test = (actual: string | undefined): boolean => {
    if (actual === undefined) return false;
    if (option === 'BeginsWith') return values.some((value) => actual.startsWith(value));
    if (option === 'Contains') return values.some((value) => actual.includes(value));
    return values.includes(actual);
  };
  switch (filter.Key) {
    case 'Name':
      // Names match with or without their leading slash, as Parameter Store treats them.
      return values.some((value) =>
        option === 'BeginsWith'
          ? withSlash(parameter.Name ?? '').startsWith(withSlash(value))
          : option === 'Contains'
            ? (parameter.Name ?? '').includes(value)
            : withSlash(parameter.Name ?? '') === withSlash(value),
      );
    case 'Type':
      return test(parameter.Type);
    case 'KeyId':
      return test(parameter.KeyId);
    case 'Tier':
      return test(parameter.Tier);
    case 'DataType':
      return test(parameter.DataType);
    case 'Path': {
      const name = withSlash(parameter.Name ?? '');
      return values.some((path) => {
        const prefix = `${withSlash(path).replace(/\/$/, '')}/`;
        if (!name.startsWith(prefix)) return false;
        return option === 'Recursive' || !name.slice(prefix.length).includes('/');
      });
    }
    default:
      throw error('InvalidFilterKey', `The filter key ${filter.Key} is not valid.`);
  }
};

const describeParameters = (input: Input, context: CallContext) => {
  // `Filters` (the older form: Key Name/Type/KeyId, values compared for equality) and
  // `ParameterFilters` cannot be combined.
  if (input.Filters?.length && input.ParameterFilters?.length) {
    throw error('InvalidFilter', 'Filters and ParameterFilters cannot be used together.');
  }
  const filters: StringFilter[] = [...(input.ParameterFilters ?? []), ...(input.Filters ?? [])];
  const selected = collected(context, context.data.ssm?.parameters, 'ssm.parameters').filter(
    (parameter) => filters.every((filter) => matches(parameter, filter)),
  );
  const page = paginate(
    selected,
    { size: input.MaxResults, token: input.NextToken },
    PAGE,
    context,
  );
  return { Parameters: page.items, NextToken: page.nextToken };
};

export const ssm: ServiceDefinition = {
  name: 'ssm',
  protocol: awsJsonProtocol({ version: '1.1', serviceTarget: 'AmazonSSM' }),
  operations: {
    DescribeParameters: { schema: DescribeParameters$, handler: describeParameters },
  },
  errors: awsJsonErrors('ssm'),
  // Parameter Store publishes throughput quotas for Get*/Put*, not DescribeParameters: default.
  bucket: () => DEFAULT_BUCKET,
};
