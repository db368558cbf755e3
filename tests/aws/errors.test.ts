import { TooManyRequestsException } from '@aws-sdk/client-app-mesh';
import { ClientException, AccessDeniedException as EcsAccessDenied } from '@aws-sdk/client-ecs';
import {
  LimitExceededException,
  AccessDeniedException as SecurityHubAccessDenied,
  ThrottlingException,
} from '@aws-sdk/client-securityhub';
import { ExpiredTokenException } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { errorCodeOf, failureCauseOf, isThrottlingError } from '../../lib/aws/errors.ts';

/** An error as the SDK raises it for a code it has no class for: its name and HTTP status. */
const sdkError = (name: string, httpStatusCode?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('x'), { name, $metadata: { httpStatusCode }, ...extra });

/** A Node.js network error, as the SDK passes it on (it names a reset socket TimeoutError). */
const networkError = (code: string, name = 'Error') =>
  Object.assign(new Error(`connect ${code}`), { name, code });

describe('errorCodeOf', () => {
  it.each<[string, unknown, string]>([
    [
      'the name of an error of a code the SDK has no class for',
      sdkError('Throttling', 400),
      'Throttling',
    ],
    [
      'the name of an ECS exception',
      new ClientException({ message: 'x', $metadata: {} }),
      'ClientException',
    ],
    [
      'the name of an STS exception',
      new ExpiredTokenException({ message: 'x', $metadata: {} }),
      'ExpiredTokenException',
    ],
    ['the name of a 500', sdkError('InternalFailure', 500), 'InternalFailure'],
    ['the code of a refused connection', networkError('ECONNREFUSED'), 'ECONNREFUSED'],
    [
      'the code of a reset socket, not its TimeoutError name',
      networkError('ECONNRESET', 'TimeoutError'),
      'ECONNRESET',
    ],
    ['the code of a failed DNS lookup', networkError('ENOTFOUND'), 'ENOTFOUND'],
    [
      'the code of a Node error with an underscore',
      networkError('ERR_SOCKET_CONNECTION_TIMEOUT'),
      'ERR_SOCKET_CONNECTION_TIMEOUT',
    ],
    [
      'the name when the code is not a Node code',
      sdkError('ValidationError', 400, { code: 'Validation' }),
      'ValidationError',
    ],
    [
      'the name when the code is a number',
      sdkError('TimeoutError', undefined, { code: 28 }),
      'TimeoutError',
    ],
    ['UnknownError for a plain Error', new Error('boom'), 'UnknownError'],
    ['UnknownError for an error without a name', sdkError(''), 'UnknownError'],
    [
      'UnknownError for an Error subclass that keeps the name Error',
      new (class extends Error {})('x'),
      'UnknownError',
    ],
    ['the name of an Error subclass', new TypeError('x'), 'TypeError'],
    [
      'UnknownError for an object that only looks like an error',
      { name: 'Throttling', code: 'ECONNRESET' },
      'UnknownError',
    ],
    ['UnknownError for a string', 'AccessDenied', 'UnknownError'],
    ['UnknownError for undefined', undefined, 'UnknownError'],
    ['UnknownError for null', null, 'UnknownError'],
  ])('gives %s', (_name, error, code) => {
    // Act
    const result = errorCodeOf(error);

    // Assess
    expect(result).toBe(code);
  });
});

describe('isThrottlingError', () => {
  it.each<[string, unknown]>([
    ['ThrottlingException (no status)', sdkError('ThrottlingException')],
    ['Throttling (no status)', sdkError('Throttling')],
    ['RequestLimitExceeded (HTTP 503)', sdkError('RequestLimitExceeded', 503)],
    ['TooManyRequestsException (HTTP 429)', sdkError('TooManyRequestsException', 429)],
    ['SlowDown (HTTP 503)', sdkError('SlowDown', 503)],
    ['RequestThrottled (HTTP 403)', sdkError('RequestThrottled', 403)],
    ['RateLimitExceeded (HTTP 400)', sdkError('RateLimitExceeded', 400)],
    ['a throttling name in any case', sdkError('THROTTLINGEXCEPTION', 400)],
    ['any error of HTTP 429', sdkError('SomethingElse', 429)],
    [
      'an error the SDK marks throttling',
      sdkError('SomeError', 400, { $retryable: { throttling: true } }),
    ],
    [
      "Security Hub's ThrottlingException",
      new ThrottlingException({ message: 'x', $metadata: {} }),
    ],
    [
      "Security Hub's LimitExceededException, by its HTTP 429",
      new LimitExceededException({ message: 'x', $metadata: { httpStatusCode: 429 } }),
    ],
    [
      "App Mesh's TooManyRequestsException, marked throttling by the SDK",
      new TooManyRequestsException({ message: 'x', $metadata: {} }),
    ],
    ['a thing that is no Error but has a throttling name', { name: 'Throttling' }],
  ])('takes %s for throttling', (_name, error) => {
    // Act
    const result = isThrottlingError(error);

    // Assess
    expect(result).toBe(true);
  });

  it.each<[string, unknown]>([
    ['AccessDenied (HTTP 403)', sdkError('AccessDenied', 403)],
    ['AccessDeniedException (HTTP 400)', sdkError('AccessDeniedException', 400)],
    [
      "ECS's AccessDeniedException",
      new EcsAccessDenied({ message: 'x', $metadata: { httpStatusCode: 400 } }),
    ],
    [
      "Security Hub's AccessDeniedException",
      new SecurityHubAccessDenied({ message: 'x', $metadata: { httpStatusCode: 403 } }),
    ],
    ['InternalFailure (HTTP 500)', sdkError('InternalFailure', 500)],
    ['ServiceUnavailable (HTTP 503)', sdkError('ServiceUnavailable', 503)],
    [
      'a retryable error that is not throttling',
      sdkError('SomeError', 500, { $retryable: { throttling: false } }),
    ],
    ['a reset connection', networkError('ECONNRESET', 'TimeoutError')],
    ['a plain Error', new Error('Throttling')],
    ['undefined', undefined],
    ['null', null],
    ['a string', 'Throttling'],
    ['a number', 429],
  ])('does not take %s for throttling', (_name, error) => {
    // Act
    const result = isThrottlingError(error);

    // Assess
    expect(result).toBe(false);
  });
});

/** An error the SDK raised reading a response: the raw response attached, no service $metadata. */
const unreadable = (name: string) => {
  const error = new (name === 'SyntaxError' ? SyntaxError : TypeError)('x');
  Object.defineProperty(error, '$response', { value: { statusCode: 200 }, enumerable: false });
  return error;
};

describe('failureCauseOf', () => {
  it.each<[string, unknown, string]>([
    [
      'AccessDeniedException',
      new EcsAccessDenied({ message: 'x', $metadata: {} }),
      'access denied (AccessDeniedException)',
    ],
    [
      'an expired token',
      new ExpiredTokenException({ message: 'x', $metadata: {} }),
      'access denied (ExpiredTokenException)',
    ],
    [
      'a name that does not resolve',
      networkError('ENOTFOUND'),
      "the endpoint's name does not resolve (ENOTFOUND)",
    ],
    [
      'a refused connection',
      networkError('ECONNREFUSED'),
      'the endpoint refuses connections (ECONNREFUSED)',
    ],
    [
      'a reset socket',
      networkError('ECONNRESET', 'TimeoutError'),
      'the connection was reset (ECONNRESET)',
    ],
    [
      'a request timeout',
      Object.assign(new Error('x'), { name: 'TimeoutError' }),
      'the endpoint did not answer in time (TimeoutError)',
    ],
    [
      'throttling',
      new ThrottlingException({ message: 'x', $metadata: {} }),
      'throttled past the retries (ThrottlingException)',
    ],
    [
      'a body the SDK could not parse',
      unreadable('SyntaxError'),
      'a response the SDK could not read (SyntaxError)',
    ],
    [
      'a shape the SDK could not read',
      unreadable('TypeError'),
      'a response the SDK could not read (TypeError)',
    ],
    ['a 500', sdkError('InternalFailure', 500), 'AWS failed (InternalFailure, HTTP 500)'],
    [
      'any other error, by its code',
      new ClientException({ message: 'x', $metadata: { httpStatusCode: 400 } }),
      'ClientException',
    ],
  ])('says what happened for %s', (_name, error, expected) => {
    // Act
    const cause = failureCauseOf(error);

    // Assess
    expect(cause).toBe(expected);
  });
});
