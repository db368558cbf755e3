// The CLI and the Lambda worker are two ways into one scan core: on the same account and region
// they publish the same findings and make the same calls (but the CLI's one STS call: it does not
// know the account its credentials reach, the worker in its own account does).
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkerHandler } from '../../handlers/worker.ts';
import { runCli } from '../../lib/cli/main.ts';
import {
  type Bench,
  capturePowertools,
  DEPLOYMENT_ACCOUNT,
  lambdaContext,
  NOW,
  REGION,
  sqsEvent,
  startBench,
} from '../handlers/support.ts';

/** Every finding Security Hub holds: ID → status and severity. */
const held = (bench: Bench) =>
  Object.fromEntries(
    bench.emulator
      .securityHubFindings()
      .map((f) => [
        f.Id,
        `${f.Compliance?.Status} ${f.FindingProviderFields?.Severity?.Label ?? f.Severity?.Label}`,
      ]),
  );

/** The scan's calls: the worker's SQS calls (its queue) are not the scan's. */
const scanCalls = (bench: Bench) => {
  const { sqs: _queue, ...calls } = bench.emulator.calls();
  return calls;
};

describe('the CLI and the worker', () => {
  const benches: Bench[] = [];
  let captured: ReturnType<typeof capturePowertools> | undefined;
  afterEach(async () => {
    captured?.restore();
    vi.unstubAllEnvs();
    await Promise.all(benches.splice(0).map((b) => b.close()));
  });

  it('publish the same findings with the same calls on the same account and region', async () => {
    // Prepare: two emulators of the same account, each with an empty Security Hub; the worker's
    // log lines and metrics stay out of the test output.
    captured = capturePowertools();
    const cliBench = await startBench({}, undefined);
    const workerBench = await startBench({}, undefined);
    benches.push(cliBench, workerBench);
    vi.stubEnv('AWS_ENDPOINT_URL', cliBench.emulator.url);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEMULATOR');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'emulator-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_CONFIG_FILE', join(import.meta.dirname, 'no-config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(import.meta.dirname, 'no-credentials'));
    // Neither side paces: the worker's test clients do not, nor does the CLI at this share.
    vi.stubEnv('ECS_SCANNER_RATE_SHARE', '1');
    const handler = createWorkerHandler(workerBench.runtime());
    const message = {
      version: 1,
      accountId: DEPLOYMENT_ACCOUNT,
      region: REGION,
      trigger: 'schedule',
      reason: 'parity test',
      correlationId: 'parity',
    };

    // Act
    const code = await runCli(['scan', '--regions', REGION, '--publish', '--format', 'json'], {
      stdout: () => {},
      stderr: () => {},
      env: process.env,
      now: () => NOW,
    });
    const answer = await handler(sqsEvent([message]), lambdaContext('worker'));

    // Assess
    expect(code).toBe(0);
    expect(answer).toEqual({ batchItemFailures: [] });
    const findings = held(cliBench);
    expect(Object.keys(findings).length).toBeGreaterThan(50);
    expect(held(workerBench)).toEqual(findings);
    const { sts, ...cliCalls } = scanCalls(cliBench);
    expect(sts).toEqual({ GetCallerIdentity: 1 });
    expect(scanCalls(workerBench)).toEqual(cliCalls);
  });
});
