// Reading our findings back: ACTIVE ones of the scope only, a page per call, counted, filters of
// at most 20 values, and only what the plan compares.
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { beforeAll, describe, expect, it } from 'vitest';
import { providerFieldsOf } from '../../lib/publish/plan.ts';
import { readExistingFindings, resourcesUnderPrefixes } from '../../lib/publish/read.ts';
import {
  ACCOUNT,
  client,
  emulator,
  instantClock,
  seed,
  stored,
  templateFinding,
  useEmulator,
} from './support.ts';

useEmulator();

let template: AwsSecurityFinding;
beforeAll(async () => {
  template = await templateFinding();
});
const read = (scope: Parameters<typeof readExistingFindings>[0]['scope']) =>
  readExistingFindings({ client: client(), partition: 'aws', clock: instantClock, scope });

const ids = (findings: readonly AwsSecurityFinding[]) => findings.map((f) => f.Id).sort();

describe('readExistingFindings', () => {
  it('reads the ACTIVE findings of the scope’s checks, a page of 100 per call, and counts the calls', async () => {
    // Prepare
    const active = await seed(template, 'read-pages', 'active', 230);
    await seed(template, 'read-pages', 'archived', 20, 'ARCHIVED');
    await seed(template, 'read-other', 'other', 5);
    emulator.resetCalls();

    // Act
    const found = await read({ accountId: ACCOUNT, region: 'us-east-1', checkIds: ['read-pages'] });

    // Assess
    expect(ids(found.findings)).toEqual(ids(active));
    expect(found.calls).toBe(3);
    expect(emulator.calls().securityhub?.GetFindings).toBe(3);
  });

  it('keeps only what the plan compares and sends back', async () => {
    // Prepare
    await seed(template, 'read-fields', 'fields', 3);

    // Act
    const found = await read({
      accountId: ACCOUNT,
      region: 'us-east-1',
      checkIds: ['read-fields'],
    });

    // Assess
    const expected = (await stored({ GeneratorId: 'read-fields' })).map(providerFieldsOf);
    const byId = (list: AwsSecurityFinding[]) =>
      [...list].sort((a, b) => (a.Id ?? '').localeCompare(b.Id ?? ''));
    expect(byId(found.findings)).toEqual(byId(expected));
  });

  it('splits more than 20 check IDs without a service prefix in common into filters of 20, one call each', async () => {
    // Prepare: the check with findings is the 21st, in the second filter.
    const seeded = await seed(template, 'read-chunked', 'chunked', 2);
    const checkIds = [...Array.from({ length: 20 }, (_, i) => `read-none-${i}`), 'read-chunked'];

    // Act
    const found = await read({ accountId: ACCOUNT, region: 'us-east-1', checkIds });

    // Assess
    expect(ids(found.findings)).toEqual(ids(seeded));
    expect(found.calls).toBe(2);
  });

  it('reads more than 20 check IDs of few services through their service prefixes, in one call', async () => {
    // Prepare: 21 checks of the services readsvca_ and readsvcb_, one of them with findings.
    const seeded = await seed(template, 'readsvcb_check_20', 'prefixed', 2);
    const checkIds = Array.from({ length: 21 }, (_, i) => `readsvc${i % 2 ? 'a' : 'b'}_check_${i}`);
    emulator.resetCalls();

    // Act
    const found = await read({ accountId: ACCOUNT, region: 'us-east-1', checkIds });

    // Assess
    expect(ids(found.findings)).toEqual(ids(seeded));
    expect(found.calls).toBe(1);
    expect(emulator.calls().securityhub?.GetFindings).toBe(1);
  });

  it('reads only the findings of the listed resources, or of resources under the prefixes', async () => {
    // Prepare
    const seeded = await seed(template, 'read-resources', 'resource', 12);
    const scope = { accountId: ACCOUNT, region: 'us-east-1', checkIds: ['read-resources'] };

    // Act
    const listed = await read({ ...scope, resourceArns: ['arn:aws:test:::resource-3'] });
    const under = await read({ ...scope, resourcePrefixes: ['arn:aws:test:::resource-1'] });

    // Assess
    expect(ids(listed.findings)).toEqual([seeded[3]?.Id]);
    expect(ids(under.findings)).toEqual(
      ids([seeded[1], seeded[10], seeded[11]] as AwsSecurityFinding[]),
    );
  });
});

describe('resourcesUnderPrefixes', () => {
  it('lists each resource under a prefix once', () => {
    // Prepare
    const on = (...resources: string[]) =>
      ({ Resources: resources.map((Id) => ({ Id, Type: 'Other' })) }) as AwsSecurityFinding;
    const findings = [
      on('arn:a/1'),
      on('arn:a/1'),
      on('arn:b/2'),
      on('arn:c/3', 'arn:a/4'),
      {} as AwsSecurityFinding,
    ];

    // Act
    const found = resourcesUnderPrefixes(findings, ['arn:a/', 'arn:b/']);

    // Assess: a finding's first resource is the one it judges.
    expect(found).toEqual(['arn:a/1', 'arn:b/2']);
  });
});
