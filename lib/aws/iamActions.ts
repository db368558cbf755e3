// The IAM actions the scanner needs, by the role statement that grants them, all derived from the
// operations table (operations.ts): the collectors' read-only calls, the publisher's Security Hub
// calls and the functions' own calls. deploy/iam.cjs builds the functions' role statements from
// GRANTED_ACTIONS, and deploy/member-role.yaml must grant exactly MEMBER_ROLE_ACTIONS
// (tests/deploy/ prove both).
import { actionsGrantedBy, GRANTS, type Grant, MEMBER_ROLE_GRANTS } from './operations.ts';

const granted = {} as Record<Grant, readonly string[]>;
for (const grant of GRANTS) granted[grant] = actionsGrantedBy(grant);

/** Each role statement's actions (its Sid: the operations table's grant). */
export const GRANTED_ACTIONS: Readonly<Record<Grant, readonly string[]>> = granted;

/** Every read-only operation the collectors in lib/collect/ call. */
export const COLLECTOR_ACTIONS: readonly string[] = GRANTED_ACTIONS.ScanReadOnly;

/** The publisher's calls: findings are imported from the account that owns them. */
export const PUBLISHER_ACTIONS: readonly string[] = GRANTED_ACTIONS.PublishFindings;

/** The planner's call when the configured regions are `all` (every enabled region). */
export const REGION_DISCOVERY_ACTIONS: readonly string[] = GRANTED_ACTIONS.DiscoverRegions;

/** The planner's call in organization mode (the deployment account only, never a member role). */
export const ORGANIZATION_ACTIONS: readonly string[] = GRANTED_ACTIONS.ListOrganizationAccounts;

/** What the member role in each scanned account must allow, statement by statement. */
export const MEMBER_ROLE_ACTIONS: readonly string[] = MEMBER_ROLE_GRANTS.flatMap(
  (grant) => GRANTED_ACTIONS[grant],
);
