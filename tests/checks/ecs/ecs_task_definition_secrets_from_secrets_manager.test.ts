import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/ecs/ecs_task_definition_secrets_from_secrets_manager.ts';
import type { RegionSnapshot, SsmParameter } from '../../../lib/snapshot/types.ts';
import { ACCOUNT, arn, runCheck } from '../../support/evaluate.ts';
import {
  accountRunning,
  type Container,
  container,
  taskDefinition,
} from '../../support/taskdef.ts';

// `Type` is a string: real data may not match the SDK's enum case.
const parameter = (Name: string, Type: string): SsmParameter =>
  ({ Name, Type, ARN: arn.parameter(Name) }) as SsmParameter;

const ssm = (...parameters: SsmParameter[]): Omit<RegionSnapshot, 'ecs'> => ({
  ssm: { parameters },
});

/** This region's parameters and those described in eu-west-1. */
const inRegions = (
  local: SsmParameter[],
  euWest1: SsmParameter[],
): Omit<RegionSnapshot, 'ecs'> => ({
  ssm: { parameters: local, otherRegionParameters: { 'eu-west-1': euWest1 } },
});

/** eu-west-1's parameters without this region's: SSM was not collected here. */
const notCollectedHere: Omit<RegionSnapshot, 'ecs'> = {
  ssm: { otherRegionParameters: { 'eu-west-1': [parameter('/prod/db', 'SecureString')] } },
};

const secretFrom = (valueFrom: string, name = 'DB_PASSWORD'): Container =>
  container({ secrets: [{ name, valueFrom }] });

describe('ecs_task_definition_secrets_from_secrets_manager', () => {
  it.each([
    [
      'passes for a Secrets Manager ARN',
      secretFrom(arn.secret('prod/db-AbCdEf')),
      ssm(),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes for a Secrets Manager ARN with json-key, version stage and version ID',
      secretFrom(`${arn.secret('prod/db-AbCdEf')}:password:AWSCURRENT:`),
      ssm(),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes for Secrets Manager when SSM was not collected',
      secretFrom(arn.secret('prod/db-AbCdEf')),
      {},
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes for a Secrets Manager secret referenced through /aws/reference/secretsmanager/',
      secretFrom(arn.parameter('/aws/reference/secretsmanager/prod/db')),
      {},
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'is not available for the /aws/reference/secretsmanager/ path without a secret',
      secretFrom('/aws/reference/secretsmanager/'),
      ssm(),
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'warns low for a SecureString parameter ARN',
      secretFrom(arn.parameter('/prod/db')),
      ssm(parameter('/prod/db', 'SecureString')),
      'WARNING',
      'LOW',
    ],
    [
      'warns low for a SecureString parameter by bare name',
      secretFrom('/prod/db'),
      ssm(parameter('/prod/db', 'SecureString')),
      'WARNING',
      'LOW',
    ],
    [
      'compares the parameter type case-insensitively',
      secretFrom('/prod/db'),
      ssm(parameter('/prod/db', 'securestring')),
      'WARNING',
      'LOW',
    ],
    [
      'fails high for a String parameter',
      secretFrom(arn.parameter('/prod/db')),
      ssm(parameter('/prod/db', 'String')),
      'FAILED',
      'HIGH',
    ],
    [
      'fails high for a StringList parameter',
      secretFrom('/prod/db'),
      ssm(parameter('/prod/db', 'StringList')),
      'FAILED',
      'HIGH',
    ],
    [
      'reads …:parameter/db as the parameter db, not /db',
      secretFrom(arn.parameter('db')),
      ssm(parameter('/db', 'SecureString'), parameter('db', 'String')),
      'FAILED',
      'HIGH',
    ],
    [
      'is not available when SSM parameters were not collected',
      secretFrom('/prod/db'),
      {},
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available when the parameter was not described',
      secretFrom('/prod/db'),
      ssm(parameter('/prod/other', 'String')),
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available when the parameter type is absent',
      secretFrom('/prod/db'),
      ssm({ Name: '/prod/db' }),
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available for a parameter of another account, even with the same name',
      secretFrom('arn:aws:ssm:us-east-1:444455556666:parameter/prod/db'),
      ssm(parameter('/prod/db', 'SecureString')),
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available for a parameter of another region',
      secretFrom(`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/prod/db`),
      ssm(parameter('/prod/db', 'SecureString')),
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'passes for a secret named without an ARN in repository credentials (always Secrets Manager)',
      container({ repositoryCredentials: { credentialsParameter: '/prod/registry' } }),
      ssm(parameter('/prod/registry', 'String')),
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'is not available for an SSM parameter ARN used as repository credentials',
      container({
        repositoryCredentials: { credentialsParameter: arn.parameter('/prod/registry') },
      }),
      ssm(parameter('/prod/registry', 'SecureString')),
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'fails high for a String parameter of another region named by its ARN',
      secretFrom(`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/prod/db`),
      inRegions([parameter('/prod/db', 'SecureString')], [parameter('/prod/db', 'String')]),
      'FAILED',
      'HIGH',
    ],
    [
      'warns low for a SecureString parameter of another region named by its ARN',
      secretFrom(`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/prod/db`),
      inRegions([parameter('/prod/db', 'String')], [parameter('/prod/db', 'SecureString')]),
      'WARNING',
      'LOW',
    ],
    [
      'reads a bare name as the parameter of the task region, not of another region',
      secretFrom('/prod/db'),
      inRegions([parameter('/prod/db', 'String')], [parameter('/prod/db', 'SecureString')]),
      'FAILED',
      'HIGH',
    ],
    [
      'is not available for a parameter of another region when its region was not asked',
      secretFrom(`arn:aws:ssm:ap-south-1:${ACCOUNT}:parameter/prod/db`),
      inRegions([parameter('/prod/db', 'SecureString')], [parameter('/prod/db', 'SecureString')]),
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available for a parameter of another region when SSM was not collected',
      secretFrom(`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/prod/db`),
      notCollectedHere,
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'fails high for a String parameter named without a path in a log driver secret option',
      container({
        logConfiguration: {
          logDriver: 'splunk',
          options: {},
          secretOptions: [{ name: 'splunk-token', valueFrom: 'prod/splunk' }],
        },
      }),
      ssm(parameter('prod/splunk', 'String')),
      'FAILED',
      'HIGH',
    ],
    [
      'fails high for a String parameter used as a log driver secret option',
      container({
        logConfiguration: {
          logDriver: 'splunk',
          options: {},
          secretOptions: [{ name: 'splunk-token', valueFrom: '/prod/splunk' }],
        },
      }),
      ssm(parameter('/prod/splunk', 'String')),
      'FAILED',
      'HIGH',
    ],
  ] as const)('%s', async (_name, definitionContainer, extra, status, severity) => {
    // Prepare
    const data = accountRunning([taskDefinition('api:1', [definitionContainer])], extra);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity,
      resource: { kind: 'taskDefinition', name: 'api:1' },
    });
  });

  it.each([
    [
      'fails when String meets SecureString, unknown and Secrets Manager',
      ['String', 'SecureString', undefined],
      'FAILED',
    ],
    [
      'is not available when an unknown meets SecureString and Secrets Manager',
      ['SecureString', undefined],
      'NOT_AVAILABLE',
    ],
    ['warns when SecureString meets Secrets Manager', ['SecureString'], 'WARNING'],
    ['passes when only Secrets Manager is used', [], 'PASSED'],
  ] as const)('lets the worst reference win: %s', async (_name, types, status) => {
    // Prepare: one Secrets Manager secret plus one SSM parameter per type (undefined: not described)
    const secrets = [
      { name: 'FROM_SECRETS_MANAGER', valueFrom: arn.secret('prod/db-AbCdEf') },
      ...types.map((_, i) => ({ name: `FROM_SSM_${i}`, valueFrom: `/prod/p${i}` })),
    ];
    const described = types.flatMap((type, i) => (type ? [parameter(`/prod/p${i}`, type)] : []));
    const data = accountRunning(
      [taskDefinition('api:1', [container({ secrets })])],
      ssm(...described),
    );

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => r.status)).toEqual([status]);
  });

  it('names the variable, container and parameter of a plain-text reference, and the unknown ones', async () => {
    // Prepare
    const secrets = [
      { name: 'DB_PASSWORD', valueFrom: '/prod/db' },
      { name: 'API_KEY', valueFrom: '/prod/api' },
    ];
    const data = accountRunning(
      [taskDefinition('api:1', [container({ name: 'web', secrets })])],
      ssm(parameter('/prod/db', 'String')),
    );

    // Act
    const [result] = await runCheck(check, data);

    // Assess
    expect(result?.reason).toContain('DB_PASSWORD in container web (/prod/db, String)');
    expect(result?.reason).toContain('API_KEY in container web (/prod/api, not described)');
  });

  it.each([
    [
      'a parameter of another account, which DescribeParameters cannot describe',
      'arn:aws:ssm:us-east-1:444455556666:parameter/prod/db',
      /\/prod\/db, a parameter of account 444455556666 .*the scanner's role may not be allowed/,
    ],
    [
      'a parameter of another region that was not described',
      `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/prod/other`,
      /\/prod\/other in eu-west-1, not described/,
    ],
  ])('says why the store of %s is unknown', async (_name, valueFrom, reason) => {
    // Prepare
    const data = accountRunning(
      [taskDefinition('api:1', [secretFrom(valueFrom)])],
      inRegions([], [parameter('/prod/db', 'SecureString')]),
    );

    // Act
    const [result] = await runCheck(check, data);

    // Assess
    expect(result?.status).toBe('NOT_AVAILABLE');
    expect(result?.reason).toMatch(reason);
  });

  it('does not apply to a task definition without secret references', async () => {
    // Prepare
    const data = accountRunning([taskDefinition('api:1', [container()])], ssm());

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toEqual([]);
  });

  it('is not available for a task definition that was not described', async () => {
    // Prepare
    const data = accountRunning([], ssm(), [arn.taskDefinition('api:7')]);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toEqual([
      expect.objectContaining({
        status: 'NOT_AVAILABLE',
        resource: expect.objectContaining({ name: 'api:7' }),
      }),
    ]);
  });

  it('returns nothing when ECS services were not collected', async () => {
    // Act
    const results = await runCheck(check, ssm());

    // Assess
    expect(results).toEqual([]);
  });
});
