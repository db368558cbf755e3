import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import type { Check } from '../../lib/evaluate/check.ts';
import { coverageGaps, evaluateSnapshot } from '../../lib/evaluate/evaluate.ts';
import { taskDefinitionResource } from '../../lib/evaluate/inventory/resources.ts';
import { emptyRegionSnapshot } from '../../lib/snapshot/sections.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';
import { ACCOUNT, arn, NOW, REGION } from '../support/evaluate.ts';

const everySectionEmpty = emptyRegionSnapshot();

// A check that reports what it saw, to observe the engine without depending on real checks.
const probe: Check = {
  metadata: {
    id: 'ecs_task_definition_probe_seen',
    service: 'ecs',
    title: 'probe',
    severity: 'LOW',
    resourceKind: 'taskDefinition',
    inputs: ['ecs.services'],
    description: 'probe',
    risk: 'probe',
    remediation: { text: 'probe', url: 'https://docs.aws.amazon.com/' },
    guidance: 'probe',
    relatedRequirements: [],
  },
  evaluate: ({ inventory, now }) =>
    (inventory.taskDefinitions ?? []).map(({ arn: tdArn, data }) => ({
      checkId: 'ecs_task_definition_probe_seen',
      status: data ? 'PASSED' : 'NOT_AVAILABLE',
      severity: 'INFORMATIONAL',
      reason: `seen at ${now.toISOString()} in ${inventory.region}; credential kinds ${[...inventory.credentialKinds.values()].flat().join(',')}`,
      resource: taskDefinitionResource(tdArn, inventory.region, data),
    })),
};

const snapshot = (regions: Snapshot['regions']): Snapshot => ({
  format: 'ecs-encryption-scanner/snapshot@2',
  failures: [],
  accountId: ACCOUNT,
  partition: 'aws',
  regions,
});

describe('coverageGaps', () => {
  it('reports nothing when every section was collected, even empty', () => {
    expect(coverageGaps(REGION, everySectionEmpty)).toEqual([]);
  });

  it('reports each missing section by its path', () => {
    const gaps = coverageGaps(REGION, {
      ...everySectionEmpty,
      elbv2: { ...everySectionEmpty.elbv2, rules: undefined },
      appmesh: undefined,
    });

    expect(gaps.map((g) => g.section)).toEqual([
      'elbv2.rules',
      'appmesh.meshes',
      'appmesh.virtualNodes',
      'appmesh.virtualGateways',
      'appmesh.tags',
    ]);
  });

  it('leaves the tag sections out when tag exemptions are switched off', () => {
    // Act
    const gaps = coverageGaps(REGION, { appmesh: undefined, ec2: undefined }, false);

    // Assess
    const sections = gaps.map((g) => g.section);
    expect(sections).toContain('appmesh.meshes');
    expect(sections).toContain('ec2.vpcEndpoints');
    expect(sections).not.toContain('appmesh.tags');
    expect(sections).not.toContain('ec2.vpcs');
    expect(sections).not.toContain('elbv2.tags');
  });
});

describe('evaluateSnapshot', () => {
  it('evaluates every region with the evaluation time it is given', async () => {
    // Prepare
    const service = (region: string) => ({
      serviceArn: `arn:aws:ecs:${region}:${ACCOUNT}:service/prod/api`,
      status: 'ACTIVE',
      taskDefinition: `arn:aws:ecs:${region}:${ACCOUNT}:task-definition/api:1`,
    });
    const data = snapshot({
      'us-east-1': { ecs: { services: [service('us-east-1')], taskDefinitions: [] } },
      'eu-west-1': {
        ecs: {
          services: [service('eu-west-1')],
          taskDefinitions: [
            { taskDefinitionArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/api:1` },
          ],
        },
      },
    });

    // Act
    const scan = await evaluateSnapshot(data, DEFAULT_CONFIG, NOW, [probe]);

    // Assess
    expect(scan.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(scan.evaluatedAt).toBe(NOW.toISOString());
    expect(scan.checkIds).toEqual(['ecs_task_definition_probe_seen']);
    expect(scan.results.map((r) => [r.resource.region, r.status])).toEqual([
      ['us-east-1', 'NOT_AVAILABLE'],
      ['eu-west-1', 'PASSED'],
    ]);
    expect(scan.results[0]?.reason).toContain(NOW.toISOString());
  });

  it('recognizes credential formats before the checks run, without keeping the value in results', async () => {
    const data = snapshot({
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
                {
                  name: 'app',
                  environment: [
                    { name: 'GITHUB_TOKEN', value: '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' },
                  ],
                },
              ],
            },
          ],
        },
      },
    });

    const scan = await evaluateSnapshot(data, DEFAULT_CONFIG, NOW, [probe]);

    expect(scan.results[0]?.reason).toContain('github');
    expect(JSON.stringify(scan)).not.toContain('ghp_wWPw5k4a');
  });
});

describe('evaluateSnapshot with region coverage', () => {
  /** A check that reads `inputs` and finds nothing: only coverage results can come out. */
  const reading = (id: string, inputs: Check['metadata']['inputs']): Check => ({
    metadata: { ...probe.metadata, id, inputs },
    evaluate: () => [],
  });
  const meshCheck = reading('appmesh_probe', ['appmesh.meshes', 'appmesh.virtualNodes']);
  const listenerCheck = reading('elbv2_probe', ['elbv2.loadBalancers', 'elbv2.listeners']);
  const tagCheck = reading('elbv2_tag_probe', ['elbv2.tags', 'ec2.vpcs', 'appmesh.tags']);
  const checks = [meshCheck, listenerCheck, tagCheck];
  const meshless = { ...everySectionEmpty, appmesh: undefined };
  const untagged = {
    ...everySectionEmpty,
    elbv2: { ...everySectionEmpty.elbv2, tags: undefined },
    ec2: { ...everySectionEmpty.ec2, vpcs: undefined },
    appmesh: { ...everySectionEmpty.appmesh, tags: undefined },
  };

  it.each<{
    name: string;
    regions: Snapshot['regions'];
    regionCoverage: boolean;
    expected: string[][];
  }>([
    {
      name: 'one result for each check missing a section, in that region only',
      regions: { 'us-east-1': meshless, 'eu-west-1': everySectionEmpty },
      regionCoverage: true,
      expected: [['appmesh_probe', 'us-east-1']],
    },
    {
      name: 'one result per region where the section is missing',
      regions: { 'us-east-1': meshless, 'eu-west-1': meshless },
      regionCoverage: true,
      expected: [
        ['appmesh_probe', 'us-east-1'],
        ['appmesh_probe', 'eu-west-1'],
      ],
    },
    {
      name: 'none for the exemption tag sections',
      regions: { 'us-east-1': untagged },
      regionCoverage: true,
      expected: [],
    },
    {
      name: 'none when every section was collected',
      regions: { 'us-east-1': everySectionEmpty },
      regionCoverage: true,
      expected: [],
    },
    {
      name: 'none when the option is off (a focused rescan)',
      regions: { 'us-east-1': meshless },
      regionCoverage: false,
      expected: [],
    },
  ])('gives $name', async ({ regions, regionCoverage, expected }) => {
    // Act
    const scan = await evaluateSnapshot(snapshot(regions), DEFAULT_CONFIG, NOW, checks, {
      regionCoverage,
    });

    // Assess
    expect(scan.results.map((r) => [r.checkId, r.resource.region])).toEqual(expected);
  });

  it('reports the account NOT_AVAILABLE, naming the sections not collected and what to do', async () => {
    // Prepare
    const data = snapshot({
      [REGION]: {
        ...everySectionEmpty,
        elbv2: { ...everySectionEmpty.elbv2, listeners: undefined },
      },
    });

    // Act
    const scan = await evaluateSnapshot(data, DEFAULT_CONFIG, NOW, checks, {
      regionCoverage: true,
    });

    // Assess
    expect(scan.results).toEqual([
      {
        checkId: 'elbv2_probe',
        status: 'NOT_AVAILABLE',
        severity: 'INFORMATIONAL',
        reason: `Elastic Load Balancing could not be listed in ${REGION} (elbv2.listeners not collected): until they are, no finding of this check there is archived and none turns PASSED on what the scan could not see. See the collection failures and the sections not collected.`,
        resource: {
          kind: 'account',
          arn: `AWS::::Account:${ACCOUNT}`,
          region: REGION,
          name: ACCOUNT,
          attributes: { accountId: ACCOUNT },
        },
      },
    ]);
  });
});
