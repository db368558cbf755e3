// Secrets Manager and SSM Parameter Store: the secrets and parameters that in-scope task
// definitions reference, described without ever reading a value.
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { paginateDescribeParameters } from '@aws-sdk/client-ssm';
import type { RegionClients } from '../aws/regionClients.ts';
import {
  type Home,
  isOtherAccount,
  type ReferencedParameter,
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

/**
 * Referenced secrets (as the task definitions name them: a complete or partial ARN, or a name) with
 * their region; a name is in the task's region (`region`; absent: unknown).
 */
export const referencedSecrets = (
  definitions: readonly EcsTaskDefinition[],
  region?: string,
): { secretId: string; region: string | undefined }[] =>
  referencedSecretsIn(definitions, { region: region ?? '' }).map((secret) => ({
    secretId: secret.secretId,
    region: secret.region || undefined,
  }));

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

/**
 * DescribeSecret for each referenced secret (a name in the task's region), with the clients of the
 * secret's region (other regions only when `clientsFor` is given); a failed call leaves its secret
 * out (= not described). A secret of another account is tried too (its resource policy may allow
 * it): an AccessDenied there is recorded for that secret only, and the check says why.
 */
export const collectSecretsManager = async (
  context: RegionContext,
  definitions: readonly EcsTaskDefinition[] | undefined,
): Promise<{ secrets: SecretsManagerSecret[] } | undefined> => {
  if (!definitions) return undefined;
  const outcomes = await Promise.all(
    referencedSecretsIn(definitions, context).flatMap(({ secretId, region }) => {
      const clients = region === context.region ? context.clients : context.clientsFor?.(region);
      if (!clients) return [];
      return [
        attempt(
          context,
          'secretsmanager',
          'DescribeSecret',
          () =>
            orNotedAbsent(
              {
                context,
                service: 'secretsmanager',
                operation: 'DescribeSecret',
                items: [secretId],
              },
              async () => [
                jsonify(
                  await clients.secretsManager.send(
                    new DescribeSecretCommand({ SecretId: secretId }),
                  ),
                ),
              ],
              'ResourceNotFoundException',
            ),
          { items: [secretId] },
        ),
      ];
    }),
  );
  // A name, a partial and a complete ARN of one secret describe the same secret: keep it once.
  const secrets = new Map(
    succeeded(outcomes)
      .flat()
      .map((secret) => [secret.ARN, secret]),
  );
  return { secrets: [...secrets.values()] };
};
