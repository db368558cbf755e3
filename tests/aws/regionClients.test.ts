// The collectors' clients against the emulator: HTTP timeouts, the abort signal and the calls in flight.
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../emulator/api.ts';
import { createClients } from '../../lib/aws/regionClients.ts';
import { CallsInFlight } from '../../lib/aws/sdk.ts';
import { CREDENTIALS, collect, start } from '../collect/support.ts';

/** The error a call fails with (undefined when it succeeds). */
const failure = (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('createClients', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await start();
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.setFaults({});
    emulator.resetCalls();
  });

  const clients = (options: Parameters<typeof createClients>[1] = {}) =>
    createClients('us-east-1', {
      endpoint: emulator.url,
      credentials: CREDENTIALS,
      pacing: false,
      ...options,
    });

  it('gives up on a call that never answers after its request timeout, on every attempt', async () => {
    // Prepare
    emulator.setFaults({ hang: ['ecs:ListClusters'] });
    const set = clients({ maxAttempts: 2, timeouts: { connectionMs: 1000, requestMs: 50 } });

    // Act
    const error = await failure(set.ecs.send(new ListClustersCommand({})));
    set.destroy();

    // Assess
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
    expect(emulator.calls().ecs).toEqual({ ListClusters: 2 });
  });

  it('records a timed-out call as a collection failure of its operation and region', async () => {
    // Prepare
    emulator.setFaults({ hang: ['ecs:DescribeTaskDefinition'] });

    // Act
    const run = await collect(emulator, {
      // Long enough for every answer of a loaded machine, short for a test.
      clientOptions: { maxAttempts: 1, timeouts: { connectionMs: 1000, requestMs: 400 } },
    });

    // Assess
    expect(run.failures).toContainEqual(
      expect.objectContaining({
        region: 'us-east-1',
        service: 'ecs',
        operation: 'DescribeTaskDefinition',
        errorCode: 'ETIMEDOUT',
      }),
    );
    expect(run.failures.filter((f) => f.operation !== 'DescribeTaskDefinition')).toEqual([]);
  });

  it('records each call in flight with its service, operation and region until it answers', async () => {
    // Prepare
    emulator.setFaults({ hang: ['ecs:ListClusters'] });
    const calls = new CallsInFlight();
    const controller = new AbortController();
    const set = clients({ calls, signal: controller.signal, maxAttempts: 1 });

    // Act
    const pending = failure(set.ecs.send(new ListClustersCommand({})));
    await vi.waitFor(() => expect(emulator.calls().ecs).toEqual({ ListClusters: 1 }));
    const during = calls.oldest();
    controller.abort(new Error('deadline'));
    const error = await pending;
    set.destroy();

    // Assess
    expect(during).toMatchObject({
      service: 'ecs',
      operation: 'ListClusters',
      region: 'us-east-1',
    });
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(calls.size).toBe(0);
  });

  it('sends nothing once its signal is aborted', async () => {
    // Prepare
    const controller = new AbortController();
    const reason = new Error('deadline');
    controller.abort(reason);
    const set = clients({ signal: controller.signal });

    // Act
    const error = await failure(set.ecs.send(new ListClustersCommand({})));
    set.destroy();

    // Assess
    expect(error).toMatchObject({ name: 'AbortError', cause: reason });
    expect(emulator.calls()).toEqual({});
  });
});
