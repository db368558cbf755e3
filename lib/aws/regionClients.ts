// One set of SDK clients per region, created once and reused by every collector (the SDK's Node
// HTTP handler keeps connections alive). Endpoints come from the SDK's own configuration
// (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, the shared config file): no special-casing here.
import { ACMClient } from '@aws-sdk/client-acm';
import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient, type ECSClientConfig } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { VPCLatticeClient } from '@aws-sdk/client-vpc-lattice';
import type { CollectedService } from '../snapshot/types.ts';
import { installPacing, Pacer, rateShareFrom } from './pacing.ts';
import {
  type CallsInFlight,
  DEFAULT_MAX_ATTEMPTS,
  type HttpTimeouts,
  requestHandlerOptions,
  watchCalls,
  withAbortSignal,
} from './sdk.ts';

export { DEFAULT_MAX_ATTEMPTS } from './sdk.ts';

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
  /** HTTP connection and request timeouts (default DEFAULT_HTTP_TIMEOUTS). */
  timeouts?: HttpTimeouts;
  /** Aborts every call of these clients (a run's deadline). */
  signal?: AbortSignal;
  /** Where the calls in flight are recorded (to name the one a deadline was waiting for). */
  calls?: CallsInFlight;
}

export interface RegionClients {
  region: string;
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  /** Classic Load Balancers (ELB API 2012-06-01). */
  elb: ElasticLoadBalancingClient;
  /** Amazon VPC Lattice (restJson1, signing name `vpc-lattice`). */
  vpcLattice: VPCLatticeClient;
  ec2: EC2Client;
  appmesh: AppMeshClient;
  acm: ACMClient;
  ssm: SSMClient;
  secretsManager: SecretsManagerClient;
  /** The Resource Groups Tagging API (awsJson1.1, signing name `tagging`, IAM prefix `tag`). */
  tagging: ResourceGroupsTaggingAPIClient;
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
    requestHandler: requestHandlerOptions(options.timeouts),
  };
  const clients = {
    ecs: new ECSClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    elb: new ElasticLoadBalancingClient(config),
    vpcLattice: new VPCLatticeClient(config),
    ec2: new EC2Client(config),
    appmesh: new AppMeshClient(config),
    acm: new ACMClient(config),
    ssm: new SSMClient(config),
    secretsManager: new SecretsManagerClient(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
    sts: new STSClient(config),
  };
  const services: Record<keyof typeof clients, CollectedService> = {
    ecs: 'ecs',
    elbv2: 'elasticloadbalancing',
    elb: 'elb',
    vpcLattice: 'vpc-lattice',
    ec2: 'ec2',
    appmesh: 'appmesh',
    acm: 'acm',
    ssm: 'ssm',
    secretsManager: 'secretsmanager',
    tagging: 'tagging',
    sts: 'sts',
  };
  for (const [key, client] of Object.entries(clients)) {
    const service = services[key as keyof typeof clients];
    if (options.calls) watchCalls(client, { service, region }, options.calls);
    if (options.signal) withAbortSignal(client, options.signal);
  }
  const pacer =
    options.pacing === false
      ? undefined
      : new Pacer({ share: options.pacing?.share ?? rateShareFrom() });
  if (pacer) {
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
