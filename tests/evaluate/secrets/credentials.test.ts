import { describe, expect, it } from 'vitest';
import { credentialKindsOf } from '../../../lib/evaluate/secrets/credentials.ts';

// Credential-shaped test values are assembled from parts so that secret scanners that read this
// repository do not take them for leaked credentials. None of them is real.
const fake = (...parts: string[]): string => parts.join('');
/** `${NAME}`, as a shell or a template would leave it. */
const placeholder = (name: string): string => ['$', '{', name, '}'].join('');

const AWS_KEY_ID = fake('AKIA', 'QYLPMN5HHHFPZAM2');
const AWS_SESSION_KEY_ID = fake('ASIA', 'QYLPMN5HHHFPZAM2');
const AWS_DOCS_KEY_ID = fake('AKIA', 'IOSFODNN7EXAMPLE');
const AWS_SECRET_KEY = fake('Zx8pQ2rT7vB4nM1kL9sD', '3fG6hJ0wE5yU2iO8aXcV');
const AWS_DOCS_SECRET_KEY = fake('wJalrXUtnFEMI/K7MDENG', '/bPxRfiCYEXAMPLEKEY');
const pem = (label: string) =>
  fake(
    '-----BEGIN ',
    label,
    '-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2d\n-----END ',
    label,
    '-----\n',
  );
const JWT = fake(
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
  '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
);

/** Whatever a case gives, it is rule names only: never the value or a part of it. */
const expectNoValueIn = (kinds: string[], value: string) => {
  for (const kind of kinds) expect(kind).toMatch(/^[a-z0-9-]+$/);
  expect(JSON.stringify(kinds)).not.toContain(value);
  expect(JSON.stringify(kinds)).not.toContain(value.slice(0, 8));
};

describe('credentialKindsOf', () => {
  it.each([
    // AWS access key IDs: our own pattern (secretlint's ID scan also flags account and IAM unique IDs).
    ['an AWS access key ID', 'SOME_KEY', AWS_KEY_ID, ['aws-access-key-id']],
    [
      'an AWS access key ID under its usual name',
      'AWS_ACCESS_KEY_ID',
      AWS_KEY_ID,
      ['aws-access-key-id'],
    ],
    ['a temporary (ASIA) access key ID', 'KEY', AWS_SESSION_KEY_ID, ['aws-access-key-id']],
    [
      'an access key ID inside a longer value',
      'CONFIG',
      `key=${AWS_KEY_ID};region=us-east-1`,
      ['aws-access-key-id'],
    ],
    // secretlint ignores AWS's documentation example on purpose; a task definition that carries it
    // still ships a static key ID, so our own pattern reports it.
    [
      'the AWS documentation example key ID',
      'AWS_ACCESS_KEY_ID',
      AWS_DOCS_KEY_ID,
      ['aws-access-key-id'],
    ],
    // Secret access keys: 40 characters are only recognizable by the name beside them.
    [
      'an AWS secret access key under AWS_SECRET_ACCESS_KEY',
      'AWS_SECRET_ACCESS_KEY',
      AWS_SECRET_KEY,
      ['aws-secret-access-key'],
    ],
    [
      'an AWS secret access key under a lower-case name',
      'aws_secret_access_key',
      AWS_SECRET_KEY,
      ['aws-secret-access-key'],
    ],
    [
      'an AWS secret access key under a prefixed name',
      'BACKUP_SECRET_ACCESS_KEY',
      AWS_SECRET_KEY,
      ['aws-secret-access-key'],
    ],
    [
      'the AWS documentation example secret key',
      'AWS_SECRET_ACCESS_KEY',
      AWS_DOCS_SECRET_KEY,
      ['aws-secret-access-key'],
    ],
    // Private keys.
    ['an RSA private key', 'TLS_KEY', pem('RSA PRIVATE KEY'), ['private-key']],
    ['a PKCS#8 private key', 'TLS_KEY', pem('PRIVATE KEY'), ['private-key']],
    ['an encrypted PKCS#8 private key', 'TLS_KEY', pem('ENCRYPTED PRIVATE KEY'), ['private-key']],
    ['an EC private key', 'TLS_KEY', pem('EC PRIVATE KEY'), ['private-key']],
    ['an OpenSSH private key', 'DEPLOY_KEY', pem('OPENSSH PRIVATE KEY'), ['private-key']],
    ['a PGP private key block', 'SIGNING_KEY', pem('PGP PRIVATE KEY BLOCK'), ['private-key']],
    [
      'a private key on one line with escaped newlines',
      'KEY',
      pem('PRIVATE KEY').replaceAll('\n', '\\n'),
      ['private-key'],
    ],
    // URLs and connection strings with passwords.
    [
      'a PostgreSQL URL with a password',
      'DATABASE_URL',
      'postgres://app:Xk29vLq8Zp@db.internal:5432/app',
      ['database-connection-string', 'url-with-password'],
    ],
    [
      'a MongoDB SRV URL with a password',
      'MONGO',
      'mongodb+srv://svc:Xk29vLq8Zp@cluster0.mongodb.net/app',
      ['database-connection-string', 'url-with-password'],
    ],
    [
      'a JDBC MySQL URL with a password',
      'JDBC_URL',
      'jdbc:mysql://app:Xk29vLq8Zp@db.internal:3306/app',
      ['database-connection-string', 'url-with-password'],
    ],
    [
      'a Redis URL with a password and no user name',
      'REDIS_URL',
      'redis://:Xk29vLq8Zp@cache.internal:6379',
      ['url-with-password'],
    ],
    [
      'an AMQP URL with a password',
      'BROKER_URL',
      'amqps://svc:Xk29vLq8Zp@mq.internal:5671',
      ['url-with-password'],
    ],
    [
      'an HTTPS URL with a password',
      'GIT_REMOTE',
      'https://deploy:Xk29vLq8Zp@git.internal/repo.git',
      ['url-with-password'],
    ],
    [
      'a percent-encoded password',
      'DATABASE_URL',
      'postgres://app:p%40ss%3Aw0rd@db.internal/app',
      ['database-connection-string', 'url-with-password'],
    ],
    [
      'a JDBC URL with a password parameter',
      'SPRING_DATASOURCE_URL',
      'jdbc:postgresql://db.internal:5432/app?user=app&password=Xk29vLq8Zp',
      ['connection-string-password'],
    ],
    [
      'an ADO.NET connection string',
      'DB',
      'Server=tcp:db.internal,1433;Database=app;User ID=app;Password=Xk29vLq8Zp;',
      ['connection-string-password'],
    ],
    [
      'an ODBC connection string with PWD',
      'DB',
      'Driver={ODBC Driver 18};Server=db;UID=app;PWD=Xk29vLq8Zp',
      ['connection-string-password'],
    ],
    // Tokens.
    ['a JWT', 'SESSION', JWT, ['jwt']],
    [
      'a GitHub personal access token',
      'GH',
      fake('ghp_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'),
      ['github'],
    ],
    [
      'a GitHub fine-grained token',
      'GH',
      fake('github_pat_', '11ABCDEFG0123456789abc_', 'a'.repeat(26), 'B'.repeat(26), '0123456'),
      ['github'],
    ],
    [
      'a Slack bot token',
      'SLACK',
      fake('xoxb-', '123456789012-1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx'),
      ['slack'],
    ],
    [
      'a Slack incoming webhook',
      'HOOK',
      fake('https://hooks.slack.com/services/', 'T0ABCDEFG/B0ABCDEFG/', 'AbCdEfGhIjKlMnOpQrStUvWx'),
      ['slack'],
    ],
    ['an npm token', 'NPM', fake('npm_', '1234567890abcdefghijklmnopqrstuvwxyz'), ['npm']],
  ])('recognizes %s', async (_name, name, value, expected) => {
    // Act
    const kinds = await credentialKindsOf(name, value);

    // Assess
    expect(kinds).toEqual(expected);
    expectNoValueIn(kinds, value);
  });

  it.each([
    ['an empty value', 'DB_PASSWORD', ''],
    ['a value shorter than 8 characters', 'KEY', 'AKIA123'],
    ['a boolean', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'yes'],
    ['true', 'FEATURE_ENABLED', 'true'],
    ['a number', 'PASSWORD_MIN_LENGTH', '12'],
    ['a long number', 'TOKEN_TTL', '86400000'],
    ['a duration', 'SESSION_TIMEOUT', '1h30m0s'],
    ['a log level', 'LOG_LEVEL', 'info'],
    ['an environment name', 'NODE_ENV', 'production'],
    ['a URL without credentials', 'API_URL', 'https://api.example.com/v1/resource?limit=10'],
    ['a database URL without credentials', 'DATABASE_URL', 'postgres://db.internal:5432/app'],
    ['a database URL with a user name only', 'DATABASE_URL', 'postgres://app@db.internal:5432/app'],
    [
      'a database URL with a shell-style placeholder password',
      'DATABASE_URL',
      `postgres://app:${placeholder('DB_PASSWORD')}@db.internal:5432/app`,
    ],
    [
      'a database URL with a $VAR placeholder password',
      'DATABASE_URL',
      'mysql://root:$MYSQL_ROOT_PASSWORD@db:3306/app',
    ],
    [
      'a database URL with a {{}} placeholder password',
      'DATABASE_URL',
      'postgres://app:{{password}}@db.internal:5432/app',
    ],
    ['a URL with a masked password', 'DATABASE_URL', 'redis://:********@cache.internal:6379'],
    [
      'a connection string with a placeholder password',
      'DB',
      `Server=db;User ID=app;Password=${placeholder('DB_PASSWORD')};`,
    ],
    ['a connection string with an empty password', 'DB', 'Server=db;User ID=app;Password=;'],
    [
      'a Secrets Manager ARN',
      'DB_SECRET_ARN',
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf',
    ],
    [
      'an SSM parameter ARN',
      'DB_PASSWORD_PARAMETER',
      'arn:aws:ssm:us-east-1:111122223333:parameter/prod/db',
    ],
    ['an ECR image', 'IMAGE', '111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1.2.3'],
    ['a UUID', 'REQUEST_ID', '123e4567-e89b-12d3-a456-426614174000'],
    ['an AWS account ID', 'AWS_ACCOUNT_ID', '111122223333'],
    ['an IAM role unique ID', 'ROLE_ID', fake('AROA', 'JQABLZS4A3QDU576Q')],
    ['an IAM user unique ID', 'USER_ID', fake('AIDA', 'JQABLZS4A3QDU576Q')],
    ['a git commit hash', 'GIT_SHA', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['a 40-character value under a name that is not a secret key', 'BUILD_ID', AWS_SECRET_KEY],
    ['JVM options', 'JAVA_OPTS', '-Xmx512m -XX:+UseG1GC -Dfile.encoding=UTF-8'],
    ['an e-mail address', 'ALERT_EMAIL', 'ops@example.com'],
    ['a PATH', 'PATH', '/usr/local/sbin:/usr/local/bin:/usr/bin'],
    ['a cron expression', 'SCHEDULE', '0 */5 * * * *'],
    ['a certificate', 'CA_BUNDLE', pem('CERTIFICATE')],
    ['a public key', 'JWT_PUBLIC_KEY', pem('PUBLIC KEY')],
    ['a placeholder', 'API_TOKEN', '<your-token-here>'],
    ['a variable reference', 'API_TOKEN', placeholder('API_TOKEN')],
    ['a masked value', 'DB_PASSWORD', '****************'],
    ['a host and port list', 'KAFKA_BROKERS', 'b-1.kafka.internal:9094,b-2.kafka.internal:9094'],
  ])('finds nothing in %s', async (_name, name, value) => {
    expect(await credentialKindsOf(name, value)).toEqual([]);
  });

  it('recognizes a credential by its value whatever the variable is called', async () => {
    // Act
    const kinds = await Promise.all(
      ['X', 'CONFIG', 'PASSWORD_MIN_LENGTH'].map((name) => credentialKindsOf(name, JWT)),
    );

    // Assess
    expect(kinds).toEqual([['jwt'], ['jwt'], ['jwt']]);
  });

  it('reports each kind once, sorted, when a value holds several credentials', async () => {
    // Prepare
    const value = `${AWS_KEY_ID} ${JWT} postgres://app:Xk29vLq8Zp@db.internal/app`;

    // Act
    const kinds = await credentialKindsOf('BLOB', value);

    // Assess
    expect(kinds).toEqual([
      'aws-access-key-id',
      'database-connection-string',
      'jwt',
      'url-with-password',
    ]);
    expectNoValueIn(kinds, value);
  });
});
