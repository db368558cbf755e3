// The emulator serves a snapshot so that what the real SDK clients read back, after a JSON round
// trip, deep-equals the snapshot's items: the protocols' encoders lose nothing the SDK models.
import { existsSync } from 'node:fs';
import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import {
  AppMeshClient,
  DescribeMeshCommand,
  DescribeVirtualGatewayCommand,
  DescribeVirtualNodeCommand,
  paginateListMeshes,
  paginateListTagsForResource,
  paginateListVirtualGateways,
  paginateListVirtualNodes,
} from '@aws-sdk/client-app-mesh';
import {
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import {
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  paginateListClusters,
  paginateListContainerInstances,
  paginateListServices,
} from '@aws-sdk/client-ecs';
import {
  DescribeSSLPoliciesCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeListenerCertificates,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeRules,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { paginateDescribeParameters, SSMClient } from '@aws-sdk/client-ssm';
import {
  GetListenerCommand,
  GetRuleCommand,
  GetTargetGroupCommand,
  paginateListListeners,
  paginateListRules,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { loadSnapshotFile } from '../../lib/snapshot/load.ts';
import type { RegionSnapshot, Snapshot } from '../../lib/snapshot/types.ts';
import {
  clientConfig,
  collect,
  DEMO_ACCOUNT_FILE,
  docsExample,
  jsonRoundTrip,
  richSnapshot,
} from './support.ts';

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

const withoutMetadata = <T extends { $metadata?: unknown }>({ $metadata, ...rest }: T) => rest;

/**
 * Reads a region back through the SDK clients, section by section, the way a collector would; a
 * section the snapshot did not collect answers AccessDenied and is left out, as a collector would.
 */
const readRegion = async (emulator: Emulator, region: string, expected: RegionSnapshot) => {
  const out = await readSections(emulator, region, expected);
  return Object.fromEntries(Object.entries(out).filter(([name]) => name in expected));
};

const readSections = async (emulator: Emulator, region: string, expected: RegionSnapshot) => {
  const config = clientConfig(emulator, region);
  const out: Record<string, unknown> = {};

  const ecs = new ECSClient(config);
  if (expected.ecs) {
    const clusterArns = (
      await collect(paginateListClusters({ client: ecs }, {}), (p) => p.clusterArns)
    ).items;
    const clusters = [];
    for (const batch of chunks(clusterArns, 100)) {
      const page = await ecs.send(
        new DescribeClustersCommand({
          clusters: batch,
          include: ['SETTINGS', 'CONFIGURATIONS', 'TAGS'],
        }),
      );
      clusters.push(...(page.clusters ?? []));
    }
    const services = [];
    const containerInstances = [];
    for (const cluster of clusterArns) {
      const arns = (
        await collect(paginateListServices({ client: ecs }, { cluster }), (p) => p.serviceArns)
      ).items;
      for (const batch of chunks(arns, 10)) {
        const page = await ecs.send(
          new DescribeServicesCommand({ cluster, services: batch, include: ['TAGS'] }),
        );
        services.push(...(page.services ?? []));
      }
      const instances = (
        await collect(
          paginateListContainerInstances({ client: ecs }, { cluster }),
          (p) => p.containerInstanceArns,
        )
      ).items;
      for (const batch of chunks(instances, 100)) {
        const page = await ecs.send(
          new DescribeContainerInstancesCommand({
            cluster,
            containerInstances: batch,
            include: ['TAGS'],
          }),
        );
        containerInstances.push(...(page.containerInstances ?? []));
      }
    }
    const taskDefinitions = [];
    for (const definition of expected.ecs?.taskDefinitions ?? []) {
      const page = await ecs.send(
        new DescribeTaskDefinitionCommand({
          taskDefinition: definition.taskDefinitionArn,
          include: ['TAGS'],
        }),
      );
      taskDefinitions.push({ ...page.taskDefinition, tags: page.tags });
    }
    out.ecs = { clusters, services, taskDefinitions, containerInstances };
  }

  const elb = new ElasticLoadBalancingV2Client(config);
  if (expected.elbv2) {
    const loadBalancers = (
      await collect(paginateDescribeLoadBalancers({ client: elb }, {}), (p) => p.LoadBalancers)
    ).items;
    const listeners = [];
    for (const lb of loadBalancers) {
      listeners.push(
        ...(
          await collect(
            paginateDescribeListeners({ client: elb }, { LoadBalancerArn: lb.LoadBalancerArn }),
            (p) => p.Listeners,
          )
        ).items,
      );
    }
    const listenerCertificates: Record<string, unknown[]> = {};
    for (const listenerArn of Object.keys(expected.elbv2?.listenerCertificates ?? {})) {
      listenerCertificates[listenerArn] = (
        await collect(
          paginateDescribeListenerCertificates({ client: elb }, { ListenerArn: listenerArn }),
          (p) => p.Certificates,
        )
      ).items;
    }
    const rules: Record<string, unknown[]> = {};
    for (const listenerArn of Object.keys(expected.elbv2?.rules ?? {})) {
      rules[listenerArn] = (
        await collect(
          paginateDescribeRules({ client: elb }, { ListenerArn: listenerArn }),
          (p) => p.Rules,
        )
      ).items;
    }
    const targetGroups = (
      await collect(paginateDescribeTargetGroups({ client: elb }, {}), (p) => p.TargetGroups)
    ).items;
    const sslPolicies = [];
    let marker: string | undefined;
    do {
      const page = await elb.send(new DescribeSSLPoliciesCommand({ Marker: marker }));
      sslPolicies.push(...(page.SslPolicies ?? []));
      marker = page.NextMarker;
    } while (marker);
    // Tags only where the snapshot collected them (DescribeTags answers AccessDenied otherwise).
    const tagged = Object.keys(expected.elbv2?.tags ?? {});
    const tags: Record<string, unknown[]> = {};
    for (const ResourceArns of chunks(tagged, 20)) {
      const page = await elb.send(new DescribeTagsCommand({ ResourceArns }));
      for (const d of page.TagDescriptions ?? []) tags[d.ResourceArn ?? ''] = d.Tags ?? [];
    }
    out.elbv2 = {
      loadBalancers,
      listeners,
      listenerCertificates,
      rules,
      targetGroups,
      sslPolicies,
      ...(expected.elbv2?.tags ? { tags } : {}),
    };
  }

  const ec2 = new EC2Client(config);
  if (expected.ec2)
    out.ec2 = {
      vpcEndpoints: (
        await collect(paginateDescribeVpcEndpoints({ client: ec2 }, {}), (p) => p.VpcEndpoints)
      ).items,
      subnets: (await collect(paginateDescribeSubnets({ client: ec2 }, {}), (p) => p.Subnets))
        .items,
      instances: (
        await collect(paginateDescribeInstances({ client: ec2 }, {}), (p) =>
          p.Reservations?.flatMap((r) => r.Instances ?? []),
        )
      ).items,
      ...(expected.ec2?.vpcs
        ? { vpcs: (await collect(paginateDescribeVpcs({ client: ec2 }, {}), (p) => p.Vpcs)).items }
        : {}),
    };

  const mesh = new AppMeshClient(config);
  if (expected.appmesh) {
    const meshes = [];
    const virtualNodes = [];
    const virtualGateways = [];
    for (const ref of (await collect(paginateListMeshes({ client: mesh }, {}), (p) => p.meshes))
      .items) {
      meshes.push((await mesh.send(new DescribeMeshCommand({ meshName: ref.meshName }))).mesh);
      for (const node of (
        await collect(
          paginateListVirtualNodes({ client: mesh }, { meshName: ref.meshName }),
          (p) => p.virtualNodes,
        )
      ).items) {
        virtualNodes.push(
          (
            await mesh.send(
              new DescribeVirtualNodeCommand({
                meshName: node.meshName,
                virtualNodeName: node.virtualNodeName,
              }),
            )
          ).virtualNode,
        );
      }
      for (const gateway of (
        await collect(
          paginateListVirtualGateways({ client: mesh }, { meshName: ref.meshName }),
          (p) => p.virtualGateways,
        )
      ).items) {
        virtualGateways.push(
          (
            await mesh.send(
              new DescribeVirtualGatewayCommand({
                meshName: gateway.meshName,
                virtualGatewayName: gateway.virtualGatewayName,
              }),
            )
          ).virtualGateway,
        );
      }
    }
    const tags: Record<string, unknown[]> = {};
    for (const resourceArn of Object.keys(expected.appmesh?.tags ?? {})) {
      tags[resourceArn] = (
        await collect(paginateListTagsForResource({ client: mesh }, { resourceArn }), (p) => p.tags)
      ).items;
    }
    out.appmesh = {
      meshes,
      virtualNodes,
      virtualGateways,
      ...(expected.appmesh?.tags ? { tags } : {}),
    };
  }

  const acm = new ACMClient(config);
  if (expected.acm) {
    const certificates = [];
    for (const certificate of expected.acm?.certificates ?? []) {
      certificates.push(
        (
          await acm.send(
            new DescribeCertificateCommand({ CertificateArn: certificate.CertificateArn }),
          )
        ).Certificate,
      );
    }
    out.acm = { certificates };
  }

  if (expected.ssm) {
    out.ssm = {
      parameters: (
        await collect(
          paginateDescribeParameters({ client: new SSMClient(config) }, {}),
          (p) => p.Parameters,
        )
      ).items,
    };
  }

  const lattice = new VPCLatticeClient(config);
  if (expected.vpcLattice) {
    const targetGroups = [];
    for (const { arn } of expected.vpcLattice.targetGroups ?? []) {
      targetGroups.push(
        withoutMetadata(
          await lattice.send(new GetTargetGroupCommand({ targetGroupIdentifier: arn })),
        ),
      );
    }
    const listeners: Record<string, unknown[]> = {};
    for (const serviceIdentifier of Object.keys(expected.vpcLattice.listeners ?? {})) {
      listeners[serviceIdentifier] = (
        await collect(
          paginateListListeners({ client: lattice }, { serviceIdentifier }),
          (p) => p.items,
        )
      ).items;
    }
    // The listener's service: the key of the listeners entry that lists it.
    const serviceOf = (listenerArn: string) =>
      Object.entries(expected.vpcLattice?.listeners ?? {}).find(([, list]) =>
        list.some((l) => l.arn === listenerArn),
      )?.[0] ?? '';
    const defaultActions: Record<string, unknown> = {};
    for (const listenerIdentifier of Object.keys(expected.vpcLattice.defaultActions ?? {})) {
      defaultActions[listenerIdentifier] = (
        await lattice.send(
          new GetListenerCommand({
            serviceIdentifier: serviceOf(listenerIdentifier),
            listenerIdentifier,
          }),
        )
      ).defaultAction;
    }
    const rules: Record<string, unknown[]> = {};
    for (const listenerIdentifier of Object.keys(expected.vpcLattice.rules ?? {})) {
      const serviceIdentifier = serviceOf(listenerIdentifier);
      const listed = await collect(
        paginateListRules({ client: lattice }, { serviceIdentifier, listenerIdentifier }),
        (p) => p.items,
      );
      rules[listenerIdentifier] = [];
      for (const summary of listed.items) {
        rules[listenerIdentifier]?.push(
          withoutMetadata(
            await lattice.send(
              new GetRuleCommand({
                serviceIdentifier,
                listenerIdentifier,
                ruleIdentifier: summary.arn,
              }),
            ),
          ),
        );
      }
    }
    out.vpcLattice = { targetGroups, listeners, defaultActions, rules };
  }

  const secretsManager = new SecretsManagerClient(config);
  if (expected.secretsManager) {
    const secrets = [];
    for (const secret of expected.secretsManager?.secrets ?? []) {
      secrets.push(
        withoutMetadata(
          await secretsManager.send(new DescribeSecretCommand({ SecretId: secret.ARN })),
        ),
      );
    }
    out.secretsManager = { secrets };
  }
  return jsonRoundTrip(out);
};

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );

/** Section arrays in a stable order: a collector reads services cluster by cluster, not in file order. */
const sortSections = (region: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(region).map(([name, section]) => [
      name,
      Object.fromEntries(
        Object.entries(section as Record<string, unknown>).map(([key, items]) => [
          key,
          Array.isArray(items)
            ? [...items].sort((a, b) => canonical(a).localeCompare(canonical(b)))
            : items,
        ]),
      ),
    ]),
  );

/** What the emulator serves of a region: every section, INACTIVE services left out (ListServices skips them). */
const served = (region: RegionSnapshot) => {
  const all = jsonRoundTrip({
    ecs: {
      clusters: region.ecs?.clusters ?? [],
      services: (region.ecs?.services ?? []).filter((service) => service.status !== 'INACTIVE'),
      taskDefinitions: (region.ecs?.taskDefinitions ?? []).map((definition) => ({
        ...definition,
        tags: definition.tags ?? [],
      })),
      containerInstances: region.ecs?.containerInstances ?? [],
    },
    elbv2: {
      loadBalancers: region.elbv2?.loadBalancers ?? [],
      listeners: region.elbv2?.listeners ?? [],
      listenerCertificates: region.elbv2?.listenerCertificates ?? {},
      rules: region.elbv2?.rules ?? {},
      targetGroups: region.elbv2?.targetGroups ?? [],
      sslPolicies: region.elbv2?.sslPolicies ?? [],
      ...(region.elbv2?.tags ? { tags: region.elbv2.tags } : {}),
    },
    ec2: {
      vpcEndpoints: region.ec2?.vpcEndpoints ?? [],
      subnets: region.ec2?.subnets ?? [],
      instances: region.ec2?.instances ?? [],
      ...(region.ec2?.vpcs ? { vpcs: region.ec2.vpcs } : {}),
    },
    appmesh: {
      meshes: region.appmesh?.meshes ?? [],
      virtualNodes: region.appmesh?.virtualNodes ?? [],
      virtualGateways: region.appmesh?.virtualGateways ?? [],
      ...(region.appmesh?.tags ? { tags: region.appmesh.tags } : {}),
    },
    vpcLattice: {
      targetGroups: region.vpcLattice?.targetGroups ?? [],
      listeners: region.vpcLattice?.listeners ?? {},
      defaultActions: region.vpcLattice?.defaultActions ?? {},
      rules: region.vpcLattice?.rules ?? {},
    },
    acm: { certificates: region.acm?.certificates ?? [] },
    ssm: { parameters: region.ssm?.parameters ?? [] },
    secretsManager: { secrets: region.secretsManager?.secrets ?? [] },
  });
  return Object.fromEntries(Object.entries(all).filter(([name]) => name in region));
};

const sources: [name: string, load: () => Promise<Snapshot>, maxPageSize?: number][] = [
  ['the docs/snapshot-format.md example', async () => docsExample()],
  ['a larger account, read in pages of 4', async () => richSnapshot(), 4],
  ['a larger account, read in AWS-sized pages', async () => richSnapshot()],
];
if (existsSync(DEMO_ACCOUNT_FILE)) {
  sources.push(['examples/demo-account.json', () => loadSnapshotFile(DEMO_ACCOUNT_FILE), 3]);
}

describe.each(sources)('the emulator serving %s', (_name, load, maxPageSize) => {
  let emulator: Emulator;
  let snapshot: Snapshot;

  beforeAll(async () => {
    snapshot = await load();
    emulator = await startEmulator({
      accounts: [snapshot],
      ...(maxPageSize ? { maxPageSize } : {}),
    });
  });
  afterAll(() => emulator.close());

  it('answers every region so that the SDK reads back exactly the snapshot items', async () => {
    for (const [region, data] of Object.entries(snapshot.regions)) {
      // Act
      const read = await readRegion(emulator, region, data);

      // Assess
      expect(sortSections(read), region).toEqual(sortSections(served(data)));
    }
  });
});
