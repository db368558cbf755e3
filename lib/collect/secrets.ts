// Secrets Manager and SSM Parameter Store: the secrets and parameters that in-scope task
// definitions reference, described without ever reading a value.
import {
  DescribeSecretCommand,
  paginateListSecrets,
  type SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import { paginateDescribeParameters } from '@aws-sdk/client-ssm';
import type { RegionClients } from '../aws/regionClients.ts';
import {
  describesSecret,
  type Home,
  isOtherAccount,
  type ReferencedParameter,
  type ReferencedSecret,
  referencedParametersIn,
  referencedSecretsIn,
} from '../snapshot/secretReferences.ts';
import type { EcsTaskDefinition, SecretsManagerSecret, SsmParameter } from '../snapshot/types.ts';
import { attempt, orNotedAbsent, pages, succeeded } from './call.ts';
import { chunk, jsonify } from './json.ts';
import type { RegionContext } from './types.ts';

/** A ParameterStringFilter takes at most 50 values; DescribeParameters returns at most 50 a page. */
const PARAMETER_NAMES_PER_CALL = 50;
const PARAMETERS_PAGE_SIZE = 50;

/**
 * The parameters the task definitions reference, by the region they live in. DescribeParameters
 * sees only the caller's own account, so a parameter of another account (shared through AWS RAM)
 * is left out: it is not described, and the check says why.
 */
const parametersByRegion = (
  definitions: readonly EcsTaskDefinition[],
  home: Home,
): Map<string, ReferencedParameter[]> => {
  const byRegion = new Map<string, ReferencedParameter[]>();
  for (const parameter of referencedParametersIn(definitions, home)) {
    if (isOtherAccount(parameter.accountId, home)) continue;
    byRegion.set(parameter.region, [...(byRegion.get(parameter.region) ?? []), parameter]);
  }
  return byRegion;
};

/** Names of the parameters in this account and region that the task definitions reference (by name, or by ARN). */
export const referencedParameterNames = (
  definitions: readonly EcsTaskDefinition[],
  region: string,
  accountId: string | undefined,
): string[] =>
  (parametersByRegion(definitions, { region, accountId }).get(region) ?? []).map(
    (p) => p.parameterName,
  );

/** One region's parameters, 50 names a call; a failed batch leaves its parameters out (= not described). */
const describeParameters = async (
  context: RegionContext,
  clients: RegionClients,
  parameters: readonly ReferencedParameter[],
): Promise<SsmParameter[]> => {
  const local = parameters[0]?.region === context.region;
  const outcomes = await Promise.all(
    chunk([...parameters], PARAMETER_NAMES_PER_CALL).map((batch) => {
      const Values = batch.map((p) => p.parameterName);
      return attempt(
        context,
        'ssm',
        'DescribeParameters',
        async () =>
          jsonify(
            (
              await pages(
                paginateDescribeParameters(
                  { client: clients.ssm, pageSize: PARAMETERS_PAGE_SIZE },
                  { ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values }] },
                ),
              )
            ).flatMap((page) => page.Parameters ?? []),
          ),
        // Another region's parameters by the ARN they were named by: a name alone would not say where.
        { items: local ? Values : batch.map((p) => p.valueFrom) },
      );
    }),
  );
  return succeeded(outcomes).flat();
};

/**
 * Parameters described by name, each in the region it lives in: the region's own in `parameters`,
 * those of other regions (named by ARN) in `otherRegionParameters`, keyed by region, with the
 * clients of that region (only when `clientsFor` is given; without, they stay undescribed).
 * DescribeParameters answers no region or account, so where an item came from is kept this way.
 */
export const collectSsm = async (
  context: RegionContext,
  definitions: readonly EcsTaskDefinition[] | undefined,
): Promise<
  { parameters: SsmParameter[]; otherRegionParameters?: Record<string, SsmParameter[]> } | undefined
> => {
  if (!definitions) return undefined;
  const byRegion = parametersByRegion(definitions, context);
  const described = await Promise.all(
    [...byRegion].map(async ([region, parameters]) => {
      const clients = region === context.region ? context.clients : context.clientsFor?.(region);
      if (!clients) return undefined;
      return [region, await describeParameters(context, clients, parameters)] as const;
    }),
  );
  const parameters = described.find((entry) => entry?.[0] === context.region)?.[1] ?? [];
  const others = described.filter(
    (entry): entry is readonly [string, SsmParameter[]] =>
      entry !== undefined && entry[0] !== context.region,
  );
  return others.length
    ? { parameters, otherRegionParameters: Object.fromEntries(others) }
    : { parameters };
};

/** ListSecrets' `name` filter takes at most 10 values; its largest page is 100 secrets. */
const NAMES_PER_LISTING = 10;
const SECRETS_PAGE_SIZE = 100;

/**
 * The `name` filter value that lists a referenced secret: its name, or an ARN's name without the
 * 6-character suffix AWS appends (a partial ARN has none; the filter matches prefixes, so the
 * shorter name covers both).
 */
export const listedNameOf = (reference: ReferencedSecret): string =>
  reference.byName
    ? reference.secretId
    : (reference.secretId.split(':')[6] ?? '').replace(/-[A-Za-z0-9]{6}$/, '');

/**
 * The references one region's listing answers: its account's (a listing never returns another
 * account's secrets), when there are two or more (for one, a DescribeSecret is as cheap).
 */
export const listableSecrets = (
  references: readonly ReferencedSecret[],
  home: Home,
): ReferencedSecret[] => {
  const own = references.filter((r) => !isOtherAccount(r.accountId, home));
  return own.length >= 2 ? own : [];
};

/**
 * ListSecrets of these names, 10 a call, every page, secrets scheduled for deletion included (as
 * DescribeSecret returns them). The `name` filter matches prefixes (case-sensitive, API Reference
 * Filter): callers keep only the exact matches. A failed listing is not recorded: its secrets are described one by one.
 */
const listSecrets = async (
  context: RegionContext,
  clients: RegionClients,
  names: readonly string[],
): Promise<SecretsManagerSecret[]> => {
  const outcomes = await Promise.all(
    chunk([...new Set(names)].sort(), NAMES_PER_LISTING).map((Values) =>
      attempt(
        context,
        'secretsmanager',
        'ListSecrets',
        async () =>
          (
            await pages(
              paginateListSecrets(
                { client: clients.secretsManager, pageSize: SECRETS_PAGE_SIZE },
                { Filters: [{ Key: 'name', Values }], IncludePlannedDeletion: true },
              ),
            )
          ).flatMap((page) => (page.SecretList ?? []).map(asDescribed)),
        { record: () => false },
      ),
    ),
  );
  return succeeded(outcomes).flat();
};

/** A listed secret as DescribeSecret spells it (the snapshot keeps DescribeSecret's shape). */
const asDescribed = ({ SecretVersionsToStages, ...entry }: SecretListEntry): SecretsManagerSecret =>
  jsonify({
    ...entry,
    ...(SecretVersionsToStages ? { VersionIdsToStages: SecretVersionsToStages } : {}),
  });

const describeSecret = (context: RegionContext, clients: RegionClients, secretId: string) =>
  attempt(
    context,
    'secretsmanager',
    'DescribeSecret',
    () =>
      orNotedAbsent(
        { context, service: 'secretsmanager', operation: 'DescribeSecret', items: [secretId] },
        async () => [
          jsonify(
            await clients.secretsManager.send(new DescribeSecretCommand({ SecretId: secretId })),
          ),
        ],
        'ResourceNotFoundException',
      ),
    { items: [secretId] },
  );

/**
 * One region's referenced secrets: those of its account listed (ListSecrets by name, a tenth of
 * the calls), then each one the listing did not return — and every other account's — described
 * (DescribeSecret: a secret is never assumed fine, or gone, because a listing left it out).
 */
const secretsOfRegion = async (
  context: RegionContext,
  clients: RegionClients,
  references: readonly ReferencedSecret[],
): Promise<SecretsManagerSecret[]> => {
  const listable = listableSecrets(references, context);
  const listed = listable.length
    ? await listSecrets(context, clients, listable.map(listedNameOf))
    : [];
  const found: SecretsManagerSecret[] = [];
  const unlisted: ReferencedSecret[] = [];
  for (const reference of references) {
    const secret = listable.includes(reference)
      ? listed.find((candidate) => describesSecret(candidate, reference))
      : undefined;
    if (secret) found.push(secret);
    else unlisted.push(reference);
  }
  const described = await Promise.all(
    unlisted.map((reference) => describeSecret(context, clients, reference.secretId)),
  );
  return [...found, ...succeeded(described).flat()];
};

/**
 * The referenced secrets (a name in the task's region), with the clients of each secret's region
 * (other regions only when `clientsFor` is given); a failed call leaves its secret out (= not
 * described). A secret of another account is tried too (its resource policy may allow it): an
 * AccessDenied there is recorded for that secret only, and the check says why.
 */
export const collectSecretsManager = async (
  context: RegionContext,
  definitions: readonly EcsTaskDefinition[] | undefined,
): Promise<{ secrets: SecretsManagerSecret[] } | undefined> => {
  if (!definitions) return undefined;
  const byRegion = new Map<string, ReferencedSecret[]>();
  for (const reference of referencedSecretsIn(definitions, context)) {
    byRegion.set(reference.region, [...(byRegion.get(reference.region) ?? []), reference]);
  }
  const regions = await Promise.all(
    [...byRegion].map(([region, references]) => {
      const clients = region === context.region ? context.clients : context.clientsFor?.(region);
      return clients ? secretsOfRegion(context, clients, references) : [];
    }),
  );
  // A name, a partial and a complete ARN of one secret describe the same secret: keep it once.
  const secrets = new Map(regions.flat().map((secret) => [secret.ARN, secret]));
  return { secrets: [...secrets.values()] };
};
