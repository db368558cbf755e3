// The scanner role's own statements, for serverless.yml (`${file(./deploy/iam.cjs):statements}`).
// serverless.yml cannot import TypeScript, so this reads the IAM actions of each statement,
// lib/aws/iamActions.ts (GRANTED_ACTIONS: the operations table's, lib/aws/operations.ts), through tsx
// (a dependency of the project); here are only each statement's resources and the statements that
// depend on the deployment parameters (organizations:ListAccounts only in organization mode); the
// parameters themselves are checked by deploy/parameters.cjs.
// tests/deploy/iam.test.ts and tests/deploy/serverless.test.ts prove the statements, and the
// generated CloudFormation, grant exactly the table's actions.
//
// Serverless adds its own statements beside these: CloudWatch Logs for the functions' log groups,
// X-Ray (tracing), sqs:ReceiveMessage/DeleteMessage/GetQueueAttributes on the scan queue (the
// worker's event source) and sqs:SendMessage on the failure queue (the on-failure destination).
'use strict';

const path = require('node:path');
const { require: tsRequire } = require('tsx/cjs/api');

// tsx's CommonJS loader (its tsImport() fails from a .cjs file on Node 20).
const load = () => tsRequire(path.join(__dirname, '..', 'lib', 'aws', 'iamActions.ts'), __filename);

const statements = async ({ resolveVariable }) => {
  const granted = load().GRANTED_ACTIONS;
  const statement = (sid, Resource) => ({
    Sid: sid,
    Effect: 'Allow',
    Action: [...granted[sid]],
    Resource,
  });
  const scanQueue = { 'Fn::GetAtt': ['ScanQueue', 'Arn'] };
  const text = async (name) => String((await resolveVariable(`param:${name}`)) ?? '').trim();
  const organizationMode = (await text('organizationMode')).toLowerCase();
  const memberRoleName = await text('memberRoleName');
  return [
    // Describe/List calls: most of them support no resource-level permissions.
    statement('ScanReadOnly', '*'),
    // The enabled regions, for `regions: all` (the regions parameter, or an on-demand request).
    statement('DiscoverRegions', '*'),
    statement('PublishFindings', '*'),
    statement('EnqueueScans', scanQueue),
    // The worker brings a failed message back after a short retry delay (lib/lambda/retry.ts).
    statement('RetryFailedScans', scanQueue),
    statement('AssumeMemberRole', {
      'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${memberRoleName}`,
    }),
    ...(organizationMode === 'organization' ? [statement('ListOrganizationAccounts', '*')] : []),
  ];
};

module.exports = async (context) => ({ statements: await statements(context) });
