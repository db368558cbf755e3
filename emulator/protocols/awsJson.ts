// awsJson1_0 and awsJson1_1: POST /, `X-Amz-Target: <serviceTarget>.<Operation>`, JSON bodies with
// member names, timestamps as epoch seconds; errors as `{"__type": code, "message": …}` with the
// `x-amzn-ErrorType` header.
import { readJson, writeJson } from './jsonCodec.ts';
import { isRecord, operationName } from './schema.ts';
import { AwsError, headerValue, type Protocol, type RawRequest } from './types.ts';

export interface AwsJsonOptions {
  version: '1.0' | '1.1';
  /** The X-Amz-Target prefix (`AmazonEC2ContainerServiceV20141113`). */
  serviceTarget: string;
  /** SQS: also answer the `x-amzn-query-error: Code;Sender` header of awsQuery-compatible services. */
  queryCompatible?: boolean;
}

const settings = { jsonName: false };

export const awsJsonProtocol = (options: AwsJsonOptions): Protocol => ({
  id: `awsJson${options.version.replace('.', '_')}`,
  route(request: RawRequest, operations) {
    const target = headerValue(request, 'x-amz-target') ?? '';
    const [prefix, name] = target.split('.');
    if (request.method !== 'POST' || prefix !== options.serviceTarget || !name) {
      return { name: name || undefined };
    }
    return { name, operation: operations.find((op) => operationName(op.schema) === name) };
  },
  readInput(operation, request) {
    let body: unknown = {};
    if (request.body.trim()) {
      try {
        body = JSON.parse(request.body);
      } catch {
        throw new AwsError(
          'SerializationException',
          'Start of structure or map found where not expected.',
        );
      }
    }
    const input = readJson(operation.schema[4], body, settings);
    return isRecord(input) ? input : {};
  },
  writeOutput(operation, output, requestId) {
    return {
      status: 200,
      headers: {
        'content-type': `application/x-amz-json-${options.version}`,
        'x-amzn-requestid': requestId,
      },
      body: JSON.stringify(writeJson(operation.schema[5], output ?? {}, settings) ?? {}),
    };
  },
  writeError(error, _operationName, requestId) {
    const headers: Record<string, string> = {
      'content-type': `application/x-amz-json-${options.version}`,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
    };
    if (options.queryCompatible) headers['x-amzn-query-error'] = `${error.code};${error.fault}`;
    return {
      status: error.status,
      headers,
      body: JSON.stringify({ __type: error.code, message: error.message }),
    };
  },
});
