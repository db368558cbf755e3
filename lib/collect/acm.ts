// ACM: DescribeCertificate for the ACM certificates of in-scope TLS listeners (default and SNI).
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import {
  certificateArnsOf,
  certificateStore,
  isTlsTerminatingListener,
} from '../elbv2/listeners.ts';
import type { AcmCertificate, Elbv2Section } from '../snapshot/types.ts';
import { attempt, orAbsent, succeeded } from './call.ts';
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

/** A certificate whose call failed, or that does not exist, is left out (= not described); undefined when listeners were not collected. */
export const collectAcm = async (
  context: RegionContext,
  elbv2: Elbv2Section | undefined,
): Promise<{ certificates: AcmCertificate[] } | undefined> => {
  if (!elbv2?.listeners) return undefined;
  const outcomes = await Promise.all(
    certificateArnsOfListeners(elbv2).map((CertificateArn) =>
      attempt(context, 'acm', 'DescribeCertificate', () =>
        orAbsent(async () => {
          const out = await context.clients.acm.send(
            new DescribeCertificateCommand({ CertificateArn }),
          );
          return out.Certificate ? [jsonify(out.Certificate)] : [];
        }, 'ResourceNotFoundException'),
      ),
    ),
  );
  return { certificates: succeeded(outcomes).flat() };
};
