import {
  DescribeParametersCommand,
  paginateDescribeParameters,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import { ACCOUNT, clientConfig, collect, richSnapshot } from '../support.ts';

describe('the emulated SSM Parameter Store', () => {
  let emulator: Emulator;
  let ssm: SSMClient;

  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [richSnapshot()] });
    ssm = new SSMClient(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  it.each([
    ["AWS's default page of 10", {}, 27, 3],
    ['MaxResults 50', { pageSize: 50 }, 27, 1],
  ])('pages DescribeParameters with %s', async (_name, options, items, pages) => {
    // Act
    const result = await collect(
      paginateDescribeParameters({ client: ssm, ...options }, {}),
      (p) => p.Parameters,
    );

    // Assess
    expect(result.items).toHaveLength(items);
    expect(result.pages).toBe(pages);
  });

  it.each([
    [
      'Name Equals, with or without the leading slash',
      [{ Key: 'Name', Option: 'Equals', Values: ['app-01', 'app/03/secret'] }],
      ['app-01', '/app/03/secret'],
    ],
    [
      'Name BeginsWith',
      [{ Key: 'Name', Option: 'BeginsWith', Values: ['/app/0'] }],
      ['/app/00/secret', '/app/03/secret', '/app/06/secret', '/app/09/secret'],
    ],
    [
      'Type and Path',
      [
        { Key: 'Type', Values: ['SecureString'] },
        { Key: 'Path', Option: 'Recursive', Values: ['/app'] },
      ],
      ['/app/00/secret', '/app/06/secret', '/app/12/secret', '/app/18/secret', '/app/24/secret'],
    ],
  ])('filters by %s', async (_name, ParameterFilters, names) => {
    // Act
    const result = await ssm.send(
      new DescribeParametersCommand({ ParameterFilters, MaxResults: 50 }),
    );

    // Assess
    expect(result.Parameters?.map((p) => p.Name)).toEqual(names);
    expect(result.Parameters?.[0]?.LastModifiedDate).toEqual(new Date('2026-01-14T10:30:15.250Z'));
  });

  it.each([
    ['MaxResults above 50', { MaxResults: 51 }, 'ValidationException'],
    [
      'an unknown filter key',
      { ParameterFilters: [{ Key: 'Colour', Values: ['red'] }] },
      'InvalidFilterKey',
    ],
    ['a forged NextToken', { NextToken: 'forged' }, 'InvalidNextToken'],
  ])('answers %s with %s', async (_name, input, name) => {
    // Act
    const result = ssm.send(new DescribeParametersCommand(input));

    // Assess
    await expect(result).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 400 } });
  });
});

describe('the emulated SSM Parameter Store, region by region', () => {
  let emulator: Emulator;
  const EU_ARN = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app-01`;

  beforeAll(async () => {
    const snapshot = richSnapshot();
    const eu = snapshot.regions['eu-west-1'] ?? {};
    eu.ssm = { parameters: [{ Name: 'app-01', ARN: EU_ARN, Type: 'SecureString' }] };
    emulator = await startEmulator({ accounts: [snapshot] });
  });
  afterAll(() => emulator.close());

  it.each([
    ['the region the call is signed for', 'eu-west-1', [['app-01', 'SecureString', EU_ARN]]],
    [
      'its own region, not another region with the same name',
      'us-east-1',
      [['app-01', 'String', `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app-01`]],
    ],
    ['a region the snapshot does not hold, as empty', 'ap-south-1', []],
  ])('answers DescribeParameters by name from %s', async (_name, region, expected) => {
    // Prepare
    const ssm = new SSMClient(clientConfig(emulator, region));

    // Act
    const result = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: ['app-01'] }],
      }),
    );

    // Assess
    expect(result.Parameters?.map((p) => [p.Name, p.Type, p.ARN])).toEqual(expected);
    ssm.destroy();
  });
});
