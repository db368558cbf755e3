// Secrets Manager and SSM Parameter Store: the secrets and parameters that in-scope task
// definitions reference, described without ever reading a value.
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { paginateDescribeParameters } from '@aws-sdk/client-ssm';
import { secretReferencesOf } from '../snapshot/scope.ts';
import type { EcsTaskDefinition, SecretsManagerSecret, SsmParameter } from '../snapshot/types.ts';
import { attempt, orNotedAbsent, pages, succeeded } from './call.ts';
import { chunk, jsonify, unique } from './json.ts';
import type { RegionContext } from './types.ts';

/** A ParameterStringFilter takes at most 50 values; DescribeParameters returns at most 50 a page. */
const PARAMETER_NAMES_PER_CALL = 50;
const PARAMETERS_PAGE_SIZE = 50;

/**
 * Names of the parameters in this account and region that the task definitions reference
 * (by name, or by ARN). DescribeParameters sees only the caller's own account and region.
 */
export const referencedParameterNames = (
  definitions: readonly EcsTaskDefinition[],
  region: string,
  accountId: string | undefined,
): string[] =>
  unique(
    definitions
      .flatMap(secretReferencesOf)
      .flatMap(({ target }) =>
        target.store === 'ssm' &&
        (target.region === undefined || target.region === region) &&
        (target.accountId === undefined ||
          accountId === undefined ||
          target.accountId === accountId)
          ? [target.parameterName]
          : [],
      ),
  );

/** Referenced secret ARNs (complete or partial, as the task definition names them) with their region. */
export const referencedSecrets = (
  definitions: readonly EcsTaskDefinition[],
): { secretArn: string; region: string }[] => {
  const byArn = new Map<string, string>();
  for (const { target } of definitions.flatMap(secretReferencesOf)) {
    if (target.store === 'secretsmanager') byArn.set(target.secretArn, target.region);
  }
  return [...byArn].map(([secretArn, region]) => ({ secretArn, region }));
};

/** Parameters described by name; a failed batch leaves its parameters out (= not described). */
export const collectSsm = async (
  context: RegionContext,
  definitions: readonly EcsTaskDefinition[] | undefined,
): Promise<{ parameters: SsmParameter[] } | undefined> => {
  if (!definitions) return undefined;
  const names = referencedParameterNames(definitions, context.region, context.accountId);
  const outcomes = await Promise.all(
    chunk(names, PARAMETER_NAMES_PER_CALL).map((Values) =>
      attempt(
        context,
        'ssm',
        'DescribeParameters',
        async () =>
          jsonify(
            (
              await pages(
                paginateDescribeParameters(
                  { client: context.clients.ssm, pageSize: PARAMETERS_PAGE_SIZE },
                  { ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values }] },
                ),
              )
            ).flatMap((page) => page.Parameters ?? []),
          ),
        { items: Values },
      ),
    ),
  );
  return { parameters: succeeded(outcomes).flat() };
};

/**
 * DescribeSecret for each referenced secret, with the clients of the secret's region (other
 * regions only when `clientsFor` is given); a failed call leaves its secret out (= not described).
 */
export const collectSecretsManager = async (
  context: RegionContext,
  definitions: readonly EcsTaskDefinition[] | undefined,
): Promise<{ secrets: SecretsManagerSecret[] } | undefined> => {
  if (!definitions) return undefined;
  const outcomes = await Promise.all(
    referencedSecrets(definitions).flatMap(({ secretArn, region }) => {
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
                items: [secretArn],
              },
              async () => [
                jsonify(
                  await clients.secretsManager.send(
                    new DescribeSecretCommand({ SecretId: secretArn }),
                  ),
                ),
              ],
              'ResourceNotFoundException',
            ),
          { items: [secretArn] },
        ),
      ];
    }),
  );
  // A partial and a complete ARN of one secret describe the same secret: keep it once.
  const secrets = new Map(
    succeeded(outcomes)
      .flat()
      .map((secret) => [secret.ARN, secret]),
  );
  return { secrets: [...secrets.values()] };
};
