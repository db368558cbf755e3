// The sections of a region's snapshot. A missing one was not collected.
import type { RegionSnapshot } from './types.ts';
export const SNAPSHOT_SECTIONS = {
  ecs: ['clusters', 'services', 'taskDefinitions', 'containerInstances'],
  elbv2: [
    'loadBalancers',
    'listeners',
    'listenerCertificates',
    'rules',
    'targetGroups',
    'sslPolicies',
  ],
  ec2: ['vpcEndpoints', 'subnets', 'instances'],
  appmesh: ['meshes', 'virtualNodes', 'virtualGateways'],
  acm: ['certificates'],
  ssm: ['parameters'],
  secretsManager: ['secrets'],
} as const;

type Sections = typeof SNAPSHOT_SECTIONS;
/** `ecs.services`, `elbv2.rules`, … */
export type SnapshotSection = {
  [S in keyof Sections]: `${S}.${Sections[S][number]}`;
}[keyof Sections];

export const ALL_SECTIONS: readonly SnapshotSection[] = Object.entries(SNAPSHOT_SECTIONS).flatMap(
  ([service, sections]) => sections.map((s) => `${service}.${s}` as SnapshotSection),
);

/** A region in which every section was collected and nothing exists. */
export const emptyRegionSnapshot = (): RegionSnapshot =>
  Object.fromEntries(
    Object.entries(SNAPSHOT_SECTIONS).map(([service, sections]) => [
      service,
      Object.fromEntries(
        sections.map((s) => [s, s === 'listenerCertificates' || s === 'rules' ? {} : []]),
      ),
    ]),
  ) as RegionSnapshot;
