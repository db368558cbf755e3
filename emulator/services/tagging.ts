// AWS Resource Groups Tagging API (awsJson1_1, signing name `tagging`, IAM prefix `tag`):
// GetResources over the tags the snapshot holds: `elbv2.tags` (load balancers, target groups),
// `ec2.vpcs`, `appmesh.tags`, and the ECS clusters, services and task definitions and the Secrets
// Manager secrets with their tags. As from AWS, an untagged resource is never returned, every page
// carries the resources' full tag sets, and the last page's PaginationToken is an empty string.
import { GetResources$ } from '@aws-sdk/client-resource-groups-tagging-api';
import { formatArn, parseArn } from '../../lib/aws/arn.ts';
import { awsJsonProtocol } from '../protocols/awsJson.ts';
import type { AwsError } from '../protocols/types.ts';
import { error, serviceErrors } from './common.ts';
import type { BucketSpec, CallContext, Input, ServiceDefinition } from './types.ts';

interface Tag {
  Key: string;
  Value: string;
}

interface Tagged {
  ResourceARN: string;
  Tags: Tag[];
}

/**
 * Where the snapshot keeps tagged resources of one ARN service (and resource types): `read` gives
 * them, or undefined when the section was not collected.
 */
interface Source {
  service: string;
  /** The ARN resource types it holds; absent: any of the service's. */
  types?: readonly string[];
  /** The snapshot section, for the AccessDenied of a section not collected. */
  section: string;
  /** Needed for a request without ResourceTypeFilters (the kinds the scanner's sweep asks for). */
  required: boolean;
  read: (context: CallContext) => Tagged[] | undefined;
}

/** A tag as a snapshot spells it: `Key`/`Value`, or ECS's and App Mesh's `key`/`value`. */
interface SnapshotTag {
  Key?: string | undefined;
  Value?: string | undefined;
  key?: string | undefined;
  value?: string | undefined;
}

/** A snapshot tag list as GetResources writes it (`Key`/`Value`). */
const tagsOf = (tags: readonly SnapshotTag[] | undefined): Tag[] =>
  (tags ?? []).flatMap((tag) => {
    const key = tag.Key ?? tag.key;
    return key === undefined ? [] : [{ Key: key, Value: tag.Value ?? tag.value ?? '' }];
  });

const byArn = (entries: Record<string, readonly SnapshotTag[]> | undefined) =>
  entries &&
  Object.entries(entries).map(([arn, tags]) => ({ ResourceARN: arn, Tags: tagsOf(tags) }));

const items = <T>(
  list: readonly T[] | undefined,
  arn: (item: T) => string | undefined,
  tags: (item: T) => Tag[],
): Tagged[] | undefined =>
  list?.flatMap((item) => {
    const ResourceARN = arn(item);
    return ResourceARN ? [{ ResourceARN, Tags: tags(item) }] : [];
  });

const SOURCES: readonly Source[] = [
  {
    service: 'elasticloadbalancing',
    section: 'elbv2.tags',
    required: true,
    read: (context) => byArn(context.data.elbv2?.tags),
  },
  {
    service: 'ec2',
    types: ['vpc'],
    section: 'ec2.vpcs',
    required: true,
    // GetResources answers for the caller's own resources: a VPC shared by another account (its
    // OwnerId) is that account's.
    read: ({ data, partition, region, accountId }) =>
      items(
        data.ec2?.vpcs?.filter((vpc) => vpc.OwnerId === undefined || vpc.OwnerId === accountId),
        (vpc) =>
          vpc.VpcId &&
          formatArn({ partition, service: 'ec2', region, accountId, resource: `vpc/${vpc.VpcId}` }),
        (vpc) => tagsOf(vpc.Tags),
      ),
  },
  {
    service: 'appmesh',
    section: 'appmesh.tags',
    required: true,
    read: (context) => byArn(context.data.appmesh?.tags),
  },
  {
    service: 'ecs',
    types: ['cluster'],
    section: 'ecs.clusters',
    required: false,
    read: (context) =>
      items(
        context.data.ecs?.clusters,
        (c) => c.clusterArn,
        (c) => tagsOf(c.tags),
      ),
  },
  {
    service: 'ecs',
    types: ['service'],
    section: 'ecs.services',
    required: false,
    read: (context) =>
      items(
        context.data.ecs?.services,
        (s) => s.serviceArn,
        (s) => tagsOf(s.tags),
      ),
  },
  {
    service: 'ecs',
    types: ['task-definition'],
    section: 'ecs.taskDefinitions',
    required: false,
    read: (context) =>
      items(
        context.data.ecs?.taskDefinitions,
        (td) => td.taskDefinitionArn,
        (td) => tagsOf(td.tags),
      ),
  },
  {
    service: 'secretsmanager',
    types: ['secret'],
    section: 'secretsManager.secrets',
    required: false,
    read: (context) =>
      items(
        context.data.secretsManager?.secrets,
        (s) => s.ARN,
        (s) => tagsOf(s.Tags),
      ),
  },
];

/** `service` and `service:resourceType` of a ResourceTypeFilters entry or an ARN. */
interface ResourceType {
  service: string;
  type?: string;
}

/** The resource type of an ARN: its resource part up to the first `/` or `:` (`vpc/vpc-1` → `vpc`). */
const resourceTypeOf = (arn: string): ResourceType | undefined => {
  const parsed = parseArn(arn);
  if (!parsed) return undefined;
  return { service: parsed.service, type: /^[^/:]*/.exec(parsed.resource)?.[0] ?? '' };
};

const selects = (filter: ResourceType, service: string, type: string | undefined): boolean =>
  filter.service === service && (filter.type === undefined || filter.type === type);

/** The sources a ResourceTypeFilters entry may find resources in. */
const sourcesFor = (filter: ResourceType): Source[] =>
  SOURCES.filter(
    (source) =>
      source.service === filter.service &&
      (filter.type === undefined || !source.types || source.types.includes(filter.type)),
  );

// Limits: TagFilterList at most 50 filters, TagValueList 20 values, TagKey 1–128 characters,
// TagValue at most 256, ResourceTypeFilters at most 100 of at most 256 characters,
// ResourceARNListForGet 1–100 ARNs (API model 2017-01-26, GetResources "Request Parameters").
const MAX_TAG_FILTERS = 50;
const MAX_TAG_VALUES = 20;
const MAX_TYPE_FILTERS = 100;
const MAX_ARNS = 100;
/** ResourcesPerPage 1–100; AWS documents no default: the largest. */
const MAX_RESOURCES_PER_PAGE = 100;
/** TagsPerPage 100–500 (a resource without tags counts as one). */
const TAGS_PER_PAGE = { min: 100, max: 500 };
/** "A PaginationToken is valid for a maximum of 15 minutes" (PaginationTokenExpiredException). */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

const invalid = (message: string): AwsError => error('InvalidParameterException', message);

interface TagFilter {
  Key: string;
  Values: string[];
}

const readTagFilters = (input: Input): TagFilter[] => {
  const filters: Input[] = input.TagFilters ?? [];
  if (filters.length > MAX_TAG_FILTERS) {
    throw invalid(`TagFilters can include at most ${MAX_TAG_FILTERS} filters.`);
  }
  return filters.map((filter) => {
    const key: unknown = filter.Key;
    if (typeof key !== 'string' || key.length < 1 || key.length > 128) {
      throw invalid('Each TagFilter needs a Key of 1 to 128 characters.');
    }
    const values: string[] = filter.Values ?? [];
    if (values.length > MAX_TAG_VALUES) {
      throw invalid(`The TagFilter of ${key} can include at most ${MAX_TAG_VALUES} values.`);
    }
    if (values.some((value) => typeof value !== 'string' || value.length > 256)) {
      throw invalid(`The values of the TagFilter of ${key} must be at most 256 characters.`);
    }
    return { Key: key, Values: values };
  });
};

/** A resource matches a filter with its key and, when the filter lists values, one of them. */
const matchesTags = (resource: Tagged, filters: readonly TagFilter[]): boolean =>
  filters.every((filter) =>
    resource.Tags.some(
      (tag) =>
        tag.Key === filter.Key && (filter.Values.length === 0 || filter.Values.includes(tag.Value)),
    ),
  );

const TYPE_FILTER = /^[a-z0-9-]+(:[A-Za-z0-9-]+)?$/;

const readTypeFilters = (input: Input): ResourceType[] | undefined => {
  const filters: string[] | undefined = input.ResourceTypeFilters;
  if (!filters?.length) return undefined;
  if (filters.length > MAX_TYPE_FILTERS) {
    throw invalid(`ResourceTypeFilters can include at most ${MAX_TYPE_FILTERS} resource types.`);
  }
  return filters.map((filter) => {
    if (typeof filter !== 'string' || filter.length > 256 || !TYPE_FILTER.test(filter)) {
      throw invalid(`Unsupported resource type filter: ${filter}. Use service[:resourceType].`);
    }
    const [service = '', type] = filter.split(':');
    return type === undefined ? { service } : { service, type };
  });
};

/** The snapshot's tagged resources of these sources; AccessDenied for a section not collected. */
const resourcesOf = (context: CallContext, sources: readonly Source[]): Tagged[] =>
  [...new Set(sources)].flatMap((source) => {
    const found = source.read(context);
    if (found === undefined) throw context.notCollected(source.section);
    return found;
  });

/** Without ResourceTypeFilters: the required sources, and the others the snapshot collected. */
const everyResource = (context: CallContext): Tagged[] => [
  ...resourcesOf(
    context,
    SOURCES.filter((source) => source.required),
  ),
  ...SOURCES.filter((source) => !source.required).flatMap((source) => source.read(context) ?? []),
];

const byTypeFilters = (context: CallContext, filters: readonly ResourceType[]): Tagged[] =>
  resourcesOf(context, filters.flatMap(sourcesFor)).filter((resource) => {
    const type = resourceTypeOf(resource.ResourceARN);
    return type && filters.some((filter) => selects(filter, type.service, type.type));
  });

/** The resources of ResourceARNList, in its order, each once; an unknown ARN is left out. */
const byArns = (context: CallContext, arns: readonly string[]): Tagged[] => {
  if (arns.length === 0 || arns.length > MAX_ARNS) {
    throw invalid(`ResourceARNList must have 1 to ${MAX_ARNS} ARNs.`);
  }
  const types = arns.map((arn) => {
    const parsed = parseArn(arn);
    const type = resourceTypeOf(arn);
    if (!parsed || !type || arn.length > 1011) throw invalid(`${arn} is not a valid ARN.`);
    if (parsed.partition !== context.partition) {
      throw invalid(
        `The partition of ${arn} does not match the partition the operation was invoked in (${context.partition}).`,
      );
    }
    return type;
  });
  const known = new Map(
    resourcesOf(context, types.flatMap(sourcesFor)).map((r) => [r.ResourceARN, r] as const),
  );
  return [...new Set(arns)].flatMap((arn) => known.get(arn) ?? []);
};

// Pagination: the token is an opaque offset, its issue time (it expires as AWS's do) and whether
// the short-page fault already answered its empty page.
const TOKEN_PREFIX = 'emulator-tagging:';

interface Position {
  offset: number;
  issuedAt: number;
  emptyServed: boolean;
}

const encodeToken = (position: Position): string =>
  Buffer.from(
    `${TOKEN_PREFIX}${position.offset}:${position.issuedAt}${position.emptyServed ? ':e' : ''}`,
  ).toString('base64url');

const decodeToken = (token: string): Position => {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const match = /^(\d+):(\d+)(:e)?$/.exec(
    text.startsWith(TOKEN_PREFIX) ? text.slice(TOKEN_PREFIX.length) : '',
  );
  if (!match) throw invalid('The PaginationToken is not valid.');
  const position = {
    offset: Number(match[1]),
    issuedAt: Number(match[2]),
    emptyServed: match[3] !== undefined,
  };
  if (Date.now() - position.issuedAt > TOKEN_LIFETIME_MS) {
    throw error(
      'PaginationTokenExpiredException',
      'The PaginationToken has expired: a token is valid for 15 minutes.',
    );
  }
  return position;
};

const readSize = (value: unknown, name: string, min: number, max: number): number | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be between ${min} and ${max}.`);
  }
  return value;
};

interface Paged {
  items: Tagged[];
  /** The next page's token; `''` on the last page, as AWS writes it. */
  token: string;
}

/**
 * One page: at most ResourcesPerPage resources (capped by maxPageSize) and, with TagsPerPage, at
 * most that many tags (a resource never split from its tags; one without tags counting as one, and
 * at least one resource a page). Short pages (the fault): one resource, and before the last an
 * empty page with a token.
 */
const page = (resources: readonly Tagged[], input: Input, context: CallContext): Paged => {
  const perPage = readSize(input.ResourcesPerPage, 'ResourcesPerPage', 1, MAX_RESOURCES_PER_PAGE);
  const tagsPerPage = readSize(
    input.TagsPerPage,
    'TagsPerPage',
    TAGS_PER_PAGE.min,
    TAGS_PER_PAGE.max,
  );
  const start: Position = input.PaginationToken
    ? decodeToken(input.PaginationToken)
    : { offset: 0, issuedAt: Date.now(), emptyServed: false };
  const next = (offset: number, emptyServed = false) =>
    encodeToken({ offset, issuedAt: Date.now(), emptyServed });
  if (context.shortPage) {
    if (start.offset >= resources.length - 1 && !start.emptyServed) {
      return { items: [], token: next(start.offset, true) };
    }
    const end = start.offset + 1;
    return {
      items: resources.slice(start.offset, end),
      token: end < resources.length ? next(end) : '',
    };
  }
  const size = Math.max(
    1,
    Math.min(perPage ?? MAX_RESOURCES_PER_PAGE, context.maxPageSize ?? Infinity),
  );
  const items: Tagged[] = [];
  let tags = 0;
  for (const resource of resources.slice(start.offset)) {
    const count = Math.max(1, resource.Tags.length);
    if (items.length >= size) break;
    if (tagsPerPage !== undefined && items.length > 0 && tags + count > tagsPerPage) break;
    items.push(resource);
    tags += count;
  }
  const end = start.offset + items.length;
  return { items, token: end < resources.length ? next(end) : '' };
};

/** No tag policy is in force in the emulator: every resource is compliant. */
const COMPLIANT = { NoncompliantKeys: [], KeysWithNoncompliantValues: [], ComplianceStatus: true };

const withCompliance = (resources: readonly Tagged[], input: Input) =>
  resources.map((resource) =>
    input.IncludeComplianceDetails ? { ...resource, ComplianceDetails: COMPLIANT } : resource,
  );

const getResources = (input: Input, context: CallContext) => {
  const arns: string[] | undefined = input.ResourceARNList;
  if (arns !== undefined) {
    const others = [
      'TagFilters',
      'ResourceTypeFilters',
      'ResourcesPerPage',
      'TagsPerPage',
      'PaginationToken',
    ].filter((name) => {
      const value = input[name];
      return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== '';
    });
    if (others.length > 0) {
      throw invalid(`ResourceARNList cannot be combined with ${others.join(', ')}.`);
    }
  }
  if (input.ExcludeCompliantResources && !input.IncludeComplianceDetails) {
    throw invalid('ExcludeCompliantResources can be used only with IncludeComplianceDetails.');
  }
  const tagFilters = readTagFilters(input);
  const typeFilters = readTypeFilters(input);
  const candidates =
    arns !== undefined
      ? byArns(context, arns)
      : typeFilters
        ? byTypeFilters(context, typeFilters)
        : everyResource(context);
  // GetResources does not return untagged resources; nor, with ExcludeCompliantResources, any.
  const resources = candidates.filter(
    (resource) =>
      resource.Tags.length > 0 &&
      matchesTags(resource, tagFilters) &&
      !input.ExcludeCompliantResources,
  );
  // One page: the ARNs are at most 100.
  if (arns !== undefined) {
    return { ResourceTagMappingList: withCompliance(resources, input), PaginationToken: '' };
  }
  const { items, token } = page(resources, input, context);
  return { ResourceTagMappingList: withCompliance(items, input), PaginationToken: token };
};

// Tag Editor User Guide, "Service quotas": GetResources at most 15 requests per second (no burst
// published: one second's worth).
const GET_RESOURCES: BucketSpec = { category: 'GetResources', burst: 15, rate: 15 };

export const tagging: ServiceDefinition = {
  name: 'tagging',
  protocol: awsJsonProtocol({ version: '1.1', serviceTarget: 'ResourceGroupsTaggingAPI_20170126' }),
  operations: {
    GetResources: { schema: GetResources$, handler: getResources, shortPages: true },
  },
  // The API's own codes (ThrottledException, InternalServiceException); AccessDenied as IAM
  // words it, for the action `tag:GetResources`.
  errors: serviceErrors('tag', {
    throttling: ['ThrottledException', 400],
    accessDenied: ['AccessDeniedException', 400],
    internalFailure: ['InternalServiceException', 500],
    serviceUnavailable: ['ServiceUnavailable', 503],
    unknownOperation: ['UnknownOperationException', 400],
  }),
  bucket: () => GET_RESOURCES,
};
