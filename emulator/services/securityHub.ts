// AWS Security Hub (restJson1): BatchImportFindings, GetFindings and BatchUpdateFindings, wired to
// the finding store in emulator/securityHub/ (validation, filters and pagination live there).
import {
  BatchImportFindings$,
  BatchUpdateFindings$,
  GetFindings$,
} from '@aws-sdk/client-securityhub';
import { restJsonProtocol } from '../protocols/restJson.ts';
import { AwsError } from '../protocols/types.ts';
import { isSecurityHubError } from '../securityHub/errors.ts';
import { SecurityHubStore } from '../securityHub/store.ts';
import { DEFAULT_BUCKET, serviceErrors } from './common.ts';
import type { BucketSpec, CallContext, EmulatorState, Input, ServiceDefinition } from './types.ts';

/** The emulator's one finding store (it keeps each finding's account and Region). */
export const securityHubStore = (state: EmulatorState): SecurityHubStore => {
  let store = state.services.get('securityhub') as SecurityHubStore | undefined;
  if (!store) {
    store = new SecurityHubStore();
    state.services.set('securityhub', store);
  }
  return store;
};

/** The store's whole-request errors become the restJson1 error answer. */
const call = <T>(run: () => T): T => {
  try {
    return run();
  } catch (error) {
    if (isSecurityHubError(error)) throw new AwsError(error.code, error.message, error.status);
    throw error;
  }
};

const batchImportFindings = (input: Input, context: CallContext) =>
  call(() => {
    // Injected refusals first (FaultConfig.failedFindings), then the store judges the rest.
    const findings = (input.Findings ?? []) as { Id?: string; ProductArn?: string }[];
    const refused = findings.flatMap((finding) => {
      const code = context.failImport?.();
      return code ? [{ finding, code }] : [];
    });
    const refusedSet = new Set(refused.map((r) => r.finding));
    const result = securityHubStore(context.state).importFindings(
      context.accountId,
      context.region,
      findings.filter((f) => !refusedSet.has(f)) as never,
    );
    return {
      ...result,
      FailedCount: result.FailedCount + refused.length,
      FailedFindings: [
        ...result.FailedFindings,
        ...refused.map(({ finding, code }) => ({
          Id: finding.Id,
          ErrorCode: code,
          ErrorMessage: 'Injected by the emulator',
        })),
      ],
    };
  });

const getFindings = (input: Input, context: CallContext) =>
  call(() => securityHubStore(context.state).getFindings(context.accountId, context.region, input));

const batchUpdateFindings = (input: Input, context: CallContext) =>
  call(() =>
    securityHubStore(context.state).updateFindings(
      context.accountId,
      context.region,
      input as never,
    ),
  );

// Security Hub API Reference: BatchImportFindings 10/s, burst 30; GetFindings 3/s, burst 6;
// every other operation (BatchUpdateFindings among them) 10/s, burst 30.
const BUCKETS: Record<string, BucketSpec> = {
  BatchImportFindings: { category: 'BatchImportFindings', burst: 30, rate: 10 },
  GetFindings: { category: 'GetFindings', burst: 6, rate: 3 },
  BatchUpdateFindings: { category: 'BatchUpdateFindings', burst: 30, rate: 10 },
};

export const securityHub: ServiceDefinition = {
  name: 'securityhub',
  protocol: restJsonProtocol({
    errorBody: (error) => ({ Code: error.code, Message: error.message }),
  }),
  operations: {
    BatchImportFindings: { schema: BatchImportFindings$, handler: batchImportFindings },
    GetFindings: { schema: GetFindings$, handler: getFindings },
    BatchUpdateFindings: { schema: BatchUpdateFindings$, handler: batchUpdateFindings },
  },
  // Throttled calls answer TooManyRequestsException (429), which the model does not declare
  // (it declares LimitExceededException and ThrottlingException); that is what callers see.
  errors: serviceErrors('securityhub', {
    throttling: ['TooManyRequestsException', 429],
    accessDenied: ['AccessDeniedException', 403],
    internalFailure: ['InternalException', 500],
    serviceUnavailable: ['ServiceUnavailableException', 503],
    unknownOperation: ['UnknownOperationException', 404],
  }),
  bucket: (operation) => BUCKETS[operation] ?? DEFAULT_BUCKET,
};
