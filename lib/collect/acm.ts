// ACM: the certificates of in-scope TLS listeners (default and SNI), from ListCertificates when the
// listeners name two or more (one page answers up to 1,000), by DescribeCertificate otherwise.
import {
  type CertificateDetail,
  CertificateKeyPairOrigin,
  type CertificateSummary,
  DescribeCertificateCommand,
  KeyAlgorithm,
  paginateListCertificates,
} from '@aws-sdk/client-acm';
import { classicCertificateArnsOf } from '../snapshot/classicListeners.ts';
import {
  certificateArnsOf,
  certificateStore,
  isTlsTerminatingListener,
} from '../snapshot/listeners.ts';
import type { AcmCertificate, ElbSection, Elbv2Section } from '../snapshot/types.ts';
import { attempt, type Outcome, orNotedAbsent, pages, succeeded } from './call.ts';
import { jsonify, unique } from './json.ts';
import type { Logger, RegionContext } from './types.ts';

export const certificateArnsOfListeners = (elbv2: Elbv2Section): string[] =>
  unique(
    (elbv2.listeners ?? [])
      .filter(isTlsTerminatingListener)
      .flatMap((listener) =>
        certificateArnsOf(
          listener,
          listener.ListenerArn ? elbv2.listenerCertificates?.[listener.ListenerArn] : undefined,
        ),
      )
      .filter((arn) => certificateStore(arn) === 'acm'),
  );

/** The ACM certificates of the Classic Load Balancers' HTTPS/SSL listeners. */
export const certificateArnsOfClassic = (elb: ElbSection | undefined): string[] =>
  unique(
    (elb?.loadBalancers ?? [])
      .flatMap(classicCertificateArnsOf)
      .filter((arn) => certificateStore(arn) === 'acm'),
  );

/** ListCertificates' largest page (ACM API Reference, ListCertificates `MaxItems`). */
export const LIST_PAGE_SIZE = 1000;
/** ListCertificates gives the first 100 names; HasAdditionalSubjectAlternativeNames says more exist. */
const LISTED_NAMES = 100;

/**
 * The fields of a certificate that the snapshot keeps: those ListCertificates' summary and
 * DescribeCertificate share, so that a certificate reads the same whichever call found it.
 */
const KEPT = [
  'CertificateArn',
  'DomainName',
  'SubjectAlternativeNames',
  'Status',
  'Type',
  'KeyAlgorithm',
  'RenewalEligibility',
  'NotBefore',
  'NotAfter',
  'CreatedAt',
  'IssuedAt',
  'ImportedAt',
  'RevokedAt',
  'ManagedBy',
] as const satisfies readonly (keyof CertificateDetail)[];

type Kept = Pick<CertificateDetail, (typeof KEPT)[number]>;

const kept = (certificate: Kept): AcmCertificate =>
  jsonify(
    Object.fromEntries(
      KEPT.flatMap((key) => (certificate[key] === undefined ? [] : [[key, certificate[key]]])),
    ),
  ) as AcmCertificate;

/** A described certificate, as the snapshot keeps it. */
export const certificateOfDetail = (detail: CertificateDetail): AcmCertificate => kept(detail);

/** A listed certificate, as the snapshot keeps it (its names are complete: see namesCutOff). */
export const certificateOfSummary = (summary: CertificateSummary): AcmCertificate =>
  kept({ ...summary, SubjectAlternativeNames: summary.SubjectAlternativeNameSummaries });

/**
 * The summary may not give all the names: more exist, or it does not say and lists 100, or it lists
 * none (ACM always lists the domain name among them; moto sends no summaries). The SNI check needs
 * every name.
 */
const namesCutOff = (summary: CertificateSummary): boolean => {
  const listed = summary.SubjectAlternativeNameSummaries;
  if (listed === undefined) return true;
  const more = summary.HasAdditionalSubjectAlternativeNames;
  return more === true || (more === undefined && listed.length >= LISTED_NAMES);
};

/**
 * Every certificate of the account and region. Without `Includes.keyTypes` ListCertificates returns
 * only RSA_1024 and RSA_2048 keys, and without `CertificateKeyPairOrigins` no ACME certificate:
 * both are asked for in full (ACM API Reference, ListCertificates and Filters, "Default filtering").
 */
const listCertificates = (context: RegionContext): Promise<Outcome<CertificateSummary[]>> =>
  attempt(
    context,
    'acm',
    'ListCertificates',
    async () =>
      (
        await pages(
          paginateListCertificates(
            { client: context.clients.acm, pageSize: LIST_PAGE_SIZE },
            {
              Includes: { keyTypes: Object.values(KeyAlgorithm) },
              CertificateKeyPairOrigins: Object.values(CertificateKeyPairOrigin),
            },
          ),
        )
      ).flatMap((page) => page.CertificateSummaryList ?? []),
    // A failed listing leaves nothing out: its certificates are described one by one instead.
    { record: () => false },
  );

const describeCertificate = (
  context: RegionContext,
  CertificateArn: string,
): Promise<Outcome<AcmCertificate[]>> =>
  attempt(
    context,
    'acm',
    'DescribeCertificate',
    () =>
      orNotedAbsent(
        { context, service: 'acm', operation: 'DescribeCertificate', items: [CertificateArn] },
        async (): Promise<AcmCertificate[]> => {
          const out = await context.clients.acm.send(
            new DescribeCertificateCommand({ CertificateArn }),
          );
          return out.Certificate ? [certificateOfDetail(out.Certificate)] : [];
        },
        'ResourceNotFoundException',
      ),
    { items: [CertificateArn] },
  );

/**
 * Collects ACM certificates as the ELBv2 and Classic collectors find them (`add`), so that the
 * listing starts while they still run.
 *
 * Which call: one certificate named is one DescribeCertificate; from the second, ListCertificates,
 * whose page of 1,000 costs one call (the account's total is unknown beforehand, and ACM's default
 * quota is 2,500 certificates: at most 3 pages). Then DescribeCertificate only for a named
 * certificate the listing did not return (never assumed fine: described, or noted absent) or whose
 * names it cut off. A failed listing (AccessDenied, throttling after retries) fails closed: every
 * named certificate is described one by one, and one that cannot be is left out (NOT_AVAILABLE).
 */
export interface CertificateCollector {
  /** The ACM certificates these listeners name (ACM ARNs only; each counted once). */
  add(certificateArns: readonly string[]): void;
  /**
   * The certificates of the sections' TLS listeners, ELBv2 and Classic; undefined when neither's
   * listeners were collected. A certificate whose call failed, or that does not exist, is left out
   * (= not described).
   */
  result(
    elbv2: Elbv2Section | undefined,
    elb?: ElbSection | undefined,
  ): Promise<{ certificates: AcmCertificate[] } | undefined>;
}

export const certificateCollector = (
  context: RegionContext,
  logger?: Logger,
): CertificateCollector => {
  const named = new Set<string>();
  let listing: Promise<Outcome<CertificateSummary[]>> | undefined;
  const described = new Map<string, Promise<Outcome<AcmCertificate[]>>>();
  const describe = (arn: string) => {
    let outcome = described.get(arn);
    if (!outcome) {
      outcome = describeCertificate(context, arn);
      described.set(arn, outcome);
    }
    return outcome;
  };
  const add = (certificateArns: readonly string[]) => {
    for (const arn of certificateArns) {
      if (certificateStore(arn) === 'acm') named.add(arn);
    }
    if (named.size >= 2) listing ??= listCertificates(context);
  };
  const listed = async (): Promise<Map<string, CertificateSummary> | undefined> => {
    if (!listing) return undefined;
    const outcome = await listing;
    if (outcome.ok) {
      return new Map(
        outcome.value.flatMap((s) => (s.CertificateArn ? [[s.CertificateArn, s]] : [])),
      );
    }
    logger?.warn(
      `acm ListCertificates failed in ${context.region} after retries; the ${named.size} certificates the listeners name are described one by one instead.`,
      { region: context.region, service: 'acm', operation: 'ListCertificates' },
    );
    return undefined;
  };
  return {
    add,
    result: async (elbv2, elb) => {
      if (!elbv2?.listeners && !elb?.loadBalancers) return undefined;
      const arns = unique([
        ...(elbv2?.listeners ? certificateArnsOfListeners(elbv2) : []),
        ...certificateArnsOfClassic(elb),
      ]);
      add(arns);
      const summaries = await listed();
      const certificates = await Promise.all(
        arns.map(async (arn): Promise<AcmCertificate[]> => {
          const summary = summaries?.get(arn);
          if (summary && !namesCutOff(summary)) return [certificateOfSummary(summary)];
          return succeeded([await describe(arn)]).flat();
        }),
      );
      return { certificates: certificates.flat() };
    },
  };
};

/** A certificate whose call failed, or that does not exist, is left out (= not described); undefined when listeners were not collected. */
export const collectAcm = (
  context: RegionContext,
  elbv2: Elbv2Section | undefined,
): Promise<{ certificates: AcmCertificate[] } | undefined> =>
  certificateCollector(context).result(elbv2);
