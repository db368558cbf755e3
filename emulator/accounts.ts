// Which account a call acts in: an access key handed out by STS AssumeRole selects the account of
// the role it assumed; any other key (the dummy AKIDEMULATOR, a developer's own) selects the
// default account, the first snapshot's.
import type { Snapshot } from '../lib/snapshot/types.ts';
import type { Caller, EmulatorState } from './services/types.ts';

export type { Caller } from './services/types.ts';

export const callerOf = (state: EmulatorState, accessKeyId: string): Caller => {
  const session = state.sessions.get(accessKeyId);
  const account =
    (session && state.accounts.find((candidate) => candidate.accountId === session.accountId)) ??
    (state.accounts[0] as Snapshot);
  const partition = account.partition || 'aws';
  if (session) {
    const roleName = session.roleArn.split('/').pop() ?? 'role';
    return {
      account,
      session,
      arn: `arn:${partition}:sts::${account.accountId}:assumed-role/${roleName}/${session.sessionName}`,
      userId: `AROAEMULATOR${account.accountId}:${session.sessionName}`,
    };
  }
  return {
    account,
    arn: `arn:${partition}:iam::${account.accountId}:user/emulator`,
    userId: 'AIDAEMULATOR',
  };
};
