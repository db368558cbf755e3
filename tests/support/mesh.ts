// Builders for App Mesh snapshot items (mesh group). Shapes are the SDK's `Describe*` outputs.

import type { Check } from '../../lib/evaluate/check.ts';
import type {
  AppMeshMesh,
  AppMeshVirtualGateway,
  AppMeshVirtualNode,
} from '../../lib/snapshot/types.ts';
import { ACCOUNT, arn, runCheck } from './evaluate.ts';

export type NodeSpec = NonNullable<AppMeshVirtualNode['spec']>;
export type GatewaySpec = NonNullable<AppMeshVirtualGateway['spec']>;
export type NodeListener = NonNullable<NodeSpec['listeners']>[number];
export type GatewayListener = NonNullable<GatewaySpec['listeners']>[number];
export type ListenerTls = NonNullable<NodeListener['tls']>;
export type ClientTls = NonNullable<
  NonNullable<NonNullable<NodeSpec['backendDefaults']>['clientPolicy']>['tls']
>;
export type Backend = NonNullable<NodeSpec['backends']>[number];

/**
 * A mesh check over every mesh of `data` (allMeshes): what the check says of a mesh. Which meshes
 * are in scope without allMeshes is the inventory's (tests/evaluate/inventory/inventory.test.ts).
 */
export const runMeshCheck = (
  check: Check,
  ...[data, options = {}]: Parameters<typeof runCheck> extends [Check, ...infer R] ? R : never
) => runCheck(check, data, { ...options, config: { allMeshes: true, ...options.config } });

/** Real AWS data sometimes comes in another case than the SDK's enum constants. */
export const mode = (value: string): ListenerTls['mode'] => value as ListenerTls['mode'];

const metadataOf = (resourceArn: string, meshOwner = ACCOUNT) => ({
  arn: resourceArn,
  version: 3,
  uid: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
  createdAt: '2024-03-01T10:00:00.000Z',
  lastUpdatedAt: '2025-06-12T08:30:00.000Z',
  meshOwner,
  resourceOwner: ACCOUNT,
});

export const mesh = (name = 'prod', meshOwner = ACCOUNT): AppMeshMesh => ({
  meshName: name,
  spec: { egressFilter: { type: 'DROP_ALL' } },
  metadata: metadataOf(arn.mesh(name), meshOwner),
  status: { status: 'ACTIVE' },
});

export const virtualNode = (
  name: string,
  spec: NodeSpec | undefined,
  meshName = 'prod',
  meshOwner = ACCOUNT,
): AppMeshVirtualNode => ({
  meshName,
  virtualNodeName: name,
  spec,
  metadata: metadataOf(arn.virtualNode(meshName, name), meshOwner),
  status: { status: 'ACTIVE' },
});

export const virtualGateway = (
  name: string,
  spec: GatewaySpec | undefined,
  meshName = 'prod',
  meshOwner = ACCOUNT,
): AppMeshVirtualGateway => ({
  meshName,
  virtualGatewayName: name,
  spec,
  metadata: metadataOf(arn.virtualGateway(meshName, name), meshOwner),
  status: { status: 'ACTIVE' },
});

// Listener TLS.
export const acmCertificate = { acm: { certificateArn: arn.certificate('0a1b2c3d-mesh-orders') } };
export const fileCertificate = {
  file: { certificateChain: '/certs/orders.pem', privateKey: '/certs/orders.key' },
};
export const sdsCertificate = { sds: { secretName: 'spiffe://prod.mesh.local/orders' } };
export const fileTrust = { file: { certificateChain: '/certs/ca.pem' } };
export const sdsTrust = { sds: { secretName: 'spiffe://prod.mesh.local' } };
export const acmTrust = {
  acm: {
    certificateAuthorityArns: [
      `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/mesh-ca`,
    ],
  },
};

export const strictTls = (
  certificate: ListenerTls['certificate'] = acmCertificate,
): ListenerTls => ({
  mode: 'STRICT',
  certificate,
});
export const mutualTls = (
  trust: NonNullable<ListenerTls['validation']>['trust'] = fileTrust,
  tlsMode: ListenerTls['mode'] = 'STRICT',
): ListenerTls => ({ mode: tlsMode, certificate: fileCertificate, validation: { trust } });

export const nodeListener = (port: number, tls?: ListenerTls): NodeListener => ({
  portMapping: { port, protocol: 'http' },
  ...(tls ? { tls } : {}),
});
export const gatewayListener = (port: number, tls?: ListenerTls): GatewayListener => ({
  portMapping: { port, protocol: 'http' },
  ...(tls ? { tls } : {}),
});

// Client policy TLS.
export const clientTls = (
  trust: NonNullable<ClientTls['validation']>['trust'] = acmTrust,
  extra: Partial<ClientTls> = {},
): ClientTls => ({ validation: { trust }, ...extra });
export const clientCertificate = { file: fileCertificate.file };

export const backend = (virtualServiceName: string, tls?: ClientTls): Backend => ({
  virtualService: { virtualServiceName, ...(tls ? { clientPolicy: { tls } } : {}) },
});
export const defaults = (tls?: ClientTls): NonNullable<NodeSpec['backendDefaults']> => ({
  clientPolicy: tls ? { tls } : {},
});
