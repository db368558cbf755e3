import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { WrongAccountError } from '../../lib/scan/errors.ts';
import * as io from '../../lib/scan/io.ts';
import { type SnapshotDependencies, takeSnapshot } from '../../lib/scan/snapshot.ts';
import {
  type Bench,
  CREDENTIALS,
  DEPLOYMENT_ACCOUNT,
  demoAccount,
  MEMBER_ACCOUNT,
  REGION,
  startBench,
} from '../handlers/support.ts';

const TASK_DEFINITION = `arn:aws:ecs:${REGION}:${DEPLOYMENT_ACCOUNT}:task-definition/service-orders:3`;
const CERTIFICATE = `arn:aws:acm:${REGION}:${DEPLOYMENT_ACCOUNT}:certificate/6f1d2c8a-4b7e-4e91-9c3a-5d8b0f2e7a14`;
const LISTENER = (path: string) =>
  `arn:aws:elasticloadbalancing:${REGION}:${DEPLOYMENT_ACCOUNT}:listener/${path}`;

/**
 * What the demo account itself does not let be collected: task definitions its services name but
 * the file lacks, and listeners without rules (the emulator answers them as AWS would a refusal).
 */
const DEMO_FAILURES = [
  {
    region: REGION,
    service: 'ecs',
    operation: 'DescribeTaskDefinition',
    errorCode: 'ClientException',
    count: 2,
    items: [
      `arn:aws:ecs:${REGION}:${DEPLOYMENT_ACCOUNT}:task-definition/service-search:4`,
      `arn:aws:ecs:${REGION}:${DEPLOYMENT_ACCOUNT}:task-definition/taskdef-report:3`,
    ],
  },
  {
    region: REGION,
    service: 'elasticloadbalancing',
    operation: 'DescribeRules',
    errorCode: 'AccessDenied',
    count: 2,
    items: [
      LISTENER('app/elb-web/3f9c2a7d41b6e805/9e3b7c1d5a48f260'),
      LISTENER('net/elb-stream/c41a7e9b2d5f6083/e7a3c5d9b1f2604a'),
    ],
  },
];

const ABSENT_CERTIFICATE = {
  region: REGION,
  service: 'acm',
  operation: 'DescribeCertificate',
  errorCode: 'ResourceNotFoundException',
  items: [
    `arn:aws:acm:${REGION}:${DEPLOYMENT_ACCOUNT}:certificate/4a8c2e6f-9d1b-4c73-a5e8-3b7f1d9c2e56`,
  ],
};

/** Items the demo account's resources name that do not exist (answered so, not failures). */
const DEMO_ABSENT = [
  ABSENT_CERTIFICATE,
  {
    region: REGION,
    service: 'elasticloadbalancing',
    operation: 'DescribeTargetGroups',
    errorCode: 'TargetGroupNotFoundException',
    items: [
      `arn:aws:elasticloadbalancing:${REGION}:${DEPLOYMENT_ACCOUNT}:targetgroup/elb-legacy-canary/9f2d6b8e4a1c7035`,
    ],
  },
  {
    region: REGION,
    service: 'elasticloadbalancing',
    operation: 'DescribeSSLPolicies',
    errorCode: 'SSLPolicyNotFoundException',
    items: ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Ext3-2026-05'],
  },
];

/** Failures or absences in a stable order: a region's calls run concurrently. */
const ordered = <
  T extends { region: string; service: string; operation: string; errorCode: string },
>(
  records: readonly T[] | undefined,
): T[] =>
  [...(records ?? [])].sort((a, b) =>
    [a.region, a.service, a.operation, a.errorCode]
      .join(' ')
      .localeCompare([b.region, b.service, b.operation, b.errorCode].join(' ')),
  );

describe('takeSnapshot', () => {
  let bench: Bench;
  let deps: SnapshotDependencies;

  beforeAll(async () => {
    // The member account is a copy of the demo account in GovCloud's partition, whatever its ARNs say.
    bench = await startBench({}, [
      demoAccount(),
      { ...demoAccount(MEMBER_ACCOUNT), partition: 'aws-us-gov' },
    ]);
    deps = {
      io,
      clients: bench.runtime().clients,
      config: DEFAULT_CONFIG,
      logger: { warn: () => {} },
    };
  });
  afterAll(() => bench.close());
  beforeEach(() => bench.emulator.resetCalls());
  afterEach(() => bench.emulator.setFaults({}));

  it('collects every requested region of the account STS names, in the current format', async () => {
    // Act
    const snapshot = await takeSnapshot({ regions: [REGION, 'eu-west-1'] }, deps);

    // Assess
    expect(snapshot).toMatchObject({
      format: 'ecs-encryption-scanner/snapshot@2',
      accountId: DEPLOYMENT_ACCOUNT,
      partition: 'aws',
    });
    expect(Object.keys(snapshot.regions)).toEqual([REGION, 'eu-west-1']);
    expect(ordered(snapshot.failures)).toEqual(ordered(DEMO_FAILURES));
    expect(ordered(snapshot.absent)).toEqual(ordered(DEMO_ABSENT));
    // us-east-1 holds the demo account's resources; eu-west-1, where it has nothing, none.
    const demo = demoAccount().regions[REGION];
    const usEast1 = snapshot.regions[REGION];
    expect(usEast1?.ecs?.services?.map((s) => s.serviceArn).sort()).toEqual(
      demo?.ecs?.services?.map((s) => s.serviceArn).sort(),
    );
    expect(usEast1?.elbv2?.loadBalancers).toHaveLength(demo?.elbv2?.loadBalancers?.length ?? -1);
    expect(usEast1?.acm?.certificates).toHaveLength(demo?.acm?.certificates?.length ?? -1);
    expect(snapshot.regions['eu-west-1']?.ecs?.services).toEqual([]);
    expect(snapshot.regions['eu-west-1']?.elbv2?.loadBalancers).toEqual([]);
    // One identity for the whole snapshot, asked in the first region.
    expect(bench.emulator.calls().sts).toEqual({ GetCallerIdentity: 1 });
  });

  it('names the account and partition of the caller the credentials reach, not of the regions scanned', async () => {
    // Prepare: keys of a role in the member account.
    const sts = new STSClient({
      region: REGION,
      endpoint: bench.emulator.url,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    const { Credentials } = await sts
      .send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws-us-gov:iam::${MEMBER_ACCOUNT}:role/ecs-encryption-scanner-member`,
          RoleSessionName: 'snapshot-test',
        }),
      )
      .finally(() => sts.destroy());
    const credentials = {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken,
    };

    // Act
    const snapshot = await takeSnapshot({ regions: [REGION], credentials }, deps);

    // Assess
    expect(snapshot).toMatchObject({ accountId: MEMBER_ACCOUNT, partition: 'aws-us-gov' });
    expect(snapshot.regions[REGION]?.ecs?.services?.[0]?.serviceArn).toContain(
      `:${MEMBER_ACCOUNT}:service/`,
    );
  });

  it('records the calls that failed, with their region, service, operation and code, and still collects the rest', async () => {
    // Prepare
    bench.emulator.setFaults({
      errors: [
        {
          operation: 'ecs:DescribeTaskDefinition',
          match: TASK_DEFINITION,
          code: 'ServerException',
          status: 500,
        },
      ],
    });

    // Act
    const snapshot = await takeSnapshot({ regions: [REGION, 'eu-west-1'] }, deps);

    // Assess
    expect(ordered(snapshot.failures)).toEqual(
      ordered([
        {
          region: REGION,
          service: 'ecs',
          operation: 'DescribeTaskDefinition',
          errorCode: 'ServerException',
          count: 1,
          items: [TASK_DEFINITION],
        },
        ...DEMO_FAILURES,
      ]),
    );
    const taskDefinitions = snapshot.regions[REGION]?.ecs?.taskDefinitions ?? [];
    expect(taskDefinitions.map((t) => t.taskDefinitionArn)).not.toContain(TASK_DEFINITION);
    expect(taskDefinitions.length).toBeGreaterThan(0);
  });

  it('records a failed listing in each region it failed in, in the order of the regions', async () => {
    // Prepare
    bench.emulator.setFaults({ accessDenied: ['ecs:ListClusters'] });

    // Act
    const snapshot = await takeSnapshot({ regions: ['eu-west-1', REGION] }, deps);

    // Assess: a listing names no items; what is found from the clusters is not collected, App
    // Mesh included (the meshes in scope are those the task definitions point at).
    const refused = (region: string) => ({
      region,
      service: 'ecs',
      operation: 'ListClusters',
      errorCode: 'AccessDeniedException',
      count: 1,
    });
    expect(snapshot.failures).toEqual([refused('eu-west-1'), refused(REGION)]);
    expect(Object.keys(snapshot.regions)).toEqual(['eu-west-1', REGION]);
    expect(snapshot.regions[REGION]?.ecs).toBeUndefined();
    expect(snapshot.regions[REGION]?.elbv2).toBeUndefined();
    expect(snapshot.regions[REGION]?.appmesh).toBeUndefined();
  });

  it('records the items answered as not existing in absent, not in failures', async () => {
    // Prepare: without ListCertificates the certificates are described one by one, and one of
    // them is answered as not existing.
    bench.emulator.setFaults({
      accessDenied: ['acm:ListCertificates'],
      errors: [
        {
          operation: 'acm:DescribeCertificate',
          match: CERTIFICATE,
          code: 'ResourceNotFoundException',
          status: 400,
        },
      ],
    });

    // Act
    const snapshot = await takeSnapshot({ regions: [REGION] }, deps);

    // Assess
    expect(ordered(snapshot.failures)).toEqual(ordered(DEMO_FAILURES));
    expect(ordered(snapshot.absent)).toEqual(
      ordered([
        ...DEMO_ABSENT.filter((a) => a !== ABSENT_CERTIFICATE),
        { ...ABSENT_CERTIFICATE, items: [...ABSENT_CERTIFICATE.items, CERTIFICATE].sort() },
      ]),
    );
    expect(snapshot.regions[REGION]?.acm?.certificates?.map((c) => c.CertificateArn)).not.toContain(
      CERTIFICATE,
    );
  });

  it('collects nothing when the credentials reach another account than the one asked for', async () => {
    // Act
    const result = takeSnapshot({ regions: [REGION], accountId: MEMBER_ACCOUNT }, deps);

    // Assess
    await expect(result).rejects.toThrow(WrongAccountError);
    expect(bench.emulator.calls()).toEqual({ sts: { GetCallerIdentity: 1 } });
  });
});
