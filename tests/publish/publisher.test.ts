// The finding lifecycle, end to end against the emulator's Security Hub: `publish`, a
// publication of one stage.
import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { checks as allChecks } from '../../checks/registry.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';
import {
  ACCOUNT,
  account,
  at,
  byResource,
  client,
  counter,
  region,
  scanAndPublish,
  stored,
  useEmulator,
} from './support.ts';

useEmulator();

describe('publish', () => {
  it('creates every finding on the first scan and imports nothing on an unchanged second scan', async () => {
    const snapshot = account();

    const first = await scanAndPublish(snapshot, at(0));
    const second = await scanAndPublish(snapshot, at(1));

    expect(first.summary).toMatchObject({
      created: first.findings.length,
      updated: 0,
      archived: 0,
      failed: 0,
    });
    expect(second.summary).toMatchObject({
      created: 0,
      updated: 0,
      archived: 0,
      unchangedSkipped: first.findings.length,
    });
    expect(second.summary.calls).toBe(1); // one GetFindings page, no import
  });

  it('turns a fixed resource PASSED, keeping CreatedAt and FirstObservedAt, with a later UpdatedAt', async () => {
    const broken = account((s) => {
      const tg = region(s).elbv2?.targetGroups?.[0];
      if (tg) tg.Protocol = 'HTTP';
    });
    await scanAndPublish(broken, at(0));
    const fixed = JSON.parse(
      JSON.stringify(broken).replaceAll('"Protocol":"HTTP"', '"Protocol":"HTTPS"'),
    ) as Snapshot;

    const { summary } = await scanAndPublish(fixed, at(2));

    const finding = byResource(
      await stored(),
      `targetgroup/web${counter}`,
      'elbv2_target_group_encrypted',
    );
    expect(summary.updated).toBe(1);
    expect(finding).toMatchObject({
      Compliance: { Status: 'PASSED' },
      CreatedAt: at(0).toISOString(),
      FirstObservedAt: at(0).toISOString(),
      UpdatedAt: at(2).toISOString(),
      RecordState: 'ACTIVE',
    });
  });

  it('archives the findings of a deleted resource and brings the same finding back ACTIVE when it returns', async () => {
    const snapshot = account();
    await scanAndPublish(snapshot, at(0));
    const deleted = account();
    Object.assign(deleted, JSON.parse(JSON.stringify(snapshot)));
    const data = region(deleted);
    if (data.elbv2) data.elbv2.targetGroups = [];

    const gone = await scanAndPublish(deleted, at(1));
    const back = await scanAndPublish(snapshot, at(2));

    expect(gone.summary.archived).toBeGreaterThan(0);
    const id = gone.summary.plan.archive[0]?.Id;
    const [finding] = (await stored()).filter((f) => f.Id === id);
    expect(back.summary.created).toBe(gone.summary.archived);
    expect(finding?.RecordState).toBe('ACTIVE');
  });

  it('re-imports unchanged findings whose last import is older than refreshDays', async () => {
    const snapshot = account();
    const first = await scanAndPublish(snapshot, at(0));

    const refreshed = await scanAndPublish(snapshot, at(8), { refreshDays: 7 });

    expect(refreshed.summary).toMatchObject({
      updated: first.findings.length,
      refreshed: first.findings.length,
      created: 0,
    });
  });

  it('moves a RESOLVED finding back to NEW when it fails again, and never overwrites a workflow set by a person', async () => {
    const snapshot = account();
    await scanAndPublish(snapshot, at(0));
    const target = (await stored()).find(
      (f) =>
        f.GeneratorId === 'elbv2_target_group_encrypted' &&
        f.Resources?.[0]?.Id?.includes(`web${counter}`),
    );
    await client().send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: target?.Id, ProductArn: target?.ProductArn }],
        Workflow: { Status: 'RESOLVED' },
        Note: { Text: 'accepted by SEC-42', UpdatedBy: 'alice' },
      }),
    );
    const broken = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
    const targetGroup = region(broken).elbv2?.targetGroups?.[0];
    if (targetGroup) targetGroup.Protocol = 'HTTP';

    await scanAndPublish(broken, at(1));

    const after = (await stored()).find((f) => f.Id === target?.Id);
    expect(after?.Compliance?.Status).toBe('FAILED');
    expect(after?.Workflow?.Status).toBe('NEW');
    expect(after?.Note?.Text).toBe('accepted by SEC-42');
  });

  it('keeps a workflow status a person set when the finding is updated without leaving FAILED', async () => {
    const snapshot = account((s) => {
      const tg = region(s).elbv2?.targetGroups?.[0];
      if (tg) tg.Protocol = 'HTTP';
    });
    await scanAndPublish(snapshot, at(0));
    const target = (await stored()).find(
      (f) =>
        f.GeneratorId === 'elbv2_target_group_encrypted' &&
        f.Resources?.[0]?.Id?.includes(`web${counter}`),
    );
    await client().send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: target?.Id, ProductArn: target?.ProductArn }],
        Workflow: { Status: 'NOTIFIED' },
      }),
    );
    const tcp = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
    const tg = region(tcp).elbv2?.targetGroups?.[0];
    if (tg) tg.Protocol = 'TCP';

    const { summary } = await scanAndPublish(tcp, at(1));

    const after = (await stored()).find((f) => f.Id === target?.Id);
    expect(summary.updated).toBeGreaterThan(0);
    expect(after).toMatchObject({
      Compliance: { Status: 'FAILED' },
      Workflow: { Status: 'NOTIFIED' },
    });
    expect(after?.Description).toContain('TCP');
  });
});

describe('publish inside its scope only', () => {
  it('in a targeted rescan of one resource leaves every other finding untouched', async () => {
    const snapshot = account();
    await scanAndPublish(snapshot, at(0));
    const before = await stored();
    const serviceArn = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/web${counter}`;
    const emptied = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
    const data = region(emptied);
    if (data.elbv2) data.elbv2.targetGroups = [];

    const { summary } = await scanAndPublish(emptied, at(1), { resourceArns: [serviceArn] });

    expect(summary).toMatchObject({ archived: 0, created: 0 });
    expect((await stored()).map((f) => [f.Id, f.RecordState, f.UpdatedAt])).toEqual(
      before.map((f) => [f.Id, f.RecordState, f.UpdatedAt]),
    );
  });

  it('archives no listener finding when ELBv2 collection failed', async () => {
    const snapshot = account();
    await scanAndPublish(snapshot, at(0));
    const failed = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
    const data = region(failed);
    data.elbv2 = undefined;

    const { summary } = await scanAndPublish(failed, at(1), {
      edit: (scan) => {
        scan.collectionFailures.push({
          region: 'us-east-1',
          service: 'elasticloadbalancing',
          operation: 'DescribeTargetGroups',
          errorCode: 'Throttling',
          count: 1,
        });
      },
    });

    expect(summary.archived).toBe(0);
    expect(summary.untouched).toBeGreaterThan(0);
    const listener = byResource(
      await stored(),
      `listener/app/web${counter}`,
      'elbv2_listener_encrypted',
    );
    expect(listener).toMatchObject({ RecordState: 'ACTIVE', Compliance: { Status: 'PASSED' } });
  });

  it('with only some checks enabled touches only those checks’ findings', async () => {
    const snapshot = account();
    await scanAndPublish(snapshot, at(0));
    const before = await stored({ GeneratorId: 'elbv2_listener_encrypted' });
    const only = allChecks.filter((c) => c.metadata.id === 'elbv2_target_group_encrypted');
    const emptied = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
    const data = region(emptied);
    if (data.elbv2) data.elbv2.listeners = [];

    await scanAndPublish(emptied, at(1), { checks: only });

    expect(await stored({ GeneratorId: 'elbv2_listener_encrypted' })).toEqual(before);
  });
});
