// Fail closed as a property (issue 10): for every operation a clean scan calls, and for each
// service, one fault at a time; then, finding by finding, Security Hub still says what the clean
// scan said or NOT_AVAILABLE, nothing new is conclusive, and the next clean scan converges back.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateAccount, SIZES } from '../bench/generate.ts';
import type { Emulator, FaultConfig } from '../emulator/api.ts';
import { startEmulator } from '../emulator/server.ts';
import { COLLECTED_OPERATIONS } from '../lib/publish/scope.ts';
import { loadSnapshotFile, parseSnapshot } from '../lib/snapshot/load.ts';
import { COLLECTED_SERVICES, type Snapshot } from '../lib/snapshot/types.ts';
import {
  differences,
  failClosedViolations,
  type HeldFinding,
  heldFindings,
  scanAndPublish,
  seedSecurityHub,
} from './support/failClosed.ts';

const DEMO = new URL('../examples/demo-account.json', import.meta.url).pathname;
const T0 = new Date('2026-11-28T12:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

/**
 * Operations called only for what a bulk listing did not answer (a secret, a certificate, then
 * described one by one): a fault on one reaches it only with its listing refused as well.
 */
const LISTING_OF: Record<string, string> = {
  'secretsmanager:DescribeSecret': 'secretsmanager:ListSecrets',
  'acm:DescribeCertificate': 'acm:ListCertificates',
  'vpc-lattice:GetTargetGroup': 'vpc-lattice:ListTargetGroups',
};

/** The faults, with the listing refused that would otherwise answer for the operation. */
const reaching = (operation: string, faults: FaultConfig): FaultConfig => {
  const listing = LISTING_OF[operation];
  return listing ? { ...faults, accessDenied: [...(faults.accessDenied ?? []), listing] } : faults;
};

/** The collector operations an emulator was called with (Security Hub and STS left out). */
const collectorCalls = (emulator: Emulator): string[] =>
  Object.entries(emulator.calls())
    .filter(([service]) => service !== 'securityhub' && service !== 'sts')
    .flatMap(([service, byOperation]) =>
      Object.entries(byOperation)
        .filter(([, count]) => count > 0)
        .map(([op]) => `${service}:${op}`),
    )
    .sort();

/**
 * An account under test: Security Hub after one clean scan of it (its findings, and by ID), every
 * operation that scan called, and the fault runs against a fresh emulator seeded with that state.
 */
const accountUnderTest = (
  load: () => Promise<Snapshot> | Snapshot,
  /** The faulted scan judges and publishes in stages, as the Lambda worker does. */
  { staged = false } = {},
) => {
  const state = {
    account: undefined as unknown as Snapshot,
    regions: [] as string[],
    cleanFindings: [] as AwsSecurityFinding[],
    clean: new Map<string, HeldFinding>(),
    operations: [] as string[],
    /** The operations a scan calls when the listings refuse (those of LISTING_OF) too. */
    reachable: [] as string[],
  };
  const start = async () => {
    const emulator = await startEmulator({ accounts: [state.account] });
    started.push(emulator);
    return emulator;
  };
  beforeAll(async () => {
    state.account = await load();
    state.regions = Object.keys(state.account.regions);
    const emulator = await startEmulator({ accounts: [state.account] });
    try {
      await scanAndPublish(emulator, state.regions, { now: T0 });
      state.clean = heldFindings(emulator);
      state.cleanFindings = emulator.securityHubFindings();
      state.operations = collectorCalls(emulator);
      emulator.resetCalls();
      emulator.setFaults({ accessDenied: Object.values(LISTING_OF) });
      await scanAndPublish(emulator, state.regions, { now: T0 });
      state.reachable = [...new Set([...state.operations, ...collectorCalls(emulator)])].sort();
    } finally {
      await emulator.close();
    }
  });
  /** A fresh emulator whose Security Hub holds what the clean scan published. */
  const afterCleanScan = async () => {
    const emulator = await start();
    await seedSecurityHub(emulator, state.cleanFindings);
    return emulator;
  };
  /**
   * Clean state, faulted scan, clean scan: the property's violations and the convergence gaps,
   * and the collector operations the faulted scan called (a fault on one it never called proves nothing).
   */
  const underFault = async (faults: FaultConfig) => {
    const emulator = await afterCleanScan();
    emulator.setFaults(faults);
    await scanAndPublish(emulator, state.regions, { now: later(10), staged });
    const faulted = heldFindings(emulator);
    const called = collectorCalls(emulator);
    emulator.setFaults({});
    await scanAndPublish(emulator, state.regions, { now: later(20) });
    return {
      violations: failClosedViolations(state.clean, faulted),
      notConverged: differences(state.clean, heldFindings(emulator)),
      called,
    };
  };
  return { state, afterCleanScan, underFault };
};

/**
 * Every collected operation with each kind of answer a call can fail with after its retries; the
 * network failures (a reset connection, no answer) take one path whatever the operation, and are
 * tried per service below.
 */
const failing = (operation: string): [string, FaultConfig, string][] =>
  (
    [
      [`AccessDenied on ${operation}`, { accessDenied: [operation] }],
      [`throttling past the retries on ${operation}`, { throttle: [operation] }],
      [`500 on ${operation}`, { errors: [{ operation, code: 'InternalFailure', status: 500 }] }],
    ] satisfies [string, FaultConfig][]
  ).map(([name, faults]) => [name, reaching(operation, faults), operation]);

/** "Does not exist" for one item that a collected resource references (its first call). */
const NOT_FOUND: [string, string, number][] = [
  ['ecs:DescribeTaskDefinition', 'ClientException', 400],
  ['acm:DescribeCertificate', 'ResourceNotFoundException', 400],
  ['secretsmanager:DescribeSecret', 'ResourceNotFoundException', 400],
  ['elasticloadbalancing:DescribeTargetGroups', 'TargetGroupNotFound', 400],
  ['elasticloadbalancing:DescribeListeners', 'LoadBalancerNotFound', 400],
  ['elasticloadbalancing:DescribeSSLPolicies', 'SSLPolicyNotFound', 400],
  ['appmesh:DescribeMesh', 'NotFoundException', 404],
  ['appmesh:DescribeVirtualNode', 'NotFoundException', 404],
  ['appmesh:DescribeVirtualGateway', 'NotFoundException', 404],
];

/** Every service the collectors call but STS (the account's identity, asked before any fault). */
const SERVICES = COLLECTED_SERVICES.filter((service) => service !== 'sts');

/** ListMeshes is called only with allMeshes: the scan knows its meshes from the task definitions. */
const UNREACHED_DEMO = ['appmesh:ListMeshes'];
/** The generator makes no Classic Load Balancer (the demo account has them). */
const UNREACHED_GENERATED = [
  'appmesh:ListMeshes',
  'elb:DescribeLoadBalancerPolicies',
  'elb:DescribeLoadBalancers',
];

const demo = accountUnderTest(() => loadSnapshotFile(DEMO));
const { afterCleanScan } = demo;
const regions = () => demo.state.regions;

/** The property over one account: every operation and kind of failure, each service, not-found. */
const holdsOn = (
  name: string,
  account: ReturnType<typeof accountUnderTest>,
  /** The kinds of failure tried on every operation (each operation costs a scan per kind). */
  /** The collector operations this account never makes a scan call (the cases on them prove nothing here). */
  unreached: readonly string[],
  kinds: (operation: string) => [string, FaultConfig, string][] = failing,
) =>
  describe(`fail closed on ${name}`, () => {
    it('calls only operations the table knows, and all of them but those it has nothing for', () => {
      const { operations, reachable, clean } = account.state;
      expect(operations.filter((op) => !COLLECTED_OPERATIONS.includes(op))).toEqual([]);
      expect(COLLECTED_OPERATIONS.filter((op) => !reachable.includes(op)).sort()).toEqual(
        [...unreached].sort(),
      );
      expect(clean.size).toBeGreaterThan(50);
    });

    it.each(COLLECTED_OPERATIONS.flatMap(kinds))(
      'holds with %s',
      async (_name, faults, operation) => {
        const { violations, notConverged, called } = await account.underFault(faults);
        expect(violations).toEqual([]);
        expect(notConverged).toEqual([]);
        if (!unreached.includes(operation)) expect(called).toContain(operation);
      },
    );

    it.each(NOT_FOUND)(
      'holds when %s answers %s for one referenced item',
      async (operation, code, status) => {
        const { violations, notConverged, called } = await account.underFault(
          reaching(operation, { errors: [{ operation, code, status, count: 1 }] }),
        );
        expect(violations).toEqual([]);
        expect(notConverged).toEqual([]);
        expect(called).toContain(operation);
      },
    );

    it.each(SERVICES)('holds with a connection of %s reset once', async (service) => {
      const { violations, notConverged } = await account.underFault({
        reset: [{ operation: service, count: 1 }],
      });
      expect(violations).toEqual([]);
      expect(notConverged).toEqual([]);
    });

    it.each(SERVICES)('holds when a call of %s never answers (it times out)', async (service) => {
      const { violations, notConverged } = await account.underFault({
        hang: [{ operation: service, count: 1 }],
      });
      expect(violations).toEqual([]);
      expect(notConverged).toEqual([]);
    });

    it.each(SERVICES)('holds with %s unreachable (connections reset)', async (service) => {
      const { violations, notConverged } = await account.underFault({ unreachable: [service] });
      expect(violations).toEqual([]);
      expect(notConverged).toEqual([]);
    });
  });

holdsOn('the demo account', demo, UNREACHED_DEMO);
// Another shape of account; the kinds of failure beyond AccessDenied take the same code paths,
// tried on the demo account above.
holdsOn(
  'a generated account',
  accountUnderTest(() => generateAccount(SIZES.small)),
  UNREACHED_GENERATED,
  (operation) => failing(operation).slice(0, 1),
);

// The worker's way: stages published while the rest still collects. A failure of any operation
// must hold back exactly the checks that read what it would have collected.
holdsOn(
  'the demo account judged in stages, as the worker scans',
  accountUnderTest(() => loadSnapshotFile(DEMO), { staged: true }),
  UNREACHED_DEMO,
  (operation) => failing(operation).slice(0, 1),
);

describe('fail closed when a snapshot file is published', () => {
  it('holds when a snapshot taken while calls failed is published from its file', async () => {
    // Prepare: the snapshot is taken with DescribeTaskDefinition and Secrets Manager denied, written
    // as the CLI writes it and read back; Security Hub holds the clean scan's findings.
    const emulator = await afterCleanScan();
    emulator.setFaults({
      accessDenied: ['ecs:DescribeTaskDefinition', 'secretsmanager'],
    });
    const throughFile = (snapshot: Snapshot) =>
      parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'p.json');

    // Act: the faults are gone, but the file remembers what was not seen.
    await scanAndPublish(emulator, regions(), { now: later(10), snapshot: throughFile });

    // Assess
    expect(failClosedViolations(demo.state.clean, heldFindings(emulator))).toEqual([]);
  });

  it('holds when a snapshot@1 file, which does not say what failed, is published', async () => {
    const emulator = await afterCleanScan();
    emulator.setFaults({ accessDenied: ['secretsmanager'] });
    const asV1 = ({ failures: _, ...snapshot }: Snapshot) =>
      parseSnapshot(
        { ...JSON.parse(JSON.stringify(snapshot)), format: 'ecs-encryption-scanner/snapshot@1' },
        'old.json',
      );

    await scanAndPublish(emulator, regions(), { now: later(10), snapshot: asV1 });

    expect(failClosedViolations(demo.state.clean, heldFindings(emulator))).toEqual([]);
  });
});

describe('fail closed where a failure names its item', () => {
  const PAYMENTS = 'arn:aws:ecs:us-east-1:111122223333:task-definition/service-payments:7';
  const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:service/payments/db-Xy7Qp2';
  const WEB =
    'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/elb-web/3f9c2a7d41b6e805';
  const [L1, L2] = [`${WEB}/7b1e4c9a2f60d3e8`, `${WEB}/1a5d8f2c7e93b046`];
  const ofResource = (state: Map<string, HeldFinding>, arn: string) =>
    [...state].filter(([id]) => id.endsWith(`/${arn}`) || id.includes(`/${arn}`));
  const withoutListener = (arn: string) => (snapshot: Snapshot) => {
    const elbv2 = snapshot.regions['us-east-1']?.elbv2;
    if (elbv2?.listeners) elbv2.listeners = elbv2.listeners.filter((l) => l.ListenerArn !== arn);
    if (elbv2?.rules) delete elbv2.rules[arn];
    if (elbv2?.listenerCertificates) delete elbv2.listenerCertificates[arn];
    return snapshot;
  };

  it('keeps the findings of a revision a service runs, and of its secret, when ECS answers ClientException for it', async () => {
    // Prepare
    const emulator = await afterCleanScan();
    emulator.setFaults({
      errors: [
        {
          operation: 'ecs:DescribeTaskDefinition',
          match: PAYMENTS,
          code: 'ClientException',
          status: 400,
        },
      ],
    });

    // Act
    const scan = await scanAndPublish(emulator, regions(), { now: later(10) });

    // Assess: a failure naming the revision, and Security Hub as the clean scan left it.
    expect(scan.collectionFailures).toContainEqual(
      expect.objectContaining({
        operation: 'DescribeTaskDefinition',
        items: expect.arrayContaining([PAYMENTS]),
      }),
    );
    const held = heldFindings(emulator);
    const touched = [
      ...ofResource(demo.state.clean, PAYMENTS),
      ...ofResource(demo.state.clean, SECRET),
    ];
    expect(touched.length).toBeGreaterThan(2);
    expect(
      touched.filter(
        ([id, f]) => held.get(id)?.status !== f.status || held.get(id)?.record !== 'ACTIVE',
      ),
    ).toEqual([]);
  });

  it("archives a deleted listener's findings while another listener's rules cannot be described, and keeps that one's", async () => {
    // Prepare: DescribeRules is denied for L1 only; L2 is deleted.
    const emulator = await afterCleanScan();
    emulator.setFaults({
      accessDenied: [{ operation: 'elasticloadbalancing:DescribeRules', match: L1 }],
    });

    // Act
    await scanAndPublish(emulator, regions(), { now: later(10), snapshot: withoutListener(L2) });
    const held = heldFindings(emulator);

    // Assess
    expect(ofResource(demo.state.clean, L2).length).toBeGreaterThan(0);
    expect(ofResource(held, L2).map(([, f]) => f.record)).toEqual(
      ofResource(demo.state.clean, L2).map(() => 'ARCHIVED'),
    );
    expect(ofResource(held, L1).map(([, f]) => [f.record, f.status])).toEqual(
      ofResource(demo.state.clean, L1).map(([, f]) => ['ACTIVE', f.status]),
    );
  });

  it('archives the findings of a listener deleted after an outage left them NOT_AVAILABLE', async () => {
    // Prepare: an outage of L1's rules, then L1 is deleted.
    const emulator = await afterCleanScan();
    emulator.setFaults({
      accessDenied: [{ operation: 'elasticloadbalancing:DescribeRules', match: L1 }],
    });
    await scanAndPublish(emulator, regions(), { now: later(10) });
    emulator.setFaults({});

    // Act
    await scanAndPublish(emulator, regions(), { now: later(20), snapshot: withoutListener(L1) });

    // Assess
    const held = heldFindings(emulator);
    expect(ofResource(held, L1).length).toBeGreaterThan(0);
    expect(ofResource(held, L1).filter(([, f]) => f.record !== 'ARCHIVED')).toEqual([]);
  });
});
