import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkObjectKey,
  DEFAULT_KEY_LIMITS,
  KEY_REJECTION_REASONS,
  keyForLog,
} from '../../../src/keys/object-key.js';
import { EMBEDDED_STORE_KEY_LIMITS, EMBEDDED_STORE_SUFFIXES } from '../../../src/s3/embedded-key-limits.js';

const seg = (bytes: number) => 'a'.repeat(bytes);

describe('object key policy', () => {
  it.each([
    'a.txt',
    'incoming/a.txt',
    'incoming/dir/sub/ü file+1.txt',
    'incoming/a..b.txt',
    'incoming/.hidden',
    'incoming/...',
    `incoming/${seg(255)}`,
    'incoming/日本語/記事.txt',
    'incoming/emoji-😀.txt',
    `${'d/'.repeat(449)}x`, // 899 bytes
  ])('accepts %j', (key) => expect(checkObjectKey(key)).toEqual({ ok: true, key }));

  it.each([
    ['', 'empty'],
    ['incoming/\ud800.txt', 'invalid-unicode'],
    ['incoming/\udc00x.txt', 'invalid-unicode'],
    ['incoming/tab\there.txt', 'control-character'],
    ['incoming/nul\u0000.txt', 'control-character'],
    ['incoming/newline\n.txt', 'control-character'],
    ['incoming/del\u007f.txt', 'control-character'],
    ['incoming/c1\u0085.txt', 'control-character'],
    ['incoming/c1\u009f.txt', 'control-character'],
    ['incoming\\..\\x.txt', 'backslash'],
    ['x'.repeat(901), 'too-long'],
    [`incoming/${'é'.repeat(450)}`, 'too-long'], // 909 bytes, 459 chars
    ['/abs.txt', 'leading-slash'],
    ['incoming/dir/', 'trailing-slash'],
    ['a//b.txt', 'empty-segment'],
    ['incoming//b.txt', 'empty-segment'],
    ['../a.txt', 'dot-segment'],
    ['incoming/../../../x/y.txt', 'dot-segment'],
    ['incoming/./b', 'dot-segment'],
    ['incoming/..', 'dot-segment'],
    [`incoming/${seg(256)}`, 'segment-too-long'],
    [`incoming/${'é'.repeat(128)}`, 'segment-too-long'], // 256 bytes in 128 chars
    ['incoming/cafe\u0301.txt', 'not-nfc'],
  ])('refuses %j (%s)', (key, reason) => {
    const check = checkObjectKey(key);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.reason).toBe(reason);
      expect(check.message.length).toBeGreaterThan(5);
      expect(check.message.length).toBeLessThan(200); // never echoes a long key
    }
  });

  it('the embedded store allows segments whose longest s3rver file name fits 255 bytes', () => {
    const longest = Math.max(...EMBEDDED_STORE_SUFFIXES.map((s) => s.length));
    expect(EMBEDDED_STORE_KEY_LIMITS.maxSegmentBytes).toBe(255 - longest);
    expect(checkObjectKey(`incoming/${seg(233)}`, EMBEDDED_STORE_KEY_LIMITS).ok).toBe(true);
    for (const bytes of [234, 240, 241]) {
      const check = checkObjectKey(`incoming/${seg(bytes)}`, EMBEDDED_STORE_KEY_LIMITS);
      expect(check.ok ? 'ok' : check.reason).toBe('segment-too-long');
    }
    const reserved = checkObjectKey('incoming/a._S3rver_object', EMBEDDED_STORE_KEY_LIMITS);
    expect(reserved.ok ? 'ok' : reserved.reason).toBe('reserved-name');
  });

  it('bounds and cleans keys for logs', () => {
    expect(keyForLog('a\u0000b')).toBe('a?b');
    expect(keyForLog('x'.repeat(10_000)).length).toBeLessThan(250);
  });

  const segmentChars = fc.constantFrom(
    'a',
    'é',
    '.',
    '/',
    '\\',
    ' ',
    '\u0000',
    '\u0085',
    '😀',
    '\ud800',
    '+',
    '%',
  );
  const anyKey = fc.array(segmentChars, { maxLength: 40 }).map((chars) => chars.join(''));

  it('an accepted key never has an empty, "." or ".." segment, a control character or a backslash', () => {
    fc.assert(
      fc.property(anyKey, (key) => {
        const check = checkObjectKey(key);
        if (!check.ok) return KEY_REJECTION_REASONS.includes(check.reason);
        const segments = key.split('/');
        return (
          segments.every((s) => s !== '' && s !== '.' && s !== '..') &&
          !/[\u0000-\u001f\u007f-\u009f\\]/.test(key) &&
          key.normalize('NFC') === key &&
          Buffer.from(key, 'utf8').toString('utf8') === key
        );
      }),
      { numRuns: 5_000 },
    );
  });

  it('an accepted key stays inside its root when joined into a path', async () => {
    const { resolve, sep } = await import('node:path');
    const root = resolve('/srv/data/bucket');
    fc.assert(
      fc.property(anyKey, (key) => {
        if (!checkObjectKey(key).ok) return true;
        return resolve(root, ...key.split('/')).startsWith(root + sep);
      }),
      { numRuns: 5_000 },
    );
  });

  it('an accepted key fits every limit in bytes', () => {
    const long = fc.array(fc.constantFrom('a', 'é', '😀', '/'), { maxLength: 1200 }).map((c) => c.join(''));
    fc.assert(
      fc.property(long, (key) => {
        for (const limits of [DEFAULT_KEY_LIMITS, EMBEDDED_STORE_KEY_LIMITS]) {
          if (!checkObjectKey(key, limits).ok) continue;
          if (Buffer.byteLength(key) > limits.maxKeyBytes) return false;
          if (key.split('/').some((s) => Buffer.byteLength(s) > limits.maxSegmentBytes)) return false;
        }
        return true;
      }),
      { numRuns: 2_000 },
    );
  });
});
