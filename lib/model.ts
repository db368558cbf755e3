// The domain model: what a check is about and what it says. Checks, the engine, the findings and
// the reports all speak it; it depends on nothing but the snapshot's section names.
import type { SnapshotSection } from './snapshot/sections.ts';

export const COMPLIANCE_STATUSES = ['PASSED', 'FAILED', 'WARNING', 'NOT_AVAILABLE'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type CheckService =
  | 'ecs'
  | 'elbv2'
  | 'elb'
  | 'vpclattice'
  | 'vpc'
  | 'appmesh'
  | 'secretsmanager';

export interface CheckMetadata {
  /** Frozen once released: it is part of every finding ID. */
  id: string;
  service: CheckService;
  title: string;
  /**
   * Severity of a FAILED result unless the result says otherwise, and the highest one it may say:
   * a result is never more severe than its check (SARIF rules, JUnit and the docs show this one).
   */
  severity: Severity;
  /** The kind of resource the check judges. */
  resourceKind: ResourceRef['kind'];
  /**
   * The snapshot sections the check reads. When one was not collected, the check's results there
   * are incomplete: publishing then archives and resolves none of its findings. When a section was
   * not collected at all in a region, a full scan adds one NOT_AVAILABLE result on the account there.
   */
  inputs: readonly SnapshotSection[];
  /**
   * What one result depends on. `resource` (the default): the judged resource's own data, so a
   * result is as good as the data about that resource (the check judges it NOT_AVAILABLE when some
   * is missing). `region`: every in-scope resource of the region that uses it (the VPC check judges
   * a VPC by all the services it hosts), so a listing that may have missed some makes no result
   * PASSED, and a focused rescan, which sees only some services, publishes only conclusive FAILED.
   */
  judges?: 'resource' | 'region';
  description: string;
  risk: string;
  remediation: { text: string; url: string };
  /** Optional: the AWS CLI commands that fix it (docs/checks.md renders them when present). */
  remediationCli?: string;
  /** Optional: the CloudFormation properties that fix it (docs/checks.md renders them when present). */
  remediationCloudFormation?: string;
  /** The bullet of the Amazon ECS encryption best-practices guidance the check implements. */
  guidance: string;
  /** Security Hub FSBP control IDs, AWS Config rule names, NIST SP 800-53 r5 controls. */
  relatedRequirements: string[];
}

export interface CheckResult {
  checkId: string;
  status: ComplianceStatus;
  severity: Severity;
  /** One sentence naming the resource and the offending field; never a secret value. */
  reason: string;
  resource: ResourceRef;
  /** Context, e.g. the load balancer of a listener. */
  relatedResources?: ResourceRef[];
  /** Set by the exemption step (lib/evaluate/exemptions), never by a check. */
  exemption?: AppliedExemption;
  /** Set by the exemption step: why a malformed exemption meant for this FAILED result is not applied. */
  exemptionProblem?: string;
}

export type ResourceKind =
  | 'taskDefinition'
  | 'service'
  | 'secret'
  | 'vpc'
  | 'listener'
  | 'loadBalancer'
  /** A Classic Load Balancer (its listeners have no ARN: results name them in the reason). */
  | 'classicLoadBalancer'
  | 'targetGroup'
  | 'mesh'
  | 'virtualNode'
  | 'virtualGateway'
  /** The account in a region: what a check reports on when it could not list its resources there. */
  | 'account';

export interface ResourceRef {
  kind: ResourceKind;
  arn: string;
  region: string;
  /**
   * A short human name, unique among the results of a scan of one account and region
   * (lib/evaluate/inventory/resources.ts): `web:3`, `prod/web`, `web HTTPS:443`, `app/orders`, …
   */
  name: string;
  /** Non-secret identifying attributes, camelCase; the findings code maps them to ASFF. */
  attributes: Record<string, string>;
}

/** Where an exemption comes from: a tag on the resource, or an entry of the exemptions file. */
export type ExemptionSource = 'tag' | 'file';

/** What a result carries when an exemption applies to it. */
export interface AppliedExemption {
  /** `applied`: the result is WARNING/INFORMATIONAL; `expired`: it stays FAILED at its severity. */
  state: 'applied' | 'expired';
  source: ExemptionSource;
  resource: string;
  origin?: string;
  reason: string;
  expires?: string;
  /** The severity of the FAILED result the exemption covers. */
  severity: Severity;
}
