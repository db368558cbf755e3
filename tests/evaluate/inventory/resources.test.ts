import { describe, expect, it } from 'vitest';
import { listenerResource } from '../../../lib/evaluate/inventory/resources.ts';
import type { ElbListener } from '../../../lib/snapshot/types.ts';

const LISTENER = (lb: string) =>
  `arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/${lb}/3f9c2a7d41b6e805/7b1e4c9a2f60d3e8`;

describe('listenerResource', () => {
  it.each<[string, ElbListener, string]>([
    [
      'a listener by its ARN',
      { ListenerArn: LISTENER('web'), Protocol: 'HTTP', Port: 80 },
      'web HTTP:80',
    ],
    [
      'a listener of a network load balancer',
      {
        ListenerArn:
          'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/net/stream/a6e2c8f4b1d9357e/71c5a9e3d8b2f604',
        Protocol: 'TLS',
        Port: 443,
      },
      'stream TLS:443',
    ],
    ['a listener without an ARN', { Protocol: 'HTTPS', Port: 443 }, 'HTTPS:443'],
  ])('names %s by its load balancer, protocol and port', (_name, listener, expected) => {
    expect(listenerResource(listener, 'us-east-1').name).toBe(expected);
  });

  it('tells the HTTP:80 listeners of two load balancers apart', () => {
    const names = ['web', 'legacy'].map(
      (lb) =>
        listenerResource({ ListenerArn: LISTENER(lb), Protocol: 'HTTP', Port: 80 }, 'us-east-1')
          .name,
    );

    expect(new Set(names).size).toBe(2);
  });
});
