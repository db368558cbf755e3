import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/secretsmanager/secretsmanager_secret_rotation_enabled.ts';
import type { RegionSnapshot } from '../../../lib/snapshot/types.ts';
import { ACCOUNT, arn, REGION, runCheck } from '../../support/evaluate.ts';

const serviceRunning = (taskDefinitionArn: string) => ({
  serviceArn: arn.service('api'),
  serviceName: 'api',
  status: 'ACTIVE',
  taskDefinition: taskDefinitionArn,
});

const accountWith = (
  valueFrom: string,
  secrets?: RegionSnapshot['secretsManager'],
): RegionSnapshot => ({
  ecs: {
    services: [serviceRunning(arn.taskDefinition('api:1'))],
    taskDefinitions: [
      {
        taskDefinitionArn: arn.taskDefinition('api:1'),
        containerDefinitions: [{ name: 'app', secrets: [{ name: 'DB_PASSWORD', valueFrom }] }],
      },
    ],
  },
  secretsManager: secrets,
});

const rotated = { ARN: arn.secret('db-AbCdEf'), Name: 'db', RotationEnabled: true };
const notRotated = { ARN: arn.secret('db-AbCdEf'), Name: 'db', RotationEnabled: false };
const rotationAbsent = { ARN: arn.secret('db-AbCdEf'), Name: 'db' };

describe('secretsmanager_secret_rotation_enabled', () => {
  it.each([
    [
      'passes when rotation is enabled',
      arn.secret('db-AbCdEf'),
      [rotated],
      'PASSED',
      'INFORMATIONAL',
    ],
    ['fails when rotation is disabled', arn.secret('db-AbCdEf'), [notRotated], 'FAILED', 'MEDIUM'],
    [
      'fails when RotationEnabled is absent',
      arn.secret('db-AbCdEf'),
      [rotationAbsent],
      'FAILED',
      'MEDIUM',
    ],
    [
      'matches a partial ARN without the random suffix',
      arn.secret('db'),
      [rotated],
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'matches an ARN followed by json-key, version stage and version ID',
      `${arn.secret('db-AbCdEf')}:password:AWSCURRENT:`,
      [rotated],
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'is not available when the secret was not described',
      arn.secret('db-AbCdEf'),
      [],
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
  ] as const)('%s', async (_name, valueFrom, secrets, status, severity) => {
    // Prepare
    const data = accountWith(valueFrom, { secrets: [...secrets] });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status, severity, resource: { kind: 'secret' } });
    expect(results[0]?.resource.arn).toContain(':secret:db');
  });

  it('is not available when Secrets Manager was not collected', async () => {
    const results = await runCheck(check, accountWith(arn.secret('db-AbCdEf'), undefined));

    expect(results.map((r) => r.status)).toEqual(['NOT_AVAILABLE']);
  });

  it('does not apply to SSM parameter references', async () => {
    const results = await runCheck(check, accountWith(arn.parameter('/prod/db'), { secrets: [] }));

    expect(results).toEqual([]);
  });

  it('reports one result for a secret shared by two task definitions', async () => {
    const data = accountWith(arn.secret('db-AbCdEf'), { secrets: [rotated] });
    data.ecs?.services?.push({
      ...serviceRunning(arn.taskDefinition('worker:3')),
      serviceArn: arn.service('worker'),
    });
    data.ecs?.taskDefinitions?.push({
      taskDefinitionArn: arn.taskDefinition('worker:3'),
      containerDefinitions: [
        { name: 'w', secrets: [{ name: 'DB', valueFrom: arn.secret('db-AbCdEf') }] },
      ],
    });

    const results = await runCheck(check, data);

    expect(results).toHaveLength(1);
  });

  it('reports one result for a secret referenced by its complete and by its partial ARN', async () => {
    // Prepare
    const data = accountWith(arn.secret('db-AbCdEf'), { secrets: [rotated] });
    data.ecs?.taskDefinitions?.[0]?.containerDefinitions?.push({
      name: 'sidecar',
      secrets: [{ name: 'DB', valueFrom: arn.secret('db') }],
    });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => [r.status, r.resource.arn])).toEqual([
      ['PASSED', arn.secret('db-AbCdEf')],
    ]);
  });
});

describe('secretsmanager_secret_rotation_enabled, whichever field and form references the secret', () => {
  type Field = 'secrets' | 'repositoryCredentials' | 'logConfiguration';

  /** One container referencing `valueFrom` in `field`. */
  const referencing = (field: Field, valueFrom: string) => {
    if (field === 'repositoryCredentials')
      return { name: 'app', repositoryCredentials: { credentialsParameter: valueFrom } };
    if (field === 'logConfiguration') {
      return {
        name: 'app',
        logConfiguration: {
          logDriver: 'splunk' as const,
          secretOptions: [{ name: 'splunk-token', valueFrom }],
        },
      };
    }
    return { name: 'app', secrets: [{ name: 'DB_PASSWORD', valueFrom }] };
  };

  const accountReferencing = (
    containers: ReturnType<typeof referencing>[][],
    secrets?: RegionSnapshot['secretsManager'],
  ): RegionSnapshot => ({
    ecs: {
      services: containers.map((_, i) => ({
        ...serviceRunning(arn.taskDefinition(`api:${i + 1}`)),
        serviceArn: arn.service(`api-${i}`),
      })),
      taskDefinitions: containers.map((containerDefinitions, i) => ({
        taskDefinitionArn: arn.taskDefinition(`api:${i + 1}`),
        containerDefinitions,
      })),
    },
    secretsManager: secrets,
  });

  const complete = arn.secret('db-AbCdEf');
  const partial = arn.secret('db');
  /** How each field may name the secret `db`, and the identifier of the secret when not described. */
  const FORMS: [form: string, fields: readonly Field[], valueFrom: string, undescribed: string][] =
    [
      [
        'its complete ARN',
        ['secrets', 'repositoryCredentials', 'logConfiguration'],
        complete,
        complete,
      ],
      [
        'its partial ARN',
        ['secrets', 'repositoryCredentials', 'logConfiguration'],
        partial,
        partial,
      ],
      ['its name', ['repositoryCredentials'], 'db', partial],
      [
        'its complete ARN with json-key, version stage and version ID',
        ['secrets', 'logConfiguration'],
        `${complete}:password:AWSCURRENT:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`,
        complete,
      ],
      [
        'its complete ARN with a json-key and empty parts',
        ['secrets', 'logConfiguration'],
        `${complete}:password::`,
        complete,
      ],
      [
        'its complete ARN with an empty json-key',
        ['secrets', 'logConfiguration'],
        `${complete}::AWSPREVIOUS:`,
        complete,
      ],
      [
        'its partial ARN with a json-key',
        ['secrets', 'logConfiguration'],
        `${partial}:password::`,
        partial,
      ],
      [
        'an SSM /aws/reference/secretsmanager/ name',
        ['secrets', 'logConfiguration'],
        '/aws/reference/secretsmanager/db',
        partial,
      ],
      [
        'an SSM /aws/reference/secretsmanager/ parameter ARN',
        ['secrets', 'logConfiguration'],
        arn.parameter('/aws/reference/secretsmanager/db'),
        partial,
      ],
    ];
  const CASES = FORMS.flatMap(([form, fields, valueFrom, undescribed]) =>
    fields.flatMap(
      (field) =>
        [
          [
            `passes for ${form} in ${field} when rotation is enabled`,
            field,
            valueFrom,
            [rotated],
            'PASSED',
            complete,
          ],
          [
            `fails for ${form} in ${field} when rotation is disabled`,
            field,
            valueFrom,
            [notRotated],
            'FAILED',
            complete,
          ],
          [
            `is not available for ${form} in ${field} when not described`,
            field,
            valueFrom,
            [],
            'NOT_AVAILABLE',
            undescribed,
          ],
        ] as const,
    ),
  );

  it.each(CASES)('%s', async (_name, field, valueFrom, secrets, status, resourceArn) => {
    // Prepare
    const data = accountReferencing([[referencing(field, valueFrom)]], { secrets: [...secrets] });

    // Act
    const results = await runCheck(check, data);

    // Assess: exactly one result, keyed by the described ARN or a stable identifier.
    expect(results.map((r) => [r.status, r.resource.arn])).toEqual([[status, resourceArn]]);
  });

  it.each([
    ['described', [rotated], [['PASSED', complete]]],
    ['not described', [], [['NOT_AVAILABLE', complete]]],
  ] as const)(
    'reports one result for a secret named by every form in every field, %s',
    async (_name, secrets, expected) => {
      // Prepare: every form of every field, across two task definitions.
      const containers = FORMS.flatMap(([, fields, valueFrom]) =>
        fields.map((field) => referencing(field, valueFrom)),
      );
      const half = Math.ceil(containers.length / 2);
      const data = accountReferencing([containers.slice(0, half), containers.slice(half)], {
        secrets: [...secrets],
      });

      // Act
      const results = await runCheck(check, data);

      // Assess
      expect(results.map((r) => [r.status, r.resource.arn])).toEqual(expected);
    },
  );

  it('reports one result for a name in one task definition and a complete ARN in another', async () => {
    // Prepare
    const data = accountReferencing(
      [[referencing('repositoryCredentials', 'db')], [referencing('secrets', complete)]],
      { secrets: [notRotated] },
    );

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => [r.status, r.resource.arn])).toEqual([['FAILED', complete]]);
  });

  it('does not take a secret of another region for the one a name refers to', async () => {
    // Prepare
    const elsewhere = { ...rotated, ARN: complete.replace(REGION, 'eu-west-1') };
    const data = accountReferencing([[referencing('repositoryCredentials', 'db')]], {
      secrets: [elsewhere],
    });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => [r.status, r.resource.arn])).toEqual([['NOT_AVAILABLE', partial]]);
  });

  it('judges the secret an /aws/reference/secretsmanager/ parameter ARN of another region names', async () => {
    // Prepare
    const elsewhere = { ...notRotated, ARN: complete.replace(REGION, 'eu-west-1') };
    const valueFrom = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/aws/reference/secretsmanager/db`;
    const data = accountReferencing([[referencing('secrets', valueFrom)]], {
      secrets: [elsewhere, rotated],
    });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => [r.status, r.resource.arn])).toEqual([['FAILED', elsewhere.ARN]]);
  });

  it.each([
    ['in secrets', 'secrets'],
    ['in repository credentials', 'repositoryCredentials'],
  ] as const)(
    'is not available, naming the account, for a secret of another account not described %s',
    async (_name, field) => {
      // Prepare
      const shared = complete.replace(ACCOUNT, '444455556666');
      const data = accountReferencing([[referencing(field, shared)]], { secrets: [] });

      // Act
      const results = await runCheck(check, data);

      // Assess
      expect(results.map((r) => [r.status, r.resource.arn])).toEqual([['NOT_AVAILABLE', shared]]);
      expect(results[0]?.reason).toMatch(
        /^Secret db-AbCdEf \(account 444455556666\) is referenced .*the scanner's role may not be allowed to describe a secret of another account/,
      );
    },
  );

  it('judges a secret of another account that its resource policy let the scan describe', async () => {
    // Prepare
    const shared = { ...rotated, ARN: complete.replace(ACCOUNT, '444455556666') };
    const data = accountReferencing([[referencing('secrets', `${shared.ARN}:password::`)]], {
      secrets: [shared],
    });

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => [r.status, r.resource.arn])).toEqual([['PASSED', shared.ARN]]);
    expect(results[0]?.reason).toBe(
      'Secret db (account 444455556666) has automatic rotation enabled.',
    );
  });
});
