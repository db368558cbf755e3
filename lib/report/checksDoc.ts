// docs/checks.md, generated from the check metadata (`npm run docs:checks`; a test fails when the
// file is stale). It renders what the metadata holds and nothing else.
import type { Check } from '../evaluate/check.ts';
import type { CheckMetadata, CheckService } from '../model.ts';

export const CHECKS_DOC_PATH = 'docs/checks.md';

const SERVICE_TITLE: Record<CheckService, string> = {
  ecs: 'Amazon ECS task definitions and services',
  vpc: 'VPC endpoints',
  secretsmanager: 'AWS Secrets Manager',
  elbv2: 'Elastic Load Balancing (ALB, NLB)',
  elb: 'Elastic Load Balancing (Classic Load Balancers)',
  vpclattice: 'Amazon VPC Lattice',
  appmesh: 'AWS App Mesh',
};

const RESOURCE_NAME: Record<CheckMetadata['resourceKind'], string> = {
  taskDefinition: 'task definition',
  service: 'ECS service',
  vpc: 'VPC',
  secret: 'Secrets Manager secret',
  loadBalancer: 'load balancer',
  classicLoadBalancer: 'Classic Load Balancer',
  listener: 'load balancer listener',
  targetGroup: 'target group',
  virtualNode: 'App Mesh virtual node',
  virtualGateway: 'App Mesh virtual gateway',
  mesh: 'App Mesh mesh',
  account: 'AWS account',
};

/** Markdown-inert text: nothing in a sentence from the metadata becomes markup or breaks a table. */
export const mdText = (text: string): string =>
  text.replace(/[\\`*[\]<>|]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, ' ');

const REQUIREMENT_GROUPS = [
  {
    prefix: 'AWS FSBP ',
    label: 'AWS Foundational Security Best Practices (Security Hub controls)',
  },
  { prefix: 'AWS Config ', label: 'AWS Config managed rules' },
  { prefix: 'NIST.800-53.r5 ', label: 'NIST SP 800-53 Rev. 5' },
] as const;

const mappings = (requirements: readonly string[]): string[] => {
  const lines = REQUIREMENT_GROUPS.flatMap(({ prefix, label }) => {
    const ids = requirements.filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length));
    return ids.length > 0 ? [`- ${label}: ${ids.map((id) => `\`${id}\``).join(', ')}`] : [];
  });
  const other = requirements.filter((r) => !REQUIREMENT_GROUPS.some((g) => r.startsWith(g.prefix)));
  if (other.length > 0) lines.push(`- Other: ${other.map(mdText).join(', ')}`);
  return lines.length > 0 ? lines : ['- none'];
};

const fence = (language: string, code: string) => {
  const ticks = '`'.repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return [`${ticks}${language}`, code.trimEnd(), ticks];
};

const section = (m: CheckMetadata): string[] => [
  `### ${m.id}`,
  '',
  `**${mdText(m.title)}**`,
  '',
  '| Severity when it fails | Resource | Reads (snapshot sections) |',
  '|---|---|---|',
  `| ${m.severity} | ${RESOURCE_NAME[m.resourceKind]} | ${m.inputs.map((i) => `\`${i}\``).join(', ')} |`,
  '',
  `**What it verifies.** ${mdText(m.description)}`,
  '',
  `**Why it matters.** ${mdText(m.risk)}`,
  '',
  `**How to fix it.** ${mdText(m.remediation.text)} See [the AWS documentation](${m.remediation.url}).`,
  ...(m.remediationCli ? ['', 'With the AWS CLI:', '', ...fence('sh', m.remediationCli)] : []),
  ...(m.remediationCloudFormation
    ? ['', 'In CloudFormation:', '', ...fence('yaml', m.remediationCloudFormation)]
    : []),
  '',
  '**Best-practice guidance it implements.**',
  '',
  `> ${mdText(m.guidance)}`,
  '',
  '**Maps to.**',
  '',
  ...mappings(m.relatedRequirements),
  '',
];

export const renderChecksDoc = (checks: readonly Check[]): string => {
  const services = [...new Set(checks.map((c) => c.metadata.service))];
  const lines = [
    '# Checks',
    '',
    '<!-- Generated from the check metadata (checks/*/*.ts) by `npm run docs:checks`. Do not edit: a test fails when this file is stale. -->',
    '',
    `The scanner runs ${checks.length} checks that implement the [Amazon ECS encryption best practices](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-encryption.html).`,
    'Each check returns one result per resource it applies to:',
    '',
    '- `PASSED`: the resource meets the check.',
    '- `FAILED`: it does not; the result carries the check’s severity below, the highest it reports, or a lower one that its description and reason explain.',
    '- `WARNING`: nothing is violated, but something deserves a look (for example a certificate that is not from ACM); `--fail-on` never counts it.',
    '- `NOT_AVAILABLE`: data the check reads was not collected (a call failed, or the snapshot left it out), so the resource could not be judged. It is never reported as `PASSED`.',
    '',
    'The mappings name the [AWS Foundational Security Best Practices](https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html) controls of Security Hub and the [AWS Config managed rules](https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html) that cover the same ground, and the NIST SP 800-53 Rev. 5 controls that Security Hub findings carry in `Compliance.RelatedRequirements`.',
    '',
    '| Check | Resource | Severity | What it verifies |',
    '|---|---|---|---|',
    ...checks.map(
      ({ metadata: m }) =>
        `| [\`${m.id}\`](#${m.id}) | ${RESOURCE_NAME[m.resourceKind]} | ${m.severity} | ${mdText(m.title)} |`,
    ),
    '',
    ...services.flatMap((service) => [
      `## ${SERVICE_TITLE[service]}`,
      '',
      ...checks.filter((c) => c.metadata.service === service).flatMap((c) => section(c.metadata)),
    ]),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
};
