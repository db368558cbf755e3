import { describe, expect, it } from 'vitest';
import {
  arnName,
  clusterNameFromArn,
  formatArn,
  listenerArnOfRule,
  listenerPrefixOf,
  loadBalancerArnOf,
  parseArn,
  parseSecretReference,
  referencedSecretOf,
  secretArnMatches,
} from '../../lib/aws/arn.ts';
import { ACCOUNT, arn, REGION } from '../support/evaluate.ts';

describe('parseArn', () => {
  it.each([
    [
      'an ECS service ARN',
      arn.service('api'),
      {
        partition: 'aws',
        service: 'ecs',
        region: REGION,
        accountId: ACCOUNT,
        resource: 'service/prod/api',
      },
    ],
    [
      'a resource that contains colons',
      `${arn.secret('db-AbCdEf')}:password:AWSCURRENT:`,
      {
        partition: 'aws',
        service: 'secretsmanager',
        region: REGION,
        accountId: ACCOUNT,
        resource: 'secret:db-AbCdEf:password:AWSCURRENT:',
      },
    ],
    [
      'an ARN without region and account',
      'arn:aws:s3:::my-bucket/key',
      { partition: 'aws', service: 's3', region: '', accountId: '', resource: 'my-bucket/key' },
    ],
    [
      'an ARN in another partition',
      'arn:aws-cn:ecs:cn-north-1:111122223333:cluster/prod',
      {
        partition: 'aws-cn',
        service: 'ecs',
        region: 'cn-north-1',
        accountId: ACCOUNT,
        resource: 'cluster/prod',
      },
    ],
  ])('parses %s', (_name, value, expected) => {
    expect(parseArn(value)).toEqual(expected);
  });

  it.each([
    ['an empty string', ''],
    ['a bare name', 'prod-db'],
    ['an ARN with too few parts', 'arn:aws:ecs:us-east-1'],
    ['a string that does not start with arn', 'urn:aws:ecs:us-east-1:111122223333:cluster/prod'],
  ])('rejects %s', (_name, value) => {
    expect(parseArn(value)).toBeUndefined();
  });
});

describe('formatArn', () => {
  it.each([
    arn.service('api'),
    `${arn.secret('db-AbCdEf')}:password:AWSCURRENT:`,
    'arn:aws:s3:::my-bucket/key',
    'arn:aws-cn:ecs:cn-north-1:111122223333:cluster/prod',
  ])('gives back what parseArn read from %s', (value) => {
    expect(formatArn(parseArn(value) as NonNullable<ReturnType<typeof parseArn>>)).toBe(value);
  });
});

describe('ELBv2 ARNs', () => {
  const elb = (resource: string, partition = 'aws', region = REGION) =>
    `arn:${partition}:elasticloadbalancing:${region}:${ACCOUNT}:${resource}`;
  const LB = elb('loadbalancer/app/elb-web/3f9c2a7d41b6e805');
  const LISTENER = elb('listener/app/elb-web/3f9c2a7d41b6e805/7b1e4c9a2f60d3e8');
  const RULE = elb('listener-rule/app/elb-web/3f9c2a7d41b6e805/7b1e4c9a2f60d3e8/5a9c3e7f1b4d8026');

  it.each([
    ['a listener', LISTENER, LB],
    ['a listener rule', RULE, LB],
    ['a load balancer (itself)', LB, LB],
    [
      'a listener in another partition',
      elb('listener/net/nlb/0a1b2c3d/4e5f', 'aws-cn', 'cn-north-1'),
      elb('loadbalancer/net/nlb/0a1b2c3d', 'aws-cn', 'cn-north-1'),
    ],
    ['a target group', elb('targetgroup/x/1'), undefined],
    ['a listener without its ID', elb('listener/app/elb-web'), undefined],
    ['an ECS service', arn.service('api'), undefined],
    [
      'a value that is not an ARN',
      'listener/app/elb-web/3f9c2a7d41b6e805/7b1e4c9a2f60d3e8',
      undefined,
    ],
  ])('finds the load balancer of %s', (_name, value, expected) => {
    expect(loadBalancerArnOf(value)).toBe(expected);
  });

  it.each([
    ['a listener rule', RULE, LISTENER],
    ['a listener', LISTENER, undefined],
    [
      'a rule without its ID',
      elb('listener-rule/app/elb-web/3f9c2a7d41b6e805/7b1e4c9a2f60d3e8'),
      undefined,
    ],
    [
      'a rule-shaped ARN of another service',
      RULE.replace(':elasticloadbalancing:', ':ecs:'),
      undefined,
    ],
  ])('finds the listener of %s', (_name, value, expected) => {
    expect(listenerArnOfRule(value)).toBe(expected);
  });

  it.each([
    ['a load balancer', LB, `${LISTENER.slice(0, LISTENER.lastIndexOf('/'))}/`],
    ['a listener', LISTENER, undefined],
    ['a load balancer without its ID', elb('loadbalancer/app/elb-web'), undefined],
    [
      'a load-balancer-shaped ARN of another service',
      LB.replace(':elasticloadbalancing:', ':ecs:'),
      undefined,
    ],
  ])('gives the prefix of the listeners of %s', (_name, value, expected) => {
    expect(listenerPrefixOf(value)).toBe(expected);
  });

  it("gives a prefix that the load balancer's listeners start with, and another one's do not", () => {
    // Act
    const prefix = listenerPrefixOf(LB) ?? '';

    // Assess
    expect(LISTENER.startsWith(prefix)).toBe(true);
    expect(elb('listener/app/elb-web/3f9c2a7d41b6e8051/7b1e4c9a2f60d3e8').startsWith(prefix)).toBe(
      false,
    );
  });
});

describe('arnName', () => {
  it.each([
    ['a service ARN gives the service name', arn.service('api'), 'api'],
    ['a task definition ARN gives family:revision', arn.taskDefinition('web:12'), 'web:12'],
    ['a cluster ARN gives the cluster name', arn.cluster('prod'), 'prod'],
    [
      'a resource without a path gives the whole resource',
      arn.secret('db-AbCdEf'),
      'secret:db-AbCdEf',
    ],
    [
      'a resource ending in a slash gives the whole resource',
      `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/`,
      'cluster/',
    ],
    ['a value that is not an ARN gives its last path element', 'a/b/c', 'c'],
    ['a bare name gives itself', 'api', 'api'],
  ])('%s', (_name, value, expected) => {
    expect(arnName(value)).toBe(expected);
  });
});

describe('clusterNameFromArn', () => {
  it.each([
    ['a service ARN in the long format', arn.service('api', 'prod'), 'prod'],
    [
      'a container instance ARN in the long format',
      arn.containerInstance('0a1b2c', 'batch'),
      'batch',
    ],
    [
      'a service ARN in the old format without a cluster',
      `arn:aws:ecs:${REGION}:${ACCOUNT}:service/api`,
      undefined,
    ],
    ['a cluster ARN', arn.cluster('prod'), undefined],
    ['a value that is not an ARN', 'service/prod/api', undefined],
    ['an empty string', '', undefined],
  ])('reads %s', (_name, value, expected) => {
    expect(clusterNameFromArn(value)).toBe(expected);
  });
});

describe('parseSecretReference', () => {
  const secretArn = arn.secret('db-AbCdEf');

  it.each([
    ['a full Secrets Manager ARN', secretArn, secretArn],
    [
      'a Secrets Manager ARN with json-key, version stage and version ID',
      `${secretArn}:password:AWSCURRENT:`,
      secretArn,
    ],
    [
      'a Secrets Manager ARN with a version ID',
      `${secretArn}:password::0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`,
      secretArn,
    ],
    ['a Secrets Manager ARN with an empty json-key', `${secretArn}::AWSPREVIOUS:`, secretArn],
    ['a partial Secrets Manager ARN', arn.secret('db'), arn.secret('db')],
    [
      'a partial Secrets Manager ARN with a json-key',
      `${arn.secret('db')}:password::`,
      arn.secret('db'),
    ],
  ])('reads %s as a Secrets Manager secret', (_name, valueFrom, expected) => {
    expect(parseSecretReference(valueFrom)).toEqual({
      store: 'secretsmanager',
      secretId: expected,
      region: REGION,
      accountId: ACCOUNT,
    });
  });

  it.each([
    ['a parameter ARN with a path', arn.parameter('/prod/db'), '/prod/db'],
    [
      'a parameter ARN with a deep path',
      arn.parameter('/prod/app/db/password'),
      '/prod/app/db/password',
    ],
    ['a parameter ARN without a path', arn.parameter('db'), 'db'],
  ])(
    'reads %s as an SSM parameter in its region and account',
    (_name, valueFrom, parameterName) => {
      expect(parseSecretReference(valueFrom)).toEqual({
        store: 'ssm',
        parameterName,
        region: REGION,
        accountId: ACCOUNT,
      });
    },
  );

  it.each([
    ['a bare parameter name', 'db', 'db'],
    ['a bare parameter path', '/prod/db', '/prod/db'],
    ['a bare name with dots, dashes and underscores', 'prod.db-password_v2', 'prod.db-password_v2'],
  ])('reads %s as an SSM parameter of the task region', (_name, valueFrom, parameterName) => {
    expect(parseSecretReference(valueFrom)).toEqual({ store: 'ssm', parameterName });
  });

  it.each([
    ['an empty string', ''],
    ['white space', '   '],
    ['an ARN of another service', 'arn:aws:s3:::my-bucket/secret.txt'],
    ['an SSM ARN that is not a parameter', `arn:aws:ssm:${REGION}:${ACCOUNT}:document/my-doc`],
    ['an SSM parameter ARN without a name', `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/`],
    [
      'a Secrets Manager ARN that is not a secret',
      `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:other:db`,
    ],
    [
      'a Secrets Manager ARN without a secret name',
      `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:`,
    ],
    ['a truncated ARN', 'arn:aws:secretsmanager:us-east-1'],
    ['text with spaces', 'not a parameter'],
    ['a URL', 'https://vault.example.com/v1/db'],
    ['a reference path followed by neither a name nor an ARN', '/aws/reference/secretsmanager/a b'],
  ])('reads %s as unknown', (_name, valueFrom) => {
    expect(parseSecretReference(valueFrom)).toEqual({ store: 'unknown' });
  });
});

describe('parseSecretReference by field', () => {
  const secretArn = arn.secret('db-AbCdEf');
  const secret = (secretId: string, where = { region: REGION, accountId: ACCOUNT }) => ({
    store: 'secretsmanager',
    secretId,
    ...where,
  });

  it.each([
    [
      'reads a bare name in repositoryCredentials as a secret of the task region',
      'repositoryCredentials',
      'prod/registry',
      { store: 'secretsmanager', secretId: 'prod/registry' },
    ],
    [
      'reads a name with the characters secret names allow in repositoryCredentials',
      'repositoryCredentials',
      '/team_a/registry+docker=hub.io@v1-x',
      { store: 'secretsmanager', secretId: '/team_a/registry+docker=hub.io@v1-x' },
    ],
    [
      'reads a secret ARN in repositoryCredentials as that secret',
      'repositoryCredentials',
      secretArn,
      secret(secretArn),
    ],
    [
      'reads a partial secret ARN in repositoryCredentials as that secret',
      'repositoryCredentials',
      arn.secret('db'),
      secret(arn.secret('db')),
    ],
    [
      'reads an SSM parameter ARN in repositoryCredentials as unknown (it names a secret only)',
      'repositoryCredentials',
      arn.parameter('/prod/registry'),
      { store: 'unknown' },
    ],
    [
      'reads a name with spaces in repositoryCredentials as unknown',
      'repositoryCredentials',
      'prod registry',
      { store: 'unknown' },
    ],
    [
      'reads a bare name in secrets as an SSM parameter',
      'secrets',
      'prod/registry',
      { store: 'ssm', parameterName: 'prod/registry' },
    ],
    [
      'reads a bare name in log secret options as an SSM parameter',
      'logConfiguration',
      '/prod/splunk',
      { store: 'ssm', parameterName: '/prod/splunk' },
    ],
    [
      'reads a secret ARN in log secret options as that secret',
      'logConfiguration',
      `${secretArn}:token::`,
      secret(secretArn),
    ],
    [
      'reads a reference path followed by a secret ARN as an SSM name',
      'secrets',
      `/aws/reference/secretsmanager/${secretArn}`,
      { store: 'ssm', parameterName: `/aws/reference/secretsmanager/${secretArn}` },
    ],
  ] as const)('%s', (_name, source, valueFrom, expected) => {
    expect(parseSecretReference(valueFrom, source)).toEqual(expected);
  });
});

describe('referencedSecretOf', () => {
  const secretArn = arn.secret('db-AbCdEf');
  const other = { region: 'eu-west-1', accountId: '444455556666' };

  it.each([
    [
      'a secret ARN is that secret, in its region and account',
      secretArn,
      'secrets',
      { secretId: secretArn, region: REGION, accountId: ACCOUNT },
    ],
    [
      'a repository credentials name is that secret, in the task region',
      'prod/registry',
      'repositoryCredentials',
      { secretId: 'prod/registry' },
    ],
    [
      'a bare /aws/reference/secretsmanager/ name is the secret named by the rest, in the task region',
      '/aws/reference/secretsmanager/prod/db',
      'secrets',
      { secretId: 'prod/db' },
    ],
    [
      'a reference parameter ARN is the secret in the parameter region and account',
      `arn:aws:ssm:${other.region}:${other.accountId}:parameter/aws/reference/secretsmanager/prod/db`,
      'secrets',
      { secretId: 'prod/db', ...other },
    ],
    [
      'a reference path followed by a secret ARN is that secret',
      `/aws/reference/secretsmanager/${secretArn}:password::`,
      'secrets',
      { secretId: secretArn, region: REGION, accountId: ACCOUNT },
    ],
    ['a plain SSM parameter is no secret', '/prod/db', 'secrets', undefined],
    [
      'the reference path alone is no secret',
      '/aws/reference/secretsmanager/',
      'secrets',
      undefined,
    ],
    ['an unknown reference is no secret', 'https://vault.example.com/db', 'secrets', undefined],
  ] as const)('%s', (_name, valueFrom, source, expected) => {
    expect(referencedSecretOf(parseSecretReference(valueFrom, source))).toEqual(expected);
  });
});

describe('secretArnMatches', () => {
  const described = arn.secret('db-AbCdEf');

  it.each([
    ['the full ARN matches itself', described, described, true],
    [
      'a partial ARN matches the ARN with the 6-character suffix',
      arn.secret('db'),
      described,
      true,
    ],
    [
      'a partial ARN of a name with dashes matches',
      arn.secret('prod-db'),
      arn.secret('prod-db-AbCdEf'),
      true,
    ],
    [
      'a partial ARN does not match a longer secret name',
      arn.secret('db'),
      arn.secret('db-admin-AbCdEf'),
      false,
    ],
    [
      'a partial ARN does not match a suffix of another length',
      arn.secret('db'),
      arn.secret('db-AbCdE'),
      false,
    ],
    ['another secret does not match', arn.secret('cache-AbCdEf'), described, false],
    [
      'the same name in another account does not match',
      described.replace(ACCOUNT, '444455556666'),
      described,
      false,
    ],
    ['an empty reference does not match', '', described, false],
  ])('%s', (_name, reference, secretArn, expected) => {
    expect(secretArnMatches(reference, secretArn)).toBe(expected);
  });
});
