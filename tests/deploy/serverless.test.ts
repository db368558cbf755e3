// serverless.yml, packaged offline with osls (`npm run package`) once for this file: assertions on the
// generated CloudFormation and on the artifacts.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRANTED_ACTIONS, ORGANIZATION_ACTIONS } from '../../lib/aws/iamActions.ts';
import { GRANTS, OPERATIONS as TABLE } from '../../lib/aws/operations.ts';
import { CONFIG_OPTIONS, DEPLOYMENT_OPTIONS } from '../../lib/config.ts';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '../../lib/lambda/observability.ts';
import {
  CHANGE_EVENTS,
  type ChangeEventSource,
  changeEventPattern,
  FUNCTION_NAMES,
  FUNCTIONS,
  type FunctionName,
  ON_DEMAND_PATTERN,
  SCAN_QUEUE_ONLY_ACTIONS,
  SCANNED_SERVICES,
} from './expected.ts';
import {
  type CloudFormationResource,
  type CloudFormationTemplate,
  packageService,
  printService,
  REPO,
} from './osls.ts';
import { readZip, type ZipEntry } from './zip.ts';

/** A zipped artifact stays under this (the AWS SDK clients it uses included: EC2's is ~570 KB). */
const MAX_ZIP_BYTES = 1_000_000;

let dir: string;
let template: CloudFormationTemplate;

beforeAll(async () => {
  ({ dir, template } = await packageService());
}, 300_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };

const resource = (logicalId: string): CloudFormationResource => {
  const found = template.Resources[logicalId];
  if (!found) throw new Error(`no resource ${logicalId} in the template`);
  return found;
};
const props = (logicalId: string) => resource(logicalId).Properties ?? {};
const ofType = (type: string) =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type);
const getAtt = (logicalId: string, attribute = 'Arn') => ({
  'Fn::GetAtt': [logicalId, attribute],
});
const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
const roleStatements = (): Statement[] => {
  const policies = props('IamRoleLambdaExecution').Policies as {
    PolicyDocument: { Statement: Statement[] };
  }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
};
const grantedActions = () => new Set(roleStatements().flatMap(actionsOf));

const artifact = async (name: FunctionName): Promise<{ zip: Buffer; entries: ZipEntry[] }> => {
  const zip = await readFile(join(dir, `${name}.zip`));
  return { zip, entries: readZip(zip) };
};

describe('the functions', () => {
  it.each(FUNCTION_NAMES)(
    '%s runs its handler on nodejs22.x, arm64, with its own artifact',
    (name) => {
      const { logicalId, memorySize, timeout } = FUNCTIONS[name];
      const fn = props(logicalId);
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.Handler).toBe(`handlers/${name}.handler`);
      expect(fn.MemorySize).toBe(memorySize);
      expect(fn.Timeout).toBe(timeout);
      expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Role).toEqual(getAtt('IamRoleLambdaExecution'));
      expect((fn.Code as { S3Key: string }).S3Key).toMatch(new RegExp(`/${name}\\.zip$`));
      expect(existsSync(join(dir, `${name}.zip`))).toBe(true);
    },
  );

  it('there is one function per handler and no other', () => {
    expect(
      ofType('AWS::Lambda::Function')
        .map(([id]) => id)
        .sort(),
    ).toEqual(FUNCTION_NAMES.map((name) => FUNCTIONS[name].logicalId).sort());
  });

  it('every function keeps its logs for the configured number of days', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups).toHaveLength(FUNCTION_NAMES.length);
    for (const [, group] of groups) expect(group.Properties?.RetentionInDays).toBe(30);
  });

  it('every function gets each deployment setting and check option, with the code defaults', () => {
    for (const name of FUNCTION_NAMES) {
      const variables = (
        props(FUNCTIONS[name].logicalId).Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(variables.ECS_SCANNER_QUEUE_URL).toEqual({ Ref: 'ScanQueue' });
      for (const [key, option] of Object.entries(DEPLOYMENT_OPTIONS)) {
        if (key !== 'queueUrl') expect(variables[option.env], option.env).toBe(option.default);
      }
      for (const option of Object.values(CONFIG_OPTIONS)) {
        expect(variables[option.env], option.env).toBe(option.default);
      }
      expect(variables.POWERTOOLS_SERVICE_NAME).toBe(SERVICE_NAME);
      expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe(METRICS_NAMESPACE);
    }
  });
});

describe('the artifacts', () => {
  it.each(FUNCTION_NAMES)('%s.zip holds its bundled handler alone, and is small', async (name) => {
    const { zip, entries } = await artifact(name);
    expect(entries.map((e) => e.name)).toEqual([`handlers/${name}.mjs`]);
    expect(zip.length).toBeLessThan(MAX_ZIP_BYTES);
  });

  it.each(FUNCTION_NAMES)(
    '%s is built from the handler and the library, never the emulator, the CLI or the tests',
    async (name) => {
      const meta = JSON.parse(
        await readFile(join(REPO, '.esbuild', '.build', 'handlers', `${name}-meta.json`), 'utf8'),
      ) as { inputs: Record<string, unknown> };
      const inputs = Object.keys(meta.inputs);
      expect(inputs).toContain(`handlers/${name}.ts`);
      const own = inputs.filter((path) => !path.includes('node_modules/'));
      expect(own.filter((path) => /^(emulator|tests|scripts|bin|bench)\//.test(path))).toEqual([]);
      for (const path of own) {
        // Not package.json: the version comes from esbuild's define (lib/version.ts).
        expect(path).toMatch(/^(handlers|lib|checks)\//);
        expect(path).not.toMatch(/^lib\/cli\//);
      }
      // No test tool or build tool either.
      for (const tool of ['vitest', 'osls', 'serverless-esbuild', 'esbuild', 'typescript', 'tsx']) {
        expect(
          inputs.some((p) => p.includes(`node_modules/${tool}/`)),
          tool,
        ).toBe(false);
      }
    },
  );

  it.each(FUNCTION_NAMES)(
    "%s carries the scanner's version but not package.json's dependency list",
    async (name) => {
      const bundle = (await artifact(name)).entries[0]?.read().toString('utf8') ?? '';
      const packageJson = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as {
        version: string;
        description: string;
        dependencies: Record<string, string>;
        devDependencies: Record<string, string>;
      };
      // esbuild inlines an imported JSON file as an object literal: its description and its
      // dependencies, in order (the SDK's own package.json files hold other lists).
      const ours = (list: Record<string, string>) =>
        Object.entries(list)
          .slice(0, 3)
          .map(
            ([dependency, version]) => `${JSON.stringify(dependency)}:${JSON.stringify(version)}`,
          )
          .join(',');
      expect(bundle).not.toContain(packageJson.description);
      expect(bundle).not.toContain(ours(packageJson.dependencies));
      expect(bundle).not.toContain(ours(packageJson.devDependencies));
      if (name === 'worker') expect(bundle).toContain(JSON.stringify(packageJson.version));
    },
  );

  it.each(FUNCTION_NAMES)(
    '%s loads as an ES module on this Node and exports handler()',
    async (name) => {
      const bundle = (await artifact(name)).entries[0]?.read();
      if (!bundle) throw new Error('empty artifact');
      const scratch = await mkdtemp(join(tmpdir(), 'ecs-scanner-artifact-'));
      const file = join(scratch, `${name}.mjs`);
      try {
        await writeFile(file, bundle);
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const m = await import(${JSON.stringify(file)}); console.log(typeof m.handler);`,
          ],
          {
            env: {
              PATH: process.env.PATH,
              AWS_REGION: 'us-east-1',
              AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
              AWS_SECRET_ACCESS_KEY: 'example',
              ECS_SCANNER_QUEUE_URL:
                'https://sqs.us-east-1.amazonaws.com/123456789012/ecs-encryption-scanner-dev-scans.fifo',
              AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            },
          },
        );
        expect(stdout.trim()).toBe('function');
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
  );
});

describe('the EventBridge rules', () => {
  const rules = () => ofType('AWS::Events::Rule');
  const targetsOf = (rule: CloudFormationResource) =>
    ((rule.Properties?.Targets ?? []) as { Arn: unknown }[]).map((t) => t.Arn);

  it.each(Object.keys(CHANGE_EVENTS) as ChangeEventSource[])(
    'the %s rule matches exactly its CloudTrail management events and invokes changeEvent',
    (source) => {
      const matching = rules().filter(([, rule]) => {
        const pattern = rule.Properties?.EventPattern as { source?: string[] } | undefined;
        return pattern?.source?.includes(source);
      });
      expect(matching).toHaveLength(1);
      const [, rule] = matching[0] as [string, CloudFormationResource];
      expect(rule.Properties?.EventPattern).toEqual(changeEventPattern(source));
      expect(rule.Properties?.EventBusName ?? 'default').toBe('default');
      expect(targetsOf(rule)).toEqual([getAtt('ChangeEventLambdaFunction')]);
    },
  );

  it('the on-demand rule matches the Scan Requested events and invokes onDemand', () => {
    const matching = rules().filter(
      ([, rule]) =>
        JSON.stringify(rule.Properties?.EventPattern) === JSON.stringify(ON_DEMAND_PATTERN),
    );
    expect(matching).toHaveLength(1);
    expect(targetsOf((matching[0] as [string, CloudFormationResource])[1])).toEqual([
      getAtt('OnDemandLambdaFunction'),
    ]);
  });

  it('the schedule runs the planner every 12 hours by default', () => {
    const schedules = rules().filter(([, rule]) => rule.Properties?.ScheduleExpression);
    expect(schedules).toHaveLength(1);
    const [, rule] = schedules[0] as [string, CloudFormationResource];
    expect(rule.Properties?.ScheduleExpression).toBe('rate(12 hours)');
    expect(targetsOf(rule)).toEqual([getAtt('PlannerLambdaFunction')]);
  });

  it('there are exactly the four change rules, the on-demand rule and the schedule', () => {
    expect(rules()).toHaveLength(Object.keys(CHANGE_EVENTS).length + 2);
  });

  it('every function EventBridge invokes sends the events it failed on to the failure queue', () => {
    const configs = ofType('AWS::Lambda::EventInvokeConfig').map(([, c]) => c.Properties ?? {});
    const invoked = [
      'PlannerLambdaFunction',
      'ChangeEventLambdaFunction',
      'OnDemandLambdaFunction',
    ];
    expect(configs.map((c) => (c.FunctionName as { Ref: string }).Ref).sort()).toEqual(
      invoked.sort(),
    );
    for (const config of configs) {
      expect(config.DestinationConfig).toEqual({
        OnFailure: { Destination: getAtt('AsyncFailureQueue') },
      });
      expect(config.MaximumRetryAttempts).toBe(2);
    }
  });
});

describe('the queues', () => {
  it('the scan queue is FIFO and moves a message that failed 3 times to a FIFO dead-letter queue', () => {
    const queue = props('ScanQueue');
    expect(queue.FifoQueue).toBe(true);
    expect(queue.QueueName).toMatch(/\.fifo$/);
    expect(queue.SqsManagedSseEnabled).toBe(true);
    // SQS reads the redrive policy's JSON; AWS's own examples give the count as a string too.
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: getAtt('ScanDeadLetterQueue'),
      maxReceiveCount: '3',
    });
    const deadLetter = props('ScanDeadLetterQueue');
    expect(deadLetter.FifoQueue).toBe(true);
    expect(deadLetter.QueueName).toMatch(/\.fifo$/);
  });

  it("the worker is told the scan queue's maxReceiveCount, so it knows the last attempt", () => {
    const variables = (
      props('WorkerLambdaFunction').Environment as { Variables: Record<string, unknown> }
    ).Variables;
    const { maxReceiveCount } = props('ScanQueue').RedrivePolicy as { maxReceiveCount: unknown };
    expect(variables.ECS_SCANNER_MAX_RECEIVE_COUNT).toBe(maxReceiveCount);
  });

  it('a message stays invisible for 6 times the worker timeout while it is processed', () => {
    expect(props('ScanQueue').VisibilityTimeout).toBeGreaterThanOrEqual(
      6 * FUNCTIONS.worker.timeout,
    );
  });

  it('the worker consumes the scan queue and reports partial batch failures', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const mapping = (mappings[0] as [string, CloudFormationResource])[1].Properties ?? {};
    expect(mapping.EventSourceArn).toEqual(getAtt('ScanQueue'));
    expect(mapping.FunctionName).toEqual(getAtt('WorkerLambdaFunction'));
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.BatchSize).toBe(1);
    expect(mapping.ScalingConfig).toEqual({ MaximumConcurrency: 10 });
  });
});

describe('IAM', () => {
  // What Serverless adds for the functions themselves: CloudWatch Logs for their log groups, X-Ray
  // (Tracer), the worker's event source on the scan queue and the on-failure destination queue.
  const SERVERLESS_ACTIONS = [
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'logs:TagResource',
    'xray:PutTelemetryRecords',
    'xray:PutTraceSegments',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:ReceiveMessage',
    'sqs:SendMessage',
  ];
  /** The table's actions, but organizations:ListAccounts (organization mode only). */
  const tableActions = () =>
    TABLE.map((op) => op.iamAction).filter((a) => !ORGANIZATION_ACTIONS.includes(a));

  it('the role grants exactly the operations table’s actions and those Serverless adds', () => {
    expect([...grantedActions()].sort()).toEqual(
      [...new Set([...tableActions(), ...SERVERLESS_ACTIONS])].sort(),
    );
  });

  it('each statement of deploy/iam.cjs grants exactly its grant’s actions (lib/aws/iamActions.ts)', () => {
    const bySid = (sid: string) => roleStatements().find((s) => s.Sid === sid);
    for (const grant of GRANTS.filter((g) => g !== 'ListOrganizationAccounts')) {
      expect(bySid(grant)?.Action, grant).toEqual([...GRANTED_ACTIONS[grant]]);
    }
  });

  it('no action is a wildcard, and no action writes to or reads values from a scanned service', () => {
    for (const action of grantedActions()) {
      expect(action).not.toContain('*');
      const [service = '', operation = ''] = action.split(':');
      if ((SCANNED_SERVICES as readonly string[]).includes(service)) {
        expect(operation, action).toMatch(/^(Describe|List)/);
      }
    }
  });

  it('sts:AssumeRole is allowed on the member role name only', () => {
    const statements = roleStatements().filter((s) => actionsOf(s).includes('sts:AssumeRole'));
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Resource).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/ecs-encryption-scanner-member`,
    });
    expect(actionsOf(statements[0] as Statement)).toEqual(['sts:AssumeRole']);
  });

  it('the queue actions are allowed on the scanner queues only', () => {
    for (const statement of roleStatements()) {
      if (!actionsOf(statement).some((a) => a.startsWith('sqs:'))) continue;
      expect(actionsOf(statement).every((a) => a.startsWith('sqs:'))).toBe(true);
      const resources = Array.isArray(statement.Resource)
        ? statement.Resource
        : [statement.Resource];
      for (const r of resources) {
        expect([getAtt('ScanQueue'), getAtt('AsyncFailureQueue')]).toContainEqual(r);
      }
    }
  });

  it.each(SCAN_QUEUE_ONLY_ACTIONS)('%s is allowed on the scan queue only', (action) => {
    const statements = roleStatements().filter((s) => actionsOf(s).includes(action));
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Resource).toEqual(getAtt('ScanQueue'));
    }
  });

  it('only Lambda can assume the role', () => {
    expect(props('IamRoleLambdaExecution').AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: ['lambda.amazonaws.com'] },
          Action: ['sts:AssumeRole'],
        },
      ],
    });
  });

  it('organizations:ListAccounts is granted in organization mode only', async () => {
    expect(grantedActions().has('organizations:ListAccounts')).toBe(false);
    const statementsWith = async (params: string[]) => {
      const config = await printService(params);
      const provider = config.provider as { iam: { role: { statements: Statement[] } } };
      return provider.iam.role.statements;
    };
    const organization = await statementsWith(['organizationMode=organization']);
    expect(organization.find((s) => s.Sid === 'ListOrganizationAccounts')).toEqual({
      Sid: 'ListOrganizationAccounts',
      Effect: 'Allow',
      Action: [...ORGANIZATION_ACTIONS],
      Resource: '*',
    });
    const accounts = await statementsWith([
      'organizationMode=accounts',
      'accountIds=111111111111,222222222222',
    ]);
    expect(accounts.flatMap(actionsOf)).not.toContain('organizations:ListAccounts');
  }, 120_000);

  it.each([
    [
      'organizationMode=everything',
      'organizationMode "everything": expected one of off, organization, accounts.',
    ],
    [
      'memberRoleName=arn:aws:iam::123456789012:role/x',
      'memberRoleName "arn:aws:iam::123456789012:role/x": expected an IAM role name (not an ARN).',
    ],
    [
      'refreshDays=120',
      'refreshDays "120": expected a whole number of days below 90 (Security Hub deletes findings not updated for 90 days).',
    ],
    [
      'regions=eu-west-9',
      'regions "eu-west-9": eu-west-9 is not an AWS region (did you mean eu-west-1?).',
    ],
    ['exemptionsFile=mine.json', 'exemptionsFile "mine.json": expected \'\' or exemptions.json'],
  ])(
    '%s stops the packaging with one line naming the parameter',
    async (param, message) => {
      // Act
      const act = printService([param]);

      // Assess: the CLI's rule, and no stack under it.
      const error = await act.then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toContain(`serverless.yml parameters: invalid parameter ${message}`);
      expect(error?.message).not.toMatch(/\n\s+at /);
    },
    120_000,
  );
});

describe('the central event bus', () => {
  it('admits the organization (aws:PrincipalOrgID) when an organization ID is given', () => {
    const policy = resource('OrganizationEventBusPolicy');
    expect(policy.Condition).toBe('HasOrganizationId');
    expect(policy.Properties?.EventBusName).toBe('default');
    expect(policy.Properties?.Statement).toMatchObject({
      Effect: 'Allow',
      Principal: '*',
      Action: 'events:PutEvents',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': '' } },
    });
    expect(template.Conditions?.HasOrganizationId).toEqual({
      'Fn::Not': [{ 'Fn::Equals': ['', ''] }],
    });
  });

  it('admits the listed accounts in accounts mode', () => {
    const policy = resource('AccountsEventBusPolicy');
    expect(policy.Condition).toBe('HasAccountIds');
    expect(policy.Properties?.Statement).toMatchObject({
      Principal: { AWS: { 'Fn::Split': [',', ''] } },
      Action: 'events:PutEvents',
    });
  });

  it('the stack outputs what deploy/member-role.yaml needs', () => {
    expect(template.Outputs?.ScannerRoleArn?.Value).toEqual(getAtt('IamRoleLambdaExecution'));
    expect(template.Outputs?.CentralEventBusArn?.Value).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/default`,
    });
  });
});

describe('monitoring', () => {
  const alarm = (logicalId: string) => props(logicalId);

  it('an alarm fires on a message in the scan dead-letter queue (failed scans)', () => {
    expect(alarm('ScanDeadLetterAlarm')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt('ScanDeadLetterQueue', 'QueueName') }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
  });

  it('an alarm fires on an event in the failure queue', () => {
    expect(alarm('AsyncFailureAlarm')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt('AsyncFailureQueue', 'QueueName') }],
    });
  });

  it("an alarm fires on a failed scan (the worker's ScansFailed metric)", () => {
    expect(alarm('ScansFailedAlarm')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.scansFailed,
      Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
      Statistic: 'Sum',
      Threshold: 1,
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
  });

  it('the dashboard shows every metric the handlers emit, in their namespace', () => {
    const [body, variables] = (props('Dashboard').DashboardBody as { 'Fn::Sub': [string, object] })[
      'Fn::Sub'
    ];
    expect(variables).toEqual({ Namespace: METRICS_NAMESPACE, Service: SERVICE_NAME });
    for (const name of Object.values(METRIC)) expect(body.includes(name), name).toBe(true);
  });

  it('the dashboard body is valid JSON once CloudFormation substitutes it', () => {
    const [body, variables] = (props('Dashboard').DashboardBody as { 'Fn::Sub': [string, object] })[
      'Fn::Sub'
    ];
    const names = new Set([...body.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1] ?? ''));
    for (const name of names) {
      const known =
        name.startsWith('AWS::') ||
        name in variables ||
        (name.split('.')[0] ?? '') in template.Resources;
      expect(known, name).toBe(true);
    }
    const substituted = body.replace(/\$\{([^}]+)\}/g, 'x');
    const dashboard = JSON.parse(substituted) as { widgets: unknown[] };
    expect(dashboard.widgets.length).toBeGreaterThanOrEqual(4);
  });
});
