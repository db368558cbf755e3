import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../lib/evaluate/evaluate.ts';
import type { ExemptionProblem } from '../../lib/evaluate/exemptions/model.ts';
import { exemptionProblemLines, warnExemptionProblems } from '../../lib/report/exemptions.ts';

const problem: ExemptionProblem = {
  source: 'tag',
  region: 'us-east-1',
  resource: 'arn:aws:ecs:us-east-1:111122223333:service/prod/web',
  problem: 'tag ecs-encryption-scanner:exempt has no ecs-encryption-scanner:exempt-reason tag.',
  checkIds: ['ecs_service_connect_tls_enabled'],
};
const scanWith = (problems?: ExemptionProblem[]) =>
  ({ exemptionProblems: problems }) as unknown as ScanResult;

describe('the exemption problem lines', () => {
  it('say, for stderr, which exemption on which resource was not applied and why', () => {
    // Act
    const lines = exemptionProblemLines(scanWith([problem]));

    // Assess
    expect(lines).toEqual([
      'exemption not applied: tag on arn:aws:ecs:us-east-1:111122223333:service/prod/web (us-east-1): tag ecs-encryption-scanner:exempt has no ecs-encryption-scanner:exempt-reason tag.',
    ]);
  });

  it.each([
    ['one warning per problem, as a sentence, with its fields', [problem], 1],
    ['nothing when there is none', undefined, 0],
  ])('reach the worker’s log as %s', (_name, problems, count) => {
    // Prepare
    const warnings: [string, Record<string, unknown> | undefined][] = [];

    // Act
    warnExemptionProblems(scanWith(problems), {
      warn: (message, fields) => warnings.push([message, fields]),
    });

    // Assess
    expect(warnings).toHaveLength(count);
    if (count) {
      expect(warnings[0]?.[0]).toMatch(/^Exemption not applied: tag on arn:aws:ecs:/);
      expect(warnings[0]?.[1]).toEqual({ ...problem });
    }
  });
});
