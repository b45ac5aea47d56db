import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkObjectKey } from '../../../src/keys/object-key.js';
import {
  copySourceForS3rver,
  embeddedRequestRefusal,
  parseCopySource,
  s3ErrorXml,
} from '../../../src/s3/embedded-front-door.js';
import { EMBEDDED_STORE_KEY_LIMITS } from '../../../src/s3/embedded-key-limits.js';

const policy = { buckets: new Set(['news-raw']), limits: EMBEDDED_STORE_KEY_LIMITS };
const req = (url: string, headers: Record<string, string> = {}, method = 'PUT') => ({
  method,
  url,
  headers: { host: '127.0.0.1:9000', ...headers },
});
const refusal = (url: string, headers: Record<string, string> = {}) =>
  embeddedRequestRefusal(req(url, headers), policy);

describe('embedded S3 front door', () => {
  it.each([
    '/',
    '/news-raw',
    '/news-raw/',
    '/news-raw?list-type=2&prefix=incoming%2F',
    '/news-raw/incoming/a.txt',
    '/news-raw/incoming/%C3%BC%20file%2B1.txt',
    `/news-raw/incoming/${'a'.repeat(233)}`,
    '/news-raw/incoming/a.txt?uploadId=0123456789abcdef0123456789abcdef&partNumber=10000',
    '/news-raw?delete',
  ])('lets %s through', (url) => expect(refusal(url)).toBeNull());

  it.each([
    [`/news-raw/incoming/${'a'.repeat(237)}.txt`, 400, 'KeyTooLongError'],
    [`/news-raw/incoming/${'a'.repeat(236)}.txt`, 400, 'KeyTooLongError'],
    ['/news-raw/incoming/../../../x/y.txt', 400, 'InvalidArgument'],
    ['/news-raw/incoming/%2E%2E/%2e%2e/x/y.txt', 400, 'InvalidArgument'],
    ['/news-raw/incoming%2F..%2F..%2Fx', 400, 'InvalidArgument'],
    ['/news-raw/a//b.txt', 400, 'InvalidArgument'],
    ['/news-raw//etc/x', 400, 'InvalidArgument'],
    ['/news-raw/incoming/a%00.txt', 400, 'InvalidArgument'],
    ['/news-raw/incoming/a._S3rver_object', 400, 'InvalidArgument'],
    ['/news-raw/incoming/%E0%A4%A.txt', 400, 'InvalidURI'],
    ['/news-raw/incoming\\..\\x', 400, 'InvalidURI'],
    ['/news-raw/incoming/a#/../../x', 400, 'InvalidURI'],
    ['http://evil/news-raw/a.txt', 400, 'InvalidURI'],
    ['/other-bucket/a.txt', 404, 'NoSuchBucket'],
    ['/..', 404, 'NoSuchBucket'],
    ['/%2E%2E%2F%2E%2E%2Ftmp', 404, 'NoSuchBucket'],
    ['/news-raw/incoming/a.txt?uploadId=../../../../tmp/x&partNumber=1', 400, 'InvalidArgument'],
    [
      '/news-raw/incoming/a.txt?uploadId=0123456789abcdef0123456789abcdef&partNumber=../x',
      400,
      'InvalidArgument',
    ],
    [
      '/news-raw/incoming/a.txt?uploadId=0123456789abcdef0123456789abcdef&partNumber=10001',
      400,
      'InvalidArgument',
    ],
  ])('refuses %s', (url, status, code) => {
    expect(refusal(url)).toMatchObject({ status, code });
  });

  it('reads the bucket from a virtual-host name and the key from the whole path', () => {
    expect(refusal('/incoming/a.txt', { host: 'news-raw.s3.amazonaws.com' })).toBeNull();
    expect(refusal('/incoming/../x', { host: 'news-raw.s3.amazonaws.com' })).toMatchObject({
      code: 'InvalidArgument',
    });
    expect(refusal('/incoming/a.txt', { host: 'other.s3.us-east-1.amazonaws.com' })).toMatchObject({
      code: 'NoSuchBucket',
    });
    // Any other Host names no bucket: the path does (s3rver runs with vhostBuckets off).
    expect(refusal('/news-raw/a.txt', { host: '..' })).toBeNull();
  });

  it('checks copy sources in the header and in the query', () => {
    const copy = (source: string) => refusal('/news-raw/incoming/b.txt', { 'x-amz-copy-source': source });
    expect(copy('news-raw/incoming/a.txt')).toBeNull();
    expect(copy('/news-raw/incoming/%C3%BC.txt')).toBeNull();
    expect(copy('news-raw/incoming/../../../etc/passwd')).toMatchObject({ code: 'InvalidArgument' });
    expect(copy(`news-raw/incoming/${'a'.repeat(240)}`)).toMatchObject({ code: 'KeyTooLongError' });
    expect(copy('other/incoming/a.txt')).toMatchObject({ code: 'NoSuchBucket' });
    expect(copy('news-raw/%E0%A4%A')).toMatchObject({ code: 'InvalidArgument' });
    expect(refusal('/news-raw/incoming/b.txt?X-Amz-Copy-Source=news-raw/incoming/../../x')).toMatchObject({
      code: 'InvalidArgument',
    });
  });

  it('reads copy sources as S3 does and re-spells them for s3rver, which decodes with decodeURI', () => {
    expect(parseCopySource('/news-raw/incoming/a%26b%3F.txt?versionId=3')).toEqual({
      bucket: 'news-raw',
      key: 'incoming/a&b?.txt',
    });
    expect(parseCopySource('news-raw/')).toBeNull();
    expect(parseCopySource('news-raw')).toBeNull();
    const keyChar = fc.constantFrom(
      'a',
      '&',
      '+',
      '?',
      '#',
      '%',
      ' ',
      'ü',
      '=',
      ';',
      ',',
      ':',
      '@',
      '$',
      '/',
    );
    fc.assert(
      fc.property(fc.array(keyChar, { minLength: 1, maxLength: 30 }), (chars) => {
        const key = `incoming/${chars.join('')}`;
        if (!checkObjectKey(key, EMBEDDED_STORE_KEY_LIMITS).ok) return true;
        const header = copySourceForS3rver({ bucket: 'news-raw', key });
        return decodeURI(header) === `/news-raw/${key}`;
      }),
      { numRuns: 2_000 },
    );
  });

  it('answers an S3 XML error document with the message escaped', () => {
    const xml = s3ErrorXml({ status: 400, code: 'InvalidArgument', message: 'a <b> & "c"' });
    expect(xml).toContain('<Code>InvalidArgument</Code>');
    expect(xml).toContain('<Message>a &lt;b&gt; &amp; &quot;c&quot;</Message>');
  });
});
