// What every handler is built from, once per function instance (cold start): the deployment
// settings from the environment (lib/config.ts), the AWS client factory (X-Ray captured), the clock
// and Powertools. Tests build the same structure around the emulator.

import { type ClientFactory, createClientFactory } from '../aws/clients.ts';
import { type DeploymentConfig, resolveDeploymentConfig } from '../config.ts';
import { createObservability, type Observability } from './observability.ts';

export interface Runtime {
  config: DeploymentConfig;
  clients: ClientFactory;
  clock: { now(): Date };
  observability: Observability;
}

export const runtimeFromEnvironment = (env: NodeJS.ProcessEnv = process.env): Runtime => {
  const observability = createObservability();
  const config = resolveDeploymentConfig(env);
  return {
    config,
    clients: createClientFactory({
      capture: (client) => observability.tracer.captureAWSv3Client(client),
    }),
    clock: { now: () => new Date() },
    observability,
  };
};

/**
 * A handler built on its first invocation (the cold start) rather than at import, so that a bad
 * setting fails the invocation with a clear log line and tests can import the module.
 */
export const lazyHandler = <E, C, R>(build: () => (event: E, context: C) => Promise<R>) => {
  let built: ((event: E, context: C) => Promise<R>) | undefined;
  return (event: E, context: C): Promise<R> => {
    built ??= build();
    return built(event, context);
  };
};

/** The account the function runs in, from its ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`). */
export const accountOfFunction = (invokedFunctionArn: string | undefined): string => {
  const account = invokedFunctionArn?.split(':')[4] ?? '';
  if (!/^\d{12}$/.test(account)) {
    throw new Error(
      `cannot tell the deployment account from the function ARN "${invokedFunctionArn}".`,
    );
  }
  return account;
};

/** The accounts the deployment scans, looked up at most every 15 minutes (organization mode). */
export const createAccountDirectory = (
  config: DeploymentConfig,
  list: () => Promise<string[]>,
  now: () => number = Date.now,
) => {
  let cached: { accounts: string[]; at: number } | undefined;
  return async (): Promise<string[]> => {
    if (config.organizationMode !== 'organization') return list();
    if (!cached || now() - cached.at > 15 * 60 * 1000)
      cached = { accounts: await list(), at: now() };
    return cached.accounts;
  };
};
