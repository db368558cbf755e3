// Every check, once. Adding a check: its file, this line, its test.
import { check as appmeshMeshEndOfSupport } from './appmesh/appmesh_mesh_end_of_support.ts';
import { check as appmeshVirtualGatewayBackendTlsEnforced } from './appmesh/appmesh_virtual_gateway_backend_tls_enforced.ts';
import { check as appmeshVirtualGatewayListenerTlsStrict } from './appmesh/appmesh_virtual_gateway_listener_tls_strict.ts';
import { check as appmeshVirtualNodeBackendTlsEnforced } from './appmesh/appmesh_virtual_node_backend_tls_enforced.ts';
import { check as appmeshVirtualNodeListenerTlsStrict } from './appmesh/appmesh_virtual_node_listener_tls_strict.ts';
import { check as appmeshVirtualNodeMutualTls } from './appmesh/appmesh_virtual_node_mutual_tls.ts';
import { check as ecsServiceConfidentialWorkloadNitroEnclaves } from './ecs/ecs_service_confidential_workload_nitro_enclaves.ts';
import { check as ecsServiceConnectTlsEnabled } from './ecs/ecs_service_connect_tls_enabled.ts';
import { check as secretsmanagerSecretRotationEnabled } from './secretsmanager/secretsmanager_secret_rotation_enabled.ts';
import type { Check } from './types.ts';
import { check as vpcEcsInterfaceEndpoints } from './vpc/vpc_ecs_interface_endpoints.ts';

export const checks: readonly Check[] = [
  ecsServiceConnectTlsEnabled,
  ecsServiceConfidentialWorkloadNitroEnclaves,
  vpcEcsInterfaceEndpoints,
  secretsmanagerSecretRotationEnabled,
  appmeshVirtualNodeListenerTlsStrict,
  appmeshVirtualNodeBackendTlsEnforced,
  appmeshVirtualNodeMutualTls,
  appmeshVirtualGatewayListenerTlsStrict,
  appmeshVirtualGatewayBackendTlsEnforced,
  appmeshMeshEndOfSupport,
];
