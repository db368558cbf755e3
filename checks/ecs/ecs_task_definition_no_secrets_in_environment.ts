import { type Check, resultsFor } from '../../lib/evaluate/check.ts';
import { credentialKey } from '../../lib/evaluate/inventory/inventory.ts';
import { taskDefinitionResource } from '../../lib/evaluate/inventory/resources.ts';
import {
  looksLikeSecretVariable,
  significantCredentialKinds,
  urlHasPassword,
} from '../../lib/evaluate/secrets/environmentNames.ts';
import type { CheckMetadata } from '../../lib/model.ts';

export const metadata: CheckMetadata = {
  id: 'ecs_task_definition_no_secrets_in_environment',
  service: 'ecs',
  title: 'ECS task definitions do not pass secrets in plain-text container environment variables',
  // The highest it reports: a credential in a recognizable format. A secret judged by its name or
  // content alone is HIGH.
  severity: 'CRITICAL',
  resourceKind: 'taskDefinition',
  inputs: ['ecs.services', 'ecs.taskDefinitions'],
  description:
    'Checks the environment variables of every container of an in-scope ECS task definition for secrets: values in a recognizable credential format (AWS keys, private keys, URLs with a password, JWTs, well-known tokens) and variables whose name says they hold a secret (PASSWORD, SECRET, TOKEN, API_KEY, …) with a real value. A recognizable credential fails CRITICAL, a secret judged by its name or content alone HIGH. Environment files in S3 are not inspected.',
  risk: 'Environment variables are stored in plain text in the task definition: anyone allowed ecs:DescribeTaskDefinition, and every tool that shows or logs the container environment, can read them, and every revision keeps them after the value is changed.',
  remediation: {
    text: 'Move each secret to AWS Secrets Manager (or an SSM SecureString parameter), reference it in the container definition under secrets[] with valueFrom, grant the task execution role read access, register a new revision, then rotate the exposed value.',
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html',
  },
  guidance:
    'Do not put secrets in environment variables of the task definition: keep them in AWS Secrets Manager or Systems Manager Parameter Store and inject them at start-up through the secrets parameter.',
  relatedRequirements: [
    'AWS FSBP ECS.8',
    'AWS Config ecs-no-environment-secrets',
    'NIST.800-53.r5 IA-5(7)',
    'NIST.800-53.r5 SC-28',
    'NIST.800-53.r5 CM-2',
  ],
};

const results = resultsFor(metadata);

interface Finding {
  container: string;
  variable: string;
  /** Credential formats the value matches; empty when only its name or content gives it away. */
  kinds: string[];
}

/** A variable set twice in one container is listed once. */
const add = (findings: Finding[], finding: Finding): void => {
  if (!findings.some((f) => f.container === finding.container && f.variable === finding.variable)) {
    findings.push(finding);
  }
};

const MAX_LISTED = 10;

/** `container app: DB_PASSWORD, AWS_KEY (aws-access-key-id); container worker: TOKEN`: names only, never values. */
const describeFindings = (findings: readonly Finding[]): string => {
  const listed = findings.slice(0, MAX_LISTED);
  const byContainer = new Map<string, string[]>();
  for (const { container, variable, kinds } of listed) {
    const label = kinds.length ? `${variable} (${kinds.join(', ')})` : variable;
    byContainer.set(container, [...(byContainer.get(container) ?? []), label]);
  }
  const text = [...byContainer]
    .map(([c, labels]) => `container ${c}: ${labels.join(', ')}`)
    .join('; ');
  const more = findings.length - listed.length;
  return more > 0 ? `${text}; and ${more} more` : text;
};

export const check: Check = {
  metadata,
  evaluate: ({ inventory }) =>
    (inventory.taskDefinitions ?? []).map(({ arn, data }) => {
      const resource = taskDefinitionResource(arn, inventory.region, data);
      if (!data) {
        return results.notAvailable(
          resource,
          `Task definition ${resource.name} was not described, so its container environment is unknown.`,
        );
      }

      const credentials: Finding[] = [];
      const likelySecrets: Finding[] = [];
      const undetected: Finding[] = [];
      const environmentFiles: string[] = [];
      for (const [index, container] of (data.containerDefinitions ?? []).entries()) {
        const containerName = container.name || `#${index + 1}`;
        if (container.environmentFiles?.length) environmentFiles.push(containerName);
        for (const { name = '', value = '' } of container.environment ?? []) {
          if (value.trim() === '') continue;
          const variable = name || '(unnamed)';
          const detected = inventory.credentialKinds.get(credentialKey(name, value));
          // `redis://:pass@host` has a password but no user name, which the detector's pattern misses.
          const kinds = [
            ...new Set([
              ...significantCredentialKinds(detected ?? []),
              ...(urlHasPassword(value) ? ['url-with-password'] : []),
            ]),
          ].sort();
          const finding = { container: containerName, variable, kinds };
          if (kinds.length) add(credentials, finding);
          else if (looksLikeSecretVariable(name, value)) add(likelySecrets, finding);
          else if (detected === undefined) add(undetected, finding);
        }
      }

      if (credentials.length) {
        const alsoLikely = likelySecrets.length
          ? `, and other secrets by name or content (${describeFindings(likelySecrets)})`
          : '';
        return results.failed(
          resource,
          `Task definition ${resource.name} has recognizable credentials in plain-text environment variables (${describeFindings(credentials)})${alsoLikely}.`,
          'CRITICAL',
        );
      }
      if (likelySecrets.length) {
        return results.failed(
          resource,
          `Task definition ${resource.name} has environment variables that hold secrets in plain text, judging by their names or content (${describeFindings(likelySecrets)}).`,
          'HIGH',
        );
      }
      // Fail closed: a value the credential detector never saw could be a credential.
      if (undetected.length) {
        return results.notAvailable(
          resource,
          `Task definition ${resource.name} has environment values that were not scanned for credential formats (${describeFindings(undetected)}).`,
        );
      }
      if (environmentFiles.length) {
        return results.warning(
          resource,
          `Task definition ${resource.name} loads environment files from S3 that are not inspected (container ${environmentFiles.join(', container ')}); no secret was found in its environment variables.`,
          'LOW',
        );
      }
      return results.passed(
        resource,
        `Task definition ${resource.name} has no secret in its container environment variables.`,
      );
    }),
};
