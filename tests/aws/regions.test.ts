import { describe, expect, it } from 'vitest';
import { partitionOfRegion, REGION_NAME } from '../../lib/aws/regions.ts';

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
