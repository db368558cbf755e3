import { describe, expect, it } from 'vitest';
import {
  embedsSecretAssignment,
  isBenignValue,
  isSecretName,
  looksLikeSecretVariable,
  nameTokens,
  significantCredentialKinds,
  urlHasPassword,
  valueCarriesCredential,
} from '../../../lib/evaluate/secrets/environmentNames.ts';

// A literal `${DB_PASSWORD}`, as a task definition carries it (ECS does not expand it).
const DOLLAR_BRACE = ['$', '{DB_PASSWORD}'].join('');

describe('nameTokens', () => {
  it.each([
    ['DB_PASSWORD', ['db', 'password']],
    ['dbPassword', ['db', 'password']],
    ['APIKey', ['api', 'key']],
    ['spring.datasource.password', ['spring', 'datasource', 'password']],
    ['NPM_CONFIG__AUTH', ['npm', 'config', 'auth']],
    ['OAuthCallbackUrl', ['oauth', 'callback', 'url']],
  ])('splits %s into words', (name, tokens) => {
    // Act
    const result = nameTokens(name);

    // Assess
    expect(result).toEqual(tokens);
  });
});

describe('isSecretName', () => {
  it.each([
    // passwords
    'PASSWORD',
    'DB_PASSWORD',
    'POSTGRES_PASSWORD',
    'PGPASSWORD',
    'MYSQL_ROOT_PASSWORD',
    'MYSQL_PWD',
    'REDIS_PASS',
    'RABBITMQ_DEFAULT_PASS',
    'SMTP_PASSWD',
    'GPG_PASSPHRASE',
    'KEYSTORE_PASS',
    'SSL_KEYSTORE_PASSWORD',
    'spring.datasource.password',
    'dbPassword',
    'ADMIN_PASSWORD_HASH',
    'DB_PW',
    // secrets and keys
    'SECRET',
    'DJANGO_SECRET_KEY',
    'SECRET_KEY_BASE',
    'JWT_SECRET',
    'NEXTAUTH_SECRET',
    'AZURE_CLIENT_SECRET',
    'clientSecret',
    'COOKIE_SECRET',
    'WEBHOOK_SECRET',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_ACCESS_KEY_ID',
    'MINIO_ACCESS_KEY',
    'S3_ACCESS_KEY',
    'API_KEY',
    'APIKEY',
    'apiKey',
    'OPENAI_API_KEY',
    'DD_API_KEY',
    'DD_APP_KEY',
    'APP_KEY',
    'RAILS_MASTER_KEY',
    'NEW_RELIC_LICENSE_KEY',
    'ENCRYPTION_KEY',
    'SIGNING_KEY',
    'PRIVATE_KEY',
    'JWT_PRIVATE_KEY',
    'SSH_KEY',
    'AZURE_STORAGE_ACCOUNT_KEY',
    'HONEYCOMB_WRITEKEY',
    'AUTH_SALT',
    'PASSWORD_SALT',
    // tokens
    'TOKEN',
    'GITHUB_TOKEN',
    'ACCESS_TOKEN',
    'REFRESH_TOKEN',
    'AWS_SESSION_TOKEN',
    'SLACK_BOT_TOKEN',
    'TWILIO_AUTH_TOKEN',
    'VAULT_TOKEN',
    'authToken',
    'API_TOKENS',
    // credentials, auth, DSNs and connection strings
    'CREDENTIALS',
    'GOOGLE_CREDENTIALS',
    'CREDENTIALS_JSON',
    'DB_CREDENTIAL',
    'CREDS',
    'AUTH',
    'BASIC_AUTH',
    'NPM_CONFIG__AUTH',
    'ECS_ENGINE_AUTH_DATA',
    'DOCKER_AUTH_CONFIG',
    'AUTHORIZATION',
    'SENTRY_DSN',
    'DATABASE_DSN',
    'CONNECTION_STRING',
    'AZURE_STORAGE_CONNECTION_STRING',
    'DB_CONN_STR',
    'ConnectionStrings__Default',
    'API_KEY_FILE_CONTENT',
  ])('says %s names a secret', (name) => {
    // Act
    const result = isSecretName(name);

    // Assess
    expect(result).toBe(true);
  });

  it.each([
    // ordinary configuration
    'NODE_ENV',
    'PORT',
    'DB_HOST',
    'DB_USER',
    'AWS_REGION',
    'LOG_LEVEL',
    'KMS_KEY_ID',
    'KMS_KEY_ARN',
    'CACHE_KEY_PREFIX',
    'PARTITION_KEY',
    'KEY',
    'PGPASSFILE',
    'PWD_DIR',
    'OLDPWD',
    'TOKENIZERS_PARALLELISM',
    'SECRETARY_EMAIL',
    // about a secret, not the secret
    'PASSWORD_MIN_LENGTH',
    'MIN_PASSWORD_LENGTH',
    'MYSQL_ALLOW_EMPTY_PASSWORD',
    'ALLOW_EMPTY_PASSWORD',
    'MYSQL_RANDOM_ROOT_PASSWORD',
    'TOKEN_TTL',
    'ACCESS_TOKEN_LIFETIME',
    'TOKEN_TTL_SECONDS',
    'JWT_TOKEN_EXPIRY',
    'TOKEN_EXPIRATION',
    'SESSION_TOKEN_TIMEOUT',
    'SECRET_ROTATION_DAYS',
    'PASSWORD_FILE',
    'DB_PASSWORD_FILE',
    'MYSQL_ROOT_PASSWORD_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'GOOGLE_APPLICATION_CREDENTIALS_PATH',
    'SSL_KEY_PATH',
    'PRIVATE_KEY_PATH',
    'SECRET_ARN',
    'DB_SECRET_ARN',
    'SECRET_ARNS',
    'API_KEY_PARAMETER',
    'SECRET_NAME',
    'SECRET_ID',
    'AWS_SECRET_NAME',
    'DB_PASSWORD_SECRET_NAME',
    'SECRETSMANAGER_SECRET_ID',
    'SECRETS_MANAGER_ENDPOINT',
    'SECRETS_PROVIDER',
    'API_KEY_ID',
    'AUTH_ENABLED',
    'AUTH_DISABLED',
    'AUTH_REQUIRED',
    'ENABLE_AUTH',
    'USE_IAM_AUTH',
    'SKIP_AUTH',
    'AUTHOR',
    'AUTHORS',
    'AUTHORITY',
    'OAUTH_CALLBACK_URL',
    'OAUTH_PROVIDER',
    'OAuthRedirectUri',
    'AUTH_URL',
    'AUTH_DOMAIN',
    'AUTH0_DOMAIN',
    'AUTH_ISSUER',
    'AUTH_AUDIENCE',
    'AUTH_TYPE',
    'AUTH_METHOD',
    'POSTGRES_HOST_AUTH_METHOD',
    'AUTH_USER',
    'ECS_ENGINE_AUTH_TYPE',
    'TOKEN_ENDPOINT',
    'TOKEN_URL',
    'TOKEN_ISSUER',
    'TOKEN_ALGORITHM',
    'API_KEY_HEADER',
    'PASSWORD_POLICY',
    'PASSWORD_RESET_URL',
    'MAX_TOKENS',
    'MAX_AUTH_ATTEMPTS',
    'JWT_PUBLIC_KEY',
    'PUBLIC_KEY',
    'STRIPE_PUBLISHABLE_KEY',
    'NEXT_PUBLIC_API_KEY',
  ])('says %s does not name a secret', (name) => {
    // Act
    const result = isSecretName(name);

    // Assess
    expect(result).toBe(false);
  });
});

describe('isBenignValue', () => {
  it.each([
    ['an empty value', ''],
    ['blanks', '   '],
    ...[
      'true',
      'FALSE',
      'yes',
      'no',
      'on',
      'off',
      '0',
      '1',
      'enabled',
      'disabled',
      'none',
      'null',
    ].map((v) => [`the flag ${v}`, v]),
    ['a number', '3600'],
    ['a decimal', '0.75'],
    ['a duration in seconds', '30s'],
    ['a duration in minutes', '5m'],
    ['a duration in hours', '1h'],
    ['a compound duration', '1h30m'],
    ['an ISO 8601 duration', 'PT15M'],
    ['a size', '512MB'],
    [
      'a Secrets Manager ARN',
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf',
    ],
    ['an SSM parameter ARN', 'arn:aws:ssm:us-east-1:111122223333:parameter/prod/db'],
    ['a GovCloud ARN', 'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd'],
    ['an ssm: reference', 'ssm:/prod/db/password'],
    [
      'a CloudFormation dynamic reference',
      '{{resolve:secretsmanager:prod/db:SecretString:password}}',
    ],
    ['a vault reference', 'vault:secret/data/db#password'],
    ['an S3 path', 's3://config-bucket/app/.env'],
    ['an HTTPS URL without credentials', 'https://auth.example.com/oauth2/token'],
    ['a Redis URL without credentials', 'redis://cache.internal:6379/0'],
    ['a dollar-brace placeholder', DOLLAR_BRACE],
    ['a $(VAR) placeholder', '$(DB_PASSWORD)'],
    ['a $VAR placeholder', '$DB_PASSWORD'],
    ['a {{ template }} placeholder', '{{ db_password }}'],
    ['an <angle bracket> placeholder', '<set-me>'],
    ['REPLACE_ME', 'REPLACE_ME'],
    ['replace-with-real-value', 'replace-with-real-value'],
    ['TODO', 'TODO'],
    ['xxx', 'xxx'],
    ['***', '***'],
    ['****', '****'],
    ['your-api-key-here', 'your-api-key-here'],
    ['a Docker secrets path', '/run/secrets/db'],
    ['a relative path', './certs/client.key'],
    ['a home path', '~/.aws/credentials'],
    [
      'a connection string without a password',
      'Server=db.internal;Database=app;Integrated Security=true',
    ],
    ['a PDO DSN without a password', 'mysql:host=db.internal;dbname=app'],
  ])('accepts %s', (_name, value) => {
    // Act
    const result = isBenignValue(value);

    // Assess
    expect(result).toBe(true);
  });

  it.each([
    ['a weak password', 'changeme'],
    ['the word password', 'password'],
    ['admin', 'admin'],
    ['a random-looking string', 'q8Zr2mLw0vXc4Tn7'],
    ['a long run of digits', '4111111111111111'],
    ['a URL with a password', 'postgres://app:s3cr3t@db.internal:5432/app'],
    ['a Redis URL with a password and no user', 'redis://:s3cr3t@cache:6379'],
    ['a URL with a user name (a Sentry key)', 'https://0123abcd@o1.ingest.sentry.io/42'],
    ['a URL with a token parameter', 'https://api.example.com/hook?token=abc123def'],
    ['a presigned S3 URL', 'https://b.s3.amazonaws.com/k?X-Amz-Signature=abc&X-Amz-Credential=x'],
    ['an Azure SAS URL', 'https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=abc'],
    ['a connection string with a password', 'Server=db;Database=app;User Id=sa;Password=Pa55word'],
    [
      'an Azure storage connection string',
      'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc',
    ],
    ['a JSON document', '{"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpwYXNz"}}}'],
  ])('does not accept %s', (_name, value) => {
    // Act
    const result = isBenignValue(value);

    // Assess
    expect(result).toBe(false);
  });
});

describe('looksLikeSecretVariable', () => {
  it.each([
    ['DB_PASSWORD', 'changeme'],
    ['API_KEY', 'abc123xyz789'],
    ['JWT_SECRET', 'super-secret-signing-key'],
    ['SENTRY_DSN', 'https://0123abcd@o1.ingest.sentry.io/42'],
    ['CONNECTION_STRING', 'Server=db;Database=app;User Id=sa;Password=Pa55word'],
    ['AUTH', 'user:Pa55word'],
    ['ECS_ENGINE_AUTH_DATA', '{"https://index.docker.io/v1/":{"auth":"dXNlcjpwYXNz"}}'],
    ['AUTH_HEADER', 'Basic dXNlcjpwYXNzd29yZA=='],
    ['TOKEN_URL', 'https://api.example.com/hook?token=abc123def'],
    ['MYSQL_PWD', '12345678901234'],
    ['JAVA_OPTS', '-Xmx512m -Dspring.datasource.password=Pa55word -Dfile.encoding=UTF-8'],
    ['JDBC_URL', 'jdbc:mysql://db.internal:3306/app?user=app&password=Pa55word'],
    [
      'KAFKA_SASL_JAAS_CONFIG',
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="Pa55word";',
    ],
    ['SPRING_APPLICATION_JSON', '{"spring":{"datasource":{"password":"Pa55word"}}}'],
    ['DB_CONN', 'Server=db;Database=app;User Id=sa;Password=Pa55word'],
  ])('flags %s with a real value', (name, value) => {
    // Act
    const result = looksLikeSecretVariable(name, value);

    // Assess
    expect(result).toBe(true);
  });

  it.each([
    ['DB_PASSWORD', ''],
    ['DB_PASSWORD', DOLLAR_BRACE],
    ['DB_PASSWORD', '/run/secrets/db'],
    ['API_KEY', '<set-me>'],
    ['API_TOKEN', '****'],
    ['SECRET', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf'],
    ['SECRET_ARN', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf'],
    ['PASSWORD_MIN_LENGTH', '12'],
    ['MYSQL_ALLOW_EMPTY_PASSWORD', 'yes'],
    ['TOKEN_TTL', '3600'],
    ['TOKEN_TTL', '1h'],
    ['AUTH_ENABLED', 'true'],
    ['SMTP_AUTH', 'login'],
    ['AUTH', 'none'],
    ['AUTH_URL', 'https://auth.example.com/'],
    ['TOKEN_ENDPOINT', 'https://auth.example.com/oauth2/token'],
    ['SECRET_NAME', 'prod/app/db'],
    ['AUTHOR', 'Jane Doe'],
    ['DB_HOST', 'db.internal'],
    ['GOOGLE_APPLICATION_CREDENTIALS', '/var/secrets/google/key.json'],
    ['PWD', '/app'],
    ['PDO_DSN', 'mysql:host=db.internal;dbname=app'],
    ['JAVA_OPTS', `-Xmx512m -Dspring.datasource.password=${DOLLAR_BRACE}`],
    ['JAVA_OPTS', '-Dapp.password-file=/run/secrets/db -Dapp.password_min_length=12'],
    ['SPRING_APPLICATION_JSON', '{"spring":{"datasource":{"password_file":"/run/secrets/db"}}}'],
  ])('does not flag %s=%s', (name, value) => {
    // Act
    const result = looksLikeSecretVariable(name, value);

    // Assess
    expect(result).toBe(false);
  });
});

describe('embedsSecretAssignment', () => {
  it.each([
    ['a -D system property', '-Ddb.password=Pa55word', true],
    ['a query parameter', 'jdbc:postgresql://db/app?password=Pa55word', true],
    ['a JSON key', '{"apiKey": "abc123xyz789"}', true],
    ['a client_secret assignment', 'client_id=app&client_secret=abc123xyz789', true],
    ['an access_token assignment', 'access_token=abc123xyz789', true],
    ['a placeholder assignment', 'password=<set-me>', false],
    ['an empty assignment', 'password= -Dother=1', false],
    ['a setting about the password', 'password_min_length=12', false],
    ['a password-file option', '--password-file=/run/secrets/db', false],
    ['text without assignments', 'the password is managed elsewhere', false],
  ])('reads %s', (_name, value, expected) => {
    // Act
    const result = embedsSecretAssignment(value);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('valueCarriesCredential and urlHasPassword', () => {
  it.each([
    ['an Authorization header value', 'Bearer abcdefgh12345678', true, false],
    ['a URL with user and password', 'postgres://app:s3cr3t@db:5432/app', true, true],
    ['a URL with a password and no user', 'redis://:s3cr3t@cache:6379', true, true],
    ['a URL with a user only', 'https://deploy@git.example.com/repo.git', true, false],
    ['a plain URL', 'https://example.com/path?page=2', false, false],
    ['text', 'hello world', false, false],
  ])('reads %s', (_name, value, carries, password) => {
    // Act
    const results = [valueCarriesCredential(value), urlHasPassword(value)];

    // Assess
    expect(results).toEqual([carries, password]);
  });
});

describe('significantCredentialKinds', () => {
  it.each([
    ['drops the aws rule alone (an account ID)', ['aws'], []],
    ['keeps a key ID', ['aws', 'aws-access-key-id'], ['aws-access-key-id']],
    ['keeps other formats', ['github'], ['github']],
  ])('%s', (_name, kinds, expected) => {
    // Act
    const result = significantCredentialKinds(kinds);

    // Assess
    expect(result).toEqual(expected);
  });
});
