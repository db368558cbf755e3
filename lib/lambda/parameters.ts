// serverless.yml's parameters, checked when packaging (deploy/parameters.cjs) with the rules the
// functions apply at cold start (resolveDeploymentConfig) and the CLI applies to its flags, so a bad
// value stops `osls package` and `osls deploy` instead of every scan after the deployment.
import { z } from 'zod';
import { checks } from '../../checks/registry.ts';
import {
  CONFIG_OPTIONS,
  DEPLOYMENT_OPTIONS,
  regionNamesProblem,
  resolveDeploymentConfig,
} from '../config.ts';
import { UserInputError } from '../errors.ts';
import { loadExemptionsFile } from '../evaluate/exemptions/file.ts';

/** `ECS_SCANNER_REFRESH_DAYS` is set from the parameter `refreshDays` (serverless.yml's environment). */
export const parameterOfVariable = (variable: string): string =>
  variable
    .replace(/^ECS_SCANNER_/, '')
    .toLowerCase()
    .replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** The settings serverless.yml passes to the functions from a parameter of the same name. */
const SETTING_VARIABLES = [
  ...Object.values(DEPLOYMENT_OPTIONS).map((option) => option.env),
  ...Object.values(CONFIG_OPTIONS).map((option) => option.env),
].filter((variable) => variable !== DEPLOYMENT_OPTIONS.queueUrl.env);

/** The parameters serverless.yml uses for itself, not the functions' settings. */
const operationsSchema = z.object({
  // SQS event source mappings: ScalingConfig.MaximumConcurrency is 2 to 1000.
  workerConcurrency: z
    .string()
    .trim()
    .regex(/^\d+$/, { error: 'expected 2 to 1000 (the SQS event source maximum concurrency)' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(2, { error: 'expected 2 to 1000 (the SQS event source maximum concurrency)' })
        .max(1000, { error: 'expected 2 to 1000 (the SQS event source maximum concurrency)' }),
    ),
  logLevel: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(
      z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'], {
        error: 'expected one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT',
      }),
    ),
  organizationId: z
    .string()
    .trim()
    .regex(/^(o-[a-z0-9]{10,32})?$/, { error: "expected an organization ID (o-…) or ''" }),
  alarmEmail: z
    .string()
    .trim()
    .regex(/^([^@\s]+@[^@\s]+\.[^@\s]+)?$/, { error: "expected an e-mail address or ''" }),
});

/** The parameters to read: the functions' settings and serverless.yml's own. */
export const PARAMETER_NAMES: readonly string[] = [
  ...SETTING_VARIABLES.map(parameterOfVariable),
  ...Object.keys(operationsSchema.shape),
];

/** The one file serverless.yml packages into the worker beside its bundle. */
export const PACKAGED_EXEMPTIONS_FILE = 'exemptions.json';

const invalid = (name: string, value: string, message: string): UserInputError =>
  new UserInputError(`invalid parameter ${name} "${value}": ${message.replace(/\.$/, '')}.`);

/**
 * Throws a UserInputError naming the first bad parameter and the rule it breaks. `region` is the
 * deployment region (`--region`); `directory` is serverless.yml's, where the exemptions file is.
 */
export const checkParameters = async (
  parameters: Readonly<Record<string, string>>,
  region: string,
  directory: string,
): Promise<void> => {
  const regionProblem = regionNamesProblem([region], 'expected a region name, e.g. us-east-1');
  if (regionProblem) throw new UserInputError(`invalid --region "${region}": ${regionProblem}.`);
  const env: NodeJS.ProcessEnv = { AWS_REGION: region };
  for (const variable of SETTING_VARIABLES)
    env[variable] = parameters[parameterOfVariable(variable)];
  try {
    resolveDeploymentConfig(env);
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    const [, variable = '', message = error.message] =
      /^invalid (?:setting|option) (\S+): (.*)$/.exec(error.message) ?? [];
    const name = parameterOfVariable(variable);
    throw invalid(name, parameters[name] ?? '', message);
  }
  const operations = operationsSchema.safeParse(parameters);
  if (!operations.success) {
    const issue = operations.error.issues[0];
    const name = String(issue?.path[0] ?? '');
    throw invalid(name, parameters[name] ?? '', issue?.message ?? 'invalid value');
  }
  await checkExemptionsFile(parameters.exemptionsFile?.trim() ?? '', directory);
};

const checkExemptionsFile = async (file: string, directory: string): Promise<void> => {
  if (file === '') return;
  if (file !== PACKAGED_EXEMPTIONS_FILE) {
    throw invalid(
      'exemptionsFile',
      file,
      `expected '' or ${PACKAGED_EXEMPTIONS_FILE}, the one file packaged beside the worker (docs/operations.md: Exemptions)`,
    );
  }
  await loadExemptionsFile(
    `${directory}/${file}`,
    new Set(checks.map((check) => check.metadata.id)),
  );
};
