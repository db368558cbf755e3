// Does an environment variable hold a secret, judging by its name and the shape of its value?
// Pure heuristics on top of the credential-format detection (credentials.ts): a name such as
// DB_PASSWORD says "secret" unless its value is obviously not one (empty, a flag, a number, a
// reference, a placeholder, a path), and names that only talk about a secret (PASSWORD_MIN_LENGTH,
// SECRET_ARN, TOKEN_TTL) are not secrets. Nothing here returns or logs a value.

/** Splits `dbPassword`, `DB_PASSWORD`, `spring.datasource.password` into lower-case words. */
export const nameTokens = (name: string): string[] =>
  name
    .replace(/OAuth/g, 'Oauth') // one word, not "O" + "Auth"
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Words that, before `key`, make it a secret key (API_KEY, MASTER_KEY, not CACHE_KEY or KMS_KEY_ID). */
const SECRET_KEY_PREFIXES = new Set([
  'api',
  'access',
  'secret',
  'private',
  'signing',
  'sign',
  'encryption',
  'encrypt',
  'decryption',
  'master',
  'license',
  'licence',
  'client',
  'app',
  'application',
  'session',
  'hmac',
  'jwt',
  'ssh',
  'gpg',
  'pgp',
  'consumer',
  'account',
  'storage',
  'shared',
  'subscription',
  'admin',
  'auth',
  'cookie',
  'crypto',
  'aes',
  'rsa',
  'write',
  'ingest',
  'ingestion',
  'service',
  'tls',
  'ssl',
  'webhook',
]);

const AUTH_WORDS = new Set([
  'auth',
  'authorization',
  'basicauth',
  'httpauth',
  'proxyauth',
  'authdata',
]);

type KeywordKind =
  | 'password'
  | 'secret'
  | 'token'
  | 'key'
  | 'credential'
  | 'auth'
  | 'dsn'
  | 'connection';

/** The kind of secret word at `tokens[i]`, taking the word before it into account. */
const keywordAt = (tokens: readonly string[], i: number): KeywordKind | undefined => {
  const word = tokens[i] ?? '';
  const previous = tokens[i - 1] ?? '';
  if (/pass(?:word|wd|phrase|code)/.test(word) || ['pass', 'pwd', 'pw'].includes(word))
    return 'password';
  if (word.includes('secret') && !word.includes('secretary')) return 'secret';
  if (word === 'token' || word === 'tokens' || (word.endsWith('token') && word.length > 5))
    return 'token';
  if (word.includes('credential') || word === 'creds') return 'credential';
  if (AUTH_WORDS.has(word)) return 'auth';
  if (word === 'dsn' || word.endsWith('dsn')) return 'dsn';
  if (word === 'salt' || word === 'pepper') return 'secret';
  if ((word === 'key' || word === 'keys') && SECRET_KEY_PREFIXES.has(previous)) return 'key';
  if (/keys?$/.test(word) && SECRET_KEY_PREFIXES.has(word.replace(/keys?$/, ''))) return 'key';
  // An access key ID is half of a key pair (AWS_ACCESS_KEY_ID, MINIO_ACCESS_KEY_ID), unlike KMS_KEY_ID.
  if (
    word === 'id' &&
    (previous === 'accesskey' || (previous === 'key' && tokens[i - 2] === 'access'))
  ) {
    return 'key';
  }
  if (/^conn(?:ection)?str(?:ing)?s?$/.test(word)) return 'connection';
  if (/^str(?:ing)?s?$/.test(word) && (previous === 'connection' || previous === 'conn')) {
    return 'connection';
  }
  return undefined;
};

/** Words after the secret word that make the name about the secret, not the secret itself. */
const QUALIFIERS = new Set([
  // sizes and limits: PASSWORD_MIN_LENGTH, MAX_TOKENS_COUNT
  ...['length', 'len', 'minlength', 'maxlength', 'size', 'count', 'limit', 'min', 'max'],
  // time: TOKEN_TTL, SECRET_ROTATION_DAYS, ACCESS_TOKEN_LIFETIME
  ...['ttl', 'timeout', 'expiry', 'expiration', 'expires', 'expire', 'lifetime', 'age', 'duration'],
  ...['interval', 'period', 'days', 'day', 'hours', 'hour', 'minutes', 'minute', 'mins', 'seconds'],
  ...['second', 'secs', 'sec', 'ms', 'millis', 'milliseconds', 'rotation', 'refresh', 'schedule'],
  // where it is: PASSWORD_FILE, SECRET_ARN, SECRET_NAME, SECRET_ID, API_KEY_PARAMETER
  ...['file', 'files', 'path', 'paths', 'dir', 'directory', 'folder', 'location', 'mount'],
  ...['arn', 'arns', 'id', 'ids', 'name', 'names', 'ref', 'reference', 'alias', 'version', 'stage'],
  ...['param', 'parameter', 'field', 'region', 'bucket', 'table', 'queue', 'topic', 'cache'],
  // where to get it: AUTH_URL, TOKEN_ENDPOINT, AUTH_DOMAIN, OAUTH_CALLBACK_URL
  ...[
    'url',
    'urls',
    'uri',
    'endpoint',
    'endpoints',
    'host',
    'hostname',
    'domain',
    'server',
    'port',
  ],
  ...['address', 'addr', 'issuer', 'audience', 'aud', 'realm', 'scope', 'scopes', 'callback'],
  ...['redirect'],
  // how it works: AUTH_TYPE, AUTH_METHOD, SECRETS_PROVIDER, TOKEN_ALGORITHM, AUTH_USER
  ...['provider', 'providers', 'type', 'types', 'mode', 'method', 'methods', 'strategy', 'backend'],
  ...['backends', 'store', 'manager', 'service', 'source', 'engine', 'algorithm', 'alg', 'algo'],
  ...['format', 'encoding', 'charset', 'scheme', 'schema', 'policy', 'policies', 'strength'],
  ...['complexity', 'history', 'attempts', 'retries', 'retry', 'template', 'pattern', 'regex'],
  ...['prefix', 'suffix', 'header', 'level', 'user', 'username', 'login', 'email'],
  // switches: AUTH_ENABLED, AUTH_REQUIRED
  ...['enabled', 'disabled', 'enable', 'disable', 'required', 'require', 'allowed', 'allow'],
]);

/** Words before the secret word that make the name a switch or a bound: MYSQL_ALLOW_EMPTY_PASSWORD, MAX_TOKENS. */
const LEADING_QUALIFIERS = new Set([
  ...['allow', 'enable', 'disable', 'require', 'skip', 'use', 'no', 'random', 'generate', 'empty'],
  ...['max', 'min', 'num', 'is', 'has', 'should', 'ignore'],
]);

/** Words after a qualifier that bring the secret back: API_KEY_FILE_CONTENT, CREDENTIALS_JSON. */
const CONTENT_WORDS = new Set([
  'value',
  'content',
  'contents',
  'data',
  'body',
  'text',
  'json',
  'pem',
]);
const CONTENT_WORDS_TOO = new Set(['b64', 'base64', 'raw', 'plain', 'plaintext', 'literal']);

/** The name says the value is public: JWT_PUBLIC_KEY, STRIPE_PUBLISHABLE_KEY. */
const PUBLIC_WORDS = new Set(['public', 'publishable', 'pub']);

export interface SecretName {
  /** The kind of the last secret word in the name. */
  kind: KeywordKind;
}

/**
 * Whether the name says the variable holds a secret: the kind of its last secret word, or
 * undefined when it has none or only talks about a secret (PASSWORD_MIN_LENGTH, SECRET_ARN).
 */
export const secretNameOf = (name: string): SecretName | undefined => {
  const tokens = nameTokens(name);
  if (tokens.some((t) => PUBLIC_WORDS.has(t))) return undefined;
  let last = -1;
  let kind: KeywordKind | undefined;
  tokens.forEach((_, i) => {
    const found = keywordAt(tokens, i);
    if (found) {
      last = i;
      kind = found;
    }
  });
  if (!kind) return undefined;
  if (tokens.slice(0, last).some((t) => LEADING_QUALIFIERS.has(t))) return undefined;
  // The last qualifier or content word after the secret word decides.
  let qualified = false;
  for (const word of tokens.slice(last + 1)) {
    if (QUALIFIERS.has(word)) qualified = true;
    else if (CONTENT_WORDS.has(word) || CONTENT_WORDS_TOO.has(word)) qualified = false;
  }
  return qualified ? undefined : { kind };
};

/** True when the name says the variable holds a secret (see `secretNameOf`). */
export const isSecretName = (name: string): boolean => secretNameOf(name) !== undefined;

/** A name that mentions a secret word at all, even to talk about it (AUTH_URL, TOKEN_ENDPOINT). */
const mentionsSecret = (name: string): boolean => {
  const tokens = nameTokens(name);
  return tokens.some((_, i) => keywordAt(tokens, i) !== undefined);
};

const FLAGS = new Set([
  ...['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', '0', '1'],
  ...['enabled', 'disabled', 'enable', 'disable', 'null', 'nil', 'none', 'undefined'],
]);
// Up to 12 digits: counts, ports, timestamps; a longer run of digits may be a card or a token.
const NUMBER = /^[+-]?\d{1,12}(?:\.\d+)?$/;
const DURATION_UNIT =
  '(?:ns|us|ms|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|y|yrs?|years?)';
const DURATION = new RegExp(`^(?:\\d+(?:\\.\\d+)?\\s*${DURATION_UNIT})+$`, 'i');
const ISO_DURATION =
  /^P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/i;
const SIZE = /^\d+(?:\.\d+)?\s*(?:[kmgt]i?b?|bytes?)$/i;

const REFERENCE = [
  /^arn:[\w-]+:[\w-]+:/i, // SECRET_ARN=arn:aws:secretsmanager:…
  /^\{\{resolve:[^}]+\}\}$/i, // CloudFormation dynamic reference
  /^(?:ssm|secretsmanager|secrets-manager|vault):\/{0,2}[\w./#:-]+$/i,
];

const PLACEHOLDER = [
  /^\$\{[^}]*\}$/, // ${VAR}
  /^\$\([^)]*\)$/, // $(VAR)
  /^\$[A-Z_][A-Z0-9_]*$/, // $VAR
  /^%[A-Z_][A-Z0-9_]*%$/i, // %VAR%
  /^\{\{[^}]*\}\}$/, // {{ var }}
  /^<[^<>]*>$/, // <set-me>
  /^[x*#.\-_ ]{3,}$/i, // xxx, ***, ****, xxxx-xxxx, ...
  /^(?:replace[_-]?(?:me|with[_ -].*)|set[_-]?me|to[_-]?do|tbd|fixme|placeholder|redacted|n\/a|na)$/i,
  /^your[_-]/i, // your-api-key-here
];

// /run/secrets/db, ./certs/key.pem, ~/.aws/credentials, C:\secrets\db.txt
const FILE_PATH = /^(?:\/|\.{1,2}\/|~\/)[\w.@%\-/]*$|^[a-z]:\\[^\s]*$/i;

/** Query parameters that carry a credential: ?token=, ?api_key=, SAS `sig`, SigV4 `X-Amz-Signature`. */
const isCredentialParameter = (parameter: string): boolean =>
  isSecretName(parameter) ||
  /^(?:x-amz-)?(?:signature|sig|credential|security-token)$/i.test(parameter);

const parseUrl = (value: string): URL | undefined => {
  if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value)) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

/** A URL with user info (`user:pass@`, a Sentry key, a token as user name) or a credential parameter. */
const urlCarriesCredential = (url: URL): boolean =>
  url.username !== '' ||
  url.password !== '' ||
  [...url.searchParams.keys()].some(isCredentialParameter);

/** `Server=db;Database=app` (ADO.NET, PDO DSN `mysql:host=db;dbname=app`) without a password key. */
const isConnectionStringWithoutCredential = (value: string): boolean => {
  const pairs = value
    .replace(/^[a-z][a-z0-9]*:(?!\/)/i, '')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  if (pairs.length < 2 || !pairs.every((p) => /^[\w .-]+=[^=]*$/.test(p))) return false;
  return !pairs.some((p) =>
    /pass|pwd|secret|key|token|sig|credential/i.test(p.split('=')[0] ?? ''),
  );
};

/** A value that carries a credential whatever the name says: `Basic dXNl…`, a URL with a token. */
export const valueCarriesCredential = (value: string): boolean => {
  const trimmed = value.trim();
  if (/^(?:basic|bearer|token|digest|apikey)\s+\S{8,}$/i.test(trimmed)) return true;
  const url = parseUrl(trimmed);
  return url !== undefined && urlCarriesCredential(url);
};

// `-Dspring.datasource.password=…`, `jdbc:mysql://db/app?user=app&password=…`, a JAAS config,
// `{"password": "…"}`: a secret-named setting inside the value, with a real value of its own.
const EMBEDDED_ASSIGNMENT =
  /(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token)(?:=|["']\s*:\s*)["']?(\$\{[^}]*\}|\$\([^)]*\)|[^\s"';&,)}]+)/gi;

/** Whether the value sets a password, secret, API key or token inside it, to a real value. */
export const embedsSecretAssignment = (value: string): boolean =>
  [...value.matchAll(EMBEDDED_ASSIGNMENT)].some(([, assigned = '']) => !isBenignValue(assigned));

/**
 * A value that cannot be a secret: empty, a flag, a number or a duration, an ARN or another
 * reference, a placeholder, a file path, a URL or connection string without credentials.
 * `changeme`, `password` and `admin` are weak but real passwords: they are not benign.
 */
export const isBenignValue = (value: string): boolean => {
  const trimmed = value.trim();
  if (trimmed === '') return true;
  if (FLAGS.has(trimmed.toLowerCase())) return true;
  if ([NUMBER, DURATION, ISO_DURATION, SIZE].some((p) => p.test(trimmed))) return true;
  if ([...REFERENCE, ...PLACEHOLDER].some((p) => p.test(trimmed))) return true;
  if (FILE_PATH.test(trimmed)) return true;
  const url = parseUrl(trimmed);
  if (url) return !urlCarriesCredential(url);
  return isConnectionStringWithoutCredential(trimmed);
};

/** Values of an AUTH-only name that name a mechanism, not a credential: SMTP_AUTH=login. */
const AUTH_MECHANISMS = new Set([
  ...[
    'basic',
    'bearer',
    'digest',
    'ntlm',
    'negotiate',
    'kerberos',
    'ldap',
    'oauth',
    'oauth2',
    'oidc',
  ],
  ...[
    'saml',
    'iam',
    'sigv4',
    'plain',
    'login',
    'cram-md5',
    'scram-sha-256',
    'md5',
    'trust',
    'mtls',
  ],
  ...['jwt', 'apikey', 'api-key', 'token', 'password', 'anonymous', 'required', 'optional', 'sasl'],
]);

/**
 * Whether `NAME=value` looks like a secret: a secret-like name with a real value, a name that
 * mentions a secret word with a value that carries a credential, or a value that sets a password
 * or key inside it (JAVA_OPTS, JDBC URLs, JSON).
 */
export const looksLikeSecretVariable = (name: string, value: string): boolean => {
  if (value.trim() === '') return false;
  if (mentionsSecret(name) && valueCarriesCredential(value)) return true;
  if (embedsSecretAssignment(value)) return true;
  const secretName = secretNameOf(name);
  if (!secretName || isBenignValue(value)) return false;
  return !(secretName.kind === 'auth' && AUTH_MECHANISMS.has(value.trim().toLowerCase()));
};

/**
 * The credential kinds that mean a credential. secretlint's `aws` rule also reports AWS account
 * IDs (`AWS_ACCOUNT_ID=123456789012`) and IAM unique IDs (AIDA…, AROA…), which are not secrets;
 * real AWS keys carry `aws-access-key-id` or `aws-secret-access-key` as well, so `aws` is dropped.
 */
export const significantCredentialKinds = (kinds: readonly string[]): string[] =>
  kinds.filter((kind) => kind !== 'aws');

/** A URL with a password in its user info, including `redis://:pass@cache` (no user name). */
export const urlHasPassword = (value: string): boolean =>
  (parseUrl(value.trim())?.password ?? '') !== '';
