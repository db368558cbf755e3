// Collector tests run the real SDK clients against the local emulator.

import { onTestFinished } from 'vitest';
import { checks as allChecks } from '../../checks/registry.ts';
import type { Emulator, EmulatorOptions } from '../../emulator/api.ts';
import { startEmulator } from '../../emulator/server.ts';
import {
  type ClientOptions,
  createClients,
  type RegionClients,
} from '../../lib/aws/regionClients.ts';
import {
  categoryLimiters,
  collectRegion,
  DEFAULT_CONCURRENCY,
  type RegionCollection,
} from '../../lib/collect/collect.ts';
import { FailureRecorder } from '../../lib/collect/failures.ts';
import type { CollectOptions, Logger, RegionContext } from '../../lib/collect/types.ts';
import { DEFAULT_CONFIG, type ScanConfig } from '../../lib/config.ts';
import { evaluateSnapshot, type ScanResult } from '../../lib/evaluate/evaluate.ts';
import type { Snapshot } from '../../lib/snapshot/types.ts';
import { ACCOUNT, fixtureSnapshot, REGION } from './fixture.ts';

/** The emulator answers any signature; the key only selects the default account. */
export const CREDENTIALS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' };

export const NOW = new Date('2026-11-28T12:00:00.000Z');

export const start = (
  options: Partial<EmulatorOptions> = {},
  snapshot: Snapshot = fixtureSnapshot(),
) => startEmulator({ accounts: [snapshot], ...options });

export const memoryLogger = () => {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = { warn: (message, fields) => lines.push({ message, fields }) };
  return { logger, lines };
};

export interface CollectRun extends RegionCollection {
  lines: { message: string; fields?: Record<string, unknown> }[];
}

/** Collects one region of the emulator's default account with clients pointed at it explicitly. */
export const collect = async (
  emulator: Emulator,
  options: {
    region?: string;
    config?: Partial<ScanConfig>;
    clientOptions?: ClientOptions;
    /** E.g. a middleware that fails one request the emulator cannot single out. */
    mutateClients?: (clients: RegionClients) => void;
    onProgress?: CollectOptions['onProgress'];
  } = {},
): Promise<CollectRun> => {
  const clientOptions = {
    endpoint: emulator.url,
    credentials: CREDENTIALS,
    maxAttempts: 2,
    ...options.clientOptions,
  };
  const created: RegionClients[] = [];
  const clientsFor = (region: string) => {
    const clients = createClients(region, clientOptions);
    options.mutateClients?.(clients);
    created.push(clients);
    return clients;
  };
  const { logger, lines } = memoryLogger();
  try {
    const region = options.region ?? REGION;
    const result = await collectRegion(
      clientsFor(region),
      region,
      { ...DEFAULT_CONFIG, ...options.config },
      {
        logger,
        accountId: ACCOUNT,
        clientsFor,
        onProgress: options.onProgress,
      },
    );
    return { ...result, lines };
  } finally {
    for (const clients of created) clients.destroy();
  }
};

/** Evaluates one collected region as `scan` would. */
export const scanOf = (run: RegionCollection, region = REGION): Promise<ScanResult> =>
  evaluateSnapshot(
    {
      format: 'ecs-encryption-scanner/snapshot@2',
      failures: [],
      accountId: ACCOUNT,
      partition: 'aws',
      regions: { [region]: run.snapshot },
    },
    DEFAULT_CONFIG,
    NOW,
    allChecks,
    { collectionFailures: run.failures },
  );

/** `service:Operation` → calls, flattened from the emulator's counts. */
export const flatCalls = (emulator: Emulator): Record<string, number> =>
  Object.fromEntries(
    Object.entries(emulator.calls()).flatMap(([service, ops]) =>
      Object.entries(ops).map(([op, n]) => [`${service}:${op}`, n] as const),
    ),
  );

/**
 * What a collector of one region is handed, for unit tests of one collector module: real SDK
 * clients pointed at the emulator (closed when the test ends) and a fresh failure record.
 */
export const regionContext = (
  emulator: Emulator,
  options: { region?: string; maxAttempts?: number } = {},
): RegionContext => {
  const region = options.region ?? REGION;
  const clients = createClients(region, {
    endpoint: emulator.url,
    credentials: CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 2,
    pacing: false,
  });
  onTestFinished(() => clients.destroy());
  return {
    region,
    accountId: ACCOUNT,
    clients,
    failures: new FailureRecorder(region),
    limit: categoryLimiters(DEFAULT_CONCURRENCY),
  };
};

/**
 * DescribeCertificate's fields that ListCertificates' summary lacks (or shapes otherwise): the
 * snapshot keeps neither, so that a certificate reads the same whichever call found it.
 */
const DESCRIBE_ONLY_CERTIFICATE_FIELDS = [
  'DomainValidationOptions',
  'Serial',
  'Subject',
  'Issuer',
  'SignatureAlgorithm',
  'InUseBy',
  'FailureReason',
  'KeyUsages',
  'ExtendedKeyUsages',
  'Options',
  'RenewalSummary',
  'CertificateAuthorityArn',
  'RevocationReason',
];

/** A served certificate as the collectors keep it in the snapshot. */
export const asCollectedCertificate = (served: unknown): unknown =>
  served &&
  Object.fromEntries(
    Object.entries(served as Record<string, unknown>).filter(
      ([key]) => !DESCRIBE_ONLY_CERTIFICATE_FIELDS.includes(key),
    ),
  );
