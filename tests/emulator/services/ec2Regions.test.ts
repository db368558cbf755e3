import {
  DescribeRegionsCommand,
  type DescribeRegionsCommandInput,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../emulator/api.ts';
import { startEmulator } from '../../../emulator/server.ts';
import { clientConfig, richSnapshot } from '../support.ts';

describe('the emulated EC2 DescribeRegions', () => {
  let emulator: Emulator;
  let ec2: EC2Client;

  beforeAll(async () => {
    emulator = await startEmulator({
      accounts: [richSnapshot()],
      regions: ['us-east-1', 'eu-west-1', 'eu-south-2'],
    });
    ec2 = new EC2Client(clientConfig(emulator));
  });
  afterAll(() => emulator.close());

  const names = async (input: DescribeRegionsCommandInput) =>
    ((await ec2.send(new DescribeRegionsCommand(input))).Regions ?? []).map((r) => [
      r.RegionName,
      r.OptInStatus,
    ]);

  it('names the enabled regions with their opt-in status', async () => {
    // Act
    const regions = await names({});

    // Assess
    expect(regions).toEqual([
      ['us-east-1', 'opt-in-not-required'],
      ['eu-west-1', 'opt-in-not-required'],
      ['eu-south-2', 'opted-in'],
    ]);
  });

  it('adds the disabled regions as not-opted-in with AllRegions', async () => {
    // Act
    const regions = await names({ AllRegions: true });

    // Assess
    expect(regions).toContainEqual(['us-west-2', 'not-opted-in']);
    expect(regions).toContainEqual(['af-south-1', 'not-opted-in']);
    expect(regions).toContainEqual(['eu-south-2', 'opted-in']);
  });

  it('filters on opt-in-status', async () => {
    // Act
    const regions = await names({
      AllRegions: true,
      Filters: [{ Name: 'opt-in-status', Values: ['opted-in'] }],
    });

    // Assess
    expect(regions).toEqual([['eu-south-2', 'opted-in']]);
  });

  it('enables the regions that need no opt-in by default', async () => {
    // Prepare
    const plain = await startEmulator({ accounts: [richSnapshot()] });

    // Act
    const out = await new EC2Client(clientConfig(plain)).send(new DescribeRegionsCommand({}));
    await plain.close();

    // Assess
    expect(out.Regions).toHaveLength(17);
    expect(out.Regions?.every((r) => r.OptInStatus === 'opt-in-not-required')).toBe(true);
  });
});
