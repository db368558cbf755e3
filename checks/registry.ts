// Every check, once. Adding a check: its file, this line, its test.

import type { Check } from '../lib/evaluate/check.ts';
import { check as appmeshMeshEndOfSupport } from './appmesh/appmesh_mesh_end_of_support.ts';
import { check as appmeshVirtualGatewayBackendTlsEnforced } from './appmesh/appmesh_virtual_gateway_backend_tls_enforced.ts';
import { check as appmeshVirtualGatewayListenerTlsStrict } from './appmesh/appmesh_virtual_gateway_listener_tls_strict.ts';
import { check as appmeshVirtualNodeBackendTlsEnforced } from './appmesh/appmesh_virtual_node_backend_tls_enforced.ts';
import { check as appmeshVirtualNodeListenerTlsStrict } from './appmesh/appmesh_virtual_node_listener_tls_strict.ts';
import { check as appmeshVirtualNodeMutualTls } from './appmesh/appmesh_virtual_node_mutual_tls.ts';
import { check as ecsServiceConfidentialWorkloadNitroEnclaves } from './ecs/ecs_service_confidential_workload_nitro_enclaves.ts';
import { check as ecsServiceConnectTlsEnabled } from './ecs/ecs_service_connect_tls_enabled.ts';
import { check as ecsServiceExecuteCommandSessionEncrypted } from './ecs/ecs_service_execute_command_session_encrypted.ts';
import { check as ecsTaskDefinitionEfsTransitEncryption } from './ecs/ecs_task_definition_efs_transit_encryption.ts';
import { check as ecsTaskDefinitionNoAppMeshProxy } from './ecs/ecs_task_definition_no_app_mesh_proxy.ts';
import { check as ecsTaskDefinitionNoSecretsInEnvironment } from './ecs/ecs_task_definition_no_secrets_in_environment.ts';
import { check as ecsTaskDefinitionNoStaticAwsCredentials } from './ecs/ecs_task_definition_no_static_aws_credentials.ts';
import { check as ecsTaskDefinitionSecretsFromSecretsManager } from './ecs/ecs_task_definition_secrets_from_secrets_manager.ts';
import { check as elbBackendEncrypted } from './elb/elb_backend_encrypted.ts';
import { check as elbListenerCertificateValid } from './elb/elb_listener_certificate_valid.ts';
import { check as elbListenerEncrypted } from './elb/elb_listener_encrypted.ts';
import { check as elbListenerTlsPolicy } from './elb/elb_listener_tls_policy.ts';
import { check as elbv2ListenerCertificateValid } from './elbv2/elbv2_listener_certificate_valid.ts';
import { check as elbv2ListenerEncrypted } from './elbv2/elbv2_listener_encrypted.ts';
import { check as elbv2ListenerMutualTlsVerified } from './elbv2/elbv2_listener_mutual_tls_verified.ts';
import { check as elbv2ListenerSniCertificatesCoverHosts } from './elbv2/elbv2_listener_sni_certificates_cover_hosts.ts';
import { check as elbv2ListenerTlsPolicy } from './elbv2/elbv2_listener_tls_policy.ts';
import { check as elbv2TargetGroupEncrypted } from './elbv2/elbv2_target_group_encrypted.ts';
import { check as secretsmanagerSecretRotationEnabled } from './secretsmanager/secretsmanager_secret_rotation_enabled.ts';
import { check as vpcEcsInterfaceEndpoints } from './vpc/vpc_ecs_interface_endpoints.ts';
import { check as vpclatticeEcsServiceTrafficEncrypted } from './vpclattice/vpclattice_ecs_service_traffic_encrypted.ts';

export const checks: readonly Check[] = [
  ecsTaskDefinitionNoSecretsInEnvironment,
  ecsTaskDefinitionNoStaticAwsCredentials,
  ecsTaskDefinitionSecretsFromSecretsManager,
  ecsTaskDefinitionEfsTransitEncryption,
  ecsTaskDefinitionNoAppMeshProxy,
  ecsServiceConnectTlsEnabled,
  ecsServiceConfidentialWorkloadNitroEnclaves,
  ecsServiceExecuteCommandSessionEncrypted,
  vpcEcsInterfaceEndpoints,
  secretsmanagerSecretRotationEnabled,
  elbv2ListenerEncrypted,
  elbv2ListenerTlsPolicy,
  elbv2ListenerCertificateValid,
  elbv2ListenerSniCertificatesCoverHosts,
  elbv2ListenerMutualTlsVerified,
  elbv2TargetGroupEncrypted,
  elbListenerEncrypted,
  elbListenerTlsPolicy,
  elbListenerCertificateValid,
  elbBackendEncrypted,
  vpclatticeEcsServiceTrafficEncrypted,
  appmeshVirtualNodeListenerTlsStrict,
  appmeshVirtualNodeBackendTlsEnforced,
  appmeshVirtualNodeMutualTls,
  appmeshVirtualGatewayListenerTlsStrict,
  appmeshVirtualGatewayBackendTlsEnforced,
  appmeshMeshEndOfSupport,
];
