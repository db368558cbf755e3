import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { asffViolations } from '../../lib/findings/limits.ts';

const valid: AwsSecurityFinding = {
  SchemaVersion: '2018-10-08',
  Id: 'id-1',
  ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
  GeneratorId: 'ecs_task_definition_no_secrets_in_environment',
  AwsAccountId: '111122223333',
  Types: ['Software and Configuration Checks/AWS Security Best Practices'],
  FindingProviderFields: {
    Types: ['Software and Configuration Checks/AWS Security Best Practices'],
    Severity: { Label: 'HIGH' },
  },
  CreatedAt: '2026-11-28T12:00:00.000Z',
  UpdatedAt: '2026-11-28T12:00:00.000Z',
  Severity: { Label: 'HIGH' },
  Title: 'Title',
  Description: 'Description',
  Remediation: { Recommendation: { Text: 'Fix it.', Url: 'https://docs.aws.amazon.com/x' } },
  Compliance: { Status: 'FAILED' },
  Resources: [
    { Id: 'arn:aws:ecs:us-east-1:111122223333:task-definition/a:1', Type: 'AwsEcsTaskDefinition' },
  ],
};

describe('asffViolations', () => {
  it('accepts a valid finding', () => {
    expect(asffViolations(valid)).toEqual([]);
  });

  it.each([
    ['a title over 256 characters', { Title: 'x'.repeat(257) }, 'Title'],
    ['a description over 1,024 characters', { Description: 'x'.repeat(1025) }, 'Description'],
    [
      'a missing remediation URL',
      { Remediation: { Recommendation: { Text: 'Fix.' } } },
      'Remediation.Recommendation.Url',
    ],
    [
      'a remediation text over 512 characters',
      { Remediation: { Recommendation: { Text: 'x'.repeat(513), Url: 'https://a' } } },
      'Remediation.Recommendation.Text',
    ],
    ['an ID over 512 characters', { Id: 'x'.repeat(513) }, 'Id'],
    ['a local time stamp', { UpdatedAt: '2026-11-28 12:00' }, 'UpdatedAt'],
    ['an unknown compliance status', { Compliance: { Status: 'OK' } }, 'Compliance.Status'],
    ['no resources', { Resources: [] }, 'Resources'],
    [
      'a Details.Other value of 1,024 characters',
      { Resources: [{ Id: 'a', Type: 'Other', Details: { Other: { K: 'v'.repeat(1024) } } }] },
      'Details.Other.K',
    ],
    [
      'a finding over 240 KB',
      {
        ProductFields: Object.fromEntries(
          Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'.repeat(2048)]),
        ),
        Resources: Array.from({ length: 32 }, (_, i) => ({
          Id: `r${i}`,
          Type: 'Other',
          Details: {
            Other: Object.fromEntries(
              Array.from({ length: 50 }, (_, j) => [`k${j}`, 'v'.repeat(1000)]),
            ),
          },
        })),
      },
      '240 KB',
    ],
  ] as const)('rejects %s', (_name, change, field) => {
    const violations = asffViolations({ ...valid, ...(change as Partial<AwsSecurityFinding>) });

    expect(violations.join('\n')).toContain(field);
  });
});
