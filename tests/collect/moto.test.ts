// The moto tier: a second, independent opinion on the collectors and the emulator. moto_server
// (moto 5.2) is seeded through the real create APIs, the collectors read it, and the emulator then
// serves what they collected. Where moto and the emulator answer the same call differently, the
// AWS API reference decides; moto's deviations are recorded below as moto bugs.
// App Mesh, Security Hub and Service Connect are left out: moto is known to be wrong there (App Mesh
// ARNs, Security Hub filters, Service Connect in deployments).

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
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks as allChecks } from '../../checks/registry.ts';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { createClients, type RegionClients } from '../../lib/aws/regionClients.ts';
import { collectRegion, type RegionCollection } from '../../lib/collect/collect.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { evaluateSnapshot } from '../../lib/evaluate/evaluate.ts';
import type { CheckResult } from '../../lib/model.ts';
import type { RegionSnapshot, Snapshot } from '../../lib/snapshot/types.ts';
import { MOTO_OTHER_REGION, MOTO_REGION, type MotoWorld, seedMoto } from './motoSeed.ts';
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
 * emulator answers DescribeParameters from the region a call is signed for).
 */
const servedSnapshotOf = (data: RegionSnapshot): Snapshot => {
  const snapshot = snapshotOf(data);
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
  // `pull` is described by its name (the worker's repository credentials).
  'secretsManager.secrets': sorted([w.secrets.db, w.secrets.registry, w.secrets.pull]),
});

/** A call's answer, or the error the SDK raised for it (name and HTTP status). */
const outcome = async (ask: () => Promise<unknown>): Promise<unknown> => {
  try {
    return await ask();
  } catch (error) {
    const failure = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { error: failure.name, status: failure.$metadata?.httpStatusCode };
  }
};

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

    beforeAll(async () => {
      moto = await startMoto(motoServer as string);
      world = await seedMoto(moto.url);
      fromMoto = await collectFrom(moto.url);
      emulator = await startEmulator({ accounts: [servedSnapshotOf(fromMoto.snapshot)] });
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
          ['elbv2_listener_encrypted', w.listeners.http, 'FAILED', 'HIGH'],
          ['elbv2_listener_encrypted', w.listeners.https, 'PASSED', 'INFORMATIONAL'],
          [
            'elbv2_listener_sni_certificates_cover_hosts',
            w.listeners.https,
            'PASSED',
            'INFORMATIONAL',
          ],
          ['elbv2_listener_tls_policy', w.listeners.https, 'PASSED', 'INFORMATIONAL'],
          ['elbv2_target_group_encrypted', w.targetGroups.api, 'PASSED', 'INFORMATIONAL'],
          ['elbv2_target_group_encrypted', w.targetGroups.web, 'FAILED', 'MEDIUM'],
          ['secretsmanager_secret_rotation_enabled', w.secrets.db, 'PASSED', 'INFORMATIONAL'],
          ['secretsmanager_secret_rotation_enabled', w.secrets.registry, 'FAILED', 'MEDIUM'],
          ['secretsmanager_secret_rotation_enabled', w.secrets.pull, 'FAILED', 'MEDIUM'],
          ['vpc_ecs_interface_endpoints', vpc(w.vpcs.batch), 'WARNING', 'LOW'],
          ['vpc_ecs_interface_endpoints', vpc(w.vpcs.shop), 'WARNING', 'LOW'],
        ].sort((a, b) => a.join(' ').localeCompare(b.join(' '))),
      );
      const reason = (checkId: string, arn: string) =>
        scan.results.find((r) => r.checkId === checkId && r.resource.arn === arn)?.reason;
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
