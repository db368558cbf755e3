import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../lib/errors.ts';
import {
  formatPath,
  jsonSyntaxErrorOffset,
  loadSnapshotFile,
  parseSnapshot,
} from '../../lib/snapshot/load.ts';
import { ACCOUNT, arn, REGION } from '../support/evaluate.ts';

const FORMAT = 'ecs-encryption-scanner/snapshot@2';
const SECRET = ['AKIA', 'QYLPMN5HHHFPZAM2'].join('');
const PASSWORD = 'Xk29vLq8Zp-hunter2';

const minimal = { format: FORMAT, accountId: ACCOUNT, regions: {}, failures: [] };
const withRegion = (region: Record<string, unknown>) => ({
  ...minimal,
  regions: { [REGION]: region },
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecs-scanner-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
const fileWith = async (text: string): Promise<string> => {
  const file = join(dir, `snapshot-${++files}.json`);
  await writeFile(file, text, 'utf8');
  return file;
};

const loadError = async (file: string): Promise<Error> => {
  try {
    await loadSnapshotFile(file);
  } catch (error) {
    return error as Error;
  }
  throw new Error('loadSnapshotFile accepted the file');
};

const parseError = (data: unknown): Error => {
  try {
    parseSnapshot(data, 'account.json');
  } catch (error) {
    return error as Error;
  }
  throw new Error('parseSnapshot accepted the data');
};

describe('formatPath', () => {
  it.each([
    ['an empty path', [], ''],
    ['a property', ['accountId'], 'accountId'],
    ['a region key that is not an identifier', ['regions', 'us-east-1'], 'regions["us-east-1"]'],
    [
      'a deep path with indexes',
      ['regions', 'us-east-1', 'ecs', 'services', 0, 'serviceArn'],
      'regions["us-east-1"].ecs.services[0].serviceArn',
    ],
    [
      'a record key that is an ARN',
      ['rules', arn.listener('web', 'l1'), 0],
      `rules[${JSON.stringify(arn.listener('web', 'l1'))}][0]`,
    ],
    ['a leading index', [3, 'name'], '[3].name'],
  ])('writes %s', (_name, path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe('parseSnapshot', () => {
  it('accepts a minimal snapshot and defaults the partition to aws', () => {
    expect(parseSnapshot(minimal, 'account.json')).toEqual({ ...minimal, partition: 'aws' });
  });

  it.each([
    'aws',
    'aws-cn',
    'aws-us-gov',
    'aws-iso',
    'aws-iso-b',
    'aws-iso-e',
    'aws-iso-f',
    'aws-eusc',
  ])('accepts the partition %s', (partition) => {
    expect(parseSnapshot({ ...minimal, partition }, 'account.json').partition).toBe(partition);
  });

  it('passes unknown fields through untouched, at every level', () => {
    // Prepare
    const data = {
      ...minimal,
      collectedAt: '2026-11-28T12:00:00.000Z',
      regions: {
        [REGION]: {
          ecs: {
            services: [
              {
                serviceArn: arn.service('api'),
                createdAt: '2025-01-01T00:00:00.000Z',
                deploymentConfiguration: { maximumPercent: 200 },
              },
            ],
          },
          lambda: { functions: [] },
        },
      },
    };

    // Act
    const snapshot = parseSnapshot(data, 'account.json');

    // Assess
    expect(snapshot).toEqual({ ...data, partition: 'aws' });
  });

  it('accepts enum values in the case AWS returns them', () => {
    // Prepare
    const data = withRegion({
      ec2: {
        vpcEndpoints: [
          { VpcEndpointId: 'vpce-1', State: 'available', VpcEndpointType: 'interface' },
        ],
      },
      ecs: {
        services: [{ serviceArn: arn.service('api'), status: 'active', launchType: 'fargate' }],
      },
      elbv2: { targetGroups: [{ TargetGroupArn: arn.targetGroup('api'), Protocol: 'https' }] },
    });

    // Act
    const snapshot = parseSnapshot(data, 'account.json');

    // Assess
    expect(snapshot.regions[REGION]?.ec2?.vpcEndpoints?.[0]?.State).toBe('available');
    expect(snapshot.regions[REGION]?.ecs?.services?.[0]?.status).toBe('active');
  });

  it('keeps missing sections missing and empty ones empty', () => {
    const snapshot = parseSnapshot(withRegion({ ecs: { services: [] } }), 'account.json');

    expect(snapshot.regions[REGION]).toEqual({ ecs: { services: [] } });
  });

  it.each([
    [
      'a wrong format string',
      { ...minimal, format: 'prowler/output@1' },
      'format: expected "ecs-encryption-scanner/snapshot@2"',
    ],
    [
      'a missing format',
      { accountId: ACCOUNT, regions: {} },
      'format: expected "ecs-encryption-scanner/snapshot@2"',
    ],
    [
      'an account ID of 11 digits',
      { ...minimal, accountId: '11112222333' },
      'accountId: expected a 12-digit AWS account ID',
    ],
    [
      'an account ID with letters',
      { ...minimal, accountId: '11112222333a' },
      'accountId: expected a 12-digit AWS account ID',
    ],
    [
      'an account ID as a number',
      { ...minimal, accountId: 111122223333 },
      'accountId: Invalid input: expected string, received number',
    ],
    ['an unknown partition', { ...minimal, partition: 'azure' }, 'partition: Invalid option'],
    ['a missing regions map', { format: FORMAT, accountId: ACCOUNT }, 'regions: Invalid input'],
    [
      'a region name in upper case',
      { ...minimal, regions: { 'US-EAST-1': {} } },
      'regions["US-EAST-1"]: expected an AWS region name',
    ],
    [
      'an array at the top level',
      [],
      '(top level): Invalid input: expected object, received array',
    ],
    ['null', null, '(top level): Invalid input: expected object, received null'],
    [
      'a service ARN that is a number',
      withRegion({ ecs: { services: [{ serviceArn: 42 }] } }),
      'regions["us-east-1"].ecs.services[0].serviceArn: Invalid input: expected string, received number',
    ],
    [
      'a service without its ARN',
      withRegion({ ecs: { services: [{ serviceArn: arn.service('a') }, { serviceName: 'b' }] } }),
      'regions["us-east-1"].ecs.services[1].serviceArn: Invalid input: expected string, received undefined',
    ],
    [
      'services that are an object',
      withRegion({ ecs: { services: {} } }),
      'regions["us-east-1"].ecs.services: Invalid input: expected array, received object',
    ],
    [
      'a deep environment entry of the wrong type',
      withRegion({
        ecs: {
          taskDefinitions: [
            {
              taskDefinitionArn: arn.taskDefinition('a:1'),
              containerDefinitions: [{ environment: [{ name: 'PORT', value: 8080 }] }],
            },
          ],
        },
      }),
      'regions["us-east-1"].ecs.taskDefinitions[0].containerDefinitions[0].environment[0].value: Invalid input: expected string, received number',
    ],
    [
      'a rule of a listener keyed by ARN',
      withRegion({ elbv2: { rules: { [arn.listener('web', 'l1')]: [{ IsDefault: 'yes' }] } } }),
      `regions["us-east-1"].elbv2.rules[${JSON.stringify(arn.listener('web', 'l1'))}][0].IsDefault: Invalid input: expected boolean, received string`,
    ],
    [
      'a virtual node without metadata',
      withRegion({ appmesh: { virtualNodes: [{ meshName: 'm', virtualNodeName: 'n' }] } }),
      'regions["us-east-1"].appmesh.virtualNodes[0].metadata: Invalid input: expected object, received undefined',
    ],
  ])('rejects %s, naming the file and the path', (_name, data, detail) => {
    // Act
    const error = parseError(data);

    // Assess
    expect(error).toBeInstanceOf(UserInputError);
    expect(error.message).toContain(`account.json: not a valid snapshot: ${detail}`);
    expect(error.message).toMatch(/See docs\/snapshot-format\.md\.$/);
    expect(error.message).not.toContain('\n');
  });

  it('counts the further problems without listing them', () => {
    const error = parseError({ format: 'x', accountId: 'y', regions: {} });

    expect(error.message).toBe(
      'account.json: not a valid snapshot: format: expected "ecs-encryption-scanner/snapshot@2" (is this an ecs-encryption-scanner snapshot?) (and 2 more). See docs/snapshot-format.md.',
    );
  });

  it('never quotes a value from the data in its message', () => {
    // Prepare
    const data = withRegion({
      ecs: {
        taskDefinitions: [
          {
            taskDefinitionArn: arn.taskDefinition('a:1'),
            containerDefinitions: [
              { environment: [{ name: 'AWS_ACCESS_KEY_ID', value: { key: SECRET } }] },
            ],
          },
        ],
      },
      elbv2: {
        loadBalancers: [{ LoadBalancerArn: arn.loadBalancer('web'), Type: PASSWORD.length }],
      },
    });

    // Act
    const error = parseError({ ...data, partition: PASSWORD });

    // Assess
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(PASSWORD);
  });
});

describe('loadSnapshotFile', () => {
  it('loads a valid file', async () => {
    const file = await fileWith(JSON.stringify(withRegion({ ecs: { services: [] } })));

    await expect(loadSnapshotFile(file)).resolves.toEqual({
      ...withRegion({ ecs: { services: [] } }),
      partition: 'aws',
    });
  });

  it('loads a file that starts with a byte order mark', async () => {
    const file = await fileWith(`\uFEFF${JSON.stringify(minimal)}`);

    await expect(loadSnapshotFile(file)).resolves.toEqual({ ...minimal, partition: 'aws' });
  });

  it('names the file and the path of a schema error', async () => {
    const file = await fileWith(
      JSON.stringify(withRegion({ ecs: { services: [{ serviceArn: null }] } })),
    );

    const error = await loadError(file);

    expect(error).toBeInstanceOf(UserInputError);
    expect(error.message).toContain(
      `${file}: not a valid snapshot: regions["us-east-1"].ecs.services[0].serviceArn:`,
    );
  });

  it.each([
    ['a file that does not exist', async () => join(dir, 'missing.json'), '(ENOENT)'],
    ['a directory', async () => dir, '(EISDIR)'],
    ['a path through a file', async () => join(await fileWith('{}'), 'snapshot.json'), '(ENOTDIR)'],
  ])('rejects %s with the error code', async (_name, path, code) => {
    // Prepare
    const file = await path();

    // Act
    const error = await loadError(file);

    // Assess
    expect(error).toBeInstanceOf(UserInputError);
    expect(error.message).toBe(
      `${file}: cannot read the snapshot file ${code}. Check the path given to --snapshot.`,
    );
  });

  it.each([
    ['an empty file', '', 'the file is empty'],
    ['a file of white space', ' \n\t', 'the file is empty'],
    [
      'a truncated file',
      '{"format": "ecs-encryption-scanner/snapshot@1", "regions": {',
      'the file ends early',
    ],
    ['a trailing comma', '{"format": "x",}', 'syntax error at character 15: line 1, column 16'],
    [
      'a bare word on line 3',
      '{\n  "a": 1,\n  "b": yes\n}',
      'syntax error at character 19: line 3, column 8',
    ],
    [
      'a misspelled literal, at its first wrong letter',
      '{"a": nul}',
      'syntax error at character 9: line 1, column 10',
    ],
    ['two documents', '{}\n{}', 'syntax error at character 3: line 2, column 1'],
    ['single quotes', "{'format': 1}", 'syntax error at character 1: line 1, column 2'],
    [
      'a YAML file',
      'snapshot:\n  format: ecs-encryption-scanner/snapshot@1\n',
      'syntax error at character 0: line 1, column 1',
    ],
  ])('rejects %s as invalid JSON, with where the error is', async (_name, text, where) => {
    // Prepare
    const file = await fileWith(text);

    // Act
    const error = await loadError(file);

    // Assess
    expect(error).toBeInstanceOf(UserInputError);
    expect(error.message).toBe(`${file}: not valid JSON (${where}).`);
  });

  // V8 quotes up to ten characters either side of an unexpected token (`Unexpected token 'A', ..."…"... is
  // not valid JSON`), and on Node 20 and 22 gives no position for it; other messages give a position.
  it.each([
    [
      'a secret after a colon, where V8 quotes it',
      `{"format": "${FORMAT}",\n "key": ${SECRET}\n}`,
      SECRET,
    ],
    ['a secret before the error', `{"password": "${PASSWORD}" "next": 1}`, PASSWORD],
    ['a secret in an unterminated string', `{"password": "${PASSWORD}`, PASSWORD],
    ['a secret in a bare word at the start', `${PASSWORD}`, PASSWORD],
    ['a secret beside a control character', `{"password": "${PASSWORD}\u0001"}`, PASSWORD],
  ])('keeps %s out of the message', async (_name, text, secret) => {
    // Prepare
    const file = await fileWith(text);
    const v8Message = (() => {
      try {
        JSON.parse(text);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();

    // Act
    const error = await loadError(file);

    // Assess
    expect(v8Message).not.toBe('');
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain(secret.slice(0, 6));
    expect(error.message).not.toContain(v8Message);
  });

  it('reports where V8 sees the unexpected token that it quotes', async () => {
    // Prepare
    const text = `{"format": "${FORMAT}",\n "key": ${SECRET}\n}`;
    const file = await fileWith(text);

    // Act
    const error = await loadError(file);

    // Assess
    const offset = text.indexOf(SECRET);
    expect(error.message).toBe(
      `${file}: not valid JSON (syntax error at character ${offset}: line 2, column 9).`,
    );
    expect(() => JSON.parse(text)).toThrow(/^Unexpected token 'A'/);
  });
});

describe('jsonSyntaxErrorOffset', () => {
  it.each([
    ['an object', '{"a": [1, -2.5e+3, 0, true, false, null, "x\\"\\u00e9"], "b": {}}'],
    ['white space around a value', ' \n\t 42 \r\n'],
    ['a string', '"text"'],
    ['nested empty containers', '[[], {}, [{}]]'],
  ])('finds no error in %s', (_name, text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(jsonSyntaxErrorOffset(text)).toBeUndefined();
  });

  // Each case is compared with the position V8 reports where it reports one.
  it.each([
    ['a trailing comma in an object', '{"a": 1,}', 8],
    ['a trailing comma in an array', '[1, 2,]', 6],
    ['a missing comma', '{"a": 1 "b": 2}', 8],
    ['a missing colon', '{"a" 1}', 5],
    ['an unquoted key', '{a: 1}', 1],
    ['a leading zero', '[01]', 2],
    ['a bare minus sign', '[-]', 2],
    ['a fraction without digits', '[1.]', 3],
    ['an exponent without digits', '[1e]', 3],
    ['a bad escape', '["a\\x"]', 4],
    ['a short unicode escape', '["\\u12G4"]', 6],
    ['a control character in a string', '["a\u0001"]', 3],
    ['a misspelled literal', '[tru]', 4],
    ['a mismatched bracket', '{"a": [1}', 8],
    ['text after the value', '{} x', 3],
    ['an unterminated string', '["abc', 5],
    ['an unclosed array', '[1, 2', 5],
    ['an empty text', '', 0],
  ])('finds %s', (_name, text, offset) => {
    // Act
    const found = jsonSyntaxErrorOffset(text);

    // Assess
    expect(found).toBe(offset);
    const v8Position = (() => {
      try {
        JSON.parse(text);
      } catch (error) {
        return /position (\d+)/.exec((error as Error).message)?.[1];
      }
      throw new Error('JSON.parse accepted the text');
    })();
    if (v8Position !== undefined) expect(Number(v8Position)).toBe(offset);
  });
});

describe('parseSnapshot with the failures of the collection', () => {
  it('reads a snapshot@1 file as one whose failures are unknown', () => {
    // Prepare
    const v1 = { format: 'ecs-encryption-scanner/snapshot@1', accountId: ACCOUNT, regions: {} };

    // Act
    const snapshot = parseSnapshot(v1, 'old.json');

    // Assess
    expect(snapshot).toMatchObject({
      format: 'ecs-encryption-scanner/snapshot@2',
      failuresUnknown: true,
    });
    expect(snapshot.failures).toBeUndefined();
  });

  it('keeps the failures a snapshot@2 file records, with the items they name', () => {
    const failure = {
      region: REGION,
      service: 'ecs',
      operation: 'DescribeTaskDefinition',
      errorCode: 'ThrottlingException',
      count: 1,
      items: [arn.taskDefinition('web:7')],
    };

    const snapshot = parseSnapshot({ ...minimal, failures: [failure] }, 'new.json');

    expect(snapshot.failures).toEqual([failure]);
    expect(snapshot.failuresUnknown).toBeUndefined();
  });

  it.each([
    [
      'without failures',
      { format: FORMAT, accountId: ACCOUNT, regions: {} },
      'failures: expected the list of calls that failed while collecting ([] when none failed)',
    ],
    [
      'with a failure of a service the scanner never calls',
      {
        ...minimal,
        failures: [{ region: REGION, service: 'lambda', operation: 'X', errorCode: 'Y', count: 1 }],
      },
      'failures[0].service:',
    ],
    [
      'with a failure counted zero times',
      {
        ...minimal,
        failures: [{ region: REGION, service: 'ecs', operation: 'X', errorCode: 'Y', count: 0 }],
      },
      'failures[0].count:',
    ],
  ])('rejects a snapshot@2 file %s', (_name, data, message) => {
    expect(() => parseSnapshot(data, 'new.json')).toThrow(message);
  });
});

describe('formatPath with keys from the file', () => {
  it.each([
    [['regions', 'us-east-1', 'ecs'], 'regions["us-east-1"].ecs'],
    [
      ['elbv2', 'rules', arn.listener('web', 'abc')],
      `elbv2.rules["${arn.listener('web', 'abc')}"]`,
    ],
    [['regions', PASSWORD], 'regions[…]'],
    [['tags', `${SECRET}/x`], 'tags[…]'],
    [['services', 3, 'serviceArn'], 'services[3].serviceArn'],
    [['regions', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'], 'regions[…]'],
    [['elbv2', 'rules', 'hunter'], 'elbv2.rules[…]'],
  ])('writes %j as %s, quoting no key that could be a secret', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});
