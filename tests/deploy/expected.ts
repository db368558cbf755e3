// What the deployment must contain, written out once from the issue (the change events) and the
// handlers (the functions): serverless.yml and deploy/member-role.yaml are tested against these.

/** The CloudTrail management events that trigger a rescan, per EventBridge source. */
export const CHANGE_EVENTS = {
  'aws.ecs': {
    eventSource: 'ecs.amazonaws.com',
    eventNames: [
      'CreateService',
      'UpdateService',
      'DeleteService',
      'UpdateCluster',
      'PutClusterCapacityProviders',
      'DeregisterTaskDefinition',
      'DeleteTaskDefinitions',
    ],
  },
  'aws.elasticloadbalancing': {
    eventSource: 'elasticloadbalancing.amazonaws.com',
    eventNames: [
      'DeleteLoadBalancer',
      'CreateListener',
      'ModifyListener',
      'DeleteListener',
      'AddListenerCertificates',
      'RemoveListenerCertificates',
      'CreateRule',
      'ModifyRule',
      'DeleteRule',
      'ModifyTargetGroup',
      'CreateLoadBalancerListeners',
      'DeleteLoadBalancerListeners',
      'SetLoadBalancerPoliciesOfListener',
      'SetLoadBalancerListenerSSLCertificate',
    ],
  },
  'aws.ec2': {
    eventSource: 'ec2.amazonaws.com',
    eventNames: ['CreateVpcEndpoint', 'ModifyVpcEndpoint', 'DeleteVpcEndpoints'],
  },
  'aws.appmesh': {
    eventSource: 'appmesh.amazonaws.com',
    eventNames: [
      'CreateMesh',
      'UpdateMesh',
      'DeleteMesh',
      'CreateVirtualNode',
      'UpdateVirtualNode',
      'DeleteVirtualNode',
      'CreateVirtualGateway',
      'UpdateVirtualGateway',
      'DeleteVirtualGateway',
    ],
  },
  'aws.vpc-lattice': {
    eventSource: 'vpc-lattice.amazonaws.com',
    eventNames: [
      'CreateListener',
      'UpdateListener',
      'DeleteListener',
      'CreateRule',
      'UpdateRule',
      'DeleteRule',
      'BatchUpdateRule',
      'DeleteService',
      'DeleteTargetGroup',
    ],
  },
} as const;

export type ChangeEventSource = keyof typeof CHANGE_EVENTS;

/** The event pattern of one source's change-event rule (failed calls changed nothing). */
export const changeEventPattern = (source: ChangeEventSource) => ({
  source: [source],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: {
    eventSource: [CHANGE_EVENTS[source].eventSource],
    eventName: [...CHANGE_EVENTS[source].eventNames],
    errorCode: [{ exists: false }],
  },
});

export const ON_DEMAND_PATTERN = {
  source: ['ecs-encryption-scanner'],
  'detail-type': ['Scan Requested'],
};

/** Each function: its CloudFormation logical ID, memory (MB) and timeout (s). */
export const FUNCTIONS = {
  planner: { logicalId: 'PlannerLambdaFunction', memorySize: 256, timeout: 120 },
  worker: { logicalId: 'WorkerLambdaFunction', memorySize: 1024, timeout: 900 },
  changeEvent: { logicalId: 'ChangeEventLambdaFunction', memorySize: 256, timeout: 60 },
  onDemand: { logicalId: 'OnDemandLambdaFunction', memorySize: 256, timeout: 60 },
} as const;

export type FunctionName = keyof typeof FUNCTIONS;
export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** The services the scanner reads: only Describe and List calls on them, never a write or a Get. */
export const SCANNED_SERVICES = [
  'acm',
  'appmesh',
  'ec2',
  'ecs',
  'elasticloadbalancing',
  'secretsmanager',
  'ssm',
] as const;

/** Queue actions the role allows on the scan queue and nowhere else (the worker's retry delay). */
export const SCAN_QUEUE_ONLY_ACTIONS = ['sqs:ChangeMessageVisibility'] as const;
