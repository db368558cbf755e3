import { describe, expect, it } from 'vitest';
import type { CheckResult, ComplianceStatus, Severity } from '../../lib/model.ts';
import { failsAt, severityRank, summarize } from '../../lib/report/summary.ts';
import { arn, REGION } from '../support/evaluate.ts';

const result = (status: ComplianceStatus, severity: Severity, name = 'api'): CheckResult => ({
  checkId: 'some_check',
  status,
  severity,
  reason: `Service ${name} is ${status}.`,
  resource: { kind: 'service', arn: arn.service(name), region: REGION, name, attributes: {} },
});

describe('summarize', () => {
  it('counts nothing for no results', () => {
    expect(summarize([])).toEqual({
      total: 0,
      byStatus: { PASSED: 0, FAILED: 0, WARNING: 0, NOT_AVAILABLE: 0 },
      failedBySeverity: { INFORMATIONAL: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 },
      exempted: 0,
      exemptionsExpired: 0,
    });
  });

  it('counts results by status, and FAILED results only by severity', () => {
    // Prepare
    const results = [
      result('PASSED', 'INFORMATIONAL'),
      result('PASSED', 'INFORMATIONAL'),
      result('FAILED', 'CRITICAL'),
      result('FAILED', 'HIGH'),
      result('FAILED', 'HIGH'),
      result('WARNING', 'LOW'),
      result('WARNING', 'MEDIUM'),
      result('NOT_AVAILABLE', 'INFORMATIONAL'),
    ];

    // Act
    const summary = summarize(results);

    // Assess
    expect(summary).toEqual({
      total: 8,
      byStatus: { PASSED: 2, FAILED: 3, WARNING: 2, NOT_AVAILABLE: 1 },
      failedBySeverity: { INFORMATIONAL: 0, LOW: 0, MEDIUM: 0, HIGH: 2, CRITICAL: 1 },
      exempted: 0,
      exemptionsExpired: 0,
    });
  });

  it('counts exempt results as WARNING and expired exemptions as FAILED, and both apart', () => {
    // Prepare
    const exemption = {
      source: 'tag' as const,
      resource: arn.service('api'),
      reason: 'Legacy service, replaced in Q3.',
      expires: '2026-12-31',
      severity: 'HIGH' as const,
    };
    const results: CheckResult[] = [
      {
        ...result('WARNING', 'INFORMATIONAL'),
        exemption: { ...exemption, state: 'applied' },
      },
      { ...result('FAILED', 'HIGH'), exemption: { ...exemption, state: 'expired' } },
      result('FAILED', 'HIGH'),
    ];

    // Act
    const summary = summarize(results);

    // Assess
    expect(summary.byStatus).toMatchObject({ WARNING: 1, FAILED: 2 });
    expect(summary.failedBySeverity.HIGH).toBe(2);
    expect(summary.exempted).toBe(1);
    expect(summary.exemptionsExpired).toBe(1);
  });
});

describe('severityRank', () => {
  it('orders severities from INFORMATIONAL to CRITICAL', () => {
    const ordered = (['CRITICAL', 'LOW', 'INFORMATIONAL', 'HIGH', 'MEDIUM'] as const)
      .slice()
      .sort((a, b) => severityRank(a) - severityRank(b));

    expect(ordered).toEqual(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
  });
});

describe('failsAt', () => {
  const mixed = [
    result('FAILED', 'MEDIUM'),
    result('WARNING', 'CRITICAL'),
    result('PASSED', 'INFORMATIONAL'),
  ];

  it.each<[string, CheckResult[], Severity, boolean]>([
    ['reaches the threshold with a FAILED result at it', mixed, 'MEDIUM', true],
    ['reaches the threshold with a FAILED result above it', mixed, 'LOW', true],
    ['reaches the INFORMATIONAL threshold with any FAILED result', mixed, 'INFORMATIONAL', true],
    ['does not reach the threshold with FAILED results below it only', mixed, 'HIGH', false],
    [
      'does not count a WARNING, whatever its severity',
      [result('WARNING', 'CRITICAL')],
      'HIGH',
      false,
    ],
    [
      'does not count an exempt FAILED result (reported as WARNING)',
      [
        {
          ...result('WARNING', 'INFORMATIONAL'),
          exemption: {
            state: 'applied',
            source: 'file',
            resource: arn.service('*'),
            reason: 'Accepted risk.',
            severity: 'CRITICAL',
          },
        },
      ],
      'INFORMATIONAL',
      false,
    ],
    [
      'does not count a NOT_AVAILABLE result',
      [result('NOT_AVAILABLE', 'INFORMATIONAL')],
      'INFORMATIONAL',
      false,
    ],
    [
      'reaches the CRITICAL threshold with a CRITICAL failure',
      [result('FAILED', 'CRITICAL')],
      'CRITICAL',
      true,
    ],
    ['does not reach any threshold without results', [], 'INFORMATIONAL', false],
  ])('%s', (_name, results, threshold, expected) => {
    expect(failsAt(results, threshold)).toBe(expected);
  });
});
