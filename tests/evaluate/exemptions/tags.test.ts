import { describe, expect, it } from 'vitest';
import { parseTagExemption, type Tag, tagsByArn } from '../../../lib/evaluate/exemptions/tags.ts';
import { ACCOUNT, arn, REGION } from '../../support/evaluate.ts';

const KNOWN = new Set(['elbv2_listener_tls_policy', 'elbv2_listener_encrypted']);
const LB = arn.loadBalancer('web');

const tags = (exempt: string | undefined, reason?: string, until?: string): Tag[] => [
  ...(exempt === undefined ? [] : [{ key: 'ecs-encryption-scanner:exempt', value: exempt }]),
  ...(reason === undefined ? [] : [{ key: 'ecs-encryption-scanner:exempt-reason', value: reason }]),
  ...(until === undefined ? [] : [{ key: 'ecs-encryption-scanner:exempt-until', value: until }]),
];

describe('parseTagExemption', () => {
  it.each<[string, Tag[], unknown, string[]]>([
    ['declares nothing without the exempt tag', tags(undefined, 'why'), undefined, []],
    [
      'reads one check ID with its reason',
      tags('elbv2_listener_tls_policy', 'Legacy clients'),
      { checkIds: ['elbv2_listener_tls_policy'], reason: 'Legacy clients' },
      [],
    ],
    [
      'reads check IDs separated by commas and spaces, and an expiry',
      tags(' elbv2_listener_tls_policy,  elbv2_listener_encrypted ', 'Legacy', '2026-12-31'),
      {
        checkIds: ['elbv2_listener_tls_policy', 'elbv2_listener_encrypted'],
        expires: '2026-12-31',
      },
      [],
    ],
    ['reads * as every check', tags('*', 'Sandbox'), { checkIds: '*' }, []],
    [
      'applies the known IDs and reports the unknown ones by name',
      tags('elbv2_listener_tls_policy elbv2_listner_tls', 'Legacy'),
      { checkIds: ['elbv2_listener_tls_policy'] },
      ['names unknown check IDs (elbv2_listner_tls)'],
    ],
    [
      'counts an unknown entry that is not shaped like a check ID without quoting it',
      tags('elbv2_listener_tls_policy,<script>', 'Legacy'),
      { checkIds: ['elbv2_listener_tls_policy'] },
      ['names unknown check IDs (1 malformed)'],
    ],
    [
      'applies nothing when every ID is unknown',
      tags('nope', 'Legacy'),
      undefined,
      ['names unknown check IDs (nope)'],
    ],
    ['reports an empty list', tags(' , ', 'Legacy'), undefined, ['lists no check ID']],
    [
      'does not apply an exemption without a reason',
      tags('elbv2_listener_tls_policy'),
      undefined,
      ['has no ecs-encryption-scanner:exempt-reason tag'],
    ],
    [
      'does not apply an exemption with a blank reason',
      tags('elbv2_listener_tls_policy', '   '),
      undefined,
      ['has no ecs-encryption-scanner:exempt-reason tag'],
    ],
    [
      'does not apply an exemption whose expiry is not a date',
      tags('elbv2_listener_tls_policy', 'Legacy', 'next year'),
      undefined,
      ['is not a date YYYY-MM-DD'],
    ],
    [
      'does not apply an exemption whose expiry is not a calendar day',
      tags('elbv2_listener_tls_policy', 'Legacy', '2026-02-30'),
      undefined,
      ['is not a date YYYY-MM-DD'],
    ],
  ])('%s', (_name, resourceTags, expected, problems) => {
    // Act
    const parsed = parseTagExemption(resourceTags, LB, REGION, KNOWN);

    // Assess
    if (expected === undefined) expect(parsed.rule).toBeUndefined();
    else
      expect(parsed.rule).toMatchObject({ source: 'tag', resource: LB, ...(expected as object) });
    expect(parsed.problems.map((p) => p.problem)).toHaveLength(problems.length);
    problems.forEach((text, i) => {
      expect(parsed.problems[i]).toMatchObject({ source: 'tag', resource: LB, region: REGION });
      expect(parsed.problems[i]?.problem).toContain(text);
    });
  });

  it.each<[string, Tag[], readonly string[] | '*' | undefined]>([
    [
      'a missing reason blocks the checks the tag names',
      tags('elbv2_listener_tls_policy'),
      ['elbv2_listener_tls_policy'],
    ],
    ['a missing reason blocks every check of a * tag', tags('*'), '*'],
    [
      'a bad date blocks the checks the tag names',
      tags('elbv2_listener_encrypted', 'why', 'soon'),
      ['elbv2_listener_encrypted'],
    ],
    ['unknown check IDs block no known check', tags('nope_check', 'why'), undefined],
  ])('%s', (_name, given, blocked) => {
    // Act
    const { problems } = parseTagExemption(given, LB, REGION, KNOWN);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]?.checkIds).toEqual(blocked);
  });

  it('never repeats an expiry value that is not a date', () => {
    const parsed = parseTagExemption(tags('*', 'why', 'hunter2-secret'), LB, REGION, KNOWN);

    expect(JSON.stringify(parsed.problems)).not.toContain('hunter2');
  });
});

describe('tagsByArn', () => {
  it('indexes every taggable resource by the ARN its results carry', () => {
    // Prepare
    const tag = [{ Key: 'k', Value: 'v' }];
    const lower = [{ key: 'k', value: 'v' }];

    // Act
    const index = tagsByArn(
      {
        ecs: {
          services: [{ serviceArn: arn.service('api'), tags: lower }],
          taskDefinitions: [{ taskDefinitionArn: arn.taskDefinition('api:1'), tags: lower }],
        },
        secretsManager: { secrets: [{ ARN: arn.secret('db-AbCdEf'), Tags: tag }] },
        elbv2: { tags: { [LB]: tag, [arn.targetGroup('tg')]: tag } },
        ec2: { vpcs: [{ VpcId: 'vpc-1', Tags: tag }, { VpcId: 'vpc-untagged' }] },
        appmesh: { tags: { [arn.virtualNode('shop', 'cart')]: lower } },
      },
      { partition: 'aws', region: REGION, accountId: ACCOUNT },
    );

    // Assess
    expect([...index.keys()].sort()).toEqual(
      [
        arn.service('api'),
        arn.taskDefinition('api:1'),
        arn.secret('db-AbCdEf'),
        LB,
        arn.targetGroup('tg'),
        `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-1`,
        arn.virtualNode('shop', 'cart'),
      ].sort(),
    );
    expect(index.get(LB)).toEqual([{ key: 'k', value: 'v' }]);
  });
});
