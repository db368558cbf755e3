// The scanner role's own statements, for serverless.yml (`${file(./deploy/iam.cjs):statements}`).
// serverless.yml cannot import TypeScript, so this reads the one list of IAM actions,
// lib/aws/iamActions.ts, through tsx (a dependency of the project), and adds the statements that depend
// on the deployment parameters (organizations:ListAccounts only in organization mode).
// tests/deploy/serverless.test.ts proves the generated CloudFormation grants exactly these actions.
//
// Serverless adds its own statements beside these: CloudWatch Logs for the functions' log groups,
// X-Ray (tracing), sqs:ReceiveMessage/DeleteMessage/GetQueueAttributes on the scan queue (the
// worker's event source) and sqs:SendMessage on the failure queue (the on-failure destination).
'use strict';

const path = require('node:path');
const { require: tsRequire } = require('tsx/cjs/api');

const ORGANIZATION_MODES = ['off', 'organization', 'accounts'];
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

const fail = (message) => {
  throw new Error(`serverless.yml parameters: ${message}`);
};

// tsx's CommonJS loader (its tsImport() fails from a .cjs file on Node 20).
const load = () => tsRequire(path.join(__dirname, '..', 'lib', 'aws', 'iamActions.ts'), __filename);

const statements = async ({ resolveVariable }) => {
  const actions = load();
  const text = async (name) => String((await resolveVariable(`param:${name}`)) ?? '').trim();
  const organizationMode = (await text('organizationMode')).toLowerCase();
  const memberRoleName = await text('memberRoleName');
  if (!ORGANIZATION_MODES.includes(organizationMode)) {
    fail(
      `organizationMode must be one of ${ORGANIZATION_MODES.join(', ')}, not "${organizationMode}"`,
    );
  }
  if (!ROLE_NAME.test(memberRoleName)) {
    fail(`memberRoleName must be an IAM role name (not an ARN), not "${memberRoleName}"`);
  }
  return [
    // Describe/List calls: most of them support no resource-level permissions.
    { Sid: 'ScanReadOnly', Effect: 'Allow', Action: [...actions.COLLECTOR_ACTIONS], Resource: '*' },
    // The enabled regions, for `regions: all` (the regions parameter, or an on-demand request).
    {
      Sid: 'DiscoverRegions',
      Effect: 'Allow',
      Action: [...actions.REGION_DISCOVERY_ACTIONS],
      Resource: '*',
    },
    {
      Sid: 'PublishFindings',
      Effect: 'Allow',
      Action: [...actions.PUBLISHER_ACTIONS],
      Resource: '*',
    },
    {
      Sid: 'EnqueueScans',
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: { 'Fn::GetAtt': ['ScanQueue', 'Arn'] },
    },
    // The worker brings a failed message back after a short retry delay (lib/lambda/retry.ts).
    {
      Sid: 'RetryFailedScans',
      Effect: 'Allow',
      Action: ['sqs:ChangeMessageVisibility'],
      Resource: { 'Fn::GetAtt': ['ScanQueue', 'Arn'] },
    },
    {
      Sid: 'AssumeMemberRole',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${memberRoleName}` },
    },
    ...(organizationMode === 'organization'
      ? [
          {
            Sid: 'ListOrganizationAccounts',
            Effect: 'Allow',
            Action: [...actions.ORGANIZATION_ACTIONS],
            Resource: '*',
          },
        ]
      : []),
  ];
};

module.exports = async (context) => ({ statements: await statements(context) });
