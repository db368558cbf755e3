// Whose account the credentials reach: findings are imported by the account that owns them, and
// the partition (in every ARN the scan writes) is the caller's. One STS call, or none when the
// caller already knows (the worker's own account, or the member role STS just let it assume).
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { parseArn } from '../aws/arn.ts';
import { errorCodeOf } from '../aws/errors.ts';
import { partitionOfRegion } from '../aws/regions.ts';
import { CannotIdentifyError, WrongAccountError } from './errors.ts';

export interface Identity {
  accountId: string;
  partition: string;
}

export const identify = async (
  sts: Pick<STSClient, 'send'>,
  region: string,
  options: { expected?: string; known?: string } = {},
): Promise<Identity> => {
  if (options.known) {
    const identity = { accountId: options.known, partition: partitionOfRegion(region) };
    return checked(identity, options.expected);
  }
  let answer: { Account?: string; Arn?: string };
  try {
    answer = await sts.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    throw new CannotIdentifyError(region, errorCodeOf(error), error);
  }
  // The caller's ARN names its partition; without one, the region's.
  const partition = parseArn(answer.Arn ?? '')?.partition || partitionOfRegion(region);
  return checked({ accountId: answer.Account ?? '', partition }, options.expected);
};

const checked = (identity: Identity, expected: string | undefined): Identity => {
  if (expected !== undefined && identity.accountId !== expected) {
    throw new WrongAccountError(
      `the credentials reach account ${identity.accountId || '?'}, not ${expected}: nothing was scanned.`,
    );
  }
  return identity;
};
