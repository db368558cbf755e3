import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/vpclattice/vpclattice_ecs_service_traffic_encrypted.ts';
import type { RegionSnapshot, VpcLatticeSection } from '../../../lib/snapshot/types.ts';
import { assertNoneAboveTheCheck, runCheck } from '../../support/evaluate.ts';
import {
  fixedResponse,
  forward,
  latticeArn,
  latticeService,
  listener,
  rule,
  targetGroup,
} from '../../support/vpcLattice.ts';

const SHOP = latticeArn.service('svc-shop');
const HTTP_LISTENER = latticeArn.listener('svc-shop', 'listener-http');

/** The ECS service `web` registered with tg-web, which svc-shop serves. */
const account = (lattice: VpcLatticeSection): RegionSnapshot => ({
  ecs: { services: [latticeService('web', 'tg-web')] },
  vpcLattice: lattice,
});

const cases: [string, VpcLatticeSection, string, string, string][] = [
  [
    'passes an HTTPS listener with an HTTPS target group: TLS end to end',
    {
      targetGroups: [targetGroup('tg-web', 'HTTPS', 'svc-shop')],
      listeners: { [SHOP]: [listener('svc-shop', 'listener-https', 'HTTPS')] },
      defaultActions: {},
      rules: {},
    },
    'PASSED',
    'INFORMATIONAL',
    'tg-web (HTTPS)',
  ],
  [
    'passes a TLS_PASSTHROUGH listener with a TCP target group',
    {
      targetGroups: [targetGroup('tg-web', 'TCP', 'svc-shop')],
      listeners: { [SHOP]: [listener('svc-shop', 'listener-tls', 'TLS_PASSTHROUGH')] },
      defaultActions: {},
      rules: {},
    },
    'PASSED',
    'INFORMATIONAL',
    'tg-web (TCP)',
  ],
  [
    'passes an HTTP listener of the same Lattice service that forwards elsewhere',
    {
      targetGroups: [targetGroup('tg-web', 'HTTPS', 'svc-shop')],
      listeners: { [SHOP]: [listener('svc-shop', 'listener-http', 'HTTP')] },
      defaultActions: { [HTTP_LISTENER]: fixedResponse() },
      rules: {
        [HTTP_LISTENER]: [rule('svc-shop', 'listener-http', 'r1', forward('tg-other'))],
      },
    },
    'PASSED',
    'INFORMATIONAL',
    'no listener that accepts HTTP forwards to it',
  ],
  [
    'fails (HIGH) an HTTP listener whose default action forwards to the target group',
    {
      targetGroups: [targetGroup('tg-web', 'HTTPS', 'svc-shop')],
      listeners: { [SHOP]: [listener('svc-shop', 'listener-http', 'HTTP')] },
      defaultActions: { [HTTP_LISTENER]: forward('tg-web') },
      rules: {},
    },
    'FAILED',
    'HIGH',
    'listener-http (HTTP:80) → target group tg-web',
  ],
  [
    'fails (HIGH) an HTTP listener that forwards to the target group by a rule, named by its ARN',
    {
      targetGroups: [targetGroup('tg-web', 'HTTPS', 'svc-shop')],
      listeners: { [SHOP]: [listener('svc-shop', 'listener-http', 'HTTP')] },
      defaultActions: { [HTTP_LISTENER]: fixedResponse() },
      rules: {
        [HTTP_LISTENER]: [
          rule('svc-shop', 'listener-http', 'r1', forward(latticeArn.targetGroup('tg-web'))),
        ],
      },
    },
    'FAILED',
    'HIGH',
    'listener-http (HTTP:80)',
  ],
  [
    'fails (HIGH) a proven HTTP listener even while another Lattice service’s listeners are unread',
    {
      targetGroups: [targetGroup('tg-web', 'HTTPS', 'svc-shop', 'svc-unread')],
      listeners: { [SHOP]: [listener('svc-shop', 'listener-http', 'HTTP')] },
      defaultActions: { [HTTP_LISTENER]: forward('tg-web') },
      rules: {},
    },
    'FAILED',
    'HIGH',
    'Not read: the listeners of Lattice service svc-unread',
  ],
  [
    'fails (MEDIUM) an HTTP target group behind an HTTPS listener: TLS ends at Lattice',
    {
      targetGroups: [targetGroup('tg-web', 'HTTP', 'svc-shop')],
      listeners: { [SHOP]: [listener('svc-shop', 'listener-https', 'HTTPS')] },
      defaultActions: {},
      rules: {},
    },
    'FAILED',
    'MEDIUM',
    'TLS ends at Lattice',
  ],
  [
    'is not available when the target group could not be read',
    { targetGroups: [], listeners: {}, defaultActions: {}, rules: {} },
    'NOT_AVAILABLE',
    'INFORMATIONAL',
    'target group tg-web (not described)',
  ],
  [
    'is not available when the Lattice service’s listeners could not be listed',
    {
      targetGroups: [targetGroup('tg-web', 'HTTPS', 'svc-shop')],
      listeners: {},
      defaultActions: {},
      rules: {},
    },
    'NOT_AVAILABLE',
    'INFORMATIONAL',
    'the listeners of Lattice service svc-shop',
  ],
  [
    'is not available when where an HTTP listener forwards could not be read',
    {
      targetGroups: [targetGroup('tg-web', 'HTTPS', 'svc-shop')],
      listeners: { [SHOP]: [listener('svc-shop', 'listener-http', 'HTTP')] },
      defaultActions: { [HTTP_LISTENER]: fixedResponse() },
      rules: {},
    },
    'NOT_AVAILABLE',
    'INFORMATIONAL',
    'where listener listener-http (HTTP:80) forwards',
  ],
  [
    'is not available when the target group protocol is unknown',
    {
      targetGroups: [{ ...targetGroup('tg-web', 'HTTPS', 'svc-shop'), config: {} }],
      listeners: { [SHOP]: [] },
      defaultActions: {},
      rules: {},
    },
    'NOT_AVAILABLE',
    'INFORMATIONAL',
    'the protocol of target group tg-web',
  ],
];

describe('vpclattice_ecs_service_traffic_encrypted', () => {
  it.each(cases)('%s', async (_name, lattice, status, severity, reason) => {
    // Prepare
    const data = account(lattice);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status, severity, resource: { kind: 'service' } });
    expect(results[0]?.reason).toContain(reason);
    assertNoneAboveTheCheck(check, results);
  });

  it('judges no service that VPC Lattice does not reach', async () => {
    const results = await runCheck(check, {
      ecs: { services: [{ ...latticeService('web'), deployments: [] }] },
      vpcLattice: { targetGroups: [], listeners: {}, defaultActions: {}, rules: {} },
    });

    expect(results).toEqual([]);
  });

  it('reads the target groups of ACTIVE deployments too, not those of finished ones', async () => {
    const service = latticeService('web', 'tg-web');
    const [primary] = service.deployments ?? [];
    service.deployments = [
      { ...primary, status: 'ACTIVE' },
      {
        ...primary,
        status: 'INACTIVE',
        vpcLatticeConfigurations: [
          { targetGroupArn: latticeArn.targetGroup('tg-old'), portName: 'web', roleArn: 'r' },
        ],
      },
    ];

    const results = await runCheck(check, {
      ecs: { services: [service] },
      vpcLattice: {
        targetGroups: [targetGroup('tg-web', 'HTTPS')],
        listeners: {},
        defaultActions: {},
        rules: {},
      },
    });

    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe('PASSED');
  });
});
