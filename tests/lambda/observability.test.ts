// What the functions write to their logs: never a secret value, whatever Powertools is told. Each
// handler runs on events that carry known secret values (and the worker scans an account whose task
// definition holds them) with every logging variable Powertools Logger 2.35 reads switched on, and
// everything written to the console, stdout and stderr is searched for them.
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createChangeEventHandler } from '../../handlers/changeEvent.ts';
import { createOnDemandHandler } from '../../handlers/onDemand.ts';
import { createPlannerHandler } from '../../handlers/planner.ts';
import { createWorkerHandler } from '../../handlers/worker.ts';
import type { Runtime } from '../../lib/lambda/runtime.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';
import {
  type Bench,
  DEPLOYMENT_ACCOUNT,
  demoAccount,
  drain,
  lambdaContext,
  REGION,
  sampleEvent,
  sqsEvent,
  startBench,
} from '../handlers/support.ts';

/** Random, so that no 8 characters of them appear anywhere by chance. */
const SECRET_KEY = randomBytes(30).toString('base64');
const PASSWORD = `Pw-${randomBytes(12).toString('hex')}!`;
const SECRETS = { 'an AWS secret access key': SECRET_KEY, 'a password': PASSWORD };

/** Every Powertools Logger variable that widens what is logged, switched on (Logger 2.35). */
const EVERYTHING_ON = {
  POWERTOOLS_LOGGER_LOG_EVENT: 'true',
  POWERTOOLS_LOGGER_SAMPLE_RATE: '1',
  // Tracer: recorded in the trace, not the log; on all the same.
  POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'true',
  POWERTOOLS_TRACER_CAPTURE_ERROR: 'true',
  POWERTOOLS_METRICS_DISABLED: 'false',
  ENVIRONMENT: 'leak-test',
};
const VARIANTS: [string, Record<string, string>][] = [
  [
    'DEBUG, on the console (POWERTOOLS_DEV)',
    { ...EVERYTHING_ON, POWERTOOLS_DEV: 'true', POWERTOOLS_LOG_LEVEL: 'DEBUG', LOG_LEVEL: 'DEBUG' },
  ],
  [
    'TRACE, on the console (POWERTOOLS_DEV)',
    {
      ...EVERYTHING_ON,
      POWERTOOLS_DEV: 'true',
      POWERTOOLS_LOG_LEVEL: 'TRACE',
      LOG_LEVEL: 'TRACE',
      AWS_LAMBDA_LOG_LEVEL: 'TRACE',
    },
  ],
  [
    'TRACE, on stdout as in Lambda',
    {
      ...EVERYTHING_ON,
      POWERTOOLS_DEV: 'false',
      POWERTOOLS_LOG_LEVEL: 'TRACE',
      LOG_LEVEL: 'TRACE',
      AWS_LAMBDA_LOG_LEVEL: 'TRACE',
    },
  ],
];

/** The demo account with both secrets in a task definition a service runs. */
const accountWithSecrets = (): Snapshot => {
  const account = demoAccount();
  const definition = account.regions[REGION]?.ecs?.taskDefinitions?.find((td) =>
    td.taskDefinitionArn?.endsWith('/service-orders:3'),
  );
  const container = definition?.containerDefinitions?.[0];
  if (!container) throw new Error('the demo account has no service-orders:3 container');
  container.environment = [
    ...(container.environment ?? []),
    { name: 'AWS_SECRET_ACCESS_KEY', value: SECRET_KEY },
    { name: 'DB_PASSWORD', value: PASSWORD },
  ];
  return account;
};

/** Everything written to the console, stdout and stderr, as text. */
const captureOutput = () => {
  const chunks: string[] = [];
  const text = (value: unknown) => (typeof value === 'string' ? value : inspect(value));
  const spies = [
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        chunks.push(args.map(text).join(' '));
      }),
    ),
    ...[process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
        chunks.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : text(chunk));
        return true;
      }),
    ),
  ];
  return {
    output: () => chunks.join('\n'),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
};

/** Every 8-character piece of the value: a quoted prefix leaks too. */
const pieces = (value: string) =>
  Array.from({ length: value.length - 7 }, (_, i) => value.slice(i, i + 8));

const environment = [
  { name: 'AWS_SECRET_ACCESS_KEY', value: SECRET_KEY },
  { name: 'DB_PASSWORD', value: PASSWORD },
];

const scanMessage = (fields: Record<string, unknown> = {}) => ({
  version: 1,
  trigger: 'schedule',
  correlationId: `leak-${randomBytes(4).toString('hex')}`,
  accountId: DEPLOYMENT_ACCOUNT,
  region: REGION,
  ...fields,
});

type Invoke = (event: unknown, context: Context) => Promise<unknown>;
/** Each handler, and the events it runs on: accepted ones and rejected ones, all carrying the secrets. */
const HANDLERS: [string, (runtime: Runtime) => Invoke, () => unknown[], RegExp][] = [
  [
    'planner',
    (runtime) => createPlannerHandler(runtime) as Invoke,
    () => [
      {
        ...sampleEvent<Record<string, unknown>>('schedule.json'),
        detail: { note: SECRET_KEY, password: PASSWORD },
      },
      {
        ...sampleEvent<Record<string, unknown>>('schedule.json'),
        time: 'noon',
        detail: { note: SECRET_KEY },
      },
    ],
    /Planned the scheduled scan/,
  ],
  [
    'worker',
    (runtime) => createWorkerHandler(runtime) as Invoke,
    () => {
      const event = sqsEvent([
        scanMessage({ checks: ['ecs_task_definition_no_secrets_in_environment'] }),
        `${SECRET_KEY} ${PASSWORD}`,
        scanMessage({ checks: [SECRET_KEY] }),
        scanMessage({ excludeChecks: [PASSWORD] }),
        scanMessage({ services: [SECRET_KEY] }),
        scanMessage({ minSeverity: PASSWORD }),
        scanMessage({ password: PASSWORD }),
      ]);
      for (const record of event.Records) {
        record.messageAttributes = { note: { stringValue: PASSWORD, dataType: 'String' } };
      }
      return [event];
    },
    /Scanned 111122223333 us-east-1/,
  ],
  [
    'changeEvent',
    (runtime) => createChangeEventHandler(runtime) as Invoke,
    () => {
      const deregistered = sampleEvent<{ detail: Record<string, Record<string, unknown>> }>(
        'cloudtrail/ecs-DeregisterTaskDefinition.json',
      );
      const taskDefinition = deregistered.detail.responseElements?.taskDefinition as Record<
        string,
        unknown
      >;
      // What DeregisterTaskDefinition really answers: the whole revision.
      taskDefinition.containerDefinitions = [{ name: 'app', image: 'app:1', environment }];
      const registered = structuredClone(deregistered);
      registered.detail.eventName = 'RegisterTaskDefinition' as never;
      registered.detail.requestParameters = {
        family: 'service-orders',
        containerDefinitions: [{ name: 'app', image: 'app:1', environment }],
      };
      const malformed = structuredClone(deregistered);
      malformed.detail.eventTime = 'yesterday' as never;
      return [deregistered, registered, malformed];
    },
    /Sent a rescan request for DeregisterTaskDefinition/,
  ],
  [
    'onDemand',
    (runtime) => createOnDemandHandler(runtime) as Invoke,
    () => {
      const request = sampleEvent<Record<string, unknown>>('scan-requested.json');
      return [
        { ...request, resources: [SECRET_KEY, PASSWORD] },
        { ...request, detail: { checks: [SECRET_KEY] } },
        // One filter an event: each must be refused on its own without quoting it.
        { ...request, detail: { excludeChecks: [PASSWORD] } },
        { ...request, detail: { services: [SECRET_KEY] } },
        { ...request, detail: { minSeverity: PASSWORD } },
        { ...request, detail: { password: PASSWORD } },
        { ...request, 'detail-type': 'Scan', detail: { note: SECRET_KEY } },
      ];
    },
    /Sent the requested scans to the queue/,
  ],
];

describe('the Lambda logs', () => {
  let bench: Bench;

  beforeAll(async () => {
    bench = await startBench({}, [accountWithSecrets()]);
  });
  afterAll(() => bench.close());
  afterEach(async () => {
    vi.unstubAllEnvs();
    await drain(bench);
  });

  describe.each(VARIANTS)('with every Powertools logging variable on: %s', (_name, variables) => {
    it.each(HANDLERS)(
      'the %s handler writes no secret value',
      async (name, create, events, expectedLine) => {
        // Prepare: the Logger reads its variables when it is built.
        for (const [key, value] of Object.entries(variables)) vi.stubEnv(key, value);
        const runtime = bench.runtime();
        const handler = create(runtime);
        const inputs = events();
        const capture = captureOutput();

        // Act
        try {
          for (const event of inputs) await handler(event, lambdaContext(name));
        } finally {
          capture.restore();
        }

        // Assess: Powertools was told to log events and debug lines, the events carry the secrets,
        // the handler logged, and no piece of a secret is anywhere in what it wrote.
        const { logger } = runtime.observability;
        expect(logger.shouldLogEvent()).toBe(true);
        expect(logger.getLevelName()).toBe(variables.POWERTOOLS_LOG_LEVEL);
        const input = JSON.stringify(inputs);
        const output = capture.output();
        expect(output).toMatch(expectedLine);
        for (const [what, value] of Object.entries(SECRETS)) {
          expect(input, what).toContain(value);
          // In any case: the filters of a request are quoted in lower or upper case.
          const leaked = pieces(value.toLowerCase()).filter((piece) =>
            output.toLowerCase().includes(piece),
          );
          expect(leaked, `${what} in the ${name} log`).toEqual([]);
        }
      },
    );
  });
});
