import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../../checks/registry.ts';
import { DEFAULT_CONFIG } from '../../../lib/config.ts';
import { evaluateSnapshot } from '../../../lib/evaluate/evaluate.ts';
import {
  type EnvironmentEntry,
  environmentValueVerdict,
  keepEnvironmentValuesOut,
  standInValue,
} from '../../../lib/evaluate/secrets/redact.ts';
import { isAppMeshVariableValue } from '../../../lib/snapshot/appMesh.ts';
import { parseSnapshot } from '../../../lib/snapshot/load.ts';
import type { EcsTaskDefinition, Snapshot } from '../../../lib/snapshot/types.ts';
import { ACCOUNT, NOW } from '../../support/evaluate.ts';
import { accountRunning, taskDefinition, withEnvironment } from '../../support/taskdef.ts';

// Built at run time: no credential-shaped literal in the source.
const AWS_KEY_ID = ['AKIA', 'QYLPMN5HHHFPZAM2'].join('');
const AWS_SECRET = ['Zx8pQ2rT7vB4nM1kL9sD', '3fG6hJ0wE5yU2iO8aXcV'].join('');
const GITHUB_TOKEN = ['ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'].join('_');
const JWT = [
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ',
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV',
].join('.');
const PRIVATE_KEY = [
  ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' '),
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  ['-----END', 'RSA PRIVATE KEY-----'].join(' '),
].join('\n');
const DOLLAR_BRACE = ['$', '{DB_PASSWORD}'].join('');

/** Every kind of verdict the checks tell apart, and the cases between them. */
const CORPUS: ReadonlyArray<[name: string, value: string]> = [
  ['LOG_LEVEL', 'info'],
  ['EMPTY', ''],
  ['SPACES', '   '],
  ['FEATURE_FLAG', 'true'],
  ['PORT', '8080'],
  ['DB_PASSWORD', 'Xk29vLq8Zp!'],
  ['DB_PASSWORD', 'changeme'],
  ['DB_PASSWORD', DOLLAR_BRACE],
  ['DB_PASSWORD', ''],
  ['DB_PASSWORD_FILE', '/run/secrets/db'],
  ['SECRET_ARN', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf'],
  ['DATABASE_URL', 'postgres://app:Xk29vLq8Zp@db.internal:5432/app'],
  ['CACHE_URL', 'redis://:Xk29vLq8Zp@cache.internal:6379'],
  ['AUTH_URL', 'https://user:pw@auth.example.com/login'],
  ['SERVICE_URL', 'https://api.example.com/v1'],
  ['JAVA_OPTS', '-Xmx512m -Dspring.datasource.password=Xk29vLq8Zp'],
  ['JAVA_OPTS', `-Xmx512m -Dspring.datasource.password=${DOLLAR_BRACE}`],
  ['SMTP_AUTH', 'login'],
  ['AUTHORIZATION', 'Basic dXNlcjpwYXNzd29yZA=='],
  ['AWS_ACCESS_KEY_ID', AWS_KEY_ID],
  ['AWS_ACCESS_KEY_ID', 'x'],
  ['AWS_ACCESS_KEY_ID', ''],
  ['SOME_ID', AWS_KEY_ID],
  ['AWS_SECRET_ACCESS_KEY', AWS_SECRET],
  ['AWS_SECRET_KEY', AWS_SECRET],
  ['UPLOAD_SIGNATURE', AWS_SECRET],
  ['AWS_ACCOUNT_ID', ACCOUNT],
  ['GITHUB_TOKEN', GITHUB_TOKEN],
  ['CI_HELPER', GITHUB_TOKEN],
  ['SESSION_JWT', JWT],
  ['TLS_KEY', PRIVATE_KEY],
  ['BANNER', PRIVATE_KEY],
];

const snapshotOf = (definitions: EcsTaskDefinition[]): Snapshot => ({
  format: 'ecs-encryption-scanner/snapshot@2',
  failures: [],
  accountId: ACCOUNT,
  partition: 'aws',
  regions: { 'us-east-1': accountRunning(definitions) },
});

/** One task definition per corpus entry, and one holding them all in two containers. */
const corpusSnapshot = (): Snapshot =>
  snapshotOf([
    ...CORPUS.map(([name, value], i) =>
      taskDefinition(`single-${i}:1`, [{ ...withEnvironment({}), environment: [{ name, value }] }]),
    ),
    taskDefinition('all:1', [
      {
        ...withEnvironment({}),
        name: 'first',
        environment: CORPUS.map(([name, value]) => ({ name, value })),
      },
      {
        ...withEnvironment({}),
        name: 'second',
        environment: [...CORPUS].reverse().map(([name, value]) => ({ name, value })),
      },
    ]),
  ]);

const demoAccount = (): Snapshot =>
  parseSnapshot(
    JSON.parse(
      readFileSync(
        join(import.meta.dirname, '..', '..', '..', 'examples', 'demo-account.json'),
        'utf8',
      ),
    ),
    'demo-account.json',
  );

const resultsOf = async (snapshot: Snapshot) =>
  (await evaluateSnapshot(snapshot, DEFAULT_CONFIG, NOW, checks)).results;

/** A redacted snapshot as `scan --snapshot` reads it: through JSON and the schema. */
const throughFile = (snapshot: Snapshot): Snapshot =>
  parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'redacted.json');

const environmentEntries = (snapshot: Snapshot) =>
  Object.values(snapshot.regions).flatMap((region) =>
    (region.ecs?.taskDefinitions ?? []).flatMap((td) =>
      (td.containerDefinitions ?? []).flatMap((c) => c.environment ?? []),
    ),
  );

describe('keepEnvironmentValuesOut', () => {
  it.each([
    ['a corpus of every kind of value', corpusSnapshot],
    ['the demo account', demoAccount],
  ])('gives %s the same results as the values did', async (_name, make) => {
    // Prepare
    const original = make();
    const expected = await resultsOf(original);

    // Act
    const redacted = throughFile(await keepEnvironmentValuesOut(original));

    // Assess
    const results = await resultsOf(redacted);
    expect(results).toEqual(expected);
    expect(environmentEntries(redacted).length).toBeGreaterThan(20);
    // Only App Mesh variables that name a mesh resource keep their value (no secret).
    for (const entry of environmentEntries(redacted).filter((e) => 'value' in e)) {
      expect(isAppMeshVariableValue(entry.name ?? '', entry.value ?? '')).toBe(true);
    }
  });

  it('keeps the value of an App Mesh variable that names a mesh resource, and no other', async () => {
    // Prepare
    const node = 'arn:aws:appmesh:us-east-1:111122223333:mesh/mesh-prod/virtualNode/mesh-orders';
    const snapshot = demoAccount();
    const [definition] = snapshot.regions['us-east-1']?.ecs?.taskDefinitions ?? [];
    if (!definition?.containerDefinitions?.[0]) throw new Error('no task definition in the demo');
    definition.containerDefinitions[0].environment = [
      { name: 'APPMESH_RESOURCE_ARN', value: node },
      { name: 'APPMESH_VIRTUAL_NODE_NAME', value: 'mesh/mesh-prod/virtualNode/mesh-orders' },
      { name: 'APPMESH_RESOURCE_ARN_COPY', value: node },
      { name: 'APPMESH_RESOURCE_ARN', value: 'not-a-mesh-resource' },
    ];

    // Act
    const redacted = await keepEnvironmentValuesOut(snapshot);

    // Assess
    const entries = redacted.regions['us-east-1']?.ecs?.taskDefinitions?.[0]
      ?.containerDefinitions?.[0]?.environment as EnvironmentEntry[];
    expect(entries.map((e) => ('value' in e ? e.value : 'verdict'))).toEqual([
      node,
      'mesh/mesh-prod/virtualNode/mesh-orders',
      'verdict',
      'verdict',
    ]);
  });

  it('judges the corpus with every status the two value checks give', async () => {
    // Act
    const results = await resultsOf(throughFile(await keepEnvironmentValuesOut(corpusSnapshot())));

    // Assess: the equivalence above is not between two empty or uniform answers.
    const outcomes = new Set(
      results
        .filter((r) => r.checkId.startsWith('ecs_task_definition_no_s'))
        .map((r) => `${r.checkId} ${r.status} ${r.severity}`),
    );
    expect([...outcomes].sort()).toEqual([
      'ecs_task_definition_no_secrets_in_environment FAILED CRITICAL',
      'ecs_task_definition_no_secrets_in_environment FAILED HIGH',
      'ecs_task_definition_no_secrets_in_environment PASSED INFORMATIONAL',
      'ecs_task_definition_no_static_aws_credentials FAILED CRITICAL',
      'ecs_task_definition_no_static_aws_credentials PASSED INFORMATIONAL',
    ]);
  });

  it('writes no value and no part of one into the file', async () => {
    // Act
    const text = JSON.stringify(await keepEnvironmentValuesOut(corpusSnapshot()));

    // Assess
    const parts = [
      AWS_KEY_ID,
      AWS_SECRET,
      GITHUB_TOKEN,
      ...JWT.split('.'),
      PRIVATE_KEY.split('\n')[1] ?? '',
      'Xk29vLq8Zp',
      'dXNlcjpwYXNzd29yZA',
      'changeme',
    ];
    for (const part of parts) expect(text).not.toContain(part);
    expect(text).toContain('"valueVerdict"');
  });

  it('leaves the snapshot it is given as it was', async () => {
    // Prepare
    const original = corpusSnapshot();
    const before = structuredClone(original);

    // Act
    await keepEnvironmentValuesOut(original);

    // Assess
    expect(original).toEqual(before);
  });

  it('keeps the verdict of an entry that already has one, and gives an entry without a value a blank one', async () => {
    // Prepare
    const verdict = await environmentValueVerdict('GITHUB_TOKEN', GITHUB_TOKEN);
    const snapshot = snapshotOf([
      taskDefinition('t:1', [
        {
          ...withEnvironment({}),
          environment: [{ name: 'A', valueVerdict: verdict } as never, { name: 'B' }],
        },
      ]),
    ]);

    // Act
    const redacted = await keepEnvironmentValuesOut(snapshot);

    // Assess
    expect(environmentEntries(redacted)).toEqual([
      { name: 'A', valueVerdict: verdict },
      {
        name: 'B',
        valueVerdict: {
          blank: true,
          credentialKinds: [],
          urlWithPassword: false,
          secretByNameOrContent: false,
        },
      },
    ]);
  });
});

describe('environmentValueVerdict', () => {
  it.each<[string, string, Awaited<ReturnType<typeof environmentValueVerdict>>]>([
    [
      'LOG_LEVEL',
      'info',
      { blank: false, credentialKinds: [], urlWithPassword: false, secretByNameOrContent: false },
    ],
    [
      'DB_PASSWORD',
      '  ',
      { blank: true, credentialKinds: [], urlWithPassword: false, secretByNameOrContent: false },
    ],
    [
      'DB_PASSWORD',
      'changeme',
      { blank: false, credentialKinds: [], urlWithPassword: false, secretByNameOrContent: true },
    ],
    [
      'AWS_ACCESS_KEY_ID',
      AWS_KEY_ID,
      {
        blank: false,
        credentialKinds: ['aws-access-key-id'],
        urlWithPassword: false,
        secretByNameOrContent: true,
      },
    ],
    [
      'CACHE_URL',
      'redis://:Xk29vLq8Zp@cache:6379',
      {
        blank: false,
        credentialKinds: ['url-with-password'],
        urlWithPassword: true,
        secretByNameOrContent: false,
      },
    ],
  ])('judges %s=%s as the checks do', async (name, value, expected) => {
    // Act
    const verdict = await environmentValueVerdict(name, value);

    // Assess
    expect(verdict).toEqual(expected);
  });
});

describe('standInValue', () => {
  it.each([
    [
      { blank: true, credentialKinds: [], urlWithPassword: false, secretByNameOrContent: false },
      '',
    ],
    [
      { blank: false, credentialKinds: [], urlWithPassword: false, secretByNameOrContent: false },
      '7',
    ],
    [
      { blank: false, credentialKinds: [], urlWithPassword: false, secretByNameOrContent: true },
      'password=redacted7',
    ],
    [
      {
        blank: false,
        credentialKinds: ['url-with-password'],
        urlWithPassword: true,
        secretByNameOrContent: true,
      },
      'redacted://:redacted7@redacted',
    ],
  ])('stands in for %j with %s', (verdict, expected) => {
    // Act
    const value = standInValue(verdict, 7);

    // Assess
    expect(value).toBe(expected);
  });
});

describe('the snapshot schema', () => {
  it.each([
    [
      'a credential kind that is not a rule name',
      { credentialKinds: [GITHUB_TOKEN.toUpperCase()] },
      'credentialKinds[0]',
    ],
    ['a field it does not define', { value: GITHUB_TOKEN }, 'valueVerdict: unexpected field'],
    ['a field named like a secret', { [GITHUB_TOKEN]: true }, 'valueVerdict: unexpected field'],
    ['a missing field', { blank: undefined }, 'valueVerdict.blank'],
  ])('rejects a valueVerdict with %s, without quoting it', (_name, change, where) => {
    // Prepare
    const snapshot = snapshotOf([
      taskDefinition('t:1', [
        {
          ...withEnvironment({}),
          environment: [
            {
              name: 'A',
              valueVerdict: {
                blank: false,
                credentialKinds: [],
                urlWithPassword: false,
                secretByNameOrContent: false,
                ...change,
              },
            } as never,
          ],
        },
      ]),
    ]);

    // Act
    const parse = () => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'bad.json');

    // Assess
    expect(parse).toThrow(where);
    expect(parse).not.toThrow(GITHUB_TOKEN.slice(4, 20));
    expect(parse).not.toThrow(GITHUB_TOKEN.slice(4, 20).toUpperCase());
  });
});
