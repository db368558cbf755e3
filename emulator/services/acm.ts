// AWS Certificate Manager (awsJson1_1): DescribeCertificate over `acm.certificates`.
import { DescribeCertificate$ } from '@aws-sdk/client-acm';
import { awsJsonProtocol } from '../protocols/awsJson.ts';
import { awsJsonErrors, collected, error } from './common.ts';
import type { BucketSpec, CallContext, Input, ServiceDefinition } from './types.ts';

const describeCertificate = (input: Input, context: CallContext) => {
  const arn: string = input.CertificateArn ?? '';
  if (!/^arn:[\w-]+:acm:[\w-]+:\d{12}:certificate\/.+$/.test(arn)) {
    throw error('InvalidArnException', `The ARN ${arn} is not valid.`);
  }
  const certificate = collected(context, context.data.acm?.certificates, 'acm.certificates').find(
    (candidate) => candidate.CertificateArn === arn,
  );
  if (!certificate) throw error('ResourceNotFoundException', `Could not find certificate ${arn}.`);
  return { Certificate: certificate };
};

// ACM quotas: DescribeCertificate 10 requests per second (no burst published: 10).
const DESCRIBE_CERTIFICATE: BucketSpec = { category: 'DescribeCertificate', burst: 10, rate: 10 };

export const acm: ServiceDefinition = {
  name: 'acm',
  protocol: awsJsonProtocol({ version: '1.1', serviceTarget: 'CertificateManager' }),
  operations: {
    DescribeCertificate: { schema: DescribeCertificate$, handler: describeCertificate },
  },
  errors: awsJsonErrors('acm'),
  bucket: () => DESCRIBE_CERTIFICATE,
};
