import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { ExemptionProblem } from '../../lib/evaluate/exemptions/model.ts';
import { SEVERITIES } from '../../lib/model.ts';
import {
  type CheckSelection,
  concernsChecks,
  selectChecks,
  servicesOf,
} from '../../lib/scan/checks.ts';
import {
  NoCheckSelectedError,
  UnknownCheckError,
  UnknownSelectionError,
} from '../../lib/scan/errors.ts';

const idsOf = (selected: readonly { metadata: { id: string } }[]) =>
  selected.map((c) => c.metadata.id);

describe('selectChecks', () => {
  it("selects every check of the registry, in the registry's order, when no IDs are given", () => {
    // Act
    const selected = selectChecks(checks, undefined);

    // Assess
    expect(idsOf(selected)).toEqual(idsOf(checks));
    expect(selected[0]?.metadata.id).toBe('ecs_task_definition_no_secrets_in_environment');
    // A copy: the caller may change its list without changing the registry.
    expect(selected).not.toBe(checks);
  });

  it.each<[string, string[], string[]]>([
    ['one check', ['elbv2_listener_encrypted'], ['elbv2_listener_encrypted']],
    [
      'checks named out of order, in the registry order',
      [
        'appmesh_mesh_end_of_support',
        'vpc_ecs_interface_endpoints',
        'ecs_service_connect_tls_enabled',
      ],
      [
        'ecs_service_connect_tls_enabled',
        'vpc_ecs_interface_endpoints',
        'appmesh_mesh_end_of_support',
      ],
    ],
    [
      'a check named twice, once',
      [
        'elbv2_listener_tls_policy',
        'secretsmanager_secret_rotation_enabled',
        'elbv2_listener_tls_policy',
      ],
      ['secretsmanager_secret_rotation_enabled', 'elbv2_listener_tls_policy'],
    ],
    ['no check from an empty list', [], []],
  ])('selects %s', (_name, ids, expected) => {
    // Act
    const selected = selectChecks(checks, { checks: ids });

    // Assess
    expect(idsOf(selected)).toEqual(expected);
  });

  it.each<[string, string[], string[], string]>([
    [
      'one unknown ID among known ones',
      ['elbv2_listener_encrypted', 'elbv2_listener_encrypt'],
      ['elbv2_listener_encrypt'],
      'unknown check ID: elbv2_listener_encrypt.',
    ],
    [
      'each unknown ID once, in the order given',
      ['nope', 'ecs_service_connect_tls_enabled', 'typo', 'nope', 'typo'],
      ['nope', 'typo'],
      'unknown check ID: nope, typo.',
    ],
    [
      'an ID in another case',
      ['ELBV2_LISTENER_ENCRYPTED'],
      ['ELBV2_LISTENER_ENCRYPTED'],
      'unknown check ID: ELBV2_LISTENER_ENCRYPTED.',
    ],
  ])(
    'refuses, with an UnknownCheckError naming the unknown, %s',
    (_name, ids, unknown, message) => {
      // Act
      const select = () => selectChecks(checks, { checks: ids });

      // Assess
      expect(select).toThrow(UnknownCheckError);
      expect(select).toThrow(expect.objectContaining({ unknown, message }));
    },
  );

  it('selects from the registry it is given, not the built-in one', () => {
    // Prepare
    const registry = checks.filter((c) => c.metadata.service === 'appmesh');

    // Act
    const select = () => selectChecks(registry, { checks: ['elbv2_listener_encrypted'] });

    // Assess
    expect(select).toThrow(expect.objectContaining({ unknown: ['elbv2_listener_encrypted'] }));
    expect(idsOf(selectChecks(registry, undefined))).toEqual([
      'appmesh_virtual_node_listener_tls_strict',
      'appmesh_virtual_node_backend_tls_enforced',
      'appmesh_virtual_node_mutual_tls',
      'appmesh_virtual_gateway_listener_tls_strict',
      'appmesh_virtual_gateway_backend_tls_enforced',
      'appmesh_mesh_end_of_support',
    ]);
  });
});

const metadataOf = (id: string) => checks.find((c) => c.metadata.id === id)?.metadata;

describe('selectChecks with filters', () => {
  it.each<[string, CheckSelection, (id: string) => boolean]>([
    [
      'the checks of the services given',
      { services: ['elb', 'secretsmanager'] },
      (id) => ['elb', 'secretsmanager'].includes(metadataOf(id)?.service ?? ''),
    ],
    [
      'the checks rated at least the severity given',
      { minSeverity: 'HIGH' },
      (id) => ['HIGH', 'CRITICAL'].includes(metadataOf(id)?.severity ?? ''),
    ],
    [
      'every check but those excluded',
      { excludeChecks: ['elbv2_listener_encrypted', 'appmesh_mesh_end_of_support'] },
      (id) => !['elbv2_listener_encrypted', 'appmesh_mesh_end_of_support'].includes(id),
    ],
    [
      'the checks every filter keeps, when they are combined',
      {
        checks: ['elbv2_listener_encrypted', 'elbv2_listener_tls_policy', 'elb_listener_encrypted'],
        excludeChecks: ['elb_listener_encrypted'],
        services: ['elbv2', 'elb'],
        minSeverity: 'HIGH',
      },
      (id) => id === 'elbv2_listener_encrypted',
    ],
    ['every check, at the lowest severity', { minSeverity: 'INFORMATIONAL' }, () => true],
  ])('selects %s, in registry order', (_name, selection, kept) => {
    // Act
    const selected = idsOf(selectChecks(checks, selection));

    // Assess
    expect(selected.length).toBeGreaterThan(0);
    expect(selected).toEqual(idsOf(checks).filter(kept));
  });

  it.each<[string, CheckSelection, string, string[], string]>([
    [
      'an unknown service',
      { services: ['elbv2', 'elbb'] },
      'services',
      ['elbb'],
      'unknown service: elbb.',
    ],
    [
      'a check to exclude that does not exist',
      { excludeChecks: ['nope'] },
      'excludeChecks',
      ['nope'],
      'unknown check ID to exclude: nope.',
    ],
    [
      'an unknown severity',
      { minSeverity: 'SEVERE' as never },
      'minSeverity',
      ['SEVERE'],
      'unknown severity: SEVERE.',
    ],
  ])(
    'refuses %s, naming the field and what it could be',
    (_name, selection, field, unknown, message) => {
      // Act
      const select = () => selectChecks(checks, selection);

      // Assess
      expect(select).toThrow(UnknownSelectionError);
      expect(select).toThrow(expect.objectContaining({ field, unknown, message }));
    },
  );

  it('offers the known values with an unknown one', () => {
    // Act
    const error = (() => {
      try {
        selectChecks(checks, { services: ['nope'], minSeverity: 'HIGH' });
      } catch (e) {
        return e as UnknownSelectionError;
      }
    })();

    // Assess
    expect(error?.known).toEqual(servicesOf(checks));
    expect(servicesOf(checks)).toEqual([
      'ecs',
      'vpc',
      'secretsmanager',
      'elbv2',
      'elb',
      'vpclattice',
      'appmesh',
    ]);
  });

  it.each<[string, CheckSelection]>([
    [
      'services and a severity no check has together',
      { services: ['elb'], minSeverity: 'CRITICAL' },
    ],
    ['every check excluded', { excludeChecks: idsOf(checks) }],
    [
      'a check excluded that is the only one listed',
      { checks: ['elb_listener_encrypted'], excludeChecks: ['elb_listener_encrypted'] },
    ],
  ])('refuses a selection that keeps no check: %s', (_name, selection) => {
    // Act
    const select = () => selectChecks(checks, selection);

    // Assess
    expect(select).toThrow(NoCheckSelectedError);
  });

  it('treats each severity as a floor: every severity selects what the next one does, and more', () => {
    // Act
    const counts = SEVERITIES.map((minSeverity) => {
      try {
        return selectChecks(checks, { minSeverity }).length;
      } catch {
        return 0;
      }
    });

    // Assess
    expect(counts[0]).toBe(checks.length);
    for (const [i, n] of counts.entries())
      if (i > 0) expect(n).toBeLessThanOrEqual(counts[i - 1] ?? 0);
    expect(counts.at(-1)).toBeLessThan(checks.length);
  });
});

describe('concernsChecks', () => {
  const problem = (
    resource: string,
    checkIds?: ExemptionProblem['checkIds'],
  ): ExemptionProblem => ({
    source: 'tag',
    region: 'us-east-1',
    resource,
    problem: 'tag ecs-encryption-scanner:exempt has no reason.',
    ...(checkIds ? { checkIds } : {}),
  });
  const TASK_DEFINITION = 'arn:aws:ecs:us-east-1:111122223333:task-definition/web:1';
  const LOAD_BALANCER =
    'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/0123456789abcdef';
  const VPC = 'arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0abc';
  const ELBV2 = checks.filter((c) => c.metadata.service === 'elbv2');
  const ELB = checks.filter((c) => c.metadata.service === 'elb');
  const VPC_CHECKS = checks.filter((c) => c.metadata.service === 'vpc');

  it.each<[string, ExemptionProblem, readonly (typeof checks)[number][], boolean]>([
    [
      'a problem naming a selected check',
      problem(TASK_DEFINITION, ['elbv2_listener_encrypted']),
      ELBV2,
      true,
    ],
    [
      'a problem naming only checks not selected',
      problem(LOAD_BALANCER, ['ecs_service_connect_tls_enabled']),
      ELBV2,
      false,
    ],
    [
      'a problem for every check (*) on a resource of a selected service',
      problem(LOAD_BALANCER, '*'),
      ELB,
      true,
    ],
    [
      'a problem for every check (*) on a resource of no selected service',
      problem(TASK_DEFINITION, '*'),
      ELBV2,
      false,
    ],
    [
      'a problem naming no valid check on a resource of no selected service',
      problem(TASK_DEFINITION),
      ELBV2,
      false,
    ],
    [
      'a problem naming no valid check on a VPC, with the VPC check selected',
      problem(VPC),
      VPC_CHECKS,
      true,
    ],
    ['a problem on something that is not an ARN', problem('arn-pattern-*'), ELBV2, true],
    ['any problem, with every check selected', problem(TASK_DEFINITION, '*'), checks, true],
  ])('says whether %s concerns the selection', (_name, given, selected, expected) => {
    // Act
    const concerns = concernsChecks(given, selected);

    // Assess
    expect(concerns).toBe(expected);
  });
});
