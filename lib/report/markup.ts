// Escaping for the HTML and XML reports. Resource names and reasons come from AWS data: every
// string is text until proven otherwise, and only the `markup` tag below turns text into markup.

/** Characters XML 1.0 forbids (C0 controls but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it removes.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in element content and in quoted attribute values, HTML and XML alike. */
export const escapeText = (text: string): string =>
  text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** Markup that is already escaped; the only way to put tags into a template. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Fragment = Markup | string | number | boolean | null | undefined | readonly Fragment[];

const fragment = (value: Fragment): string => {
  if (value instanceof Markup) return value.value;
  if (Array.isArray(value)) return value.map(fragment).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeText(String(value));
};

/**
 * A template tag that escapes every interpolated value, except values that are `Markup` (what
 * another `markup` template produced). `false`, `null` and `undefined` render nothing, so
 * `${cond && markup`…`}` works; arrays are concatenated.
 */
export const markup = (strings: TemplateStringsArray, ...values: Fragment[]): Markup =>
  new Markup(
    strings.reduce(
      (out, text, i) => out + text + (i < values.length ? fragment(values[i] as Fragment) : ''),
      '',
    ),
  );

/** An http(s) URL, or undefined: never a `javascript:` or `data:` link. */
export const safeUrl = (url: string): string | undefined => {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
};
