import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS, describeIssues, SERVICES } from '../../../lib/lambda/events/common.ts';
import { filtersOf, scanMessageSchema } from '../../../lib/lambda/events/scanMessage.ts';
import { scanRequestedEventSchema } from '../../../lib/lambda/events/scanRequested.ts';
import { scheduleEventSchema } from '../../../lib/lambda/events/schedule.ts';

const EVENTS = join(import.meta.dirname, '..', '..', '..', 'events');
const sample = (name: string) => JSON.parse(readFileSync(join(EVENTS, name), 'utf8'));

const message = (fields: Record<string, unknown> = {}) => ({
  version: 1,
  trigger: 'change',
  correlationId: 'event-1',
  accountId: '111122223333',
  region: 'us-east-1',
  ...fields,
});

describe('the schedule event schema', () => {
  it('accepts the sample schedule event', () => {
    // Act
    const result = scheduleEventSchema.safeParse(sample('schedule.json'));

    // Assess
    expect(result.success).toBe(true);
  });

  it.each([
    ['a scan request', () => sample('scan-requested.json'), 'source'],
    ['a CloudTrail event', () => sample('cloudtrail/ecs-UpdateService.json'), 'source'],
    ['an SQS batch', () => sample('sqs-scan-message.json'), 'version'],
    ['a schedule without a time', () => ({ ...sample('schedule.json'), time: undefined }), 'time'],
  ])('rejects %s', (_name, event, path) => {
    // Act
    const result = scheduleEventSchema.safeParse(event());

    // Assess
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('the scan message schema', () => {
  it('accepts the body of the sample SQS message', () => {
    // Act
    const result = scanMessageSchema.safeParse(
      JSON.parse(sample('sqs-scan-message.json').Records[0].body),
    );

    // Assess
    expect(result.success).toBe(true);
  });

  it('accepts a focused rescan', () => {
    // Act
    const result = scanMessageSchema.safeParse(
      message({
        checks: ['elbv2_listener_encrypted'],
        focus: {
          loadBalancerArns: [
            'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/a/1',
          ],
        },
        resourceArns: ['arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/a/1/2'],
      }),
    );

    // Assess
    expect(result.success).toBe(true);
  });

  it('accepts a scan with every check filter', () => {
    // Act
    const result = scanMessageSchema.safeParse(
      message({
        checks: ['elbv2_listener_encrypted', 'elb_listener_encrypted'],
        excludeChecks: ['elb_listener_encrypted'],
        services: ['elbv2', 'elb'],
        minSeverity: 'HIGH',
      }),
    );

    // Assess
    expect(result.success).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['another version', { version: 2 }, 'version: Invalid input: expected 1'],
    ['an unknown trigger', { trigger: 'cron' }, 'trigger:'],
    ['a short account ID', { accountId: '1234' }, 'accountId: expected a 12-digit AWS account ID'],
    [
      'a region that is not one',
      { region: 'everywhere' },
      'region: expected a region name, e.g. us-east-1',
    ],
    [
      'an unknown check',
      { checks: ['no_such_check'] },
      'checks.0: unknown check ID "no_such_check"',
    ],
    [
      "a service not of a service's form, unquoted",
      { services: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'] },
      "services.0: unknown service (a value of 40 characters that is not a service's form",
    ],
    [
      "a severity not of a severity's form, unquoted",
      { minSeverity: 'Pw-0123456789abcdef!' },
      "minSeverity: unknown severity (a value of 20 characters that is not a severity's form",
    ],
    [
      'check filters that keep no check',
      { checks: ['elb_listener_encrypted'], minSeverity: 'CRITICAL' },
      'no check matches checks ["elb_listener_encrypted"] minSeverity "CRITICAL".',
    ],
    [
      'an unknown focus field',
      { focus: { instances: ['x'] } },
      'focus: Unrecognized key: "instances"',
    ],
    [
      'a cluster that is neither a name nor a cluster ARN',
      { focus: { clusters: ['team/cluster'] } },
      'focus.clusters.0: not an ECS cluster name or ARN',
    ],
    ['an unknown field', { extra: true }, 'Unrecognized key: "extra"'],
    [
      'a resource of another region',
      { resourceArns: ['arn:aws:ecs:eu-west-1:111122223333:service/a/b'] },
      'resourceArns.0: resource arn:aws:ecs:eu-west-1:111122223333:service/a/b is not in account 111122223333 and region us-east-1',
    ],
    [
      'a listed scope without resources',
      { resourceScope: 'listed' },
      'resourceScope listed needs resourceArns',
    ],
  ])('rejects a message with %s, saying why', (_name, fields, reason) => {
    // Act
    const result = scanMessageSchema.safeParse(message(fields));

    // Assess
    expect(result.success).toBe(false);
    expect(describeIssues(result.error)).toContain(reason);
  });
});

describe('the scan request event schema', () => {
  it.each([
    'scan-requested.json',
    'scan-requested-resources.json',
    'scan-requested-everything.json',
    'scan-requested-filters.json',
  ])('accepts the sample %s', (name) => {
    // Act
    const result = scanRequestedEventSchema.safeParse(sample(name));

    // Assess
    expect(result.success).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a region list with all and another region',
      { regions: ['all', 'us-east-1'] },
      'detail.regions.0',
    ],
    ['an empty account list', { accounts: [] }, 'detail.accounts'],
    [
      'a resource without a region',
      { resourceArns: ['arn:aws:iam::111122223333:role/x'] },
      'detail.resourceArns.0',
    ],
    ['a dry run that is not a boolean', { dryRun: 'yes' }, 'detail.dryRun'],
    ['an unknown field', { everything: true }, 'detail'],
  ])('rejects a request with %s', (_name, detail, path) => {
    // Act
    const result = scanRequestedEventSchema.safeParse({ ...sample('scan-requested.json'), detail });

    // Assess
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      '10,000 check IDs',
      { checks: Array(10_000).fill('elbv2_listener_encrypted') },
      `detail.checks: expected at most ${CHECK_IDS.length} check IDs, each once`,
    ],
    [
      'every check ID excluded twice',
      { excludeChecks: [...CHECK_IDS, ...CHECK_IDS] },
      `detail.excludeChecks: expected at most ${CHECK_IDS.length} check IDs, each once`,
    ],
    [
      'more services than the checks have',
      { services: Array(SERVICES.length + 1).fill('ecs') },
      `detail.services: expected at most ${SERVICES.length} services, each once`,
    ],
    [
      '1,001 accounts',
      { accounts: Array(1001).fill('111122223333') },
      'detail.accounts: expected at most 1000 accounts, each once',
    ],
    [
      '41 regions',
      { regions: Array(41).fill('us-east-1') },
      'detail.regions: expected at most 40 regions, each once',
    ],
    [
      '101 resource ARNs of which none is one',
      { resourceArns: Array(101).fill('not an ARN') },
      'detail.resourceArns: expected at most 100 resource ARNs, each once',
    ],
  ])(
    'rejects a request with %s in one issue, before judging the entries',
    (_name, detail, reason) => {
      // Act
      const result = scanRequestedEventSchema.safeParse({
        ...sample('scan-requested.json'),
        detail,
      });

      // Assess
      expect(result.error?.issues).toHaveLength(1);
      expect(describeIssues(result.error)).toBe(reason);
    },
  );

  it('keeps each entry of a list once, in order', () => {
    // Act
    const result = scanRequestedEventSchema.safeParse({
      ...sample('scan-requested.json'),
      detail: {
        accounts: ['111122223333', '444455556666', '111122223333'],
        regions: ['us-east-1', 'us-east-1'],
        checks: [
          'elbv2_listener_tls_policy',
          'elbv2_listener_encrypted',
          'elbv2_listener_tls_policy',
        ],
        services: ['elbv2', 'elbv2'],
        resourceArns: [
          'arn:aws:ecs:us-east-1:111122223333:service/a/b',
          'arn:aws:ecs:us-east-1:111122223333:service/a/b',
        ],
      },
    });

    // Assess
    expect(result.data?.detail).toEqual({
      accounts: ['111122223333', '444455556666'],
      regions: ['us-east-1'],
      checks: ['elbv2_listener_tls_policy', 'elbv2_listener_encrypted'],
      services: ['elbv2'],
      resourceArns: ['arn:aws:ecs:us-east-1:111122223333:service/a/b'],
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a check ID',
      { checks: ['s3_bucket_encrypted', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'] },
      "detail.checks.1: unknown check ID (a value of 40 characters that is not a check ID's form; see the check catalogue)",
    ],
    [
      'a check ID to exclude',
      { excludeChecks: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'] },
      "detail.excludeChecks.0: unknown check ID (a value of 40 characters that is not a check ID's form; see the check catalogue)",
    ],
    [
      'a service',
      { services: ['ecs', 'Pw-0123456789abcdef!'] },
      "detail.services.1: unknown service (a value of 20 characters that is not a service's form; expected some of ecs, vpc, secretsmanager, elbv2, elb, vpclattice, appmesh)",
    ],
    [
      'a severity',
      { minSeverity: 'Pw-0123456789abcdef!' },
      "detail.minSeverity: unknown severity (a value of 20 characters that is not a severity's form; expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL)",
    ],
  ])(
    'never quotes %s that does not have the form of one (it may be a secret)',
    (_name, detail, reason) => {
      // Act
      const result = scanRequestedEventSchema.safeParse({
        ...sample('scan-requested.json'),
        detail,
      });

      // Assess
      expect(describeIssues(result.error)).toBe(reason);
    },
  );

  it('leaves to the selection rules which check IDs, services and severities of the right form are known', () => {
    // Act: the on-demand handler refuses these with the CLI's lines (tests/lambda/requests.test.ts).
    const result = scanRequestedEventSchema.safeParse({
      ...sample('scan-requested.json'),
      detail: {
        checks: ['s3_bucket_encrypted'],
        excludeChecks: ['appmesh_mesh_end_of_suport'],
        services: ['ELBB'],
        minSeverity: 'hihg',
      },
    });

    // Assess
    expect(result.error).toBeUndefined();
  });

  it('rejects an event of another detail-type', () => {
    // Act
    const result = scanRequestedEventSchema.safeParse({
      ...sample('scan-requested.json'),
      'detail-type': 'Scan Finished',
    });

    // Assess
    expect(describeIssues(result.error)).toBe('detail-type: expected detail-type Scan Requested');
  });
});

describe('filtersOf', () => {
  it.each([
    ['no filter from a message without any', {}, {}],
    [
      'only the filters a message gives',
      { checks: ['elbv2_listener_encrypted'], minSeverity: 'HIGH' as const },
      { checks: ['elbv2_listener_encrypted'], minSeverity: 'HIGH' },
    ],
    [
      'every filter',
      { excludeChecks: ['elb_listener_encrypted'], services: ['elb'], minSeverity: 'LOW' as const },
      { excludeChecks: ['elb_listener_encrypted'], services: ['elb'], minSeverity: 'LOW' },
    ],
  ])('reads %s', (_name, message, expected) => {
    expect(filtersOf({ ...message, accountId: '111122223333' } as never)).toStrictEqual(expected);
  });
});
