import { describe, expect, it } from 'vitest';
import {
  accountResource,
  listenerResource,
  loadBalancerResource,
  serviceResource,
  taskDefinitionResource,
} from '../../lib/evaluate/inventory/resources.ts';
import { buildFinding, buildFindings, findingId, truncate } from '../../lib/findings/asff.ts';
import { asffViolations } from '../../lib/findings/limits.ts';
import type { CheckMetadata, CheckResult } from '../../lib/model.ts';
import { ACCOUNT, arn, REGION } from '../support/evaluate.ts';

const metadata: CheckMetadata = {
  id: 'elbv2_listener_encrypted',
  service: 'elbv2',
  title: 'ELBv2 listeners encrypt traffic',
  severity: 'HIGH',
  resourceKind: 'listener',
  inputs: ['ecs.services'],
  description: 'Checks listeners.',
  risk: 'Plain text on the wire.',
  remediation: {
    text: 'Use HTTPS.',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html',
  },
  guidance: 'Use TLS on load balancers.',
  relatedRequirements: ['AWS FSBP ELB.1', 'NIST.800-53.r5 SC-8'],
};

const context = {
  accountId: ACCOUNT,
  partition: 'aws',
  evaluatedAt: '2026-11-28T12:00:00.000Z',
  productVersion: '0.1.0',
};

const listener = listenerResource(
  {
    ListenerArn: arn.listener('web', 'aaa'),
    LoadBalancerArn: arn.loadBalancer('web'),
    Protocol: 'HTTP',
    Port: 80,
  },
  REGION,
);
const loadBalancer = loadBalancerResource(
  { LoadBalancerArn: arn.loadBalancer('web'), LoadBalancerName: 'web', Type: 'application' },
  REGION,
);

const failed: CheckResult = {
  checkId: metadata.id,
  status: 'FAILED',
  severity: 'HIGH',
  reason: 'Listener HTTP:80 forwards plain HTTP.',
  resource: listener,
  relatedResources: [loadBalancer],
};

describe('buildFinding', () => {
  it('builds a finding that BatchImportFindings accepts', () => {
    // Act
    const finding = buildFinding(failed, metadata, context);

    // Assess
    expect(asffViolations(finding)).toEqual([]);
    expect(finding).toMatchObject({
      SchemaVersion: '2018-10-08',
      ProductArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
      GeneratorId: 'elbv2_listener_encrypted',
      AwsAccountId: ACCOUNT,
      Region: REGION,
      Severity: { Label: 'HIGH' },
      FindingProviderFields: { Severity: { Label: 'HIGH' } },
      Compliance: {
        Status: 'FAILED',
        RelatedRequirements: ['AWS FSBP ELB.1', 'NIST.800-53.r5 SC-8'],
      },
      CreatedAt: context.evaluatedAt,
      UpdatedAt: context.evaluatedAt,
      FirstObservedAt: context.evaluatedAt,
      LastObservedAt: context.evaluatedAt,
      RecordState: 'ACTIVE',
    });
    expect(finding.Description).toContain('Listener HTTP:80 forwards plain HTTP.');
  });

  it('publishes an exempt result as WARNING, INFORMATIONAL, with the exemption in provider fields', () => {
    // Prepare
    const exempt: CheckResult = {
      ...failed,
      status: 'WARNING',
      severity: 'INFORMATIONAL',
      exemption: {
        state: 'applied',
        source: 'tag',
        resource: arn.loadBalancer('web'),
        reason: 'Legacy clients until June.',
        expires: '2027-06-30',
        severity: 'HIGH',
      },
    };

    // Act
    const finding = buildFinding(exempt, metadata, context);

    // Assess
    expect(asffViolations(finding)).toEqual([]);
    expect(finding).toMatchObject({
      Compliance: { Status: 'WARNING' },
      Severity: { Label: 'INFORMATIONAL', Original: 'HIGH' },
      FindingProviderFields: { Severity: { Label: 'INFORMATIONAL', Original: 'HIGH' } },
      ProductFields: {
        'ecs-encryption-scanner/Exemption/Status': 'applied',
        'ecs-encryption-scanner/Exemption/Source': 'tag',
        'ecs-encryption-scanner/Exemption/Resource': arn.loadBalancer('web'),
        'ecs-encryption-scanner/Exemption/Reason': 'Legacy clients until June.',
        'ecs-encryption-scanner/Exemption/Expires': '2027-06-30',
        'ecs-encryption-scanner/Exemption/Severity': 'HIGH',
      },
    });
    expect(finding.Description).toContain(
      `Exempt (HIGH) by tag on ${arn.loadBalancer('web')} until 2027-06-30: Legacy clients until June.`,
    );
    expect(finding).not.toHaveProperty('Note');
    expect(finding).not.toHaveProperty('Workflow');
    expect(finding).not.toHaveProperty('UserDefinedFields');
  });

  it('keeps a result with an expired exemption FAILED at its severity, saying it expired', () => {
    const expired: CheckResult = {
      ...failed,
      exemption: {
        state: 'expired',
        source: 'file',
        resource: 'arn:aws:elasticloadbalancing:*',
        origin: 'exemptions.json exemptions[0]',
        reason: 'Migration',
        expires: '2026-01-31',
        severity: 'HIGH',
      },
    };

    const finding = buildFinding(expired, metadata, context);

    expect(finding).toMatchObject({
      Compliance: { Status: 'FAILED' },
      FindingProviderFields: { Severity: { Label: 'HIGH', Original: 'HIGH' } },
      ProductFields: { 'ecs-encryption-scanner/Exemption/Status': 'expired' },
    });
    expect(finding.Description).toContain('Exemption expired after 2026-01-31');
  });

  it('says in a FAILED finding why the exemption meant for it was not applied', () => {
    // Prepare
    const notExempt: CheckResult = {
      ...failed,
      exemptionProblem:
        'tag ecs-encryption-scanner:exempt has no ecs-encryption-scanner:exempt-reason tag: the exemption is not applied until it says why.',
    };

    // Act
    const finding = buildFinding(notExempt, metadata, context);

    // Assess
    expect(finding.Compliance?.Status).toBe('FAILED');
    expect(finding.Description).toContain(
      'Exemption not applied: tag ecs-encryption-scanner:exempt has no ecs-encryption-scanner:exempt-reason tag',
    );
    expect(finding.ProductFields).not.toHaveProperty('ecs-encryption-scanner/Exemption/Status');
  });

  it('puts the judged resource first and the load balancer second', () => {
    const finding = buildFinding(failed, metadata, context);

    expect(finding.Resources?.map((r) => [r.Type, r.Id])).toEqual([
      ['Other', listener.arn],
      ['AwsElbv2LoadBalancer', loadBalancer.arn],
    ]);
    expect(finding.Resources?.[0]?.Details?.Other).toMatchObject({ Protocol: 'HTTP', Port: '80' });
  });

  it('maps a task definition to AwsEcsTaskDefinition details without container definitions', () => {
    const resource = taskDefinitionResource(arn.taskDefinition('api:3'), REGION, {
      taskDefinitionArn: arn.taskDefinition('api:3'),
      family: 'api',
      containerDefinitions: [
        { name: 'app', environment: [{ name: 'DB_PASSWORD', value: 'hunter2-hunter2' }] },
      ],
    });

    const finding = buildFinding({ ...failed, resource, relatedResources: [] }, metadata, context);

    expect(finding.Resources?.[0]).toMatchObject({
      Type: 'AwsEcsTaskDefinition',
      Details: { AwsEcsTaskDefinition: { Family: 'api' } },
    });
    expect(JSON.stringify(finding)).not.toContain('hunter2');
  });

  it.each([
    ['FARGATE', 'FARGATE'],
    ['EC2', 'EC2'],
    ['EXTERNAL', 'EXTERNAL'],
    // ASFF's AwsEcsServiceDetails.LaunchType has no MANAGED_INSTANCES value.
    ['MANAGED_INSTANCES', undefined],
  ])('maps a service on launch type %s to AwsEcsService LaunchType %s', (launchType, expected) => {
    const resource = serviceResource(
      {
        serviceArn: arn.service('api'),
        serviceName: 'api',
        launchType: launchType as 'FARGATE',
      },
      REGION,
    );

    const finding = buildFinding({ ...failed, resource, relatedResources: [] }, metadata, context);

    expect(finding.Resources?.[0]?.Details?.AwsEcsService?.LaunchType).toBe(expected);
    expect(finding.Resources?.[0]?.Details?.AwsEcsService?.ServiceName).toBe('api');
  });

  it('names a service cluster/service in ResourceName, keeps its bare name in the details and its Id by ARN alone', () => {
    // Prepare
    const resource = serviceResource(
      { serviceArn: arn.service('api'), serviceName: 'api', clusterArn: arn.cluster('prod') },
      REGION,
    );
    const result = { ...failed, resource, relatedResources: [] };

    // Act
    const finding = buildFinding(result, metadata, context);
    const renamed = buildFinding(
      { ...result, resource: { ...resource, name: 'api' } },
      metadata,
      context,
    );

    // Assess
    expect(finding.ProductFields?.['ecs-encryption-scanner/ResourceName']).toBe('prod/api');
    expect(finding.Resources?.[0]?.Details?.AwsEcsService).toMatchObject({
      Name: 'api',
      ServiceName: 'api',
      Cluster: arn.cluster('prod'),
    });
    expect(finding.Id).toBe(findingId(REGION, ACCOUNT, metadata.id, arn.service('api')));
    expect(renamed.Id).toBe(finding.Id);
  });

  it('gives PASSED results the INFORMATIONAL severity they were built with', () => {
    const finding = buildFinding(
      { ...failed, status: 'PASSED', severity: 'INFORMATIONAL' },
      metadata,
      context,
    );

    expect(finding.Severity?.Label).toBe('INFORMATIONAL');
    expect(finding.Compliance?.Status).toBe('PASSED');
  });

  it('cuts an over-long reason so the description stays within 1,024 characters', () => {
    const finding = buildFinding({ ...failed, reason: 'x'.repeat(5000) }, metadata, context);

    expect(finding.Description?.length).toBe(1024);
    expect(asffViolations(finding)).toEqual([]);
  });

  it('throws for a result of a check it has no metadata for', () => {
    expect(() => buildFindings([failed], new Map(), context)).toThrow(
      'no metadata for check elbv2_listener_encrypted',
    );
  });
});

describe('findingId', () => {
  it('is the same for the same region, account, check and resource', () => {
    expect(findingId(REGION, ACCOUNT, 'c_d_e', 'arn:x')).toBe(
      findingId(REGION, ACCOUNT, 'c_d_e', 'arn:x'),
    );
  });

  it.each([
    ['region', ['eu-west-1', ACCOUNT, 'c_d_e', 'arn:x']],
    ['account', [REGION, '444455556666', 'c_d_e', 'arn:x']],
    ['check', [REGION, ACCOUNT, 'c_d_f', 'arn:x']],
    ['resource', [REGION, ACCOUNT, 'c_d_e', 'arn:y']],
  ] as const)('differs when the %s differs', (_field, [region, account, checkId, resourceArn]) => {
    expect(findingId(region, account, checkId, resourceArn)).not.toBe(
      findingId(REGION, ACCOUNT, 'c_d_e', 'arn:x'),
    );
  });

  it('hashes an ARN that would make the ID longer than 512 characters, keeping IDs distinct', () => {
    const long = `arn:aws:appmesh:${REGION}:${ACCOUNT}:mesh/${'m'.repeat(255)}/virtualNode/${'n'.repeat(255)}`;

    const id = findingId(REGION, ACCOUNT, 'appmesh_virtual_node_mutual_tls', long);

    expect(id.length).toBeLessThanOrEqual(512);
    expect(id).toMatch(/sha256:[0-9a-f]{64}$/);
    expect(id).not.toBe(findingId(REGION, ACCOUNT, 'appmesh_virtual_node_mutual_tls', `${long}x`));
  });
});

describe('truncate', () => {
  it.each([
    ['abc', 5, 'abc'],
    ['abcde', 5, 'abcde'],
    ['abcdef', 5, 'abcd…'],
  ])('truncates %s to %i characters as %s', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
  });
});

describe('buildFinding for a check that could not list its resources in a region', () => {
  it('names the account as Security Hub does: type AwsAccount, Id AWS::::Account:ACCOUNT', () => {
    // Prepare
    const notAvailable: CheckResult = {
      checkId: metadata.id,
      status: 'NOT_AVAILABLE',
      severity: 'INFORMATIONAL',
      reason: 'Elastic Load Balancing could not be listed in us-east-1.',
      resource: accountResource(ACCOUNT, REGION),
    };

    // Act
    const finding = buildFinding(notAvailable, metadata, context);

    // Assess
    expect(asffViolations(finding)).toEqual([]);
    expect(finding.Id).toBe(
      `ecs-encryption-scanner/${REGION}/${ACCOUNT}/${metadata.id}/AWS::::Account:${ACCOUNT}`,
    );
    expect(finding.Resources).toEqual([
      {
        Id: `AWS::::Account:${ACCOUNT}`,
        Type: 'AwsAccount',
        Partition: 'aws',
        Region: REGION,
        Details: { Other: { Name: ACCOUNT, AccountId: ACCOUNT } },
      },
    ]);
    expect(finding.Compliance?.Status).toBe('NOT_AVAILABLE');
  });
});
