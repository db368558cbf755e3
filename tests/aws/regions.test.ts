import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  isKnownRegion,
  KNOWN_REGIONS,
  partitionOfRegion,
  REGION_NAME,
} from '../../lib/aws/regions.ts';

describe('partitionOfRegion', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-central-2', 'aws'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eusc-de-east-1', 'aws-eusc'],
  ])('puts %s in the %s partition', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});

describe('REGION_NAME', () => {
  it.each([
    'us-east-1',
    'eu-central-2',
    'us-gov-west-1',
    'cn-north-1',
    'us-isob-east-1',
    'eusc-de-east-1',
  ])('accepts %s', (region) => expect(REGION_NAME.test(region)).toBe(true));
  it.each(['US-EAST-1', 'us-east', 'useast1', 'us-east-100', ''])('refuses %j', (region) =>
    expect(REGION_NAME.test(region)).toBe(false),
  );
});

/** botocore's regions by partition (data/endpoints.json), or undefined without Python's botocore. */
const botocoreRegions = (): Record<string, string[]> | undefined => {
  const script = [
    'import botocore, json, os',
    "p = os.path.join(os.path.dirname(botocore.__file__), 'data', 'endpoints.json')",
    "print(json.dumps({x['partition']: sorted(x['regions']) for x in json.load(open(p))['partitions']}))",
  ].join('\n');
  try {
    return JSON.parse(execFileSync('python3', ['-c', script], { encoding: 'utf8' }));
  } catch {
    return undefined;
  }
};

describe('KNOWN_REGIONS', () => {
  it('puts every region in the partition partitionOfRegion gives it, and names it as REGION_NAME', () => {
    // Act
    const misplaced = Object.entries(KNOWN_REGIONS).flatMap(([partition, regions]) =>
      regions.filter((r) => partitionOfRegion(r) !== partition || !REGION_NAME.test(r)),
    );

    // Assess
    expect(misplaced).toEqual([]);
  });

  it.each([
    ['us-east-1', true],
    ['eusc-de-east-1', true],
    ['eu-west-9', false],
    ['us-east-3', false],
  ])('knows %s: %s', (region, known) => expect(isKnownRegion(region)).toBe(known));

  const botocore = botocoreRegions();
  it.skipIf(!botocore)(
    "lists the regions of this machine's botocore (data/endpoints.json), no more and no fewer",
    () => {
      // Assess
      expect(
        Object.fromEntries(Object.entries(KNOWN_REGIONS).map(([p, r]) => [p, [...r].sort()])),
      ).toEqual(botocore);
    },
  );
});
