import { describe, expect, it } from 'vitest';
import { CallsInFlight, DEFAULT_HTTP_TIMEOUTS, requestHandlerOptions } from '../../lib/aws/sdk.ts';

describe('requestHandlerOptions', () => {
  it.each([
    ['the defaults', undefined, { connectionTimeout: 5000, requestTimeout: 30_000 }],
    [
      'chosen timeouts',
      { connectionMs: 10, requestMs: 20 },
      { connectionTimeout: 10, requestTimeout: 20 },
    ],
  ])(
    'gives NodeHttpHandler %s, and makes a request past its timeout an error',
    (_name, timeouts, expected) => {
      // Act
      const options = requestHandlerOptions(timeouts);

      // Assess
      expect(options).toEqual({ ...expected, throwOnRequestTimeout: true });
    },
  );

  it('bounds every attempt', () => {
    // Assess
    expect(DEFAULT_HTTP_TIMEOUTS.connectionMs).toBeGreaterThan(0);
    expect(DEFAULT_HTTP_TIMEOUTS.requestMs).toBeGreaterThan(0);
  });
});

describe('CallsInFlight', () => {
  it('names the call waiting longest, and forgets a call once it ends', () => {
    // Prepare
    let now = 0;
    const calls = new CallsInFlight(() => now);
    const endFirst = calls.start('ecs', 'ListClusters', 'us-east-1');
    now = 100;
    calls.start('appmesh', 'ListMeshes', 'eu-west-1');
    now = 2600;

    // Act
    const before = calls.oldest();
    endFirst();
    const after = calls.oldest();

    // Assess
    expect(before).toEqual({
      service: 'ecs',
      operation: 'ListClusters',
      region: 'us-east-1',
      startedAt: 0,
    });
    expect(after).toMatchObject({ service: 'appmesh', operation: 'ListMeshes' });
    expect(after && calls.ageSeconds(after)).toBe(2.5);
    expect(calls.size).toBe(1);
  });

  it('has no oldest call when none is in flight', () => {
    // Act
    const oldest = new CallsInFlight().oldest();

    // Assess
    expect(oldest).toBeUndefined();
  });
});
