// Scans for the report tests: the demo account, and the demo account with hostile AWS data and
// collection gaps added.
import { join } from 'node:path';
import { checks } from '../../checks/registry.ts';
import { DEFAULT_CONFIG } from '../../lib/config.ts';
import { evaluateSnapshot, type ScanResult } from '../../lib/evaluate/evaluate.ts';
import type { CheckResult } from '../../lib/model.ts';
import { loadSnapshotFile } from '../../lib/snapshot/load.ts';
import { ACCOUNT, NOW, REGION } from '../support/evaluate.ts';

export const DEMO_FILE = join(import.meta.dirname, '..', '..', 'examples', 'demo-account.json');

/** A resource name an attacker could give a service: markup, if anything renders it unescaped. */
export const MALICIOUS = '<img src=x onerror=alert(1)>';
export const HOSTILE_REASON = `Service ${MALICIOUS} is named "><script>alert(2)</script> & 'quoted'.`;
export const HOSTILE_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/${MALICIOUS}`;

export const hostileResult: CheckResult = {
  checkId: 'ecs_service_connect_tls_enabled',
  status: 'FAILED',
  severity: 'CRITICAL',
  reason: HOSTILE_REASON,
  resource: {
    kind: 'service',
    arn: HOSTILE_ARN,
    region: REGION,
    name: MALICIOUS,
    attributes: { serviceName: MALICIOUS },
  },
};

export const demoScan = async (): Promise<ScanResult> =>
  evaluateSnapshot(await loadSnapshotFile(DEMO_FILE), DEFAULT_CONFIG, NOW, checks);

/** The demo scan plus a result with a malicious name, a failed call and a section not collected. */
export const hostileScan = async (): Promise<ScanResult> => {
  const scan = await demoScan();
  return {
    ...scan,
    results: [...scan.results, hostileResult],
    notCollected: [{ region: 'eu-west-1', section: 'appmesh.meshes' }],
    collectionFailures: [
      {
        region: 'eu-west-1',
        service: 'ecs',
        operation: 'DescribeTaskDefinition',
        errorCode: 'AccessDeniedException',
        count: 3,
      },
    ],
  };
};

export const countBy = (results: readonly CheckResult[], status: CheckResult['status']) =>
  results.filter((r) => r.status === status).length;
