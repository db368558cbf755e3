// Imports findings into Security Hub: batches within its limits, paced within BatchImportFindings'
// rate, findings refused with a transient error sent again, a partial last batch held for a later
// stage on request; and the count of throttled attempts of a client.
import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type ImportFindingsError,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { isThrottlingError } from '../aws/errors.ts';
import { type Clock, realClock, type TokenBucket } from '../aws/tokenBucket.ts';
import { fitFinding, importBatches } from './batches.ts';
import { SECURITY_HUB_LIMITS } from './limits.ts';

export interface ImportOptions {
  client: SecurityHubClient;
  clock?: Clock;
  /** Attempts for findings that failed with a transient error code. */
  transientAttempts?: number;
}

/** What the imports of one publication share. */
export interface ImportState {
  /** BatchImportFindings' bucket: one per publication, whatever its stages. */
  bucket: TokenBucket;
  counter: { calls: number };
  /** IDs Security Hub took (in a batch answered, and not among its FailedFindings). */
  landed: Set<string>;
}

const TRANSIENT = /throttl|toomanyrequests|limitexceeded|internal|serviceunavailable|timeout/i;

/**
 * Counts throttled attempts of every call of `client`: a finalizeRequest middleware below the
 * SDK's retry middleware sees each attempt's error as the deserializer raised it (at the
 * deserialize step, below the deserializer, it would see only the raw answer and count none).
 */
export const countThrottles = (client: SecurityHubClient, counter: { throttles: number }) => {
  const name = 'ecsScannerThrottleCounter';
  client.middlewareStack.remove(name);
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isThrottlingError(error)) counter.throttles += 1;
        throw error;
      }
    },
    { step: 'finalizeRequest', name, priority: 'low' },
  );
};

/** Sends one batch; returns the findings Security Hub refused (it took the others). */
const importBatch = async (
  client: SecurityHubClient,
  batch: AwsSecurityFinding[],
  state: ImportState,
): Promise<ImportFindingsError[]> => {
  await state.bucket.take();
  state.counter.calls += 1;
  const response = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
  const failures = response.FailedFindings ?? [];
  const failed = new Set(failures.map((f) => f.Id));
  for (const finding of batch) if (!failed.has(finding.Id)) state.landed.add(finding.Id ?? '');
  return failures;
};

/**
 * Imports findings; retries those that failed with a transient error; returns the permanent
 * failures. With `hold`, a last batch of fewer than 100 is not sent but returned as `held`, for a
 * later stage to fill: a publication in stages then makes as few imports as one in a single stage.
 */
export const importAll = async (
  options: ImportOptions,
  findings: readonly AwsSecurityFinding[],
  state: ImportState,
  hold = false,
): Promise<{ failures: ImportFindingsError[]; held: AwsSecurityFinding[] }> => {
  const clock = options.clock ?? realClock;
  const attempts = options.transientAttempts ?? 3;
  let pending = findings.map(fitFinding);
  const permanent: ImportFindingsError[] = [];
  let held: AwsSecurityFinding[] = [];
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const retry: AwsSecurityFinding[] = [];
    const byId = new Map(pending.map((f) => [f.Id, f]));
    const batches = importBatches(pending);
    const last = batches.at(-1);
    if (hold && attempt === 1 && last && last.length < SECURITY_HUB_LIMITS.findingsPerImport) {
      held = batches.pop() ?? [];
    }
    for (const batch of batches) {
      for (const failure of await importBatch(options.client, batch, state)) {
        const finding = byId.get(failure.Id);
        if (finding && attempt < attempts && TRANSIENT.test(failure.ErrorCode ?? ''))
          retry.push(finding);
        else permanent.push(failure);
      }
    }
    pending = retry;
    if (pending.length > 0) await clock.sleep(200 * 2 ** attempt);
  }
  return { failures: permanent, held };
};
