import { describe, expect, it } from 'vitest';
import { buildInventory, credentialKey } from '../../../lib/evaluate/inventory/inventory.ts';
import { detectCredentials } from '../../../lib/evaluate/secrets/detect.ts';
import type {
  EcsTaskDefinition,
  EnvironmentValueVerdict,
  RegionSnapshot,
} from '../../../lib/snapshot/types.ts';
import { ACCOUNT, arn, REGION } from '../../support/evaluate.ts';

const AWS_KEY_ID = ['AKIA', 'QYLPMN5HHHFPZAM2'].join('');
const DB_URL = 'postgres://app:Xk29vLq8Zp@db.internal:5432/app';

const inventoryOf = (data: RegionSnapshot) =>
  buildInventory({ accountId: ACCOUNT, partition: 'aws', region: REGION }, data, {
    allLoadBalancers: false,
  });

const running = (...taskDefinitionArns: string[]): RegionSnapshot['ecs'] => ({
  services: taskDefinitionArns.map((taskDefinition, i) => ({
    serviceArn: arn.service(`svc${i}`),
    status: 'ACTIVE',
    taskDefinition,
  })),
});

const definition = (
  familyRevision: string,
  environment: { name?: string; value?: string }[][],
): EcsTaskDefinition => ({
  taskDefinitionArn: arn.taskDefinition(familyRevision),
  containerDefinitions: environment.map((env, i) => ({ name: `c${i}`, environment: env })),
});

describe('detectCredentials', () => {
  it('records the credential kinds of every environment value of in-scope task definitions', async () => {
    // Prepare
    const inventory = inventoryOf({
      ecs: {
        ...running(arn.taskDefinition('api:1')),
        taskDefinitions: [
          definition('api:1', [
            [
              { name: 'AWS_ACCESS_KEY_ID', value: AWS_KEY_ID },
              { name: 'LOG_LEVEL', value: 'info' },
            ],
            [{ name: 'DATABASE_URL', value: DB_URL }],
          ]),
        ],
      },
    });

    // Act
    const result = await detectCredentials(inventory);

    // Assess
    expect(result).toBe(inventory);
    expect(Object.fromEntries(inventory.credentialKinds)).toEqual({
      [credentialKey('AWS_ACCESS_KEY_ID', AWS_KEY_ID)]: ['aws-access-key-id'],
      [credentialKey('LOG_LEVEL', 'info')]: [],
      [credentialKey('DATABASE_URL', DB_URL)]: ['database-connection-string', 'url-with-password'],
    });
  });

  it.each([
    [
      'empty and missing values',
      {
        ...running(arn.taskDefinition('api:1')),
        taskDefinitions: [
          definition('api:1', [[{ name: 'DB_PASSWORD', value: '' }, { name: 'TOKEN' }, {}]]),
        ],
      },
    ],
    [
      'task definitions of services that are out of scope',
      {
        services: [
          {
            serviceArn: arn.service('old'),
            status: 'DRAINING',
            taskDefinition: arn.taskDefinition('old:1'),
          },
        ],
        taskDefinitions: [
          definition('old:1', [[{ name: 'AWS_ACCESS_KEY_ID', value: AWS_KEY_ID }]]),
        ],
      },
    ],
    [
      'task definitions no service runs',
      {
        services: [],
        taskDefinitions: [
          definition('spare:1', [[{ name: 'AWS_ACCESS_KEY_ID', value: AWS_KEY_ID }]]),
        ],
      },
    ],
    [
      'in-scope task definitions that were not described',
      { ...running(arn.taskDefinition('api:1')) },
    ],
    [
      'containers without environment',
      { ...running(arn.taskDefinition('api:1')), taskDefinitions: [definition('api:1', [])] },
    ],
    ['an account whose ECS data was not collected', undefined],
  ])('records nothing for %s', async (_name, ecs) => {
    const inventory = await detectCredentials(inventoryOf({ ecs }));

    expect(inventory.credentialKinds.size).toBe(0);
  });

  it('records a name and value shared by containers and task definitions once', async () => {
    // Prepare
    const inventory = inventoryOf({
      ecs: {
        ...running(arn.taskDefinition('api:1'), arn.taskDefinition('worker:1')),
        taskDefinitions: [
          definition('api:1', [
            [{ name: 'DATABASE_URL', value: DB_URL }],
            [{ name: 'DATABASE_URL', value: DB_URL }],
          ]),
          definition('worker:1', [
            [
              { name: 'DATABASE_URL', value: DB_URL },
              { name: 'REPLICA_URL', value: DB_URL },
            ],
          ]),
        ],
      },
    });

    // Act
    await detectCredentials(inventory);

    // Assess
    expect([...inventory.credentialKinds.keys()]).toEqual([
      credentialKey('DATABASE_URL', DB_URL),
      credentialKey('REPLICA_URL', DB_URL),
    ]);
  });

  it('keeps kinds that were already recorded', async () => {
    // Prepare
    const inventory = inventoryOf({
      ecs: {
        ...running(arn.taskDefinition('api:1')),
        taskDefinitions: [
          definition('api:1', [[{ name: 'AWS_ACCESS_KEY_ID', value: AWS_KEY_ID }]]),
        ],
      },
    });
    inventory.credentialKinds.set(credentialKey('AWS_ACCESS_KEY_ID', AWS_KEY_ID), [
      'recorded-earlier',
    ]);

    // Act
    await detectCredentials(inventory);

    // Assess
    expect(Object.fromEntries(inventory.credentialKinds)).toEqual({
      [credentialKey('AWS_ACCESS_KEY_ID', AWS_KEY_ID)]: ['recorded-earlier'],
    });
  });

  it('never stores a value among the recorded kinds', async () => {
    // Prepare
    const values = [AWS_KEY_ID, DB_URL, 'hunter2hunter2'];
    const inventory = inventoryOf({
      ecs: {
        ...running(arn.taskDefinition('api:1')),
        taskDefinitions: [
          definition('api:1', [values.map((value, i) => ({ name: `V${i}`, value }))]),
        ],
      },
    });

    // Act
    await detectCredentials(inventory);

    // Assess
    const kinds = JSON.stringify([...inventory.credentialKinds.values()]);
    for (const value of values) expect(kinds).not.toContain(value);
  });

  describe('of a snapshot written without values', () => {
    const verdict = (fields: Partial<EnvironmentValueVerdict>): EnvironmentValueVerdict => ({
      blank: false,
      credentialKinds: [],
      urlWithPassword: false,
      secretByNameOrContent: false,
      ...fields,
    });

    it('gives each verdict a stand-in value with its kinds, and leaves the snapshot as it was', async () => {
      // Prepare
      const taskDefinitions = [
        definition('api:1', [
          [
            { name: 'A', valueVerdict: verdict({ credentialKinds: ['private-key'] }) },
            { name: 'B', valueVerdict: verdict({ blank: true }) },
          ] as never,
        ]),
      ];
      const before = structuredClone(taskDefinitions);
      const inventory = inventoryOf({
        ecs: { ...running(arn.taskDefinition('api:1')), taskDefinitions },
      });

      // Act
      await detectCredentials(inventory);

      // Assess
      expect(inventory.taskDefinitions?.[0]?.data?.containerDefinitions?.[0]?.environment).toEqual([
        { name: 'A', value: '1' },
        { name: 'B', value: '' },
      ]);
      expect(Object.fromEntries(inventory.credentialKinds)).toEqual({
        [credentialKey('A', '1')]: ['private-key'],
      });
      expect(taskDefinitions).toEqual(before);
    });

    it('gives a verdict a stand-in that no real value of the same name has', async () => {
      // Prepare: a real A=1 (judged by the detector) beside a verdict whose first stand-in is "1".
      const inventory = inventoryOf({
        ecs: {
          ...running(arn.taskDefinition('api:1')),
          taskDefinitions: [
            definition('api:1', [
              [
                { name: 'A', value: '1' },
                { name: 'A', valueVerdict: verdict({ credentialKinds: ['private-key'] }) },
              ] as never,
            ]),
          ],
        },
      });

      // Act
      await detectCredentials(inventory);

      // Assess
      expect(Object.fromEntries(inventory.credentialKinds)).toEqual({
        [credentialKey('A', '1')]: [],
        [credentialKey('A', '2')]: ['private-key'],
      });
    });

    it('judges an entry by its value when it has both a value and a verdict', async () => {
      // Prepare
      const inventory = inventoryOf({
        ecs: {
          ...running(arn.taskDefinition('api:1')),
          taskDefinitions: [
            definition('api:1', [
              [
                { name: 'AWS_ACCESS_KEY_ID', value: AWS_KEY_ID, valueVerdict: verdict({}) },
              ] as never,
            ]),
          ],
        },
      });

      // Act
      await detectCredentials(inventory);

      // Assess
      expect(Object.fromEntries(inventory.credentialKinds)).toEqual({
        [credentialKey('AWS_ACCESS_KEY_ID', AWS_KEY_ID)]: ['aws-access-key-id'],
      });
    });
  });
});
