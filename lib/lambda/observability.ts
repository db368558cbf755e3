// Powertools for AWS Lambda: one Logger (structured JSON, correlation IDs, the Lambda context), one
// Metrics (CloudWatch EMF) and one Tracer (X-Ray, AWS SDK clients captured) per function instance,
// and the metrics every handler emits.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type middy from '@middy/core';
import type { ScanLogger } from '../scan/region.ts';
import type { RegionOutcome } from '../scan/scan.ts';

export const SERVICE_NAME = 'ecs-encryption-scanner';
export const METRICS_NAMESPACE = 'EcsEncryptionScanner';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

/** POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_LOG_LEVEL override the defaults. */
export const createObservability = (): Observability => ({
  logger: new Logger({ serviceName: SERVICE_NAME }),
  metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
  tracer: new Tracer({ serviceName: SERVICE_NAME }),
});

/**
 * Logger context, metrics flush (cold start included) and the handler's trace segment. The event
 * is never logged whole, whatever POWERTOOLS_LOGGER_LOG_EVENT says: a CloudTrail record carries
 * task definitions with their environment values, an SQS body may be anything.
 */
export const observe = (
  // biome-ignore lint/suspicious/noExplicitAny: middy's handler type is generic over event and result.
  handler: middy.MiddyfiedHandler<any, any, Error, any>,
  { logger, metrics, tracer }: Observability,
) =>
  handler
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }));

/** The pipeline's and collectors' log lines, through the Powertools Logger (JSON, context keys). */
export const pipelineLogger = (logger: Logger): ScanLogger => {
  // `service` is the Logger's own key (the function's service name): an AWS service goes under awsService.
  const attributes = (fields: Record<string, unknown> = {}) => {
    const { service, ...rest } = fields;
    return service === undefined ? rest : { ...rest, awsService: service };
  };
  return {
    info: (message, fields) => logger.info(message, attributes(fields)),
    warn: (message, fields) => logger.warn(message, attributes(fields)),
  };
};

export const METRIC = {
  invalidEvents: 'InvalidEvents',
  skippedEvents: 'SkippedEvents',
  /** Scan requests sent to the queue; SQS drops a repeat of the same request within 5 minutes. */
  scanRequestsSent: 'ScanRequestsSent',
  /** Scan requests the worker received for the first time: what the queue really held, once each. */
  scansReceived: 'ScansReceived',
  scansCompleted: 'ScansCompleted',
  scansFailed: 'ScansFailed',
  scansAborted: 'ScansAborted',
  findings: 'Findings',
  findingsImported: 'FindingsImported',
  findingsArchived: 'FindingsArchived',
  apiCalls: 'ApiCalls',
  throttles: 'Throttles',
  collectionFailures: 'CollectionFailures',
  importFailures: 'ImportFailures',
  scanDuration: 'ScanDuration',
} as const;

/** An event that matches no schema: counted by kind (Schedule, ScanMessage, CloudTrail, ScanRequest). */
export const countInvalidEvent = (metrics: Metrics, kind: string) => {
  const single = metrics.singleMetric();
  single.addDimension('EventKind', kind);
  single.addMetric(METRIC.invalidEvents, MetricUnit.Count, 1);
};

/** The numbers of one finished and published scan of a region. */
export const recordScan = (
  metrics: Metrics,
  report: RegionOutcome & Required<Pick<RegionOutcome, 'publish'>>,
) => {
  for (const [status, bySeverity] of Object.entries(report.results)) {
    for (const [severity, count] of Object.entries(bySeverity ?? {})) {
      const single = metrics.singleMetric();
      single.addDimensions({ Status: status, Severity: severity });
      single.addMetric(METRIC.findings, MetricUnit.Count, count ?? 0);
    }
  }
  const { publish } = report;
  metrics.addMetric(METRIC.scansCompleted, MetricUnit.Count, 1);
  metrics.addMetric(METRIC.apiCalls, MetricUnit.Count, report.collection.calls + publish.calls);
  metrics.addMetric(
    METRIC.throttles,
    MetricUnit.Count,
    report.collection.throttles + publish.throttles,
  );
  metrics.addMetric(
    METRIC.collectionFailures,
    MetricUnit.Count,
    report.collectionFailures.reduce((n, f) => n + f.count, 0),
  );
  metrics.addMetric(METRIC.importFailures, MetricUnit.Count, publish.failed);
  metrics.addMetric(METRIC.findingsImported, MetricUnit.Count, publish.created + publish.updated);
  metrics.addMetric(METRIC.findingsArchived, MetricUnit.Count, publish.archived);
  metrics.addMetric(METRIC.scanDuration, MetricUnit.Milliseconds, report.durationMs);
};
