// What a publication says when Security Hub fails or refuses: error codes and IDs, never AWS's
// messages (they may quote finding content).
import { describe, expect, it } from 'vitest';
import { importedSoFar, refusedLine, SecurityHubCallError } from '../../lib/publish/errors.ts';
import { emptyPlan, type PublishPlan } from '../../lib/publish/plan.ts';

const ACCOUNT = '111122223333';

describe('refusedLine', () => {
  it('names every refused finding up to ten with its code, counts the rest and the codes', () => {
    // Prepare
    const failures = Array.from({ length: 12 }, (_, i) => ({
      Id: `finding-${i}`,
      ErrorCode: i < 9 ? 'InvalidInput' : 'LimitExceeded',
      ErrorMessage: 'may quote finding content: hunter2',
    }));

    // Act
    const [message, fields] = refusedLine({ accountId: ACCOUNT, region: 'eu-west-1' }, failures);

    // Assess
    expect(message).toBe(
      `Security Hub refused 12 findings in eu-west-1 for account ${ACCOUNT} (InvalidInput ×9, LimitExceeded ×3): ${failures
        .slice(0, 10)
        .map((f) => `${f.Id} (${f.ErrorCode})`)
        .join(', ')} and 2 more; they were not imported.`,
    );
    expect(fields).toMatchObject({ refused: 12 });
    expect(fields.findings).toHaveLength(12);
    expect(JSON.stringify([message, fields])).not.toContain('hunter2');
  });
});

describe('SecurityHubCallError', () => {
  const failure = (name: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error('may quote finding content: hunter2'), { name, ...extra });

  it('counts what was left to import when nothing was, and asks for a report of an unknown error', () => {
    // Act
    const error = new SecurityHubCallError(
      'BatchImportFindings',
      ACCOUNT,
      'eu-west-1',
      { created: 0, updated: 0, archived: 0, notImported: 7 },
      failure('SomethingOddException'),
    );

    // Assess
    expect(error.message).toBe(
      `Security Hub BatchImportFindings failed in eu-west-1 for account ${ACCOUNT} after retries (SomethingOddException): nothing was imported there (7 findings to import). What to do: run the scan again; if it fails the same way, report it with the error code.`,
    );
    expect(error.errorCode).toBe('SomethingOddException');
    expect(error.message).not.toContain('hunter2');
  });

  it.each([
    ['a reset socket', failure('TimeoutError', { code: 'ECONNRESET' }), 'ECONNRESET'],
    ['a 503', failure('OddException', { $metadata: { httpStatusCode: 503 } }), 'OddException'],
  ])('takes %s for Security Hub unavailable', (_name, cause, code) => {
    // Act
    const error = new SecurityHubCallError(
      'GetFindings',
      ACCOUNT,
      'eu-west-1',
      { created: 0, updated: 0, archived: 0, notImported: 0 },
      cause,
    );

    // Assess
    expect(error.message).toBe(
      `Security Hub GetFindings failed in eu-west-1 for account ${ACCOUNT} after retries (${code}): nothing was imported there. What to do: Security Hub was unavailable or throttling past the retries: run the scan again later; it sends only what is still missing.`,
    );
  });
});

describe('importedSoFar', () => {
  it('counts the planned findings Security Hub took, and the rest as not imported', () => {
    // Prepare
    const plan = {
      ...emptyPlan(),
      create: [{ Id: 'c1' }, { Id: 'c2' }],
      update: [{ Id: 'u1' }],
      archive: [{ Id: 'a1' }, { Id: 'a2' }],
    } as PublishPlan;

    // Act
    const imported = importedSoFar(plan, new Set(['c1', 'u1', 'a2', 'elsewhere']));

    // Assess
    expect(imported).toEqual({ created: 1, updated: 1, archived: 1, notImported: 2 });
  });
});
