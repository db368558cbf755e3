// The Lambda functions' client factory against the emulator: call and throttle counts equal to
// what the emulator answered, timeouts and the scan's abort signal.
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { GetFindingsCommand } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { type CallStats, createClientFactory } from '../../lib/aws/clients.ts';
import { fixtureSnapshot } from '../collect/fixture.ts';

const CREDENTIALS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'x' };

/** The error a call fails with (undefined when it succeeds). */
const failure = (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    () => undefined,
    (error: unknown) => error,
  );

const total = (counts: Record<string, Record<string, number>>, service: string): number =>
  Object.values(counts[service] ?? {}).reduce((sum, n) => sum + n, 0);

describe('createClientFactory', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ accounts: [fixtureSnapshot()] });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.setFaults({});
    emulator.resetCalls();
  });

  const factory = (settings: Parameters<typeof createClientFactory>[0] = {}) =>
    createClientFactory({
      endpoint: emulator.url,
      credentials: CREDENTIALS,
      maxAttempts: 4,
      pacing: false,
      ...settings,
    });

  it.each([
    [
      'a collector (ECS ListClusters)',
      'ecs',
      'ecs:ListClusters',
      (stats: CallStats) =>
        factory().regionClients('us-east-1', { stats }).ecs.send(new ListClustersCommand({})),
    ],
    [
      'Security Hub GetFindings',
      'securityhub',
      'securityhub:GetFindings',
      (stats: CallStats) =>
        factory().securityHub('us-east-1', { stats }).send(new GetFindingsCommand({})),
    ],
  ])(
    'counts every attempt of %s and each throttled one, as many as the emulator answered',
    async (_name, service, operation, call) => {
      // Prepare: one throttled answer, then the SDK's retry lands.
      emulator.setFaults({ throttle: [{ operation, count: 1 }] });
      const stats: CallStats = { calls: 0, throttles: 0 };

      // Act
      await call(stats);

      // Assess
      expect(total(emulator.throttled(), service)).toBe(1);
      expect(stats).toEqual({
        calls: total(emulator.calls(), service),
        throttles: total(emulator.throttled(), service),
      });
    },
  );

  it('does not count an error that is not throttling as throttled', async () => {
    // Prepare
    emulator.setFaults({ accessDenied: ['ecs:ListClusters'] });
    const stats: CallStats = { calls: 0, throttles: 0 };

    // Act
    const error = await failure(
      factory().regionClients('us-east-1', { stats }).ecs.send(new ListClustersCommand({})),
    );

    // Assess
    expect(error).toMatchObject({ name: 'AccessDeniedException' });
    expect(stats).toEqual({ calls: 1, throttles: 0 });
  });

  it.each([
    [
      'a collector',
      (f: ReturnType<typeof factory>) =>
        f.regionClients('us-east-1').ecs.send(new ListClustersCommand({})),
    ],
    [
      'Security Hub',
      (f: ReturnType<typeof factory>) =>
        f.securityHub('us-east-1').send(new GetFindingsCommand({})),
    ],
  ])('gives %s the request timeout of its settings', async (_name, call) => {
    // Prepare
    emulator.setFaults({ hang: ['ecs:ListClusters', 'securityhub:GetFindings'] });

    // Act
    const error = await failure(
      call(factory({ maxAttempts: 1, timeouts: { connectionMs: 1000, requestMs: 50 } })),
    );

    // Assess
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
  });

  it('aborts a call in flight when the scan’s signal is aborted', async () => {
    // Prepare
    emulator.setFaults({ hang: ['securityhub'] });
    const controller = new AbortController();
    const client = factory().securityHub('us-east-1', { signal: controller.signal });
    const pending = failure(client.send(new GetFindingsCommand({})));

    // Act
    while (total(emulator.calls(), 'securityhub') === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('deadline'));

    // Assess
    expect(await pending).toMatchObject({ name: 'AbortError' });
  });
});
