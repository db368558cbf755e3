// README's Deploy section documents every serverless.yml parameter with its default.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from './cloudFormation.ts';
import { REPO } from './osls.ts';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('\n## Deploy\n'),
  readme.indexOf('\n## ', readme.indexOf('\n## Deploy\n') + 1),
);
const service = parseCloudFormationYaml(readFileSync(join(REPO, 'serverless.yml'), 'utf8')) as {
  params: { default: Record<string, string | number> };
};

describe('README: Deploy', () => {
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
    expect(documented.sort()).toEqual(Object.keys(service.params.default).sort());
  });

  it('has a deploy command for one account and one for an organization', () => {
    expect(section).toContain('npx osls deploy --stage prod --region eu-west-1 --param="regions=');
    expect(section).toMatch(
      /npx osls deploy[^`]*--param="regions=all"[^`]*organizationMode=organization/,
    );
    expect(section).toContain('deploy/member-role.yaml');
  });
});
