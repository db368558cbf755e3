// Lenient validation of the snapshot: the fields the scanner relies on are checked for shape,
// everything else passes through untouched (real AWS data has fields the SDK types lack).
import { z } from 'zod';
import { REGION_NAME } from '../aws/regions.ts';
import { COLLECTED_SERVICES, SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_V1 } from './types.ts';

const str = z.string();
const optStr = z.string().optional();
const optBool = z.boolean().optional();
const optNum = z.number().optional();
const loose = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);
const list = <T extends z.ZodType>(item: T, params?: { error: string }) => z.array(item, params);
const tags = list(loose({ key: optStr, value: optStr })).optional();
/** Tags keyed by resource ARN, in the service's own spelling (`Key`/`Value` or `key`/`value`). */
const tagsByArn = <T extends z.ZodRawShape>(tag: T) => z.record(str, list(loose(tag))).optional();

/** Rule names only (`aws-access-key-id`): a field that cannot carry a value. */
const environmentValueVerdict = z.strictObject(
  {
    blank: z.boolean(),
    credentialKinds: list(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/)),
    urlWithPassword: z.boolean(),
    secretByNameOrContent: z.boolean(),
  },
  {
    // zod's own message quotes the unknown field's name.
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? 'unexpected field: a verdict has only blank, credentialKinds, urlWithPassword and secretByNameOrContent'
        : undefined,
  },
);
const keyValue = loose({
  name: optStr,
  value: optStr,
  valueVerdict: environmentValueVerdict.optional(),
});
const secretRef = loose({ name: optStr, valueFrom: optStr });

const containerDefinition = loose({
  name: optStr,
  image: optStr,
  environment: list(keyValue).optional(),
  environmentFiles: list(loose({ value: optStr, type: optStr })).optional(),
  secrets: list(secretRef).optional(),
  repositoryCredentials: loose({ credentialsParameter: optStr }).optional(),
  logConfiguration: loose({
    logDriver: optStr,
    secretOptions: list(secretRef).optional(),
  }).optional(),
});

const taskDefinition = loose({
  taskDefinitionArn: str,
  family: optStr,
  revision: optNum,
  containerDefinitions: list(containerDefinition).optional(),
  volumes: list(
    loose({
      name: optStr,
      efsVolumeConfiguration: loose({ fileSystemId: optStr, transitEncryption: optStr }).optional(),
    }),
  ).optional(),
  tags,
});

const service = loose({
  serviceArn: str,
  serviceName: optStr,
  clusterArn: optStr,
  status: optStr,
  taskDefinition: optStr,
  launchType: optStr,
  capacityProviderStrategy: list(loose({ capacityProvider: optStr })).optional(),
  loadBalancers: list(loose({ targetGroupArn: optStr })).optional(),
  networkConfiguration: loose({
    awsvpcConfiguration: loose({ subnets: list(str).optional() }).optional(),
  }).optional(),
  deployments: list(
    loose({
      status: optStr,
      taskDefinition: optStr,
      serviceConnectConfiguration: loose({
        enabled: optBool,
        services: list(loose({ portName: optStr, tls: loose({}).optional() })).optional(),
      }).optional(),
    }),
  ).optional(),
  tags,
});

const ecs = loose({
  clusters: list(loose({ clusterArn: str, clusterName: optStr, tags })).optional(),
  services: list(service).optional(),
  taskDefinitions: list(taskDefinition).optional(),
  containerInstances: list(
    loose({ containerInstanceArn: str, ec2InstanceId: optStr, status: optStr }),
  ).optional(),
});

const elbCertificate = loose({ CertificateArn: optStr, IsDefault: optBool });
const elbv2 = loose({
  loadBalancers: list(
    loose({ LoadBalancerArn: str, Type: optStr, VpcId: optStr, LoadBalancerName: optStr }),
  ).optional(),
  listeners: list(
    loose({
      ListenerArn: str,
      LoadBalancerArn: str,
      Protocol: optStr,
      Port: optNum,
      SslPolicy: optStr,
      MutualAuthentication: loose({
        Mode: optStr,
        TrustStoreArn: optStr,
        IgnoreClientCertificateExpiry: optBool,
        TrustStoreAssociationStatus: optStr,
      }).optional(),
      Certificates: list(elbCertificate).optional(),
      DefaultActions: list(loose({ Type: optStr })).optional(),
    }),
  ).optional(),
  listenerCertificates: z.record(str, list(elbCertificate)).optional(),
  rules: z
    .record(
      str,
      list(
        loose({
          RuleArn: optStr,
          IsDefault: optBool,
          Conditions: list(loose({ Field: optStr })).optional(),
          Actions: list(loose({ Type: optStr })).optional(),
        }),
      ),
    )
    .optional(),
  targetGroups: list(
    loose({
      TargetGroupArn: str,
      Protocol: optStr,
      HealthCheckProtocol: optStr,
      LoadBalancerArns: list(str).optional(),
    }),
  ).optional(),
  sslPolicies: list(loose({ Name: optStr, SslProtocols: list(str).optional() })).optional(),
  trustStores: list(loose({ TrustStoreArn: str, Name: optStr, Status: optStr })).optional(),
  tags: tagsByArn({ Key: optStr, Value: optStr }),
});

const ec2 = loose({
  vpcEndpoints: list(
    loose({
      VpcEndpointId: optStr,
      VpcId: optStr,
      ServiceName: optStr,
      VpcEndpointType: optStr,
      State: optStr,
      PrivateDnsEnabled: optBool,
    }),
  ).optional(),
  subnets: list(loose({ SubnetId: str, VpcId: optStr })).optional(),
  instances: list(
    loose({
      InstanceId: str,
      VpcId: optStr,
      EnclaveOptions: loose({ Enabled: optBool }).optional(),
    }),
  ).optional(),
  vpcs: list(
    loose({ VpcId: str, Tags: list(loose({ Key: optStr, Value: optStr })).optional() }),
  ).optional(),
});

const meshResource = loose({
  meshName: optStr,
  metadata: loose({ arn: str }),
  spec: loose({}).optional(),
});
const appmesh = loose({
  meshes: list(meshResource).optional(),
  virtualNodes: list(meshResource.extend({ virtualNodeName: optStr })).optional(),
  virtualGateways: list(meshResource.extend({ virtualGatewayName: optStr })).optional(),
  tags: tagsByArn({ key: optStr, value: optStr }),
});

const acm = loose({
  certificates: list(
    loose({
      CertificateArn: str,
      DomainName: optStr,
      SubjectAlternativeNames: list(str).optional(),
      Status: optStr,
      Type: optStr,
      NotAfter: optStr,
      RenewalEligibility: optStr,
    }),
  ).optional(),
});

const ssmParameter = loose({ Name: str, ARN: optStr, Type: optStr });
const ssm = loose({
  parameters: list(ssmParameter).optional(),
  otherRegionParameters: z.record(str, list(ssmParameter)).optional(),
});

const secretsManager = loose({
  secrets: list(loose({ ARN: str, Name: optStr, RotationEnabled: optBool })).optional(),
});

const classicListener = loose({
  Protocol: optStr,
  LoadBalancerPort: optNum,
  InstanceProtocol: optStr,
  InstancePort: optNum,
  SSLCertificateId: optStr,
});
const elb = loose({
  loadBalancers: list(
    loose({
      LoadBalancerName: str,
      ListenerDescriptions: list(
        loose({ Listener: classicListener.optional(), PolicyNames: list(str).optional() }),
      ).optional(),
    }),
  ).optional(),
  policies: z
    .record(
      str,
      list(
        loose({
          PolicyName: optStr,
          PolicyTypeName: optStr,
          PolicyAttributeDescriptions: list(
            loose({ AttributeName: optStr, AttributeValue: optStr }),
          ).optional(),
        }),
      ),
    )
    .optional(),
});

const latticeAction = loose({
  forward: loose({
    targetGroups: list(loose({ targetGroupIdentifier: optStr, weight: optNum })).optional(),
  }).optional(),
  fixedResponse: loose({ statusCode: optNum }).optional(),
});
const vpcLattice = loose({
  targetGroups: list(
    loose({
      arn: str,
      id: optStr,
      name: optStr,
      type: optStr,
      config: loose({ protocol: optStr, port: optNum }).optional(),
      serviceArns: list(str).optional(),
    }),
  ).optional(),
  listeners: z
    .record(str, list(loose({ arn: optStr, name: optStr, protocol: optStr, port: optNum })))
    .optional(),
  defaultActions: z.record(str, latticeAction).optional(),
  rules: z
    .record(
      str,
      list(
        loose({ arn: optStr, name: optStr, isDefault: optBool, action: latticeAction.optional() }),
      ),
    )
    .optional(),
});

const region = loose({
  ecs: ecs.optional(),
  elbv2: elbv2.optional(),
  elb: elb.optional(),
  vpcLattice: vpcLattice.optional(),
  ec2: ec2.optional(),
  appmesh: appmesh.optional(),
  acm: acm.optional(),
  ssm: ssm.optional(),
  secretsManager: secretsManager.optional(),
});

const failure = z.object({
  region: str,
  service: z.enum(COLLECTED_SERVICES),
  operation: str,
  errorCode: str,
  count: z.number().int().positive(),
  items: list(str).optional(),
});

const common = {
  accountId: z.string().regex(/^\d{12}$/, { error: 'expected a 12-digit AWS account ID' }),
  partition: z
    .enum([
      'aws',
      'aws-cn',
      'aws-us-gov',
      'aws-iso',
      'aws-iso-b',
      'aws-iso-e',
      'aws-iso-f',
      'aws-eusc',
    ])
    .default('aws'),
  regions: z.record(
    z.string().regex(REGION_NAME, { error: 'expected an AWS region name' }),
    region,
  ),
};

const absence = z.object({
  region: str,
  service: z.enum(COLLECTED_SERVICES),
  operation: str,
  errorCode: str,
  items: list(str),
});

export const snapshotSchema = z.looseObject({
  format: z.literal(SNAPSHOT_FORMAT, {
    error: `expected "${SNAPSHOT_FORMAT}" (is this an ecs-encryption-scanner snapshot?)`,
  }),
  ...common,
  failures: list(failure, {
    error: 'expected the list of calls that failed while collecting ([] when none failed)',
  }),
  absent: list(absence).optional(),
});

/** The first format: the same, without `failures` (lib/snapshot/load.ts migrates it). */
export const snapshotV1Schema = z.looseObject({ format: z.literal(SNAPSHOT_FORMAT_V1), ...common });
