// deploy/member-role.yaml, the StackSet template for the scanned accounts: it parses as
// CloudFormation, grants exactly the member role actions of the operations table (lib/aws/operations.ts,
// through lib/aws/iamActions.ts), statement by statement, to the scanner's role only, and forwards
// exactly the change events serverless.yml listens to.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRANTED_ACTIONS, MEMBER_ROLE_ACTIONS } from '../../lib/aws/iamActions.ts';
import { MEMBER_ROLE_GRANTS } from '../../lib/aws/operations.ts';
import {
  CHANGE_EVENT_SOURCES,
  CHANGE_EVENTS as HANDLED_CHANGE_EVENTS,
} from '../../lib/lambda/events/cloudTrail.ts';
import { parseCloudFormationYaml } from './cloudFormation.ts';
import { CHANGE_EVENTS, type ChangeEventSource, changeEventPattern } from './expected.ts';
import { REPO } from './osls.ts';

type Resource = { Type: string; Condition?: string; Properties: Record<string, unknown> };
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };

const template = parseCloudFormationYaml(
  readFileSync(join(REPO, 'deploy', 'member-role.yaml'), 'utf8'),
) as {
  AWSTemplateFormatVersion: string;
  Parameters: Record<string, { Type: string; Default?: string; AllowedPattern?: string }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
};
const resources = Object.entries(template.Resources);
const policyStatements = (role: Resource): Statement[] =>
  (role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
    (p) => p.PolicyDocument.Statement,
  );
const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

const SCANNER_ROLE =
  'arn:aws:iam::111111111111:role/ecs-encryption-scanner-prod-eu-west-1-lambdaRole';
const CENTRAL_BUS = 'arn:aws:events:eu-west-1:111111111111:event-bus/default';

/** Evaluates the template's Conditions for one stack instance (the intrinsics they use). */
const conditionsFor = (accountId: string, region: string): Record<string, boolean> => {
  const refs: Record<string, string> = {
    'AWS::AccountId': accountId,
    'AWS::Region': region,
    'AWS::Partition': 'aws',
    CentralEventBusArn: CENTRAL_BUS,
    ScannerRoleArn: SCANNER_ROLE,
  };
  const results: Record<string, boolean> = {};
  const evaluate = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    const [[fn, arg]] = Object.entries(node) as [[string, unknown]];
    const args = Array.isArray(arg) ? arg : [arg];
    switch (fn) {
      case 'Ref':
        if (!(String(arg) in refs)) throw new Error(`unknown Ref ${String(arg)}`);
        return refs[String(arg)];
      case 'Condition':
        return condition(String(arg));
      case 'Fn::Equals':
        return evaluate(args[0]) === evaluate(args[1]);
      case 'Fn::Not':
        return !evaluate(args[0]);
      case 'Fn::And':
        return args.every((a) => evaluate(a) === true);
      case 'Fn::Or':
        return args.some((a) => evaluate(a) === true);
      case 'Fn::Split':
        return String(evaluate(args[1])).split(String(args[0]));
      case 'Fn::Select':
        return (evaluate(args[1]) as unknown[])[Number(args[0])];
      default:
        throw new Error(`unsupported intrinsic ${fn} in Conditions`);
    }
  };
  const condition = (name: string): boolean => {
    if (!(name in results)) {
      if (!(name in template.Conditions)) throw new Error(`unknown condition ${name}`);
      results[name] = evaluate(template.Conditions[name]) === true;
    }
    return results[name] as boolean;
  };
  for (const name of Object.keys(template.Conditions)) condition(name);
  return results;
};

const created = (accountId: string, region: string) => {
  const conditions = conditionsFor(accountId, region);
  return resources
    .filter(([, r]) => r.Condition === undefined || conditions[r.Condition])
    .map(([id]) => id)
    .sort();
};

describe('deploy/member-role.yaml', () => {
  it('is a CloudFormation template whose parameters are the scanner role and bus ARNs', () => {
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(Object.keys(template.Parameters).sort()).toEqual([
      'CentralEventBusArn',
      'MemberRoleName',
      'ScannerRoleArn',
    ]);
    expect(template.Parameters.MemberRoleName?.Default).toBe('ecs-encryption-scanner-member');
    const pattern = (name: string) => new RegExp(template.Parameters[name]?.AllowedPattern ?? '');
    expect(pattern('ScannerRoleArn').test(SCANNER_ROLE)).toBe(true);
    expect(pattern('ScannerRoleArn').test('*')).toBe(false);
    expect(pattern('CentralEventBusArn').test(CENTRAL_BUS)).toBe(true);
    expect(pattern('MemberRoleName').test('arn:aws:iam::111111111111:role/x')).toBe(false);
  });

  it('the member role allows exactly the read-only collector calls and the two Security Hub calls', () => {
    const role = template.Resources.MemberRole as Resource;
    expect(role.Properties.RoleName).toEqual({ Ref: 'MemberRoleName' });
    const statements = policyStatements(role);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(statements.flatMap(actionsOf).sort()).toEqual([...MEMBER_ROLE_ACTIONS].sort());
  });

  it('has one statement per member role grant of the operations table, with exactly its actions', () => {
    // Prepare
    const role = template.Resources.MemberRole as Resource;

    // Act
    const bySid = policyStatements(role).map((s) => [s.Sid, [...actionsOf(s)].sort(), s.Resource]);

    // Assess: a role action outside the table fails, and so does a table action the role lacks.
    expect(bySid).toEqual(
      MEMBER_ROLE_GRANTS.map((grant) => [grant, [...GRANTED_ACTIONS[grant]], '*']),
    );
  });

  it('only the scanner role can assume the member role', () => {
    const role = template.Resources.MemberRole as Resource;
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: { Ref: 'ScannerRoleArn' } },
          Action: 'sts:AssumeRole',
        },
      ],
    });
  });

  it.each(Object.keys(CHANGE_EVENTS) as ChangeEventSource[])(
    'forwards the %s change events, with serverless.yml’s pattern, to the central bus',
    (source) => {
      const rules = resources.filter(
        ([, r]) =>
          r.Type === 'AWS::Events::Rule' &&
          (r.Properties.EventPattern as { source: string[] }).source.includes(source),
      );
      expect(rules).toHaveLength(1);
      const [, rule] = rules[0] as [string, Resource];
      expect(rule.Properties.EventPattern).toEqual(changeEventPattern(source));
      expect(rule.Properties.Targets).toEqual([
        {
          Id: 'scanner-bus',
          Arn: { Ref: 'CentralEventBusArn' },
          RoleArn: { 'Fn::GetAtt': ['ForwardingRole', 'Arn'] },
        },
      ]);
    },
  );

  it('the forwarding role may only put events on the central bus, and only EventBridge assumes it', () => {
    const role = template.Resources.ForwardingRole as Resource;
    expect(policyStatements(role)).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: { Ref: 'CentralEventBusArn' } },
    ]);
    const trust = role.Properties.AssumeRolePolicyDocument as { Statement: unknown[] };
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
  });

  it('a member account gets the role in the home region only, and forwarding in every region', () => {
    const forwarding = [
      'ForwardAppMeshChanges',
      'ForwardEcsChanges',
      'ForwardLoadBalancerChanges',
      'ForwardVpcEndpointChanges',
      'ForwardVpcLatticeChanges',
      'ForwardingRole',
    ];
    expect(created('222222222222', 'eu-west-1')).toEqual(
      ['MemberRole', 'Placeholder', ...forwarding].sort(),
    );
    expect(created('222222222222', 'us-east-1')).toEqual(['Placeholder', ...forwarding].sort());
  });

  it('the scanner account forwards from its other regions, and never to its own bus', () => {
    expect(created('111111111111', 'eu-west-1')).toEqual(['Placeholder']);
    expect(created('111111111111', 'us-east-1')).toContain('ForwardEcsChanges');
    expect(created('111111111111', 'us-east-1')).not.toContain('MemberRole');
  });

  it('an unknown tag or a duplicate key is an error, as for CloudFormation', () => {
    expect(() => parseCloudFormationYaml('A: !Bogus x\n')).toThrow();
    expect(() => parseCloudFormationYaml('A: 1\nA: 2\n')).toThrow();
  });
});

describe('serverless.yml', () => {
  const service = parseCloudFormationYaml(readFileSync(join(REPO, 'serverless.yml'), 'utf8')) as {
    functions: Record<string, { events: { eventBridge?: { pattern: unknown } }[] }>;
  };

  it('the change events are exactly those the changeEvent handler maps (lib/lambda/events/cloudTrail.ts)', () => {
    const handled = Object.entries(HANDLED_CHANGE_EVENTS).map(([eventSource, names]) => [
      CHANGE_EVENT_SOURCES[eventSource as keyof typeof CHANGE_EVENT_SOURCES],
      eventSource,
      [...names].sort(),
    ]);
    const expected = Object.entries(CHANGE_EVENTS).map(([source, { eventSource, eventNames }]) => [
      source,
      eventSource,
      [...eventNames].sort(),
    ]);
    expect(handled.sort()).toEqual(expected.sort());
  });

  it('parses as YAML with the CloudFormation tags, and its change rules equal the member template’s', () => {
    const patterns = (service.functions.changeEvent?.events ?? []).map(
      (e) => e.eventBridge?.pattern,
    );
    expect(patterns).toEqual(
      (Object.keys(CHANGE_EVENTS) as ChangeEventSource[]).map(changeEventPattern),
    );
  });
});
