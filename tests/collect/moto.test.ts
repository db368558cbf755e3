// The moto tier: a second, independent opinion on the collectors and the emulator. moto_server
// (moto 5.2) is seeded through the real create APIs, the collectors read it, and the emulator then
// serves what they collected. Where moto and the emulator answer the same call differently, the
// AWS API reference decides; moto's deviations are recorded below as moto bugs.
// App Mesh, Security Hub and Service Connect are left out: moto is known to be wrong there (App Mesh
// ARNs, Security Hub filters, Service Connect in deployments). The bulk APIs (issue 14) are in:
// GetResources for the exemption tags, ListSecrets, and VPC Lattice ListTargetGroups with
// GetTargetGroup (the Lattice collector is handed ECS services of the tier's own: moto's ECS drops
// vpcLatticeConfigurations).

import {
  CertificateKeyPairOrigin,
  DescribeCertificateCommand,
  KeyAlgorithm,
  ListCertificatesCommand,
} from '@aws-sdk/client-acm';
import { DescribeSubnetsCommand, DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
  DescribeLoadBalancerPoliciesCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeListenerCertificatesCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeSSLPoliciesCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  DescribeSecretCommand,
  ListSecretsCommand,
  type ListSecretsCommandInput,
} from '@aws-sdk/client-secrets-manager';
import {
  GetTargetGroupCommand,
  ListTargetGroupsCommand,
  type ListTargetGroupsCommandInput,
  type TargetGroupType,
} from '@aws-sdk/client-vpc-lattice';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks as allChecks } from '../../checks/registry.ts';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { createClients, type RegionClients } from '../../lib/aws/regionClients.ts';
import {
  categoryLimiters,
  collectRegion,
  DEFAULT_CONCURRENCY,
  type RegionCollection,
} from '../../lib/collect/collect.ts';
import { type CollectionFailure, FailureRecorder } from '../../lib/collect/failures.ts';
import { collectSecretsManager } from '../../lib/collect/secrets.ts';
import { getExemptResources } from '../../lib/collect/tags.ts';
import type { RegionContext } from '../../lib/collect/types.ts';
import { collectVpcLattice } from '../../lib/collect/vpcLattice.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { evaluateSnapshot } from '../../lib/evaluate/evaluate.ts';
import type { CheckResult } from '../../lib/model.ts';
import { EXEMPT_TAG } from '../../lib/snapshot/sections.ts';
import type {
  EcsService,
  ItemAbsence,
  RegionSnapshot,
  Snapshot,
  VpcLatticeSection,
} from '../../lib/snapshot/types.ts';
import { MOTO_OTHER_REGION, MOTO_REGION, MOTO_TAGS, type MotoWorld, seedMoto } from './motoSeed.ts';
import { findMotoServer, MOTO_ACCOUNT, type MotoServer, startMoto } from './motoServer.ts';
import { memoryLogger } from './support.ts';

const motoServer = findMotoServer();
const hasMoto = motoServer !== undefined;
if (!hasMoto) {
  console.warn(
    'moto tier SKIPPED: moto_server is not on the PATH (pip install "moto[server]==5.2.*"); the collectors were not checked against moto.',
  );
}

const CREDENTIALS = { accessKeyId: 'AKIDMOTOTIER', secretAccessKey: 'moto' };

/** Checks this tier does not judge (see the header). */
const LEFT_OUT = /^(appmesh_|ecs_service_connect_)/;

const clientsFor = (endpoint: string): RegionClients =>
  createClients(MOTO_REGION, { endpoint, credentials: CREDENTIALS, maxAttempts: 2 });

const collectFrom = async (endpoint: string) => {
  const clients = clientsFor(endpoint);
  const others: RegionClients[] = [];
  const { logger, lines } = memoryLogger();
  try {
    const run = await collectRegion(clients, MOTO_REGION, DEFAULT_CONFIG, {
      logger,
      accountId: MOTO_ACCOUNT,
      // References into another region (the worker's parameter ARN) are described there.
      clientsFor: (region) => {
        const other = createClients(region, { endpoint, credentials: CREDENTIALS, maxAttempts: 2 });
        others.push(other);
        return other;
      },
    });
    return { ...run, lines };
  } finally {
    for (const c of [clients, ...others]) c.destroy();
  }
};

const snapshotOf = (data: RegionSnapshot): Snapshot => ({
  format: 'ecs-encryption-scanner/snapshot@2',
  failures: [],
  accountId: MOTO_ACCOUNT,
  partition: 'aws',
  regions: { [MOTO_REGION]: data },
});

/**
 * What the emulator serves to give back `data`: the parameters of other regions live there (the
 * emulator answers DescribeParameters from the region a call is signed for). `vpcLattice`: what the
 * Lattice collector read of moto for the tier's own ECS services (the seeded ones register with
 * none), served in place of the empty section of `data`.
 */
const servedSnapshotOf = (data: RegionSnapshot, vpcLattice?: VpcLatticeSection): Snapshot => {
  const snapshot = snapshotOf(vpcLattice ? { ...data, vpcLattice } : data);
  for (const [region, parameters] of Object.entries(data.ssm?.otherRegionParameters ?? {})) {
    snapshot.regions[region] = { ssm: { parameters } };
  }
  return snapshot;
};

const sorted = <T extends string | undefined>(values: readonly T[]): T[] => [...values].sort();

/** The identifiers collected in each list section, and the keys of the per-listener maps. */
const collectedIds = (data: RegionSnapshot) => ({
  'ecs.clusters': sorted((data.ecs?.clusters ?? []).map((c) => c.clusterArn)),
  'ecs.services': sorted((data.ecs?.services ?? []).map((s) => s.serviceArn)),
  'ecs.taskDefinitions': sorted((data.ecs?.taskDefinitions ?? []).map((t) => t.taskDefinitionArn)),
  'ecs.containerInstances': sorted(
    (data.ecs?.containerInstances ?? []).map((c) => c.containerInstanceArn),
  ),
  'elbv2.loadBalancers': sorted((data.elbv2?.loadBalancers ?? []).map((l) => l.LoadBalancerArn)),
  'elbv2.listeners': sorted((data.elbv2?.listeners ?? []).map((l) => l.ListenerArn)),
  'elbv2.listenerCertificates': sorted(Object.keys(data.elbv2?.listenerCertificates ?? {})),
  'elbv2.rules': sorted(Object.keys(data.elbv2?.rules ?? {})),
  'elbv2.targetGroups': sorted((data.elbv2?.targetGroups ?? []).map((t) => t.TargetGroupArn)),
  'elbv2.sslPolicies': sorted((data.elbv2?.sslPolicies ?? []).map((p) => p.Name)),
  'elb.loadBalancers': sorted((data.elb?.loadBalancers ?? []).map((l) => l.LoadBalancerName)),
  'elb.policies': sorted(Object.keys(data.elb?.policies ?? {})),
  'ec2.vpcEndpoints': sorted((data.ec2?.vpcEndpoints ?? []).map((e) => e.VpcEndpointId)),
  'ec2.subnets': sorted((data.ec2?.subnets ?? []).map((s) => s.SubnetId)),
  'ec2.instances': sorted((data.ec2?.instances ?? []).map((i) => i.InstanceId)),
  'acm.certificates': sorted((data.acm?.certificates ?? []).map((c) => c.CertificateArn)),
  'ssm.parameters': sorted((data.ssm?.parameters ?? []).map((p) => p.Name)),
  'secretsManager.secrets': sorted((data.secretsManager?.secrets ?? []).map((s) => s.ARN)),
  'elbv2.tags': sorted(Object.keys(data.elbv2?.tags ?? {})),
  'ec2.vpcs': sorted((data.ec2?.vpcs ?? []).map((v) => v.VpcId)),
});

type Section = keyof ReturnType<typeof collectedIds>;

/** What the collectors must fetch from the seeded account: the in-scope parts, nothing else. */
const inScope = (w: MotoWorld): Record<Section, string[]> => ({
  'ecs.clusters': sorted([w.clusters.prod, w.clusters.batch]),
  'ecs.services': sorted([
    w.services.web,
    w.services.api,
    w.services.worker,
    w.services.legacy,
    w.services.console,
  ]),
  'ecs.taskDefinitions': sorted([
    w.taskDefinitions.web,
    w.taskDefinitions.api,
    w.taskDefinitions.worker,
    w.taskDefinitions.classic,
  ]),
  // The EC2 services' cluster has no container instance registered: none, nor any EC2 instance.
  'ecs.containerInstances': [],
  'elbv2.loadBalancers': [w.loadBalancers.web],
  // moto 5.2 bug: the HTTP listener comes back with SslPolicy ELBSecurityPolicy-2016-08 (AWS sets
  // SslPolicy on HTTPS and TLS listeners only); the collectors read policies of TLS listeners only.
  'elbv2.listeners': sorted([w.listeners.https, w.listeners.http]),
  'elbv2.listenerCertificates': [w.listeners.https],
  // The HTTP listener forwards by default: it fails whatever its rules say, so they are not read.
  'elbv2.rules': [w.listeners.https],
  // moto 5.2 bug: a target group lists its load balancer once per listener and rule that forwards
  // to it (AWS: each load balancer once); the collectors de-duplicate, so nothing changes here.
  'elbv2.targetGroups': sorted([w.targetGroups.web, w.targetGroups.api]),
  'elbv2.sslPolicies': ['ELBSecurityPolicy-TLS13-1-2-2021-06'],
  // The services name `legacy` and `console`, not `classic-unused`; both have a TLS listener.
  'elb.loadBalancers': sorted([w.classicLoadBalancers.legacy, w.classicLoadBalancers.console]),
  'elb.policies': sorted([w.classicLoadBalancers.legacy, w.classicLoadBalancers.console]),
  'ec2.vpcEndpoints': sorted([
    w.endpoints.ecrApi,
    w.endpoints.ecrDkr,
    w.endpoints.secretsManager,
    w.endpoints.ssm,
    w.endpoints.s3,
  ]),
  'ec2.subnets': sorted([w.subnets.shopA, w.subnets.shopB, w.subnets.batch]),
  'ec2.instances': [],
  'acm.certificates': sorted([w.certificates.shop, w.certificates.admin]),
  'ssm.parameters': sorted(['/prod/db-url', '/prod/api-key']),
  // `pull` is referenced by its name (the worker's repository credentials), `dbOld` is scheduled for
  // deletion; `dbx` (prod/dbx) is listed for the prefix prod/db but referenced by nothing.
  'secretsManager.secrets': sorted([
    w.secrets.db,
    w.secrets.dbOld,
    w.secrets.registry,
    w.secrets.pull,
  ]),
  // Those described that carry the exemption tag key: not `unused` (no service is behind it,
  // though GetResources returns it), nor the shop VPC (tagged, but not with that key).
  'elbv2.tags': sorted([w.loadBalancers.web, w.targetGroups.web, w.targetGroups.api]),
  'ec2.vpcs': [w.vpcs.batch],
});

/** A tag list in key order (AWS documents no order of tags). */
const byKey = <T extends { Key?: string }>(tags: readonly T[] | undefined): T[] =>
  [...(tags ?? [])].sort((a, b) => (a.Key ?? '').localeCompare(b.Key ?? ''));

/** The resources of the kinds the sweep asks for that carry the exemption tag key, in scope. */
const exemptInScope = (w: MotoWorld) => ({
  [w.loadBalancers.web]: MOTO_TAGS.lbWeb,
  [w.targetGroups.web]: MOTO_TAGS.tgWeb,
  [w.targetGroups.api]: MOTO_TAGS.tgApi,
  [`arn:aws:ec2:${MOTO_REGION}:${MOTO_ACCOUNT}:vpc/${w.vpcs.batch}`]: MOTO_TAGS.vpcBatch,
});

/** The sweep's TagFilters and ResourceTypeFilters (lib/collect/tags.ts). */
const SWEEP = {
  TagFilters: [{ Key: EXEMPT_TAG }],
  ResourceTypeFilters: [
    'elasticloadbalancing:loadbalancer',
    'elasticloadbalancing:targetgroup',
    'ec2:vpc',
  ],
};

/**
 * A Lattice target group that an ECS service may still name after it was deleted (moto 5.2 has no
 * DeleteTargetGroup: one never created stands for it).
 */
const RETIRED_TARGET_GROUP = `arn:aws:vpc-lattice:${MOTO_REGION}:${MOTO_ACCOUNT}:targetgroup/tg-00000000000000000`;

/**
 * In-scope ECS services registered with the seeded Lattice target groups, as DescribeServices
 * spells them. moto 5.2's ECS drops vpcLatticeConfigurations (tests/collect/motoSeed.ts), so the
 * tier hands these to the Lattice collector itself instead of collecting them from moto.
 */
const latticeServices = (w: MotoWorld): EcsService[] =>
  (
    [
      ['orders', [w.lattice.targetGroups.orders]],
      ['payments', [w.lattice.targetGroups.payments, RETIRED_TARGET_GROUP]],
    ] as const
  ).map(([name, targetGroupArns]) => ({
    serviceArn: `arn:aws:ecs:${MOTO_REGION}:${MOTO_ACCOUNT}:service/prod/${name}`,
    serviceName: name,
    clusterArn: w.clusters.prod,
    status: 'ACTIVE',
    launchType: 'FARGATE',
    deployments: [
      {
        id: `ecs-svc/${name}`,
        status: 'PRIMARY',
        vpcLatticeConfigurations: targetGroupArns.map((targetGroupArn) => ({
          targetGroupArn,
          portName: 'web',
          roleArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/ecsInfrastructureRole`,
        })),
      },
    ],
  }));

/** One collector function's result, with the calls it made (`service:Operation`, sorted). */
interface CollectorRun<T> {
  value: T;
  calls: string[];
  failures: CollectionFailure[];
  absent: ItemAbsence[];
}

/** Runs one collector function against `endpoint` with a region context of its own. */
const runCollector = async <T>(
  endpoint: string,
  collector: (context: RegionContext) => Promise<T>,
): Promise<CollectorRun<T>> => {
  const clients = clientsFor(endpoint);
  const calls: string[] = [];
  const context: RegionContext = {
    region: MOTO_REGION,
    accountId: MOTO_ACCOUNT,
    clients,
    failures: new FailureRecorder(MOTO_REGION),
    limit: categoryLimiters(DEFAULT_CONCURRENCY),
    onCall: (service, operation) => calls.push(`${service}:${operation}`),
  };
  try {
    const value = await collector(context);
    return {
      value,
      calls: calls.sort(),
      failures: context.failures.list(),
      absent: context.failures.absences(),
    };
  } finally {
    clients.destroy();
  }
};

/** A call's answer, or the error the SDK raised for it (name and HTTP status). */
const outcome = async (ask: () => Promise<unknown>): Promise<unknown> => {
  try {
    return await ask();
  } catch (error) {
    const failure = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { error: failure.name, status: failure.$metadata?.httpStatusCode };
  }
};

/** The seeded Lattice target groups the collector keeps, as ListTargetGroups summarizes them. */
const latticeSummaries = (w: MotoWorld) =>
  [
    {
      arn: w.lattice.targetGroups.orders,
      type: 'IP',
      port: 8443,
      protocol: 'HTTPS',
      vpcIdentifier: w.vpcs.shop,
    },
    {
      arn: w.lattice.targetGroups.payments,
      type: 'IP',
      port: 8080,
      protocol: 'HTTP',
      vpcIdentifier: w.vpcs.shop,
    },
  ].sort((a, b) => a.arn.localeCompare(b.arn));

/** An ARN whose last path segment no longer names anything. */
const unknown = (arn: string) => arn.replace(/[^/]+$/, '0000000000000000');

interface Probe {
  name: string;
  ask: (clients: RegionClients, world: MotoWorld) => Promise<unknown>;
  /** What the AWS API reference documents, and what the emulator answers. */
  expected: (world: MotoWorld) => unknown;
  /** moto's answer where it deviates from the API reference (a moto bug), with the reference. */
  moto?: (world: MotoWorld) => unknown;
}

const PROBES: Probe[] = [
  {
    name: 'DescribeTaskDefinition with include TAGS answers tags: [] for an untagged task definition',
    ask: async (c, w) => {
      const out = await c.ecs.send(
        new DescribeTaskDefinitionCommand({
          taskDefinition: w.taskDefinitions.api,
          include: ['TAGS'],
        }),
      );
      return { tags: out.tags, taskDefinitionArn: out.taskDefinition?.taskDefinitionArn };
    },
    expected: (w) => ({ tags: [], taskDefinitionArn: w.taskDefinitions.api }),
  },
  {
    name: 'DescribeTaskDefinition of a task definition that does not exist answers ClientException',
    ask: (c, w) =>
      c.ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: `${w.taskDefinitions.api}0` }),
      ),
    expected: () => ({ error: 'ClientException', status: 400 }),
  },
  {
    name: 'DescribeServices leaves the tags out without include TAGS',
    ask: async (c, w) => {
      const out = await c.ecs.send(
        new DescribeServicesCommand({ cluster: w.clusters.prod, services: [w.services.web] }),
      );
      return out.services?.map((s) => ({ serviceArn: s.serviceArn, hasTags: 'tags' in s }));
    },
    expected: (w) => [{ serviceArn: w.services.web, hasTags: false }],
  },
  {
    // ECS API Reference, DescribeClusters, include: "If this field is omitted, this information
    // isn't included. […] If SETTINGS is specified, the settings for the cluster are included."
    name: 'DescribeClusters leaves the settings out without include SETTINGS',
    ask: async (c, w) => {
      const out = await c.ecs.send(new DescribeClustersCommand({ clusters: [w.clusters.prod] }));
      return out.clusters?.map((cluster) => ({ settings: cluster.settings }));
    },
    expected: () => [{ settings: undefined }],
    // moto 5.2 bug: it always includes the settings.
    moto: () => [{ settings: [{ name: 'containerInsights', value: 'enabled' }] }],
  },
  {
    name: 'DescribeClusters reports a cluster that does not exist as a MISSING failure',
    ask: async (c, w) => {
      const out = await c.ecs.send(
        new DescribeClustersCommand({ clusters: [w.clusters.prod, unknown(w.clusters.prod)] }),
      );
      return {
        clusters: out.clusters?.map((cluster) => cluster.clusterArn),
        failures: out.failures,
      };
    },
    expected: (w) => ({
      clusters: [w.clusters.prod],
      failures: [{ arn: unknown(w.clusters.prod), reason: 'MISSING' }],
    }),
  },
  {
    name: 'ListServices of a cluster that does not exist answers ClusterNotFoundException',
    ask: (c, w) => c.ecs.send(new ListServicesCommand({ cluster: unknown(w.clusters.prod) })),
    expected: () => ({ error: 'ClusterNotFoundException', status: 400 }),
  },
  {
    name: 'DescribeTargetGroups naming one target group that does not exist answers TargetGroupNotFound',
    ask: (c, w) =>
      c.elbv2.send(
        new DescribeTargetGroupsCommand({
          TargetGroupArns: [w.targetGroups.web, unknown(w.targetGroups.web)],
        }),
      ),
    expected: () => ({ error: 'TargetGroupNotFoundException', status: 400 }),
  },
  {
    // ELB API Reference, DescribeLoadBalancers, Errors: "LoadBalancerNotFound: The specified load
    // balancer does not exist." (the call fails; the existing ones are not returned).
    name: 'DescribeLoadBalancers naming one load balancer that does not exist answers LoadBalancerNotFound',
    ask: async (c, w) => {
      const out = await c.elbv2.send(
        new DescribeLoadBalancersCommand({
          LoadBalancerArns: [w.loadBalancers.web, unknown(w.loadBalancers.web)],
        }),
      );
      return out.LoadBalancers?.map((lb) => lb.LoadBalancerArn);
    },
    expected: () => ({ error: 'LoadBalancerNotFoundException', status: 400 }),
    // moto 5.2 bug: an unknown ARN after a known one is ignored (its match variable is not reset
    // between ARNs), so the known load balancer comes back alone.
    moto: (w) => [w.loadBalancers.web],
  },
  {
    name: 'DescribeListeners of a load balancer that does not exist answers LoadBalancerNotFound',
    ask: (c, w) =>
      c.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: unknown(w.loadBalancers.web) })),
    expected: () => ({ error: 'LoadBalancerNotFoundException', status: 400 }),
  },
  {
    name: 'DescribeRules of a listener that does not exist answers ListenerNotFound',
    ask: (c, w) =>
      c.elbv2.send(new DescribeRulesCommand({ ListenerArn: unknown(w.listeners.https) })),
    expected: () => ({ error: 'ListenerNotFoundException', status: 400 }),
  },
  {
    name: 'DescribeListenerCertificates lists the default certificate and the SNI certificate',
    ask: async (c, w) =>
      (
        await c.elbv2.send(
          new DescribeListenerCertificatesCommand({ ListenerArn: w.listeners.https }),
        )
      ).Certificates,
    expected: (w) => [
      { CertificateArn: w.certificates.shop, IsDefault: true },
      { CertificateArn: w.certificates.admin, IsDefault: false },
    ],
  },
  {
    // ELB API Reference, DescribeSSLPolicies, Errors: "SSLPolicyNotFound: The specified SSL policy
    // does not exist. HTTP Status Code: 400".
    name: 'DescribeSSLPolicies naming a policy that does not exist answers SSLPolicyNotFound',
    ask: async (c) =>
      (await c.elbv2.send(new DescribeSSLPoliciesCommand({ Names: ['ELBSecurityPolicy-None'] })))
        .SslPolicies,
    expected: () => ({ error: 'SSLPolicyNotFoundException', status: 400 }),
    // moto 5.2 bug: it answers an empty list.
    moto: () => [],
  },
  {
    // ELB API Reference (2012-06-01), DescribeLoadBalancers, Errors: "LoadBalancerNotFound: The
    // specified load balancer does not exist. HTTP Status Code: 400" (AccessPointNotFoundException
    // in the SDK).
    name: 'Classic DescribeLoadBalancers naming one load balancer that does not exist answers LoadBalancerNotFound',
    ask: (c, w) =>
      c.elb.send(
        new DescribeClassicLoadBalancersCommand({
          LoadBalancerNames: [w.classicLoadBalancers.legacy, 'never-created'],
        }),
      ),
    expected: () => ({ error: 'AccessPointNotFoundException', status: 400 }),
  },
  {
    // ELB API Reference (2012-06-01), DescribeLoadBalancerPolicies, Errors: "LoadBalancerNotFound
    // […] HTTP Status Code: 400", "PolicyNotFound: One or more of the specified policies do not
    // exist. HTTP Status Code: 400".
    name: 'DescribeLoadBalancerPolicies of a load balancer that does not exist answers LoadBalancerNotFound',
    ask: (c) =>
      c.elb.send(new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: 'never-created' })),
    expected: () => ({ error: 'AccessPointNotFoundException', status: 400 }),
  },
  {
    name: 'DescribeLoadBalancerPolicies naming a policy that does not exist answers PolicyNotFound',
    ask: (c, w) =>
      c.elb.send(
        new DescribeLoadBalancerPoliciesCommand({
          LoadBalancerName: w.classicLoadBalancers.legacy,
          PolicyNames: [w.classicPolicies.legacy, 'never-created'],
        }),
      ),
    expected: () => ({ error: 'PolicyNotFoundException', status: 400 }),
  },
  {
    name: 'DescribeSubnets with a subnet-id filter leaves out an ID that does not exist',
    ask: async (c, w) =>
      (
        await c.ec2.send(
          new DescribeSubnetsCommand({
            Filters: [{ Name: 'subnet-id', Values: ['subnet-0000000000000000f', w.subnets.batch] }],
          }),
        )
      ).Subnets?.map((s) => s.SubnetId),
    expected: (w) => [w.subnets.batch],
  },
  {
    name: 'DescribeSubnets naming a subnet that does not exist by ID answers InvalidSubnetID.NotFound',
    ask: (c) => c.ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0000000000000000f'] })),
    expected: () => ({ error: 'InvalidSubnetID.NotFound', status: 400 }),
  },
  {
    name: 'DescribeVpcEndpoints with a vpc-id filter answers the endpoints of that VPC only',
    ask: async (c, w) =>
      sorted(
        (
          await c.ec2.send(
            new DescribeVpcEndpointsCommand({
              Filters: [{ Name: 'vpc-id', Values: [w.vpcs.shop] }],
            }),
          )
        ).VpcEndpoints?.map((e) => e.VpcEndpointId) ?? [],
      ),
    expected: (w) => inScope(w)['ec2.vpcEndpoints'],
  },
  {
    name: 'DescribeCertificate of a certificate that does not exist answers ResourceNotFoundException',
    ask: (c, w) =>
      c.acm.send(
        new DescribeCertificateCommand({
          CertificateArn: w.certificates.shop.replace(
            /[^/]+$/,
            '00000000-0000-0000-0000-000000000000',
          ),
        }),
      ),
    expected: () => ({ error: 'ResourceNotFoundException', status: 400 }),
  },
  {
    // ACM API Reference, ListCertificates: each CertificateSummary carries the first 100
    // SubjectAlternativeNameSummaries and HasAdditionalSubjectAlternativeNames. moto 5.2 answers
    // DescribeCertificate's SubjectAlternativeNames instead (a moto bug): without the summaries the
    // collector describes the certificate, so the moto tier still sees every name.
    name: 'ListCertificates with every key type and origin lists the certificates and their names',
    ask: async (c, w) => {
      const out = await c.acm.send(
        new ListCertificatesCommand({
          Includes: { keyTypes: Object.values(KeyAlgorithm) },
          CertificateKeyPairOrigins: Object.values(CertificateKeyPairOrigin),
        }),
      );
      const seeded = [w.certificates.shop, w.certificates.admin];
      return (out.CertificateSummaryList ?? [])
        .filter((s) => seeded.includes(s.CertificateArn ?? ''))
        .map((s) => ({
          arn: s.CertificateArn,
          names: s.SubjectAlternativeNameSummaries && [...s.SubjectAlternativeNameSummaries].sort(),
          more: s.HasAdditionalSubjectAlternativeNames,
        }))
        .sort((a, b) => (a.arn ?? '').localeCompare(b.arn ?? ''));
    },
    expected: (w) =>
      [
        { arn: w.certificates.shop, names: ['api.example.com', 'shop.example.com'], more: false },
        { arn: w.certificates.admin, names: ['admin.example.com'], more: false },
      ].sort((a, b) => a.arn.localeCompare(b.arn)),
    moto: (w) =>
      [
        { arn: w.certificates.shop, names: undefined, more: undefined },
        { arn: w.certificates.admin, names: undefined, more: undefined },
      ].sort((a, b) => a.arn.localeCompare(b.arn)),
  },
  {
    name: 'DescribeSecret finds a secret by its partial ARN and by its name',
    ask: async (c, w) => [
      (
        await c.secretsManager.send(
          new DescribeSecretCommand({ SecretId: w.secrets.db.replace(/-[A-Za-z0-9]{6}$/, '') }),
        )
      ).ARN,
      (await c.secretsManager.send(new DescribeSecretCommand({ SecretId: 'prod/db' }))).ARN,
    ],
    expected: (w) => [w.secrets.db, w.secrets.db],
  },
  {
    // Secrets Manager API Reference, DescribeSecret, Errors: "ResourceNotFoundException […] HTTP
    // Status Code: 400" (a client error without an httpError trait in the service model).
    name: 'DescribeSecret of a secret that does not exist answers ResourceNotFoundException',
    ask: (c) =>
      c.secretsManager.send(new DescribeSecretCommand({ SecretId: 'prod/never-created' })),
    expected: () => ({ error: 'ResourceNotFoundException', status: 400 }),
    // moto 5.2 bug: HTTP 404 (the SDK still reads the error code).
    moto: () => ({ error: 'ResourceNotFoundException', status: 404 }),
  },
  // Resource Groups Tagging API GetResources -------------------------------------------------------
  // The emulator serves the tags the collectors kept (of what they described): the probes leave out
  // what only moto holds.
  {
    // Resource Groups Tagging API Reference, GetResources: "The response includes all tags that are
    // associated with the requested resources"; TagFilters: a filter of a key alone returns
    // "resources tagged with any tag with the key"; GetResources does not return untagged resources.
    name: 'GetResources of the exemption tag key and the judged types returns each resource that has it, with all its tags',
    ask: async (c, w) => {
      const out = await c.tagging.send(
        new GetResourcesCommand({ ...SWEEP, ResourcesPerPage: 100 }),
      );
      return (out.ResourceTagMappingList ?? [])
        .filter((m) => m.ResourceARN !== w.loadBalancers.unused)
        .map((m) => ({ arn: m.ResourceARN, tags: byKey(m.Tags) }))
        .sort((a, b) => (a.arn ?? '').localeCompare(b.arn ?? ''));
    },
    expected: (w) =>
      Object.entries(exemptInScope(w))
        .map(([arn, tags]) => ({ arn, tags: byKey(tags) }))
        .sort((a, b) => a.arn.localeCompare(b.arn)),
  },
  {
    // GetResources, PaginationToken: "A string that indicates that additional data is available";
    // ResourcesPerPage "a minimum of 1 item". The reference says the last page's token is null;
    // moto leaves it out, the emulator answers '' (tests/emulator/services/tagging.test.ts): the
    // SDK's paginator and the collector stop on either, so the probe asks only whether one is there.
    name: 'GetResources with ResourcesPerPage 1 answers a page per resource, each but the last with a PaginationToken',
    ask: async (c) => {
      const pages: { arns: string[]; more: boolean }[] = [];
      let PaginationToken: string | undefined;
      do {
        const out = await c.tagging.send(
          new GetResourcesCommand({
            TagFilters: SWEEP.TagFilters,
            // The kinds where every resource that has the key is in scope.
            ResourceTypeFilters: ['elasticloadbalancing:targetgroup', 'ec2:vpc'],
            ResourcesPerPage: 1,
            PaginationToken,
          }),
        );
        PaginationToken = out.PaginationToken || undefined;
        pages.push({
          arns: (out.ResourceTagMappingList ?? []).map((m) => m.ResourceARN ?? ''),
          more: PaginationToken !== undefined,
        });
      } while (PaginationToken && pages.length < 10);
      // AWS documents no order of the resources.
      return {
        pages: pages.map((p) => [p.arns.length, p.more]),
        arns: sorted(pages.flatMap((p) => p.arns)),
      };
    },
    expected: (w) => ({
      pages: [
        [1, true],
        [1, true],
        [1, false],
      ],
      arns: sorted([
        w.targetGroups.web,
        w.targetGroups.api,
        `arn:aws:ec2:${MOTO_REGION}:${MOTO_ACCOUNT}:vpc/${w.vpcs.batch}`,
      ]),
    }),
  },
  // Secrets Manager ListSecrets ----------------------------------------------------------------
  // The emulator holds the secrets the collector kept: the probes name only those (prod/dbx,
  // prod/unreferenced, which only moto holds, are left out of the answers).
  ...(
    [
      {
        // Secrets Manager API Reference, Filter: "name: Prefix match, case-sensitive."; ListSecrets,
        // IncludePlannedDeletion: "By default, secrets scheduled for deletion aren't included."
        name: 'ListSecrets with a name filter matches by prefix, case-sensitively, and IncludePlannedDeletion lists the secret scheduled for deletion',
        input: {
          Filters: [{ Key: 'name', Values: ['prod/db', 'PROD/PULL'] }],
          IncludePlannedDeletion: true,
        },
        expected: [
          { Name: 'prod/db', scheduledForDeletion: false },
          { Name: 'prod/db-old', scheduledForDeletion: true },
        ],
      },
      {
        name: 'ListSecrets leaves out a secret scheduled for deletion by default',
        input: { Filters: [{ Key: 'name', Values: ['prod/db'] }] },
        expected: [{ Name: 'prod/db', scheduledForDeletion: false }],
      },
      {
        // Secrets Manager API Reference, Filter, Values: "Array Members: Minimum number of 1 item.
        // Maximum number of 10 items." (the collector asks for 10 names a call).
        name: 'ListSecrets with 11 values in a filter answers ValidationException',
        input: {
          Filters: [
            {
              Key: 'name',
              Values: ['prod/db', ...Array.from({ length: 10 }, (_, i) => `prod/never-${i}`)],
            },
          ],
        },
        expected: { error: 'ValidationException', status: 400 },
        // moto 5.2 bug: it does not count a filter's values, and answers the list.
        moto: [{ Name: 'prod/db', scheduledForDeletion: false }],
      },
    ] satisfies {
      name: string;
      input: ListSecretsCommandInput;
      expected: unknown;
      moto?: unknown;
    }[]
  ).map(
    ({ name, input, expected, ...rest }): Probe => ({
      name,
      ask: async (c, w) => {
        const collected = [w.secrets.db, w.secrets.dbOld, w.secrets.registry, w.secrets.pull];
        const out = await c.secretsManager.send(new ListSecretsCommand(input));
        return (out.SecretList ?? [])
          .filter((s) => collected.includes(s.ARN ?? ''))
          .map((s) => ({ Name: s.Name, scheduledForDeletion: s.DeletedDate !== undefined }))
          .sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
      },
      expected: () => expected,
      ...('moto' in rest ? { moto: () => rest.moto } : {}),
    }),
  ),
  {
    // ListSecrets, NextToken: "If there are more results available, in the response, Secrets
    // Manager includes NextToken."
    name: 'ListSecrets with MaxResults 1 answers a page per secret, each but the last with a NextToken',
    ask: async (c) => {
      const pages: [number, boolean][] = [];
      const names: (string | undefined)[] = [];
      let NextToken: string | undefined;
      do {
        const out = await c.secretsManager.send(
          new ListSecretsCommand({
            Filters: [{ Key: 'name', Values: ['prod/db-old', 'prod/pull', 'prod/registry'] }],
            IncludePlannedDeletion: true,
            MaxResults: 1,
            NextToken,
          }),
        );
        NextToken = out.NextToken;
        pages.push([out.SecretList?.length ?? 0, NextToken !== undefined]);
        names.push(...(out.SecretList ?? []).map((s) => s.Name));
      } while (NextToken && pages.length < 10);
      // Listed by CreatedDate: the seed created them within a second, which moto's dates do not
      // tell apart.
      return { pages, names: sorted(names) };
    },
    expected: () => ({
      pages: [
        [1, true],
        [1, true],
        [1, false],
      ],
      names: ['prod/db-old', 'prod/pull', 'prod/registry'],
    }),
  },
  // VPC Lattice ListTargetGroups and GetTargetGroup --------------------------------------------
  {
    // VPC Lattice API Reference, GetTargetGroup: the target group with its `config` (port,
    // protocol, vpcIdentifier).
    name: 'GetTargetGroup by ARN answers the target group with its config',
    ask: async (c, w) => {
      const out = await c.vpcLattice.send(
        new GetTargetGroupCommand({ targetGroupIdentifier: w.lattice.targetGroups.orders }),
      );
      return {
        arn: out.arn,
        name: out.name,
        type: out.type,
        status: out.status,
        config: out.config,
      };
    },
    expected: (w) => ({
      arn: w.lattice.targetGroups.orders,
      name: 'orders',
      type: 'IP',
      status: 'ACTIVE',
      config: { port: 8443, protocol: 'HTTPS', vpcIdentifier: w.vpcs.shop },
    }),
  },
  {
    // GetTargetGroup, Errors: "ResourceNotFoundException […] HTTP Status Code: 404".
    name: 'GetTargetGroup of a target group that does not exist answers ResourceNotFoundException',
    ask: (c) =>
      c.vpcLattice.send(new GetTargetGroupCommand({ targetGroupIdentifier: RETIRED_TARGET_GROUP })),
    expected: () => ({ error: 'ResourceNotFoundException', status: 404 }),
    // moto 5.2 bug: HTTP 400 (the SDK still reads the error code).
    moto: () => ({ error: 'ResourceNotFoundException', status: 400 }),
  },
  // ListTargetGroups, Response Syntax: each TargetGroupSummary carries arn, port, protocol,
  // serviceArns, type and vpcIdentifier at its top level (no `config`). The emulator holds the
  // target groups the collector kept: `unused`, which only moto holds, is left out of the answers.
  ...(
    [
      {
        name: 'ListTargetGroups of type IP with maxResults 100 answers TargetGroupSummary items',
        input: { targetGroupType: 'IP', maxResults: 100 },
        // moto 5.2 bug: any maxResults fails with HTTP 500 (it adds the query string's text to an
        // integer), an HTML page the SDK cannot parse; the collector then describes each one.
        moto: { error: 'SyntaxError', status: 500 },
      },
      {
        name: 'ListTargetGroups of type IP answers TargetGroupSummary items',
        input: { targetGroupType: 'IP' },
        // moto 5.2 bug: its summaries are GetTargetGroup's shape (port and protocol inside
        // `config`, which the summary has not): port and protocol are missing.
        moto: 'without port and protocol',
      },
    ] satisfies { name: string; input: ListTargetGroupsCommandInput; moto: unknown }[]
  ).map(
    ({ name, input, moto }): Probe => ({
      name,
      ask: async (c, w) => {
        const known = [w.lattice.targetGroups.orders, w.lattice.targetGroups.payments];
        const out = await c.vpcLattice.send(new ListTargetGroupsCommand(input));
        return (out.items ?? [])
          .filter((tg) => known.includes(tg.arn ?? ''))
          .map(({ arn, type, port, protocol, vpcIdentifier }) => ({
            arn,
            type,
            port,
            protocol,
            vpcIdentifier,
          }))
          .sort((a, b) => (a.arn ?? '').localeCompare(b.arn ?? ''));
      },
      expected: (w) => latticeSummaries(w),
      moto: (w) =>
        moto === 'without port and protocol'
          ? latticeSummaries(w).map((tg) => ({ ...tg, port: undefined, protocol: undefined }))
          : moto,
    }),
  ),
  {
    // ListTargetGroups, targetGroupType: "Valid Values: IP | LAMBDA | INSTANCE | ALB"; Errors:
    // "ValidationException […] HTTP Status Code: 400".
    name: 'ListTargetGroups of a targetGroupType that does not exist answers ValidationException',
    ask: async (c) =>
      (
        await c.vpcLattice.send(
          new ListTargetGroupsCommand({ targetGroupType: 'TCP' as TargetGroupType }),
        )
      ).items,
    expected: () => ({ error: 'ValidationException', status: 400 }),
    // moto 5.2 bug: it filters by the type as given, and answers none.
    moto: () => [],
  },
];

describe.skipIf(!hasMoto)(
  'moto tier: the collectors against moto_server, an independent AWS implementation',
  () => {
    let moto: MotoServer | undefined;
    let emulator: Emulator | undefined;
    let world: MotoWorld;
    let fromMoto: RegionCollection & { lines: unknown[] };
    let fromEmulator: RegionCollection & { lines: unknown[] };
    let motoClients: RegionClients;
    let emulatorClients: RegionClients;
    let latticeFromMoto: CollectorRun<VpcLatticeSection | undefined>;

    beforeAll(async () => {
      moto = await startMoto(motoServer as string);
      world = await seedMoto(moto.url);
      fromMoto = await collectFrom(moto.url);
      latticeFromMoto = await runCollector(moto.url, (context) =>
        collectVpcLattice(context, latticeServices(world)),
      );
      emulator = await startEmulator({
        accounts: [servedSnapshotOf(fromMoto.snapshot, latticeFromMoto.value)],
      });
      fromEmulator = await collectFrom(emulator.url);
      motoClients = clientsFor(moto.url);
      emulatorClients = clientsFor(emulator.url);
    }, 60_000);

    afterAll(async () => {
      motoClients?.destroy();
      emulatorClients?.destroy();
      await emulator?.close();
      await moto?.close();
    });

    it('collects from moto without failures or log lines', () => {
      expect(fromMoto.failures).toEqual([]);
      expect(fromMoto.lines).toEqual([]);
    });

    it.each(Object.keys(collectedIds({})) as Section[])(
      'collects exactly the in-scope %s from moto',
      (section) => {
        // Prepare
        const expected = inScope(world)[section];

        // Act
        const collected = collectedIds(fromMoto.snapshot)[section];

        // Assess
        expect(collected).toEqual(expected);
      },
    );

    it('collects the fields the checks read, as moto answers them', () => {
      // Prepare
      const { ecs, elbv2, elb, ec2, acm, ssm, secretsManager } = fromMoto.snapshot;
      const w = world;

      // Act
      const web = ecs?.services?.find((s) => s.serviceArn === w.services.web);
      const https = elbv2?.listeners?.find((l) => l.ListenerArn === w.listeners.https);
      const classic = (name: string) =>
        elb?.loadBalancers?.find((l) => l.LoadBalancerName === name);
      const legacy = ecs?.services?.find((s) => s.serviceArn === w.services.legacy);
      const endpoint = (id: string) => ec2?.vpcEndpoints?.find((e) => e.VpcEndpointId === id);
      const secret = (arn: string) => secretsManager?.secrets?.find((s) => s.ARN === arn);

      // Assess
      expect(web).toMatchObject({
        status: 'ACTIVE',
        launchType: 'FARGATE',
        clusterArn: w.clusters.prod,
        taskDefinition: w.taskDefinitions.web,
        loadBalancers: [{ targetGroupArn: w.targetGroups.web, containerPort: 8080 }],
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [w.subnets.shopA, w.subnets.shopB] },
        },
        tags: [],
      });
      expect(ecs?.clusters?.map((c) => c.settings)).toEqual([
        [{ name: 'containerInsights', value: 'enabled' }],
        [{ name: 'containerInsights', value: 'enabled' }],
      ]);
      expect(
        ecs?.taskDefinitions?.find((t) => t.taskDefinitionArn === w.taskDefinitions.web)
          ?.containerDefinitions?.[0],
      ).toMatchObject({
        secrets: [
          { name: 'DB_URL', valueFrom: '/prod/db-url' },
          {
            name: 'API_KEY',
            valueFrom: `arn:aws:ssm:${MOTO_REGION}:${MOTO_ACCOUNT}:parameter/prod/api-key`,
          },
          { name: 'DB', valueFrom: w.secrets.db },
        ],
        repositoryCredentials: { credentialsParameter: w.secrets.registry },
      });
      expect(https).toMatchObject({
        Protocol: 'HTTPS',
        Port: 443,
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        Certificates: [
          { CertificateArn: w.certificates.shop },
          { CertificateArn: w.certificates.admin },
        ],
      });
      expect(elbv2?.rules?.[w.listeners.https]?.map((r) => [r.Priority, r.Conditions])).toEqual([
        ['10', [{ Field: 'host-header', HostHeaderConfig: { Values: ['admin.example.com'] } }]],
        ['default', []],
      ]);
      expect(elbv2?.targetGroups?.map((t) => [t.TargetGroupName, t.Protocol]).sort()).toEqual([
        ['api', 'HTTPS'],
        ['web', 'HTTP'],
      ]);
      expect(elbv2?.sslPolicies?.[0]?.SslProtocols).toEqual(['TLSv1.3', 'TLSv1.2']);
      expect(legacy).toMatchObject({
        launchType: 'EC2',
        loadBalancers: [
          { loadBalancerName: w.classicLoadBalancers.legacy, containerName: 'classic' },
        ],
      });
      expect(classic(w.classicLoadBalancers.legacy)?.ListenerDescriptions).toEqual([
        {
          Listener: {
            Protocol: 'HTTP',
            LoadBalancerPort: 80,
            InstanceProtocol: 'HTTP',
            InstancePort: 8080,
          },
          PolicyNames: [],
        },
        {
          Listener: {
            Protocol: 'HTTPS',
            LoadBalancerPort: 443,
            // moto 5.2 bug: InstanceProtocol echoes Protocol (ELB API Reference, Listener: the
            // protocol to the instances, HTTP as created here). elb_backend_encrypted fails the load
            // balancer either way, for its HTTP:80 listener.
            InstanceProtocol: 'HTTPS',
            InstancePort: 8080,
            SSLCertificateId: w.certificates.shop,
          },
          PolicyNames: [w.classicPolicies.legacy],
        },
      ]);
      expect(classic(w.classicLoadBalancers.console)?.ListenerDescriptions).toEqual([
        {
          Listener: {
            Protocol: 'SSL',
            LoadBalancerPort: 443,
            InstanceProtocol: 'SSL',
            InstancePort: 8443,
            SSLCertificateId: w.certificates.admin,
          },
          PolicyNames: [w.classicPolicies.console],
        },
      ]);
      // moto 5.2 bug: for an HTTPS/SSL listener created without a policy, AWS associates the
      // default ELBSecurityPolicy-2016-08 with the load balancer (Classic Load Balancers User Guide,
      // "Update the SSL negotiation configuration"); moto creates none, so each load balancer holds
      // the seeded policy alone. moto answers a policy's attributes as created: legacy-tls has no
      // Protocol-* attributes, so the check reads its Reference-Security-Policy.
      const negotiation = (PolicyName: string, attributes: Record<string, string>) => ({
        PolicyName,
        PolicyTypeName: 'SSLNegotiationPolicyType',
        PolicyAttributeDescriptions: Object.entries(attributes).map(
          ([AttributeName, AttributeValue]) => ({ AttributeName, AttributeValue }),
        ),
      });
      expect(elb?.policies).toEqual({
        [w.classicLoadBalancers.legacy]: [
          negotiation(w.classicPolicies.legacy, {
            'Reference-Security-Policy': 'ELBSecurityPolicy-TLS-1-2-2017-01',
          }),
        ],
        [w.classicLoadBalancers.console]: [
          negotiation(w.classicPolicies.console, {
            'Protocol-TLSv1': 'true',
            'Protocol-TLSv1.1': 'false',
            'Protocol-TLSv1.2': 'true',
            'ECDHE-RSA-AES128-GCM-SHA256': 'true',
          }),
        ],
      });
      expect(endpoint(w.endpoints.ecrApi)).toMatchObject({
        VpcId: w.vpcs.shop,
        ServiceName: `com.amazonaws.${MOTO_REGION}.ecr.api`,
        VpcEndpointType: 'Interface',
        State: 'available',
        PrivateDnsEnabled: true,
      });
      expect(endpoint(w.endpoints.ssm)).toMatchObject({ PrivateDnsEnabled: false });
      expect(endpoint(w.endpoints.s3)).toMatchObject({ VpcEndpointType: 'Gateway' });
      // moto orders the subject alternative names at random (AWS does not document an order).
      expect(
        acm?.certificates
          ?.map((c) => [c.DomainName, c.Status, sorted(c.SubjectAlternativeNames ?? [])])
          .sort(),
      ).toEqual([
        ['admin.example.com', 'ISSUED', ['admin.example.com']],
        ['shop.example.com', 'ISSUED', ['api.example.com', 'shop.example.com']],
      ]);
      expect(ssm?.parameters?.map((p) => [p.Name, p.Type]).sort()).toEqual([
        ['/prod/api-key', 'SecureString'],
        ['/prod/db-url', 'String'],
      ]);
      expect(secret(w.secrets.db)).toMatchObject({
        Name: 'prod/db',
        RotationEnabled: true,
        RotationRules: { AutomaticallyAfterDays: 30 },
      });
      // DescribeSecret leaves RotationEnabled out for a secret never configured for rotation.
      expect(secret(w.secrets.registry)).not.toHaveProperty('RotationEnabled');
      expect(secret(w.secrets.pull)).toMatchObject({ Name: 'prod/pull' });
    });

    it('describes the parameter of another region there, not the local one of the same name', () => {
      // Act
      const { ssm } = fromMoto.snapshot;

      // Assess: moto 5.2 answers DescribeParameters without the ARN that AWS's ParameterMetadata
      // has, which is why the collector keeps each parameter under the region it asked.
      expect(ssm?.otherRegionParameters?.[MOTO_OTHER_REGION]?.map((p) => [p.Name, p.Type])).toEqual(
        [['/prod/eu-db', 'SecureString']],
      );
      expect(ssm?.parameters?.map((p) => p.Name)).not.toContain('/prod/eu-db');
      expect(Object.keys(ssm?.otherRegionParameters ?? {})).toEqual([MOTO_OTHER_REGION]);
    });

    /** Where a collector function runs: moto, and the emulator serving what it collected there. */
    const SERVERS: [server: string, url: () => string][] = [
      ['moto', () => moto?.url ?? ''],
      ['the emulator', () => emulator?.url ?? ''],
    ];

    it.each(
      SERVERS.map(
        ([server, url]) =>
          [
            server,
            url,
            // moto also returns the `unused` load balancer, which the collector did not describe.
            (w: MotoWorld) =>
              sorted([
                ...Object.keys(exemptInScope(w)),
                ...(server === 'moto' ? [w.loadBalancers.unused] : []),
              ]),
          ] as const,
      ),
    )(
      'sweeps %s for the exemption tag key in one GetResources call, each resource with all its tags',
      async (_server, url, expected) => {
        // Act
        const run = await runCollector(url(), (context) =>
          getExemptResources(context, { loadBalancers: true, vpcs: true, appMesh: false }),
        );

        // Assess
        expect(run.calls).toEqual(['tagging:GetResources']);
        expect(run.failures).toEqual([]);
        expect(sorted([...(run.value?.keys() ?? [])])).toEqual(expected(world));
        expect(byKey(run.value?.get(world.loadBalancers.web))).toEqual(byKey(MOTO_TAGS.lbWeb));
      },
    );

    it('keeps the exemption tags of the load balancers, target groups and VPCs it described', () => {
      // Act
      const { elbv2, ec2 } = fromMoto.snapshot;
      const w = world;

      // Assess
      expect(
        Object.fromEntries(
          Object.entries(elbv2?.tags ?? {}).map(([arn, tags]) => [arn, byKey(tags)]),
        ),
      ).toEqual({
        [w.loadBalancers.web]: byKey(MOTO_TAGS.lbWeb),
        [w.targetGroups.web]: byKey(MOTO_TAGS.tgWeb),
        [w.targetGroups.api]: byKey(MOTO_TAGS.tgApi),
      });
      expect(ec2?.vpcs?.map((vpc) => ({ ...vpc, Tags: byKey(vpc.Tags) }))).toEqual([
        { VpcId: w.vpcs.batch, Tags: byKey(MOTO_TAGS.vpcBatch) },
      ]);
    });

    it.each(SERVERS)(
      'lists the referenced secrets of %s in one ListSecrets call, keeping only the exact names',
      async (_server, url) => {
        // Prepare
        const definitions = fromMoto.snapshot.ecs?.taskDefinitions;
        const w = world;

        // Act
        const run = await runCollector(url(), (context) =>
          collectSecretsManager(context, definitions),
        );
        const secret = (arn: string) => run.value?.secrets.find((s) => s.ARN === arn);

        // Assess: prod/db lists prod/dbx too (a prefix match), which nothing references.
        expect(run.calls).toEqual(['secretsmanager:ListSecrets']);
        expect(run.failures).toEqual([]);
        expect(sorted(run.value?.secrets.map((s) => s.ARN) ?? [])).toEqual(
          inScope(w)['secretsManager.secrets'],
        );
        expect(secret(w.secrets.dbOld)).toMatchObject({
          Name: 'prod/db-old',
          DeletedDate: expect.any(String),
        });
        expect(secret(w.secrets.db)).toMatchObject({ RotationEnabled: true });
        expect(secret(w.secrets.db)).not.toHaveProperty('DeletedDate');
        expect(byKey(secret(w.secrets.registry)?.Tags)).toEqual(byKey(MOTO_TAGS.secretRegistry));
      },
    );

    it('describes the Lattice target groups of moto one by one, as moto refuses the listing', () => {
      // Act
      const { value, calls, failures, absent } = latticeFromMoto;
      const w = world;
      const targetGroup = (name: string, arn: string, protocol: string, port: number) => ({
        arn,
        id: arn.split('/').pop(),
        name,
        type: 'IP',
        status: 'ACTIVE',
        config: { port, protocol, vpcIdentifier: w.vpcs.shop },
        createdAt: expect.any(String),
        lastUpdatedAt: expect.any(String),
      });

      // Assess: moto answers ListTargetGroups with maxResults with HTTP 500 (the probes below); a
      // refused listing is not a failure, its target groups are described instead.
      expect(calls).toEqual([
        'vpc-lattice:GetTargetGroup',
        'vpc-lattice:GetTargetGroup',
        'vpc-lattice:GetTargetGroup',
        'vpc-lattice:ListTargetGroups',
      ]);
      expect(failures).toEqual([]);
      expect(absent).toEqual([
        {
          region: MOTO_REGION,
          service: 'vpc-lattice',
          operation: 'GetTargetGroup',
          errorCode: 'ResourceNotFoundException',
          items: [RETIRED_TARGET_GROUP],
        },
      ]);
      // moto 5.2 bug: GetTargetGroup answers no serviceArns, though the shop service's listener
      // forwards to payments (API Reference, GetTargetGroup: serviceArns, "The Amazon Resource
      // Names (ARNs) of the service"); so no Lattice service is found, and no listener read.
      expect(value).toEqual({
        targetGroups: [
          targetGroup('orders', w.lattice.targetGroups.orders, 'HTTPS', 8443),
          targetGroup('payments', w.lattice.targetGroups.payments, 'HTTP', 8080),
        ],
        listeners: {},
        defaultActions: {},
        rules: {},
      });
    });

    it('lists the Lattice target groups the emulator serves, converted to exactly what moto described', async () => {
      // Act
      const run = await runCollector(emulator?.url ?? '', (context) =>
        collectVpcLattice(context, latticeServices(world)),
      );

      // Assess: one listing; only the target group it does not list is described.
      expect(run.calls).toEqual(['vpc-lattice:GetTargetGroup', 'vpc-lattice:ListTargetGroups']);
      expect(run.failures).toEqual([]);
      expect(run.absent).toEqual(latticeFromMoto.absent);
      expect(run.value).toEqual(latticeFromMoto.value);
    });

    it('judges the seeded account as the checks intend', async () => {
      // Prepare: moto's certificates run from its own clock, so evaluate at the current time.
      const snapshot = snapshotOf(fromMoto.snapshot);

      // Act
      const scan = await evaluateSnapshot(snapshot, DEFAULT_CONFIG, new Date(), allChecks);

      // Assess
      const vpc = (id: string) => `arn:aws:ec2:${MOTO_REGION}:${MOTO_ACCOUNT}:vpc/${id}`;
      const clb = (name: string) =>
        `arn:aws:elasticloadbalancing:${MOTO_REGION}:${MOTO_ACCOUNT}:loadbalancer/${name}`;
      const w = world;
      const row = (r: CheckResult) => [r.checkId, r.resource.arn, r.status, r.severity];
      expect(
        scan.results
          .filter((r) => !LEFT_OUT.test(r.checkId))
          .map(row)
          .sort((a, b) => a.join(' ').localeCompare(b.join(' '))),
      ).toEqual(
        [
          // No App Mesh wiring (an independent implementation has no Envoy to offer).
          ...[
            w.taskDefinitions.api,
            w.taskDefinitions.web,
            w.taskDefinitions.worker,
            w.taskDefinitions.classic,
          ].map((arn) => ['ecs_task_definition_no_app_mesh_proxy', arn, 'PASSED', 'INFORMATIONAL']),
          [
            'ecs_task_definition_no_secrets_in_environment',
            w.taskDefinitions.api,
            'FAILED',
            'HIGH',
          ],
          [
            'ecs_task_definition_no_secrets_in_environment',
            w.taskDefinitions.web,
            'PASSED',
            'INFORMATIONAL',
          ],
          [
            'ecs_task_definition_no_secrets_in_environment',
            w.taskDefinitions.worker,
            'PASSED',
            'INFORMATIONAL',
          ],
          [
            'ecs_task_definition_no_secrets_in_environment',
            w.taskDefinitions.classic,
            'PASSED',
            'INFORMATIONAL',
          ],
          [
            'ecs_task_definition_no_static_aws_credentials',
            w.taskDefinitions.api,
            'PASSED',
            'INFORMATIONAL',
          ],
          [
            'ecs_task_definition_no_static_aws_credentials',
            w.taskDefinitions.web,
            'PASSED',
            'INFORMATIONAL',
          ],
          [
            'ecs_task_definition_no_static_aws_credentials',
            w.taskDefinitions.worker,
            'PASSED',
            'INFORMATIONAL',
          ],
          [
            'ecs_task_definition_no_static_aws_credentials',
            w.taskDefinitions.classic,
            'PASSED',
            'INFORMATIONAL',
          ],
          [
            'ecs_task_definition_secrets_from_secrets_manager',
            w.taskDefinitions.web,
            'FAILED',
            'HIGH',
          ],
          // The worker's parameter of another region is a SecureString (the local one of the same
          // name a String).
          [
            'ecs_task_definition_secrets_from_secrets_manager',
            w.taskDefinitions.worker,
            'WARNING',
            'LOW',
          ],
          // legacy: HTTP and HTTPS in, HTTP out, TLS 1.2 only by reference; console: SSL in and out,
          // a custom policy that enables TLS 1.0.
          ['elb_backend_encrypted', clb(w.classicLoadBalancers.console), 'PASSED', 'INFORMATIONAL'],
          ['elb_backend_encrypted', clb(w.classicLoadBalancers.legacy), 'FAILED', 'MEDIUM'],
          [
            'elb_listener_certificate_valid',
            clb(w.classicLoadBalancers.console),
            'PASSED',
            'INFORMATIONAL',
          ],
          [
            'elb_listener_certificate_valid',
            clb(w.classicLoadBalancers.legacy),
            'PASSED',
            'INFORMATIONAL',
          ],
          [
            'elb_listener_encrypted',
            clb(w.classicLoadBalancers.console),
            'PASSED',
            'INFORMATIONAL',
          ],
          ['elb_listener_encrypted', clb(w.classicLoadBalancers.legacy), 'FAILED', 'HIGH'],
          ['elb_listener_tls_policy', clb(w.classicLoadBalancers.console), 'FAILED', 'MEDIUM'],
          [
            'elb_listener_tls_policy',
            clb(w.classicLoadBalancers.legacy),
            'PASSED',
            'INFORMATIONAL',
          ],
          ['elbv2_listener_certificate_valid', w.listeners.https, 'PASSED', 'INFORMATIONAL'],
          // Exempt by the tags of its load balancer (a FAILED result becomes WARNING).
          ['elbv2_listener_encrypted', w.listeners.http, 'WARNING', 'INFORMATIONAL'],
          ['elbv2_listener_encrypted', w.listeners.https, 'PASSED', 'INFORMATIONAL'],
          [
            'elbv2_listener_sni_certificates_cover_hosts',
            w.listeners.https,
            'PASSED',
            'INFORMATIONAL',
          ],
          ['elbv2_listener_tls_policy', w.listeners.https, 'PASSED', 'INFORMATIONAL'],
          // api's exemption changes nothing: it passes.
          ['elbv2_target_group_encrypted', w.targetGroups.api, 'PASSED', 'INFORMATIONAL'],
          ['elbv2_target_group_encrypted', w.targetGroups.web, 'WARNING', 'INFORMATIONAL'],
          ['secretsmanager_secret_rotation_enabled', w.secrets.db, 'PASSED', 'INFORMATIONAL'],
          ['secretsmanager_secret_rotation_enabled', w.secrets.dbOld, 'FAILED', 'MEDIUM'],
          // Exempt by its own tags, which ListSecrets returned.
          [
            'secretsmanager_secret_rotation_enabled',
            w.secrets.registry,
            'WARNING',
            'INFORMATIONAL',
          ],
          ['secretsmanager_secret_rotation_enabled', w.secrets.pull, 'FAILED', 'MEDIUM'],
          // The batch VPC's exemption changes nothing: exemptions turn FAILED results only.
          ['vpc_ecs_interface_endpoints', vpc(w.vpcs.batch), 'WARNING', 'LOW'],
          ['vpc_ecs_interface_endpoints', vpc(w.vpcs.shop), 'WARNING', 'LOW'],
        ].sort((a, b) => a.join(' ').localeCompare(b.join(' '))),
      );
      const result = (checkId: string, arn: string) =>
        scan.results.find((r) => r.checkId === checkId && r.resource.arn === arn);
      const reason = (checkId: string, arn: string) => result(checkId, arn)?.reason;
      expect(result('elbv2_listener_encrypted', w.listeners.http)?.exemption).toEqual({
        state: 'applied',
        source: 'tag',
        resource: w.loadBalancers.web,
        reason: 'HTTP 80 only redirects to HTTPS',
        severity: 'HIGH',
      });
      expect(result('elbv2_target_group_encrypted', w.targetGroups.web)?.exemption).toMatchObject({
        resource: w.targetGroups.web,
        severity: 'MEDIUM',
      });
      expect(
        result('secretsmanager_secret_rotation_enabled', w.secrets.registry)?.exemption,
      ).toMatchObject({ resource: w.secrets.registry, severity: 'MEDIUM' });
      expect(scan.exemptionProblems).toEqual([]);
      expect(reason('vpc_ecs_interface_endpoints', vpc(w.vpcs.shop))).toMatch(
        /com\.amazonaws\.us-east-1\.ecs \(missing\).*com\.amazonaws\.us-east-1\.ssm .*\(private DNS disabled\)/,
      );
      expect(
        reason('ecs_task_definition_no_secrets_in_environment', w.taskDefinitions.api),
      ).toContain('DB_PASSWORD');
      expect(
        reason('ecs_task_definition_secrets_from_secrets_manager', w.taskDefinitions.web),
      ).toContain('DB_URL');
      expect(
        reason('ecs_task_definition_secrets_from_secrets_manager', w.taskDefinitions.worker),
      ).toContain(`EU_DB in container worker (/prod/eu-db in ${MOTO_OTHER_REGION}, SecureString)`);
      expect(reason('elb_listener_encrypted', clb(w.classicLoadBalancers.legacy))).toContain(
        'in front of ECS service prod/legacy) accepts unencrypted traffic on listener HTTP:80.',
      );
      expect(reason('elb_backend_encrypted', clb(w.classicLoadBalancers.legacy))).toContain(
        'HTTP:80 → HTTP:8080',
      );
      expect(reason('elb_listener_tls_policy', clb(w.classicLoadBalancers.console))).toContain(
        'SSL:443 (policy console-tls enables TLS 1.0)',
      );
      expect(reason('elb_listener_tls_policy', clb(w.classicLoadBalancers.legacy))).toContain(
        'HTTPS:443 (policy legacy-tls)',
      );
    });

    it('the emulator serving what was collected from moto gives back exactly that snapshot', () => {
      expect(fromEmulator.failures).toEqual([]);
      expect(fromEmulator.lines).toEqual([]);
      expect(fromEmulator.snapshot).toEqual(fromMoto.snapshot);
    });

    it.each(PROBES.map((probe) => [probe.name, probe] as const))(
      '%s, in the emulator and in moto (or a recorded moto bug)',
      async (_name, probe) => {
        // Act
        const fromEmulatorAnswer = await outcome(() => probe.ask(emulatorClients, world));
        const fromMotoAnswer = await outcome(() => probe.ask(motoClients, world));

        // Assess
        expect(fromEmulatorAnswer).toEqual(probe.expected(world));
        expect(fromMotoAnswer).toEqual((probe.moto ?? probe.expected)(world));
      },
    );
  },
);
