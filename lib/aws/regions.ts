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
