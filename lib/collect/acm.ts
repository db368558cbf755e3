// ACM: DescribeCertificate for the ACM certificates of in-scope TLS listeners (default and SNI).
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { classicCertificateArnsOf } from '../snapshot/classicListeners.ts';
import {
  certificateArnsOf,
  certificateStore,
  isTlsTerminatingListener,
} from '../snapshot/listeners.ts';
import type { AcmCertificate, ElbSection, Elbv2Section } from '../snapshot/types.ts';
import { attempt, type Outcome, orNotedAbsent, succeeded } from './call.ts';
import { jsonify, unique } from './json.ts';
import type { RegionContext } from './types.ts';

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
          return out.Certificate ? [jsonify(out.Certificate)] : [];
        },
        'ResourceNotFoundException',
      ),
    { items: [CertificateArn] },
  );

/**
 * Describes ACM certificates as the ELBv2 collector finds them (`add`, once per ARN), so that the
 * ACM bucket runs alongside the ELBv2 one instead of after it.
 */
export interface CertificateCollector {
  /** Starts describing these certificates (ACM ARNs only; each at most once). */
  add(certificateArns: readonly string[]): void;
  /**
   * The certificates of the sections' TLS listeners, ELBv2 and Classic (describing any not added
   * yet); undefined when neither's listeners were collected. A certificate whose call failed, or
   * that does not exist, is left out (= not described).
   */
  result(
    elbv2: Elbv2Section | undefined,
    elb?: ElbSection | undefined,
  ): Promise<{ certificates: AcmCertificate[] } | undefined>;
}

export const certificateCollector = (context: RegionContext): CertificateCollector => {
  const started = new Map<string, Promise<Outcome<AcmCertificate[]>>>();
  const add = (certificateArns: readonly string[]) => {
    for (const arn of certificateArns) {
      if (certificateStore(arn) !== 'acm' || started.has(arn)) continue;
      started.set(arn, describeCertificate(context, arn));
    }
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
      const outcomes = await Promise.all(
        arns.map((arn) => started.get(arn) as Promise<Outcome<AcmCertificate[]>>),
      );
      return { certificates: succeeded(outcomes).flat() };
    },
  };
};

/** A certificate whose call failed, or that does not exist, is left out (= not described); undefined when listeners were not collected. */
export const collectAcm = (
  context: RegionContext,
  elbv2: Elbv2Section | undefined,
): Promise<{ certificates: AcmCertificate[] } | undefined> =>
  certificateCollector(context).result(elbv2);
