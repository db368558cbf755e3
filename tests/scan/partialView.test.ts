import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import type { ScanFocus } from '../../lib/collect/focus.ts';
import type { CheckResult, ComplianceStatus } from '../../lib/model.ts';
import { conclusiveResults, hostSectionsOf } from '../../lib/scan/partialView.ts';

const VPC = 'vpc_ecs_interface_endpoints';
const SERVICE = 'ecs_service_connect_tls_enabled';

const result = (checkId: string, status: ComplianceStatus): CheckResult => ({
  checkId,
  status,
  severity: 'MEDIUM',
  reason: `${checkId} ${status}`,
  resource: {
    kind: checkId === VPC ? 'vpc' : 'service',
    arn: `arn:aws:ecs:us-east-1:111122223333:${checkId}`,
    region: 'us-east-1',
    name: checkId,
    attributes: {},
  },
});

const ONE_SERVICE: ScanFocus = { services: [{ cluster: 'c', service: 's' }] };

describe('conclusiveResults', () => {
  it.each<[string, ScanFocus | undefined, ComplianceStatus, boolean]>([
    ['a full scan keeps a passed VPC', undefined, 'PASSED', true],
    ['the all-services focus keeps a warning', { allServices: true }, 'WARNING', true],
    ['a service rescan keeps a failed VPC', ONE_SERVICE, 'FAILED', true],
    ['a service rescan drops a passed VPC', ONE_SERVICE, 'PASSED', false],
    ['a service rescan drops a warning', ONE_SERVICE, 'WARNING', false],
    ['a service rescan drops a not-available VPC', ONE_SERVICE, 'NOT_AVAILABLE', false],
  ])('%s', (_name, focus, status, kept) => {
    // Prepare
    const results = [result(VPC, status), result(SERVICE, 'PASSED')];

    // Act
    const conclusive = conclusiveResults(results, checks, focus);

    // Assess: the service's own result is always kept.
    expect(conclusive.map((r) => r.checkId)).toEqual(kept ? [VPC, SERVICE] : [SERVICE]);
  });
});

describe('hostSectionsOf', () => {
  it('names the sections only the VPC check reads', () => {
    // Act
    const sections = hostSectionsOf(checks);

    // Assess: the Nitro Enclaves check reads the container instances' EC2 instances too.
    expect(new Set(sections)).toEqual(new Set(['ec2.subnets', 'ec2.vpcEndpoints']));
  });
});
