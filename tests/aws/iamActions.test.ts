// The IAM action lists are the operations table's, statement by statement (that the table is
// exactly what the code calls: tests/aws/operations.test.ts; that the roles grant these lists:
// tests/deploy/).
import { describe, expect, it } from 'vitest';
import {
  COLLECTOR_ACTIONS,
  GRANTED_ACTIONS,
  MEMBER_ROLE_ACTIONS,
  ORGANIZATION_ACTIONS,
  PUBLISHER_ACTIONS,
  REGION_DISCOVERY_ACTIONS,
} from '../../lib/aws/iamActions.ts';
import { GRANTS, OPERATIONS } from '../../lib/aws/operations.ts';

describe('the IAM actions', () => {
  it.each(GRANTS)('of %s are the IAM actions of its rows, sorted, each once', (grant) => {
    // Prepare
    const actions = OPERATIONS.filter((op) => op.grant === grant).map((op) => op.iamAction);

    // Assess
    expect(GRANTED_ACTIONS[grant]).toEqual([...new Set(actions)].sort());
    expect(GRANTED_ACTIONS[grant].length).toBeGreaterThan(0);
  });

  it('are granted by exactly one statement each', () => {
    // Prepare
    const all = GRANTS.flatMap((grant) => GRANTED_ACTIONS[grant]);

    // Assess
    expect(new Set(all).size).toBe(all.length);
    expect([...new Set(all)].sort()).toEqual(
      [...new Set(OPERATIONS.map((op) => op.iamAction))].sort(),
    );
  });

  it('of the collectors are all read-only Describe, List or Get calls', () => {
    const writes = COLLECTOR_ACTIONS.filter(
      (a) => !/^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]+$/.test(a),
    );
    expect(writes).toEqual([]);
  });

  it('keep their names: the collectors’, the publisher’s, the planner’s', () => {
    expect(COLLECTOR_ACTIONS).toEqual(GRANTED_ACTIONS.ScanReadOnly);
    expect(PUBLISHER_ACTIONS).toEqual([
      'securityhub:BatchImportFindings',
      'securityhub:GetFindings',
    ]);
    expect(REGION_DISCOVERY_ACTIONS).toEqual(['ec2:DescribeRegions']);
    expect(ORGANIZATION_ACTIONS).toEqual(['organizations:ListAccounts']);
    expect(GRANTED_ACTIONS.EnqueueScans).toEqual(['sqs:SendMessage']);
    expect(GRANTED_ACTIONS.RetryFailedScans).toEqual(['sqs:ChangeMessageVisibility']);
    expect(GRANTED_ACTIONS.AssumeMemberRole).toEqual(['sts:AssumeRole']);
  });

  it('make the member role of the collectors’ and the publisher’s', () => {
    expect(MEMBER_ROLE_ACTIONS).toEqual([...COLLECTOR_ACTIONS, ...PUBLISHER_ACTIONS]);
  });
});
