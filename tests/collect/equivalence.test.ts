// snapshot → emulator → collectors → snapshot: a live scan of the emulator serving a snapshot file
// finds exactly what `scan --snapshot` finds on that file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../emulator/api.ts';
import { createClients } from '../../lib/aws/regionClients.ts';
import { runCli } from '../../lib/cli/main.ts';
import { collectRegion } from '../../lib/collect/collect.ts';
import { listenerNeedsRules } from '../../lib/collect/elbv2.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import type { CheckResult } from '../../lib/model.ts';
import { loadSnapshotFile } from '../../lib/snapshot/load.ts';
import type { CollectionFailure, RegionSnapshot, Snapshot } from '../../lib/snapshot/types.ts';
import { asCollectedCertificate, CREDENTIALS, memoryLogger, NOW, start } from './support.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'examples', 'demo-account.json');
const dir = mkdtempSync(join(tmpdir(), 'equivalence-'));

const cli = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    now: () => NOW,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

const byKey = (a: CheckResult, b: CheckResult) =>
  `${a.checkId} ${a.resource.arn}`.localeCompare(`${b.checkId} ${b.resource.arn}`);

/** The identifier of the items of each list section. */
const IDS: Record<string, (item: Record<string, unknown>) => unknown> = {
  'ecs.clusters': (i) => i.clusterArn,
  'ecs.services': (i) => i.serviceArn,
  'ecs.taskDefinitions': (i) => i.taskDefinitionArn,
  'ecs.containerInstances': (i) => i.containerInstanceArn,
  'elbv2.loadBalancers': (i) => i.LoadBalancerArn,
  'elbv2.listeners': (i) => i.ListenerArn,
  'elbv2.targetGroups': (i) => i.TargetGroupArn,
  'elbv2.sslPolicies': (i) => i.Name,
  'ec2.vpcEndpoints': (i) => i.VpcEndpointId,
  'ec2.subnets': (i) => i.SubnetId,
  'ec2.instances': (i) => i.InstanceId,
  'appmesh.meshes': (i) => (i.metadata as { arn?: string } | undefined)?.arn,
  'appmesh.virtualNodes': (i) => (i.metadata as { arn?: string } | undefined)?.arn,
  'appmesh.virtualGateways': (i) => (i.metadata as { arn?: string } | undefined)?.arn,
  'ec2.vpcs': (i) => i.VpcId,
  'acm.certificates': (i) => i.CertificateArn,
  'ssm.parameters': (i) => i.Name,
  'secretsManager.secrets': (i) => i.ARN,
  'vpcLattice.targetGroups': (i) => i.arn,
};

/**
 * The demo file has no `elbv2.rules` entry for two listeners whose rules the checks need (an HTTP
 * listener that redirects by default, and an NLB TLS listener): their rules were not collected
 * there, so the emulator answers DescribeRules for them with AccessDenied, and the live scan
 * records exactly these failures. Both scans report those listeners NOT_AVAILABLE.
 */
const DEMO_REGION = 'us-east-1';
const LISTENERS_WITHOUT_RULES = [
  'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/elb-web/3f9c2a7d41b6e805/9e3b7c1d5a48f260',
  'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/net/elb-stream/c41a7e9b2d5f6083/e7a3c5d9b1f2604a',
];
/** Revisions two demo services run that the account cannot describe (not in the snapshot). */
const UNDESCRIBED_REVISIONS = [
  `arn:aws:ecs:${DEMO_REGION}:111122223333:task-definition/service-search:4`,
  `arn:aws:ecs:${DEMO_REGION}:111122223333:task-definition/taskdef-report:3`,
];
const EXPECTED_FAILURES: CollectionFailure[] = [
  {
    region: DEMO_REGION,
    service: 'ecs',
    operation: 'DescribeTaskDefinition',
    errorCode: 'ClientException',
    count: UNDESCRIBED_REVISIONS.length,
    items: UNDESCRIBED_REVISIONS,
  },
  {
    region: DEMO_REGION,
    service: 'elasticloadbalancing',
    operation: 'DescribeRules',
    errorCode: 'AccessDenied',
    count: LISTENERS_WITHOUT_RULES.length,
    items: [...LISTENERS_WITHOUT_RULES].sort(),
  },
];
const EXPECTED_STDERR =
  'ecs-encryption-scanner: ecs DescribeTaskDefinition failed in us-east-1 after retries (ClientException, 2 calls); what it would have collected is left out and reported NOT_AVAILABLE.\n' +
  'ecs-encryption-scanner: elasticloadbalancing DescribeRules failed in us-east-1 after retries (AccessDenied, 2 calls); what it would have collected is left out and reported NOT_AVAILABLE.\n';

const section = (data: RegionSnapshot, path: string): unknown => {
  const [service, name] = path.split('.') as [keyof RegionSnapshot, string];
  return (data[service] as Record<string, unknown> | undefined)?.[name];
};

describe('scan over the emulator and scan --snapshot on the same file', () => {
  let emulator: Emulator;
  let demo: Snapshot;

  beforeAll(async () => {
    demo = await loadSnapshotFile(DEMO);
    emulator = await start({}, demo);
    vi.stubEnv('AWS_ENDPOINT_URL', emulator.url);
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await emulator.close();
  });

  it('lacks rules in the demo file for exactly the listeners whose DescribeRules is expected to fail', () => {
    // Prepare
    const elbv2 = demo.regions[DEMO_REGION]?.elbv2;

    // Act
    const uncollected = (elbv2?.listeners ?? [])
      .filter(listenerNeedsRules)
      .flatMap((l) => (l.ListenerArn && !elbv2?.rules?.[l.ListenerArn] ? [l.ListenerArn] : []));

    // Assess
    expect(Object.keys(demo.regions)).toEqual([DEMO_REGION]);
    expect(uncollected.sort()).toEqual([...LISTENERS_WITHOUT_RULES].sort());
  });

  it.each(['json', 'asff'])('give exactly the same findings (%s)', async (format) => {
    // Prepare
    const regions = Object.keys(demo.regions).join(',');

    // Act
    const live = await cli(['scan', '--regions', regions, '--format', format]);
    const file = await cli(['scan', '--snapshot', DEMO, '--format', format]);

    // Assess: the only difference is the recorded failures for what the file did not collect;
    // both report the demo's one malformed exemption tag (an exemption without a reason).
    expect(file.stderr).toMatch(
      /^ecs-encryption-scanner: exemption not applied: tag on \S+:task-definition\/taskdef-worker:7 [^\n]*\n$/,
    );
    expect(live.stderr).toBe(EXPECTED_STDERR + file.stderr);
    expect(live.code).toBe(file.code);
    if (format === 'asff') {
      const sortById = (text: string) =>
        (JSON.parse(text) as { Id: string }[]).sort((a, b) => a.Id.localeCompare(b.Id));
      expect(sortById(live.stdout)).toEqual(sortById(file.stdout));
      return;
    }
    const liveReport = JSON.parse(live.stdout);
    const fileReport = JSON.parse(file.stdout);
    expect(liveReport.results.length).toBeGreaterThan(50);
    expect([...liveReport.results].sort(byKey)).toEqual([...fileReport.results].sort(byKey));
    expect(liveReport.notCollected).toEqual(fileReport.notCollected);
    expect(liveReport.collectionFailures).toEqual(EXPECTED_FAILURES);
    expect(fileReport.collectionFailures).toEqual([]);
    // Both scans judge what needs those rules NOT_AVAILABLE: whether the HTTP listener forwards
    // plain HTTP through a rule, and whether the TLS listener's certificates cover its host headers.
    const needingRules = (report: { results: CheckResult[] }) =>
      report.results
        .filter(
          (r) =>
            (r.checkId === 'elbv2_listener_encrypted' &&
              r.resource.arn === LISTENERS_WITHOUT_RULES[0]) ||
            (r.checkId === 'elbv2_listener_sni_certificates_cover_hosts' &&
              r.resource.arn === LISTENERS_WITHOUT_RULES[1]),
        )
        .map((r) => [r.checkId, r.status, /rules.*not collected/.test(r.reason)]);
    expect(needingRules(liveReport)).toEqual([
      ['elbv2_listener_encrypted', 'NOT_AVAILABLE', true],
      ['elbv2_listener_sni_certificates_cover_hosts', 'NOT_AVAILABLE', true],
    ]);
    expect(needingRules(fileReport)).toEqual(needingRules(liveReport));
  });

  it('collects the served items unchanged, through clients configured only by AWS_ENDPOINT_URL', async () => {
    // Prepare: no endpoint option, the SDK reads AWS_ENDPOINT_URL.
    const [region] = Object.keys(demo.regions) as [string];
    const clients = createClients(region, { maxAttempts: 2 });
    const { logger } = memoryLogger();
    emulator.resetCalls();

    try {
      // Act
      const { snapshot, failures } = await collectRegion(clients, region, DEFAULT_CONFIG, {
        logger,
        accountId: demo.accountId,
      });

      // Assess
      expect(failures).toEqual(EXPECTED_FAILURES);
      expect(Object.keys(emulator.calls()).length).toBeGreaterThan(5);
      const served = demo.regions[region] as RegionSnapshot;
      for (const [path, id] of Object.entries(IDS)) {
        const collected = (section(snapshot, path) ?? []) as Record<string, unknown>[];
        const original = (section(served, path) ?? []) as Record<string, unknown>[];
        for (const item of collected) {
          const served = original.find((o) => id(o) === id(item));
          // DescribeTaskDefinition with include TAGS answers `tags: []` for an untagged one.
          // The snapshot keeps the fields of a certificate that ListCertificates gives too.
          const expected =
            path === 'ecs.taskDefinitions'
              ? { tags: [], ...served }
              : path === 'acm.certificates'
                ? asCollectedCertificate(served)
                : served;
          expect(item, `${path} ${String(id(item))}`).toEqual(expected);
        }
      }
      for (const path of [
        'elbv2.listenerCertificates',
        'elbv2.rules',
        'elbv2.tags',
        'vpcLattice.listeners',
        'vpcLattice.defaultActions',
        'vpcLattice.rules',
      ]) {
        const collected = (section(snapshot, path) ?? {}) as Record<string, unknown>;
        const original = (section(served, path) ?? {}) as Record<string, unknown>;
        expect(Object.keys(collected).length, path).toBeGreaterThan(0);
        for (const [arn, items] of Object.entries(collected)) {
          expect(items, `${path} ${arn}`).toEqual(original[arn]);
        }
      }
      // The tag sections hold the exempt resources only: exactly the file's (no mesh one is exempt).
      for (const path of ['elbv2.tags', 'appmesh.tags'])
        expect(section(snapshot, path), path).toEqual(section(served, path));
      // A listener without an entry in the file stays without one (not collected) here too.
      const rules = (snapshot.elbv2?.rules ?? {}) as Record<string, unknown>;
      for (const listenerArn of LISTENERS_WITHOUT_RULES)
        expect(rules).not.toHaveProperty([listenerArn]);
      // Every Lattice item of the file is read back: none is left out (a NOT_AVAILABLE-free demo).
      expect(snapshot.vpcLattice?.targetGroups).toHaveLength(
        served.vpcLattice?.targetGroups?.length ?? -1,
      );
      for (const path of ['vpcLattice.listeners', 'vpcLattice.defaultActions', 'vpcLattice.rules'])
        expect(Object.keys(section(snapshot, path) ?? {}).sort(), path).toEqual(
          Object.keys(section(served, path) ?? {}).sort(),
        );
      writeFileSync(join(dir, 'collected.json'), JSON.stringify(snapshot));
    } finally {
      clients.destroy();
    }
  });
});
