// Fault and load injection: latency, AWS's token buckets, AccessDenied, 5xx at a rate (seeded, so
// that tests are repeatable), unreachable services, and per-call faults (throttling, an error of a
// chosen code, a hang, a connection reset, short pages) selected by service, operation, request
// text and count. Set at start (EmulatorOptions.faults, over the EMULATOR_* environment variables),
// by Emulator.setFaults, or POST /__emulator/faults.
import type {
  EmulatedService,
  ErrorFault,
  FaultConfig,
  FaultSelector,
  FaultTarget,
} from './api.ts';
import type { BucketSpec } from './services/types.ts';

/**
 * The environment variables the emulator reads at start (documented in emulator/README.md):
 * EMULATOR_LATENCY_MS=50, EMULATOR_THROTTLING=1, EMULATOR_THROTTLE_RATE_FACTOR=0.5,
 * EMULATOR_ACCESS_DENIED=ecs:DescribeServices,ssm, EMULATOR_SERVER_ERROR_RATE=0.1,
 * EMULATOR_UNREACHABLE=appmesh,sqs, EMULATOR_SEED=7, EMULATOR_THROTTLE=ecs:DescribeTaskDefinition,
 * EMULATOR_HANG=appmesh:ListMeshes, EMULATOR_RESET=sts, EMULATOR_SHORT_PAGES=tagging:GetResources,
 * EMULATOR_ERRORS='[{"operation":"ecs:DescribeServices","code":"ServerException","status":500}]'.
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
  const throttle = list('EMULATOR_THROTTLE');
  if (throttle) faults.throttle = throttle;
  const hang = list('EMULATOR_HANG');
  if (hang) faults.hang = hang;
  const reset = list('EMULATOR_RESET');
  if (reset) faults.reset = reset;
  const shortPages = list('EMULATOR_SHORT_PAGES');
  if (shortPages) faults.shortPages = shortPages;
  const errors = env.EMULATOR_ERRORS?.trim();
  if (errors) {
    try {
      faults.errors = JSON.parse(errors) as ErrorFault[];
    } catch {
      throw new Error(`EMULATOR_ERRORS must be a JSON array of error faults, got "${errors}".`);
    }
  }
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

/** A call as fault selectors see it; `text` is the request's body, path and query, decoded. */
export interface FaultCall {
  service: string;
  operation: string | undefined;
  text: () => string;
}

const targetOf = (selector: FaultSelector): FaultTarget =>
  typeof selector === 'string' ? { operation: selector } : selector;

/** Whether a selector hits a call (without consuming its count). */
const selects = (selector: FaultSelector, call: FaultCall): boolean => {
  const { operation, match, count } = targetOf(selector);
  if (count !== undefined && count <= 0) return false;
  if (operation !== call.service && operation !== `${call.service}:${call.operation}`) return false;
  return match === undefined || call.text().includes(match);
};

/** The first selector that hits the call, its count taken down by one. */
const take = <S extends FaultSelector>(
  selectors: S[] | undefined,
  call: FaultCall,
): S | undefined => {
  const selector = selectors?.find((candidate) => selects(candidate, call));
  if (selector !== undefined && typeof selector !== 'string' && selector.count !== undefined) {
    selector.count -= 1;
  }
  return selector;
};

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
};

/** What `match` searches: the body as sent and decoded (query protocols), the path and query decoded. */
export const requestText = (request: {
  path: string;
  query: URLSearchParams;
  body: string;
}): string =>
  [request.body, decode(request.body), decode(request.path), ...request.query.values()].join('\n');

export class FaultState {
  private config: FaultConfig = {};
  private random: () => number = seededRandom(1);
  private buckets = new Map<string, TokenBucket>();

  /**
   * `known` says which services and operations exist (for `kind`, the fault a selector is for: the
   * operations that take it), so that a misspelt selector is refused.
   */
  constructor(
    config: FaultConfig,
    private readonly clock: () => number = () => performance.now(),
    private readonly known?: Known,
  ) {
    this.set(config);
  }

  set(config: FaultConfig): void {
    validate(config, this.known);
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

  denied(call: FaultCall): boolean {
    return take(this.config.accessDenied, call) !== undefined;
  }

  /** Whether to answer the service's throttling error whatever its buckets hold. */
  throttled(call: FaultCall): boolean {
    return take(this.config.throttle, call) !== undefined;
  }

  /** The error to answer, if an error fault hits the call. */
  error(call: FaultCall): ErrorFault | undefined {
    return take(this.config.errors, call);
  }

  /** Whether to accept the call and never answer it. */
  hangs(call: FaultCall): boolean {
    return take(this.config.hang, call) !== undefined;
  }

  /** Whether to destroy the connection without an answer. */
  resets(call: FaultCall): boolean {
    return take(this.config.reset, call) !== undefined;
  }

  /** Whether to answer this page short (one item, or an empty page before the last). */
  shortPage(call: FaultCall): boolean {
    return take(this.config.shortPages, call) !== undefined;
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

/** The fault kinds that take selectors. */
export type SelectorKind = 'accessDenied' | 'throttle' | 'hang' | 'reset' | 'errors' | 'shortPages';

/** Whether the emulator answers `service[:operation]` (and, for `kind`, whether it takes that fault). */
export type Known = (service: string, operation: string | undefined, kind: SelectorKind) => boolean;

const validate = (config: FaultConfig, known?: Known): void => {
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
  const kinds: SelectorKind[] = [
    'accessDenied',
    'throttle',
    'hang',
    'reset',
    'errors',
    'shortPages',
  ];
  for (const kind of kinds) {
    const selectors: unknown = config[kind];
    if (selectors === undefined) continue;
    if (!Array.isArray(selectors)) throw new Error(`${kind} must be an array.`);
    selectors.forEach((selector: unknown, index) => {
      validateSelector(`${kind}[${index}]`, selector, kind === 'errors');
      const { operation } = targetOf(selector as FaultSelector);
      const [service = '', name] = operation.split(':');
      if (known && !known(service, name, kind)) {
        throw new Error(
          kind === 'shortPages' && known(service, name, 'hang')
            ? `${kind}[${index}]: the emulator answers no short pages for ${operation}.`
            : `${kind}[${index}]: the emulator answers no ${operation}.`,
        );
      }
    });
  }
};

const SELECTOR = /^[a-z0-9-]+(:[A-Za-z0-9]+)?$/;

const validateSelector = (where: string, selector: unknown, isError: boolean): void => {
  if (typeof selector === 'string' && !isError) {
    if (!SELECTOR.test(selector)) throw new Error(`${where} must be service or service:Operation.`);
    return;
  }
  if (typeof selector !== 'object' || selector === null) {
    throw new Error(`${where} must be ${isError ? 'an object' : 'a string or an object'}.`);
  }
  const { operation, match, count, code, status, message } = selector as Partial<ErrorFault>;
  if (typeof operation !== 'string' || !SELECTOR.test(operation)) {
    throw new Error(`${where}.operation must be service or service:Operation.`);
  }
  if (match !== undefined && (typeof match !== 'string' || match === '')) {
    throw new Error(`${where}.match must be a non-empty string.`);
  }
  if (count !== undefined && !(Number.isInteger(count) && count >= 0)) {
    throw new Error(`${where}.count must be a whole number >= 0.`);
  }
  if (!isError) return;
  if (typeof code !== 'string' || code === '') throw new Error(`${where}.code must be a string.`);
  if (!(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)) {
    throw new Error(`${where}.status must be an HTTP error status (400..599).`);
  }
  if (message !== undefined && typeof message !== 'string') {
    throw new Error(`${where}.message must be a string.`);
  }
};
