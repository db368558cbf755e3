// restJson1: operations routed by method + path from each operation's `http` trait, input from
// path labels (`httpLabel`), query parameters (`httpQuery`), headers and a JSON body (`jsonName`
// names, or one `httpPayload` member); errors as `{"message": …}` with the `x-amzn-ErrorType` header.
import { readJson, writeJson } from './jsonCodec.ts';
import {
  inputSchema,
  isRecord,
  type NormalizedSchema,
  operationTraits,
  outputSchema,
  traitsOf,
} from './schema.ts';
import { readTimestamp, timestampFormat, writeTimestamp } from './timestamps.ts';
import { AwsError, headerValue, type Protocol, type ProtocolOperation } from './types.ts';

const settings = { jsonName: true };

interface Route {
  method: string;
  pattern: RegExp;
  labels: string[];
  /** Literal characters in the path pattern: the most specific route wins. */
  weight: number;
  operation: ProtocolOperation;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const compileRoute = (operation: ProtocolOperation): Route | undefined => {
  const http = operationTraits(operation.schema).http;
  if (!http) return undefined;
  const [method, uri] = http;
  const [path = '/'] = uri.split('?');
  const labels: string[] = [];
  let source = '';
  let weight = 0;
  for (const part of path.split(/(\{[^}]+\})/)) {
    const label = /^\{([^}+]+)(\+?)\}$/.exec(part);
    if (label?.[1]) {
      labels.push(label[1]);
      source += label[2] ? '(.+)' : '([^/]+)';
    } else {
      source += escapeRegExp(part);
      weight += part.length;
    }
  }
  return { method, pattern: new RegExp(`^${source}/?$`), labels, weight, operation };
};

const routesCache = new WeakMap<readonly ProtocolOperation[], Route[]>();
const routesOf = (operations: readonly ProtocolOperation[]): Route[] => {
  let routes = routesCache.get(operations);
  if (!routes) {
    routes = operations
      .map(compileRoute)
      .filter((route): route is Route => route !== undefined)
      .sort((a, b) => b.weight - a.weight);
    routesCache.set(operations, routes);
  }
  return routes;
};

const readText = (schema: NormalizedSchema, text: string): unknown => {
  if (schema.isNumericSchema()) return Number(text);
  if (schema.isBooleanSchema()) return text === 'true';
  if (schema.isTimestampSchema()) return readTimestamp(text);
  return text;
};

const writeText = (schema: NormalizedSchema, value: unknown): string => {
  if (schema.isTimestampSchema()) return String(writeTimestamp(value, timestampFormat(schema, 6)));
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
};

export interface RestJsonOptions {
  /** The error body: `{ message }` by default (App Mesh); Security Hub writes `{ Code, Message }`. */
  errorBody?: (error: AwsError) => Record<string, unknown>;
}

export const restJsonProtocol = (options: RestJsonOptions = {}): Protocol => ({
  id: 'restJson1',
  route(request, operations) {
    const path = request.path || '/';
    for (const route of routesOf(operations)) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      if (route.method !== request.method) continue;
      const labels: Record<string, string> = {};
      route.labels.forEach((label, index) => {
        labels[label] = decodeURIComponent(match[index + 1] ?? '');
      });
      return { name: route.operation.name, operation: route.operation, labels };
    }
    return { name: undefined };
  },
  readInput(operation, request, labels = {}) {
    const schema = inputSchema(operation.schema);
    const input: Record<string, unknown> = {};
    let body: Record<string, unknown> | undefined;
    const parsedBody = (): unknown => {
      if (!request.body.trim()) return {};
      try {
        return JSON.parse(request.body);
      } catch {
        throw new AwsError('SerializationException', 'The request body is not valid JSON.');
      }
    };
    const bodyMembers: [string, NormalizedSchema][] = [];
    for (const [name, member] of schema.isStructSchema() ? schema.structIterator() : []) {
      const traits = traitsOf(member);
      if (traits.httpLabel) {
        if (labels[name] !== undefined) input[name] = readText(member, labels[name]);
      } else if (typeof traits.httpQuery === 'string') {
        const values = request.query.getAll(traits.httpQuery);
        if (values.length === 0) continue;
        input[name] = member.isListSchema()
          ? values.map((value) => readText(member.getValueSchema(), value))
          : readText(member, values[0] ?? '');
      } else if (traits.httpQueryParams) {
        input[name] = Object.fromEntries(request.query);
      } else if (typeof traits.httpHeader === 'string') {
        const value = headerValue(request, traits.httpHeader);
        if (value !== undefined) input[name] = readText(member, value);
      } else if (traits.httpPayload) {
        input[name] = member.isStructSchema()
          ? readJson(member, parsedBody(), settings)
          : request.body;
      } else {
        bodyMembers.push([name, member]);
      }
    }
    if (bodyMembers.length > 0) {
      const parsed = parsedBody();
      body = isRecord(parsed) ? parsed : {};
      for (const [name, member] of bodyMembers) {
        const key = (traitsOf(member).jsonName as string | undefined) ?? name;
        const value = readJson(member, body[key], settings);
        if (value !== undefined) input[name] = value;
      }
    }
    return input;
  },
  writeOutput(operation, output, requestId) {
    const schema = outputSchema(operation.schema);
    const values = isRecord(output) ? output : {};
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
    };
    let status = operationTraits(operation.schema).http?.[2] ?? 200;
    let payload: unknown;
    const body: Record<string, unknown> = {};
    for (const [name, member] of schema.isStructSchema() ? schema.structIterator() : []) {
      const value = values[name];
      if (value == null) continue;
      const traits = traitsOf(member);
      if (typeof traits.httpHeader === 'string') {
        headers[traits.httpHeader.toLowerCase()] = writeText(member, value);
      } else if (traits.httpResponseCode) {
        status = Number(value);
      } else if (traits.httpPayload) {
        payload = writeJson(member, value, settings);
      } else {
        body[(traits.jsonName as string | undefined) ?? name] = writeJson(member, value, settings);
      }
    }
    return { status, headers, body: JSON.stringify(payload ?? body) };
  },
  writeError(error, _operationName, requestId) {
    return {
      status: error.status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': error.code,
      },
      body: JSON.stringify(options.errorBody?.(error) ?? { message: error.message }),
    };
  },
});
