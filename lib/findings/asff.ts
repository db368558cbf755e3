// results → ASFF findings, pure. ASFF's PascalCase lives here and nowhere else.
import { createHash } from 'node:crypto';
import type { AwsSecurityFinding, Resource } from '@aws-sdk/client-securityhub';
import { describeExemption } from '../evaluate/exemptions/apply.ts';
import type { AppliedExemption } from '../evaluate/exemptions/model.ts';
import type { ResourceKind, ResourceRef } from '../evaluate/inventory/resources.ts';
import type { CheckMetadata, CheckResult } from '../model.ts';
import { ASFF_LIMITS } from './limits.ts';

export const PRODUCT_NAME = 'ecs-encryption-scanner';

export interface FindingContext {
  accountId: string;
  partition: string;
  /** The evaluation time; CreatedAt/UpdatedAt/ObservedAt all come from it. */
  evaluatedAt: string;
  productVersion: string;
}

export const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

export const productArn = (partition: string, region: string, accountId: string): string =>
  `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;

/**
 * Deterministic and unique per (region, account, check, resource): no timestamp, no randomness.
 * The ARN is spelled out when it fits in 512 characters, else replaced by its SHA-256.
 */
export const findingId = (
  region: string,
  accountId: string,
  checkId: string,
  resourceArn: string,
): string => {
  const readable = `${PRODUCT_NAME}/${region}/${accountId}/${checkId}/${resourceArn}`;
  if (readable.length <= ASFF_LIMITS.id) return readable;
  const digest = createHash('sha256').update(resourceArn).digest('hex');
  return `${PRODUCT_NAME}/${region}/${accountId}/${checkId}/sha256:${digest}`;
};

/** The Security Hub resource type of each kind (ASFF Resources[].Type; OCSF resources[].type too). */
export const ASFF_TYPE: Record<ResourceKind, string> = {
  taskDefinition: 'AwsEcsTaskDefinition',
  service: 'AwsEcsService',
  secret: 'AwsSecretsManagerSecret',
  vpc: 'AwsEc2Vpc',
  loadBalancer: 'AwsElbv2LoadBalancer',
  classicLoadBalancer: 'AwsElbLoadBalancer',
  listener: 'Other',
  targetGroup: 'Other',
  mesh: 'Other',
  virtualNode: 'Other',
  virtualGateway: 'Other',
  account: 'AwsAccount',
};

const pascal = (key: string): string => key.charAt(0).toUpperCase() + key.slice(1);

/** `Details.Other`: at most 50 pairs, keys under 128 and values under 1,024 characters. */
const other = (attributes: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(attributes)
      .slice(0, ASFF_LIMITS.otherPairs)
      .map(([k, v]) => [
        truncate(pascal(k), ASFF_LIMITS.otherKey),
        truncate(v, ASFF_LIMITS.otherValue),
      ]),
  );

const ASFF_LAUNCH_TYPES = new Set(['EC2', 'FARGATE', 'EXTERNAL']);

const details = (resource: ResourceRef): Resource['Details'] => {
  const a = resource.attributes;
  switch (resource.kind) {
    case 'taskDefinition':
      return {
        AwsEcsTaskDefinition: {
          Family: a.family,
          NetworkMode: a.networkMode,
          TaskRoleArn: a.taskRoleArn,
          ExecutionRoleArn: a.executionRoleArn,
        },
      };
    case 'service':
      return {
        AwsEcsService: {
          Name: a.serviceName,
          ServiceName: a.serviceName,
          ServiceArn: resource.arn,
          Cluster: a.clusterArn,
          // ASFF's AwsEcsServiceDetails takes EC2 | FARGATE | EXTERNAL only: a newer launch type
          // (MANAGED_INSTANCES) is left out rather than risk the import refusing the finding.
          LaunchType: ASFF_LAUNCH_TYPES.has(a.launchType ?? '') ? a.launchType : undefined,
          TaskDefinition: a.taskDefinition,
        },
      };
    case 'secret':
      return {
        AwsSecretsManagerSecret: {
          Name: a.name,
          RotationEnabled:
            a.rotationEnabled === undefined ? undefined : a.rotationEnabled === 'true',
          RotationLambdaArn: a.rotationLambdaArn,
        },
      };
    case 'loadBalancer':
      return {
        AwsElbv2LoadBalancer: {
          DNSName: a.dnsName,
          Scheme: a.scheme,
          Type: a.type,
          VpcId: a.vpcId,
        },
      };
    case 'classicLoadBalancer':
      return {
        AwsElbLoadBalancer: {
          LoadBalancerName: a.loadBalancerName,
          DnsName: a.dnsName,
          Scheme: a.scheme,
          VpcId: a.vpcId,
        },
      };
    default:
      return { Other: other({ name: resource.name, ...a }) };
  }
};

export const asffResource = (resource: ResourceRef, partition: string): Resource => ({
  Id: resource.arn,
  Type: ASFF_TYPE[resource.kind],
  Partition: partition as Resource['Partition'],
  Region: resource.region,
  Details: details(resource),
});

const findingTypes = (metadata: CheckMetadata): string[] => [
  'Software and Configuration Checks/AWS Security Best Practices',
  ...(metadata.relatedRequirements.some((r) => r.startsWith('NIST'))
    ? ['Software and Configuration Checks/Industry and Regulatory Standards/NIST 800-53 Controls']
    : []),
];

/** Provider-owned fields of an exempt (or expired-exemption) result: what a Security Hub filter can select on. */
const exemptionFields = (exemption: AppliedExemption | undefined): Record<string, string> => {
  if (!exemption) return {};
  const key = (name: string) => `${PRODUCT_NAME}/Exemption/${name}`;
  const value = (text: string) => truncate(text, ASFF_LIMITS.productFieldValue);
  return {
    [key('Status')]: exemption.state,
    [key('Source')]: exemption.source,
    [key('Resource')]: value(exemption.resource),
    [key('Reason')]: value(exemption.reason),
    [key('Severity')]: exemption.severity,
    ...(exemption.expires ? { [key('Expires')]: exemption.expires } : {}),
    ...(exemption.origin ? { [key('Origin')]: value(exemption.origin) } : {}),
  };
};

export const buildFinding = (
  result: CheckResult,
  metadata: CheckMetadata,
  context: FindingContext,
): AwsSecurityFinding => {
  const { region } = result.resource;
  const types = findingTypes(metadata);
  // An exempt result is INFORMATIONAL; Original keeps the severity it has without the exemption.
  const severity = {
    Label: result.severity,
    Original: result.exemption?.severity ?? result.severity,
  };
  const exemption = result.exemption
    ? ` ${describeExemption(result.exemption)}.`
    : result.exemptionProblem
      ? ` Exemption not applied: ${result.exemptionProblem}`
      : '';
  return {
    SchemaVersion: '2018-10-08',
    Id: findingId(region, context.accountId, metadata.id, result.resource.arn),
    ProductArn: productArn(context.partition, region, context.accountId),
    ProductName: PRODUCT_NAME,
    CompanyName: PRODUCT_NAME,
    GeneratorId: metadata.id,
    AwsAccountId: context.accountId,
    Region: region,
    Types: types,
    CreatedAt: context.evaluatedAt,
    UpdatedAt: context.evaluatedAt,
    FirstObservedAt: context.evaluatedAt,
    LastObservedAt: context.evaluatedAt,
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: types },
    Title: truncate(metadata.title, ASFF_LIMITS.title),
    Description: truncate(
      `${result.reason}${exemption} ${metadata.description}`,
      ASFF_LIMITS.description,
    ),
    Remediation: {
      Recommendation: {
        Text: truncate(metadata.remediation.text, ASFF_LIMITS.remediationText),
        Url: metadata.remediation.url,
      },
    },
    ProductFields: {
      ProviderName: PRODUCT_NAME,
      ProviderVersion: context.productVersion,
      [`${PRODUCT_NAME}/CheckId`]: metadata.id,
      [`${PRODUCT_NAME}/ResourceName`]: truncate(
        result.resource.name,
        ASFF_LIMITS.productFieldValue,
      ),
      ...exemptionFields(result.exemption),
    },
    Compliance: {
      Status: result.status,
      RelatedRequirements: metadata.relatedRequirements.slice(0, ASFF_LIMITS.relatedRequirements),
    },
    Resources: [result.resource, ...(result.relatedResources ?? [])]
      .slice(0, ASFF_LIMITS.resources)
      .map((resource) => asffResource(resource, context.partition)),
    RecordState: 'ACTIVE',
  };
};

export const buildFindings = (
  results: readonly CheckResult[],
  metadataById: ReadonlyMap<string, CheckMetadata>,
  context: FindingContext,
): AwsSecurityFinding[] =>
  results.map((result) => {
    const metadata = metadataById.get(result.checkId);
    if (!metadata) throw new Error(`no metadata for check ${result.checkId}`);
    return buildFinding(result, metadata, context);
  });

/**
 * The finding as NOT_AVAILABLE: what a new PASSED finding becomes when its check's inputs were not
 * all collected (lib/publish/plan.ts), with `note` saying why before the check's own words.
 */
export const asNotAvailable = (finding: AwsSecurityFinding, note: string): AwsSecurityFinding => {
  const severity = { Label: 'INFORMATIONAL' as const, Original: 'INFORMATIONAL' };
  return {
    ...finding,
    Severity: severity,
    FindingProviderFields: { ...finding.FindingProviderFields, Severity: severity },
    Description: truncate(`${note} ${finding.Description ?? ''}`, ASFF_LIMITS.description),
    Compliance: { ...finding.Compliance, Status: 'NOT_AVAILABLE' },
  };
};
