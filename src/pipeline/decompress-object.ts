// Compressed objects (gzip, Brotli, zip) become the bytes the parser reads: one part per object, or
// one per zip entry. Decompression is streamed and counted as it inflates, so a decompression bomb is
// refused at the cap (too-large) without ever being held whole; a damaged stream is
// corrupt-compression. Entry names are labels only, never paths.
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import { PermanentError } from '../errors/permanent-error.js';
import { type DecompressionLimits, RATIO_FLOOR_BYTES } from './decompression-limits.js';

export type CompressionKind = 'gzip' | 'br' | 'zip';

/** Longest entry name carried into an event; longer entries are skipped (bad-name). */
export const MAX_ENTRY_NAME_CHARS = 1024;

export interface ObjectPart {
  bytes: Uint8Array;
  /** The name the format is guessed from: the key without .gz/.br, or the zip entry name. */
  name: string;
  contentType: string | undefined;
  /** The zip entry this part came from. */
  entry?: string;
}

export interface DecompressedObject {
  compression: CompressionKind | null;
  parts: ObjectPart[];
  /** Archive entries that are not parts, per reason (directory, encrypted, bad-name, empty). */
  skippedEntries: Map<string, number>;
}

export interface CompressedInput {
  bytes: Uint8Array;
  name: string;
  contentType: string | undefined;
  contentEncoding: string | undefined;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function lastEncoding(contentEncoding: string | undefined): string {
  const all = (contentEncoding ?? '').toLowerCase().split(',');
  return all[all.length - 1]?.trim() ?? '';
}

/**
 * Content-Encoding first (it also says the Content-Type describes the decoded body), then magic bytes
 * (gzip, zip), then the key's suffix (Brotli has no magic bytes).
 */
export function detectCompression(
  bytes: Uint8Array,
  name: string,
  contentEncoding: string | undefined,
): { kind: CompressionKind; by: 'magic' | 'content-encoding' | 'suffix' } | null {
  const encoding = lastEncoding(contentEncoding);
  if (encoding === 'gzip' || encoding === 'x-gzip') return { kind: 'gzip', by: 'content-encoding' };
  if (encoding === 'br') return { kind: 'br', by: 'content-encoding' };
  if (startsWith(bytes, GZIP_MAGIC)) return { kind: 'gzip', by: 'magic' };
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC)) return { kind: 'zip', by: 'magic' };
  const lower = name.toLowerCase();
  if (lower.endsWith('.gz') || lower.endsWith('.gzip')) return { kind: 'gzip', by: 'suffix' };
  if (lower.endsWith('.br')) return { kind: 'br', by: 'suffix' };
  if (lower.endsWith('.zip')) return { kind: 'zip', by: 'suffix' };
  return null;
}

/** The name without its compression suffix ("x.txt.gz" → "x.txt"), for the format guess. */
function innerName(name: string): string {
  return name.replace(/\.(?:gz|gzip|br)$/i, '');
}

/** What the output may grow to for this much input: the ratio (above its floor), never past the cap. */
function allowance(compressedBytes: number, cap: number, maxRatio: number): number {
  return Math.min(cap, Math.max(RATIO_FLOOR_BYTES, compressedBytes * maxRatio));
}

function bombError(
  what: string,
  produced: number,
  compressedBytes: number,
  limits: DecompressionLimits,
  cap: number,
) {
  const byRatio = allowance(compressedBytes, cap, limits.maxRatio) < cap;
  return new PermanentError(
    'too-large',
    byRatio
      ? `${what} decompresses to more than ${produced} bytes from ${compressedBytes} compressed, over the ${limits.maxRatio}:1 ratio limit (MAX_COMPRESSION_RATIO)`
      : `${what} decompresses to more than ${cap} bytes (decompressed size limit)`,
  );
}

function corrupt(what: string, error: unknown): PermanentError {
  if (error instanceof PermanentError) return error;
  return new PermanentError(
    'corrupt-compression',
    `${what} is damaged: ${(error as Error)?.message ?? String(error)}`,
    { cause: error },
  );
}

/**
 * Reads `stream` to the end, stopping (and destroying it) as soon as more than `limit` bytes came out.
 * Returns null when over the limit, so the caller names the cap that was hit.
 */
async function readCapped(
  stream: Readable,
  limit: number,
): Promise<{ bytes: Buffer | null; produced: number }> {
  const chunks: Buffer[] = [];
  let produced = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    produced += chunk.length;
    if (produced > limit) {
      stream.destroy();
      return { bytes: null, produced };
    }
    chunks.push(chunk);
  }
  return { bytes: Buffer.concat(chunks, produced), produced };
}

async function inflateStream(
  kind: 'gzip' | 'br',
  input: CompressedInput,
  limits: DecompressionLimits,
): Promise<Uint8Array> {
  const inflater = kind === 'gzip' ? createGunzip() : createBrotliDecompress();
  const cap = limits.maxDecompressedBytes;
  const limit = allowance(input.bytes.byteLength, cap, limits.maxRatio);
  const what = kind === 'gzip' ? 'gzip object' : 'Brotli object';
  // The compressed bytes are already in memory (bounded by MAX_OBJECT_BYTES); the output is pulled
  // chunk by chunk, so zlib inflates only as far as we read.
  Readable.from([input.bytes]).pipe(inflater);
  let read: { bytes: Buffer | null; produced: number };
  try {
    read = await readCapped(inflater, limit);
  } catch (error) {
    throw corrupt(what, error);
  }
  if (!read.bytes) throw bombError(what, limit, input.bytes.byteLength, limits, cap);
  return read.bytes;
}

function openZip(bytes: Uint8Array): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      // strictFileNames off: names are labels here, never paths, so an odd one is skipped, not fatal.
      { lazyEntries: true, validateEntrySizes: true, decodeStrings: true, strictFileNames: false },
      (error, zip) => (error || !zip ? reject(error ?? new Error('no zip file')) : resolve(zip)),
    );
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) =>
      error || !stream ? reject(error ?? new Error('no entry stream')) : resolve(stream),
    );
  });
}

/** Entries one at a time (lazyEntries), so a huge central directory is walked, never listed in memory. */
async function* zipEntries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  let pending: { resolve: (e: yauzl.Entry | null) => void; reject: (e: Error) => void } | null = null;
  zip.on('entry', (entry: yauzl.Entry) => pending?.resolve(entry));
  zip.on('end', () => pending?.resolve(null));
  zip.on('error', (error: Error) => pending?.reject(error));
  for (;;) {
    const next = new Promise<yauzl.Entry | null>((resolve, reject) => {
      pending = { resolve, reject };
    });
    zip.readEntry();
    const entry = await next;
    if (!entry) return;
    yield entry;
  }
}

async function unzip(input: CompressedInput, limits: DecompressionLimits): Promise<DecompressedObject> {
  const skippedEntries = new Map<string, number>();
  const skip = (reason: string) => skippedEntries.set(reason, (skippedEntries.get(reason) ?? 0) + 1);
  const parts: ObjectPart[] = [];
  const cap = limits.maxDecompressedBytes;
  const totalLimit = allowance(input.bytes.byteLength, cap, limits.maxRatio);
  let total = 0;
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(input.bytes);
  } catch (error) {
    throw corrupt('zip archive', error);
  }
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new PermanentError(
        'too-many-articles',
        `zip archive lists ${zip.entryCount} entries, more than ${limits.maxEntries} (2 × MAX_ARTICLES_PER_OBJECT)`,
      );
    for await (const entry of zipEntries(zip)) {
      const name = entry.fileName;
      if (name.endsWith('/')) {
        skip('directory');
        continue;
      }
      if (name.length === 0 || name.length > MAX_ENTRY_NAME_CHARS || /[\u0000-\u001f]/.test(name)) {
        skip('bad-name');
        continue;
      }
      if (entry.isEncrypted()) {
        skip('encrypted');
        continue;
      }
      if (entry.uncompressedSize === 0) {
        skip('empty');
        continue;
      }
      // The declared size is checked first (cheap), then the real output as it inflates: the header
      // may lie, and yauzl also refuses an entry whose output differs from what it declared.
      const entryLimit = Math.min(limits.maxEntryBytes, totalLimit - total);
      const what = `zip entry ${JSON.stringify(name.slice(0, 200))}`;
      if (entry.uncompressedSize > entryLimit)
        throw entry.uncompressedSize > limits.maxEntryBytes
          ? new PermanentError(
              'too-large',
              `${what} declares ${entry.uncompressedSize} decompressed bytes, over the ${limits.maxEntryBytes}-byte limit per entry`,
            )
          : bombError('zip archive', total + entry.uncompressedSize, input.bytes.byteLength, limits, cap);
      let read: { bytes: Buffer | null; produced: number };
      try {
        read = await readCapped(await openEntry(zip, entry), entryLimit);
      } catch (error) {
        throw corrupt(what, error);
      }
      if (!read.bytes)
        throw entryLimit === limits.maxEntryBytes
          ? new PermanentError(
              'too-large',
              `${what} decompresses to more than ${limits.maxEntryBytes} bytes (limit per entry)`,
            )
          : bombError('zip archive', totalLimit, input.bytes.byteLength, limits, cap);
      total += read.produced;
      parts.push({ bytes: read.bytes, name, contentType: undefined, entry: name });
    }
  } catch (error) {
    throw corrupt('zip archive', error);
  } finally {
    zip.close();
  }
  return { compression: 'zip', parts, skippedEntries };
}

/** One decompression step for every driver (worker, parse, dedup, dedup-rebuild). */
export async function decompressObject(
  input: CompressedInput,
  limits: DecompressionLimits,
  onDetected?: (kind: CompressionKind) => void,
): Promise<DecompressedObject> {
  const detected = detectCompression(input.bytes, input.name, input.contentEncoding);
  if (detected) onDetected?.(detected.kind);
  if (!detected)
    return {
      compression: null,
      parts: [{ bytes: input.bytes, name: input.name, contentType: input.contentType }],
      skippedEntries: new Map(),
    };
  if (detected.kind === 'zip') return unzip(input, limits);
  const bytes = await inflateStream(detected.kind, input, limits);
  return {
    compression: detected.kind,
    parts: [
      {
        bytes,
        name: innerName(input.name),
        // With Content-Encoding the Content-Type describes the decoded body; otherwise it describes
        // the compressed file (application/gzip) and says nothing about the text inside.
        contentType: detected.by === 'content-encoding' ? input.contentType : undefined,
      },
    ],
    skippedEntries: new Map(),
  };
}
