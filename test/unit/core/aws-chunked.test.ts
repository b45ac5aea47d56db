import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder, decodeAwsChunked, isAwsChunked } from '../../../src/s3/aws-chunked.js';

function encode(payload: Buffer, sizes: number[], trailer = 'x-amz-checksum-crc32:AAAAAA==\r\n'): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    const chunk = payload.subarray(at, at + size);
    at += chunk.length;
    parts.push(
      Buffer.from(`${chunk.length.toString(16)};chunk-signature=abc\r\n`),
      chunk,
      Buffer.from('\r\n'),
    );
    if (at >= payload.length) break;
  }
  if (at < payload.length) {
    const rest = payload.subarray(at);
    parts.push(Buffer.from(`${rest.length.toString(16)}\r\n`), rest, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0\r\n${trailer}\r\n`));
  return Buffer.concat(parts);
}

describe('aws-chunked decoding', () => {
  it('recognises streaming uploads', () => {
    expect(isAwsChunked({ 'content-encoding': 'aws-chunked' })).toBe(true);
    expect(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' })).toBe(true);
    expect(isAwsChunked({ 'content-encoding': 'gzip' })).toBe(false);
  });

  it('returns the payload without framing or trailers', () => {
    const payload = Buffer.from('hello world, this is the body\n');
    expect(decodeAwsChunked(encode(payload, [5, 7])).toString()).toBe(payload.toString());
  });

  it('decodes any payload split into any chunks, fed in any pieces', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 3000 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 10 }),
        (bytes, chunkSizes, feedSizes) => {
          const framed = encode(Buffer.from(bytes), chunkSizes);
          const out: Buffer[] = [];
          const decoder = new AwsChunkedDecoder();
          decoder.on('data', (b: Buffer) => out.push(b));
          let at = 0;
          let i = 0;
          while (at < framed.length) {
            const n = feedSizes[i++ % feedSizes.length]!;
            decoder.write(framed.subarray(at, at + n));
            at += n;
          }
          decoder.end();
          expect(Buffer.concat(out).equals(Buffer.from(bytes))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fails on a truncated body instead of storing half an object', async () => {
    const decoder = new AwsChunkedDecoder();
    const failed = new Promise<Error>((resolve) => decoder.on('error', resolve));
    decoder.resume();
    decoder.end(Buffer.from('10\r\nshort'));
    expect((await failed).message).toMatch(/ended before/);
  });
});
