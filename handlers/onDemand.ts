// On-demand scans: `source: ecs-encryption-scanner`, `detail-type: Scan Requested`, with an
// optional detail of { accounts?, regions?, checks?, excludeChecks?, services?, minSeverity?,
// resourceArns?, dryRun? }: one scan request per account and region of exactly that scope, with
// the check filters (refused by the CLI's rules when they name what no check has), queued for the
// worker.
import { parser } from '@aws-lambda-powertools/parser/middleware';
import type { ParsedResult } from '@aws-lambda-powertools/parser/types';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { checks } from '../checks/registry.ts';
import { enqueueScans } from '../lib/lambda/enqueue.ts';
import { describeIssues } from '../lib/lambda/events/common.ts';
import { filtersOf } from '../lib/lambda/events/scanMessage.ts';
import {
  type ScanRequestedEvent,
  scanRequestedEventSchema,
} from '../lib/lambda/events/scanRequested.ts';
import { countInvalidEvent, METRIC, observe } from '../lib/lambda/observability.ts';
import { InvalidRequestError, onDemandScans } from '../lib/lambda/requests.ts';
import {
  accountOfFunction,
  lazyHandler,
  type Runtime,
  runtimeFromEnvironment,
} from '../lib/lambda/runtime.ts';
import { createDeploymentScope, type DeploymentScope } from '../lib/lambda/targets.ts';

export interface OnDemandResult {
  status: 'enqueued' | 'rejected';
  messages: number;
  reason?: string;
}

export const createOnDemandHandler = (runtime: Runtime) => {
  const { config, clients, observability } = runtime;
  const { logger, metrics } = observability;
  let scope: DeploymentScope | undefined;
  const reject = (reason: string): OnDemandResult => {
    // Retrying cannot fix the request: log it, count it, return without throwing.
    logger.error(`Rejected the scan request: ${reason}`);
    countInvalidEvent(metrics, 'ScanRequest');
    return { status: 'rejected', messages: 0, reason };
  };
  return observe(
    middy(
      async (
        parsed: ParsedResult<unknown, ScanRequestedEvent>,
        context: Context,
      ): Promise<OnDemandResult> => {
        if (!parsed.success) {
          return reject(describeIssues(parsed.error.cause) || parsed.error.message);
        }
        const event = parsed.data;
        logger.setCorrelationId(event.id);
        scope ??= createDeploymentScope(
          config,
          accountOfFunction(context.invokedFunctionArn),
          clients,
        );
        let messages: Awaited<ReturnType<typeof onDemandScans>>;
        try {
          messages = await onDemandScans(event.detail, event.id, {
            registry: checks,
            accounts: await scope.accounts(),
            regions: await scope.regions(),
            enabledRegions: scope.enabledRegions,
            config,
          });
        } catch (error) {
          if (error instanceof InvalidRequestError) return reject(error.message);
          throw error;
        }
        await enqueueScans(clients.sqs(config.deploymentRegion), config.queueUrl, messages);
        metrics.addMetric(METRIC.scanRequestsSent, 'Count', messages.length);
        // Every message carries the same check filters, validated and normalised.
        const [first] = messages;
        logger.info('Sent the requested scans to the queue.', {
          sent: messages.length,
          targets: messages.map((m) => `${m.accountId}:${m.region}`),
          dryRun: event.detail.dryRun ?? false,
          ...(first ? filtersOf(first) : {}),
        });
        return { status: 'enqueued', messages: messages.length };
      },
    ).use(parser({ schema: scanRequestedEventSchema, safeParse: true })),
    observability,
  );
};

export const handler = lazyHandler(() => createOnDemandHandler(runtimeFromEnvironment()));
