// Seeds moto through the real create APIs with the AWS SDK v3 clients: one account region with two
// in-scope VPCs, an ALB with HTTPS and HTTP listeners, Fargate services, two Classic Load Balancers
// in front of EC2 services, secrets and parameters, exemption tags, VPC Lattice target groups, plus
// out-of-scope items the collectors must not fetch.

import { ACMClient, RequestCertificateCommand } from '@aws-sdk/client-acm';
import {
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateLoadBalancerCommand as CreateClassicLoadBalancerCommand,
  CreateLoadBalancerPolicyCommand,
  ElasticLoadBalancingClient,
  SetLoadBalancerPoliciesOfListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  AddListenerCertificatesCommand,
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  CreateListenerCommand as CreateLatticeListenerCommand,
  CreateServiceCommand as CreateLatticeServiceCommand,
  CreateTargetGroupCommand as CreateLatticeTargetGroupCommand,
  VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import { EXEMPT_TAG } from '../../lib/snapshot/sections.ts';
import { MOTO_ACCOUNT } from './motoServer.ts';

export const MOTO_REGION = 'us-east-1';
/** A second region, for a parameter that a task definition names by its ARN there. */
export const MOTO_OTHER_REGION = 'eu-west-1';

const EXEMPT_REASON_TAG = `${EXEMPT_TAG}-reason`;

/** A tag set as the APIs write it. */
type Tags = { Key: string; Value: string }[];

/**
 * The tags the seed puts on resources of the kinds the tagging sweep asks for, by role. `lbUnused`
 * carries the exemption tag key but is out of scope (no service is behind it); `vpcShop` has tags,
 * but not the exemption key.
 */
export const MOTO_TAGS = {
  lbWeb: [
    { Key: EXEMPT_TAG, Value: 'elbv2_listener_encrypted' },
    { Key: EXEMPT_REASON_TAG, Value: 'HTTP 80 only redirects to HTTPS' },
    { Key: 'team', Value: 'shop' },
  ],
  tgWeb: [
    { Key: EXEMPT_TAG, Value: 'elbv2_target_group_encrypted' },
    { Key: EXEMPT_REASON_TAG, Value: 'TLS ends at the task sidecar' },
  ],
  // Exempts a check the target group passes anyway: PASSED results are never changed.
  tgApi: [
    { Key: EXEMPT_TAG, Value: 'elbv2_target_group_encrypted' },
    { Key: EXEMPT_REASON_TAG, Value: 'end-to-end TLS' },
  ],
  lbUnused: [
    { Key: EXEMPT_TAG, Value: '*' },
    { Key: EXEMPT_REASON_TAG, Value: 'unused' },
  ],
  vpcBatch: [
    { Key: EXEMPT_TAG, Value: 'vpc_ecs_interface_endpoints' },
    { Key: EXEMPT_REASON_TAG, Value: 'batch pulls through the NAT gateway' },
  ],
  vpcShop: [{ Key: 'team', Value: 'shop' }],
  // Secrets Manager returns a secret's tags with ListSecrets: exempts its rotation finding.
  secretRegistry: [
    { Key: EXEMPT_TAG, Value: 'secretsmanager_secret_rotation_enabled' },
    { Key: EXEMPT_REASON_TAG, Value: 'the registry token is rotated by the vendor' },
  ],
} satisfies Record<string, Tags>;

/** What the seed created, by role, for the assertions. */
export interface MotoWorld {
  vpcs: { shop: string; batch: string; other: string };
  subnets: { shopA: string; shopB: string; batch: string; other: string };
  endpoints: {
    ecrApi: string;
    ecrDkr: string;
    secretsManager: string;
    ssm: string;
    s3: string;
    other: string;
  };
  certificates: { shop: string; admin: string };
  loadBalancers: { web: string; unused: string };
  targetGroups: { web: string; api: string; unused: string };
  listeners: { https: string; http: string; unused: string };
  rules: { admin: string };
  /** Classic Load Balancers, by name (they have no ARN in the API). */
  classicLoadBalancers: { legacy: string; console: string; unused: string };
  /** The SSL negotiation policy of each one's TLS listener, by name. */
  classicPolicies: { legacy: string; console: string };
  /**
   * `pull` is referenced by its name only (repository credentials); `dbOld` (prod/db-old) is
   * scheduled for deletion, and shares its name's prefix with `db` (prod/db) and the unreferenced
   * `dbx` (prod/dbx).
   */
  secrets: {
    db: string;
    dbOld: string;
    dbx: string;
    registry: string;
    pull: string;
    unreferenced: string;
  };
  /** The ARN of the parameter of MOTO_OTHER_REGION the worker references. */
  otherRegionParameter: string;
  clusters: { prod: string; batch: string };
  /** `legacy` and `console` run on EC2 (bridge mode) behind the Classic Load Balancers of their name. */
  services: { web: string; api: string; worker: string; legacy: string; console: string };
  taskDefinitions: { web: string; api: string; worker: string; classic: string; unused: string };
  /**
   * VPC Lattice target groups of type IP: `orders` (HTTPS) and `payments` (HTTP) in the shop VPC,
   * `unused` in the batch VPC. The Lattice service `shop` has an HTTP listener that forwards to
   * `payments`.
   */
  lattice: {
    targetGroups: { orders: string; payments: string; unused: string };
    service: string;
    listener: string;
  };
}

const must = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`moto answered without ${what}`);
  return value;
};

export const seedMoto = async (endpoint: string): Promise<MotoWorld> => {
  const config = {
    region: MOTO_REGION,
    endpoint,
    credentials: { accessKeyId: 'AKIDMOTOSEED', secretAccessKey: 'moto' },
  };
  const ec2 = new EC2Client(config);
  const elbv2 = new ElasticLoadBalancingV2Client(config);
  const elb = new ElasticLoadBalancingClient(config);
  const acm = new ACMClient(config);
  const ssm = new SSMClient(config);
  const otherRegionSsm = new SSMClient({ ...config, region: MOTO_OTHER_REGION });
  const secretsManager = new SecretsManagerClient(config);
  const ecs = new ECSClient(config);
  const vpcLattice = new VPCLatticeClient(config);
  try {
    // EC2 ---------------------------------------------------------------------------------------
    const vpc = async (CidrBlock: string) =>
      must((await ec2.send(new CreateVpcCommand({ CidrBlock }))).Vpc?.VpcId, 'VpcId');
    const vpcs = {
      shop: await vpc('10.0.0.0/16'),
      batch: await vpc('10.1.0.0/16'),
      other: await vpc('10.2.0.0/16'),
    };
    await ec2.send(new CreateTagsCommand({ Resources: [vpcs.shop], Tags: MOTO_TAGS.vpcShop }));
    await ec2.send(new CreateTagsCommand({ Resources: [vpcs.batch], Tags: MOTO_TAGS.vpcBatch }));
    const subnet = async (VpcId: string, CidrBlock: string, AvailabilityZone: string) =>
      must(
        (await ec2.send(new CreateSubnetCommand({ VpcId, CidrBlock, AvailabilityZone }))).Subnet
          ?.SubnetId,
        'SubnetId',
      );
    const subnets = {
      shopA: await subnet(vpcs.shop, '10.0.1.0/24', 'us-east-1a'),
      shopB: await subnet(vpcs.shop, '10.0.2.0/24', 'us-east-1b'),
      batch: await subnet(vpcs.batch, '10.1.1.0/24', 'us-east-1a'),
      other: await subnet(vpcs.other, '10.2.1.0/24', 'us-east-1a'),
    };
    const securityGroup = async (VpcId: string) =>
      must(
        (
          await ec2.send(
            new CreateSecurityGroupCommand({
              GroupName: `tasks-${VpcId}`,
              Description: 'tasks',
              VpcId,
            }),
          )
        ).GroupId,
        'GroupId',
      );
    const groups = { shop: await securityGroup(vpcs.shop), batch: await securityGroup(vpcs.batch) };
    const interfaceEndpoint = async (
      VpcId: string,
      service: string,
      privateDns: boolean,
      SubnetId: string,
    ) =>
      must(
        (
          await ec2.send(
            new CreateVpcEndpointCommand({
              VpcId,
              ServiceName: `com.amazonaws.${MOTO_REGION}.${service}`,
              VpcEndpointType: 'Interface',
              SubnetIds: [SubnetId],
              PrivateDnsEnabled: privateDns,
            }),
          )
        ).VpcEndpoint?.VpcEndpointId,
        'VpcEndpointId',
      );
    const routeTable = must(
      (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcs.shop }))).RouteTable?.RouteTableId,
      'RouteTableId',
    );
    const endpoints = {
      ecrApi: await interfaceEndpoint(vpcs.shop, 'ecr.api', true, subnets.shopA),
      ecrDkr: await interfaceEndpoint(vpcs.shop, 'ecr.dkr', true, subnets.shopA),
      secretsManager: await interfaceEndpoint(vpcs.shop, 'secretsmanager', true, subnets.shopA),
      ssm: await interfaceEndpoint(vpcs.shop, 'ssm', false, subnets.shopA),
      s3: must(
        (
          await ec2.send(
            new CreateVpcEndpointCommand({
              VpcId: vpcs.shop,
              ServiceName: `com.amazonaws.${MOTO_REGION}.s3`,
              VpcEndpointType: 'Gateway',
              RouteTableIds: [routeTable],
            }),
          )
        ).VpcEndpoint?.VpcEndpointId,
        'VpcEndpointId',
      ),
      other: await interfaceEndpoint(vpcs.other, 'ecs', true, subnets.other),
    };

    // ACM ---------------------------------------------------------------------------------------
    const certificate = async (DomainName: string, SubjectAlternativeNames?: string[]) =>
      must(
        (
          await acm.send(
            new RequestCertificateCommand({
              DomainName,
              SubjectAlternativeNames,
              ValidationMethod: 'DNS',
            }),
          )
        ).CertificateArn,
        'CertificateArn',
      );
    const certificates = {
      shop: await certificate('shop.example.com', ['shop.example.com', 'api.example.com']),
      admin: await certificate('admin.example.com'),
    };

    // ELBv2 -------------------------------------------------------------------------------------
    const loadBalancer = async (Name: string, Subnets: string[]) =>
      must(
        (await elbv2.send(new CreateLoadBalancerCommand({ Name, Subnets, Type: 'application' })))
          .LoadBalancers?.[0]?.LoadBalancerArn,
        'LoadBalancerArn',
      );
    const loadBalancers = {
      web: await loadBalancer('web', [subnets.shopA, subnets.shopB]),
      unused: await loadBalancer('unused', [subnets.shopA, subnets.shopB]),
    };
    const targetGroup = async (Name: string, Protocol: 'HTTP' | 'HTTPS', Port: number) =>
      must(
        (
          await elbv2.send(
            new CreateTargetGroupCommand({
              Name,
              Protocol,
              Port,
              VpcId: vpcs.shop,
              TargetType: 'ip',
            }),
          )
        ).TargetGroups?.[0]?.TargetGroupArn,
        'TargetGroupArn',
      );
    const targetGroups = {
      web: await targetGroup('web', 'HTTP', 8080),
      api: await targetGroup('api', 'HTTPS', 8443),
      unused: await targetGroup('unused', 'HTTP', 80),
    };
    const tag = (arn: string, Tags: Tags) =>
      elbv2.send(new AddTagsCommand({ ResourceArns: [arn], Tags }));
    await tag(loadBalancers.web, MOTO_TAGS.lbWeb);
    await tag(loadBalancers.unused, MOTO_TAGS.lbUnused);
    await tag(targetGroups.web, MOTO_TAGS.tgWeb);
    await tag(targetGroups.api, MOTO_TAGS.tgApi);
    const listener = async (input: ConstructorParameters<typeof CreateListenerCommand>[0]) =>
      must(
        (await elbv2.send(new CreateListenerCommand(input))).Listeners?.[0]?.ListenerArn,
        'ListenerArn',
      );
    const listeners = {
      https: await listener({
        LoadBalancerArn: loadBalancers.web,
        Protocol: 'HTTPS',
        Port: 443,
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        Certificates: [{ CertificateArn: certificates.shop }],
        DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroups.web }],
      }),
      http: await listener({
        LoadBalancerArn: loadBalancers.web,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroups.web }],
      }),
      unused: await listener({
        LoadBalancerArn: loadBalancers.unused,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroups.unused }],
      }),
    };
    await elbv2.send(
      new AddListenerCertificatesCommand({
        ListenerArn: listeners.https,
        Certificates: [{ CertificateArn: certificates.admin }],
      }),
    );
    const rule = async (host: string, Priority: number, TargetGroupArn: string) =>
      must(
        (
          await elbv2.send(
            new CreateRuleCommand({
              ListenerArn: listeners.https,
              Priority,
              Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [host] } }],
              Actions: [{ Type: 'forward', TargetGroupArn }],
            }),
          )
        ).Rules?.[0]?.RuleArn,
        'RuleArn',
      );
    const rules = { admin: await rule('admin.example.com', 10, targetGroups.api) };

    // Classic Load Balancers ------------------------------------------------------------------
    const classicLoadBalancer = async (
      LoadBalancerName: string,
      Listeners: NonNullable<
        ConstructorParameters<typeof CreateClassicLoadBalancerCommand>[0]['Listeners']
      >,
    ) => {
      await elb.send(
        new CreateClassicLoadBalancerCommand({
          LoadBalancerName,
          Listeners,
          Subnets: [subnets.shopA, subnets.shopB],
          SecurityGroups: [groups.shop],
          Scheme: 'internal',
        }),
      );
      return LoadBalancerName;
    };
    // Created in the order the collector asks for them (its services' names, as ListServices sorts
    // their ARNs): moto answers DescribeLoadBalancers in creation order, the emulator in the order
    // asked, and the API reference documents no order.
    const classicLoadBalancers = {
      console: await classicLoadBalancer('console', [
        {
          Protocol: 'SSL',
          LoadBalancerPort: 443,
          InstanceProtocol: 'SSL',
          InstancePort: 8443,
          SSLCertificateId: certificates.admin,
        },
      ]),
      // TLS ends at the load balancer: both listeners forward over HTTP.
      legacy: await classicLoadBalancer('legacy', [
        { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 },
        {
          Protocol: 'HTTPS',
          LoadBalancerPort: 443,
          InstanceProtocol: 'HTTP',
          InstancePort: 8080,
          SSLCertificateId: certificates.shop,
        },
      ]),
      unused: await classicLoadBalancer('classic-unused', [
        { Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 },
      ]),
    };
    const negotiationPolicy = async (
      LoadBalancerName: string,
      PolicyName: string,
      attributes: Record<string, string>,
    ) => {
      await elb.send(
        new CreateLoadBalancerPolicyCommand({
          LoadBalancerName,
          PolicyName,
          PolicyTypeName: 'SSLNegotiationPolicyType',
          PolicyAttributes: Object.entries(attributes).map(([AttributeName, AttributeValue]) => ({
            AttributeName,
            AttributeValue,
          })),
        }),
      );
      await elb.send(
        new SetLoadBalancerPoliciesOfListenerCommand({
          LoadBalancerName,
          LoadBalancerPort: 443,
          PolicyNames: [PolicyName],
        }),
      );
      return PolicyName;
    };
    const classicPolicies = {
      // A predefined policy by reference: TLS 1.2 only.
      legacy: await negotiationPolicy(classicLoadBalancers.legacy, 'legacy-tls', {
        'Reference-Security-Policy': 'ELBSecurityPolicy-TLS-1-2-2017-01',
      }),
      // A custom policy that still enables TLS 1.0.
      console: await negotiationPolicy(classicLoadBalancers.console, 'console-tls', {
        'Protocol-TLSv1': 'true',
        'Protocol-TLSv1.1': 'false',
        'Protocol-TLSv1.2': 'true',
        'ECDHE-RSA-AES128-GCM-SHA256': 'true',
      }),
    };

    // SSM and Secrets Manager -----------------------------------------------------------------
    await ssm.send(
      new PutParameterCommand({ Name: '/prod/db-url', Value: 'postgres://db', Type: 'String' }),
    );
    await ssm.send(
      new PutParameterCommand({ Name: '/prod/api-key', Value: 'k', Type: 'SecureString' }),
    );
    await ssm.send(
      new PutParameterCommand({ Name: '/prod/unreferenced', Value: 'u', Type: 'String' }),
    );
    // The worker names this one by its ARN in MOTO_OTHER_REGION; the local one of the same name is
    // a String, which must not be taken for it.
    await otherRegionSsm.send(
      new PutParameterCommand({ Name: '/prod/eu-db', Value: 'e', Type: 'SecureString' }),
    );
    await ssm.send(new PutParameterCommand({ Name: '/prod/eu-db', Value: 'e', Type: 'String' }));
    const otherRegionParameter = `arn:aws:ssm:${MOTO_OTHER_REGION}:${MOTO_ACCOUNT}:parameter/prod/eu-db`;
    const secret = async (Name: string, Tags?: Tags) =>
      must(
        (await secretsManager.send(new CreateSecretCommand({ Name, SecretString: 'x', Tags }))).ARN,
        'ARN',
      );
    const secrets = {
      db: await secret('prod/db'),
      dbOld: await secret('prod/db-old'),
      dbx: await secret('prod/dbx'),
      registry: await secret('prod/registry', MOTO_TAGS.secretRegistry),
      pull: await secret('prod/pull'),
      unreferenced: await secret('prod/unreferenced'),
    };
    // Still referenced by the worker, and scheduled for deletion (recoverable for 7 days).
    await secretsManager.send(
      new DeleteSecretCommand({ SecretId: secrets.dbOld, RecoveryWindowInDays: 7 }),
    );
    // AWS needs a rotation Lambda here unless one is configured already; moto rotates without one
    // (it would invoke a named Lambda, which needs Docker).
    await secretsManager.send(
      new RotateSecretCommand({
        SecretId: secrets.db,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );

    // ECS ---------------------------------------------------------------------------------------
    const cluster = async (clusterName: string) =>
      must(
        (
          await ecs.send(
            new CreateClusterCommand({
              clusterName,
              settings: [{ name: 'containerInsights', value: 'enabled' }],
            }),
          )
        ).cluster?.clusterArn,
        'clusterArn',
      );
    const clusters = { prod: await cluster('prod'), batch: await cluster('batch') };
    const image = `${MOTO_ACCOUNT}.dkr.ecr.${MOTO_REGION}.amazonaws.com/shop:1`;
    const taskDefinition = async (
      family: string,
      container: Omit<
        NonNullable<
          ConstructorParameters<typeof RegisterTaskDefinitionCommand>[0]['containerDefinitions']
        >[number],
        'name' | 'image'
      >,
      launch: 'FARGATE' | 'EC2' = 'FARGATE',
    ) =>
      must(
        (
          await ecs.send(
            new RegisterTaskDefinitionCommand({
              family,
              // Classic Load Balancers do not support the awsvpc network mode.
              networkMode: launch === 'FARGATE' ? 'awsvpc' : 'bridge',
              requiresCompatibilities: [launch],
              cpu: '256',
              memory: '512',
              containerDefinitions: [{ name: family, image, essential: true, ...container }],
            }),
          )
        ).taskDefinition?.taskDefinitionArn,
        'taskDefinitionArn',
      );
    const taskDefinitions = {
      web: await taskDefinition('web', {
        portMappings: [{ containerPort: 8080 }],
        secrets: [
          { name: 'DB_URL', valueFrom: '/prod/db-url' },
          {
            name: 'API_KEY',
            valueFrom: `arn:aws:ssm:${MOTO_REGION}:${MOTO_ACCOUNT}:parameter/prod/api-key`,
          },
          { name: 'DB', valueFrom: secrets.db },
        ],
        repositoryCredentials: { credentialsParameter: secrets.registry },
      }),
      api: await taskDefinition('api', {
        portMappings: [{ containerPort: 8443 }],
        environment: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'DB_PASSWORD', value: 'Tr0ub4dor-and-3' },
        ],
      }),
      // The worker names its secret by partial ARN (without the random suffix), a parameter of
      // another region by its ARN, and its repository credentials by the secret's name.
      worker: await taskDefinition('worker', {
        secrets: [
          { name: 'DB', valueFrom: secrets.db.replace(/-[A-Za-z0-9]{6}$/, '') },
          { name: 'EU_DB', valueFrom: otherRegionParameter },
          { name: 'OLD_DB', valueFrom: secrets.dbOld },
        ],
        repositoryCredentials: { credentialsParameter: 'prod/pull' },
      }),
      classic: await taskDefinition(
        'classic',
        {
          portMappings: [
            { containerPort: 8080, hostPort: 8080 },
            { containerPort: 8443, hostPort: 8443 },
          ],
        },
        'EC2',
      ),
      unused: await taskDefinition('unused', {
        secrets: [{ name: 'UNUSED', valueFrom: secrets.unreferenced }],
      }),
    };
    const service = async (
      clusterArn: string,
      serviceName: string,
      taskDefinitionArn: string,
      subnetIds: string[],
      securityGroupId: string,
      loadBalancer?: { targetGroupArn: string; containerPort: number },
    ) =>
      must(
        (
          await ecs.send(
            new CreateServiceCommand({
              cluster: clusterArn,
              serviceName,
              taskDefinition: taskDefinitionArn,
              desiredCount: 1,
              launchType: 'FARGATE',
              loadBalancers: loadBalancer
                ? [{ ...loadBalancer, containerName: serviceName }]
                : undefined,
              networkConfiguration: {
                awsvpcConfiguration: {
                  subnets: subnetIds,
                  // moto 5.2 bug: CreateService fails with a 500 (KeyError 'securityGroups')
                  // without security groups, which AWS makes optional (the default group).
                  securityGroups: [securityGroupId],
                  assignPublicIp: 'DISABLED',
                },
              },
            }),
          )
        ).service?.serviceArn,
        'serviceArn',
      );
    // On EC2 in bridge mode behind a Classic Load Balancer (no target group, no network configuration).
    const classicService = async (
      serviceName: string,
      loadBalancerName: string,
      containerPort: number,
    ) =>
      must(
        (
          await ecs.send(
            new CreateServiceCommand({
              cluster: clusters.prod,
              serviceName,
              taskDefinition: taskDefinitions.classic,
              desiredCount: 1,
              launchType: 'EC2',
              loadBalancers: [{ loadBalancerName, containerName: 'classic', containerPort }],
            }),
          )
        ).service?.serviceArn,
        'serviceArn',
      );
    const services = {
      web: await service(
        clusters.prod,
        'web',
        taskDefinitions.web,
        [subnets.shopA, subnets.shopB],
        groups.shop,
        {
          targetGroupArn: targetGroups.web,
          containerPort: 8080,
        },
      ),
      api: await service(clusters.prod, 'api', taskDefinitions.api, [subnets.shopA], groups.shop, {
        targetGroupArn: targetGroups.api,
        containerPort: 8443,
      }),
      worker: await service(
        clusters.batch,
        'worker',
        taskDefinitions.worker,
        [subnets.batch],
        groups.batch,
      ),
      legacy: await classicService('legacy', classicLoadBalancers.legacy, 8080),
      console: await classicService('console', classicLoadBalancers.console, 8443),
    };

    // VPC Lattice --------------------------------------------------------------------------------
    // moto 5.2's ECS drops a service's vpcLatticeConfigurations (CreateService accepts them and
    // answers none), so no seeded ECS service registers with these: the tier hands the Lattice
    // collector ECS services of its own that name them (tests/collect/moto.test.ts).
    const latticeTargetGroup = async (
      name: string,
      protocol: 'HTTP' | 'HTTPS',
      port: number,
      vpcIdentifier: string,
    ) =>
      must(
        (
          await vpcLattice.send(
            new CreateLatticeTargetGroupCommand({
              name,
              type: 'IP',
              config: { protocol, port, vpcIdentifier },
            }),
          )
        ).arn,
        'arn',
      );
    const latticeTargetGroups = {
      orders: await latticeTargetGroup('orders', 'HTTPS', 8443, vpcs.shop),
      payments: await latticeTargetGroup('payments', 'HTTP', 8080, vpcs.shop),
      unused: await latticeTargetGroup('lattice-unused', 'HTTP', 80, vpcs.batch),
    };
    const shop = await vpcLattice.send(new CreateLatticeServiceCommand({ name: 'shop' }));
    const latticeService = must(shop.arn, 'arn');
    const latticeListener = must(
      (
        await vpcLattice.send(
          new CreateLatticeListenerCommand({
            // moto 5.2 bug: a service named by its ARN is not found (ResourceNotFoundException;
            // API Reference, CreateListener: serviceIdentifier "The ID or ARN of the service").
            serviceIdentifier: must(shop.id, 'id'),
            name: 'http',
            protocol: 'HTTP',
            port: 80,
            defaultAction: {
              forward: {
                targetGroups: [
                  { targetGroupIdentifier: latticeTargetGroups.payments, weight: 100 },
                ],
              },
            },
          }),
        )
      ).arn,
      'arn',
    );

    return {
      vpcs,
      subnets,
      endpoints,
      certificates,
      loadBalancers,
      targetGroups,
      listeners,
      rules,
      classicLoadBalancers,
      classicPolicies,
      secrets,
      otherRegionParameter,
      clusters,
      services,
      taskDefinitions,
      lattice: {
        targetGroups: latticeTargetGroups,
        service: latticeService,
        listener: latticeListener,
      },
    };
  } finally {
    for (const client of [
      ec2,
      elbv2,
      elb,
      acm,
      ssm,
      otherRegionSsm,
      secretsManager,
      ecs,
      vpcLattice,
    ])
      client.destroy();
  }
};
