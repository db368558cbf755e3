import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/elb/elb_listener_encrypted.ts';
import { CLB_ARN, classicAccount, classicListener } from '../../support/classicElb.ts';
import { arn, runCheck } from '../../support/evaluate.ts';

const cases: [string, ReturnType<typeof classicListener>[], string, string, string][] = [
  [
    'passes HTTPS and SSL listeners',
    [classicListener('HTTPS', 443), classicListener('SSL', 8443)],
    'PASSED',
    'INFORMATIONAL',
    'only HTTPS or SSL',
  ],
  [
    'fails an HTTP listener HIGH',
    [classicListener('HTTPS', 443), classicListener('HTTP', 80)],
    'FAILED',
    'HIGH',
    'HTTP:80',
  ],
  ['fails a TCP listener MEDIUM', [classicListener('TCP', 5000)], 'FAILED', 'MEDIUM', 'TCP:5000'],
  [
    'fails HIGH and names both listeners when HTTP and TCP are open',
    [classicListener('tcp', 5000), classicListener('http', 80)],
    'FAILED',
    'HIGH',
    'http:80, tcp:5000',
  ],
  [
    'is not available for a listener of unknown protocol',
    [classicListener('HTTPS', 443), classicListener('QUIC', 443)],
    'NOT_AVAILABLE',
    'INFORMATIONAL',
    'QUIC:443',
  ],
  [
    'is not available for a load balancer listing no listeners',
    [],
    'NOT_AVAILABLE',
    'INFORMATIONAL',
    'lists no listeners',
  ],
];

describe('elb_listener_encrypted', () => {
  it.each(cases)('%s', async (_name, listeners, status, severity, reason) => {
    // Prepare
    const data = classicAccount(listeners);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status,
      severity,
      resource: { arn: CLB_ARN, kind: 'classicLoadBalancer' },
    });
    expect(results[0]?.reason).toContain(reason);
  });

  it('names the ECS service behind the load balancer as a related resource', async () => {
    const results = await runCheck(check, classicAccount([classicListener('HTTP', 80)]));

    expect(results[0]?.relatedResources?.map((r) => r.arn)).toEqual([arn.service('legacy')]);
    expect(results[0]?.reason).toContain('in front of ECS service prod/legacy)');
  });

  it('judges nothing when the load balancers were not collected', async () => {
    const data = { ...classicAccount([classicListener('HTTP', 80)]), elb: {} };

    expect(await runCheck(check, data)).toEqual([]);
  });

  it('judges no load balancer that no in-scope service names', async () => {
    const data = classicAccount([classicListener('HTTP', 80)]);
    data.ecs = { services: [] };

    expect(await runCheck(check, data)).toEqual([]);
  });
});
