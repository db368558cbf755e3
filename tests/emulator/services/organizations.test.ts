import {
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import { ACCOUNT, clientConfig, OTHER_ACCOUNT, otherAccount, richSnapshot } from '../support.ts';

describe('the emulated AWS Organizations', () => {
  let emulator: Emulator;
  let organizations: OrganizationsClient;

  beforeAll(async () => {
    emulator = await startEmulator({
      accounts: [richSnapshot(), otherAccount()],
      maxPageSize: 2,
      organization: {
        accounts: [
          { id: ACCOUNT, name: 'management' },
          { id: OTHER_ACCOUNT, name: 'workloads' },
          { id: '222233334444', name: 'closing', status: 'PENDING_CLOSURE' },
          { id: '555566667777', name: 'suspended', status: 'SUSPENDED' },
        ],
      },
    });
    organizations = new OrganizationsClient(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  it('lists every account of the organization with its status, page by page', async () => {
    // Act
    const pages = [];
    for await (const page of paginateListAccounts({ client: organizations }, {})) pages.push(page);

    // Assess
    expect(pages).toHaveLength(2);
    expect(
      pages.flatMap((p) => p.Accounts ?? []).map((a) => [a.Id, a.Name, a.Status, a.State]),
    ).toEqual([
      [ACCOUNT, 'management', 'ACTIVE', 'ACTIVE'],
      [OTHER_ACCOUNT, 'workloads', 'ACTIVE', 'ACTIVE'],
      ['222233334444', 'closing', 'PENDING_CLOSURE', 'PENDING_CLOSURE'],
      ['555566667777', 'suspended', 'SUSPENDED', 'SUSPENDED'],
    ]);
    expect(pages[0]?.Accounts?.[0]?.Arn).toMatch(
      new RegExp(`^arn:aws:organizations::${ACCOUNT}:account/o-[a-z0-9]+/${ACCOUNT}$`),
    );
    expect(pages[0]?.Accounts?.[0]?.JoinedTimestamp).toBeInstanceOf(Date);
  });

  it('refuses ListAccounts to a member account', async () => {
    // Prepare
    const sts = new STSClient(clientConfig(emulator));
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/x`,
        RoleSessionName: 'member',
      }),
    );
    const member = new OrganizationsClient({
      ...clientConfig(emulator),
      credentials: {
        accessKeyId: Credentials?.AccessKeyId ?? '',
        secretAccessKey: Credentials?.SecretAccessKey ?? '',
        sessionToken: Credentials?.SessionToken,
      },
    });

    // Act
    const result = member.send(new ListAccountsCommand({}));

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('lists every snapshot account as ACTIVE without an organization option', async () => {
    // Prepare
    const plain = await startEmulator({ accounts: [richSnapshot(), otherAccount()] });

    // Act
    const out = await new OrganizationsClient(clientConfig(plain)).send(
      new ListAccountsCommand({}),
    );
    await plain.close();

    // Assess
    expect(out.Accounts?.map((a) => [a.Id, a.Status])).toEqual([
      [ACCOUNT, 'ACTIVE'],
      [OTHER_ACCOUNT, 'ACTIVE'],
    ]);
  });
});
