import { describe, expect, it } from 'vitest';
import { deduplicationId, messageGroupId } from '../../lib/lambda/enqueue.ts';
import { scanMessageSchema } from '../../lib/lambda/events/scanMessage.ts';
import {
  InvalidRequestError,
  type OnDemandContext,
  onDemandScans,
  scheduledScans,
  scopeOfArn,
} from '../../lib/lambda/requests.ts';

const ACCOUNT = '111122223333';
const arn = (service: string, resource: string, account = ACCOUNT) =>
  `arn:aws:${service}:us-east-1:${account}:${resource}`;

const context = (fields: Partial<OnDemandContext> = {}): OnDemandContext => ({
  accounts: [ACCOUNT, '444455556666'],
  regions: ['us-east-1'],
  enabledRegions: async () => ['eu-west-1', 'us-east-1'],
  config: { regions: { mode: 'list', regions: ['us-east-1'] } },
  ...fields,
});

describe('scopeOfArn', () => {
  it.each([
    [
      arn('ecs', 'service/prod/web'),
      { services: [{ cluster: 'prod', service: arn('ecs', 'service/prod/web') }] },
      [arn('ecs', 'service/prod/web')],
      [],
    ],
    [
      arn('ecs', 'service/legacy-web'),
      { services: [{ cluster: 'default', service: arn('ecs', 'service/legacy-web') }] },
      [arn('ecs', 'service/legacy-web')],
      [],
    ],
    [
      arn('ecs', 'task-definition/web:3'),
      { taskDefinitionArns: [arn('ecs', 'task-definition/web:3')] },
      [arn('ecs', 'task-definition/web:3')],
      [],
    ],
    [
      arn('elasticloadbalancing', 'loadbalancer/app/web/1'),
      { loadBalancerArns: [arn('elasticloadbalancing', 'loadbalancer/app/web/1')] },
      [],
      [arn('elasticloadbalancing', 'listener/app/web/1/')],
    ],
    [
      arn('elasticloadbalancing', 'listener-rule/app/web/1/2/3'),
      { loadBalancerArns: [arn('elasticloadbalancing', 'loadbalancer/app/web/1')] },
      [arn('elasticloadbalancing', 'listener/app/web/1/2')],
      [],
    ],
    [
      arn('appmesh', 'mesh/prod'),
      { meshes: [{ meshName: 'prod', meshOwner: ACCOUNT }] },
      [arn('appmesh', 'mesh/prod')],
      [`${arn('appmesh', 'mesh/prod')}/`],
    ],
    [
      arn('appmesh', 'mesh/prod/virtualNode/orders'),
      { meshes: [{ meshName: 'prod', meshOwner: ACCOUNT }] },
      [arn('appmesh', 'mesh/prod/virtualNode/orders')],
      [],
    ],
    [arn('ec2', 'vpc/vpc-0a1'), { allServices: true }, [arn('ec2', 'vpc/vpc-0a1')], []],
    [
      arn('secretsmanager', 'secret:db-AbCdEf'),
      { allServices: true },
      [arn('secretsmanager', 'secret:db-AbCdEf')],
      [],
    ],
  ])('rescans %s through what judges it', (resource, focus, arns, prefixes) => {
    // Assess
    expect(scopeOfArn(resource)).toEqual({ focus, arns, prefixes });
  });

  it.each([arn('s3', 'bucket'), arn('ecs', 'cluster/prod'), 'not-an-arn'])(
    'has no scope for %s',
    (resource) => {
      // Assess
      expect(scopeOfArn(resource)).toBeUndefined();
    },
  );
});

describe('onDemandScans', () => {
  it('groups requested resources by account and region, with a listed scope', async () => {
    // Act
    const messages = await onDemandScans(
      {
        resourceArns: [
          arn('ecs', 'service/prod/web'),
          arn('ecs', 'service/prod/api'),
          arn('ecs', 'service/prod/web', '444455556666'),
        ],
        dryRun: true,
      },
      'event-1',
      context(),
    );

    // Assess
    expect(messages.map((m) => [m.accountId, m.resourceArns, m.resourceScope, m.dryRun])).toEqual([
      [ACCOUNT, [arn('ecs', 'service/prod/web'), arn('ecs', 'service/prod/api')], 'listed', true],
      ['444455556666', [arn('ecs', 'service/prod/web', '444455556666')], 'listed', true],
    ]);
    expect(messages.every((m) => scanMessageSchema.safeParse(m).success)).toBe(true);
  });

  it('refuses a resource in a region the deployment does not scan', async () => {
    // Act
    const result = onDemandScans(
      { resourceArns: ['arn:aws:ecs:eu-west-1:111122223333:service/prod/web'] },
      'event-1',
      context(),
    );

    // Assess
    await expect(result).rejects.toThrow(
      new InvalidRequestError(
        'region eu-west-1 is not scanned by this deployment (configured: us-east-1).',
      ),
    );
  });

  it('accepts every enabled region when the deployment scans all regions', async () => {
    // Act
    const messages = await onDemandScans(
      { regions: ['eu-west-1'], accounts: [ACCOUNT] },
      'event-1',
      context({ config: { regions: { mode: 'all' } } }),
    );

    // Assess
    expect(messages.map((m) => m.region)).toEqual(['eu-west-1']);
  });
});

describe('scheduled scans', () => {
  it('give each target its own message group and a deduplication ID that repeats only for the same tick', () => {
    // Prepare
    const targets = [
      { accountId: ACCOUNT, region: 'us-east-1' },
      { accountId: ACCOUNT, region: 'eu-west-1' },
    ];

    // Act
    const first = scheduledScans(targets, '2026-11-28T00:00:00Z');
    const again = scheduledScans(targets, '2026-11-28T00:00:00Z');
    const next = scheduledScans(targets, '2026-11-28T12:00:00Z');

    // Assess
    expect(first.map(messageGroupId)).toEqual([`${ACCOUNT}:us-east-1`, `${ACCOUNT}:eu-west-1`]);
    expect(again.map(deduplicationId)).toEqual(first.map(deduplicationId));
    expect(new Set([...first, ...next].map(deduplicationId)).size).toBe(4);
    expect(first.map(deduplicationId).every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
  });
});
