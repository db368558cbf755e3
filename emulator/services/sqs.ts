// Amazon SQS (awsJson1_0, awsQuery-compatible): the protocol is wired for a later fan-out; no
// operation is emulated yet, so every call answers UnknownOperationException.
import { awsJsonProtocol } from '../protocols/awsJson.ts';
import { DEFAULT_BUCKET, serviceErrors } from './common.ts';
import type { ServiceDefinition } from './types.ts';

export const sqs: ServiceDefinition = {
  name: 'sqs',
  protocol: awsJsonProtocol({ version: '1.0', serviceTarget: 'AmazonSQS', queryCompatible: true }),
  operations: {},
  errors: serviceErrors('sqs', {
    throttling: ['ThrottlingException', 400],
    accessDenied: ['AccessDeniedException', 400],
    unknownOperation: ['UnknownOperationException', 400],
  }),
  bucket: () => DEFAULT_BUCKET,
};
