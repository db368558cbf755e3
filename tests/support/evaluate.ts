// Test helpers: evaluate one check over a hand-written region snapshot.

import { DEFAULT_CONFIG, type ScanConfig } from '../../lib/config.ts';
import type { Check } from '../../lib/evaluate/check.ts';
import { buildInventory, type Inventory } from '../../lib/evaluate/inventory/inventory.ts';
import { detectCredentials } from '../../lib/evaluate/secrets/detect.ts';
import { type CheckResult, SEVERITIES } from '../../lib/model.ts';
import type { RegionSnapshot } from '../../lib/snapshot/types.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const NOW = new Date('2026-11-28T12:00:00.000Z');

export const inventoryOf = async (
  data: RegionSnapshot,
  config: ScanConfig = DEFAULT_CONFIG,
): Promise<Inventory> =>
  detectCredentials(
    buildInventory({ accountId: ACCOUNT, partition: 'aws', region: REGION }, data, config),
  );

export const runCheck = async (
  check: Check,
  data: RegionSnapshot,
  options: { config?: Partial<ScanConfig>; now?: Date } = {},
): Promise<CheckResult[]> => {
  const config = { ...DEFAULT_CONFIG, ...options.config };
  const inventory = await inventoryOf(data, config);
  const results = check.evaluate({ inventory, config, now: options.now ?? NOW });
  assertNoneAboveTheCheck(check, results);
  return results;
};

/**
 * docs/checks.md says a FAILED result carries its check's severity or a lower one: every check
 * test that goes through runCheck holds the check to it.
 */
export const assertNoneAboveTheCheck = (check: Check, results: readonly CheckResult[]): void => {
  const highest = SEVERITIES.indexOf(check.metadata.severity);
  const above = results.filter(
    (r) => r.status === 'FAILED' && SEVERITIES.indexOf(r.severity) > highest,
  );
  if (above.length) {
    throw new Error(
      `${check.metadata.id} (severity ${check.metadata.severity}) reported FAILED ${above.map((r) => r.severity).join(', ')}`,
    );
  }
};

/** One result by resource ARN suffix, for table tests. */
export const resultFor = (results: CheckResult[], arnSuffix: string): CheckResult | undefined =>
  results.find((r) => r.resource.arn.endsWith(arnSuffix));

// Builders for the few fields tests set; everything else is as AWS would leave it out.
export const arn = {
  cluster: (name = 'prod') => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${name}`,
  service: (name: string, cluster = 'prod') =>
    `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${name}`,
  taskDefinition: (familyRevision: string) =>
    `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${familyRevision}`,
  containerInstance: (id: string, cluster = 'prod') =>
    `arn:aws:ecs:${REGION}:${ACCOUNT}:container-instance/${cluster}/${id}`,
  secret: (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}`,
  parameter: (path: string) =>
    `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${path.replace(/^\//, '')}`,
  loadBalancer: (name: string, type: 'app' | 'net' = 'app') =>
    `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/${type}/${name}/50dc6c495c0c9188`,
  listener: (lb: string, id: string, type: 'app' | 'net' = 'app') =>
    `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/${type}/${lb}/50dc6c495c0c9188/${id}`,
  targetGroup: (name: string) =>
    `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}/73e2d6bc24d8a067`,
  certificate: (id: string) => `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/${id}`,
  mesh: (name: string) => `arn:aws:appmesh:${REGION}:${ACCOUNT}:mesh/${name}`,
  virtualNode: (mesh: string, name: string) =>
    `arn:aws:appmesh:${REGION}:${ACCOUNT}:mesh/${mesh}/virtualNode/${name}`,
  virtualGateway: (mesh: string, name: string) =>
    `arn:aws:appmesh:${REGION}:${ACCOUNT}:mesh/${mesh}/virtualGateway/${name}`,
};
