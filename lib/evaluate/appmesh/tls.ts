// App Mesh TLS rules shared by the virtual node and virtual gateway checks: how strict a listener's
// TLS is, whether a client policy enforces TLS with a validation trust, and which client policy
// each backend of a virtual node ends up with. Pure functions over the snapshot's SDK shapes,
// and the results the node and gateway checks build from them alike.
import type { CheckResult } from '../../model.ts';
import type { AppMeshVirtualGateway, AppMeshVirtualNode } from '../../snapshot/types.ts';
import type { resultsFor } from '../check.ts';
import type { ResourceRef } from '../inventory/resources.ts';

type NodeSpec = NonNullable<AppMeshVirtualNode['spec']>;
type GatewaySpec = NonNullable<AppMeshVirtualGateway['spec']>;
type NodeClientTls = NonNullable<
  NonNullable<NonNullable<NodeSpec['backendDefaults']>['clientPolicy']>['tls']
>;
type GatewayClientTls = NonNullable<
  NonNullable<NonNullable<GatewaySpec['backendDefaults']>['clientPolicy']>['tls']
>;

/** A virtual node or virtual gateway listener. */
export type MeshListener =
  | NonNullable<NodeSpec['listeners']>[number]
  | NonNullable<GatewaySpec['listeners']>[number];
type ListenerTls = NonNullable<MeshListener['tls']>;
type ListenerTrust = NonNullable<NonNullable<ListenerTls['validation']>['trust']>;

/** A client policy's TLS settings, of a virtual node (defaults or backend) or a virtual gateway. */
export type ClientTls = NodeClientTls | GatewayClientTls;
type ClientTrust = NonNullable<NonNullable<ClientTls['validation']>['trust']>;

const present = (value: string | undefined): boolean => Boolean(value?.trim());
const upper = (value: string | undefined): string => (value ?? '').trim().toUpperCase();

export const listenerPort = (listener: MeshListener): string =>
  listener.portMapping?.port === undefined ? '?' : String(listener.portMapping.port);

/** ACM, file (chain and key) or SDS: a listener certificate the proxy can serve. */
export const hasListenerCertificate = (tls: ListenerTls): boolean => {
  const certificate = tls.certificate;
  if (!certificate) return false;
  return (
    present(certificate.acm?.certificateArn) ||
    (present(certificate.file?.certificateChain) && present(certificate.file?.privateKey)) ||
    present(certificate.sds?.secretName)
  );
};

/** A listener validates client certificates against a file or SDS trust (ACM is not offered there). */
export const hasListenerValidation = (tls: ListenerTls): boolean => {
  const trust: ListenerTrust | undefined = tls.validation?.trust;
  return Boolean(
    trust && (present(trust.file?.certificateChain) || present(trust.sds?.secretName)),
  );
};

export type ListenerTlsStrictness =
  | 'strict'
  | 'strict-without-certificate'
  | 'permissive'
  | 'disabled';

/**
 * STRICT with a certificate is the only acceptable state. No `tls`, DISABLED, and an absent or
 * unknown mode all mean plain text is accepted, so they rank with DISABLED.
 */
export const listenerTlsStrictness = (listener: MeshListener): ListenerTlsStrictness => {
  const tls = listener.tls;
  const mode = upper(tls?.mode);
  if (!tls || (mode !== 'STRICT' && mode !== 'PERMISSIVE')) return 'disabled';
  if (mode === 'PERMISSIVE') return 'permissive';
  return hasListenerCertificate(tls) ? 'strict' : 'strict-without-certificate';
};

const describeStrictness = (listener: MeshListener, strictness: ListenerTlsStrictness): string => {
  const port = `port ${listenerPort(listener)}`;
  switch (strictness) {
    case 'permissive':
      return `${port} has TLS mode PERMISSIVE`;
    case 'strict-without-certificate':
      return `${port} has TLS mode STRICT but no ACM, file or SDS certificate`;
    case 'disabled':
      return listener.tls
        ? `${port} has TLS mode ${listener.tls.mode ?? 'absent'}`
        : `${port} has no TLS`;
    case 'strict':
      return `${port} requires TLS`;
  }
};

export interface ListenerTlsVerdict {
  /** HIGH when any listener accepts only or also plain text without TLS, MEDIUM for PERMISSIVE; worst wins. */
  severity?: 'HIGH' | 'MEDIUM';
  /** One phrase per offending listener, naming its port. */
  problems: string[];
  ports: string[];
}

/** Judges every listener; a STRICT listener without a usable certificate counts as MEDIUM. */
export const judgeListenerTls = (listeners: readonly MeshListener[]): ListenerTlsVerdict => {
  const judged = listeners.map((listener) => ({
    listener,
    strictness: listenerTlsStrictness(listener),
  }));
  const offending = judged.filter(({ strictness }) => strictness !== 'strict');
  const severity = offending.some(({ strictness }) => strictness === 'disabled')
    ? 'HIGH'
    : offending.length
      ? 'MEDIUM'
      : undefined;
  return {
    severity,
    problems: offending.map(({ listener, strictness }) => describeStrictness(listener, strictness)),
    ports: listeners.map(listenerPort),
  };
};

/** Listeners that do not validate client certificates (mutual TLS), one phrase each. */
export const listenersWithoutClientValidation = (listeners: readonly MeshListener[]): string[] =>
  listeners.flatMap((listener) => {
    const port = `port ${listenerPort(listener)}`;
    const tls = listener.tls;
    // A DISABLED listener does not do TLS at all, so a validation block on it authenticates no one.
    if (!tls || upper(tls.mode) === 'DISABLED') return [`${port} has no TLS`];
    return hasListenerValidation(tls) ? [] : [`${port} does not validate client certificates`];
  });

const hasClientTrust = (trust: ClientTrust | undefined): boolean =>
  Boolean(
    trust &&
      ((trust.acm?.certificateAuthorityArns ?? []).some(present) ||
        present(trust.file?.certificateChain) ||
        present(trust.sds?.secretName)),
  );

export type ClientTlsProblem = 'absent' | 'not-enforced' | 'no-validation-trust';

/** Why a client policy does not give validated TLS; `enforce` absent is true (the API default). */
export const clientTlsProblem = (tls: ClientTls | undefined): ClientTlsProblem | undefined => {
  if (!tls) return 'absent';
  if (tls.enforce === false) return 'not-enforced';
  return hasClientTrust(tls.validation?.trust) ? undefined : 'no-validation-trust';
};

const PROBLEM_TEXT: Record<ClientTlsProblem, string> = {
  absent: 'has no TLS client policy',
  'not-enforced': 'sets TLS enforce to false',
  'no-validation-trust': 'has TLS without a validation trust (ACM, file or SDS)',
};

/** The client policy presents a certificate (file or SDS) and TLS is not switched off. */
export const presentsClientCertificate = (tls: ClientTls | undefined): boolean => {
  if (!tls || tls.enforce === false) return false;
  const certificate = tls.certificate;
  return Boolean(
    certificate &&
      ((present(certificate.file?.certificateChain) && present(certificate.file?.privateKey)) ||
        present(certificate.sds?.secretName)),
  );
};

/** The TLS client policy a backend ends up with: its own when it has one, else the defaults. */
export interface BackendClientTls {
  virtualServiceName: string;
  own?: NodeClientTls;
  effective?: NodeClientTls;
}

export const backendClientTls = (spec: NodeSpec): BackendClientTls[] => {
  const defaults = spec.backendDefaults?.clientPolicy?.tls;
  return (spec.backends ?? []).map((backend) => {
    // A backend of an unknown kind has no client policy we can read: it gets the defaults.
    const service = backend.virtualService;
    const own = service?.clientPolicy?.tls;
    return {
      virtualServiceName: service?.virtualServiceName ?? '?',
      own,
      effective: own ?? defaults,
    };
  });
};

export interface ClientTlsVerdict {
  /** One phrase per offending policy: `backend defaults …`, `backend svc.local …`. */
  problems: string[];
  /** Ports TLS is limited to, where a policy sets `ports` (other ports go in plain text). */
  limitedPorts: number[];
}

/**
 * Whether every backend is reached over TLS with a validation trust.
 *
 * The spec's floor: backend defaults with validated TLS and no backend's own policy switching it
 * off (enforce false, or TLS without a trust). A backend without its own TLS policy inherits the
 * defaults. Beyond that floor, missing defaults are acceptable when every backend brings its own
 * validated TLS: then no traffic leaves without TLS (App Mesh applies a client policy only to
 * declared backends). Defaults that are present but weak still fail, even if every current
 * backend overrides them: they are an explicit opt-out the next backend added inherits. A node
 * without backends is judged on its defaults alone; a gateway has only defaults.
 */
export const judgeClientTls = (
  defaults: ClientTls | undefined,
  backends: readonly BackendClientTls[] = [],
): ClientTlsVerdict => {
  const problems: string[] = [];
  const defaultsProblem = clientTlsProblem(defaults);
  if (defaults && defaultsProblem)
    problems.push(`backend defaults ${PROBLEM_TEXT[defaultsProblem]}`);
  if (!defaults && !backends.length) problems.push(`backend defaults ${PROBLEM_TEXT.absent}`);
  for (const backend of backends) {
    if (backend.own) {
      const problem = clientTlsProblem(backend.own);
      if (problem) problems.push(`backend ${backend.virtualServiceName} ${PROBLEM_TEXT[problem]}`);
    } else if (!defaults) {
      problems.push(
        `backend ${backend.virtualServiceName} has no TLS client policy and no backend defaults to inherit`,
      );
    }
  }
  const policies = [defaults, ...backends.map((b) => b.own)];
  const limitedPorts = [...new Set(policies.flatMap((tls) => tls?.ports ?? []))].sort(
    (a, b) => a - b,
  );
  return { problems, limitedPorts };
};

/**
 * Backends (or, without backends, the defaults) to which the node presents no client certificate.
 * A node with neither backends nor default TLS has no one to present a certificate to.
 */
export const withoutClientCertificate = (spec: NodeSpec): string[] => {
  const backends = backendClientTls(spec);
  if (backends.length) {
    return backends
      .filter((backend) => !presentsClientCertificate(backend.effective))
      .map((backend) => `backend ${backend.virtualServiceName}`);
  }
  const defaults = spec.backendDefaults?.clientPolicy?.tls;
  return defaults && !presentsClientCertificate(defaults) ? ['backend defaults'] : [];
};

/** `a`, `a and b`, `a, b and c`. */
export const listOf = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** `port 8080`, `ports 8080 and 9090`. */
export const portsPhrase = (ports: readonly (string | number)[]): string =>
  `${ports.length === 1 ? 'port' : 'ports'} ${listOf(ports.map(String))}`;

/** The result builders of one check (`resultsFor(metadata)`). */
type Results = ReturnType<typeof resultsFor>;

/** A virtual node or virtual gateway, as results name it: `Virtual node shop/web`. */
export interface MeshSubject {
  kind: 'Virtual node' | 'Virtual gateway';
  resource: ResourceRef;
}

const named = (subject: MeshSubject): string => `${subject.kind} ${subject.resource.name}`;

/** NOT_AVAILABLE: the snapshot holds the subject without its spec, so `unknown` (what is unknown). */
export const specUnknown = (results: Results, subject: MeshSubject, unknown: string): CheckResult =>
  results.notAvailable(
    subject.resource,
    `${named(subject)} has no spec in the snapshot, so ${unknown}.`,
  );

/**
 * Whether every listener requires TLS: NOT_AVAILABLE without a spec, no result without
 * listeners, FAILED at the worst listener's severity, else PASSED naming the ports.
 */
export const listenerTlsResults = (
  results: Results,
  subject: MeshSubject,
  spec: { listeners?: readonly MeshListener[] } | undefined,
): CheckResult[] => {
  if (!spec) return [specUnknown(results, subject, "its listeners' TLS is unknown")];
  const listeners = spec.listeners ?? [];
  if (!listeners.length) return [];
  const verdict = judgeListenerTls(listeners);
  return [
    verdict.severity
      ? results.failed(
          subject.resource,
          `${named(subject)} does not require TLS on every listener: ${listOf(verdict.problems)}.`,
          verdict.severity,
        )
      : results.passed(
          subject.resource,
          `${named(subject)} requires TLS with a certificate on every listener (${portsPhrase(verdict.ports)}).`,
        ),
  ];
};

/**
 * The backend TLS result from a client-TLS verdict: FAILED naming each offending policy, else
 * PASSED with the ports TLS is limited to. `reach` says whom: `to its backends`, for instance.
 */
export const backendTlsResult = (
  results: Results,
  subject: MeshSubject,
  verdict: ClientTlsVerdict,
  reach: { failed: string; passed: string },
): CheckResult => {
  if (verdict.problems.length) {
    return results.failed(
      subject.resource,
      `${named(subject)} does not enforce validated TLS ${reach.failed}: ${listOf(verdict.problems)}.`,
    );
  }
  const limited = verdict.limitedPorts.length
    ? `; TLS is limited to ${portsPhrase(verdict.limitedPorts)}`
    : '';
  return results.passed(
    subject.resource,
    `${named(subject)} enforces TLS with a validation trust ${reach.passed}${limited}.`,
  );
};
