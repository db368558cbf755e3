import { describe, expect, it } from 'vitest';
import type { CategoryStats } from '../../lib/aws/pacing.ts';
import { callCounter, throttledAttempts } from '../../lib/collect/progress.ts';
import type { ProgressEvent } from '../../lib/report/progress.ts';

const category = (service: CategoryStats['service'], throttled: number): CategoryStats => ({
  service,
  category: `${service}-category-${throttled}`,
  requests: 10,
  throttled,
  ratePerSecond: 1,
  targetRatePerSecond: 1,
  burst: 1,
});

describe('callCounter', () => {
  it('reports the running counts of each service of its region', () => {
    // Prepare
    const events: ProgressEvent[] = [];
    const onCall = callCounter('eu-west-1', (event) => events.push(event));
    const event = (service: string, operation: string, done: number, failed: number) => ({
      region: 'eu-west-1',
      service,
      operation,
      done,
      failed,
      throttled: 0,
    });

    // Act
    onCall('ecs', 'ListClusters', 'done');
    onCall('ecs', 'DescribeServices', 'failed');
    onCall('ssm', 'DescribeParameters', 'done');
    onCall('ecs', 'DescribeServices', 'done');

    // Assess
    expect(events).toEqual([
      event('ecs', 'ListClusters', 1, 0),
      event('ecs', 'DescribeServices', 1, 1),
      event('ssm', 'DescribeParameters', 1, 0),
      event('ecs', 'DescribeServices', 2, 1),
    ]);
  });

  it('reports the throttled attempts of the service that called', () => {
    const events: ProgressEvent[] = [];
    const onCall = callCounter(
      'us-east-1',
      (event) => events.push(event),
      (service) => (service === 'elasticloadbalancing' ? 7 : 0),
    );

    onCall('elasticloadbalancing', 'DescribeListeners', 'done');
    onCall('acm', 'DescribeCertificate', 'done');

    expect(events.map((e) => [e.service, e.throttled])).toEqual([
      ['elasticloadbalancing', 7],
      ['acm', 0],
    ]);
  });
});

describe('throttledAttempts', () => {
  it.each<[string, CategoryStats[] | undefined, number]>([
    ['adds up every throttle category of the service', [category('ecs', 2), category('ecs', 3)], 5],
    ['leaves out the categories of other services', [category('ssm', 4), category('ecs', 1)], 1],
    ['counts none when the service was never throttled', [category('ssm', 4)], 0],
    ['counts none when pacing is off (no pacer)', undefined, 0],
  ])('%s', (_name, stats, expected) => {
    // Prepare
    const pacer = stats && { stats: () => stats };

    // Act
    const throttled = throttledAttempts(pacer)('ecs');

    // Assess
    expect(throttled).toBe(expected);
  });
});
