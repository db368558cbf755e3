import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallsInFlight } from '../../lib/aws/sdk.ts';
import { DeadlineError, deadlineMessage, startDeadline } from '../../lib/cli/deadline.ts';

describe('startDeadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('aborts the signal and rejects with the call waited for longest once the time is up', async () => {
    // Prepare
    vi.useFakeTimers();
    let now = 0;
    const calls = new CallsInFlight(() => now);
    calls.start('appmesh', 'ListMeshes', 'us-east-1');
    calls.start('ecs', 'ListClusters', 'us-east-1');
    const deadline = startDeadline(30, calls);
    const expired = deadline.expired.catch((error: unknown) => error);

    // Act
    now = 30_000;
    await vi.advanceTimersByTimeAsync(30_000);

    // Assess
    const error = await expired;
    expect(error).toBeInstanceOf(DeadlineError);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(error);
    expect(error).toMatchObject({
      seconds: 30,
      callsInFlight: 2,
      waitingFor: {
        service: 'appmesh',
        operation: 'ListMeshes',
        region: 'us-east-1',
        ageSeconds: 30,
      },
    });
  });

  it('does nothing once cleared', async () => {
    // Prepare
    vi.useFakeTimers();
    const deadline = startDeadline(1, new CallsInFlight());

    // Act
    deadline.clear();
    await vi.advanceTimersByTimeAsync(5000);

    // Assess
    expect(deadline.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets every call in flight listen to its signal without a MaxListenersExceededWarning', async () => {
    // Prepare
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const deadline = startDeadline(60, new CallsInFlight());

    // Act: 50 calls, as a live scan has in flight.
    for (let i = 0; i < 50; i += 1) deadline.signal.addEventListener('abort', () => {});
    await new Promise((resolve) => setImmediate(resolve));

    // Assess
    deadline.clear();
    process.off('warning', onWarning);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});

describe('deadlineMessage', () => {
  const call = {
    service: 'appmesh',
    operation: 'ListMeshes',
    region: 'us-east-1',
    startedAt: 0,
    ageSeconds: 60,
  };

  it.each([
    [
      'a scan waiting for one call',
      new DeadlineError(60, call, 1),
      'scan' as const,
      'the run did not finish within --timeout 60 s: appmesh ListMeshes in us-east-1 had not answered after 60.0 s; no report was written and nothing was imported into Security Hub. Check the network path to that endpoint (proxy, VPC endpoint, AWS_ENDPOINT_URL), or raise --timeout (ECS_SCANNER_TIMEOUT_SECONDS).',
    ],
    [
      'a snapshot waiting for three calls',
      new DeadlineError(60, call, 3),
      'snapshot' as const,
      'the run did not finish within --timeout 60 s: appmesh ListMeshes in us-east-1 had not answered after 60.0 s (2 other calls were waiting too); no snapshot was written. Check the network path to that endpoint (proxy, VPC endpoint, AWS_ENDPOINT_URL), or raise --timeout (ECS_SCANNER_TIMEOUT_SECONDS).',
    ],
    [
      'a publication waiting for nothing',
      new DeadlineError(60, undefined, 0),
      'publish' as const,
      'the run did not finish within --timeout 60 s: no AWS call was waiting; the report was written; Security Hub may hold part of this run’s findings (what was imported stays, nothing is archived for a check it did not finish): run the scan again to complete it. Raise --timeout (ECS_SCANNER_TIMEOUT_SECONDS).',
    ],
  ])('says what timed out, what was done and what to do for %s', (_name, error, phase, line) => {
    // Act
    const message = deadlineMessage(error, phase);

    // Assess
    expect(message).toBe(line);
  });
});
