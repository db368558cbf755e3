// Runs osls (the open-source Serverless Framework v3 fork, a dev dependency) on this repository's
// serverless.yml, offline: `package` builds the CloudFormation template and one zip per function.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const OSLS = join(REPO, 'node_modules', 'osls', 'bin', 'serverless.js');

/** This machine's environment without AWS settings: packaging needs no account and no network. */
const environment = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && !key.startsWith('SLS_')) env[key] = value;
  }
  return { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', CI: 'true' };
};

export const osls = async (args: string[]): Promise<string> => {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [OSLS, ...args], {
      cwd: REPO,
      env: environment(),
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`osls ${args.join(' ')} failed:\n${stdout}\n${stderr}`);
  }
};

export interface Packaged {
  /** Where the zips and CloudFormation templates are. */
  dir: string;
  template: CloudFormationTemplate;
}

export interface CloudFormationResource {
  Type: string;
  Condition?: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string[];
}

export interface CloudFormationTemplate {
  Resources: Record<string, CloudFormationResource>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown }>;
}

/** `osls package` into a new temporary directory (the bundles stay in .esbuild/.build). */
export const packageService = async (params: string[] = []): Promise<Packaged> => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-scanner-package-'));
  await osls(['package', '--package', dir, ...params.map((p) => `--param=${p}`)]);
  const template = JSON.parse(
    await readFile(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as CloudFormationTemplate;
  return { dir, template };
};

/** The resolved serverless.yml (`osls print`), for parameter variants that need no bundling. */
export const printService = async (params: string[] = []): Promise<Record<string, unknown>> =>
  JSON.parse(
    await osls(['print', '--format', 'json', ...params.map((p) => `--param=${p}`)]),
  ) as Record<string, unknown>;
