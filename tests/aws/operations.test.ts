// The operations table is every AWS operation the scanner calls, and only those: every SDK command
// and paginator the product code imports is a row (read from the sources), a full collection of
// the demo account and a run of the Lambda functions against the emulator call only rows, and the
// emulator (an implementation of its own) throttles each row at the row's documented rate.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallCounts, EmulatedService, Emulator } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import { SERVICES } from '../../emulator/services/index.ts';
import { createPlannerHandler } from '../../handlers/planner.ts';
import { createWorkerHandler } from '../../handlers/worker.ts';
import {
  GRANTS,
  iamPrefixOf,
  MEMBER_ROLE_GRANTS,
  OPERATIONS,
  operationOf,
  rateOf,
} from '../../lib/aws/operations.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import * as io from '../../lib/scan/io.ts';
import { takeSnapshot } from '../../lib/scan/snapshot.ts';
import { loadSnapshotFile } from '../../lib/snapshot/load.ts';
import { ALL_SECTIONS } from '../../lib/snapshot/sections.ts';
import {
  type Captured,
  capturePowertools,
  DEPLOYMENT_ACCOUNT,
  lambdaContext,
  MEMBER_ACCOUNT,
  REGION,
  receiveBatch,
  sampleEvent,
  startBench,
} from '../handlers/support.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DEMO = join(ROOT, 'examples', 'demo-account.json');
const CREDENTIALS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' };
/** The product code: what the CLI and the Lambda functions run. */
const PRODUCT_TREES = ['lib', 'handlers'];

const key = (op: { service: string; operation: string }) => `${op.service}:${op.operation}`;
const TABLE = OPERATIONS.map(key).sort();
const notInTable = (calls: readonly { service: string; operation: string }[]): string[] =>
  [...new Set(calls.filter((c) => !operationOf(c.service, c.operation)).map(key))].sort();

// The product code's SDK calls, read from its sources ----------------------------------------------

/** Each AWS SDK v3 client package the product code may import, and its service's signing name. */
const SERVICE_OF_PACKAGE: Record<string, string> = {
  '@aws-sdk/client-acm': 'acm',
  '@aws-sdk/client-app-mesh': 'appmesh',
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-ecs': 'ecs',
  // Classic (2012-06-01) signs as elasticloadbalancing too; the table keys its API as `elb`.
  '@aws-sdk/client-elastic-load-balancing': 'elb',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-organizations': 'organizations',
  '@aws-sdk/client-resource-groups-tagging-api': 'tagging',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-securityhub': 'securityhub',
  '@aws-sdk/client-sqs': 'sqs',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-vpc-lattice': 'vpc-lattice',
};

interface SdkCall {
  service: string;
  operation: string;
  file: string;
}

interface SdkScan {
  calls: SdkCall[];
  /** What would call AWS past the table's view: unknown packages, aggregated clients, dynamic imports. */
  problems: string[];
}

/** `DescribeClustersCommand` and `paginateDescribeClusters` name the operation DescribeClusters. */
const operationNamed = (name: string): string | undefined =>
  /^paginate([A-Z]\w*)$/.exec(name)?.[1] ?? /^([A-Z]\w*)Command$/.exec(name)?.[1];

const isClientPackage = (specifier: string) => specifier.startsWith('@aws-sdk/client-');

/**
 * The operations one source file can send: every value import (or re-export) of a `*Command` or a
 * `paginate*` from an `@aws-sdk/client-*` package, named or through a namespace import.
 * `isAggregatedClient(package, name)`: whether a name is a package's aggregated client (`ECS`,
 * whose methods send commands this reading cannot see).
 */
const sdkCallsIn = (
  file: string,
  text: string,
  isAggregatedClient: (pkg: string, name: string) => boolean,
): SdkScan => {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const calls: SdkCall[] = [];
  const problems: string[] = [];
  const namespaces = new Map<string, string>();
  const imported = (pkg: string, name: string) => {
    const service = SERVICE_OF_PACKAGE[pkg];
    if (!service) {
      problems.push(`${file}: ${pkg} is not in SERVICE_OF_PACKAGE (add its signing name)`);
      return;
    }
    const operation = operationNamed(name);
    if (operation) calls.push({ service, operation, file });
    else if (isAggregatedClient(pkg, name)) {
      problems.push(`${file}: ${name} of ${pkg} is an aggregated client (send commands instead)`);
    }
  };
  for (const statement of source.statements) {
    const specifier =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier.text
        : undefined;
    if (!specifier || !isClientPackage(specifier)) continue;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) problems.push(`${file}: a default import of ${specifier}`);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) namespaces.set(bindings.name.text, specifier);
      else if (bindings) {
        for (const element of bindings.elements) {
          if (!element.isTypeOnly) imported(specifier, (element.propertyName ?? element.name).text);
        }
      }
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          if (!element.isTypeOnly) imported(specifier, (element.propertyName ?? element.name).text);
        }
      } else problems.push(`${file}: a wholesale re-export of ${specifier}`);
    }
  }
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const pkg = namespaces.get(node.expression.text);
      if (pkg) imported(pkg, node.name.text);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (!argument || !ts.isStringLiteral(argument) || isClientPackage(argument.text)) {
        problems.push(`${file}: a dynamic import of ${argument?.getText(source) ?? 'nothing'}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { calls, problems };
};

const sourcesUnder = (folder: string): string[] =>
  readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file));

/** A package's aggregated clients: each class `X` beside its bare client `XClient`. */
const aggregatedClients = new Map<string, Set<string>>();
const loadAggregatedClients = async () => {
  for (const pkg of Object.keys(SERVICE_OF_PACKAGE)) {
    const exports = (await import(pkg)) as Record<string, unknown>;
    aggregatedClients.set(
      pkg,
      new Set(
        Object.keys(exports).filter(
          (name) => typeof exports[name] === 'function' && `${name}Client` in exports,
        ),
      ),
    );
  }
};
const isAggregatedClient = (pkg: string, name: string) =>
  aggregatedClients.get(pkg)?.has(name) ?? false;

describe('reading the SDK calls of a source', () => {
  beforeAll(loadAggregatedClients, 60_000);

  it('finds a command or paginator that is not in the table, so the test below fails for it', () => {
    // Prepare: a collector that calls an operation the table lacks.
    const text = [
      "import { DescribeClustersCommand, DescribeFakeThingsCommand, paginateListFakeThings } from '@aws-sdk/client-ecs';",
      'await ecs.send(new DescribeClustersCommand({}));',
      'await ecs.send(new DescribeFakeThingsCommand({}));',
      'for await (const page of paginateListFakeThings({ client: ecs }, {})) void page;',
    ].join('\n');

    // Act
    const { calls, problems } = sdkCallsIn('lib/collect/fake.ts', text, isAggregatedClient);

    // Assess
    expect(calls.map(key)).toEqual([
      'ecs:DescribeClusters',
      'ecs:DescribeFakeThings',
      'ecs:ListFakeThings',
    ]);
    expect(notInTable(calls)).toEqual(['ecs:DescribeFakeThings', 'ecs:ListFakeThings']);
    expect(problems).toEqual([]);
  });

  it('reads aliased, namespace and re-exported commands, and skips type-only imports', () => {
    // Prepare
    const text = [
      "import { DescribeRegionsCommand as Regions, type DescribeVpcsCommandOutput } from '@aws-sdk/client-ec2';",
      "import type { PurgeQueueCommand } from '@aws-sdk/client-sqs';",
      "import * as sqs from '@aws-sdk/client-sqs';",
      "export { GetFindingsCommand } from '@aws-sdk/client-securityhub';",
      "import { ServiceField } from '@aws-sdk/client-ecs';",
      'await client.send(new sqs.DeleteQueueCommand({}));',
      'await client.send(new Regions({}));',
    ].join('\n');

    // Act
    const { calls, problems } = sdkCallsIn('lib/x.ts', text, isAggregatedClient);

    // Assess
    expect(calls.map(key).sort()).toEqual([
      'ec2:DescribeRegions',
      'securityhub:GetFindings',
      'sqs:DeleteQueue',
    ]);
    expect(problems).toEqual([]);
  });

  it('refuses what it cannot read: an unknown service, an aggregated client, a dynamic import', () => {
    // Prepare
    const text = [
      "import { InvokeCommand } from '@aws-sdk/client-lambda';",
      "import { ECS } from '@aws-sdk/client-ecs';",
      "const { STSClient } = await import('@aws-sdk/client-sts');",
      'await new ECS({}).describeClusters({});',
    ].join('\n');

    // Act
    const { calls, problems } = sdkCallsIn('lib/x.ts', text, isAggregatedClient);

    // Assess
    expect(calls).toEqual([]);
    expect(problems).toEqual([
      'lib/x.ts: @aws-sdk/client-lambda is not in SERVICE_OF_PACKAGE (add its signing name)',
      'lib/x.ts: ECS of @aws-sdk/client-ecs is an aggregated client (send commands instead)',
      "lib/x.ts: a dynamic import of '@aws-sdk/client-sts'",
    ]);
  });
});

describe('the operations table', () => {
  let scans: SdkScan[];

  beforeAll(async () => {
    await loadAggregatedClients();
    scans = PRODUCT_TREES.flatMap(sourcesUnder).map((file) =>
      sdkCallsIn(file, readFileSync(join(ROOT, file), 'utf8'), isAggregatedClient),
    );
  }, 60_000);

  it('has a row for every SDK command and paginator the product code imports', () => {
    // Prepare
    const calls = scans.flatMap((s) => s.calls);

    // Assess
    expect(scans.flatMap((s) => s.problems)).toEqual([]);
    expect(calls.length).toBeGreaterThan(0);
    expect(notInTable(calls)).toEqual([]);
  });

  it('has no row the product code does not call', () => {
    // Prepare
    const called = new Set(scans.flatMap((s) => s.calls).map(key));

    // Assess
    expect(TABLE.filter((row) => !called.has(row))).toEqual([]);
  });

  it('lists each operation once', () => {
    expect(new Set(TABLE).size).toBe(OPERATIONS.length);
  });

  it('gives every row an IAM action of its own service and a grant, and each grant a row', () => {
    for (const op of OPERATIONS) {
      expect(op.iamAction, key(op)).toMatch(
        new RegExp(`^${iamPrefixOf(op.service)}:[A-Z][A-Za-z]+$`),
      );
      expect(GRANTS, key(op)).toContain(op.grant);
    }
    expect(GRANTS.filter((grant) => !OPERATIONS.some((op) => op.grant === grant))).toEqual([]);
    expect(MEMBER_ROLE_GRANTS).toEqual(['ScanReadOnly', 'PublishFindings']);
  });

  it('has the collectors read only, and fill sections; no other call fills one', () => {
    for (const op of OPERATIONS) {
      expect(
        op.sections.every((s) => ALL_SECTIONS.includes(s)),
        key(op),
      ).toBe(true);
      expect(
        (op.itemSections ?? []).every((s) => op.sections.includes(s)),
        key(op),
      ).toBe(true);
      if (op.grant === 'ScanReadOnly') {
        expect(op.iamAction, key(op)).toMatch(/^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]+$/);
      } else {
        expect(op.sections, key(op)).toEqual([]);
      }
    }
  });

  it('authorizes an SQS batch with its single-message action, every other call with its own', () => {
    // IAM does not tell the ELB API versions apart: Classic's actions are elasticloadbalancing:*.
    // The tagging API signs as `tagging` and authorizes as `tag:` (iamPrefixOf).
    const renamed = OPERATIONS.filter(
      (op) => op.iamAction !== `${iamPrefixOf(op.service)}:${op.operation}`,
    ).map((op) => [key(op), op.iamAction]);
    expect(renamed).toEqual([['sqs:SendMessageBatch', 'sqs:SendMessage']]);
  });

  it('gives a row’s rate, and refuses an operation outside it', () => {
    expect(rateOf('securityhub', 'GetFindings')).toEqual({
      category: 'GetFindings',
      burst: 6,
      ratePerSecond: 3,
    });
    expect(() => rateOf('securityhub', 'BatchUpdateFindings')).toThrow(
      'securityhub:BatchUpdateFindings is not in the operations table',
    );
  });

  it.each(OPERATIONS.map((op) => [key(op), op] as const))(
    'has %s throttled by the emulator at its rate',
    (_name, op) => {
      // Prepare
      const service = SERVICES[op.service as EmulatedService];

      // Act
      const bucket = service?.operations[op.operation] ? service.bucket(op.operation) : undefined;

      // Assess
      expect(bucket).toEqual({
        category: op.rate.category,
        burst: op.rate.burst,
        rate: op.rate.ratePerSecond,
      });
    },
  );
});

// The calls the scanner makes, counted by the emulator ---------------------------------------------

const called = (calls: CallCounts): string[] =>
  Object.entries(calls)
    .flatMap(([service, operations]) =>
      Object.entries(operations)
        .filter(([, count]) => count > 0)
        .map(([operation]) => `${service}:${operation}`),
    )
    .sort();

const asCalls = (keys: readonly string[]) =>
  keys.map((k) => {
    const [service = '', operation = ''] = k.split(':');
    return { service, operation };
  });

describe('a full collection of the demo account', () => {
  let emulator: Emulator;
  let calls: string[];

  beforeAll(async () => {
    // Prepare
    const demo = await loadSnapshotFile(DEMO);
    // ListSecrets refused, so that its secrets are described one by one (the fallback's call).
    emulator = await startEmulator({
      accounts: [demo],
      maxPageSize: 2,
      faults: { accessDenied: ['secretsmanager:ListSecrets'] },
    });
    // Act
    await takeSnapshot(
      { regions: Object.keys(demo.regions) },
      {
        io,
        clients: io.createClientFactory({
          endpoint: emulator.url,
          credentials: CREDENTIALS,
          maxAttempts: 1,
        }),
        // Every listing the scanner has: ListMeshes only with allMeshes.
        config: { ...DEFAULT_CONFIG, allLoadBalancers: true, allMeshes: true },
        logger: { warn: () => {} },
      },
    );
    calls = called(emulator.calls());
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('calls only operations of the table', () => {
    expect(notInTable(asCalls(calls))).toEqual([]);
  });

  it('calls every collector operation of the table', () => {
    expect(calls).toEqual(
      OPERATIONS.filter((op) => op.grant === 'ScanReadOnly')
        .map(key)
        .sort(),
    );
  });
});

describe('the Lambda functions', () => {
  const UNREACHABLE = '999988887777';
  let calls: string[];
  let captured: Captured;

  beforeAll(async () => {
    // Prepare: an organization of the deployment account, a member account and one whose member
    // role cannot be assumed (its scan fails and is retried later).
    captured = capturePowertools();
    const bench = await startBench({
      regions: [REGION],
      organization: {
        accounts: [{ id: DEPLOYMENT_ACCOUNT }, { id: MEMBER_ACCOUNT }, { id: UNREACHABLE }],
      },
    });
    try {
      const planner = createPlannerHandler(
        bench.runtime({
          ECS_SCANNER_ORGANIZATION_MODE: 'organization',
          ECS_SCANNER_REGIONS: 'all',
        }),
      );
      const worker = createWorkerHandler(bench.runtime());

      // Act: the planner's calls, then the worker's on what it queued (not the bench's receive).
      bench.emulator.resetCalls();
      await planner(sampleEvent('schedule.json'), lambdaContext('planner'));
      const plannerCalls = called(bench.emulator.calls());
      const batch = await receiveBatch(bench);
      bench.emulator.resetCalls();
      const result = await worker(batch, lambdaContext('worker', 120_000));
      calls = [...new Set([...plannerCalls, ...called(bench.emulator.calls())])].sort();

      expect(batch.Records).toHaveLength(3);
      expect(result.batchItemFailures).toHaveLength(1);
    } finally {
      await bench.close();
      captured.restore();
    }
  }, 120_000);

  it('call only operations of the table', () => {
    expect(notInTable(asCalls(calls))).toEqual([]);
  });

  it('call every operation of the table that is not a collector’s', () => {
    const notCollectors = (keys: readonly string[]) =>
      asCalls(keys)
        .filter((c) => operationOf(c.service, c.operation)?.grant !== 'ScanReadOnly')
        .map(key);
    expect(notCollectors(calls)).toEqual(notCollectors(TABLE));
  });
});
