import type { AwsSecurityFinding, AwsSecurityFindingFilters } from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import type { SecurityHubStore } from '../../../emulator/securityHub/store.ts';
import {
  ACCOUNT,
  at,
  finding,
  newStore,
  OTHER_ACCOUNT,
  PRODUCT_ARN,
  REGION,
  resourceArn,
  TYPE,
  thrown,
} from './support.ts';

const ids = (findings: AwsSecurityFinding[]) => findings.map((f) => f.Id).sort();

/** Five findings that differ in every filtered attribute. */
const seeded = (): SecurityHubStore => {
  const store = newStore();
  store.importFindings(ACCOUNT, REGION, [
    finding('a', {
      GeneratorId: 'ecs_service_connect_tls_enabled',
      Title: 'Service Connect should use TLS',
      UpdatedAt: at(-50),
      CreatedAt: at(-50),
      FindingProviderFields: { Severity: { Label: 'HIGH' }, Types: [TYPE] },
      ProductFields: { 'scanner/CheckId': 'ecs_service_connect_tls_enabled' },
    }),
    finding('b', {
      GeneratorId: 'ecs_task_definition_no_secrets_in_environment',
      Title: 'Task definitions should not hold secrets in environment variables',
      UpdatedAt: at(-40),
      CreatedAt: at(-40),
      Compliance: { Status: 'PASSED' },
      FindingProviderFields: { Severity: { Label: 'INFORMATIONAL' }, Types: [TYPE] },
      Resources: [
        { Id: resourceArn('b'), Type: 'AwsEcsTaskDefinition' },
        { Id: resourceArn('shared'), Type: 'AwsSecretsManagerSecret' },
      ],
    }),
    finding('c', {
      GeneratorId: 'elbv2_listener_encrypted',
      Title: 'Listeners should use TLS',
      UpdatedAt: at(-30),
      CreatedAt: at(-30),
      RecordState: 'ARCHIVED',
      FindingProviderFields: {
        Severity: { Label: 'MEDIUM' },
        Types: [
          'Software and Configuration Checks/Industry and Regulatory Standards/NIST 800-53 Controls',
        ],
      },
      Resources: [{ Id: resourceArn('c'), Type: 'AwsElbv2LoadBalancer' }],
    }),
    finding('d', {
      GeneratorId: 'elbv2_target_group_encrypted',
      Title: 'Target groups should use TLS',
      UpdatedAt: at(-20),
      CreatedAt: at(-20),
      Compliance: { Status: 'NOT_AVAILABLE' },
      FindingProviderFields: { Severity: { Label: 'LOW' }, Types: [TYPE] },
      Resources: [{ Id: resourceArn('shared'), Type: 'Other' }],
    }),
    finding('e', {
      GeneratorId: 'secretsmanager_secret_rotation_enabled',
      Title: 'Secrets should rotate',
      UpdatedAt: at(-10),
      CreatedAt: at(-10),
      FindingProviderFields: { Severity: { Label: 'CRITICAL' }, Types: [TYPE] },
    }),
  ]);
  store.updateFindings(ACCOUNT, REGION, {
    FindingIdentifiers: [{ Id: 'e', ProductArn: PRODUCT_ARN }],
    Workflow: { Status: 'NOTIFIED' },
  });
  return store;
};

const eq = (Value: string) => ({ Comparison: 'EQUALS' as const, Value });

describe('SecurityHubStore.getFindings filters', () => {
  it.each<[string, AwsSecurityFindingFilters, string[]]>([
    [
      'returns every finding, archived ones included, without filters',
      {},
      ['a', 'b', 'c', 'd', 'e'],
    ],
    ['matches GeneratorId EQUALS', { GeneratorId: [eq('elbv2_listener_encrypted')] }, ['c']],
    [
      'ORs two GeneratorId EQUALS values',
      {
        GeneratorId: [eq('elbv2_listener_encrypted'), eq('secretsmanager_secret_rotation_enabled')],
      },
      ['c', 'e'],
    ],
    [
      'matches GeneratorId PREFIX',
      { GeneratorId: [{ Comparison: 'PREFIX', Value: 'elbv2_' }] },
      ['c', 'd'],
    ],
    [
      'ANDs two GeneratorId NOT_EQUALS values',
      {
        GeneratorId: [
          { Comparison: 'NOT_EQUALS', Value: 'elbv2_listener_encrypted' },
          { Comparison: 'NOT_EQUALS', Value: 'elbv2_target_group_encrypted' },
        ],
      },
      ['a', 'b', 'e'],
    ],
    [
      'applies PREFIX first and NOT_EQUALS after it',
      {
        GeneratorId: [
          { Comparison: 'PREFIX', Value: 'ecs_' },
          { Comparison: 'PREFIX', Value: 'elbv2_' },
          { Comparison: 'NOT_EQUALS', Value: 'elbv2_listener_encrypted' },
        ],
      },
      ['a', 'b', 'd'],
    ],
    [
      'matches PREFIX_NOT_EQUALS',
      { GeneratorId: [{ Comparison: 'PREFIX_NOT_EQUALS', Value: 'ecs_' }] },
      ['c', 'd', 'e'],
    ],
    [
      'ORs two Title CONTAINS values',
      {
        Title: [
          { Comparison: 'CONTAINS', Value: 'Listeners' },
          { Comparison: 'CONTAINS', Value: 'rotate' },
        ],
      },
      ['c', 'e'],
    ],
    [
      'ANDs two Title NOT_CONTAINS values',
      {
        Title: [
          { Comparison: 'NOT_CONTAINS', Value: 'TLS' },
          { Comparison: 'NOT_CONTAINS', Value: 'rotate' },
        ],
      },
      ['b'],
    ],
    ['compares case-sensitively', { Title: [{ Comparison: 'CONTAINS', Value: 'tls' }] }, []],
    [
      'matches any resource of a finding by ResourceId',
      { ResourceId: [eq(resourceArn('shared'))] },
      ['b', 'd'],
    ],
    [
      'excludes a finding when any of its resources matches a NOT_EQUALS ResourceId',
      { ResourceId: [{ Comparison: 'NOT_EQUALS', Value: resourceArn('shared') }] },
      ['a', 'c', 'e'],
    ],
    ['matches ResourceType', { ResourceType: [eq('AwsEcsTaskDefinition')] }, ['b']],
    ['matches RecordState', { RecordState: [eq('ACTIVE')] }, ['a', 'b', 'd', 'e']],
    ['matches AwsAccountId', { AwsAccountId: [eq(ACCOUNT)] }, ['a', 'b', 'c', 'd', 'e']],
    ['matches Region', { Region: [eq(REGION)] }, ['a', 'b', 'c', 'd', 'e']],
    ['matches ProductArn', { ProductArn: [eq(PRODUCT_ARN)] }, ['a', 'b', 'c', 'd', 'e']],
    ['matches Id', { Id: [eq('d')] }, ['d']],
    ['matches ComplianceStatus', { ComplianceStatus: [eq('FAILED')] }, ['a', 'c', 'e']],
    ['matches SeverityLabel', { SeverityLabel: [eq('CRITICAL'), eq('HIGH')] }, ['a', 'e']],
    ['matches WorkflowStatus', { WorkflowStatus: [eq('NEW')] }, ['a', 'b', 'c', 'd']],
    [
      'matches Type PREFIX',
      { Type: [{ Comparison: 'PREFIX', Value: 'Software and Configuration Checks/Industry' }] },
      ['c'],
    ],
    [
      'matches a ProductFields key',
      {
        ProductFields: [
          {
            Key: 'scanner/CheckId',
            Comparison: 'EQUALS',
            Value: 'ecs_service_connect_tls_enabled',
          },
        ],
      },
      ['a'],
    ],
    [
      'ANDs different fields',
      { GeneratorId: [{ Comparison: 'PREFIX', Value: 'elbv2_' }], RecordState: [eq('ACTIVE')] },
      ['d'],
    ],
    [
      'matches an UpdatedAt window',
      { UpdatedAt: [{ Start: at(-45), End: at(-20) }] },
      ['b', 'c', 'd'],
    ],
    [
      'matches UpdatedAt within a number of days',
      { UpdatedAt: [{ DateRange: { Value: 1, Unit: 'DAYS' } }] },
      ['a', 'b', 'c', 'd', 'e'],
    ],
    [
      'matches UpdatedAt older than a number of days',
      { UpdatedAt: [{ DateRange: { Value: 1, Unit: 'DAYS', Comparison: 'OLDER_THAN' } }] },
      [],
    ],
    [
      'matches SeverityNormalized bounds',
      { SeverityNormalized: [{ Gte: 40, Lt: 90 }] },
      ['a', 'c'],
    ],
  ])('%s', (_name, Filters, expected) => {
    // Prepare
    const store = seeded();

    // Act
    const result = store.getFindings(ACCOUNT, REGION, { Filters });

    // Assess
    expect(ids(result.Findings)).toEqual(expected);
    expect(result.NextToken).toBeUndefined();
  });

  it.each<[string, AwsSecurityFindingFilters]>([
    [
      'CONTAINS with EQUALS on one field',
      { Title: [{ Comparison: 'CONTAINS', Value: 'x' }, eq('y')] },
    ],
    [
      'CONTAINS with NOT_CONTAINS on one field',
      {
        Title: [
          { Comparison: 'CONTAINS', Value: 'x' },
          { Comparison: 'NOT_CONTAINS', Value: 'y' },
        ],
      },
    ],
    [
      'EQUALS with NOT_EQUALS on one field',
      { Id: [eq('a'), { Comparison: 'NOT_EQUALS', Value: 'b' }] },
    ],
    [
      'EQUALS with PREFIX_NOT_EQUALS on one field',
      { Id: [eq('a'), { Comparison: 'PREFIX_NOT_EQUALS', Value: 'b' }] },
    ],
    [
      'CONTAINS_WORD, which only GetFindingsV2 knows',
      { Title: [{ Comparison: 'CONTAINS_WORD', Value: 'TLS' }] },
    ],
    ['a filter without a comparison', { Id: [{ Value: 'a' }] }],
    ['21 values for one attribute', { Id: Array.from({ length: 21 }, (_, i) => eq(`f-${i}`)) }],
    [
      '11 attributes',
      Object.fromEntries(
        [
          'Id',
          'GeneratorId',
          'Title',
          'Description',
          'Region',
          'AwsAccountId',
          'ProductArn',
          'RecordState',
          'ComplianceStatus',
          'SeverityLabel',
          'WorkflowStatus',
        ].map((field) => [field, [eq('x')]]),
      ),
    ],
    ['a date filter without dates', { UpdatedAt: [{}] }],
    ['a date filter with a malformed date', { UpdatedAt: [{ Start: 'yesterday', End: at(0) }] }],
    ['a filter the emulator does not know', { Keyword: [{ Value: 'tls' }] }],
  ])('rejects %s with InvalidInputException', (_name, Filters) => {
    // Prepare
    const store = seeded();

    // Act
    const error = thrown(() => store.getFindings(ACCOUNT, REGION, { Filters }));

    // Assess
    expect(error).toMatchObject({ code: 'InvalidInputException', status: 400 });
  });

  it('shows an account only its own findings, in the Region it calls', () => {
    // Prepare
    const store = seeded();

    // Act
    const otherAccount = store.getFindings(OTHER_ACCOUNT, REGION, {});
    const otherRegion = store.getFindings(ACCOUNT, 'eu-west-1', {});

    // Assess
    expect(otherAccount.Findings).toEqual([]);
    expect(otherRegion.Findings).toEqual([]);
  });
});

describe('SecurityHubStore.getFindings sorting and pagination', () => {
  const importMany = (store: SecurityHubStore, count: number, from = 0) => {
    for (let start = from; start < from + count; start += 100) {
      const batch = Array.from({ length: Math.min(100, from + count - start) }, (_, i) => {
        const n = start + i;
        return finding(`f-${String(n).padStart(5, '0')}`, { UpdatedAt: at(-n), CreatedAt: at(-n) });
      });
      const result = store.importFindings(ACCOUNT, REGION, batch);
      expect(result.FailedCount).toBe(0);
    }
  };

  const readAll = (store: SecurityHubStore, between?: (page: number) => void) => {
    const pages: AwsSecurityFinding[][] = [];
    let token: string | undefined;
    do {
      const result = store.getFindings(ACCOUNT, REGION, { MaxResults: 100, NextToken: token });
      pages.push(result.Findings);
      token = result.NextToken;
      between?.(pages.length);
    } while (token);
    return pages;
  };

  it('returns the latest UpdatedAt first by default', () => {
    // Prepare
    const store = seeded();

    // Act
    const result = store.getFindings(ACCOUNT, REGION, {});

    // Assess
    expect(result.Findings.map((f) => f.Id)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it.each([
    ['Title ascending', [{ Field: 'Title', SortOrder: 'asc' as const }], ['c', 'e', 'a', 'd', 'b']],
    [
      'SeverityNormalized descending',
      [{ Field: 'SeverityNormalized', SortOrder: 'desc' as const }],
      ['e', 'a', 'c', 'd', 'b'],
    ],
    [
      'CreatedAt ascending',
      [{ Field: 'CreatedAt', SortOrder: 'asc' as const }],
      ['a', 'b', 'c', 'd', 'e'],
    ],
  ])('sorts by %s', (_name, SortCriteria, expected) => {
    // Prepare
    const store = seeded();

    // Act
    const result = store.getFindings(ACCOUNT, REGION, { SortCriteria });

    // Assess
    expect(result.Findings.map((f) => f.Id)).toEqual(expected);
  });

  it('pages 250 findings as 100, 100 and 50, each exactly once', () => {
    // Prepare
    const store = newStore();
    importMany(store, 250);

    // Act
    const pages = readAll(store);

    // Assess
    expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
    const all = pages.flat().map((f) => f.Id);
    expect(new Set(all).size).toBe(250);
    expect(all[0]).toBe('f-00000');
    expect(all.at(-1)).toBe('f-00249');
  });

  it('returns at most 100 findings when MaxResults is not given', () => {
    // Prepare
    const store = newStore();
    importMany(store, 150);

    // Act
    const result = store.getFindings(ACCOUNT, REGION, {});

    // Assess
    expect(result.Findings).toHaveLength(100);
    expect(result.NextToken).toEqual(expect.any(String));
  });

  it('keeps its place when findings are imported between pages', () => {
    // Prepare
    const store = newStore();
    importMany(store, 250);
    let extra = 0;

    // Act: newer findings (sorted before the cursor) and older ones (after it) arrive mid-read
    const pages = readAll(store, (page) => {
      if (page > 2) return;
      const newer = finding(`new-${page}`, { UpdatedAt: at(1), CreatedAt: at(1) });
      const older = finding(`old-${page}`, { UpdatedAt: at(-1000), CreatedAt: at(-1000) });
      store.importFindings(ACCOUNT, REGION, [newer, older]);
      extra++;
    });

    // Assess
    const all = pages.flat().map((f) => f.Id as string);
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((id) => id.startsWith('f-'))).toHaveLength(250);
    expect(all).toEqual(expect.arrayContaining(['old-1', 'old-2']));
    expect(all).not.toContain('new-1');
    expect(extra).toBe(2);
  });

  it.each([
    ['garbage', 'not a token!'],
    ['a well-formed token of no query', Buffer.from('{"v":1}').toString('base64url')],
  ])('rejects %s as NextToken', (_name, NextToken) => {
    // Prepare
    const store = seeded();

    // Act
    const error = thrown(() => store.getFindings(ACCOUNT, REGION, { NextToken }));

    // Assess
    expect(error).toMatchObject({ code: 'InvalidInputException', status: 400 });
  });

  it('rejects a NextToken used with other filters', () => {
    // Prepare
    const store = newStore();
    importMany(store, 150);
    const first = store.getFindings(ACCOUNT, REGION, { MaxResults: 100 });

    // Act
    const error = thrown(() =>
      store.getFindings(ACCOUNT, REGION, {
        NextToken: first.NextToken,
        Filters: { RecordState: [{ Comparison: 'EQUALS', Value: 'ACTIVE' }] },
      }),
    );

    // Assess
    expect(error).toMatchObject({ code: 'InvalidInputException' });
  });

  it.each([0, 101, 2.5])('rejects MaxResults %s', (MaxResults) => {
    // Prepare
    const store = seeded();

    // Act
    const error = thrown(() => store.getFindings(ACCOUNT, REGION, { MaxResults }));

    // Assess
    expect(error).toMatchObject({ code: 'InvalidInputException', status: 400 });
  });

  it('imports and pages through 10,000 findings without losing or repeating one', () => {
    // Prepare
    const store = newStore();

    // Act
    importMany(store, 10_000);
    const pages = readAll(store);
    const filtered = store.getFindings(ACCOUNT, REGION, {
      Filters: { Id: [{ Comparison: 'EQUALS', Value: 'f-09999' }] },
    });

    // Assess
    expect(pages).toHaveLength(100);
    expect(new Set(pages.flat().map((f) => f.Id)).size).toBe(10_000);
    expect(filtered.Findings.map((f) => f.Id)).toEqual(['f-09999']);
  });
});
