import { describe, expect, it } from 'vitest';
import {
  certificateNameCovers,
  isHostCovered,
  uncoveredHosts,
} from '../../../lib/evaluate/elbv2/hostCoverage.ts';

describe('certificateNameCovers', () => {
  it.each([
    // Exact names
    ['example.com', 'example.com', true],
    ['api.example.com', 'api.example.com', true],
    ['API.Example.COM', 'api.example.com', true],
    ['api.example.com', 'api.example.com.', true],
    ['api.example.com', 'www.example.com', false],
    ['example.com', 'api.example.com', false],
    ['api.example.com', 'api.example', false],
    ['*.example.com', 'api.example', false],
    // A certificate wildcard covers exactly one label
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', 'example.com', false],
    ['*.EXAMPLE.com', 'Api.example.COM', true],
    ['*.example.com', 'api.example.org', false],
    // Rule wildcards are covered only if every host they match is covered
    ['*.example.com', '*.example.com', true],
    ['*.example.com', 'api-?.example.com', true],
    ['*.example.com', 'api-*.example.com', true],
    ['api.example.com', '*.example.com', false],
    ['api.example.com', 'ap?.example.com', false],
    ['*.example.com', '*.*.example.com', false],
    ['*.example.com', 'api.*.com', false],
    ['api.*.example.com', 'api.x.example.com', false],
    // Only a whole leftmost label is a certificate wildcard
    ['a*.example.com', 'ab.example.com', false],
    ['*', 'localhost', false],
  ] as const)('%s covers %s: %s', (certificateName, hostPattern, expected) => {
    // Act
    const covered = certificateNameCovers(certificateName, hostPattern);

    // Assess
    expect(covered).toBe(expected);
  });
});

describe('isHostCovered', () => {
  it('is covered when any one certificate name covers the host', () => {
    expect(isHostCovered('shop.example.com', ['example.com', '*.example.com'])).toBe(true);
  });

  it('is not covered by an empty list of names', () => {
    expect(isHostCovered('shop.example.com', [])).toBe(false);
  });
});

describe('uncoveredHosts', () => {
  it('lists each uncovered pattern once, in input order', () => {
    // Prepare
    const patterns = [
      'a.example.com',
      'b.example.org',
      'B.EXAMPLE.org',
      '*.example.net',
      'x.y.example.com',
    ];

    // Act
    const uncovered = uncoveredHosts(patterns, ['*.example.com', 'api.example.net']);

    // Assess
    expect(uncovered).toEqual(['b.example.org', '*.example.net', 'x.y.example.com']);
  });
});
