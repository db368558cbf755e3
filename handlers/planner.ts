// Scheduled full scan: enumerate the targets (accounts × regions) and send one scan request per
// target to the FIFO queue. The worker does the scanning.
import { parser } from '@aws-lambda-powertools/parser/middleware';
import type { ParsedResult } from '@aws-lambda-powertools/parser/types';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { enqueueScans } from '../lib/lambda/enqueue.ts';
import { describeIssues } from '../lib/lambda/events/common.ts';
import { type ScheduleEvent, scheduleEventSchema } from '../lib/lambda/events/schedule.ts';
import { countInvalidEvent, METRIC, observe } from '../lib/lambda/observability.ts';
import { scheduledScans } from '../lib/lambda/requests.ts';
import {
  accountOfFunction,
  lazyHandler,
  type Runtime,
  runtimeFromEnvironment,
} from '../lib/lambda/runtime.ts';
import { planTargets } from '../lib/lambda/targets.ts';

export interface PlannerResult {
  status: 'enqueued' | 'rejected';
  messages: number;
}

export const createPlannerHandler = (runtime: Runtime) => {
  const { config, clients, observability } = runtime;
  const { logger, metrics } = observability;
  return observe(
    middy(
      async (
        parsed: ParsedResult<unknown, ScheduleEvent>,
        context: Context,
      ): Promise<PlannerResult> => {
        if (!parsed.success) {
          // Retrying cannot fix an event of the wrong shape: say so, count it, return.
          logger.error('Rejected the event: it is not a schedule event, so no scan was planned.', {
            reason: describeIssues(parsed.error.cause) || parsed.error.message,
          });
          countInvalidEvent(metrics, 'Schedule');
          return { status: 'rejected', messages: 0 };
        }
        const event = parsed.data;
        logger.setCorrelationId(event.id);
        const targets = await planTargets(
          config,
          accountOfFunction(context.invokedFunctionArn),
          clients,
        );
        const messages = scheduledScans(targets, event.time);
        await enqueueScans(clients.sqs(config.deploymentRegion), config.queueUrl, messages);
        metrics.addMetric(METRIC.scanRequestsSent, 'Count', messages.length);
        // SQS answers a repeat of the same request like any other send: what was sent, not queued.
        logger.info(
          `Planned the scheduled scan: sent ${messages.length} scan request${messages.length === 1 ? '' : 's'} to the queue (SQS drops those it already holds for this tick, from a repeated delivery within 5 minutes).`,
          {
            tick: event.time,
            accounts: new Set(targets.map((t) => t.accountId)).size,
            regions: [...new Set(targets.map((t) => t.region))],
            sent: messages.length,
          },
        );
        return { status: 'enqueued', messages: messages.length };
      },
    ).use(parser({ schema: scheduleEventSchema, safeParse: true })),
    observability,
  );
};

export const handler = lazyHandler(() => createPlannerHandler(runtimeFromEnvironment()));
