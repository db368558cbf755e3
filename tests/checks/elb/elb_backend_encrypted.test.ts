import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/elb/elb_backend_encrypted.ts';
import { classicAccount, classicListener } from '../../support/classicElb.ts';
import { runCheck } from '../../support/evaluate.ts';

const cases: [string, ReturnType<typeof classicListener>[], string, string, string][] = [
  [
    'passes listeners that re-encrypt to the instances',
    [
      classicListener('HTTPS', 443, { instanceProtocol: 'HTTPS' }),
      classicListener('SSL', 8443, { instanceProtocol: 'SSL' }),
    ],
    'PASSED',
    'INFORMATIONAL',
    'over HTTPS or SSL',
  ],
  [
    'fails an HTTPS listener that forwards over HTTP: TLS ends at the load balancer',
    [classicListener('HTTPS', 443, { instanceProtocol: 'HTTP' })],
    'FAILED',
    'MEDIUM',
    'HTTPS:443 → HTTP:8080',
  ],
  [
    'fails an SSL listener that forwards over TCP',
    [classicListener('SSL', 8443, { instanceProtocol: 'tcp' })],
    'FAILED',
    'MEDIUM',
    'SSL:8443 → tcp:8080',
  ],
  [
    'is not available for a listener without InstanceProtocol',
    [{ Listener: { Protocol: 'HTTPS', LoadBalancerPort: 443, InstancePort: 8080 } }],
    'NOT_AVAILABLE',
    'INFORMATIONAL',
    'unknown InstanceProtocol',
  ],
];

describe('elb_backend_encrypted', () => {
  it.each(cases)('%s', async (_name, listeners, status, severity, reason) => {
    // Prepare
    const data = classicAccount(listeners);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status, severity });
    expect(results[0]?.reason).toContain(reason);
  });
});
