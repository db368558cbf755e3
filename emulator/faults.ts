// Fault and load injection: latency, AWS's token buckets, AccessDenied, 5xx at a rate (seeded, so
// that tests are repeatable) and unreachable services. Set at start (EmulatorOptions.faults, over
// the EMULATOR_* environment variables), by Emulator.setFaults, or POST /__emulator/faults.
import type { EmulatedService, FaultConfig } from './api.ts';
import type { BucketSpec } from './services/types.ts';

/**
 * The environment variables the emulator reads at start (documented in emulator/README.md):
 * EMULATOR_LATENCY_MS=50, EMULATOR_THROTTLING=1, EMULATOR_THROTTLE_RATE_FACTOR=0.5,
 * EMULATOR_ACCESS_DENIED=ecs:DescribeServices,ssm, EMULATOR_SERVER_ERROR_RATE=0.1,
 * EMULATOR_UNREACHABLE=appmesh,sqs, EMULATOR_SEED=7.
 */
export const faultsFromEnv = (env: NodeJS.ProcessEnv): FaultConfig => {
  const faults: FaultConfig = {};
  const number = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text.trim() === '') return undefined;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${text}".`);
    return value;
  };
  const list = (name: string): string[] | undefined => {
    const text = env[name]?.trim();
    return text
      ? text
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : undefined;
  };
  const latencyMs = number('EMULATOR_LATENCY_MS');
  if (latencyMs !== undefined) faults.latencyMs = latencyMs;
  const throttling = env.EMULATOR_THROTTLING?.trim().toLowerCase();
  if (throttling) faults.throttling = !['0', 'false', 'no', 'off'].includes(throttling);
  const factor = number('EMULATOR_THROTTLE_RATE_FACTOR');
  if (factor !== undefined) faults.throttleRateFactor = factor;
  const accessDenied = list('EMULATOR_ACCESS_DENIED');
  if (accessDenied) faults.accessDenied = accessDenied;
  const serverErrorRate = number('EMULATOR_SERVER_ERROR_RATE');
  if (serverErrorRate !== undefined) faults.serverErrorRate = serverErrorRate;
  const unreachable = list('EMULATOR_UNREACHABLE');
  if (unreachable) faults.unreachable = unreachable as EmulatedService[];
  const seed = number('EMULATOR_SEED');
  if (seed !== undefined) faults.seed = seed;
  return faults;
};

/** mulberry32: a small, fast, seeded PRNG (deterministic 5xx injection). */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly burst: number,
    private readonly rate: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class FaultState {
  private config: FaultConfig = {};
  private random: () => number = seededRandom(1);
  private buckets = new Map<string, TokenBucket>();

  constructor(
    config: FaultConfig,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.set(config);
  }

  set(config: FaultConfig): void {
    validate(config);
    this.config = structuredClone(config);
    this.random = seededRandom(config.seed ?? 1);
    this.buckets.clear();
  }

  get(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Refills every bucket (POST /__emulator/reset). */
  refill(): void {
    this.buckets.clear();
  }

  /** The error code for the next imported finding to refuse, while `failedFindings.count` lasts. */
  takeFailedFinding(): string | undefined {
    const failing = this.config.failedFindings;
    if (!failing || failing.count <= 0) return undefined;
    failing.count -= 1;
    return failing.errorCode;
  }

  /** The latency of a call to this service (its own, else every call's). */
  latencyMs(service?: EmulatedService): number {
    return (service && this.config.latencyByService?.[service]) ?? this.config.latencyMs ?? 0;
  }

  unreachable(service: EmulatedService): boolean {
    return this.config.unreachable?.includes(service) ?? false;
  }

  denied(service: string, operation: string | undefined): boolean {
    return (this.config.accessDenied ?? []).some(
      (entry) => entry === service || entry === `${service}:${operation}`,
    );
  }

  /** Draws a token from the call's bucket (one per account, region and category, as AWS keeps them). */
  allow(key: string, spec: BucketSpec): boolean {
    if (!this.config.throttling) return true;
    const factor = this.config.throttleRateFactor ?? 1;
    const id = `${key}/${spec.category}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = new TokenBucket(
        Math.max(1, Math.round(spec.burst * factor)),
        spec.rate * factor,
        this.clock(),
      );
      this.buckets.set(id, bucket);
    }
    return bucket.take(this.clock());
  }

  /** `undefined`, or which 5xx to answer (half InternalFailure 500, half ServiceUnavailable 503). */
  serverError(): 'internal' | 'unavailable' | undefined {
    const rate = this.config.serverErrorRate ?? 0;
    if (rate <= 0) return undefined;
    if (this.random() >= rate) return undefined;
    return this.random() < 0.5 ? 'internal' : 'unavailable';
  }
}

const validate = (config: FaultConfig): void => {
  const { latencyMs, throttleRateFactor, serverErrorRate } = config;
  if (latencyMs !== undefined && !(latencyMs >= 0)) throw new Error('latencyMs must be >= 0.');
  for (const [service, latency] of Object.entries(config.latencyByService ?? {})) {
    if (!(latency >= 0)) throw new Error(`latencyByService.${service} must be >= 0.`);
  }
  if (throttleRateFactor !== undefined && !(throttleRateFactor > 0)) {
    throw new Error('throttleRateFactor must be > 0.');
  }
  if (serverErrorRate !== undefined && !(serverErrorRate >= 0 && serverErrorRate <= 1)) {
    throw new Error('serverErrorRate must be between 0 and 1.');
  }
};
