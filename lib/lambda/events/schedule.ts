// The planner's trigger: the event a schedule rule (EventBridge) or EventBridge Scheduler sends.
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas';
import { z } from 'zod';

export const scheduleEventSchema = EventBridgeSchema.extend({
  source: z.enum(['aws.events', 'aws.scheduler'], {
    error: 'expected source aws.events or aws.scheduler (a schedule)',
  }),
  'detail-type': z.literal('Scheduled Event', { error: 'expected detail-type Scheduled Event' }),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export type ScheduleEvent = z.infer<typeof scheduleEventSchema>;
