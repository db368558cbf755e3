import { describe, expect, it } from 'vitest';
import {
  arnPatternMatches,
  hasExpired,
  isIsoDate,
} from '../../../lib/evaluate/exemptions/model.ts';

describe('arnPatternMatches', () => {
  const LB = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/legacy-pos/50dc';

  it.each<[string, string, boolean]>([
    ['an identical ARN', LB, true],
    ['a different ARN', `${LB}0`, false],
    ['a prefix without a star (no implicit wildcard)', LB.slice(0, -4), false],
    [
      'a trailing star',
      'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/legacy-*',
      true,
    ],
    [
      'a star in every region',
      'arn:aws:elasticloadbalancing:*:111122223333:loadbalancer/app/legacy-pos/*',
      true,
    ],
    ['a star spanning / and :', 'arn:aws:*/50dc', true],
    ['stars whose literal parts must not overlap', 'arn:aws:*50dc*50dc', false],
    ['another account', 'arn:aws:elasticloadbalancing:*:999999999999:*', false],
    [
      'dots and brackets as literals, not regex',
      'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/legacy.pos/*',
      false,
    ],
    ['only a star after arn:', 'arn:*', true],
  ])('matches %s: %s', (_name, pattern, expected) => {
    expect(arnPatternMatches(pattern, LB)).toBe(expected);
  });
});

describe('hasExpired', () => {
  it.each<[string, string | undefined, string, boolean]>([
    ['never without an expiry', undefined, '2099-01-01T00:00:00.000Z', false],
    ['not the day before', '2026-06-30', '2026-06-29T12:00:00.000Z', false],
    ['not at the start of the expiry day', '2026-06-30', '2026-06-30T00:00:00.000Z', false],
    [
      'not at the last millisecond of the expiry day (inclusive)',
      '2026-06-30',
      '2026-06-30T23:59:59.999Z',
      false,
    ],
    ['at midnight UTC after the expiry day', '2026-06-30', '2026-07-01T00:00:00.000Z', true],
    ['the days after', '2026-06-30', '2026-11-28T12:00:00.000Z', true],
  ])('%s', (_name, expires, now, expected) => {
    expect(hasExpired(expires, new Date(now))).toBe(expected);
  });
});

describe('isIsoDate', () => {
  it.each<[string, boolean]>([
    ['2026-06-30', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-6-30', false],
    ['2026-06-30T00:00:00Z', false],
    ['', false],
  ])('%s → %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});
