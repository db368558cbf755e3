// Region names and their partitions, in one place for the CLI, the configuration, the snapshot
// schema and the Lambda functions.

/** `us-east-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`, … */
export const REGION_NAME = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;

/** The partitions' region patterns, as the AWS SDK's partitions table (partitions.json) has them. */
const PARTITION_OF_REGION: readonly [RegExp, string][] = [
  [/^cn-\w+-\d+$/, 'aws-cn'],
  [/^us-gov-\w+-\d+$/, 'aws-us-gov'],
  [/^us-iso-\w+-\d+$/, 'aws-iso'],
  [/^us-isob-\w+-\d+$/, 'aws-iso-b'],
  [/^eu-isoe-\w+-\d+$/, 'aws-iso-e'],
  [/^us-isof-\w+-\d+$/, 'aws-iso-f'],
  [/^eusc-de-\w+-\d+$/, 'aws-eusc'],
];

/** The partition of a region: every partition the snapshot schema accepts; `aws` otherwise. */
export const partitionOfRegion = (region: string): string =>
  PARTITION_OF_REGION.find(([pattern]) => pattern.test(region))?.[1] ?? 'aws';

/**
 * Every region AWS has opened, by partition: botocore 1.43.11's data/endpoints.json (2026-11).
 * The CLI's `--regions` and the deployment's `regions` parameter refuse any other name, so that a
 * typo (`eu-west-9`) is refused at once instead of failing every scan; tests/aws/regions.test.ts
 * compares the list with the installed botocore's when there is one. A region opened later needs
 * a line here, and an AWS SDK release that knows it.
 */
export const KNOWN_REGIONS: Readonly<Record<string, readonly string[]>> = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1', 'us-isob-west-1'],
  'aws-iso-e': ['eu-isoe-west-1'],
  'aws-iso-f': ['us-isof-east-1', 'us-isof-south-1'],
  'aws-eusc': ['eusc-de-east-1'],
};

const KNOWN = new Set(Object.values(KNOWN_REGIONS).flat());

/** Whether AWS has opened a region of that name (KNOWN_REGIONS). */
export const isKnownRegion = (region: string): boolean => KNOWN.has(region);

/** The known region names, for "did you mean". */
export const knownRegionNames = (): string[] => [...KNOWN];
