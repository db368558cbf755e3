import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import { checksSelected, type SelectionFlags } from '../../lib/cli/selection.ts';
import {
  deduplicationId,
  MAX_MESSAGE_BYTES,
  messageBytes,
  messageGroupId,
} from '../../lib/lambda/enqueue.ts';
import { CHECK_IDS, SERVICES } from '../../lib/lambda/events/common.ts';
import { scanMessageSchema } from '../../lib/lambda/events/scanMessage.ts';
import type { ScanRequestDetail } from '../../lib/lambda/events/scanRequested.ts';
import {
  InvalidRequestError,
  type OnDemandContext,
  onDemandScans,
  requestedSelection,
  scheduledScans,
  scopeOfArn,
} from '../../lib/lambda/requests.ts';

const ACCOUNT = '111122223333';
const arn = (service: string, resource: string, account = ACCOUNT) =>
  `arn:aws:${service}:us-east-1:${account}:${resource}`;

const context = (fields: Partial<OnDemandContext> = {}): OnDemandContext => ({
  registry: checks,
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

/** The line the CLI refuses its flags with (what it prints after `ecs-encryption-scanner: `). */
const cliLine = (flags: SelectionFlags): string => {
  try {
    checksSelected(checks, flags);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`the CLI accepts ${JSON.stringify(flags)}`);
};

describe('requestedSelection', () => {
  it.each<[string, SelectionFlags, ScanRequestDetail, string]>([
    [
      'a mistyped check ID',
      { checks: 'elbv2_listener_encrypt' },
      { checks: ['elbv2_listener_encrypt'] },
      'unknown check ID in detail.checks: elbv2_listener_encrypt (did you mean elbv2_listener_encrypted?). Run list-checks for the check IDs.',
    ],
    [
      'a mistyped check ID to exclude',
      { 'exclude-checks': 'appmesh_mesh_end_of_suport' },
      { excludeChecks: ['appmesh_mesh_end_of_suport'] },
      'unknown check ID in detail.excludeChecks: appmesh_mesh_end_of_suport (did you mean appmesh_mesh_end_of_support?). Run list-checks for the check IDs.',
    ],
    [
      'a mistyped service',
      { services: 'ecs,elbb' },
      { services: ['ecs', 'elbb'] },
      'unknown service in detail.services: elbb (did you mean elb?). Expected some of ecs, vpc, secretsmanager, elbv2, elb, vpclattice, appmesh.',
    ],
    [
      'a mistyped severity',
      { severity: 'hihg' },
      { minSeverity: 'hihg' },
      'unknown severity in detail.minSeverity: HIHG (did you mean HIGH?). Expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL.',
    ],
  ])(
    'refuses %s with the CLI’s line, naming the field where the CLI names the flag',
    (_name, flags, detail, line) => {
      // Prepare
      const flag = Object.keys(flags)[0] as string;
      const field = Object.keys(detail)[0] as string;

      // Act
      const refused = () => requestedSelection(detail, checks);

      // Assess
      expect(refused).toThrow(new InvalidRequestError(line));
      expect(line).toBe(cliLine(flags).replace(`--${flag}`, `detail.${field}`));
    },
  );

  it('refuses filters that together keep no check, as the CLI does, quoting them as given', () => {
    // Act
    const refused = () =>
      requestedSelection({ services: ['elb'], minSeverity: 'CRITICAL' }, checks);

    // Assess
    expect(refused).toThrow(
      new InvalidRequestError(
        'no check matches detail.services ["elb"] detail.minSeverity "CRITICAL". Run list-checks with the same filters to see what each selects.',
      ),
    );
    expect(cliLine({ services: 'elb', severity: 'CRITICAL' })).toBe(
      'no check matches --services elb --severity CRITICAL. Run list-checks with the same filters to see what each selects.',
    );
  });

  it('selects what the CLI selects: services in lower case, the severity in upper case, each value once', () => {
    // Act
    const selection = requestedSelection(
      {
        excludeChecks: ['elb_listener_encrypted'],
        services: ['ELBv2', 'elbv2', 'Elb'],
        minSeverity: 'high',
      },
      checks,
    );

    // Assess
    expect(selection).toEqual({
      excludeChecks: ['elb_listener_encrypted'],
      services: ['elbv2', 'elb'],
      minSeverity: 'HIGH',
    });
    expect(selection).toEqual(
      checksSelected(checks, {
        'exclude-checks': 'elb_listener_encrypted',
        services: 'ELBv2,elbv2,Elb',
        severity: 'high',
      }).selection,
    );
  });
});

describe('onDemandScans with check filters', () => {
  it('carries the filters, normalised, in every scan request', async () => {
    // Act
    const messages = await onDemandScans(
      { services: ['ELBv2'], minSeverity: 'high', excludeChecks: ['elbv2_listener_tls_policy'] },
      'event-1',
      context(),
    );

    // Assess
    expect(messages.map((m) => [m.accountId, m.services, m.minSeverity, m.excludeChecks])).toEqual([
      [ACCOUNT, ['elbv2'], 'HIGH', ['elbv2_listener_tls_policy']],
      ['444455556666', ['elbv2'], 'HIGH', ['elbv2_listener_tls_policy']],
    ]);
    expect(messages.every((m) => scanMessageSchema.safeParse(m).success)).toBe(true);
  });

  it('refuses unknown filters before looking up any region', async () => {
    // Prepare
    let lookedUp = false;
    const regions = async () => {
      lookedUp = true;
      return ['us-east-1'];
    };

    // Act
    const result = onDemandScans(
      { regions: ['all'], services: ['s3'] },
      'event-1',
      context({ enabledRegions: regions, config: { regions: { mode: 'all' } } }),
    );

    // Assess
    await expect(result).rejects.toThrow(InvalidRequestError);
    expect(lookedUp).toBe(false);
  });

  it('keeps the largest filters in a small part of an SQS message', async () => {
    // Prepare: every check ID, all but one excluded again, every service, the longest severity.
    const allButOne = CHECK_IDS.filter((id) => id !== 'elbv2_listener_encrypted');

    // Act
    const [message] = await onDemandScans(
      {
        accounts: [ACCOUNT],
        checks: CHECK_IDS,
        excludeChecks: allButOne,
        services: SERVICES,
        minSeverity: 'INFORMATIONAL',
      },
      'event-1',
      context(),
    );

    // Assess: the filters leave nearly all of it to the resources (100 ARNs of up to 2,048).
    if (!message) throw new Error('no scan request');
    expect(message.excludeChecks).toHaveLength(CHECK_IDS.length - 1);
    expect(messageBytes(message)).toBeLessThan(MAX_MESSAGE_BYTES / 50);
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
