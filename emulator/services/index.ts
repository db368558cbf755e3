// The services the emulator answers, by SigV4 signing name.
import type { EmulatedService } from '../api.ts';
import { queryParameter } from '../protocols/query.ts';
import type { RawRequest } from '../protocols/types.ts';
import { acm } from './acm.ts';
import { appmesh } from './appmesh.ts';
import { ec2 } from './ec2.ts';
import { ecs } from './ecs.ts';
import { CLASSIC_API_VERSION, elb } from './elb.ts';
import { elbv2 } from './elbv2.ts';
import { organizations } from './organizations.ts';
import { secretsManager } from './secretsManager.ts';
import { securityHub } from './securityHub.ts';
import { sqs } from './sqs.ts';
import { ssm } from './ssm.ts';
import { sts } from './sts.ts';
import { tagging } from './tagging.ts';
import type { ServiceDefinition } from './types.ts';
import { vpcLattice } from './vpcLattice.ts';

export const SERVICES: Record<EmulatedService, ServiceDefinition> = {
  ecs,
  elasticloadbalancing: elbv2,
  elb,
  'vpc-lattice': vpcLattice,
  ec2,
  appmesh,
  acm,
  ssm,
  secretsmanager: secretsManager,
  securityhub: securityHub,
  sts,
  sqs,
  organizations,
  tagging,
};

/**
 * The service that answers a request signed for `signingName`: Classic and ELBv2 share the signing
 * name `elasticloadbalancing` (and the awsQuery protocol), the request's `Version` tells them apart.
 * `elb` is no signing name: nothing is routed to it by its credential scope.
 */
export const serviceFor = (
  signingName: string,
  request: RawRequest,
): ServiceDefinition | undefined => {
  if (signingName === 'elb' || !Object.hasOwn(SERVICES, signingName)) return undefined;
  if (
    signingName === 'elasticloadbalancing' &&
    queryParameter(request, 'Version') === CLASSIC_API_VERSION
  ) {
    return elb;
  }
  return SERVICES[signingName as EmulatedService];
};
