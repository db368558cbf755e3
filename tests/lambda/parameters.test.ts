import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../lib/errors.ts';
import {
  checkParameters,
  PARAMETER_NAMES,
  parameterOfVariable,
} from '../../lib/lambda/parameters.ts';
import { REPO } from '../deploy/osls.ts';

/** serverless.yml's defaults, as `osls print` resolves them. */
const DEFAULTS: Record<string, string> = {
  regions: '',
  organizationMode: 'off',
  accountIds: '',
  memberRoleName: 'ecs-encryption-scanner-member',
  refreshDays: '7',
  maxReceiveCount: '3',
  allLoadBalancers: 'false',
  allMeshes: 'false',
  confidentialTag: 'DataClassification=confidential',
  tlsPolicyProfile: 'tls12',
  certificateExpiryDays: '30',
  exemptionTags: 'true',
  exemptionsFile: '',
  workerConcurrency: '10',
  logLevel: 'INFO',
  organizationId: '',
  alarmEmail: '',
};

const check = (parameters: Record<string, string>, region = 'eu-west-1', directory = REPO) =>
  checkParameters({ ...DEFAULTS, ...parameters }, region, directory);

describe('parameterOfVariable', () => {
  it.each([
    ['ECS_SCANNER_REGIONS', 'regions'],
    ['ECS_SCANNER_REFRESH_DAYS', 'refreshDays'],
    ['ECS_SCANNER_ALL_LOAD_BALANCERS', 'allLoadBalancers'],
  ])('names the parameter of %s %s', (variable, parameter) =>
    expect(parameterOfVariable(variable)).toBe(parameter),
  );

  it('holds for every setting serverless.yml passes to the functions from a parameter', async () => {
    // Prepare
    const text = await readFile(join(REPO, 'serverless.yml'), 'utf8');

    // Act
    const pairs = [...text.matchAll(/^ {4}(ECS_SCANNER_\w+): \$\{param:(\w+)\}$/gm)];

    // Assess: each is named by the rule, and every parameter it reads is one serverless.yml sets.
    expect(pairs.length).toBeGreaterThan(10);
    for (const [, variable = '', parameter] of pairs) {
      expect(parameterOfVariable(variable)).toBe(parameter);
    }
    const declared = new Set(Array.from(text.matchAll(/^ {4}(\w+): /gm), ([, name]) => name));
    expect(PARAMETER_NAMES.filter((name) => !declared.has(name))).toEqual([]);
  });
});

describe('checkParameters', () => {
  it("accepts serverless.yml's defaults and every documented kind of value", async () => {
    await expect(check({})).resolves.toBeUndefined();
    await expect(
      check({
        regions: 'all',
        organizationMode: 'accounts',
        accountIds: '111111111111,222222222222',
        logLevel: 'debug',
        organizationId: 'o-abcdefghij',
        alarmEmail: 'secops@example.com',
        workerConcurrency: '1000',
      }),
    ).resolves.toBeUndefined();
  });

  it.each([
    [
      { refreshDays: '120' },
      'invalid parameter refreshDays "120": expected a whole number of days below 90 (Security Hub deletes findings not updated for 90 days).',
    ],
    [
      { regions: 'eu-west-9' },
      'invalid parameter regions "eu-west-9": eu-west-9 is not an AWS region (did you mean eu-west-1?).',
    ],
    [
      { organizationMode: 'accounts' },
      'invalid parameter accountIds "": organization mode accounts needs the account IDs to scan.',
    ],
    [
      { tlsPolicyProfile: 'tls13' },
      'invalid parameter tlsPolicyProfile "tls13": expected one of tls12, fsbp, pq, fips.',
    ],
    [
      { certificateExpiryDays: '-5' },
      'invalid parameter certificateExpiryDays "-5": expected 0 or more days.',
    ],
    [
      { maxReceiveCount: '0' },
      'invalid parameter maxReceiveCount "0": expected 1 to 1000 (SQS maxReceiveCount).',
    ],
    [
      { workerConcurrency: '1' },
      'invalid parameter workerConcurrency "1": expected 2 to 1000 (the SQS event source maximum concurrency).',
    ],
    [
      { logLevel: 'VERBOSE' },
      'invalid parameter logLevel "VERBOSE": expected one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT.',
    ],
    [
      { organizationId: '123456789012' },
      `invalid parameter organizationId "123456789012": expected an organization ID (o-…) or ''.`,
    ],
    [
      { alarmEmail: 'secops' },
      `invalid parameter alarmEmail "secops": expected an e-mail address or ''.`,
    ],
    [
      { exemptionsFile: 'mine.json' },
      `invalid parameter exemptionsFile "mine.json": expected '' or exemptions.json, the one file packaged beside the worker (docs/operations.md: Exemptions).`,
    ],
  ])('refuses %j, naming the parameter and its rule', async (parameters, message) => {
    await expect(check(parameters)).rejects.toThrow(new UserInputError(message));
  });

  it('refuses a deployment region AWS has not opened', async () => {
    await expect(check({}, 'eu-west-9')).rejects.toThrow(
      new UserInputError(
        'invalid --region "eu-west-9": eu-west-9 is not an AWS region (did you mean eu-west-1?).',
      ),
    );
  });

  it('reads the exemptions file it packages, and refuses it when it is missing or invalid', async () => {
    // Prepare
    const directory = await mkdtemp(join(tmpdir(), 'ecs-scanner-parameters-'));
    const valid = {
      exemptions: [
        { checkId: '*', resource: 'arn:aws:ecs:eu-west-1:111111111111:service/a/b', reason: 'lab' },
      ],
    };

    // Act + Assess
    await expect(
      check({ exemptionsFile: 'exemptions.json' }, 'eu-west-1', directory),
    ).rejects.toThrow(UserInputError);
    await writeFile(
      join(directory, 'exemptions.json'),
      JSON.stringify({ exemptions: [{ checkId: 'nope' }] }),
    );
    await expect(
      check({ exemptionsFile: 'exemptions.json' }, 'eu-west-1', directory),
    ).rejects.toThrow(/not a valid exemptions file/);
    await writeFile(join(directory, 'exemptions.json'), JSON.stringify(valid));
    await expect(
      check({ exemptionsFile: 'exemptions.json' }, 'eu-west-1', directory),
    ).resolves.toBeUndefined();
  });
});
