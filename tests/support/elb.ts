// Builders for the ELBv2 checks' tests: one ECS service behind one load balancer, with the
// listeners, rules, certificates and policies each test sets. Enum values are plain strings so
// tests can use AWS's real-life casing ('https').
import type {
  AcmCertificate,
  ElbListener,
  ElbRule,
  ElbTargetGroup,
  Elbv2Section,
  RegionSnapshot,
} from '../../lib/snapshot/types.ts';
import { arn } from './evaluate.ts';

export const LB_NAME = 'elb-web';
export const LB_ARN = arn.loadBalancer(LB_NAME);
export const TG_ARN = arn.targetGroup('elb-web');

export const listenerArn = (id: string): string => arn.listener(LB_NAME, id);

/** A listener of the test load balancer; `id` is the last ARN segment. */
export const listener = (
  id: string,
  protocol: string | undefined,
  fields: Record<string, unknown> = {},
): ElbListener =>
  ({
    ListenerArn: listenerArn(id),
    LoadBalancerArn: LB_ARN,
    Protocol: protocol,
    Port: protocol?.toUpperCase() === 'HTTP' ? 80 : 443,
    ...fields,
  }) as ElbListener;

/** An HTTPS listener with a default certificate and a security policy. */
export const httpsListener = (id: string, fields: Record<string, unknown> = {}): ElbListener =>
  listener(id, 'HTTPS', {
    SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
    Certificates: [{ CertificateArn: arn.certificate('default') }],
    DefaultActions: [{ Type: 'forward', TargetGroupArn: TG_ARN }],
    ...fields,
  });

export const forward = { Type: 'forward', TargetGroupArn: TG_ARN };
export const redirectTo = (protocol?: string) => ({
  Type: 'redirect',
  RedirectConfig: {
    ...(protocol === undefined ? {} : { Protocol: protocol }),
    Port: '443',
    StatusCode: 'HTTP_301',
  },
});
export const fixedResponse = { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } };

export const rule = (priority: string, actions: unknown[], conditions: unknown[] = []): ElbRule =>
  ({
    RuleArn: `${listenerArn('rules')}/${priority}`,
    Priority: priority,
    IsDefault: priority === 'default',
    Actions: actions,
    Conditions: conditions,
  }) as ElbRule;

export const hostHeader = (...values: string[]) => ({
  Field: 'host-header',
  HostHeaderConfig: { Values: values },
});

export const acmCertificate = (id: string, fields: Record<string, unknown> = {}): AcmCertificate =>
  ({
    CertificateArn: arn.certificate(id),
    DomainName: 'www.example.com',
    Status: 'ISSUED',
    Type: 'AMAZON_ISSUED',
    RenewalEligibility: 'ELIGIBLE',
    NotAfter: '2027-06-01T00:00:00.000Z',
    ...fields,
  }) as AcmCertificate;

export const targetGroup = (fields: Record<string, unknown> = {}): ElbTargetGroup =>
  ({
    TargetGroupArn: TG_ARN,
    TargetGroupName: 'elb-web',
    Protocol: 'HTTPS',
    Port: 8443,
    HealthCheckProtocol: 'HTTPS',
    TargetType: 'ip',
    LoadBalancerArns: [LB_ARN],
    ...fields,
  }) as ElbTargetGroup;

/** An account with an ACTIVE service registered with the target group of the test load balancer. */
export const elbAccount = (
  elbv2: Partial<Elbv2Section> = {},
  acm?: AcmCertificate[],
): RegionSnapshot => ({
  ecs: {
    services: [
      {
        serviceArn: arn.service('elb-web'),
        serviceName: 'elb-web',
        status: 'ACTIVE',
        loadBalancers: [{ targetGroupArn: TG_ARN, containerName: 'web', containerPort: 8443 }],
      },
    ],
  },
  elbv2: {
    loadBalancers: [{ LoadBalancerArn: LB_ARN, LoadBalancerName: LB_NAME, Type: 'application' }],
    targetGroups: [targetGroup()],
    listeners: [],
    ...elbv2,
  },
  ...(acm ? { acm: { certificates: acm } } : {}),
});
