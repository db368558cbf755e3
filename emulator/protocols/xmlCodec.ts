// Schema-driven XML for awsQuery and ec2Query responses: element names from `xmlName` (else the
// member name), lists wrapped in `<member>` (or the list member's `xmlName`, `<item>` for EC2)
// unless `xmlFlattened`, maps as `<entry><key/><value/></entry>`, timestamps ISO-8601.
import { isRecord, type NormalizedSchema, type SchemaRef, schemaOf } from './schema.ts';
import { timestampFormat, writeTimestamp } from './timestamps.ts';

export const escapeXml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#x0D;')
    .replace(/\n/g, '&#x0A;');

const xmlNameOf = (schema: NormalizedSchema): string | undefined =>
  schema.getMergedTraits().xmlName as string | undefined;

const scalarText = (schema: NormalizedSchema, value: unknown): string => {
  if (schema.isTimestampSchema()) return String(writeTimestamp(value, timestampFormat(schema, 5)));
  if (schema.isBlobSchema() && value instanceof Uint8Array) {
    return Buffer.from(value).toString('base64');
  }
  if (isRecord(value) || Array.isArray(value)) return JSON.stringify(value);
  return String(value);
};

/** One element `<name>…</name>` for `value` of `schema` (a flattened list writes several). */
export const xmlElement = (name: string, ref: SchemaRef, value: unknown): string => {
  if (value == null) return '';
  const schema = schemaOf(ref);
  const flattened = Boolean(schema.getMergedTraits().xmlFlattened);
  if (schema.isListSchema()) {
    const items = Array.isArray(value) ? value : [value];
    const item = schema.getValueSchema();
    if (flattened) return items.map((entry) => xmlElement(name, item, entry)).join('');
    const itemName = xmlNameOf(item) ?? 'member';
    return `<${name}>${items.map((entry) => xmlElement(itemName, item, entry)).join('')}</${name}>`;
  }
  if (schema.isMapSchema()) {
    if (!isRecord(value)) return '';
    const keySchema = schema.getKeySchema();
    const valueSchema = schema.getValueSchema();
    const keyName = xmlNameOf(keySchema) ?? 'key';
    const valueName = xmlNameOf(valueSchema) ?? 'value';
    const entries = Object.entries(value).map(
      ([key, entry]) =>
        `${xmlElement(keyName, keySchema, key)}${xmlElement(valueName, valueSchema, entry)}`,
    );
    if (flattened) return entries.map((entry) => `<${name}>${entry}</${name}>`).join('');
    return `<${name}>${entries.map((entry) => `<entry>${entry}</entry>`).join('')}</${name}>`;
  }
  if (schema.isStructSchema()) return `<${name}>${xmlMembers(schema, value)}</${name}>`;
  return `<${name}>${escapeXml(scalarText(schema, value))}</${name}>`;
};

/** The member elements of a structure, named as the SDK's XmlShapeDeserializer looks them up. */
export const xmlMembers = (ref: SchemaRef, value: unknown): string => {
  const schema = schemaOf(ref);
  if (!schema.isStructSchema() || !isRecord(value)) return '';
  let out = '';
  for (const [memberName, member] of schema.structIterator()) {
    const elementName = (member.getMemberTraits().xmlName as string | undefined) ?? memberName;
    out += xmlElement(elementName, member, value[memberName]);
  }
  return out;
};
