// Reads our ACTIVE findings in a scope back from Security Hub: paginated, paced within
// GetFindings' rate, counted, and kept small (only what the plan compares and sends back).
import {
  type AwsSecurityFinding,
  GetFindingsCommand,
  type GetFindingsCommandInput,
  type SecurityHubClient,
  type StringFilter,
} from '@aws-sdk/client-securityhub';
import { type Clock, pacedBucket, rateShareFrom, type TokenBucket } from '../aws/tokenBucket.ts';
import { productArn } from '../findings/asff.ts';
import { SECURITY_HUB_LIMITS } from './limits.ts';
import { providerFieldsOf } from './plan.ts';
import type { PublishScope } from './scope.ts';

/** What reading our findings needs: the client and the scope's account, region, checks, resources. */
export interface ReadExistingOptions {
  /** A client for the scanned account's Security Hub in `scope.region`. */
  client: SecurityHubClient;
  partition: string;
  /**
   * Share of Security Hub's documented rates to use (default: ECS_SCANNER_RATE_SHARE, else 0.95;
   * at 1 the client's bucket and Security Hub's drift apart by a few milliseconds and throttle).
   */
  rateShare?: number;
  clock?: Clock;
  scope: Pick<PublishScope, 'accountId' | 'region' | 'checkIds' | 'resourceArns'> & {
    /** Only findings on resources under these ARN prefixes (a deleted load balancer's listeners). */
    resourcePrefixes?: readonly string[];
  };
}

/** Our ACTIVE findings in scope, with the GetFindings calls that read them. */
export interface ExistingFindings {
  findings: AwsSecurityFinding[];
  calls: number;
}

const equals = (values: readonly string[]): StringFilter[] =>
  values.map((Value) => ({ Comparison: 'EQUALS', Value }));

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

/** A deep copy of JSON data whose equal strings are one string (JSON.parse makes each anew). */
const interner = () => {
  const strings = new Map<string, string>();
  const intern = <T>(value: T): T => {
    if (typeof value === 'string') {
      const known = strings.get(value);
      if (known !== undefined) return known as T;
      strings.set(value, value);
      return value;
    }
    if (Array.isArray(value)) return value.map(intern) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, intern(v)])) as T;
    }
    return value;
  };
  return intern;
};

interface FilterValues {
  generatorIds: StringFilter[];
  resourceIds: string[] | undefined;
  prefixes: string[] | undefined;
}

/**
 * The GeneratorId filters of these check IDs, each of at most `size` values: the IDs themselves,
 * or, when there are more than `size`, their `<service>_` prefixes (positive comparisons are ORed),
 * so that a registry of 21 checks or more costs one read, not one per 20 IDs. A prefix also matches
 * checks out of scope: the plan keeps only the scope's (lib/publish/plan.ts inScope).
 */
const generatorFilters = (checkIds: readonly string[], size: number): StringFilter[][] => {
  if (checkIds.length <= size) return [equals(checkIds)];
  const prefixes = [...new Set(checkIds.map((id) => id.slice(0, id.indexOf('_') + 1) || id))];
  return prefixes.length < checkIds.length
    ? chunks(prefixes, size).map((values) =>
        values.map((Value) => ({ Comparison: 'PREFIX' as const, Value })),
      )
    : chunks(checkIds, size).map(equals);
};

/** The scope's filter values, split: a filter takes at most 20 values per attribute. */
const filterValuesOf = (scope: ReadExistingOptions['scope']): FilterValues[] => {
  const size = SECURITY_HUB_LIMITS.filterValues;
  const resourceChunks = scope.resourceArns ? chunks(scope.resourceArns, size) : [undefined];
  const prefixChunks = scope.resourcePrefixes ? chunks(scope.resourcePrefixes, size) : [undefined];
  return generatorFilters(scope.checkIds, size).flatMap((generatorIds) =>
    resourceChunks.flatMap((resourceIds) =>
      prefixChunks.map((prefixes) => ({ generatorIds, resourceIds, prefixes })),
    ),
  );
};

const filtersOf = (
  options: ReadExistingOptions,
  { generatorIds, resourceIds, prefixes }: FilterValues,
): GetFindingsCommandInput['Filters'] => {
  const { scope } = options;
  return {
    ProductArn: equals([productArn(options.partition, scope.region, scope.accountId)]),
    AwsAccountId: equals([scope.accountId]),
    Region: equals([scope.region]),
    GeneratorId: generatorIds,
    RecordState: equals(['ACTIVE']),
    ...(resourceIds ? { ResourceId: equals(resourceIds) } : {}),
    ...(prefixes
      ? { ResourceId: prefixes.map((Value) => ({ Comparison: 'PREFIX' as const, Value })) }
      : {}),
  };
};

/** Our ACTIVE findings in scope, paginated, each call taken from `bucket` (GetFindings' rate). */
export const readExisting = async (
  options: ReadExistingOptions,
  bucket: TokenBucket,
): Promise<ExistingFindings> => {
  const found: AwsSecurityFinding[] = [];
  let calls = 0;
  const intern = interner();
  for (const values of filterValuesOf(options.scope)) {
    let NextToken: string | undefined;
    do {
      await bucket.take();
      calls += 1;
      const page = await options.client.send(
        new GetFindingsCommand({
          Filters: filtersOf(options, values),
          MaxResults: SECURITY_HUB_LIMITS.getFindingsPageSize,
          NextToken,
        }),
      );
      // Only what the plan compares and sends back, with the strings repeated from finding to
      // finding (types, remediation texts, dates, ARNs) kept once: a large account's findings
      // read back whole are a large share of the worker's memory.
      found.push(...(page.Findings ?? []).map((f) => intern(providerFieldsOf(f))));
      NextToken = page.NextToken || undefined;
    } while (NextToken);
  }
  return { findings: found, calls };
};

/**
 * Reads our ACTIVE findings in scope, paced by a bucket of its own. A full scan can start it while
 * it still collects (the scope does not depend on what it finds) and hand the promise to `publish`
 * as `existing`.
 */
export const readExistingFindings = async (
  options: ReadExistingOptions,
): Promise<ExistingFindings> =>
  readExisting(
    options,
    pacedBucket(
      SECURITY_HUB_LIMITS.getFindings,
      options.rateShare ?? rateShareFrom(),
      options.clock,
    ),
  );

/** The resources of `findings` under `prefixes`, each once. */
export const resourcesUnderPrefixes = (
  findings: readonly AwsSecurityFinding[],
  prefixes: readonly string[],
): string[] => {
  const ids = findings.flatMap((f) => (f.Resources?.[0]?.Id ? [f.Resources[0].Id] : []));
  return [...new Set(ids.filter((id) => prefixes.some((prefix) => id.startsWith(prefix))))];
};
