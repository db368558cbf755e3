// The deployment documents: README's one-command deploy, and docs/operations.md's parameter table
// (every serverless.yml parameter with its default) and deploy commands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sectionOf } from '../docs/markdown.ts';
import { parseCloudFormationYaml } from './cloudFormation.ts';
import { REPO } from './osls.ts';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const service = parseCloudFormationYaml(readFileSync(join(REPO, 'serverless.yml'), 'utf8')) as {
  params: { default: Record<string, string | number> };
};
const parameterNames = Object.keys(service.params.default);

describe('README: Deploy', () => {
  const section = sectionOf(readme, '## Deploy');

  it('deploys in one command, with parameters that serverless.yml has', () => {
    const commands = section.split('\n').filter((line) => line.startsWith('npx osls deploy '));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(/^npx osls deploy --stage prod --region eu-west-1( |$)/);
    for (const [, name] of (commands[0] ?? '').matchAll(/--param="(\w+)=/g)) {
      expect(parameterNames).toContain(name);
    }
  });

  it('links the operations guide for everything else', () => {
    expect(section).toContain('](docs/operations.md)');
  });
});

const operations = readFileSync(join(REPO, 'docs', 'operations.md'), 'utf8');
const deploying = sectionOf(operations, '## Deploying');
const memberRole = parseCloudFormationYaml(
  readFileSync(join(REPO, 'deploy', 'member-role.yaml'), 'utf8'),
) as { Parameters: Record<string, unknown> };

describe('docs/operations.md: Deployment parameters', () => {
  const section = sectionOf(operations, '### Deployment parameters');

  it.each(Object.entries(service.params.default))(
    'documents the parameter %s and its default',
    (name, value) => {
      const row = section.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      expect(row, `no row for ${name}`).toBeDefined();
      if (value !== '') expect(row).toContain(`\`${value}\``);
    },
  );

  it('documents no parameter that serverless.yml does not have', () => {
    const documented = [...section.matchAll(/^\| `(\w+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...parameterNames].sort());
  });
});

describe('docs/operations.md: Deploying', () => {
  it('has the commands for one account and for an organization', () => {
    expect(deploying).toContain(
      'npx osls deploy --stage prod --region eu-west-1 --param="regions=',
    );
    expect(deploying).toMatch(
      /npx osls deploy[^`]*--param="regions=all"[^`]*organizationMode=organization/,
    );
    expect(deploying).toContain('deploy/member-role.yaml');
    expect(deploying).toMatch(/create-stack-set[^`]*--permission-model SERVICE_MANAGED/);
    expect(deploying).toMatch(/create-stack-set[^`]*--auto-deployment Enabled=true/);
    expect(deploying).toMatch(
      /create-stack-instances[^`]*--deployment-targets OrganizationalUnitIds=/,
    );
  });

  it('names only parameters that serverless.yml has', () => {
    const used = [...deploying.matchAll(/--param="(\w+)=/g)].map((m) => m[1] ?? '');
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(parameterNames).toContain(name);
  });

  it('gives the member template every parameter it needs, and no other', () => {
    const keys = [
      ...deploying.matchAll(/ParameterKey=(\w+)/g),
      ...deploying.matchAll(/^\s+(\w+)=arn:/gm),
    ].map((m) => m[1] ?? '');
    const required = Object.entries(memberRole.Parameters)
      .filter(([, p]) => (p as { Default?: unknown }).Default === undefined)
      .map(([name]) => name);
    expect(new Set(keys)).toEqual(new Set(required));
  });
});

describe('package.json', () => {
  it('requires the Node.js versions that osls, the strictest of its tools, supports', () => {
    // Prepare
    const engines = (path: string) =>
      (JSON.parse(readFileSync(join(REPO, path), 'utf8')) as { engines: { node: string } }).engines
        .node;

    // Act
    const ours = engines('package.json');

    // Assess
    expect(ours).toBe(engines('node_modules/osls/package.json'));
  });
});
