// Compressed test inputs built in the test, never checked in: zip archives (yazl), and bombs generated
// as streams so that the bomb's decompressed size is never held in memory, not even by the test.
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { createGzip } from 'node:zlib';
import yazl from 'yazl';

export interface ZipEntrySpec {
  name: string;
  /** Contents; a directory when absent. */
  data?: Buffer | string | Readable;
}

export async function zipOf(entries: ZipEntrySpec[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    if (e.data === undefined) zip.addEmptyDirectory(e.name);
    else if (e.data instanceof Readable) zip.addReadStream(e.data, e.name);
    else zip.addBuffer(Buffer.from(e.data), e.name);
  }
  zip.end();
  return buffer(zip.outputStream);
}

/** `total` zero bytes, produced 1 MiB at a time. */
export function zeros(total: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) return this.push(null);
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

/** gzip of `total` zero bytes (about 1 KB per MB), compressed as a stream. */
export function gzipBomb(total: number): Promise<Buffer> {
  return buffer(zeros(total).pipe(createGzip({ level: 9 })));
}
