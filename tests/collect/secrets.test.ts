// The secrets and parameters collectors against the emulator: each reference described in the
// region and account it lives in, by the field that names it (issue 12).
import type { DescribeParametersCommandInput } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check as fromSecretsManager } from '../../checks/ecs/ecs_task_definition_secrets_from_secrets_manager.ts';
import { check as rotation } from '../../checks/secretsmanager/secretsmanager_secret_rotation_enabled.ts';
import type { Emulator } from '../../emulator/api.ts';
import { createClients, type RegionClients } from '../../lib/aws/regionClients.ts';
import { collectSecretsManager, collectSsm } from '../../lib/collect/secrets.ts';
import type { RegionContext } from '../../lib/collect/types.ts';
import type {
  EcsTaskDefinition,
  RegionSnapshot,
  Snapshot,
  SsmParameter,
} from '../../lib/snapshot/types.ts';
import { runCheck } from '../support/evaluate.ts';
import { ACCOUNT, OTHER_REGION, REGION } from './fixture.ts';
import { CREDENTIALS, flatCalls, regionContext, start } from './support.ts';

const SHARED_ACCOUNT = '999988887777';
const ssmArn = (name: string, region = REGION, account = ACCOUNT) =>
  `arn:aws:ssm:${region}:${account}:parameter/${name.replace(/^\//, '')}`;
const secretArn = (name: string, region = REGION, account = ACCOUNT) =>
  `arn:aws:secretsmanager:${region}:${account}:secret:${name}`;
const parameter = (name: string, Type: string, region = REGION): SsmParameter =>
  ({ Name: name, ARN: ssmArn(name, region), Type }) as SsmParameter;

/** Parameters only eu-west-1 holds, to batch: 55 names are two calls of at most 50. */
const EU_ONLY = Array.from({ length: 55 }, (_, i) => `/eu/p${String(i).padStart(2, '0')}`);

const regionData = (parameters: SsmParameter[], secrets: RegionSnapshot['secretsManager']) => ({
  ssm: { parameters },
  secretsManager: secrets,
});

const account = (): Snapshot => ({
  format: 'ecs-encryption-scanner/snapshot@2',
  failures: [],
  accountId: ACCOUNT,
  partition: 'aws',
  regions: {
    [REGION]: regionData([parameter('/prod/db', 'String'), parameter('token', 'SecureString')], {
      secrets: [
        { ARN: secretArn('prod/registry-QwErTy'), Name: 'prod/registry', RotationEnabled: false },
        { ARN: secretArn('prod/db-AbCdEf'), Name: 'prod/db', RotationEnabled: true },
      ],
    }),
    [OTHER_REGION]: regionData(
      [
        parameter('/prod/db', 'SecureString', OTHER_REGION),
        ...EU_ONLY.map((name) => parameter(name, 'SecureString', OTHER_REGION)),
      ],
      {
        secrets: [
          // The same name as a secret of the task's region: a bare name never means this one.
          {
            ARN: secretArn('prod/registry-EuEuEu', OTHER_REGION),
            Name: 'prod/registry',
            RotationEnabled: true,
          },
          {
            ARN: secretArn('prod/replica-XyZ123', OTHER_REGION),
            Name: 'prod/replica',
            RotationEnabled: true,
          },
        ],
      },
    ),
  },
});

const definition = (
  extraSecrets: { name: string; valueFrom: string }[] = [],
): EcsTaskDefinition => ({
  taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/api:1`,
  containerDefinitions: [
    {
      name: 'app',
      secrets: [
        { name: 'DB_URL', valueFrom: '/prod/db' },
        { name: 'EU_DB_URL', valueFrom: ssmArn('/prod/db', OTHER_REGION) },
        { name: 'SHARED', valueFrom: ssmArn('/shared/token', REGION, SHARED_ACCOUNT) },
        { name: 'DB_PASSWORD', valueFrom: '/aws/reference/secretsmanager/prod/db' },
        ...extraSecrets,
      ],
      repositoryCredentials: { credentialsParameter: 'prod/registry' },
      logConfiguration: {
        logDriver: 'splunk',
        secretOptions: [
          {
            name: 'splunk-token',
            valueFrom: ssmArn('/aws/reference/secretsmanager/prod/replica', OTHER_REGION),
          },
        ],
      },
    },
  ],
});

/** A region context whose clients of every region record the DescribeParameters inputs they send. */
const contextFor = (emulator: Emulator, options: { otherRegions?: boolean } = {}) => {
  const context = regionContext(emulator);
  const sent: { region: string; input: DescribeParametersCommandInput }[] = [];
  const created: RegionClients[] = [];
  const watch = (clients: RegionClients, region: string) => {
    clients.ssm.middlewareStack.add(
      (next) => (args) => {
        sent.push({ region, input: args.input as DescribeParametersCommandInput });
        return next(args);
      },
      { step: 'initialize' },
    );
    return clients;
  };
  watch(context.clients, REGION);
  const withOthers: RegionContext = {
    ...context,
    ...(options.otherRegions === false
      ? {}
      : {
          clientsFor: (region: string) => {
            const clients = createClients(region, {
              endpoint: emulator.url,
              credentials: CREDENTIALS,
              maxAttempts: 1,
              pacing: false,
            });
            created.push(clients);
            return watch(clients, region);
          },
        }),
  };
  return {
    context: withOthers,
    sent,
    close: () => {
      for (const clients of created) clients.destroy();
    },
  };
};

describe('collectSsm, parameter by parameter in the region it lives in', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start({}, account());
  });
  afterAll(() => emulator.close());

  it('describes a parameter named by the ARN of another region there, and the local one of the same name here', async () => {
    // Prepare
    emulator.resetCalls();
    const { context, sent, close } = contextFor(emulator);

    // Act
    const ssm = await collectSsm(context, [definition()]);
    close();

    // Assess
    expect(ssm).toEqual({
      parameters: [parameter('/prod/db', 'String')],
      otherRegionParameters: {
        [OTHER_REGION]: [parameter('/prod/db', 'SecureString', OTHER_REGION)],
      },
    });
    // No call for another account's parameter or for a /aws/reference/secretsmanager/ name.
    expect(sent.map(({ region, input }) => [region, input.ParameterFilters])).toEqual([
      [REGION, [{ Key: 'Name', Option: 'Equals', Values: ['/prod/db'] }]],
      [OTHER_REGION, [{ Key: 'Name', Option: 'Equals', Values: ['/prod/db'] }]],
    ]);
    expect(context.failures.list()).toEqual([]);
  });

  it('batches the names of another region 50 a call, as in its own region', async () => {
    // Prepare
    emulator.resetCalls();
    const { context, sent, close } = contextFor(emulator);
    const extra = EU_ONLY.map((name, i) => ({
      name: `EU_${i}`,
      valueFrom: ssmArn(name, OTHER_REGION),
    }));

    // Act
    const ssm = await collectSsm(context, [definition(extra)]);
    close();

    // Assess
    const batches = sent.filter((s) => s.region === OTHER_REGION);
    expect(batches.map((b) => b.input.ParameterFilters?.[0]?.Values?.length)).toEqual([50, 6]);
    expect(ssm?.otherRegionParameters?.[OTHER_REGION]?.map((p) => p.Name).sort()).toEqual(
      ['/prod/db', ...EU_ONLY].sort(),
    );
    expect(flatCalls(emulator)['ssm:DescribeParameters']).toBe(3);
  });

  it('leaves the parameters of another region undescribed without clients for other regions', async () => {
    // Prepare
    const { context, sent } = contextFor(emulator, { otherRegions: false });

    // Act
    const ssm = await collectSsm(context, [definition()]);

    // Assess
    expect(ssm).toEqual({ parameters: [parameter('/prod/db', 'String')] });
    expect(sent.map((s) => s.region)).toEqual([REGION]);
  });

  it("records a failure in another region by the parameters' ARNs, and keeps the rest", async () => {
    // Prepare
    emulator.setFaults({
      errors: [
        {
          operation: 'ssm:DescribeParameters',
          match: '/eu/p00',
          code: 'InternalFailure',
          status: 500,
        },
      ],
    });
    const { context, close } = contextFor(emulator);
    const extra = [{ name: 'EU_0', valueFrom: ssmArn(EU_ONLY[0] as string, OTHER_REGION) }];

    // Act
    const ssm = await collectSsm(context, [definition(extra)]);
    close();
    emulator.setFaults({});

    // Assess
    expect(ssm).toEqual({
      parameters: [parameter('/prod/db', 'String')],
      otherRegionParameters: { [OTHER_REGION]: [] },
    });
    expect(context.failures.list()).toEqual([
      {
        region: REGION,
        service: 'ssm',
        operation: 'DescribeParameters',
        errorCode: 'InternalFailure',
        count: 1,
        items: [ssmArn('/eu/p00', OTHER_REGION), ssmArn('/prod/db', OTHER_REGION)].sort(),
      },
    ]);
  });
});

describe('collectSecretsManager, secret by secret as the field names it', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start({}, account());
  });
  afterAll(() => emulator.close());

  it('finds a bare repository-credentials name and the secrets SSM references name, each in its region', async () => {
    // Prepare
    emulator.resetCalls();
    const { context, close } = contextFor(emulator);

    // Act
    const section = await collectSecretsManager(context, [definition()]);
    close();

    // Assess
    expect(section?.secrets?.map((s) => s.ARN).sort()).toEqual(
      [
        secretArn('prod/registry-QwErTy'),
        secretArn('prod/db-AbCdEf'),
        secretArn('prod/replica-XyZ123', OTHER_REGION),
      ].sort(),
    );
    // This region's two listed in one call; the other region's lone one described.
    expect(flatCalls(emulator)['secretsmanager:ListSecrets']).toBe(1);
    expect(flatCalls(emulator)['secretsmanager:DescribeSecret']).toBe(1);
    expect(context.failures.list()).toEqual([]);
  });

  it("records another account's AccessDenied for that secret only, and describes the rest", async () => {
    // Prepare
    const shared = secretArn('shared/db-ShArEd', REGION, SHARED_ACCOUNT);
    const { context, close } = contextFor(emulator);

    // Act
    const section = await collectSecretsManager(context, [
      definition([{ name: 'SHARED_DB', valueFrom: `${shared}:password::` }]),
    ]);
    close();

    // Assess
    expect(section?.secrets).toHaveLength(3);
    expect(context.failures.list()).toEqual([
      {
        region: REGION,
        service: 'secretsmanager',
        operation: 'DescribeSecret',
        errorCode: 'AccessDeniedException',
        count: 1,
        items: [shared],
      },
    ]);
  });
});

/** An account whose secret names trap a prefix listing: near names, a case, a deletion, a hyphen. */
const trapAccount = (): Snapshot => ({
  ...account(),
  regions: {
    [REGION]: regionData([], {
      secrets: [
        { ARN: secretArn('prod/db-AbCdEf'), Name: 'prod/db', RotationEnabled: true },
        // Names the prefix `prod/db` lists too.
        { ARN: secretArn('prod/db-old-QqQqQq'), Name: 'prod/db-old', RotationEnabled: false },
        { ARN: secretArn('prod/dbx-WwWwWw'), Name: 'prod/dbx', RotationEnabled: false },
        { ARN: secretArn('prod/api-EeEeEe'), Name: 'prod/api', RotationEnabled: true },
        {
          ARN: secretArn('prod/gone-DdDdDd'),
          Name: 'prod/gone',
          RotationEnabled: true,
          DeletedDate: '2026-11-30T00:00:00.000Z',
        },
        // `-secret` looks like AWS's suffix: a partial ARN of it is listed by the shorter `app/my`.
        { ARN: secretArn('app/my-secret-MmMmMm'), Name: 'app/my-secret', RotationEnabled: true },
        { ARN: secretArn('app/my-other-OoOoOo'), Name: 'app/my-other', RotationEnabled: true },
      ],
    }),
  },
});

const referencing = (valueFroms: readonly string[]): EcsTaskDefinition => ({
  taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/traps:1`,
  containerDefinitions: [
    {
      name: 'app',
      secrets: valueFroms.map((valueFrom, i) => ({ name: `S${i}`, valueFrom })),
    },
  ],
});

describe('collectSecretsManager, listing the secrets of an account by name', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start({}, trapAccount());
  });
  afterAll(() => emulator.close());

  const collectOf = async (valueFroms: readonly string[]) => {
    emulator.resetCalls();
    const { context, close } = contextFor(emulator);
    const section = await collectSecretsManager(context, [referencing(valueFroms)]);
    close();
    return { section, context, calls: flatCalls(emulator) };
  };

  it('keeps only the exact names, though the name filter matches every secret they begin', async () => {
    // Act
    const { section, calls } = await collectOf([
      '/aws/reference/secretsmanager/prod/db',
      secretArn('prod/api-EeEeEe'),
    ]);

    // Assess
    expect(section?.secrets.map((s) => s.Name).sort()).toEqual(['prod/api', 'prod/db']);
    expect(calls['secretsmanager:ListSecrets']).toBe(1);
    expect(calls['secretsmanager:DescribeSecret'] ?? 0).toBe(0);
  });

  it('describes a name that differs only in case, which the listing does not return, and notes it absent', async () => {
    // Act: secret names are case-sensitive; `Prod/Api` is not `prod/api`.
    const { section, context, calls } = await collectOf([
      '/aws/reference/secretsmanager/Prod/Api',
      '/aws/reference/secretsmanager/prod/db',
    ]);

    // Assess
    expect(section?.secrets.map((s) => s.Name)).toEqual(['prod/db']);
    expect(calls['secretsmanager:DescribeSecret']).toBe(1);
    expect(context.failures.list()).toEqual([]);
  });

  it('lists a secret scheduled for deletion with its DeletedDate, as DescribeSecret would', async () => {
    // Act
    const { section, calls } = await collectOf([
      secretArn('prod/gone-DdDdDd'),
      secretArn('prod/db-AbCdEf'),
    ]);

    // Assess
    expect(section?.secrets.find((s) => s.Name === 'prod/gone')?.DeletedDate).toBeDefined();
    expect(calls['secretsmanager:DescribeSecret'] ?? 0).toBe(0);
  });

  it('finds a partial ARN whose name ends like a suffix, and no near name for it', async () => {
    // Act
    const { section, calls } = await collectOf([secretArn('app/my-secret'), secretArn('prod/db')]);

    // Assess
    expect(section?.secrets.map((s) => s.ARN).sort()).toEqual(
      [secretArn('app/my-secret-MmMmMm'), secretArn('prod/db-AbCdEf')].sort(),
    );
    expect(calls['secretsmanager:DescribeSecret'] ?? 0).toBe(0);
  });

  it('lists ten names a call', async () => {
    // Act: eleven names, of which ten do not exist (each then described, and answered absent).
    const missing = Array.from({ length: 10 }, (_, i) => `/aws/reference/secretsmanager/none/${i}`);
    const { section, calls } = await collectOf([
      ...missing,
      '/aws/reference/secretsmanager/prod/db',
    ]);

    // Assess
    expect(section?.secrets.map((s) => s.Name)).toEqual(['prod/db']);
    expect(calls['secretsmanager:ListSecrets']).toBe(2);
    expect(calls['secretsmanager:DescribeSecret']).toBe(10);
  });

  it('describes every secret one by one when the listing is refused, and records no failure for it', async () => {
    // Prepare
    emulator.setFaults({ accessDenied: ['secretsmanager:ListSecrets'] });

    // Act
    const { section, context, calls } = await collectOf([
      secretArn('prod/db-AbCdEf'),
      secretArn('prod/api-EeEeEe'),
    ]);
    emulator.setFaults({});

    // Assess
    expect(section?.secrets.map((s) => s.Name).sort()).toEqual(['prod/api', 'prod/db']);
    expect(calls['secretsmanager:DescribeSecret']).toBe(2);
    expect(context.failures.list()).toEqual([]);
  });
});

describe('the checks on what the collectors described', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await start({}, account());
  });
  afterAll(() => emulator.close());

  it('judges every referenced secret once and finds each parameter in its own region', async () => {
    // Prepare
    const shared = secretArn('shared/db-ShArEd', REGION, SHARED_ACCOUNT);
    const definitions = [definition([{ name: 'SHARED_DB', valueFrom: shared }])];
    const { context, close } = contextFor(emulator);
    const data: RegionSnapshot = {
      ecs: {
        services: [
          {
            serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/api`,
            status: 'ACTIVE',
            taskDefinition: definitions[0]?.taskDefinitionArn,
          },
        ],
        taskDefinitions: definitions,
      },
      ssm: await collectSsm(context, definitions),
      secretsManager: await collectSecretsManager(context, definitions),
    };
    close();

    // Act
    const rotations = await runCheck(rotation, data);
    const [stores] = await runCheck(fromSecretsManager, data);

    // Assess
    expect(rotations.map((r) => [r.resource.arn, r.status]).sort()).toEqual(
      [
        [secretArn('prod/registry-QwErTy'), 'FAILED'],
        [secretArn('prod/db-AbCdEf'), 'PASSED'],
        [secretArn('prod/replica-XyZ123', OTHER_REGION), 'PASSED'],
        [shared, 'NOT_AVAILABLE'],
      ].sort(),
    );
    expect(rotations.find((r) => r.resource.arn === shared)?.reason).toContain(
      `Secret shared/db-ShArEd (account ${SHARED_ACCOUNT}) is referenced by a task definition but was not described`,
    );
    // The local /prod/db is a String (FAILED); eu-west-1's is a SecureString; the shared one is unknown.
    expect(stores?.status).toBe('FAILED');
    expect(stores?.reason).toContain('DB_URL in container app (/prod/db, String)');
    expect(stores?.reason).toContain(`/shared/token, a parameter of account ${SHARED_ACCOUNT}`);
    expect(stores?.reason).not.toContain('EU_DB_URL');
  });
});
