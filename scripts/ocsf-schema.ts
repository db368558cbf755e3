// Builds the JSON Schema (draft-07) of one OCSF event class from the OCSF schema sources
// (dictionary.json, events/, objects/, profiles/ of the ocsf/ocsf-schema repository at a release
// tag), for the OCSF report test: tests/fixtures/schemas/README.md says how the vendored one was made.
//
//   npx tsx scripts/ocsf-schema.ts SOURCE_DIR CLASS_FILE PROFILE[,PROFILE…] OUT_FILE
//
// What it keeps of the sources: each attribute's type (objects as $refs, arrays, the JSON type of
// each scalar type), the integer enums of `_id` attributes, the required attributes, the
// `at_least_one` and `just_one` constraints, and no attribute the class does not define
// (additionalProperties false). Attributes of a profile are kept only for the profiles named.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Attribute = {
  type?: string;
  is_array?: boolean;
  requirement?: string;
  profile?: string | null;
  enum?: Record<string, unknown>;
};
type Definition = {
  name: string;
  uid?: number;
  extends?: string;
  category?: string;
  attributes?: Record<string, Attribute | string[]>;
  constraints?: { at_least_one?: string[]; just_one?: string[] };
};

const [source, classFile, profileList, out] = process.argv.slice(2);
if (!source || !classFile || !profileList || !out) {
  throw new Error('usage: ocsf-schema.ts SOURCE_DIR CLASS_FILE PROFILE[,PROFILE…] OUT_FILE');
}
const profiles = new Set(profileList.split(',').filter(Boolean));
const read = (file: string): Definition => JSON.parse(readFileSync(join(source, file), 'utf8'));
const dictionary = JSON.parse(readFileSync(join(source, 'dictionary.json'), 'utf8')) as {
  attributes: Record<string, Attribute>;
  types: { attributes: Record<string, { type?: string }> };
};
const version = JSON.parse(readFileSync(join(source, 'version.json'), 'utf8')).version as string;
const categories = JSON.parse(readFileSync(join(source, 'categories.json'), 'utf8')).attributes;

const objects = new Map<string, Definition>(
  readdirSync(join(source, 'objects')).map((file) => {
    const definition = read(join('objects', file));
    return [definition.name, definition];
  }),
);
const events = new Map<string, Definition>();
const walk = (dir: string) => {
  for (const entry of readdirSync(join(source, dir), { withFileTypes: true })) {
    if (entry.isDirectory()) walk(join(dir, entry.name));
    else if (entry.name.endsWith('.json')) {
      const definition = read(join(dir, entry.name));
      events.set(definition.name, definition);
    }
  }
};
walk('events');

/** The attributes of a definition and of those it extends, the `$include`d profiles merged in. */
const attributesOf = (
  definition: Definition,
  parents: Map<string, Definition>,
): Record<string, Attribute> => {
  const parent = definition.extends ? parents.get(definition.extends) : undefined;
  const merged: Record<string, Attribute> = parent ? attributesOf(parent, parents) : {};
  const own = { ...definition.attributes };
  const includes = (own.$include as string[] | undefined) ?? [];
  delete own.$include;
  for (const file of includes) {
    const profile = read(file);
    for (const [name, attribute] of Object.entries(profile.attributes ?? {})) {
      merged[name] = { ...merged[name], profile: profile.name, ...(attribute as Attribute) };
    }
  }
  for (const [name, attribute] of Object.entries(own) as [string, Attribute][]) {
    merged[name] = { ...merged[name], ...attribute };
  }
  return Object.fromEntries(
    Object.entries(merged).filter(([, a]) => a.profile == null || profiles.has(a.profile)),
  );
};

const constraintsOf = (definition: Definition, parents: Map<string, Definition>) => {
  let current: Definition | undefined = definition;
  while (current && !current.constraints) {
    current = current.extends ? parents.get(current.extends) : undefined;
  }
  return current?.constraints ?? {};
};

const SCALARS: Record<string, string> = {
  boolean_t: 'boolean',
  float_t: 'number',
  integer_t: 'integer',
  long_t: 'integer',
  timestamp_t: 'integer',
  string_t: 'string',
};
const scalarOf = (type: string): string | undefined => {
  let current: string | undefined = type;
  while (current && !SCALARS[current]) current = dictionary.types.attributes[current]?.type;
  return current ? SCALARS[current] : undefined;
};

const definitions: Record<string, unknown> = {};

const schemaOf = (name: string, attribute: Attribute): Record<string, unknown> => {
  const entry = { ...dictionary.attributes[name], ...attribute };
  const type = entry.type ?? 'string_t';
  let item: Record<string, unknown>;
  if (type === 'object') item = { type: 'object' };
  else if (type === 'json_t') item = {};
  else if (objects.has(type)) {
    defineObject(type);
    item = { $ref: `#/definitions/${type}` };
  } else {
    const scalar = scalarOf(type);
    if (!scalar) throw new Error(`unknown type ${type} of ${name}`);
    item = { type: scalar };
  }
  // The dictionary's values and the class's are both allowed (0 Unknown, 99 Other and the class's own).
  const values = { ...dictionary.attributes[name]?.enum, ...attribute.enum };
  if (name.endsWith('_id') && Object.keys(values).length > 0) {
    item = { ...item, enum: Object.keys(values).map(Number) };
  }
  return entry.is_array ? { type: 'array', items: item } : item;
};

const objectSchema = (
  attributes: Record<string, Attribute>,
  constraints: Definition['constraints'] = {},
) => ({
  type: 'object',
  properties: Object.fromEntries(Object.entries(attributes).map(([n, a]) => [n, schemaOf(n, a)])),
  required: Object.entries(attributes)
    .filter(([, a]) => a.requirement === 'required')
    .map(([n]) => n)
    .sort(),
  ...(constraints.at_least_one
    ? { anyOf: constraints.at_least_one.map((n) => ({ required: [n] })) }
    : {}),
  ...(constraints.just_one ? { oneOf: constraints.just_one.map((n) => ({ required: [n] })) } : {}),
  additionalProperties: false,
});

function defineObject(name: string): void {
  if (name in definitions) return;
  definitions[name] = {}; // recursive objects (process.parent_process) refer to themselves
  const definition = objects.get(name) as Definition;
  definitions[name] = objectSchema(
    attributesOf(definition, objects),
    constraintsOf(definition, objects),
  );
}

const eventClass = read(classFile);
const attributes = attributesOf(eventClass, events);
const category = events.get(eventClass.extends ?? '')?.category ?? eventClass.category ?? '';
const categoryUid = categories[category].uid as number;
const classUid = categoryUid * 1000 + (eventClass.uid ?? 0);
const activities = Object.keys({
  ...dictionary.attributes.activity_id?.enum,
  ...attributes.activity_id?.enum,
}).map(Number);
const body = objectSchema(attributes, constraintsOf(eventClass, events));
const properties = body.properties as Record<string, Record<string, unknown>>;
properties.class_uid = { type: 'integer', const: classUid };
properties.category_uid = { type: 'integer', const: categoryUid };
properties.type_uid = { type: 'integer', enum: activities.map((a) => classUid * 100 + a) };

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `ocsf-${version}/${eventClass.name}`,
  title: `OCSF ${version} ${eventClass.name} (class_uid ${classUid}), profiles: ${[...profiles].join(', ') || 'none'}`,
  ...body,
  definitions: Object.fromEntries(
    Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)),
  ),
};
writeFileSync(out, `${JSON.stringify(schema, null, 2)}\n`);
