import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks as registered } from '../../../checks/registry.ts';
import type { Check } from '../../../lib/evaluate/check.ts';
import {
  CHANGE_EVENTS,
  CHANGED_SECTIONS,
  type CloudTrailEvent,
  cloudTrailEventSchema,
  mapChange,
  sectionsChangedBy,
} from '../../../lib/lambda/events/cloudTrail.ts';
import type { CheckService } from '../../../lib/model.ts';
import { ALL_SECTIONS, type SnapshotSection } from '../../../lib/snapshot/sections.ts';

const DIR = join(import.meta.dirname, '..', '..', '..', 'events', 'cloudtrail');
const sample = (name: string): CloudTrailEvent =>
  cloudTrailEventSchema.parse(JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')));

const ACCOUNT = '111122223333';
const LB_WEB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/elb-web/3f9c2a7d41b6e805`;
const LB_LEGACY = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/elb-legacy/8d2e6b1c09a47f53`;
const LISTENER_443 = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/elb-web/3f9c2a7d41b6e805/7b1e4c9a2f60d3e8`;
const SERVICE = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/service-fargate/service-orders`;
const CLUSTER = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/service-fargate`;
const MESH = (path: string) => `arn:aws:appmesh:us-east-1:${ACCOUNT}:mesh/${path}`;

describe('the sample CloudTrail events', () => {
  const files = readdirSync(DIR).map((f) => f.replace(/\.json$/, ''));

  it('cover every event the change rules forward', () => {
    // Assess: DeleteLoadBalancer has an ELBv2 sample and a Classic one (elb-).
    // (Lattice's CreateListener, DeleteRule, DeleteService… share their names with other sources.)
    const names = [...new Set(files.map((f) => f.split('-')[1]))].sort();
    expect(names).toEqual([...new Set(Object.values(CHANGE_EVENTS).flat())].sort());
  });

  it('cover every VPC Lattice event with a sample of its own', () => {
    const lattice = files.filter((f) => f.startsWith('vpclattice-')).map((f) => f.split('-')[1]);
    expect(lattice.sort()).toEqual([...CHANGE_EVENTS['vpc-lattice.amazonaws.com']].sort());
  });

  it.each(files)('%s matches the CloudTrail event schema', (name) => {
    // Act
    const result = cloudTrailEventSchema.safeParse(
      JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')),
    );

    // Assess
    expect(result.success).toBe(true);
  });
});

describe('mapChange', () => {
  it.each<[string, Record<string, unknown>]>([
    [
      'ecs-CreateService',
      { focus: { services: [{ cluster: CLUSTER, service: SERVICE }] }, resourceArns: [SERVICE] },
    ],
    [
      'ecs-UpdateService',
      { focus: { services: [{ cluster: CLUSTER, service: SERVICE }] }, resourceArns: [SERVICE] },
    ],
    [
      'ecs-DeleteService',
      { focus: { services: [{ cluster: CLUSTER, service: SERVICE }] }, resourceArns: [SERVICE] },
    ],
    [
      'ecs-UpdateCluster',
      {
        focus: { clusters: [`arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/service-fargate`] },
        resourceArns: [],
        resourcePrefixes: [`arn:aws:ecs:us-east-1:${ACCOUNT}:service/service-fargate/`],
      },
    ],
    [
      'ecs-PutClusterCapacityProviders',
      {
        focus: { clusters: [`arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/service-fargate`] },
        resourceArns: [],
        resourcePrefixes: [`arn:aws:ecs:us-east-1:${ACCOUNT}:service/service-fargate/`],
      },
    ],
    [
      'ecs-DeregisterTaskDefinition',
      {
        focus: {
          taskDefinitionArns: [`arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/service-orders:3`],
        },
        resourceArns: [`arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/service-orders:3`],
      },
    ],
    [
      'ecs-DeleteTaskDefinitions',
      {
        focus: {
          taskDefinitionArns: [`arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/service-orders:3`],
        },
        resourceArns: [`arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/service-orders:3`],
      },
    ],
    [
      'elbv2-DeleteLoadBalancer',
      {
        focus: { loadBalancerArns: [LB_LEGACY] },
        resourceArns: [],
        resourcePrefixes: [
          `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/elb-legacy/8d2e6b1c09a47f53/`,
        ],
      },
    ],
    [
      'elbv2-CreateListener',
      {
        focus: { loadBalancerArns: [LB_WEB] },
        resourceArns: [
          `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/elb-web/3f9c2a7d41b6e805/c3a7e1f5b9d24680`,
        ],
      },
    ],
    [
      'elbv2-ModifyListener',
      { focus: { loadBalancerArns: [LB_WEB] }, resourceArns: [LISTENER_443] },
    ],
    [
      'elbv2-DeleteListener',
      {
        focus: { loadBalancerArns: [LB_WEB] },
        resourceArns: [
          `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/elb-web/3f9c2a7d41b6e805/1a5d8f2c7e93b046`,
        ],
      },
    ],
    [
      'elbv2-AddListenerCertificates',
      { focus: { loadBalancerArns: [LB_WEB] }, resourceArns: [LISTENER_443] },
    ],
    [
      'elbv2-RemoveListenerCertificates',
      { focus: { loadBalancerArns: [LB_WEB] }, resourceArns: [LISTENER_443] },
    ],
    ['elbv2-CreateRule', { focus: { loadBalancerArns: [LB_WEB] }, resourceArns: [LISTENER_443] }],
    ['elbv2-ModifyRule', { focus: { loadBalancerArns: [LB_WEB] }, resourceArns: [LISTENER_443] }],
    ['elbv2-DeleteRule', { focus: { loadBalancerArns: [LB_WEB] }, resourceArns: [LISTENER_443] }],
    [
      'elbv2-ModifyTargetGroup',
      {
        focus: {
          targetGroupArns: [
            `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/elb-web-https/5e1f9a3c7b2d8046`,
          ],
        },
        resourceArns: [
          `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/elb-web-https/5e1f9a3c7b2d8046`,
        ],
      },
    ],
    ...[
      'elb-CreateLoadBalancerListeners',
      'elb-DeleteLoadBalancerListeners',
      'elb-SetLoadBalancerPoliciesOfListener',
      'elb-SetLoadBalancerListenerSSLCertificate',
      'elb-DeleteLoadBalancer',
    ].map((name): [string, Record<string, unknown>] => [
      name,
      {
        focus: { classicLoadBalancerNames: ['clb-inventory'] },
        resourceArns: [
          `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/clb-inventory`,
        ],
        resourcePrefixes: [],
      },
    ]),
    ...[
      'vpclattice-CreateListener',
      'vpclattice-UpdateListener',
      'vpclattice-DeleteListener',
      'vpclattice-CreateRule',
      'vpclattice-UpdateRule',
      'vpclattice-DeleteRule',
      'vpclattice-BatchUpdateRule',
      'vpclattice-DeleteService',
    ].map((name): [string, Record<string, unknown>] => [
      name,
      {
        focus: { allServices: true },
        checks: ['vpclattice_ecs_service_traffic_encrypted'],
        resourceArns: [],
        resourcePrefixes: [`arn:aws:ecs:us-east-1:${ACCOUNT}:service/`],
      },
    ]),
    [
      'vpclattice-DeleteTargetGroup',
      {
        focus: {
          latticeTargetGroupArns: [
            `arn:aws:vpc-lattice:us-east-1:${ACCOUNT}:targetgroup/tg-0c9d8e7f6a5b43210`,
          ],
        },
        checks: ['vpclattice_ecs_service_traffic_encrypted'],
        resourceArns: [],
        resourcePrefixes: [],
      },
    ],
    [
      'ec2-CreateVpcEndpoint',
      {
        focus: { allServices: true },
        checks: ['vpc_ecs_interface_endpoints'],
        resourceArns: [`arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/vpc-0c33c0ffee0000003`],
      },
    ],
    [
      'ec2-ModifyVpcEndpoint',
      { focus: { allServices: true }, checks: ['vpc_ecs_interface_endpoints'], resourceArns: [] },
    ],
    [
      'ec2-DeleteVpcEndpoints',
      { focus: { allServices: true }, checks: ['vpc_ecs_interface_endpoints'], resourceArns: [] },
    ],
    [
      'appmesh-CreateMesh',
      { focus: { meshes: [{ meshName: 'mesh-edge' }] }, resourceArns: [MESH('mesh-edge')] },
    ],
    [
      'appmesh-UpdateMesh',
      { focus: { meshes: [{ meshName: 'mesh-prod' }] }, resourceArns: [MESH('mesh-prod')] },
    ],
    [
      'appmesh-DeleteMesh',
      {
        focus: { meshes: [{ meshName: 'mesh-legacy' }] },
        resourceArns: [MESH('mesh-legacy')],
        resourcePrefixes: [`${MESH('mesh-legacy')}/`],
      },
    ],
    [
      'appmesh-UpdateVirtualNode',
      {
        focus: { meshes: [{ meshName: 'mesh-prod' }] },
        resourceArns: [MESH('mesh-prod'), MESH('mesh-prod/virtualNode/mesh-orders')],
      },
    ],
    [
      'appmesh-DeleteVirtualGateway',
      {
        focus: { meshes: [{ meshName: 'mesh-legacy' }] },
        resourceArns: [MESH('mesh-legacy'), MESH('mesh-legacy/virtualGateway/mesh-edge-internal')],
      },
    ],
  ])('maps %s to a rescan of the affected resources', (name, expected) => {
    // Act
    const change = mapChange(sample(name), registered);

    // Assess
    expect(change).toMatchObject({
      kind: 'rescan',
      accountId: ACCOUNT,
      region: 'us-east-1',
      ...expected,
    });
  });

  it.each<[string, string[], boolean]>([
    // A service's VPC: the rescan publishes only what that one service lets it conclude.
    ['ecs-UpdateService', ['ecs_service_connect_tls_enabled', 'elbv2_listener_encrypted'], true],
    ['elbv2-ModifyListener', ['elbv2_listener_encrypted', 'elbv2_target_group_encrypted'], false],
    [
      'appmesh-UpdateVirtualNode',
      ['appmesh_mesh_end_of_support', 'appmesh_virtual_node_mutual_tls'],
      false,
    ],
  ])('gives %s the checks that judge what it changed', (name, some, judgesVpc) => {
    // Act
    const change = mapChange(sample(name), registered);

    // Assess
    const checks = change.kind === 'rescan' ? change.checks : [];
    expect(checks).toEqual(expect.arrayContaining(some));
    expect(checks.includes('vpc_ecs_interface_endpoints')).toBe(judgesVpc);
  });

  it.each([
    [
      'ecs-UpdateService',
      'RegisterTaskDefinition',
      'unknown event ecs.amazonaws.com RegisterTaskDefinition',
    ],
    [
      'elbv2-DeleteLoadBalancer',
      'CreateLoadBalancer',
      'unknown event elasticloadbalancing.amazonaws.com CreateLoadBalancer',
    ],
  ])(
    'skips %s renamed %s, which the rules no longer forward (it changes nothing the checks judge yet)',
    (name, eventName, reason) => {
      // Prepare: an old forwarding rule in a member account may still send it.
      const event = sample(name);
      event.detail.eventName = eventName;

      // Act
      const change = mapChange(event, registered);

      // Assess
      expect(change).toEqual({ kind: 'skip', eventName, reason });
      expect(Object.values(CHANGE_EVENTS).flat()).not.toContain(eventName);
    },
  );

  it('skips a call that failed', () => {
    // Prepare
    const event = sample('ecs-UpdateService');
    event.detail.errorCode = 'AccessDeniedException';

    // Act
    const change = mapChange(event, registered);

    // Assess
    expect(change).toEqual({
      kind: 'skip',
      eventName: 'UpdateService',
      reason: 'the call failed (AccessDeniedException)',
    });
  });

  it('skips an event name it does not follow', () => {
    // Prepare
    const event = sample('ecs-UpdateService');
    event.detail.eventName = 'TagResource';

    // Act
    const change = mapChange(event, registered);

    // Assess
    expect(change).toMatchObject({
      kind: 'skip',
      reason: 'unknown event ecs.amazonaws.com TagResource',
    });
  });

  it('builds the service ARN from the request when the response is missing', () => {
    // Prepare
    const event = sample('ecs-DeleteService');
    event.detail.responseElements = null;

    // Act
    const change = mapChange(event, registered);

    // Assess
    expect(change).toMatchObject({
      focus: { services: [{ cluster: 'service-fargate', service: 'service-orders' }] },
      resourceArns: [SERVICE],
    });
  });

  it('takes the cluster from the request when the response is missing, and skips a call naming none', () => {
    // Prepare
    const named = sample('ecs-UpdateCluster');
    named.detail.responseElements = null;
    const unnamed = sample('ecs-UpdateCluster');
    unnamed.detail.responseElements = null;
    unnamed.detail.requestParameters = {};

    // Act
    const changes = [mapChange(named, registered), mapChange(unnamed, registered)];

    // Assess
    expect(changes).toMatchObject([
      {
        kind: 'rescan',
        focus: { clusters: ['service-fargate'] },
        resourcePrefixes: [`arn:aws:ecs:us-east-1:${ACCOUNT}:service/service-fargate/`],
      },
      { kind: 'skip', reason: 'the event names no cluster' },
    ]);
  });

  it('takes the account of a forwarded event from its CloudTrail record', () => {
    // Prepare
    const event = sample('ecs-UpdateService');
    event.detail.recipientAccountId = '444455556666';

    // Act
    const change = mapChange(event, registered);

    // Assess
    expect(change).toMatchObject({ accountId: '444455556666' });
  });
});

/** A check as a new service's would be: the engine knows it only by its metadata. */
const fakeCheck = (id: string, service: string, inputs: readonly SnapshotSection[]): Check => ({
  metadata: {
    ...(registered[0] as Check).metadata,
    id,
    service: service as CheckService,
    inputs,
  },
  evaluate: () => [],
});

describe('the checks a change rescans', () => {
  const lattice = fakeCheck('vpclattice_listener_encrypted', 'vpclattice', ['elbv2.listeners']);
  const latticeMesh = fakeCheck('vpclattice_mesh', 'vpclattice', ['appmesh.meshes']);
  const elbTags = fakeCheck('elbv2_tags_only', 'elbv2', ['elbv2.tags']);

  it('rescans a check of a new service after an ELBv2 change that feeds one of its inputs', () => {
    // Act
    const change = mapChange(sample('elbv2-ModifyListener'), [lattice, latticeMesh, elbTags]);

    // Assess: not by service: the ELBv2 check whose input the change leaves alone is not rescanned.
    expect(change).toMatchObject({
      kind: 'rescan',
      checks: ['vpclattice_listener_encrypted'],
      focus: { loadBalancerArns: [LB_WEB] },
      resourceArns: [LISTENER_443],
    });
  });

  it('skips a change that feeds none of the inputs of the checks it is given', () => {
    // Act
    const change = mapChange(sample('ec2-CreateVpcEndpoint'), [lattice, latticeMesh, elbTags]);

    // Assess
    expect(change).toEqual({
      kind: 'skip',
      eventName: 'CreateVpcEndpoint',
      reason: 'no check reads what it changes (ec2.vpcEndpoints)',
    });
  });

  it.each<[string, string[]]>([
    // The mesh checks read the task definitions too (they say which meshes are in scope).
    ['ecs-UpdateService', registered.map((c) => c.metadata.id)],
    [
      'ecs-DeregisterTaskDefinition',
      [
        ...registered.map((c) => c.metadata.id).filter((id) => id.startsWith('appmesh_')),
        'ecs_task_definition_no_app_mesh_proxy',
        'ecs_task_definition_no_secrets_in_environment',
        'ecs_task_definition_no_static_aws_credentials',
        'ecs_task_definition_secrets_from_secrets_manager',
        'ecs_task_definition_efs_transit_encryption',
        'vpc_ecs_interface_endpoints',
        'secretsmanager_secret_rotation_enabled',
      ],
    ],
    [
      'elbv2-ModifyListener',
      [
        'elbv2_listener_encrypted',
        'elbv2_listener_tls_policy',
        'elbv2_listener_certificate_valid',
        'elbv2_listener_sni_certificates_cover_hosts',
        'elbv2_listener_mutual_tls_verified',
        'elbv2_target_group_encrypted',
        // It reads the ACM certificates too (of the Classic load balancers of the same services).
        'elb_listener_certificate_valid',
      ],
    ],
    [
      'ecs-UpdateCluster',
      [
        'ecs_service_confidential_workload_nitro_enclaves',
        'ecs_service_execute_command_session_encrypted',
        'vpc_ecs_interface_endpoints',
      ],
    ],
    [
      'elbv2-AddListenerCertificates',
      [
        'elbv2_listener_certificate_valid',
        'elbv2_listener_sni_certificates_cover_hosts',
        'elb_listener_certificate_valid',
      ],
    ],
    [
      'elb-SetLoadBalancerPoliciesOfListener',
      [
        'elb_listener_encrypted',
        'elb_listener_tls_policy',
        'elb_backend_encrypted',
        'elb_listener_certificate_valid',
      ],
    ],
    ['ec2-DeleteVpcEndpoints', ['vpc_ecs_interface_endpoints']],
    ['appmesh-UpdateMesh', ['appmesh_mesh_end_of_support']],
    [
      'appmesh-DeleteVirtualGateway',
      [
        'appmesh_virtual_gateway_listener_tls_strict',
        'appmesh_virtual_gateway_backend_tls_enforced',
        'appmesh_mesh_end_of_support',
      ],
    ],
  ])('rescans after %s the registered checks that read what it changes', (name, expected) => {
    // Act
    const change = mapChange(sample(name), registered);

    // Assess
    expect(change.kind === 'rescan' && [...change.checks].sort()).toEqual([...expected].sort());
  });

  it.each(
    Object.entries(CHANGED_SECTIONS).flatMap(([source, names]) =>
      Object.keys(names).map((name) => [source, name] as const),
    ),
  )('has %s %s change a section that a registered check reads', (source, name) => {
    // Act
    const changed = sectionsChangedBy(source, name) ?? [];

    // Assess
    expect(changed.every((section) => ALL_SECTIONS.includes(section))).toBe(true);
    expect(
      registered.filter((c) => c.metadata.inputs.some((s) => changed.includes(s))),
    ).not.toEqual([]);
  });

  it.each([
    ['ecs.amazonaws.com', 'constructor'],
    ['hasOwnProperty', 'CreateService'],
    ['s3.amazonaws.com', 'PutObject'],
  ])('knows no change %s %s', (source, name) => {
    expect(sectionsChangedBy(source, name)).toBeUndefined();
  });
});

describe('the CloudTrail event schema', () => {
  const valid = () => JSON.parse(readFileSync(join(DIR, 'ecs-UpdateService.json'), 'utf8'));

  // biome-ignore lint/suspicious/noExplicitAny: the cases edit the event's JSON freely.
  it.each<[string, (event: Record<string, any>) => void, string]>([
    [
      'another detail-type',
      (e) => {
        e['detail-type'] = 'ECS Task State Change';
      },
      'detail-type',
    ],
    [
      'another source',
      (e) => {
        e.source = 'aws.s3';
      },
      'source',
    ],
    [
      'no eventID',
      (e) => {
        delete e.detail.eventID;
      },
      'detail.eventID',
    ],
    [
      'a region that is not one',
      (e) => {
        e.detail.awsRegion = 'moon-1';
      },
      'detail.awsRegion',
    ],
    [
      'no detail',
      (e) => {
        delete e.detail;
      },
      'detail',
    ],
  ])('rejects an event with %s', (_name, change, path) => {
    // Prepare
    const event = valid();
    change(event);

    // Act
    const result = cloudTrailEventSchema.safeParse(event);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
