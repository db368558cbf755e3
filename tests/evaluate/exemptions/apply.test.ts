import { describe, expect, it } from 'vitest';
import { checks as allChecks } from '../../../checks/registry.ts';
import { DEFAULT_CONFIG } from '../../../lib/config.ts';
import { evaluateSnapshot } from '../../../lib/evaluate/evaluate.ts';
import {
  applyExemptions,
  type ExemptionRules,
  noteExemptionProblems,
} from '../../../lib/evaluate/exemptions/apply.ts';
import type { ExemptionProblem, ExemptionRule } from '../../../lib/evaluate/exemptions/model.ts';
import {
  listenerResource,
  secretResource,
  targetGroupResource,
  vpcResource,
} from '../../../lib/evaluate/inventory/resources.ts';
import type { CheckResult, ComplianceStatus } from '../../../lib/model.ts';
import { SNAPSHOT_FORMAT, type Snapshot } from '../../../lib/snapshot/types.ts';
import { ACCOUNT, arn, NOW, REGION } from '../../support/evaluate.ts';

const LB = arn.loadBalancer('pos');
const listener = listenerResource(
  { ListenerArn: arn.listener('pos', 'l1'), LoadBalancerArn: LB, Protocol: 'HTTPS', Port: 443 },
  REGION,
);
const targetGroup = targetGroupResource(arn.targetGroup('pos'), REGION);
const vpc = vpcResource('vpc-1', { partition: 'aws', region: REGION, accountId: ACCOUNT });
const secret = secretResource(arn.secret('db-AbCdEf'), { region: REGION, accountId: ACCOUNT });

const result = (
  checkId: string,
  resource: CheckResult['resource'],
  status: ComplianceStatus = 'FAILED',
): CheckResult => ({
  checkId,
  status,
  severity: status === 'FAILED' ? 'HIGH' : 'INFORMATIONAL',
  reason: `${resource.name} is judged ${status}.`,
  resource,
});

const tagRule = (resource: string, extra: Partial<ExemptionRule> = {}): ExemptionRule => ({
  source: 'tag',
  checkIds: '*',
  resource,
  reason: 'Legacy point-of-sale clients',
  ...extra,
});
const rules = (tags: ExemptionRule[], file: ExemptionRule[] = []): ExemptionRules => ({
  tags: new Map(tags.map((rule) => [rule.resource, rule])),
  file,
});

describe('applyExemptions', () => {
  it.each<[string, CheckResult, ExemptionRules, Partial<CheckResult> | 'unchanged']>([
    [
      'exempts a listener through its load balancer’s tags',
      result('elbv2_listener_tls_policy', listener),
      rules([tagRule(LB)]),
      { status: 'WARNING', severity: 'INFORMATIONAL' },
    ],
    [
      'exempts a listener through its own tags',
      result('elbv2_listener_tls_policy', listener),
      rules([tagRule(listener.arn)]),
      { status: 'WARNING', severity: 'INFORMATIONAL' },
    ],
    [
      'exempts a target group through the target group’s tags',
      result('elbv2_target_group_encrypted', targetGroup),
      rules([tagRule(targetGroup.arn)]),
      { status: 'WARNING' },
    ],
    [
      'does not exempt a target group through its load balancer’s tags',
      result('elbv2_target_group_encrypted', targetGroup),
      rules([tagRule(LB)]),
      'unchanged',
    ],
    [
      'exempts the VPC check’s result through the VPC’s tags',
      result('vpc_ecs_interface_endpoints', vpc),
      rules([tagRule(`arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-1`)]),
      { status: 'WARNING' },
    ],
    [
      'exempts only the listed checks',
      result('elbv2_listener_encrypted', listener),
      rules([tagRule(LB, { checkIds: ['elbv2_listener_tls_policy'] })]),
      'unchanged',
    ],
    [
      'exempts through a file pattern',
      result('secretsmanager_secret_rotation_enabled', secret),
      rules(
        [],
        [{ ...tagRule(`arn:aws:secretsmanager:*:${ACCOUNT}:secret:db-*`), source: 'file' }],
      ),
      { status: 'WARNING', severity: 'INFORMATIONAL' },
    ],
    [
      'does not exempt through a file pattern that does not match',
      result('secretsmanager_secret_rotation_enabled', secret),
      rules(
        [],
        [{ ...tagRule(`arn:aws:secretsmanager:*:${ACCOUNT}:secret:api-*`), source: 'file' }],
      ),
      'unchanged',
    ],
    [
      'exempts on the expiry day',
      result('elbv2_listener_tls_policy', listener),
      rules([tagRule(LB, { expires: NOW.toISOString().slice(0, 10) })]),
      { status: 'WARNING' },
    ],
    [
      'keeps FAILED at its real severity the day after the expiry, naming the exemption',
      result('elbv2_listener_tls_policy', listener),
      rules([tagRule(LB, { expires: '2026-11-27' })]),
      {
        status: 'FAILED',
        severity: 'HIGH',
        exemption: expect.objectContaining({ state: 'expired', expires: '2026-11-27' }),
      },
    ],
    [
      'prefers an unexpired exemption to an expired one',
      result('elbv2_listener_tls_policy', listener),
      rules(
        [tagRule(LB, { expires: '2020-01-01' })],
        [{ ...tagRule(listener.arn), source: 'file', expires: '2030-01-01' }],
      ),
      { status: 'WARNING', exemption: expect.objectContaining({ source: 'file' }) },
    ],
    [
      'never changes a NOT_AVAILABLE result',
      result('elbv2_listener_tls_policy', listener, 'NOT_AVAILABLE'),
      rules([tagRule(LB)]),
      'unchanged',
    ],
    [
      'never changes a PASSED result',
      result('elbv2_listener_tls_policy', listener, 'PASSED'),
      rules([tagRule(LB)]),
      'unchanged',
    ],
  ])('%s', (_name, input, exemptions, expected) => {
    // Act
    const [output] = applyExemptions([input], exemptions, NOW);

    // Assess
    if (expected === 'unchanged') expect(output).toBe(input);
    else {
      const { checkId, reason, resource } = input;
      expect(output).toMatchObject({ checkId, reason, resource, ...expected });
    }
  });

  it('keeps the real severity, the source, the resource and the reason on an exempt result', () => {
    const [output] = applyExemptions(
      [result('elbv2_listener_tls_policy', listener)],
      rules([tagRule(LB, { expires: '2027-06-30' })]),
      NOW,
    );

    expect(output?.exemption).toEqual({
      state: 'applied',
      source: 'tag',
      resource: LB,
      reason: 'Legacy point-of-sale clients',
      expires: '2027-06-30',
      severity: 'HIGH',
    });
  });
});

describe('noteExemptionProblems', () => {
  const problem = (resource: string, checkIds?: readonly string[] | '*'): ExemptionProblem => ({
    source: 'tag',
    region: REGION,
    resource,
    problem: 'tag ecs-encryption-scanner:exempt has no ecs-encryption-scanner:exempt-reason tag.',
    ...(checkIds ? { checkIds } : {}),
  });
  const exempt: CheckResult = {
    ...result('elbv2_target_group_encrypted', targetGroup, 'WARNING'),
    exemption: {
      state: 'applied',
      source: 'tag',
      resource: targetGroup.arn,
      reason: 'r',
      severity: 'HIGH',
    },
  };

  it.each<[string, CheckResult, ExemptionProblem, boolean]>([
    [
      'notes a FAILED result of a check the malformed tag names',
      result('elbv2_target_group_encrypted', targetGroup),
      problem(targetGroup.arn, ['elbv2_target_group_encrypted']),
      true,
    ],
    [
      'notes a listener result through its load balancer’s malformed tag',
      result('elbv2_listener_tls_policy', listener),
      problem(LB, '*'),
      true,
    ],
    [
      'leaves a FAILED result of a check the tag does not name',
      result('elbv2_listener_tls_policy', listener),
      problem(LB, ['elbv2_listener_encrypted']),
      false,
    ],
    [
      'leaves a PASSED result',
      result('elbv2_target_group_encrypted', targetGroup, 'PASSED'),
      problem(targetGroup.arn, '*'),
      false,
    ],
    ['leaves a result another exemption covers', exempt, problem(targetGroup.arn, '*'), false],
    [
      'leaves results when the problem blocks no check (unknown IDs only)',
      result('elbv2_target_group_encrypted', targetGroup),
      problem(targetGroup.arn),
      false,
    ],
    [
      'leaves the results of other resources',
      result('secretsmanager_secret_rotation_enabled', secret),
      problem(targetGroup.arn, '*'),
      false,
    ],
  ])('%s', (_name, given, found, noted) => {
    // Act
    const [out] = noteExemptionProblems([given], [found]);

    // Assess
    expect(out?.exemptionProblem).toBe(noted ? found.problem : undefined);
    expect(out?.status).toBe(given.status);
  });
});

describe('evaluateSnapshot with exemptions', () => {
  // A secret without rotation: secretsmanager_secret_rotation_enabled fails it (MEDIUM).
  const snapshot = (secretTags: { Key: string; Value: string }[]): Snapshot => ({
    format: SNAPSHOT_FORMAT,
    accountId: ACCOUNT,
    partition: 'aws',
    regions: {
      [REGION]: {
        ecs: {
          services: [
            {
              serviceArn: arn.service('api'),
              status: 'ACTIVE',
              taskDefinition: arn.taskDefinition('api:1'),
            },
          ],
          taskDefinitions: [
            {
              taskDefinitionArn: arn.taskDefinition('api:1'),
              containerDefinitions: [
                { name: 'app', secrets: [{ name: 'DB', valueFrom: arn.secret('db-AbCdEf') }] },
              ],
            },
          ],
        },
        secretsManager: {
          secrets: [
            { ARN: arn.secret('db-AbCdEf'), Name: 'db', RotationEnabled: false, Tags: secretTags },
          ],
        },
      },
    },
  });
  const rotation = (scan: Awaited<ReturnType<typeof evaluateSnapshot>>) =>
    scan.results.find((r) => r.checkId === 'secretsmanager_secret_rotation_enabled');

  it('exempts a FAILED result through its resource’s tags', async () => {
    const scan = await evaluateSnapshot(
      snapshot([
        { Key: 'ecs-encryption-scanner:exempt', Value: 'secretsmanager_secret_rotation_enabled' },
        { Key: 'ecs-encryption-scanner:exempt-reason', Value: 'Rotated by the vendor' },
      ]),
      DEFAULT_CONFIG,
      NOW,
      allChecks,
    );

    expect(rotation(scan)).toMatchObject({ status: 'WARNING', severity: 'INFORMATIONAL' });
    expect(scan.exemptionProblems).toEqual([]);
  });

  it('does not apply a tag exemption without a reason, and reports it', async () => {
    const scan = await evaluateSnapshot(
      snapshot([{ Key: 'ecs-encryption-scanner:exempt', Value: '*' }]),
      DEFAULT_CONFIG,
      NOW,
      allChecks,
    );

    expect(rotation(scan)).toMatchObject({ status: 'FAILED', severity: 'MEDIUM' });
    expect(rotation(scan)?.exemptionProblem).toContain(
      'has no ecs-encryption-scanner:exempt-reason tag',
    );
    expect(scan.exemptionProblems).toEqual([
      expect.objectContaining({ source: 'tag', resource: arn.secret('db-AbCdEf'), region: REGION }),
    ]);
  });

  it('ignores exemption tags when the config turns them off', async () => {
    const scan = await evaluateSnapshot(
      snapshot([
        { Key: 'ecs-encryption-scanner:exempt', Value: '*' },
        { Key: 'ecs-encryption-scanner:exempt-reason', Value: 'Rotated by the vendor' },
      ]),
      { ...DEFAULT_CONFIG, exemptionTags: false },
      NOW,
      allChecks,
    );

    expect(rotation(scan)?.status).toBe('FAILED');
  });

  it('applies the exemptions file', async () => {
    const scan = await evaluateSnapshot(snapshot([]), DEFAULT_CONFIG, NOW, allChecks, {
      exemptionsFile: {
        source: 'exemptions.json',
        rules: [
          { ...tagRule(`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-*`), source: 'file' },
        ],
      },
    });

    expect(rotation(scan)).toMatchObject({ status: 'WARNING', exemption: { source: 'file' } });
  });
});
