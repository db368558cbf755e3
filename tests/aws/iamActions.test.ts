// The IAM action list that serverless.yml and the member role grant is exactly what the collectors
// call: a full scan of the demo account against the emulator calls every listed operation, and no
// other.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import {
  COLLECTOR_ACTIONS,
  MEMBER_ROLE_ACTIONS,
  PUBLISHER_ACTIONS,
} from '../../lib/aws/iamActions.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import * as io from '../../lib/scan/io.ts';
import { takeSnapshot } from '../../lib/scan/snapshot.ts';
import { loadSnapshotFile } from '../../lib/snapshot/load.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'examples', 'demo-account.json');
const CREDENTIALS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' };

const calledActions = (emulator: Emulator): string[] =>
  Object.entries(emulator.calls())
    .flatMap(([service, operations]) =>
      Object.entries(operations)
        .filter(([, count]) => count > 0)
        .map(([operation]) => `${service}:${operation}`),
    )
    .sort();

describe('the IAM actions of the collectors', () => {
  let emulator: Emulator;
  let called: string[];

  beforeAll(async () => {
    // Prepare
    const demo = await loadSnapshotFile(DEMO);
    emulator = await startEmulator({ accounts: [demo], maxPageSize: 2 });
    // Act
    await takeSnapshot(
      { regions: Object.keys(demo.regions) },
      {
        io,
        clients: io.createClientFactory({
          endpoint: emulator.url,
          credentials: CREDENTIALS,
          maxAttempts: 1,
        }),
        config: { ...DEFAULT_CONFIG, allLoadBalancers: true },
        logger: { warn: () => {} },
      },
    );
    called = calledActions(emulator);
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('are exactly the operations a full scan of the demo account calls', () => {
    // Assess
    expect([...COLLECTOR_ACTIONS].sort()).toEqual(called);
  });

  it('are all read-only Describe, List or Get calls', () => {
    // Assess
    const writes = COLLECTOR_ACTIONS.filter(
      (a) => !/^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]+$/.test(a),
    );
    expect(writes).toEqual([]);
  });

  it('are listed once each', () => {
    // Assess
    expect(new Set(COLLECTOR_ACTIONS).size).toBe(COLLECTOR_ACTIONS.length);
  });

  it('make the member role with the publisher actions', () => {
    // Assess
    expect(MEMBER_ROLE_ACTIONS).toEqual([...COLLECTOR_ACTIONS, ...PUBLISHER_ACTIONS]);
    expect(PUBLISHER_ACTIONS).toEqual([
      'securityhub:BatchImportFindings',
      'securityhub:GetFindings',
    ]);
  });
});
