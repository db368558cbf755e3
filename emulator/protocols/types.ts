// What a wire protocol does for the emulator: find the operation in a request, read its input,
// write its output and write errors in the protocol's real shape.
import type { StaticOperationSchema } from './schema.ts';

export interface RawRequest {
  method: string;
  /** Path without the query string, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An AWS error answer: `code` as the service writes it on the wire (`Throttling`, `ClientException`). */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fault: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export interface ProtocolOperation {
  name: string;
  schema: StaticOperationSchema;
}

export interface Protocol {
  readonly id: string;
  /**
   * The operation a request names (X-Amz-Target, `Action`, or method + path), with the operations
   * the service implements; `undefined` name when the request names none it knows.
   */
  route(
    request: RawRequest,
    operations: readonly ProtocolOperation[],
  ): { name: string | undefined; operation?: ProtocolOperation; labels?: Record<string, string> };
  readInput(
    operation: ProtocolOperation,
    request: RawRequest,
    labels?: Record<string, string>,
  ): Record<string, unknown>;
  writeOutput(operation: ProtocolOperation, output: unknown, requestId: string): RawResponse;
  writeError(error: AwsError, operationName: string | undefined, requestId: string): RawResponse;
}

export const headerValue = (request: RawRequest, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};
