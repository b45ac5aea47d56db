// Decoding of the "aws-chunked" content encoding (SigV4 streaming uploads and the flexible-checksum
// trailers that current AWS CLIs and SDKs send by default):
//   <hex-size>[;chunk-signature=...]\r\n<bytes>\r\n ... 0[;...]\r\n[trailer: value\r\n]*\r\n
// The embedded S3 server predates it and would store the framing as object bytes.
import { Transform, type TransformCallback } from 'node:stream';

export function isAwsChunked(headers: Record<string, string | string[] | undefined>): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/** Streams the payload out of aws-chunked framing. */
export class AwsChunkedDecoder extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  private state: 'header' | 'data' | 'crlf' | 'trailers' = 'header';
  private remaining = 0; // bytes left in the current chunk

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try {
      this.drain();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.state === 'trailers' ? null : new Error('aws-chunked body ended before its last chunk'));
  }

  private drain(): void {
    for (;;) {
      if (this.state === 'trailers') {
        this.buffer = Buffer.alloc(0); // trailers carry checksums, not payload
        return;
      }
      if (this.state === 'header') {
        const eol = this.buffer.indexOf('\r\n');
        if (eol < 0) return;
        const header = this.buffer.subarray(0, eol).toString('latin1');
        const size = Number.parseInt(header.split(';')[0] ?? '', 16);
        if (!Number.isFinite(size) || size < 0) throw new Error(`bad aws-chunked header "${header}"`);
        this.buffer = this.buffer.subarray(eol + 2);
        this.remaining = size;
        this.state = size === 0 ? 'trailers' : 'data';
        continue;
      }
      if (this.state === 'data') {
        if (this.buffer.length === 0) return;
        const take = Math.min(this.remaining, this.buffer.length);
        this.push(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        this.remaining -= take;
        if (this.remaining > 0) return;
        this.state = 'crlf';
        continue;
      }
      if (this.buffer.length < 2) return;
      this.buffer = this.buffer.subarray(2);
      this.state = 'header';
    }
  }
}

/** Decodes a whole aws-chunked body at once (tests, small bodies). */
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  const decoder = new AwsChunkedDecoder();
  decoder.on('data', (b: Buffer) => parts.push(b));
  decoder.write(body);
  decoder.end();
  return Buffer.concat(parts);
}
