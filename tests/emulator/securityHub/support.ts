import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { SecurityHubStore } from '../../../emulator/securityHub/store.ts';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'us-east-1';
export const OTHER_REGION = 'eu-west-1';
export const PRODUCT_ARN = `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`;
export const TYPE = 'Software and Configuration Checks/AWS Security Best Practices';

/** The clock of every test store. */
export const NOW = '2026-11-28T12:00:00.000Z';

/** `minutes` after (or before) NOW, as an ISO time stamp. */
export const at = (minutes: number): string =>
  new Date(Date.parse(NOW) + minutes * 60_000).toISOString();

export const newStore = (now: string = NOW): SecurityHubStore =>
  new SecurityHubStore({ now: () => new Date(now) });

export const resourceArn = (name: string): string =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/${name}`;

/** A valid finding as our publisher sends it: provider values through FindingProviderFields. */
export const finding = (
  id: string,
  overrides: Partial<AwsSecurityFinding> = {},
): AwsSecurityFinding => ({
  SchemaVersion: '2018-10-08',
  Id: id,
  ProductArn: PRODUCT_ARN,
  GeneratorId: 'ecs_service_connect_tls_enabled',
  AwsAccountId: ACCOUNT,
  CreatedAt: at(-60),
  UpdatedAt: at(-60),
  FirstObservedAt: at(-60),
  FindingProviderFields: { Severity: { Label: 'HIGH', Original: 'HIGH' }, Types: [TYPE] },
  Title: 'Service Connect should use TLS',
  Description: 'The service talks to its peers in plain text.',
  Remediation: { Recommendation: { Text: 'Enable TLS.', Url: 'https://docs.aws.amazon.com/x' } },
  Compliance: { Status: 'FAILED' },
  Resources: [{ Id: resourceArn(id), Type: 'AwsEcsService', Partition: 'aws', Region: REGION }],
  RecordState: 'ACTIVE',
  ...overrides,
});

/** The error a call throws (fails the test when it does not throw). */
export const thrown = (call: () => unknown): unknown => {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
};

/** The one stored finding with `id`. */
export const stored = (store: SecurityHubStore, id: string): AwsSecurityFinding => {
  const match = store.all().find((f) => f.Id === id);
  if (!match) throw new Error(`no finding ${id}`);
  return match;
};
