// Change-driven rescans: a CloudTrail management event of a call that changes what the checks
// judge becomes a focused rescan of the affected resources (and the services that depend on them)
// by the checks that read what the call changed (of the registry's, which this entry point hands
// in), queued behind any scan of the same account-region. Failed calls, unknown event names and
// accounts or regions this deployment does not scan are skipped with a log line.
import { parser } from '@aws-lambda-powertools/parser/middleware';
import type { ParsedResult } from '@aws-lambda-powertools/parser/types';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { checks as registeredChecks } from '../checks/registry.ts';
import type { Check } from '../lib/evaluate/check.ts';
import { enqueueScans } from '../lib/lambda/enqueue.ts';
import {
  type CloudTrailEvent,
  cloudTrailEventSchema,
  mapChange,
} from '../lib/lambda/events/cloudTrail.ts';
import { describeIssues } from '../lib/lambda/events/common.ts';
import { scanMessageSchema } from '../lib/lambda/events/scanMessage.ts';
import { countInvalidEvent, METRIC, observe } from '../lib/lambda/observability.ts';
import { changeScan } from '../lib/lambda/requests.ts';
import {
  accountOfFunction,
  lazyHandler,
  type Runtime,
  runtimeFromEnvironment,
} from '../lib/lambda/runtime.ts';
import { createDeploymentScope, type DeploymentScope } from '../lib/lambda/targets.ts';

export interface ChangeEventResult {
  status: 'enqueued' | 'skipped' | 'rejected';
  reason?: string;
}

/** `checks`: those a change may rescan (each one that reads what the change alters); the registry's. */
export const createChangeEventHandler = (
  runtime: Runtime,
  checks: readonly Check[] = registeredChecks,
) => {
  const { config, clients, observability } = runtime;
  const { logger, metrics } = observability;
  let scope: DeploymentScope | undefined;
  const skip = (reason: string, fields: Record<string, string>): ChangeEventResult => {
    logger.info(`Skipped the change event: ${reason}.`, fields);
    metrics.addMetric(METRIC.skippedEvents, 'Count', 1);
    return { status: 'skipped', reason };
  };
  return observe(
    middy(
      async (
        parsed: ParsedResult<unknown, CloudTrailEvent>,
        context: Context,
      ): Promise<ChangeEventResult> => {
        if (!parsed.success) {
          // An asynchronous invocation that throws is retried: an event of the wrong shape is
          // logged, counted and dropped instead.
          logger.error(
            'Rejected the event: it is not a CloudTrail change event this scanner follows.',
            {
              reason: describeIssues(parsed.error.cause) || parsed.error.message,
            },
          );
          countInvalidEvent(metrics, 'CloudTrail');
          return { status: 'rejected' };
        }
        const event = parsed.data;
        const { detail } = event;
        logger.setCorrelationId(detail.eventID);
        const fields = {
          eventName: detail.eventName,
          eventSource: detail.eventSource,
          account: detail.recipientAccountId ?? event.account,
          region: detail.awsRegion,
        };
        const change = mapChange(event, checks);
        if (change.kind === 'skip') return skip(change.reason, fields);
        scope ??= createDeploymentScope(
          config,
          accountOfFunction(context.invokedFunctionArn),
          clients,
        );
        if (!(await scope.covers(change.accountId, change.region))) {
          return skip(
            `account ${change.accountId} in ${change.region} is not scanned by this deployment`,
            fields,
          );
        }
        const message = changeScan(change, detail.eventID);
        const checked = scanMessageSchema.safeParse(message);
        if (!checked.success) {
          // The record contradicts itself (say, resource ARNs of another account): not retried.
          logger.error('Rejected the event: its resources do not match its account and region.', {
            ...fields,
            reason: describeIssues(checked.error),
          });
          countInvalidEvent(metrics, 'CloudTrail');
          return { status: 'rejected', reason: describeIssues(checked.error) };
        }
        await enqueueScans(clients.sqs(config.deploymentRegion), config.queueUrl, [message]);
        metrics.addMetric(METRIC.scanRequestsSent, 'Count', 1);
        logger.info(`Sent a rescan request for ${detail.eventName} to the queue.`, {
          ...fields,
          focus: JSON.stringify(message.focus),
          resources: message.resourceArns?.length ?? 0,
        });
        return { status: 'enqueued' };
      },
    ).use(parser({ schema: cloudTrailEventSchema, safeParse: true })),
    observability,
  );
};

export const handler = lazyHandler(() => createChangeEventHandler(runtimeFromEnvironment()));
