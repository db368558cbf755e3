import { describe, expect, it } from 'vitest';
import { check } from '../../../checks/elbv2/elbv2_listener_mutual_tls_verified.ts';
import type { ElbTrustStore, RegionSnapshot } from '../../../lib/snapshot/types.ts';
import { elbAccount, httpsListener, listener } from '../../support/elb.ts';
import { ACCOUNT, REGION, runCheck } from '../../support/evaluate.ts';

const STORE_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:truststore/clients/73e2d6bc24d8a067`;
const store = (Status = 'ACTIVE'): ElbTrustStore =>
  ({ TrustStoreArn: STORE_ARN, Name: 'clients', Status }) as ElbTrustStore;
const CONFIDENTIAL = [{ key: 'DataClassification', value: 'confidential' }];

const verify = (fields: Record<string, unknown> = {}) => ({
  MutualAuthentication: { Mode: 'verify', TrustStoreArn: STORE_ARN, ...fields },
});

/** The test account's service tagged confidential, behind one HTTPS listener. */
const account = (
  mutual: Record<string, unknown>,
  /** `null`: not collected. */
  trustStores: ElbTrustStore[] | null = [store()],
  confidential = true,
): RegionSnapshot => {
  const data = elbAccount({
    listeners: [httpsListener('443', mutual)],
    ...(trustStores === null ? {} : { trustStores }),
  });
  const [service] = data.ecs?.services ?? [];
  if (service && confidential) service.tags = CONFIDENTIAL;
  return data;
};

describe('elbv2_listener_mutual_tls_verified', () => {
  it.each([
    [
      'passes when it verifies against an ACTIVE trust store',
      verify(),
      undefined,
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'passes with a shared trust store whose association is active',
      verify({ TrustStoreAssociationStatus: 'active' }),
      undefined,
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'reads the mode in any case',
      verify({ Mode: 'VERIFY' }),
      undefined,
      'PASSED',
      'INFORMATIONAL',
    ],
    [
      'fails when mutual authentication is off',
      { MutualAuthentication: { Mode: 'off' } },
      undefined,
      'FAILED',
      'MEDIUM',
    ],
    ['fails when mutual authentication is absent', {}, undefined, 'FAILED', 'MEDIUM'],
    [
      'fails when the shared trust store association was removed',
      verify({ TrustStoreAssociationStatus: 'removed' }),
      undefined,
      'FAILED',
      'MEDIUM',
    ],
    [
      'warns when client certificates pass through unverified',
      { MutualAuthentication: { Mode: 'passthrough' } },
      undefined,
      'WARNING',
      'LOW',
    ],
    [
      'warns when expired client certificates are accepted',
      verify({ IgnoreClientCertificateExpiry: true }),
      undefined,
      'WARNING',
      'LOW',
    ],
    [
      'is not available when trust stores were not collected',
      verify(),
      null,
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available when the trust store was not described',
      verify(),
      [],
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available while the trust store is CREATING',
      verify(),
      [store('CREATING')],
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available in verify mode without a trust store ARN',
      { MutualAuthentication: { Mode: 'verify' } },
      undefined,
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
    [
      'is not available for an unrecognized mode',
      { MutualAuthentication: { Mode: 'strict' } },
      undefined,
      'NOT_AVAILABLE',
      'INFORMATIONAL',
    ],
  ] as const)('%s', async (_name, mutual, trustStores, status, severity) => {
    // Prepare
    const data = account(
      mutual,
      trustStores === null ? null : trustStores === undefined ? [store()] : [...trustStores],
    );

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => [r.status, r.severity])).toEqual([[status, severity]]);
    expect(results[0]?.relatedResources?.map((r) => r.kind)).toEqual(['loadBalancer', 'service']);
  });

  it('does not judge listeners in front of services not tagged confidential', async () => {
    // Prepare
    const data = account({}, [store()], false);

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results).toEqual([]);
  });

  it('judges HTTPS listeners only (HTTP and TLS listeners have no mutual authentication)', async () => {
    // Prepare
    const data = account({});
    data.elbv2?.listeners?.push(listener('80', 'HTTP'), listener('8443', 'TLS'));

    // Act
    const results = await runCheck(check, data);

    // Assess
    expect(results.map((r) => r.resource.name)).toEqual(['elb-web HTTPS:443']);
  });

  it('uses the configured confidential tag', async () => {
    // Prepare
    const data = account({}, [store()], false);
    const [service] = data.ecs?.services ?? [];
    if (service) service.tags = [{ key: 'tier', value: 'PCI' }];

    // Act
    const results = await runCheck(check, data, {
      config: { confidentialTag: { key: 'tier', value: 'pci' } },
    });

    // Assess
    expect(results.map((r) => r.status)).toEqual(['FAILED']);
  });

  it('says what the application must do in passthrough mode', async () => {
    // Prepare
    const data = account({ MutualAuthentication: { Mode: 'passthrough' } });

    // Act
    const [result] = await runCheck(check, data);

    // Assess
    expect(result?.reason).toBe(
      'Listener elb-web HTTPS:443 (in front of confidential service prod/elb-web) passes client certificates through unverified (MutualAuthentication.Mode passthrough): the application must verify the chain it receives in the X-Amzn-Mtls-Clientcert header.',
    );
  });
});
