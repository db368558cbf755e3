// Resources that still have ACTIVE findings of ours under an ARN prefix: the listeners of a deleted
// load balancer, the nodes and gateways of a deleted mesh. A focused rescan adds them to its publish
// scope, so that their findings are archived with their parent.
import { GetFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { productArn } from '../findings/asff.ts';
import { SECURITY_HUB_LIMITS } from './limits.ts';

const equals = (values: readonly string[]) =>
  values.map((Value) => ({ Comparison: 'EQUALS' as const, Value }));

export const activeResourcesUnder = async (
  client: SecurityHubClient,
  scope: {
    accountId: string;
    region: string;
    partition: string;
    checkIds: readonly string[];
    prefixes: readonly string[];
  },
): Promise<string[]> => {
  const found = new Set<string>();
  for (let i = 0; i < scope.checkIds.length; i += SECURITY_HUB_LIMITS.filterValues) {
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new GetFindingsCommand({
          Filters: {
            ProductArn: equals([productArn(scope.partition, scope.region, scope.accountId)]),
            AwsAccountId: equals([scope.accountId]),
            Region: equals([scope.region]),
            GeneratorId: equals(scope.checkIds.slice(i, i + SECURITY_HUB_LIMITS.filterValues)),
            RecordState: equals(['ACTIVE']),
            ResourceId: scope.prefixes.map((Value) => ({ Comparison: 'PREFIX' as const, Value })),
          },
          MaxResults: SECURITY_HUB_LIMITS.getFindingsPageSize,
          NextToken,
        }),
      );
      for (const finding of page.Findings ?? []) {
        const id = finding.Resources?.[0]?.Id;
        if (id && scope.prefixes.some((prefix) => id.startsWith(prefix))) found.add(id);
      }
      NextToken = page.NextToken || undefined;
    } while (NextToken);
  }
  return [...found];
};
