import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import { selectChecks } from '../../lib/scan/checks.ts';
import { UnknownCheckError } from '../../lib/scan/errors.ts';

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
    const selected = selectChecks(checks, ids);

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
      const select = () => selectChecks(checks, ids);

      // Assess
      expect(select).toThrow(UnknownCheckError);
      expect(select).toThrow(expect.objectContaining({ unknown, message }));
    },
  );

  it('selects from the registry it is given, not the built-in one', () => {
    // Prepare
    const registry = checks.filter((c) => c.metadata.service === 'appmesh');

    // Act
    const select = () => selectChecks(registry, ['elbv2_listener_encrypted']);

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
