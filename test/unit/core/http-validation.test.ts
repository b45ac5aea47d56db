import { describe, expect, it } from 'vitest';
import { basicAuthMatches, bearerTokenMatches } from '../../../src/http/auth.js';
import { rawKeyProblem } from '../../../src/http/raw-key.js';

describe('bearer and basic auth', () => {
  it('accepts anything when no secret is configured', () => {
    expect(bearerTokenMatches(undefined, undefined)).toBe(true);
    expect(basicAuthMatches(undefined, 'admin', undefined)).toBe(true);
  });
  it('checks the bearer token', () => {
    expect(bearerTokenMatches('Bearer s3cret', 's3cret')).toBe(true);
    expect(bearerTokenMatches('bearer s3cret', 's3cret')).toBe(true);
    expect(bearerTokenMatches('Bearer s3cre', 's3cret')).toBe(false);
    expect(bearerTokenMatches('s3cret', 's3cret')).toBe(false);
    expect(bearerTokenMatches(undefined, 's3cret')).toBe(false);
  });
  it('checks basic credentials', () => {
    const header = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
    expect(basicAuthMatches(header('admin:pw:with:colons'), 'admin', 'pw:with:colons')).toBe(true);
    expect(basicAuthMatches(header('admin:wrong'), 'admin', 'pw')).toBe(false);
    expect(basicAuthMatches(header('root:pw'), 'admin', 'pw')).toBe(false);
    expect(basicAuthMatches('Basic !!!', 'admin', 'pw')).toBe(false);
  });
});

describe('raw upload keys', () => {
  it.each(['a.txt', 'dir/sub/ü file+1.txt', 'a..b.txt'])('accepts %s', (key) =>
    expect(rawKeyProblem(key)).toBeNull(),
  );
  it.each([
    ['', /empty/],
    ['../a.txt', /\.\./],
    ['a/../../b', /\.\./],
    ['a/./b', /\./],
    ['/abs.txt', /start/],
    ['tab\there.txt', /control/],
    ['dir/', /folder/],
    ['x'.repeat(901), /900/],
  ])('rejects %j', (key, why) => expect(rawKeyProblem(key)).toMatch(why));
});
