import { brotliCompressSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../src/errors/permanent-error.js';
import { articleIdFor } from '../../../src/ids.js';
import { analyseContent } from '../../../src/pipeline/analyse-content.js';
import { analyseInline } from '../../../src/pipeline/analyse-object.js';
import { decompressObject, detectCompression } from '../../../src/pipeline/decompress-object.js';
import {
  DEFAULT_DECOMPRESSION_LIMITS,
  type DecompressionLimits,
} from '../../../src/pipeline/decompression-limits.js';
import { gzipBomb, zeros, zipOf } from '../../helpers/archives.js';
import { syntheticArticle } from '../../helpers/articles.js';

const limits: DecompressionLimits = DEFAULT_DECOMPRESSION_LIMITS;
const text = (n: number) => syntheticArticle(n);
const input = (bytes: Uint8Array, name: string, contentEncoding?: string, contentType?: string) => ({
  bytes,
  name,
  contentType,
  contentEncoding,
});
const analyse = (bytes: Uint8Array, name: string, l: DecompressionLimits = limits, maxArticles = 1000) =>
  analyseContent(input(bytes, name), {
    analyse: analyseInline,
    limits: l,
    maxArticleChars: 200_000,
    maxArticles,
  });

async function refusal(promise: Promise<unknown>): Promise<PermanentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PermanentError);
  return error as PermanentError;
}

describe('detectCompression', () => {
  it('reads Content-Encoding, then magic bytes, then the suffix', () => {
    const gz = gzipSync('hello');
    expect(detectCompression(gz, 'plain.txt', undefined)).toEqual({ kind: 'gzip', by: 'magic' });
    expect(detectCompression(gz, 'plain.txt', 'gzip')).toEqual({ kind: 'gzip', by: 'content-encoding' });
    expect(detectCompression(Buffer.from('PK\x03\x04rest'), 'x', undefined)?.kind).toBe('zip');
    expect(detectCompression(Buffer.from('x'), 'a.txt', 'br')).toEqual({
      kind: 'br',
      by: 'content-encoding',
    });
    expect(detectCompression(Buffer.from('x'), 'a.txt.br', undefined)).toEqual({ kind: 'br', by: 'suffix' });
    expect(detectCompression(Buffer.from('x'), 'a.TXT.GZ', undefined)?.kind).toBe('gzip');
    expect(detectCompression(Buffer.from('plain text'), 'a.txt', 'identity')).toBeNull();
  });
});

describe('decompressObject', () => {
  it('inflates gzip and names the part without .gz; a plain object passes through untouched', async () => {
    const out = await decompressObject(
      input(gzipSync(text(1)), 'wire/x.txt.gz', undefined, 'application/gzip'),
      limits,
    );
    expect(out.compression).toBe('gzip');
    expect(out.parts).toHaveLength(1);
    expect(Buffer.from(out.parts[0]!.bytes).toString()).toBe(text(1));
    expect(out.parts[0]!.name).toBe('wire/x.txt');
    // application/gzip describes the file, not the text inside it
    expect(out.parts[0]!.contentType).toBeUndefined();
    const plain = Buffer.from(text(2));
    const same = await decompressObject(input(plain, 'a.txt', undefined, 'text/plain'), limits);
    expect(same.compression).toBeNull();
    expect(same.parts[0]!.bytes).toBe(plain);
  });

  it('inflates Brotli by suffix or Content-Encoding (which keeps the Content-Type of the decoded body)', async () => {
    const br = brotliCompressSync(Buffer.from(text(3)));
    const bySuffix = await decompressObject(input(br, 'x.html.br'), limits);
    expect(bySuffix.compression).toBe('br');
    expect(Buffer.from(bySuffix.parts[0]!.bytes).toString()).toBe(text(3));
    const byHeader = await decompressObject(input(br, 'x', 'br', 'text/html; charset=utf-8'), limits);
    expect(byHeader.parts[0]!.contentType).toBe('text/html; charset=utf-8');
    const gz = gzipSync(text(3));
    const gzHeader = await decompressObject(input(gz, 'x', 'gzip', 'text/html; charset=utf-8'), limits);
    expect(gzHeader.parts[0]!.contentType).toBe('text/html; charset=utf-8');
  });

  it('a zip of 3 files in nested directories becomes 3 parts named by entry; directories are counted', async () => {
    const zip = await zipOf([
      { name: 'top/' },
      { name: 'top/a.txt', data: text(4) },
      { name: 'top/inner/' },
      { name: 'top/inner/b.txt', data: text(5) },
      { name: 'c.txt', data: text(6) },
    ]);
    const out = await decompressObject(input(zip, 'batch.zip'), limits);
    expect(out.compression).toBe('zip');
    expect(out.parts.map((p) => p.entry)).toEqual(['top/a.txt', 'top/inner/b.txt', 'c.txt']);
    expect(out.parts.map((p) => Buffer.from(p.bytes).toString())).toEqual([text(4), text(5), text(6)]);
    expect(Object.fromEntries(out.skippedEntries)).toEqual({ directory: 2 });
  });

  it('refuses a 1 GB gzip bomb at the cap, with memory bounded by the cap, not the bomb', async () => {
    const bomb = await gzipBomb(1024 * 1024 * 1024);
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    const capped = { ...limits, maxDecompressedBytes: 8 * 1024 * 1024, maxRatio: 1_000_000 };
    const before = process.memoryUsage();
    const error = await refusal(decompressObject(input(bomb, 'bomb.txt.gz'), capped));
    const after = process.memoryUsage();
    expect(error.reason).toBe('too-large');
    expect(error.message).toMatch(/decompresses to more than 8388608 bytes/);
    // Whole, the bomb would be 1024 MB; the step holds at most the cap plus a zlib chunk.
    expect(after.rss + after.arrayBuffers - (before.rss + before.arrayBuffers)).toBeLessThan(
      200 * 1024 * 1024,
    );
  }, 60_000);

  it('refuses an output over MAX_COMPRESSION_RATIO past the 1 MiB floor, and says it was the ratio', async () => {
    const bomb = await gzipBomb(4 * 1024 * 1024); // about 1000:1
    const error = await refusal(decompressObject(input(bomb, 'x.gz'), { ...limits, maxRatio: 100 }));
    expect(error.reason).toBe('too-large');
    expect(error.message).toMatch(/100:1 ratio limit \(MAX_COMPRESSION_RATIO\)/);
    // A small repetitive text under the floor is not a bomb, whatever its ratio.
    const small = gzipSync(Buffer.alloc(512 * 1024, 'a'));
    const ok = await decompressObject(input(small, 'x.gz'), { ...limits, maxRatio: 2 });
    expect(ok.parts[0]!.bytes.byteLength).toBe(512 * 1024);
  }, 30_000);

  it('refuses a zip bomb (one entry of 256 MB zeros) while inflating it', async () => {
    const zip = await zipOf([
      { name: 'ok.txt', data: text(7) },
      { name: 'bomb.txt', data: zeros(256 * 1024 * 1024) },
    ]);
    const error = await refusal(
      decompressObject(input(zip, 'a.zip'), { ...limits, maxRatio: 1_000_000, maxEntryBytes: 1e9 }),
    );
    expect(error.reason).toBe('too-large');
    expect(error.message).toMatch(/decompress/);
    const perEntry = await refusal(decompressObject(input(zip, 'a.zip'), { ...limits, maxRatio: 1_000_000 }));
    expect(perEntry.reason).toBe('too-large');
    expect(perEntry.message).toMatch(/bomb\.txt.*limit per entry/);
  }, 60_000);

  it('a truncated or damaged gzip, Brotli or zip is corrupt-compression, not a crash', async () => {
    const gz = gzipSync(Buffer.from(text(8)));
    const truncated = await refusal(decompressObject(input(gz.subarray(0, gz.length - 20), 'x.gz'), limits));
    expect(truncated.reason).toBe('corrupt-compression');
    expect(truncated.message).toMatch(/gzip object is damaged/);
    const notGzip = await refusal(decompressObject(input(Buffer.from('plain words'), 'x.txt.gz'), limits));
    expect(notGzip.reason).toBe('corrupt-compression');
    const badBr = await refusal(decompressObject(input(Buffer.from('not brotli at all'), 'x.br'), limits));
    expect(badBr.reason).toBe('corrupt-compression');
    const zip = await zipOf([{ name: 'a.txt', data: text(9) }]);
    const cut = await refusal(decompressObject(input(zip.subarray(0, zip.length - 10), 'x.zip'), limits));
    expect(cut.reason).toBe('corrupt-compression');
    const flipped = Buffer.from(zip);
    flipped[40] = (flipped[40]! + 1) % 256; // inside the deflated data
    const damaged = await decompressObject(input(flipped, 'x.zip'), limits).catch((e: unknown) => e);
    if (damaged instanceof Error) expect((damaged as PermanentError).reason).toBe('corrupt-compression');
  });

  it('an archive listing more entries than 2 × MAX_ARTICLES_PER_OBJECT is refused before inflating', async () => {
    const zip = await zipOf(Array.from({ length: 5 }, (_, i) => ({ name: `d${i}/` })));
    const error = await refusal(decompressObject(input(zip, 'x.zip'), { ...limits, maxEntries: 4 }));
    expect(error.reason).toBe('too-many-articles');
  });
});

describe('analyseContent', () => {
  it('parses the text inside gzip and zip; binary entries are skipped and counted', async () => {
    const gz = await analyse(gzipSync(text(10)), 'x.txt.gz');
    expect(gz.compression).toBe('gzip');
    expect(gz.parts[0]!.items).toHaveLength(1);
    expect(gz.parts[0]!.items[0]!.article.body).toContain('Report 10-0.');
    const zip = await zipOf([
      { name: 'a.txt', data: text(11) },
      { name: 'img.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0]) },
      { name: 'sub/b.txt', data: text(12) },
    ]);
    const out = await analyse(zip, 'x.zip');
    expect(out.parts.map((p) => p.entry)).toEqual(['a.txt', 'sub/b.txt']);
    expect(Object.fromEntries(out.skippedEntries)).toEqual({ binary: 1 });
  });

  it('counts articles across entries against MAX_ARTICLES_PER_OBJECT; an archive of no text is refused', async () => {
    const zip = await zipOf([1, 2, 3].map((i) => ({ name: `${i}.txt`, data: text(20 + i) })));
    const error = await refusal(analyse(zip, 'x.zip', limits, 2));
    expect(error.reason).toBe('too-many-articles');
    const dirs = await refusal(analyse(await zipOf([{ name: 'only/' }]), 'x.zip'));
    expect(dirs.reason).toBe('empty');
    expect(dirs.message).toMatch(/directory 1/);
    const binary = await refusal(analyse(gzipSync(Buffer.from([0, 1, 2, 3, 0, 0, 0, 9, 9, 0])), 'x.gz'));
    expect(binary.reason).toBe('binary');
  });

  it('article ids differ per entry and keep their old value outside archives', () => {
    const ref = { bucket: 'b', key: 'x.zip', etag: 'e' };
    const a = articleIdFor(ref, 0, 'a.txt');
    const b = articleIdFor(ref, 0, 'b.txt');
    expect(a).not.toBe(b);
    expect(articleIdFor(ref, 0, 'a.txt')).toBe(a);
    expect(articleIdFor(ref, 0)).not.toBe(a);
    expect(articleIdFor(ref, 0)).toBe(articleIdFor(ref, 0, undefined));
  });
});
