import { describe, expect, it } from 'vitest';
import { decodeBytes, isProbablyBinary, isProbablyBinaryText } from '../../../src/parse/index.js';

const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return new Uint8Array(be);
};
const concat = (...parts: ArrayLike<number>[]) => new Uint8Array(parts.flatMap((p) => Array.from(p)));

const TEXT = 'Café “Zürich” — naïve résumé, 20 € per night.';

describe('decodeBytes', () => {
  it('decodes UTF-8 without a BOM', () => {
    expect(decodeBytes(new TextEncoder().encode(TEXT))).toEqual({
      text: TEXT,
      charset: 'utf-8',
      lossy: false,
    });
  });

  it('strips a UTF-8 BOM', () => {
    const r = decodeBytes(concat([0xef, 0xbb, 0xbf], new TextEncoder().encode(TEXT)));
    expect(r).toEqual({ text: TEXT, charset: 'utf-8', lossy: false });
  });

  it('decodes UTF-16LE and UTF-16BE with a BOM', () => {
    expect(decodeBytes(concat([0xff, 0xfe], utf16le(TEXT)))).toEqual({
      text: TEXT,
      charset: 'utf-16le',
      lossy: false,
    });
    expect(decodeBytes(concat([0xfe, 0xff], utf16be(TEXT)))).toEqual({
      text: TEXT,
      charset: 'utf-16be',
      lossy: false,
    });
  });

  it('sniffs UTF-16LE and UTF-16BE without a BOM from the NUL pattern', () => {
    const ascii = 'The harbour council voted on Thursday to approve a new ferry line.';
    expect(decodeBytes(utf16le(ascii))).toEqual({ text: ascii, charset: 'utf-16le', lossy: false });
    expect(decodeBytes(utf16be(ascii))).toEqual({ text: ascii, charset: 'utf-16be', lossy: false });
  });

  it('detects Windows-1252 (curly quotes 0x93/0x94, é) and converts it', () => {
    const bytes = new Uint8Array([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35]);
    expect(decodeBytes(bytes)).toEqual({ text: '“Café” – €5', charset: 'windows-1252', lossy: false });
  });

  it('honours a declared legacy charset', () => {
    const bytes = new Uint8Array([0x63, 0x61, 0x66, 0xe9]);
    expect(decodeBytes(bytes, 'text/plain; charset=ISO-8859-1').text).toBe('café');
  });

  it('replaces invalid bytes in otherwise valid UTF-8 and says so', () => {
    const good = new TextEncoder().encode(
      'Zürich “quoted” text with enough valid multi-byte sequences: é è à ü ö',
    );
    const r = decodeBytes(concat(good, [0xff], good));
    expect(r.charset).toBe('utf-8');
    expect(r.lossy).toBe(true);
    expect(r.text).toContain('\ufffd');
    expect(r.text).toContain('Zürich');
  });

  it('never throws on odd lengths and truncated sequences', () => {
    expect(() => decodeBytes(new Uint8Array([0xff, 0xfe, 0x41]))).not.toThrow();
    expect(decodeBytes(new Uint8Array([0xff, 0xfe, 0x41])).lossy).toBe(true);
    expect(() => decodeBytes(new Uint8Array([0xe2, 0x82]))).not.toThrow();
    expect(decodeBytes(new Uint8Array([]))).toEqual({ text: '', charset: 'utf-8', lossy: false });
  });
});

describe('isProbablyBinary', () => {
  it('recognises magic numbers', () => {
    expect(isProbablyBinary(new TextEncoder().encode('%PDF-1.7\n...'))).toBe(true);
    expect(isProbablyBinary(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0]))).toBe(true);
    expect(isProbablyBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe(true);
    expect(isProbablyBinary(new Uint8Array([0x1f, 0x8b, 0x08, 0x00]))).toBe(true);
  });

  it('flags NULs and control bytes but not UTF-16 or legacy text', () => {
    expect(
      isProbablyBinary(
        concat(
          new TextEncoder().encode('Some text then a NUL'),
          [0],
          new TextEncoder().encode('and more text'),
        ),
      ),
    ).toBe(true);
    expect(
      isProbablyBinary(new Uint8Array(Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)))),
    ).toBe(true);
    expect(isProbablyBinary(utf16le('Plain text in UTF-16 little endian.'))).toBe(false);
    expect(isProbablyBinary(concat([0xfe, 0xff], utf16be('Plain text')))).toBe(false);
    expect(isProbablyBinary(new Uint8Array([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94]))).toBe(false);
    expect(isProbablyBinary(new TextEncoder().encode(TEXT))).toBe(false);
  });
});

describe('isProbablyBinaryText', () => {
  // One rule for bytes and for text: the same ASCII sample gives the same answer either way.
  const samples: Array<[string, boolean]> = [
    [TEXT, false],
    ['Line one\u000bline two in a Word export\tTab\fpage\r\n\u001b[0m', false],
    ['Some text then a NUL\u0000and more text', true],
    [Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? '\u0001' : 'A')).join(''), true],
    [Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? '\u007f' : 'A')).join(''), true],
    [Array.from({ length: 100 }, (_, i) => (i % 20 === 0 ? '\u0002' : 'A')).join(''), false],
    ['', false],
  ];
  it.each(samples)('agrees with isProbablyBinary on %j', (text, binary) => {
    expect(isProbablyBinaryText(text)).toBe(binary);
    if (/^[\u0000-\u007f]*$/.test(text))
      expect(isProbablyBinary(new TextEncoder().encode(text))).toBe(binary);
  });
});
