// AWS Organizations (awsJson1_1): ListAccounts for the management account. The organization's
// accounts are EmulatorOptions.organization (default: every snapshot account, ACTIVE); the first
// snapshot's account is the management account, and only it may list the accounts.
import { ListAccounts$ } from '@aws-sdk/client-organizations';
import { awsJsonProtocol } from '../protocols/awsJson.ts';
import { DEFAULT_BUCKET, error, paginate, serviceErrors } from './common.ts';
import type { CallContext, Input, ServiceDefinition } from './types.ts';

const ORGANIZATION_ID = 'o-emulator123';
const JOINED = new Date('2024-01-15T09:30:00.000Z');

const listAccounts = (input: Input, context: CallContext) => {
  const management = context.state.accounts[0]?.accountId ?? '';
  if (context.accountId !== management) {
    throw error(
      'AccessDeniedException',
      "You don't have permissions to access this resource.",
      400,
    );
  }
  const accounts = context.state.organization.map((account) => {
    const status = account.status ?? 'ACTIVE';
    return {
      Id: account.id,
      Arn: `arn:${context.partition}:organizations::${management}:account/${ORGANIZATION_ID}/${account.id}`,
      Email: `aws+${account.id}@example.com`,
      Name: account.name ?? `account-${account.id}`,
      Status: status,
      State: status,
      JoinedMethod: account.id === management ? 'CREATED' : 'INVITED',
      JoinedTimestamp: JOINED,
    };
  });
  const page = paginate(
    accounts,
    { size: input.MaxResults, token: input.NextToken },
    {
      defaultSize: 20,
      maxSize: 20,
      invalidSize: (size) =>
        error(
          'InvalidInputException',
          `Value ${size} at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 20`,
        ),
      invalidToken: () => error('InvalidInputException', 'The NextToken is not valid.'),
    },
    context,
  );
  return { Accounts: page.items, NextToken: page.nextToken };
};

export const organizations: ServiceDefinition = {
  name: 'organizations',
  protocol: awsJsonProtocol({ version: '1.1', serviceTarget: 'AWSOrganizationsV20161128' }),
  operations: {
    ListAccounts: { schema: ListAccounts$, handler: listAccounts },
  },
  errors: serviceErrors('organizations', {
    throttling: ['TooManyRequestsException', 400],
    accessDenied: ['AccessDeniedException', 400],
    unknownOperation: ['UnknownOperationException', 400],
  }),
  // Organizations publishes no per-API request rate: the default bucket.
  bucket: () => DEFAULT_BUCKET,
};
