import { describe, expect, it } from 'vitest';
import { crossSiteProblem, webhookContentTypeProblem } from '../../../src/http/cross-site.js';

describe('cross-site requests', () => {
  const own = 'http://127.0.0.1:3000';
  it.each([
    [{ secFetchSite: undefined, origin: undefined }],
    [{ secFetchSite: 'same-origin', origin: own }],
    [{ secFetchSite: 'none', origin: undefined }],
  ])('lets %j through (machine clients send neither header)', (headers) =>
    expect(crossSiteProblem(headers, own)).toBeNull(),
  );
  it.each([
    [{ secFetchSite: 'cross-site', origin: undefined }, /cross-site/],
    [{ secFetchSite: 'same-site', origin: undefined }, /same-site/],
    [{ secFetchSite: undefined, origin: 'https://evil.example' }, /evil/],
    [{ secFetchSite: undefined, origin: 'null' }, /null/],
    [{ secFetchSite: 'same-origin', origin: 'http://127.0.0.1:8080' }, /8080/],
  ])('refuses %j', (headers, why) => expect(crossSiteProblem(headers, own)).toMatch(why));
});

describe('webhook content types', () => {
  it.each([
    ['application/json', undefined],
    ['application/json; charset=utf-8', undefined],
    ['text/plain; charset=UTF-8', 'Notification'],
  ])('accepts %s (sns header %s)', (type, sns) => expect(webhookContentTypeProblem(type, sns)).toBeNull());
  it.each([
    ['text/plain', undefined],
    ['application/x-www-form-urlencoded', undefined],
    ['multipart/form-data; boundary=x', undefined],
    [undefined, undefined],
  ])('refuses %s without the SNS header', (type, sns) =>
    expect(webhookContentTypeProblem(type, sns)).toMatch(/application\/json/),
  );
});
