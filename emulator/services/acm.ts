// AWS Certificate Manager (awsJson1_1): DescribeCertificate and ListCertificates over
// `acm.certificates`.
import { DescribeCertificate$, ListCertificates$ } from '@aws-sdk/client-acm';
import type { AcmCertificate } from '../../lib/snapshot/types.ts';
import { awsJsonProtocol } from '../protocols/awsJson.ts';
import { awsJsonErrors, collected, error, type PageSpec, paginate } from './common.ts';
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

// ACM API Reference, Filters `keyTypes`: "Default filtering returns only RSA_1024 and RSA_2048
// certificates"; ListCertificates `CertificateKeyPairOrigins`: by default AWS_MANAGED and
// CUSTOMER_PROVIDED only (no ACME). A snapshot certificate without these fields counts as RSA_2048
// and AWS_MANAGED, ACM's defaults.
const DEFAULT_KEY_TYPES = ['RSA_1024', 'RSA_2048'];
const DEFAULT_ORIGINS = ['AWS_MANAGED', 'CUSTOMER_PROVIDED'];
/** The summary carries the first 100 names (HasAdditionalSubjectAlternativeNames: more exist). */
const SUMMARY_NAMES = 100;

const invalidArgs = (message: string) => error('InvalidArgsException', message);

// MaxItems 1..1000; AWS documents no default page size: the largest.
const PAGE: PageSpec = {
  defaultSize: 1000,
  maxSize: 1000,
  invalidSize: (size) => invalidArgs(`MaxItems ${size} is not between 1 and 1000.`),
  invalidToken: () => invalidArgs('The NextToken is not valid.'),
};

type Listed = AcmCertificate & {
  CertificateKeyPairOrigin?: string;
  ManagedBy?: string;
};

const names = (values: readonly { Name?: string }[] | undefined) =>
  (values ?? []).flatMap((v) => (v.Name ? [v.Name] : []));

const matches = (certificate: Listed, input: Input): boolean => {
  const includes = input.Includes ?? {};
  const keyTypes: string[] = includes.keyTypes?.length ? includes.keyTypes : DEFAULT_KEY_TYPES;
  const origins: string[] = input.CertificateKeyPairOrigins?.length
    ? input.CertificateKeyPairOrigins
    : DEFAULT_ORIGINS;
  const statuses: string[] = input.CertificateStatuses ?? [];
  const anyOf = (wanted: string[] | undefined, have: string[]) =>
    !wanted?.length || wanted.some((w) => have.includes(w));
  return (
    keyTypes.includes(certificate.KeyAlgorithm ?? 'RSA_2048') &&
    origins.includes(certificate.CertificateKeyPairOrigin ?? 'AWS_MANAGED') &&
    (statuses.length === 0 || statuses.includes(certificate.Status ?? '')) &&
    (includes.exportOption === undefined ||
      (certificate.Options?.Export ?? 'DISABLED') === includes.exportOption) &&
    (includes.managedBy === undefined || certificate.ManagedBy === includes.managedBy) &&
    anyOf(includes.keyUsage, names(certificate.KeyUsages)) &&
    anyOf(includes.extendedKeyUsage, names(certificate.ExtendedKeyUsages))
  );
};

/** A CertificateSummary of a snapshot certificate: the fields it has, names cut at 100. */
const summaryOf = (certificate: Listed) => {
  const sans = certificate.SubjectAlternativeNames;
  return {
    CertificateArn: certificate.CertificateArn,
    DomainName: certificate.DomainName,
    ...(sans
      ? {
          SubjectAlternativeNameSummaries: sans.slice(0, SUMMARY_NAMES),
          HasAdditionalSubjectAlternativeNames: sans.length > SUMMARY_NAMES,
        }
      : {}),
    Status: certificate.Status,
    Type: certificate.Type,
    KeyAlgorithm: certificate.KeyAlgorithm,
    KeyUsages: certificate.KeyUsages && names(certificate.KeyUsages),
    ExtendedKeyUsages: certificate.ExtendedKeyUsages && names(certificate.ExtendedKeyUsages),
    ExportOption: certificate.Options?.Export,
    InUse: certificate.InUseBy && certificate.InUseBy.length > 0,
    RenewalEligibility: certificate.RenewalEligibility,
    NotBefore: certificate.NotBefore,
    NotAfter: certificate.NotAfter,
    CreatedAt: certificate.CreatedAt,
    IssuedAt: certificate.IssuedAt,
    ImportedAt: certificate.ImportedAt,
    RevokedAt: certificate.RevokedAt,
    ManagedBy: certificate.ManagedBy,
    CertificateKeyPairOrigin: certificate.CertificateKeyPairOrigin,
  };
};

const listCertificates = (input: Input, context: CallContext) => {
  const certificates = collected(
    context,
    context.data.acm?.certificates,
    'acm.certificates',
  ) as Listed[];
  const page = paginate(
    certificates.filter((certificate) => matches(certificate, input)),
    { size: input.MaxItems, token: input.NextToken },
    PAGE,
    context,
  );
  return { CertificateSummaryList: page.items.map(summaryOf), NextToken: page.nextToken };
};

// ACM quotas: DescribeCertificate 10 and ListCertificates 8 requests per second (no burst
// published: one second's worth).
const BUCKETS: Record<string, BucketSpec> = {
  DescribeCertificate: { category: 'DescribeCertificate', burst: 10, rate: 10 },
  ListCertificates: { category: 'ListCertificates', burst: 8, rate: 8 },
};

export const acm: ServiceDefinition = {
  name: 'acm',
  protocol: awsJsonProtocol({ version: '1.1', serviceTarget: 'CertificateManager' }),
  operations: {
    DescribeCertificate: { schema: DescribeCertificate$, handler: describeCertificate },
    ListCertificates: { schema: ListCertificates$, handler: listCertificates },
  },
  errors: awsJsonErrors('acm'),
  bucket: (operation) => BUCKETS[operation] ?? (BUCKETS.DescribeCertificate as BucketSpec),
};
