// CloudFormation YAML (short-form intrinsic functions: !Ref, !Sub, !GetAtt, …) to plain JSON, the
// way CloudFormation reads it.
import { isMap, isSeq, parseDocument, type Tags } from 'yaml';

const FUNCTIONS = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
] as const;

const plain = (node: unknown): unknown => (isMap(node) || isSeq(node) ? node.toJSON() : node);

const tag = (
  name: string,
  collection: 'map' | 'seq' | undefined,
  wrap: (v: unknown) => unknown,
) => ({
  tag: `!${name}`,
  ...(collection ? { collection } : {}),
  resolve: (value: unknown) => wrap(plain(value)),
});

const CUSTOM_TAGS: Tags = [
  tag('Ref', undefined, (v) => ({ Ref: v })),
  tag('Condition', undefined, (v) => ({ Condition: v })),
  tag('GetAtt', undefined, (v) => {
    const text = String(v);
    const at = text.indexOf('.');
    return { 'Fn::GetAtt': [text.slice(0, at), text.slice(at + 1)] };
  }),
  tag('GetAtt', 'seq', (v) => ({ 'Fn::GetAtt': v })),
  ...FUNCTIONS.flatMap((name) => [
    tag(name, undefined, (v) => ({ [`Fn::${name}`]: v })),
    tag(name, 'seq', (v) => ({ [`Fn::${name}`]: v })),
    tag(name, 'map', (v) => ({ [`Fn::${name}`]: v })),
  ]),
];

/** Parses a CloudFormation (or serverless.yml) YAML text; throws on a syntax error or unknown tag. */
export const parseCloudFormationYaml = (text: string): Record<string, unknown> => {
  const document = parseDocument(text, {
    customTags: CUSTOM_TAGS,
    merge: true,
    prettyErrors: true,
    uniqueKeys: true,
  });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) throw problem;
  const value: unknown = document.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('expected a YAML mapping at the top level');
  }
  return value as Record<string, unknown>;
};
