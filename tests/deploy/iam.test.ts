// deploy/iam.cjs, the functions' role statements serverless.yml reads: one statement per grant of the
// operations table (lib/aws/operations.ts) with exactly that grant's actions, on its resources; the
// organization statement in organization mode only. Run as serverless.yml runs it, without packaging
// (tests/deploy/serverless.test.ts checks the packaged template).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRANTED_ACTIONS } from '../../lib/aws/iamActions.ts';
import { GRANTS, OPERATIONS } from '../../lib/aws/operations.ts';
import { REPO } from './osls.ts';

type Statement = { Sid: string; Effect: string; Action: string[]; Resource: unknown };
type IamFile = (context: {
  resolveVariable: (name: string) => Promise<unknown>;
}) => Promise<{ statements: Statement[] }>;

const iamFile = createRequire(import.meta.url)(join(REPO, 'deploy', 'iam.cjs')) as IamFile;

const statementsFor = async (params: Record<string, string>) =>
  (
    await iamFile({
      resolveVariable: async (name) =>
        ({ organizationMode: 'off', memberRoleName: 'ecs-encryption-scanner-member', ...params })[
          name.replace(/^param:/, '')
        ],
    })
  ).statements;

const SCAN_QUEUE = { 'Fn::GetAtt': ['ScanQueue', 'Arn'] };

describe('deploy/iam.cjs', () => {
  it('in organization mode, has one statement per grant of the operations table, with exactly its actions', async () => {
    // Act
    const statements = await statementsFor({ organizationMode: 'organization' });

    // Assess: an action outside the table fails, and so does a table action no statement grants.
    expect(statements.map((s) => s.Sid).sort()).toEqual([...GRANTS].sort());
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Action, statement.Sid).toEqual(
        GRANTED_ACTIONS[statement.Sid as keyof typeof GRANTED_ACTIONS],
      );
    }
    expect(statements.flatMap((s) => s.Action).sort()).toEqual(
      [...new Set(OPERATIONS.map((op) => op.iamAction))].sort(),
    );
  });

  it('without organization mode, grants everything but organizations:ListAccounts', async () => {
    // Act
    const [off, accounts] = await Promise.all([
      statementsFor({ organizationMode: 'off' }),
      statementsFor({ organizationMode: 'accounts' }),
    ]);

    // Assess
    for (const statements of [off, accounts]) {
      expect(statements.map((s) => s.Sid).sort()).toEqual(
        GRANTS.filter((g) => g !== 'ListOrganizationAccounts').sort(),
      );
      expect(statements.flatMap((s) => s.Action)).not.toContain('organizations:ListAccounts');
    }
  });

  it('scopes the queue actions to the scan queue and sts:AssumeRole to the member role name', async () => {
    // Act
    const statements = await statementsFor({ memberRoleName: 'scanner-member' });
    const resourceOf = (sid: string) => statements.find((s) => s.Sid === sid)?.Resource;

    // Assess
    expect(resourceOf('EnqueueScans')).toEqual(SCAN_QUEUE);
    expect(resourceOf('RetryFailedScans')).toEqual(SCAN_QUEUE);
    expect(resourceOf('AssumeMemberRole')).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/scanner-member`,
    });
    for (const sid of ['ScanReadOnly', 'DiscoverRegions', 'PublishFindings']) {
      expect(resourceOf(sid), sid).toBe('*');
    }
  });
});
