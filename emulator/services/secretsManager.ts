// AWS Secrets Manager (awsJson1_1): DescribeSecret and ListSecrets over `secretsManager.secrets`
// (never values). A secret is named by ARN, partial ARN or name; an ARN of another account is
// refused. ListSecrets lists the calling account's secrets of the region called.
import {
  DescribeSecret$,
  ListSecrets$,
  type SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import type { Jsonified, SecretsManagerSecret } from '../../lib/snapshot/types.ts';
import { awsJsonProtocol } from '../protocols/awsJson.ts';
import { awsJsonErrors, collected, error, type PageSpec, paginate } from './common.ts';
import type { BucketSpec, CallContext, Input, ServiceDefinition } from './types.ts';

/** A SecretId names a secret by its ARN, its partial ARN (without the `-AbCdEf` suffix) or its name. */
export const secretMatches = (secret: SecretsManagerSecret, id: string): boolean => {
  const arn = secret.ARN ?? '';
  if (id === arn || id === secret.Name) return true;
  return id.startsWith('arn:') && /-[A-Za-z0-9]{6}$/.test(arn) && arn.slice(0, -7) === id;
};

const describeSecret = (input: Input, context: CallContext) => {
  const id: string = input.SecretId ?? '';
  // A secret of another account is reached only through its resource policy, which a snapshot
  // does not hold: AWS then refuses, whether or not the secret exists.
  const owner = id.startsWith('arn:') ? id.split(':')[4] : undefined;
  if (owner !== undefined && owner !== context.accountId) {
    throw error(
      'AccessDeniedException',
      `User: ${context.caller.arn} is not authorized to perform: secretsmanager:DescribeSecret on resource: ${id} because no resource-based policy allows the secretsmanager:DescribeSecret action`,
    );
  }
  const secret = collected(
    context,
    context.data.secretsManager?.secrets,
    'secretsManager.secrets',
  ).find((candidate) => secretMatches(candidate, id));
  if (!secret)
    throw error('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  return secret;
};

// ListSecrets -----------------------------------------------------------------------------------
// The request's constraints are the API model's (API Reference: ListSecrets, Filter): at most 10
// filters; each of 1 to 10 values of at most 512 characters, matching FILTER_VALUE; MaxResults 1 to
// 100; NextToken 1 to 4096 characters. A request outside them is refused as the service's request
// validation does, with ValidationException ("1 validation error detected: …", Common Errors); a
// filter without a key or values with InvalidParameterException ("The parameter name or value is
// invalid", ListSecrets Errors); a token the emulator did not hand out with
// InvalidNextTokenException.

const FILTER_KEYS = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const SORT_ORDERS = ['asc', 'desc'];
const SORT_BYS = ['created-date', 'last-accessed-date', 'last-changed-date', 'name'];
const MAX_FILTERS = 10;
const MAX_VALUES = 10;
const MAX_VALUE_LENGTH = 512;
const MAX_TOKEN_LENGTH = 4096;
const FILTER_VALUE = /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/;
const FILTER_VALUE_PATTERN = '^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$';

const validationError = (violations: readonly string[]) =>
  error(
    'ValidationException',
    `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
  );

const invalidParameter = (message: string) => error('InvalidParameterException', message);

const sizeViolation = (size: number): string =>
  `Value '${size}' at 'maxResults' failed to satisfy constraint: Member must have value ${size < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`;

// MaxResults 1..100; AWS documents no default page size: the largest.
const PAGE: PageSpec = {
  defaultSize: 100,
  maxSize: 100,
  invalidSize: (size) => validationError([sizeViolation(size)]),
  invalidToken: () => error('InvalidNextTokenException', 'The NextToken value is invalid.'),
};

interface Filter {
  key: FilterKey;
  values: string[];
}

/** The request's filters, or the errors AWS answers for a request outside the model's bounds. */
const filtersOf = (input: Input): Filter[] => {
  const violations: string[] = [];
  const filters: Input[] = input.Filters ?? [];
  if (filters.length > MAX_FILTERS) {
    violations.push(
      `Value at 'filters' failed to satisfy constraint: Member must have length less than or equal to ${MAX_FILTERS}`,
    );
  }
  filters.forEach((filter, i) => {
    const at = `filters.${i + 1}.member`;
    const key = filter.Key;
    if (key !== undefined && !FILTER_KEYS.includes(key)) {
      violations.push(
        `Value '${key}' at '${at}.key' failed to satisfy constraint: Member must satisfy enum value set: [${FILTER_KEYS.join(', ')}]`,
      );
    }
    const values: string[] | undefined = filter.Values;
    if (values && (values.length < 1 || values.length > MAX_VALUES)) {
      violations.push(
        `Value '[${values.join(', ')}]' at '${at}.values' failed to satisfy constraint: Member must have length ${values.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_VALUES}`}`,
      );
    }
    (values ?? []).forEach((value, j) => {
      const where = `Value '${value}' at '${at}.values.${j + 1}.member' failed to satisfy constraint: Member must`;
      if (value.length > MAX_VALUE_LENGTH) {
        violations.push(`${where} have length less than or equal to ${MAX_VALUE_LENGTH}`);
      }
      if (!FILTER_VALUE.test(value)) {
        violations.push(`${where} satisfy regular expression pattern: ${FILTER_VALUE_PATTERN}`);
      }
    });
  });
  const size: number | undefined = input.MaxResults;
  if (size !== undefined && (size < 1 || size > PAGE.maxSize)) violations.push(sizeViolation(size));
  const token: string | undefined = input.NextToken;
  if (token !== undefined && (token.length < 1 || token.length > MAX_TOKEN_LENGTH)) {
    violations.push(
      `Value at 'nextToken' failed to satisfy constraint: Member must have length ${token.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_TOKEN_LENGTH}`}`,
    );
  }
  for (const [member, value, allowed] of [
    ['sortOrder', input.SortOrder, SORT_ORDERS],
    ['sortBy', input.SortBy, SORT_BYS],
  ] as const) {
    if (value !== undefined && !allowed.includes(value)) {
      violations.push(
        `Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
      );
    }
  }
  if (violations.length) throw validationError(violations);
  return filters.map((filter) => {
    if (filter.Key === undefined) throw invalidParameter('Invalid filter key');
    if (filter.Values === undefined) throw invalidParameter('Invalid filter values');
    return { key: filter.Key as FilterKey, values: filter.Values };
  });
};

/**
 * The words of a text for the `all` filter (Secrets Manager User Guide, "Find secrets"): runs of
 * letters and digits, broken where a lower-case letter turns upper-case and where letters and
 * digits meet (`credsDatabase#892`: creds, Database, 892).
 */
const wordsOf = (text: string): string[] =>
  text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g)?.map((word) => word.toLowerCase()) ?? [];

/** The texts a filter key searches in a secret. */
const searched = (secret: SecretsManagerSecret, key: FilterKey): string[] => {
  const tags = secret.Tags ?? [];
  const present = (texts: (string | undefined)[]) =>
    texts.filter((text): text is string => text !== undefined);
  switch (key) {
    case 'description':
      return present([secret.Description]);
    case 'name':
      return present([secret.Name]);
    case 'tag-key':
      return present(tags.map((tag) => tag.Key));
    case 'tag-value':
      return present(tags.map((tag) => tag.Value));
    case 'primary-region':
      return present([secret.PrimaryRegion]);
    case 'owning-service':
      return present([secret.OwningService]);
    case 'all':
      return present([
        secret.Name,
        secret.Description,
        ...tags.flatMap((tag) => [tag.Key, tag.Value]),
      ]);
  }
};

/**
 * API Reference, Filter: `description` is a prefix match not case-sensitive; `name`, `tag-key`,
 * `tag-value`, `primary-region` and `owning-service` prefix matches case-sensitive; `all` breaks
 * the value into words and searches all attributes, not case-sensitive (a secret matches when
 * one of the value's words begins one of its words). A value starting with `!` matches the
 * secrets the rest of it does not.
 */
const valueMatches = (secret: SecretsManagerSecret, key: FilterKey, value: string): boolean => {
  const negated = value.startsWith('!');
  const wanted = negated ? value.slice(1) : value;
  const texts = searched(secret, key);
  let found: boolean;
  if (key === 'all') {
    const words = texts.flatMap(wordsOf);
    found = wordsOf(wanted).some((w) => words.some((word) => word.startsWith(w)));
  } else if (key === 'description') {
    found = texts.some((text) => text.toLowerCase().startsWith(wanted.toLowerCase()));
  } else {
    found = texts.some((text) => text.startsWith(wanted));
  }
  return negated ? !found : found;
};

/** Every filter matches (AND); within a filter, any of its values (OR). */
const matchesFilters = (secret: SecretsManagerSecret, filters: readonly Filter[]): boolean =>
  filters.every(({ key, values }) => values.some((value) => valueMatches(secret, key, value)));

/** `arn:partition:secretsmanager:region:account:secret:…`: the account and region it lives in. */
const isListedHere = (secret: SecretsManagerSecret, context: CallContext): boolean => {
  if (!secret.ARN) return true;
  const [, , , region, account] = secret.ARN.split(':');
  return region === context.region && account === context.accountId;
};

const SORT_FIELD: Record<string, 'CreatedDate' | 'LastAccessedDate' | 'LastChangedDate' | 'Name'> =
  {
    'created-date': 'CreatedDate',
    'last-accessed-date': 'LastAccessedDate',
    'last-changed-date': 'LastChangedDate',
    name: 'Name',
  };

/**
 * API Reference: secrets are listed by CreatedDate unless SortBy names another field; AWS documents
 * no default direction: ascending. Secrets without the field come last either way; ties keep the
 * snapshot's order.
 */
const sorted = (secrets: SecretsManagerSecret[], input: Input): SecretsManagerSecret[] => {
  const field = SORT_FIELD[input.SortBy ?? 'created-date'] ?? 'CreatedDate';
  const direction = input.SortOrder === 'desc' ? -1 : 1;
  const keyOf = (secret: SecretsManagerSecret): string | number | undefined => {
    const value = secret[field];
    if (value === undefined) return undefined;
    return field === 'Name' ? value : Date.parse(value);
  };
  return secrets
    .map((secret) => ({ secret, key: keyOf(secret) }))
    .sort((a, b) => {
      if (a.key === undefined || b.key === undefined) {
        return (a.key === undefined ? 1 : 0) - (b.key === undefined ? 1 : 0);
      }
      return a.key < b.key ? -direction : a.key > b.key ? direction : 0;
    })
    .map(({ secret }) => secret);
};

/**
 * A SecretListEntry of a snapshot secret: DescribeSecret's fields but ReplicationStatus, and
 * VersionIdsToStages as SecretVersionsToStages (without versions that have no staging label, which
 * the API Reference leaves out of it).
 */
const entryOf = (secret: SecretsManagerSecret): Jsonified<SecretListEntry> => {
  const { VersionIdsToStages, ReplicationStatus: _replication, ...fields } = secret;
  const staged =
    VersionIdsToStages &&
    Object.fromEntries(
      Object.entries(VersionIdsToStages).filter(([, stages]) => stages && stages.length > 0),
    );
  return { ...fields, ...(staged ? { SecretVersionsToStages: staged } : {}) };
};

const listSecrets = (input: Input, context: CallContext) => {
  const filters = filtersOf(input);
  const secrets = collected(
    context,
    context.data.secretsManager?.secrets,
    'secretsManager.secrets',
  );
  const listed = secrets.filter(
    (secret) =>
      isListedHere(secret, context) &&
      // IncludePlannedDeletion: by default, secrets scheduled for deletion are left out.
      (input.IncludePlannedDeletion === true || secret.DeletedDate === undefined) &&
      matchesFilters(secret, filters),
  );
  const page = paginate(
    sorted(listed, input),
    { size: input.MaxResults, token: input.NextToken },
    PAGE,
    context,
  );
  return { SecretList: page.items.map(entryOf), NextToken: page.nextToken };
};

// Secrets Manager quotas: DescribeSecret and GetSecretValue together, 10,000 requests per second;
// ListSecrets 100 requests per second (no burst published: one second's worth).
const BUCKETS: Record<string, BucketSpec> = {
  DescribeSecret: { category: 'DescribeSecret+GetSecretValue', burst: 10_000, rate: 10_000 },
  ListSecrets: { category: 'ListSecrets', burst: 100, rate: 100 },
};

export const secretsManager: ServiceDefinition = {
  name: 'secretsmanager',
  protocol: awsJsonProtocol({ version: '1.1', serviceTarget: 'secretsmanager' }),
  operations: {
    DescribeSecret: { schema: DescribeSecret$, handler: describeSecret },
    ListSecrets: { schema: ListSecrets$, handler: listSecrets },
  },
  errors: awsJsonErrors('secretsmanager'),
  bucket: (operation) => BUCKETS[operation] ?? (BUCKETS.DescribeSecret as BucketSpec),
};
