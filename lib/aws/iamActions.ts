// The IAM actions the scanner needs, in one place: the collectors' read-only calls, the
// publisher's Security Hub calls and the deployment's own calls. serverless.yml and the member
// role template grant exactly these; tests/aws/iamActions.test.ts proves COLLECTOR_ACTIONS equals the
// operations a full scan calls.
import { iamActionOf, OPERATIONS } from './operations.ts';

/** Every read-only operation the collectors in lib/collect/ call: their operations table's. */
export const COLLECTOR_ACTIONS: readonly string[] = OPERATIONS.map(iamActionOf).sort();

/** The publisher's calls: findings are imported from the account that owns them. */
export const PUBLISHER_ACTIONS = [
  'securityhub:BatchImportFindings',
  'securityhub:GetFindings',
] as const;

/** The planner's call when the configured regions are `all` (every enabled region). */
export const REGION_DISCOVERY_ACTIONS = ['ec2:DescribeRegions'] as const;

/** The planner's call in organization mode (the deployment account only, never a member role). */
export const ORGANIZATION_ACTIONS = ['organizations:ListAccounts'] as const;

/** What the member role in each scanned account must allow. */
export const MEMBER_ROLE_ACTIONS: readonly string[] = [...COLLECTOR_ACTIONS, ...PUBLISHER_ACTIONS];
