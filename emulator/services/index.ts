// The services the emulator answers, by SigV4 signing name.
import type { EmulatedService } from '../api.ts';
import { acm } from './acm.ts';
import { appmesh } from './appmesh.ts';
import { ec2 } from './ec2.ts';
import { ecs } from './ecs.ts';
import { elbv2 } from './elbv2.ts';
import { organizations } from './organizations.ts';
import { secretsManager } from './secretsManager.ts';
import { securityHub } from './securityHub.ts';
import { sqs } from './sqs.ts';
import { ssm } from './ssm.ts';
import { sts } from './sts.ts';
import type { ServiceDefinition } from './types.ts';

export const SERVICES: Record<EmulatedService, ServiceDefinition> = {
  ecs,
  elasticloadbalancing: elbv2,
  ec2,
  appmesh,
  acm,
  ssm,
  secretsmanager: secretsManager,
  securityhub: securityHub,
  sts,
  sqs,
  organizations,
};
