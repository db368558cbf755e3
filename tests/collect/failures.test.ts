import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator, FaultConfig } from '../../emulator/api.ts';
import type { ScanResult } from '../../lib/evaluate/evaluate.ts';
import type { CheckResult } from '../../lib/model.ts';
import type { EcsService, RegionSnapshot } from '../../lib/snapshot/types.ts';
import { arn, fixtureSnapshot, REGION } from './fixture.ts';
import { type CollectRun, collect, flatCalls, scanOf, start } from './support.ts';

const keyOf = (r: CheckResult) => `${r.checkId} ${r.resource.arn}`;

/**
 * Fail closed: every result of a degraded scan is what the complete scan says, or NOT_AVAILABLE;
 * never PASSED (or FAILED) on data that was not collected.
 */
const expectFailClosed = (degraded: ScanResult, complete: ScanResult) => {
  const truth = new Map(complete.results.map((r) => [keyOf(r), r.status]));
  const wrong = degraded.results.filter(
    (r) => r.status !== 'NOT_AVAILABLE' && truth.get(keyOf(r)) !== r.status,
  );
  expect(
    wrong.map(
      (r) => `${keyOf(r)}: ${r.status} (complete scan: ${truth.get(keyOf(r)) ?? 'absent'})`,
    ),
  ).toEqual([]);
};

const statusesOf = (scan: ScanResult, checkId: string) =>
  scan.results.filter((r) => r.checkId === checkId).map((r) => r.status);

describe('a call that fails after retries', () => {
  let emulator: Emulator;
  let complete: CollectRun;
  let completeScan: ScanResult;

  beforeAll(async () => {
    emulator = await start();
    complete = await collect(emulator);
    completeScan = await scanOf(complete);
  });
  afterAll(() => emulator.close());

  const degrade = async (faults: FaultConfig, maxAttempts = 2) => {
    emulator.setFaults(faults);
    try {
      const run = await collect(emulator, { clientOptions: { maxAttempts } });
      return { run, scan: await scanOf(run) };
    } finally {
      emulator.setFaults({});
    }
  };

  it.each<
    [
      string,
      FaultConfig,
      { service: string; operation: string; errorCode: string; count: number; items?: unknown },
      (data: RegionSnapshot) => void,
    ]
  >([
    [
      'AccessDenied on a whole service leaves its items out',
      { accessDenied: ['secretsmanager'] },
      {
        service: 'secretsmanager',
        operation: 'DescribeSecret',
        errorCode: 'AccessDeniedException',
        count: 3,
        items: expect.any(Array),
      },
      (data) => expect(data.secretsManager?.secrets).toEqual([]),
    ],
    [
      'AccessDenied on DescribeTaskDefinition leaves every task definition out',
      { accessDenied: ['ecs:DescribeTaskDefinition'] },
      {
        service: 'ecs',
        operation: 'DescribeTaskDefinition',
        errorCode: 'AccessDeniedException',
        count: 7,
        items: expect.any(Array),
      },
      (data) => {
        expect(data.ecs?.taskDefinitions).toEqual([]);
        // No described revision points at a mesh: none is in scope (their checks are incomplete).
        expect(data.appmesh).toEqual({
          meshes: [],
          virtualNodes: [],
          virtualGateways: [],
          tags: {},
        });
      },
    ],
    [
      'AccessDenied on ListServices leaves the services and all that depends on them uncollected',
      { accessDenied: ['ecs:ListServices'] },
      { service: 'ecs', operation: 'ListServices', errorCode: 'AccessDeniedException', count: 3 },
      (data) => {
        expect(data.ecs?.services).toBeUndefined();
        expect(data.ecs?.taskDefinitions).toBeUndefined();
        expect(data.elbv2).toBeUndefined();
        expect(data.ec2).toBeUndefined();
        // Which meshes are in scope is unknown without the task definitions.
        expect(data.appmesh).toBeUndefined();
        expect(data.ecs?.clusters).toHaveLength(3);
      },
    ],
    [
      'AccessDenied on DescribeListeners leaves the listeners uncollected, not empty',
      { accessDenied: ['elasticloadbalancing:DescribeListeners'] },
      {
        service: 'elasticloadbalancing',
        operation: 'DescribeListeners',
        errorCode: 'AccessDenied',
        count: 2,
      },
      (data) => {
        expect(data.elbv2?.listeners).toBeUndefined();
        expect(data.elbv2?.targetGroups).toHaveLength(2);
        // ACM still describes the certificates of the Classic listeners (the fixture has none):
        // the ELBv2 listeners' checks are NOT_AVAILABLE without their listeners anyway.
        expect(data.acm).toEqual({ certificates: [] });
      },
    ],
    [
      'AccessDenied on DescribeRules leaves only the rules out',
      { accessDenied: ['elasticloadbalancing:DescribeRules'] },
      {
        service: 'elasticloadbalancing',
        operation: 'DescribeRules',
        errorCode: 'AccessDenied',
        count: 3,
        items: expect.any(Array),
      },
      (data) => {
        expect(data.elbv2?.rules).toEqual({});
        expect(Object.keys(data.elbv2?.listenerCertificates ?? {})).toHaveLength(2);
      },
    ],
    [
      'AccessDenied on DescribeVpcEndpoints leaves the endpoints uncollected',
      { accessDenied: ['ec2:DescribeVpcEndpoints'] },
      {
        service: 'ec2',
        operation: 'DescribeVpcEndpoints',
        errorCode: 'UnauthorizedOperation',
        count: 1,
      },
      (data) => {
        expect(data.ec2?.vpcEndpoints).toBeUndefined();
        expect(data.ec2?.subnets).toHaveLength(3);
      },
    ],
    [
      'AccessDenied on ACM (ListCertificates, then DescribeCertificate) leaves the certificates out',
      { accessDenied: ['acm'] },
      {
        service: 'acm',
        operation: 'DescribeCertificate',
        errorCode: 'AccessDeniedException',
        count: 3,
        items: expect.any(Array),
      },
      (data) => expect(data.acm?.certificates).toEqual([]),
    ],
    [
      'AccessDenied on DescribeParameters leaves the parameters out',
      { accessDenied: ['ssm:DescribeParameters'] },
      {
        service: 'ssm',
        operation: 'DescribeParameters',
        errorCode: 'AccessDeniedException',
        count: 1,
        items: expect.any(Array),
      },
      (data) => expect(data.ssm?.parameters).toEqual([]),
    ],
  ])('%s, records it and completes the rest', async (_name, faults, failure, assessSnapshot) => {
    // Act
    const { run, scan } = await degrade(faults);

    // Assess
    expect(run.failures).toEqual([{ region: REGION, ...failure }]);
    assessSnapshot(run.snapshot);
    if (!['DescribeTaskDefinition', 'ListServices'].includes(failure.operation))
      expect(run.snapshot.appmesh).toEqual(complete.snapshot.appmesh);
    expect(scan.collectionFailures).toEqual(run.failures);
    // A failed ListCertificates is no collection failure (its certificates are described one by
    // one instead); its own line says so.
    const lines = run.lines.filter((l) => !l.message.startsWith('acm ListCertificates failed'));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.message).toContain(
      `${failure.service} ${failure.operation} failed in ${REGION}`,
    );
    expectFailClosed(scan, completeScan);
  });

  it('reports the rotation of secrets it could not describe as NOT_AVAILABLE', async () => {
    const { scan } = await degrade({ accessDenied: ['secretsmanager'] });

    expect(statusesOf(completeScan, 'secretsmanager_secret_rotation_enabled')).toContain('PASSED');
    expect(statusesOf(scan, 'secretsmanager_secret_rotation_enabled')).toEqual([
      'NOT_AVAILABLE',
      'NOT_AVAILABLE',
      'NOT_AVAILABLE',
    ]);
  });

  it('when the secrets listing is refused, describes them one by one and judges them the same', async () => {
    const { run, scan } = await degrade({ accessDenied: ['secretsmanager:ListSecrets'] });

    expect(run.failures.filter((f) => f.service === 'secretsmanager')).toEqual([]);
    expect(statusesOf(scan, 'secretsmanager_secret_rotation_enabled')).toEqual(
      statusesOf(completeScan, 'secretsmanager_secret_rotation_enabled'),
    );
  });

  it('when throttling outlasts the retries, records the throttled calls and fails closed', async () => {
    // Prepare: buckets at 2% of AWS's (a burst of one call), two attempts per call.
    const { run, scan } = await degrade({ throttling: true, throttleRateFactor: 0.02 });

    // Assess
    expect(Object.keys(emulator.throttled()).length).toBeGreaterThan(0);
    const codes = new Set(run.failures.map((f) => f.errorCode));
    expect(
      [...codes].every((code) =>
        [
          'ThrottlingException',
          'Throttling',
          'RequestLimitExceeded',
          'TooManyRequestsException',
        ].includes(code),
      ),
    ).toBe(true);
    expect(run.failures.length).toBeGreaterThan(0);
    expectFailClosed(scan, completeScan);
  });

  it('when every call answers 5xx, records each operation once with its count and collects nothing', async () => {
    const { run, scan } = await degrade({ serverErrorRate: 1 });

    expect(run.snapshot).toEqual({});
    // No task definition names a mesh: App Mesh is not called.
    expect(run.failures.map((f) => `${f.service}:${f.operation}`).sort()).toEqual([
      'ecs:ListClusters',
    ]);
    expect(
      run.failures.every(
        (f) =>
          f.count === 1 &&
          /InternalFailure|ServiceUnavailable|InternalServerError/.test(f.errorCode),
      ),
    ).toBe(true);
    expect(scan.notCollected.length).toBeGreaterThan(0);
    expectFailClosed(scan, completeScan);
  });

  it('when some calls answer 5xx, retries them and collects everything', async () => {
    const { run } = await degrade({ serverErrorRate: 0.2, seed: 11 }, 8);

    expect(run.failures).toEqual([]);
    expect(run.snapshot).toEqual(complete.snapshot);
  });

  it.each<[string, FaultConfig, RegExp]>([
    // The emulator's unreachable service resets the connection.
    ['unreachable', { unreachable: ['appmesh'] }, /the connection was reset \(ECONNRESET\)/],
    ['denying access', { accessDenied: ['appmesh'] }, /access denied \(ForbiddenException\)/],
  ])(
    'when App Mesh is %s while task definitions point at meshes, logs one line naming it, leaves the mesh sections out and completes the rest',
    async (_name, faults, cause) => {
      const { run, scan } = await degrade(faults);

      expect(run.snapshot.appmesh).toBeUndefined();
      const { appmesh: _, ...rest } = run.snapshot;
      const { appmesh: __, ...completeRest } = complete.snapshot;
      expect(rest).toEqual(completeRest);
      expect(new Set(run.failures.map((f) => `${f.service}:${f.operation}`))).toEqual(
        new Set([
          'appmesh:DescribeMesh',
          'appmesh:ListVirtualNodes',
          'appmesh:ListVirtualGateways',
        ]),
      );
      expect(run.lines).toHaveLength(1);
      expect(run.lines[0]?.message).toMatch(
        /^App Mesh could not be read in us-east-1 \(DescribeMesh: .*\) though in-scope task definitions point at 3 meshes; AWS App Mesh was discontinued on 2026-09-30/,
      );
      expect(run.lines[0]?.message).toMatch(cause);
      expect(
        scan.notCollected.filter((g) => g.section.startsWith('appmesh.')).map((g) => g.section),
      ).toEqual([
        'appmesh.meshes',
        'appmesh.virtualNodes',
        'appmesh.virtualGateways',
        'appmesh.tags',
      ]);
      expect(scan.results.filter((r) => r.checkId.startsWith('appmesh_'))).toEqual([]);
      expectFailClosed(scan, completeScan);
    },
  );
});

/** The fixture account with one more service, `ghost`. */
const withGhostService = (extra: Partial<EcsService>) => {
  const snapshot = fixtureSnapshot();
  (snapshot.regions[REGION] as RegionSnapshot).ecs?.services?.push({
    serviceArn: arn.service('prod', 'ghost'),
    serviceName: 'ghost',
    clusterArn: arn.cluster('prod'),
    status: 'ACTIVE',
    launchType: 'FARGATE',
    taskDefinition: arn.taskDefinition('app-1', 2),
    ...extra,
  });
  return snapshot;
};

describe('an item that does not exist', () => {
  it.each<[string, Partial<EcsService>, (run: CollectRun, calls: Record<string, number>) => void]>([
    [
      'a target group that is gone is left out: the batch is retried one by one',
      {
        loadBalancers: [
          { targetGroupArn: arn.targetGroup('gone'), containerName: 'app', containerPort: 80 },
        ],
      },
      (run, calls) => {
        expect(run.snapshot.elbv2?.targetGroups?.map((tg) => tg.TargetGroupName).sort()).toEqual([
          'tls',
          'web',
        ]);
        expect(run.snapshot.elbv2?.listeners).toHaveLength(5);
        expect(calls['elasticloadbalancing:DescribeTargetGroups']).toBe(1 + 3);
      },
    ],
  ])('%s, without a collection failure', async (_name, ghost, assess) => {
    // Prepare
    const emulator = await start({}, withGhostService(ghost));

    try {
      // Act
      const run = await collect(emulator);

      // Assess
      expect(run.failures).toEqual([]);
      expect(run.lines).toEqual([]);
      assess(run, flatCalls(emulator));
    } finally {
      await emulator.close();
    }
  });
});

describe('an answer that an item does not exist', () => {
  it('is recorded with the item, apart from the failures', async () => {
    // Prepare: a service names a target group that is gone.
    const emulator = await start(
      {},
      withGhostService({
        loadBalancers: [
          { targetGroupArn: arn.targetGroup('gone'), containerName: 'app', containerPort: 80 },
        ],
      }),
    );

    try {
      // Act
      const run = await collect(emulator);

      // Assess
      expect(run.failures).toEqual([]);
      expect(run.absent).toEqual([
        {
          region: REGION,
          service: 'elasticloadbalancing',
          operation: 'DescribeTargetGroups',
          errorCode: 'TargetGroupNotFoundException',
          items: [arn.targetGroup('gone')],
        },
      ]);
    } finally {
      await emulator.close();
    }
  });
});

describe('a failure that concerns one item', () => {
  it('leaves the services uncollected when listing them fails for one cluster', async () => {
    // Prepare: ListServices of the batch cluster fails at the client (the emulator answers all others).
    const emulator = await start();
    try {
      const run = await collect(emulator, {
        clientOptions: {},
        mutateClients: (clients) =>
          clients.ecs.middlewareStack.add(
            (next, context) => async (args) => {
              const input = args.input as { cluster?: string };
              if (
                context.commandName === 'ListServicesCommand' &&
                input.cluster === arn.cluster('batch')
              ) {
                throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
              }
              return next(args);
            },
            { step: 'initialize', name: 'failListServicesOfBatch' },
          ),
      });

      expect(run.snapshot.ecs?.services).toBeUndefined();
      expect(run.snapshot.ecs?.clusters).toHaveLength(3);
      expect(run.failures).toEqual([
        {
          region: REGION,
          service: 'ecs',
          operation: 'ListServices',
          errorCode: 'ThrottlingException',
          count: 1,
        },
      ]);
    } finally {
      await emulator.close();
    }
  });

  it('a task definition a service runs that ECS cannot describe is a collection failure naming it, not an absence', async () => {
    // Prepare: ECS keeps a revision describable while a service runs it, so an error is no answer.
    const emulator = await start(
      {},
      withGhostService({ taskDefinition: arn.taskDefinition('gone', 1) }),
    );

    try {
      // Act
      const run = await collect(emulator);

      // Assess
      expect(run.failures).toEqual([
        {
          region: REGION,
          service: 'ecs',
          operation: 'DescribeTaskDefinition',
          errorCode: 'ClientException',
          count: 1,
          items: [arn.taskDefinition('gone', 1)],
        },
      ]);
      expect(run.snapshot.ecs?.taskDefinitions).toHaveLength(7);
    } finally {
      await emulator.close();
    }
  });
});
