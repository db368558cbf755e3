// Snapshot files without environment values: each container environment value is replaced by
// its verdict, what the two checks that read values derive from it (blank, the credential
// detector's rule names, a URL password, a secret by name or content), and nothing that lets the
// value be recovered. detect.ts turns a verdict back into a stand-in the checks judge alike.
import { isAppMeshVariableValue } from '../../snapshot/appMesh.ts';
import type { EnvironmentValueVerdict, Snapshot } from '../../snapshot/types.ts';
import { credentialKindsOf } from './credentials.ts';
import { looksLikeSecretVariable, urlHasPassword } from './environmentNames.ts';

/** An environment entry as a snapshot file may hold it: a value, or its verdict instead. */
export interface EnvironmentEntry {
  name?: string;
  value?: string;
  valueVerdict?: EnvironmentValueVerdict;
}

const BLANK: EnvironmentValueVerdict = {
  blank: true,
  credentialKinds: [],
  urlWithPassword: false,
  secretByNameOrContent: false,
};

/**
 * What ecs_task_definition_no_secrets_in_environment and ecs_task_definition_no_static_aws_credentials
 * derive from `value`. (The latter's access key ID pattern is the detector's `aws-access-key-id`
 * rule: `credentialKinds` carries it.)
 */
export const environmentValueVerdict = async (
  name: string,
  value: string,
): Promise<EnvironmentValueVerdict> =>
  value.trim() === ''
    ? { ...BLANK, credentialKinds: [] }
    : {
        blank: false,
        credentialKinds: await credentialKindsOf(name, value),
        urlWithPassword: urlHasPassword(value),
        secretByNameOrContent: looksLikeSecretVariable(name, value),
      };

/**
 * A value the checks judge as they judged the one `verdict` stands for, given the detector's kinds
 * under its key: blank stays blank, a URL password stays one, a secret by content stays one
 * (`password=…`), and anything else is a number. `n` makes it unique. Never written anywhere.
 */
export const standInValue = (verdict: EnvironmentValueVerdict, n: number): string => {
  if (verdict.blank) return '';
  if (verdict.urlWithPassword) return `redacted://:redacted${n}@redacted`;
  return verdict.secretByNameOrContent ? `password=redacted${n}` : String(n);
};

/**
 * A copy of `snapshot` in which every container environment value is replaced by its verdict
 * (`{ name, valueVerdict }`). An entry already without a value keeps its verdict, or gets a blank one.
 * The one exception: an App Mesh variable whose value names a mesh resource
 * (`APPMESH_RESOURCE_ARN=arn:aws:appmesh:…:mesh/M/virtualNode/N`) keeps it, which is no secret and
 * is what ecs_task_definition_no_app_mesh_proxy names and the mesh scoping follows.
 */
export const keepEnvironmentValuesOut = async (snapshot: Snapshot): Promise<Snapshot> => {
  const copy = structuredClone(snapshot);
  const verdicts = new Map<string, Promise<EnvironmentValueVerdict>>();
  const verdictOf = (name: string, value: string) => {
    const key = `${name}\u0000${value}`;
    const known = verdicts.get(key) ?? environmentValueVerdict(name, value);
    verdicts.set(key, known);
    return known;
  };
  for (const region of Object.values(copy.regions)) {
    for (const definition of region.ecs?.taskDefinitions ?? []) {
      for (const container of definition.containerDefinitions ?? []) {
        if (!container.environment) continue;
        const entries: EnvironmentEntry[] = container.environment;
        container.environment = await Promise.all(
          entries.map(async (entry): Promise<EnvironmentEntry> => {
            const { value, valueVerdict, ...rest } = entry;
            if (value !== undefined && isAppMeshVariableValue(rest.name ?? '', value)) {
              return { ...rest, value };
            }
            return {
              ...rest,
              valueVerdict:
                value !== undefined
                  ? await verdictOf(rest.name ?? '', value)
                  : (valueVerdict ?? { ...BLANK, credentialKinds: [] }),
            };
          }),
        );
      }
    }
  }
  return copy;
};
