// The local AWS emulator: one HTTP server on 127.0.0.1 answering the AWS APIs the scanner calls, in
// each service's real wire protocol, over account snapshots. Calls are routed on the SigV4
// credential scope (`Credential=AKID/DATE/REGION/SERVICE/aws4_request`); signatures are not checked.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { emptyRegionSnapshot } from '../lib/snapshot/sections.ts';
import { callerOf } from './accounts.ts';
import type { CallCounts, EmulatedService, Emulator, EmulatorOptions, FaultConfig } from './api.ts';
import { type FaultCall, FaultState, faultsFromEnv, requestText } from './faults.ts';
import {
  AwsError,
  type ProtocolOperation,
  type RawRequest,
  type RawResponse,
} from './protocols/types.ts';
import { DEFAULT_ENABLED_REGIONS } from './services/ec2.ts';
import { SERVICES, serviceFor } from './services/index.ts';
import { securityHubStore } from './services/securityHub.ts';
import type { CallContext, EmulatorState, ServiceDefinition } from './services/types.ts';

interface Scope {
  accessKeyId: string;
  region: string;
  service: string;
}

const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

/** The SigV4 credential scope of a signed request (Authorization header or presigned query). */
export const credentialScope = (request: RawRequest): Scope | undefined => {
  const header = request.headers.authorization;
  const authorization = Array.isArray(header) ? header[0] : header;
  const match =
    SCOPE.exec(authorization ?? '') ??
    SCOPE.exec(`Credential=${request.query.get('X-Amz-Credential') ?? ''}`);
  if (!match) return undefined;
  const [, accessKeyId = '', region = '', service = ''] = match;
  return { accessKeyId, region, service };
};

/** A region the snapshot does not list: the account has nothing there (every section empty). */
const emptyRegion = emptyRegionSnapshot;

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const send = (response: ServerResponse, answer: RawResponse): void => {
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
};

const sendJson = (response: ServerResponse, status: number, body: unknown): void =>
  send(response, {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body, null, 2),
  });

const increment = (counts: CallCounts, service: string, operation: string): void => {
  const byOperation = counts[service] ?? {};
  byOperation[operation] = (byOperation[operation] ?? 0) + 1;
  counts[service] = byOperation;
};

const operationsCache = new WeakMap<ServiceDefinition, ProtocolOperation[]>();
const operationsOf = (service: ServiceDefinition): ProtocolOperation[] => {
  let operations = operationsCache.get(service);
  if (!operations) {
    operations = Object.entries(service.operations).map(([name, { schema }]) => ({ name, schema }));
    operationsCache.set(service, operations);
  }
  return operations;
};

export const startEmulator = async (options: EmulatorOptions): Promise<Emulator> => {
  if (options.accounts.length === 0)
    throw new Error('The emulator needs at least one account snapshot.');
  const faults = new FaultState(
    { ...faultsFromEnv(process.env), ...options.faults },
    undefined,
    (service, operation, kind) => {
      const definition = SERVICES[service as EmulatedService];
      if (definition === undefined) return false;
      const operations = Object.entries(definition.operations).filter(
        ([name, op]) =>
          (operation === undefined || name === operation) &&
          (kind !== 'shortPages' || op.shortPages === true),
      );
      return operations.length > 0;
    },
  );
  const state: EmulatorState = {
    accounts: options.accounts,
    sessions: new Map(),
    services: new Map(),
    regions: options.regions ?? DEFAULT_ENABLED_REGIONS,
    organization:
      options.organization?.accounts ??
      options.accounts.map((account) => ({ id: account.accountId, status: 'ACTIVE' as const })),
  };
  let calls: CallCounts = {};
  let throttled: CallCounts = {};

  const control = async (request: RawRequest, response: ServerResponse): Promise<void> => {
    const route = `${request.method} ${request.path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /__emulator/calls':
        return sendJson(response, 200, { calls, throttled });
      case 'GET /__emulator/faults':
        return sendJson(response, 200, faults.get());
      case 'POST /__emulator/faults':
        try {
          faults.set(request.body.trim() ? (JSON.parse(request.body) as FaultConfig) : {});
          return sendJson(response, 200, faults.get());
        } catch (error) {
          return sendJson(response, 400, { message: (error as Error).message });
        }
      case 'POST /__emulator/reset':
        calls = {};
        throttled = {};
        faults.refill();
        return sendJson(response, 200, { calls, throttled });
      default:
        return sendJson(response, 404, {
          message:
            'Control endpoints: GET /__emulator/calls, GET|POST /__emulator/faults, POST /__emulator/reset.',
        });
    }
  };

  const serve = async (
    service: ServiceDefinition,
    scope: Scope,
    request: RawRequest,
    response: ServerResponse,
  ) => {
    const requestId = randomUUID();
    const { protocol } = service;
    let operationName: string | undefined;
    try {
      const route = protocol.route(request, operationsOf(service));
      operationName = route.name;
      increment(calls, service.name, operationName ?? '(unknown)');
      let text: string | undefined;
      const call: FaultCall = {
        service: service.name,
        operation: operationName,
        text: () => {
          text ??= requestText(request);
          return text;
        },
      };
      if (faults.unreachable(service.name) || faults.resets(call)) {
        response.socket?.destroy();
        return;
      }
      // Never answered: the socket stays open until the client destroys it or close() does.
      if (faults.hangs(call)) return;
      const latency = faults.latencyMs(service.name);
      if (latency > 0) await sleep(latency);
      const caller = callerOf(state, scope.accessKeyId);
      const { account } = caller;
      if (!route.operation) throw service.errors.unknownOperation(operationName);
      const name = route.operation.name;
      const injected = faults.error(call);
      if (injected) {
        throw new AwsError(
          injected.code,
          injected.message ?? 'Fault injected by the emulator.',
          injected.status,
        );
      }
      if (faults.denied(call)) {
        throw service.errors.accessDenied(name, { callerArn: caller.arn });
      }
      if (faults.throttled(call)) {
        increment(throttled, service.name, name);
        throw service.errors.throttling();
      }
      if (
        !faults.allow(`${account.accountId}/${scope.region}/${service.name}`, service.bucket(name))
      ) {
        increment(throttled, service.name, name);
        throw service.errors.throttling();
      }
      const serverError = faults.serverError();
      if (serverError === 'internal') throw service.errors.internalFailure();
      if (serverError === 'unavailable') throw service.errors.serviceUnavailable();
      const shortPage = service.operations[name]?.shortPages === true && faults.shortPage(call);
      const input = protocol.readInput(route.operation, request, route.labels);
      const context: CallContext = {
        service: service.name,
        operation: name,
        region: scope.region,
        accountId: account.accountId,
        partition: account.partition || 'aws',
        account,
        data: account.regions[scope.region] ?? emptyRegion(),
        accessKeyId: scope.accessKeyId,
        caller,
        state,
        failImport: () => faults.takeFailedFinding(),
        notCollected: (what) => {
          const denied = service.errors.accessDenied(name, { callerArn: caller.arn });
          return new AwsError(
            denied.code,
            `${denied.message} (the emulator's snapshot did not collect ${what} in ${scope.region})`,
            denied.status,
          );
        },
        ...(options.maxPageSize !== undefined ? { maxPageSize: options.maxPageSize } : {}),
        ...(shortPage ? { shortPage } : {}),
      };
      const output = await service.operations[name]?.handler(input, context);
      send(response, protocol.writeOutput(route.operation, output, requestId));
    } catch (error) {
      if (error instanceof AwsError) {
        send(response, protocol.writeError(error, operationName, requestId));
        return;
      }
      console.error(`emulator: ${service.name}:${operationName ?? '?'} failed:`, error);
      send(
        response,
        protocol.writeError(service.errors.internalFailure(), operationName, requestId),
      );
    }
  };

  const server = createServer(async (incoming, response) => {
    try {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const request: RawRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: await readBody(incoming),
      };
      if (request.path.startsWith('/__emulator')) return await control(request, response);
      const scope = credentialScope(request);
      if (!scope) {
        return send(response, {
          status: 403,
          headers: {
            'content-type': 'application/json',
            'x-amzn-errortype': 'MissingAuthenticationTokenException',
          },
          body: JSON.stringify({
            message: 'Missing Authentication Token: sign the request with SigV4.',
          }),
        });
      }
      const service = serviceFor(scope.service, request);
      if (!service) {
        return send(response, {
          status: 400,
          headers: {
            'content-type': 'application/json',
            'x-amzn-errortype': 'UnrecognizedClientException',
          },
          body: JSON.stringify({
            message: `The emulator does not answer the service "${scope.service}".`,
          }),
        });
      }
      await serve(service, scope, request, response);
    } catch (error) {
      console.error('emulator: request failed:', error);
      if (!response.headersSent) sendJson(response, 500, { message: 'Emulator failure.' });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls: () => structuredClone(calls),
    throttled: () => structuredClone(throttled),
    resetCalls: () => {
      calls = {};
      throttled = {};
    },
    setFaults: (config) => faults.set(config),
    faults: () => faults.get(),
    securityHubFindings: () => securityHubStore(state).all(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
