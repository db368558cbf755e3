// The fewest API calls a full scan of an account snapshot can make, from the APIs' batch and page
// sizes and the same scope functions the collectors use (docs/performance.md has the formula).

import { clusterNameFromArn } from '../lib/aws/arn.ts';
import { certificateArnsOfClassic, certificateArnsOfListeners } from '../lib/collect/acm.ts';
import { clustersWithContainerInstanceServices } from '../lib/collect/ecs.ts';
import { listenerNeedsCertificates, listenerNeedsRules } from '../lib/collect/elbv2.ts';
import { listableSecrets, listedNameOf, referencedParameterNames } from '../lib/collect/secrets.ts';
import { appMeshTargetsOf } from '../lib/snapshot/appMesh.ts';
import { isTlsTerminatingListener } from '../lib/snapshot/listeners.ts';
import {
  isServiceInScope,
  loadBalancerArnsOfTargetGroups,
  subnetIdsOfService,
  targetGroupArnsOfServices,
  uniqueTaskDefinitionArns,
} from '../lib/snapshot/scope.ts';
import { describesSecret, referencedSecretsIn } from '../lib/snapshot/secretReferences.ts';
import { EXEMPT_TAG } from '../lib/snapshot/sections.ts';
import type { RegionSnapshot, Snapshot } from '../lib/snapshot/types.ts';
import { isHostingContainerInstance, placeServicesInVpcs } from '../lib/snapshot/vpcs.ts';

/** The APIs' limits, as AWS documents them (and the emulator enforces them). */
export const API_LIMITS = {
  ecs: {
    listPage: 100,
    clustersPerDescribe: 100,
    servicesPerDescribe: 10,
    containerInstancesPerDescribe: 100,
  },
  elbv2: { arnsPerDescribe: 20, page: 400 },
  elb: { namesPerDescribe: 20 },
  vpcLattice: { page: 100 },
  ec2: { filterValues: 200, page: 1000 },
  appmesh: { page: 100 },
  tagging: { resourcesPerPage: 100 },
  ssm: { namesPerFilter: 50, page: 50 },
  acm: { listPage: 1000, namesListed: 100 },
  secretsManager: { namesPerListing: 10, page: 100 },
  securityHub: { findingsPerImport: 100, getFindingsPage: 100, filterValues: 20 },
} as const;

/** Calls by service and operation: `{ ecs: { DescribeServices: 200 } }`. */
export type CallCounts = Record<string, Record<string, number>>;

const ceil = (items: number, per: number) => Math.ceil(items / per);
/** Pages of a listing: one call even when it is empty. */
const pagesOf = (items: number, per: number) => Math.max(1, ceil(items, per));
const byKey = <T>(items: readonly T[] | undefined, key: (item: T) => string | undefined) =>
  new Map(
    (items ?? []).flatMap((item) => (key(item) ? [[key(item) as string, item] as const] : [])),
  );

/**
 * Items described by ARN (20 a call) or found by listing the whole account (pages of 400),
 * whichever is cheaper: min(⌈n/20⌉, ⌈total/400⌉), and nothing when none is in scope.
 */
export const arnsOrListing = (inScope: number, total: number): number =>
  inScope === 0
    ? 0
    : Math.min(
        ceil(inScope, API_LIMITS.elbv2.arnsPerDescribe),
        pagesOf(total, API_LIMITS.elbv2.page),
      );

const add = (counts: CallCounts, service: string, operation: string, calls: number) => {
  if (calls <= 0) return;
  const ops = counts[service] ?? {};
  ops[operation] = (ops[operation] ?? 0) + calls;
  counts[service] = ops;
};

/** The minimum collection calls of one region (everything the checks need, nothing twice). */
export interface MinCallsOptions {
  allLoadBalancers?: boolean;
  /**
   * Every App Mesh mesh of the account, listed (ScanConfig.allMeshes); by default only the meshes
   * the in-scope task definitions point at.
   */
  allMeshes?: boolean;
  /** Collect the exemption tags (default true, as the scanner does). */
  exemptionTags?: boolean;
  /**
   * The account the credentials reach is known beforehand (the Lambda worker: its own account, or
   * the one whose member role it assumed), so no STS GetCallerIdentity is needed.
   */
  accountKnown?: boolean;
}

export const regionMinCalls = (
  region: string,
  data: RegionSnapshot,
  accountId: string,
  options: MinCallsOptions = {},
): CallCounts => {
  const tags = options.exemptionTags !== false;
  const counts: CallCounts = {};
  const { ecs: ecsLimits, ec2: ec2Limits, appmesh: meshLimits } = API_LIMITS;

  // ECS: clusters, then each cluster's services (ListServices lists all but INACTIVE ones).
  const clusters = data.ecs?.clusters ?? [];
  add(counts, 'ecs', 'ListClusters', pagesOf(clusters.length, ecsLimits.listPage));
  add(counts, 'ecs', 'DescribeClusters', ceil(clusters.length, ecsLimits.clustersPerDescribe));
  const listedIn = (clusterArn: string | undefined) =>
    (data.ecs?.services ?? []).filter(
      (s) => (s.clusterArn ?? '') === clusterArn && (s.status ?? '').toUpperCase() !== 'INACTIVE',
    );
  const services = clusters.flatMap((cluster) => {
    const listed = listedIn(cluster.clusterArn);
    add(counts, 'ecs', 'ListServices', pagesOf(listed.length, ecsLimits.listPage));
    add(counts, 'ecs', 'DescribeServices', ceil(listed.length, ecsLimits.servicesPerDescribe));
    return listed;
  });
  const inScope = services.filter(isServiceInScope);

  // One DescribeTaskDefinition per distinct task definition of an in-scope service.
  const taskDefinitionArns = uniqueTaskDefinitionArns(inScope);
  add(counts, 'ecs', 'DescribeTaskDefinition', taskDefinitionArns.length);
  const taskDefinitionIndex = byKey(data.ecs?.taskDefinitions, (td) => td.taskDefinitionArn);
  const taskDefinitions = taskDefinitionArns.flatMap((arn) => {
    const td = taskDefinitionIndex.get(arn);
    return td ? [td] : [];
  });

  // Container instances of the clusters whose in-scope services may run on EC2.
  const ciClusters = clustersWithContainerInstanceServices(inScope, clusters);
  const containerInstances = (data.ecs?.containerInstances ?? []).filter((ci) =>
    ciClusters.some(
      (arn) => arn.split('/').pop() === clusterNameFromArn(ci.containerInstanceArn ?? ''),
    ),
  );
  for (const clusterArn of ciClusters) {
    const listed = containerInstances.filter(
      (ci) =>
        clusterNameFromArn(ci.containerInstanceArn ?? '') === clusterArn.split('/').pop() &&
        (ci.status ?? '').toUpperCase() !== 'INACTIVE',
    ).length;
    add(counts, 'ecs', 'ListContainerInstances', pagesOf(listed, ecsLimits.listPage));
    add(
      counts,
      'ecs',
      'DescribeContainerInstances',
      ceil(listed, ecsLimits.containerInstancesPerDescribe),
    );
  }
  const collectedInstances = containerInstances.filter(
    (ci) => (ci.status ?? '').toUpperCase() !== 'INACTIVE',
  );

  // ELBv2: target groups of in-scope services → their load balancers → listeners → certificate
  // lists and rules of the listeners that need them → the SSL policies in use.
  const elbv2 = data.elbv2 ?? {};
  const targetGroupArns = targetGroupArnsOfServices(inScope);
  const allTargetGroups = elbv2.targetGroups ?? [];
  add(
    counts,
    'elasticloadbalancing',
    'DescribeTargetGroups',
    arnsOrListing(targetGroupArns.length, allTargetGroups.length),
  );
  const targetGroupIndex = byKey(allTargetGroups, (tg) => tg.TargetGroupArn);
  const targetGroups = targetGroupArns.flatMap((arn) => {
    const tg = targetGroupIndex.get(arn);
    return tg ? [tg] : [];
  });
  const allLoadBalancers = elbv2.loadBalancers ?? [];
  const existing = new Set(allLoadBalancers.map((lb) => lb.LoadBalancerArn));
  const loadBalancerArns = options.allLoadBalancers
    ? allLoadBalancers.map((lb) => lb.LoadBalancerArn ?? '')
    : loadBalancerArnsOfTargetGroups(targetGroups).filter((arn) => existing.has(arn));
  add(
    counts,
    'elasticloadbalancing',
    'DescribeLoadBalancers',
    options.allLoadBalancers
      ? pagesOf(allLoadBalancers.length, API_LIMITS.elbv2.page)
      : arnsOrListing(loadBalancerArns.length, allLoadBalancers.length),
  );
  const inScopeLbs = new Set(loadBalancerArns);
  const listeners = (elbv2.listeners ?? []).filter((l) => inScopeLbs.has(l.LoadBalancerArn ?? ''));
  for (const arn of loadBalancerArns) {
    const own = listeners.filter((l) => l.LoadBalancerArn === arn).length;
    add(counts, 'elasticloadbalancing', 'DescribeListeners', pagesOf(own, API_LIMITS.elbv2.page));
  }
  for (const listener of listeners.filter(listenerNeedsCertificates)) {
    const certificates = elbv2.listenerCertificates?.[listener.ListenerArn ?? '']?.length ?? 0;
    add(
      counts,
      'elasticloadbalancing',
      'DescribeListenerCertificates',
      pagesOf(certificates, API_LIMITS.elbv2.page),
    );
  }
  for (const listener of listeners.filter(listenerNeedsRules)) {
    const rules = elbv2.rules?.[listener.ListenerArn ?? '']?.length ?? 0;
    add(counts, 'elasticloadbalancing', 'DescribeRules', pagesOf(rules, API_LIMITS.elbv2.page));
  }
  const policies = new Set(
    listeners.filter(isTlsTerminatingListener).flatMap((l) => (l.SslPolicy ? [l.SslPolicy] : [])),
  );
  add(
    counts,
    'elasticloadbalancing',
    'DescribeSSLPolicies',
    policies.size === 0 ? 0 : pagesOf(policies.size, API_LIMITS.elbv2.page),
  );
  // Trust stores of the listeners that verify client certificates, 20 ARNs a call.
  const verifying = new Set(
    listeners.flatMap((l) =>
      (l.MutualAuthentication?.Mode ?? '').toLowerCase() === 'verify' &&
      l.MutualAuthentication?.TrustStoreArn
        ? [l.MutualAuthentication.TrustStoreArn]
        : [],
    ),
  );
  add(
    counts,
    'elasticloadbalancing',
    'DescribeTrustStores',
    ceil(verifying.size, API_LIMITS.elbv2.arnsPerDescribe),
  );

  // Classic Load Balancers: the names in-scope services give, 20 a call; the policies of each
  // one with an HTTPS or SSL listener, one call each.
  const classicNames = new Set(
    inScope.flatMap((s) => (s.loadBalancers ?? []).map((lb) => lb.loadBalancerName ?? '')),
  );
  classicNames.delete('');
  const classic = (data.elb?.loadBalancers ?? []).filter((lb) =>
    classicNames.has(lb.LoadBalancerName ?? ''),
  );
  add(
    counts,
    'elb',
    'DescribeLoadBalancers',
    ceil(classicNames.size, API_LIMITS.elb.namesPerDescribe),
  );
  add(
    counts,
    'elb',
    'DescribeLoadBalancerPolicies',
    classic.filter((lb) =>
      (lb.ListenerDescriptions ?? []).some((d) =>
        ['HTTPS', 'SSL'].includes((d.Listener?.Protocol ?? '').toUpperCase()),
      ),
    ).length,
  );

  // VPC Lattice, from the raw data: the distinct target groups the PRIMARY and ACTIVE deployments
  // of in-scope services name. Two or more of this account and region: ListTargetGroups of the IP
  // ones (pages of 100, in the account's order) while those named and not yet listed outnumber the
  // pages read, then a GetTargetGroup for each named one not listed; one alone: GetTargetGroup.
  // ListListeners (pages of 100) per Lattice service
  // those target groups serve; GetListener per listener that is neither HTTPS nor TLS_PASSTHROUGH;
  // for those whose default action does not forward to every in-scope target group of their
  // service, ListRules (pages of 100; the emulator lists the non-default rules, AWS adds the default
  // one) and one GetRule per non-default rule.
  const lattice = data.vpcLattice ?? {};
  const latticeArns = new Set(
    inScope.flatMap((s) =>
      (s.deployments ?? [])
        .filter((d) => ['PRIMARY', 'ACTIVE'].includes((d.status ?? '').toUpperCase()))
        .flatMap((d) => (d.vpcLatticeConfigurations ?? []).map((v) => v.targetGroupArn ?? '')),
    ),
  );
  latticeArns.delete('');
  const ownLattice = [...latticeArns].filter((arn) => {
    const [, , , arnRegion, arnAccount] = arn.split(':');
    return arnRegion === region && arnAccount === accountId;
  });
  if (ownLattice.length >= 2) {
    const ip = (lattice.targetGroups ?? []).filter((tg) => tg.type === 'IP');
    const unlisted = new Set(ownLattice);
    let read = 0;
    do {
      for (const tg of ip.slice(
        read * API_LIMITS.vpcLattice.page,
        (read + 1) * API_LIMITS.vpcLattice.page,
      )) {
        unlisted.delete(tg.arn ?? '');
      }
      read += 1;
    } while (read * API_LIMITS.vpcLattice.page < ip.length && unlisted.size > read);
    add(counts, 'vpc-lattice', 'ListTargetGroups', read);
    add(
      counts,
      'vpc-lattice',
      'GetTargetGroup',
      latticeArns.size - (ownLattice.length - unlisted.size),
    );
  } else {
    add(counts, 'vpc-lattice', 'GetTargetGroup', latticeArns.size);
  }
  const latticeGroups = (lattice.targetGroups ?? []).filter((tg) => latticeArns.has(tg.arn ?? ''));
  const servedBy = new Map<string, typeof latticeGroups>();
  for (const tg of latticeGroups) {
    for (const arn of tg.serviceArns ?? []) servedBy.set(arn, [...(servedBy.get(arn) ?? []), tg]);
  }
  for (const [serviceArn, served] of servedBy) {
    const own = lattice.listeners?.[serviceArn] ?? [];
    add(counts, 'vpc-lattice', 'ListListeners', pagesOf(own.length, API_LIMITS.vpcLattice.page));
    for (const listener of own) {
      if (['HTTPS', 'TLS_PASSTHROUGH'].includes((listener.protocol ?? '').toUpperCase())) continue;
      add(counts, 'vpc-lattice', 'GetListener', 1);
      const key = listener.arn ?? '';
      const targets = (
        (
          lattice.defaultActions?.[key] as {
            forward?: { targetGroups?: { targetGroupIdentifier?: string }[] };
          }
        )?.forward?.targetGroups ?? []
      ).map((g) => g.targetGroupIdentifier);
      if (served.every((tg) => targets.includes(tg.id) || targets.includes(tg.arn))) continue;
      const rules = (lattice.rules?.[key] ?? []).filter((rule) => rule.isDefault !== true);
      add(counts, 'vpc-lattice', 'ListRules', pagesOf(rules.length, API_LIMITS.vpcLattice.page));
      add(counts, 'vpc-lattice', 'GetRule', rules.length);
    }
  }

  // ACM: the distinct ACM certificates of in-scope TLS listeners (default and SNI; ELBv2 and
  // Classic).
  const certificateArns = new Set([
    ...certificateArnsOfListeners({ listeners, listenerCertificates: elbv2.listenerCertificates }),
    ...certificateArnsOfClassic({ loadBalancers: classic }),
  ]);
  // One named: DescribeCertificate. More: ListCertificates pages of every certificate of the region
  // (all key types and origins asked for), then DescribeCertificate for each named one the listing
  // lacks (ResourceNotFound) or whose names it cuts at 100 (or gives none of).
  if (certificateArns.size === 1) add(counts, 'acm', 'DescribeCertificate', 1);
  if (certificateArns.size > 1) {
    const certificates = byKey(data.acm?.certificates, (c) => c.CertificateArn);
    add(counts, 'acm', 'ListCertificates', pagesOf(certificates.size, API_LIMITS.acm.listPage));
    const describe = [...certificateArns].filter((arn) => {
      const names = certificates.get(arn)?.SubjectAlternativeNames;
      return names === undefined || names.length > API_LIMITS.acm.namesListed;
    });
    add(counts, 'acm', 'DescribeCertificate', describe.length);
  }

  // EC2: subnets of awsvpc services, instances of container instances, endpoints of their VPCs.
  const subnetIds = [...new Set(inScope.flatMap(subnetIdsOfService))];
  add(counts, 'ec2', 'DescribeSubnets', ceil(subnetIds.length, ec2Limits.filterValues));
  const instanceIds = [
    ...new Set(
      collectedInstances
        .filter(isHostingContainerInstance)
        .flatMap((ci) => (ci.ec2InstanceId ? [ci.ec2InstanceId] : [])),
    ),
  ];
  add(counts, 'ec2', 'DescribeInstances', ceil(instanceIds.length, ec2Limits.filterValues));
  const placement = placeServicesInVpcs({
    services: inScope,
    clusters: byKey(clusters, (c) => c.clusterArn),
    containerInstances: collectedInstances,
    subnets: byKey(data.ec2?.subnets, (s) => s.SubnetId),
    instances: byKey(data.ec2?.instances, (i) => i.InstanceId),
  });
  const vpcIds = placement.vpcs.map((v) => v.vpcId);
  for (let i = 0; i < vpcIds.length; i += ec2Limits.filterValues) {
    const chunk = new Set(vpcIds.slice(i, i + ec2Limits.filterValues));
    const endpoints = (data.ec2?.vpcEndpoints ?? []).filter((e) => chunk.has(e.VpcId ?? '')).length;
    add(counts, 'ec2', 'DescribeVpcEndpoints', pagesOf(endpoints, ec2Limits.page));
  }

  // App Mesh (discontinued on 2026-09-30): the meshes the in-scope task definitions point at
  // (Envoy's APPMESH_* variables naming a node or gateway of a mesh in this region), each described
  // by name and owner (a referenced mesh that does not exist costs its DescribeMesh only); every
  // mesh, listed, with allMeshes. Then each described mesh's nodes and gateways, one by one.
  const appmesh = data.appmesh ?? {};
  const ownerOf = (item: { metadata?: { meshOwner?: string } }) =>
    item.metadata?.meshOwner ?? accountId;
  const meshKey = (meshName: string | undefined, owner: string) => `${meshName}\u0000${owner}`;
  let meshes = appmesh.meshes ?? [];
  if (options.allMeshes) {
    add(counts, 'appmesh', 'ListMeshes', pagesOf(meshes.length, meshLimits.page));
    add(counts, 'appmesh', 'DescribeMesh', meshes.length);
  } else {
    // The variable's older form names no owner: the mesh is the account's own.
    const referenced = new Set(
      appMeshTargetsOf(taskDefinitions)
        .filter((t) => t.region === undefined || t.region === region)
        .map((t) => meshKey(t.meshName, t.meshOwner ?? accountId)),
    );
    add(counts, 'appmesh', 'DescribeMesh', referenced.size);
    meshes = meshes.filter((m) => referenced.has(meshKey(m.meshName, ownerOf(m))));
  }
  const described = new Set(meshes.map((m) => meshKey(m.meshName, ownerOf(m))));
  const ofDescribedMesh = (item: { meshName?: string; metadata?: { meshOwner?: string } }) =>
    described.has(meshKey(item.meshName, ownerOf(item)));
  const nodes = (appmesh.virtualNodes ?? []).filter(ofDescribedMesh);
  const gateways = (appmesh.virtualGateways ?? []).filter(ofDescribedMesh);
  for (const mesh of meshes) {
    const key = meshKey(mesh.meshName, ownerOf(mesh));
    const own = <T extends { meshName?: string; metadata?: { meshOwner?: string } }>(items: T[]) =>
      items.filter((item) => meshKey(item.meshName, ownerOf(item)) === key).length;
    add(counts, 'appmesh', 'ListVirtualNodes', pagesOf(own(nodes), meshLimits.page));
    add(counts, 'appmesh', 'ListVirtualGateways', pagesOf(own(gateways), meshLimits.page));
  }
  add(counts, 'appmesh', 'DescribeVirtualNode', nodes.length);
  add(counts, 'appmesh', 'DescribeVirtualGateway', gateways.length);
  // Exemption tags: one GetResources sweep over the region's load balancers, target groups, VPCs
  // and App Mesh resources that carry the exemption tag key (whether in scope or not), 100 a page,
  // in a region with an in-scope service or a described load balancer or mesh.
  const describes =
    inScope.length > 0 ||
    loadBalancerArns.length + targetGroups.length > 0 ||
    meshes.length + nodes.length + gateways.length > 0;
  if (tags && describes) {
    const carriesKey = (tags: readonly { Key?: string; key?: string }[] | undefined) =>
      (tags ?? []).some((tag) => (tag.Key ?? tag.key) === EXEMPT_TAG);
    const exempt =
      Object.values(data.elbv2?.tags ?? {}).filter(carriesKey).length +
      (data.ec2?.vpcs ?? []).filter((vpc) => carriesKey(vpc.Tags)).length +
      Object.values(appmesh.tags ?? {}).filter(carriesKey).length;
    add(counts, 'tagging', 'GetResources', pagesOf(exempt, API_LIMITS.tagging.resourcesPerPage));
  }

  // SSM: referenced parameters, 50 names a filter (and a page); Secrets Manager: one per secret.
  const parameterNames = referencedParameterNames(taskDefinitions, region, accountId);
  add(
    counts,
    'ssm',
    'DescribeParameters',
    ceil(parameterNames.length, API_LIMITS.ssm.namesPerFilter),
  );
  // Secrets Manager: the region's own referenced secrets, when two or more, listed by name (10
  // names a call, pages of the secrets whose names start with one of them, case-sensitive); then
  // one DescribeSecret for each reference no listed secret answers, and for every other one.
  const home = { region, accountId };
  const references = referencedSecretsIn(taskDefinitions, home).filter((s) => s.region === region);
  const listable = listableSecrets(references, home);
  const regionSecrets = data.secretsManager?.secrets ?? [];
  const names = [...new Set(listable.map(listedNameOf))].sort();
  for (let i = 0; i < names.length; i += API_LIMITS.secretsManager.namesPerListing) {
    const prefixes = names.slice(i, i + API_LIMITS.secretsManager.namesPerListing);
    const matched = regionSecrets.filter((secret) =>
      prefixes.some((p) => (secret.Name ?? '').startsWith(p)),
    ).length;
    add(counts, 'secretsmanager', 'ListSecrets', pagesOf(matched, API_LIMITS.secretsManager.page));
  }
  const answered = (reference: (typeof references)[number]) =>
    listable.includes(reference) && regionSecrets.some((s) => describesSecret(s, reference));
  add(
    counts,
    'secretsmanager',
    'DescribeSecret',
    references.filter((reference) => !answered(reference)).length,
  );
  return counts;
};

/**
 * The minimum collection calls of a whole snapshot: STS GetCallerIdentity (unless the account is
 * known), then every region.
 */
export const minCalls = (snapshot: Snapshot, options: MinCallsOptions = {}): CallCounts => {
  const counts: CallCounts = options.accountKnown ? {} : { sts: { GetCallerIdentity: 1 } };
  for (const [region, data] of Object.entries(snapshot.regions)) {
    for (const [service, ops] of Object.entries(
      regionMinCalls(region, data, snapshot.accountId, options),
    )) {
      for (const [operation, calls] of Object.entries(ops)) add(counts, service, operation, calls);
    }
  }
  return counts;
};

/**
 * Security Hub's minimum for one publish: GetFindings pages of our ACTIVE findings, at least one
 * page a filter; and BatchImportFindings of 100 findings (under 6 MB) a call. A GeneratorId filter
 * takes 20 values: up to 20 check IDs are one filter; more are matched by their `<service>_`
 * prefixes, 20 prefixes a filter. `existingByCheck`: the ACTIVE findings already there, by check ID.
 */
export const securityHubMinCalls = (input: {
  checkIds: readonly string[];
  existingByCheck?: Readonly<Record<string, number>>;
  importedFindings: number;
}): CallCounts => {
  const { filterValues, getFindingsPage, findingsPerImport } = API_LIMITS.securityHub;
  const serviceOf = (id: string) => id.slice(0, id.indexOf('_') + 1);
  const services = [...new Set(input.checkIds.map(serviceOf))];
  const groups =
    input.checkIds.length <= filterValues
      ? [input.checkIds]
      : Array.from({ length: ceil(services.length, filterValues) }, (_, g) => {
          const inGroup = services.slice(g * filterValues, (g + 1) * filterValues);
          return input.checkIds.filter((id) => inGroup.includes(serviceOf(id)));
        });
  const pages = groups.map((group) => {
    const existing = group.reduce((n, id) => n + (input.existingByCheck?.[id] ?? 0), 0);
    return Math.max(1, ceil(existing, getFindingsPage));
  });
  const counts: CallCounts = {};
  add(
    counts,
    'securityhub',
    'GetFindings',
    pages.reduce((a, b) => a + b, 0),
  );
  add(
    counts,
    'securityhub',
    'BatchImportFindings',
    ceil(input.importedFindings, findingsPerImport),
  );
  return counts;
};

/** ACTIVE findings by check ID (GeneratorId): what `securityHubMinCalls` reads back. */
export const activeFindingsByCheck = (
  findings: readonly { GeneratorId?: string; RecordState?: string }[],
): Record<string, number> => {
  const byCheck: Record<string, number> = {};
  for (const f of findings)
    if (f.RecordState === 'ACTIVE' && f.GeneratorId)
      byCheck[f.GeneratorId] = (byCheck[f.GeneratorId] ?? 0) + 1;
  return byCheck;
};

export const totalCalls = (counts: CallCounts): number =>
  Object.values(counts).reduce((n, ops) => n + Object.values(ops).reduce((a, b) => a + b, 0), 0);

/** Both counts together. */
export const sumCalls = (...all: CallCounts[]): CallCounts => {
  const out: CallCounts = {};
  for (const counts of all)
    for (const [service, ops] of Object.entries(counts))
      for (const [operation, calls] of Object.entries(ops)) add(out, service, operation, calls);
  return out;
};
