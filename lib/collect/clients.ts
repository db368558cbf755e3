// One set of SDK clients per region, created once and reused by every collector (the SDK's Node
// HTTP handler keeps connections alive). Endpoints come from the SDK's own configuration
// (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, the shared config file): no special-casing here.
import { ACMClient } from '@aws-sdk/client-acm';
import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient, type ECSClientConfig } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { installPacing, Pacer, rateShareFrom } from './pacing.ts';
import type { CollectedService } from './types.ts';

/** Above the SDK default of 3: a large account's scan meets throttling and must ride it out. */
export const DEFAULT_MAX_ATTEMPTS = 8;

export interface ClientOptions {
  /** Attempts per call including the first (default 8). */
  maxAttempts?: number;
  /** `standard` (default) or `adaptive` (adds client-side rate limiting after throttling). */
  retryMode?: 'standard' | 'adaptive';
  /** An explicit endpoint for every service (tests); otherwise the SDK's configuration decides. */
  endpoint?: string;
  /** Explicit credentials (tests); otherwise the default credential provider chain. */
  credentials?: ECSClientConfig['credentials'];
  /**
   * Client-side pacing per AWS throttle category at `share` of AWS's documented rates (default:
   * ECS_SCANNER_RATE_SHARE, else 0.95); `false` turns it off (tests against an emulator without
   * rate limits).
   */
  pacing?: false | { share?: number };
}

export interface RegionClients {
  region: string;
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  ec2: EC2Client;
  appmesh: AppMeshClient;
  acm: ACMClient;
  ssm: SSMClient;
  secretsManager: SecretsManagerClient;
  sts: STSClient;
  /** The region's client-side buckets (absent when pacing is off). */
  pacer?: Pacer;
  /** Closes the clients' sockets. */
  destroy(): void;
}

export const createClients = (region: string, options: ClientOptions = {}): RegionClients => {
  const config = {
    region,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: options.retryMode ?? 'standard',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  const clients = {
    ecs: new ECSClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    ec2: new EC2Client(config),
    appmesh: new AppMeshClient(config),
    acm: new ACMClient(config),
    ssm: new SSMClient(config),
    secretsManager: new SecretsManagerClient(config),
    sts: new STSClient(config),
  };
  const pacer =
    options.pacing === false
      ? undefined
      : new Pacer({ share: options.pacing?.share ?? rateShareFrom() });
  if (pacer) {
    const services: Record<keyof typeof clients, CollectedService> = {
      ecs: 'ecs',
      elbv2: 'elasticloadbalancing',
      ec2: 'ec2',
      appmesh: 'appmesh',
      acm: 'acm',
      ssm: 'ssm',
      secretsManager: 'secretsmanager',
      sts: 'sts',
    };
    for (const [key, client] of Object.entries(clients)) {
      installPacing(client, services[key as keyof typeof clients], pacer);
    }
  }
  return {
    region,
    ...clients,
    ...(pacer ? { pacer } : {}),
    destroy: () => {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
};
