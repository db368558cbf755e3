// docs/operations.md documents what the code and serverless.yml really have: every environment
// variable with its default and parameter, every metric, every alarm, the member role's actions,
// on-demand events the handler accepts, and cost figures from the measured bench.
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/registry.ts';
import { MEMBER_ROLE_ACTIONS } from '../../lib/aws/iamActions.ts';
import { DEFAULT_RATE_SHARE, RATE_SHARE_ENV } from '../../lib/aws/tokenBucket.ts';
import { CONFIG_OPTIONS, DEPLOYMENT_OPTIONS } from '../../lib/config.ts';
import { PRODUCT_NAME } from '../../lib/findings/asff.ts';
import { SERVICES } from '../../lib/lambda/events/common.ts';
import {
  SCAN_REQUEST_DETAIL_TYPE,
  SCAN_REQUEST_SOURCE,
  scanRequestDetailSchema,
} from '../../lib/lambda/events/scanRequested.ts';
import { METRIC, METRICS_NAMESPACE } from '../../lib/lambda/observability.ts';
import { requestedSelection } from '../../lib/lambda/requests.ts';
import { SEVERITIES } from '../../lib/model.ts';
import { parseCloudFormationYaml } from '../deploy/cloudFormation.ts';
import { markedLines, readDoc, sectionOf, tableRows } from './markdown.ts';

const doc = readDoc('docs/operations.md');
const service = parseCloudFormationYaml(readDoc('serverless.yml')) as {
  service: string;
  provider: { environment: Record<string, unknown> };
  functions: { worker: { memorySize: number } };
  resources: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
};
/** A serverless.yml name as the doc writes it: the service name resolved, the stage as STAGE. */
const documentedName = (name: string) =>
  name.replace(/\$\{self:service\}/, service.service).replace(/\$\{sls:stage\}/, 'STAGE');

describe('docs/operations.md: Environment variables', () => {
  const rows = tableRows(sectionOf(doc, '### Environment variables'));
  const variables: [string, string][] = [
    ...Object.values(CONFIG_OPTIONS).map((o): [string, string] => [o.env, o.default]),
    ...Object.values(DEPLOYMENT_OPTIONS).map((o): [string, string] => [o.env, o.default]),
    [RATE_SHARE_ENV, String(DEFAULT_RATE_SHARE)],
  ];

  it('has a row for every variable the code reads, and no other', () => {
    expect([...rows.keys()].sort()).toEqual(variables.map(([name]) => name).sort());
  });

  it.each(variables.filter(([, fallback]) => fallback !== ''))(
    'gives %s its default %s',
    (name, fallback) => {
      expect(rows.get(name)?.[0]).toBe(`\`${fallback}\``);
    },
  );

  it.each(
    Object.entries(service.provider.environment).filter(
      ([name, value]) => name.startsWith('ECS_SCANNER_') && typeof value === 'string',
    ),
  )('names the parameter serverless.yml sets %s from', (name, value) => {
    // Prepare
    const parameter = /^\$\{param:(\w+)\}$/.exec(String(value))?.[1];
    expect(parameter, `${name} is not set from a parameter`).toBeDefined();

    // Act
    const setFrom = rows.get(name)?.[1];

    // Assess
    expect(setFrom).toBe(`\`${parameter}\``);
  });
});

describe('docs/operations.md: Metrics, dashboard and alarms', () => {
  const section = sectionOf(doc, '## Metrics, dashboard and alarms');

  it('lists every metric the functions write, and no other', () => {
    // Act
    const documented = [...tableRows(sectionOf(section, '### Metrics')).keys()];

    // Assess
    expect(documented.sort()).toEqual([...Object.values(METRIC), 'ColdStart'].sort());
    expect(section).toContain(`namespace \`${METRICS_NAMESPACE}\``);
  });

  it('lists every alarm of serverless.yml, and no other', () => {
    // Prepare
    const alarms = Object.values(service.resources.Resources)
      .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
      .map((resource) => documentedName(String(resource.Properties.AlarmName)));

    // Act
    const documented = [...tableRows(sectionOf(section, '### Alarms')).keys()];

    // Assess
    expect(alarms.length).toBeGreaterThan(0);
    expect(documented.sort()).toEqual(alarms.sort());
  });

  it('names the dashboard serverless.yml creates', () => {
    const dashboard = Object.values(service.resources.Resources).find(
      (resource) => resource.Type === 'AWS::CloudWatch::Dashboard',
    );

    expect(section).toContain(`\`${documentedName(String(dashboard?.Properties.DashboardName))}\``);
  });
});

describe('docs/operations.md: Troubleshooting', () => {
  it('lists exactly the actions the member role must allow', () => {
    expect(markedLines(doc, 'member-role-actions')).toEqual([...MEMBER_ROLE_ACTIONS]);
  });
});

describe('docs/operations.md: On-demand scans', () => {
  const section = sectionOf(doc, '## On-demand scans');
  const examples = [...section.matchAll(/put-events [^']*--entries '([^']+)'/g)].map(
    (m) => JSON.parse(m[1] ?? '') as { Source: string; DetailType: string; Detail: string }[],
  );

  it('documents every detail field the handler accepts, and no other', () => {
    const fields = [...tableRows(section).keys()].filter(
      (name) => !['source', 'detail-type', 'detail'].includes(name),
    );

    expect(fields.sort()).toEqual(Object.keys(scanRequestDetailSchema.shape).sort());
  });

  it('gives examples the on-demand function accepts, their check filters too', () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const entry of examples.flat()) {
      expect(entry.Source).toBe(SCAN_REQUEST_SOURCE);
      expect(entry.DetailType).toBe(SCAN_REQUEST_DETAIL_TYPE);
      const detail = scanRequestDetailSchema.parse(JSON.parse(entry.Detail));
      expect(() => requestedSelection(detail, checks)).not.toThrow();
    }
    expect(examples.flat().some((e) => JSON.parse(e.Detail).minSeverity)).toBe(true);
  });

  it.each([
    ['services', SERVICES],
    ['minSeverity', SEVERITIES],
  ])('lists every value %s takes', (field, values) => {
    // Act
    const type = tableRows(section).get(field)?.[0] ?? '';

    // Assess
    expect([...type.matchAll(/`([^`]+)`/g)].map((m) => m[1])).toEqual([...values]);
  });
});

describe('docs/operations.md: Reading the findings in Security Hub', () => {
  const section = sectionOf(doc, '## Reading the findings in Security Hub');
  const filters = [...section.matchAll(/'(\{\n[\s\S]*?\n\})'/g)].map(
    (m) => JSON.parse(m[1] ?? '') as Record<string, { Value: string }[]>,
  );

  it('gives filters that are JSON and select this scanner by its product name', () => {
    expect(filters.length).toBeGreaterThan(2);
    for (const filter of filters) {
      expect(filter.ProductName).toEqual([{ Value: PRODUCT_NAME, Comparison: 'EQUALS' }]);
    }
  });
});

describe('docs/operations.md: Costs', () => {
  const section = sectionOf(doc, '## Costs');
  const performance = readDoc('docs/performance.md');

  it('prices the worker at the memory serverless.yml gives it', () => {
    expect(section).toContain(
      `The worker runs with ${service.functions.worker.memorySize.toLocaleString('en-US')} MB`,
    );
  });

  it.each([
    ['the large account findings', '"findings":11606', 'N = 11,606'],
    ['the first scan time', '"wallSeconds":103.806', '103.8 s first scan'],
    ['the second scan time', '"wallSeconds":102.896', '102.9 s the next ones'],
    ['the paced bound', '"pacedBoundSeconds":102.105', '102.1 s of the 103.8 s'],
    ['the small account findings', '134 findings', '134 findings'],
  ])('uses %s that docs/performance.md measured', (_name, measured, used) => {
    expect(performance).toContain(measured);
    expect(section.replace(/\s+/g, ' ')).toContain(used);
  });
});
