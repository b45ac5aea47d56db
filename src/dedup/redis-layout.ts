// Key layout of the Redis duplicate index. Small entries are packed into hash "groups" so Redis stores
// them as listpacks (a few bytes of overhead per entry instead of ~60 per key); every key carries the
// prefix's hash tag so the Lua scripts touch one Cluster slot.
//
//   <prefix>seq                      INCR counter of canonical refs (never expires)
//   <prefix>v:<gen>:<group>          articleId digest (10 B)  -> verdict ("<ref>" for a canonical)
//   <prefix>x<V>:<gen>:<group>       exact hash (8 B)          -> ref
//   <prefix>a<V>:<gen>:<group>       anchor h1 (integer)       -> "ref[,ref...]" (at most ANCHOR_BUCKET_CAP)
//   <prefix>s<V>:<gen>:<ref/64>      ref                       -> canonical record (id + sketch, <= 64 B)
//
// <V> is FINGERPRINT_VERSION ("" for version 1): an index written by another fingerprint version is
// simply not seen (its keys expire with DEDUP_RETENTION, or are deleted after `news-ingest
// dedup-rebuild`); verdicts and seq are version-free, so retries keep their first verdict across it.
//
// <gen> is "0" without retention, else floor(unixSeconds / retention): writes go to the current
// generation, which expires two windows after it began, and lookups read the current and previous one,
// so an entry lives at least one full window and at most two.
import { createHash } from 'node:crypto';
import { FINGERPRINT_VERSION, type Shingle, type Sketch } from './fingerprint.js';
import type { DuplicateKind, DuplicateVerdict } from './types.js';

export const DEFAULT_KEY_PREFIX = 'ni:{dedup}:';

const V = FINGERPRINT_VERSION === 1 ? '' : String(FINGERPRINT_VERSION);
/** Key family names of the fingerprint-dependent entries (see the layout above). */
export const FAMILY = { exact: `x${V}`, anchor: `a${V}`, sketch: `s${V}` } as const;
/** Canonicals per sketch group (consecutive refs share a key). */
export const SKETCH_GROUP_SIZE = 64;
/** Target entries per hash group: well under hash-max-listpack-entries (128 by default). */
const TARGET_GROUP_ENTRIES = 64;

export interface GroupBits {
  verdict: number;
  exact: number;
  anchor: number;
}

/** Group counts sized so that `expectedArticles` live canonicals keep groups at ~64 entries. */
export function groupBitsFor(expectedArticles: number, anchorsPerArticle: number): GroupBits {
  const bits = (entries: number) =>
    Math.max(0, Math.ceil(Math.log2(Math.max(1, entries / TARGET_GROUP_ENTRIES))));
  return {
    verdict: Math.min(24, bits(expectedArticles * 1.5)),
    exact: Math.min(24, bits(expectedArticles)),
    anchor: Math.min(24, bits(expectedArticles * anchorsPerArticle)),
  };
}

const lowBits = (x: number, bits: number): number => (bits === 0 ? 0 : (x >>> 0) % 2 ** bits);

export function verdictField(articleId: string): Buffer {
  return createHash('sha256').update(articleId).digest().subarray(0, 10);
}

export function verdictGroup(field: Buffer, bits: number): number {
  return lowBits(field.readUInt32BE(0), bits);
}

export function exactField(exactHex: string): Buffer {
  return Buffer.from(exactHex, 'hex');
}

export function exactGroup(field: Buffer, bits: number): number {
  return lowBits(field.readUInt32BE(4), bits);
}

/** An anchor's group comes from h2's high bits (its low 16 bits are the sketch member id). */
export function anchorGroup(s: Shingle, bits: number): number {
  return bits === 0 ? 0 : (s.h2 >>> 0) >>> (32 - bits);
}

export function sketchGroup(ref: number): number {
  return Math.floor(ref / SKETCH_GROUP_SIZE);
}

const ART_ID = /^art-[0-9a-f]{32}$/;

/** [id tag][id bytes][threshold u32][members, 12 bits each]; the usual article id form packs into 17 bytes. */
export function encodeCanonical(articleId: string, sketch: Sketch): Buffer {
  const id = ART_ID.test(articleId)
    ? Buffer.concat([Buffer.from([1]), Buffer.from(articleId.slice(4), 'hex')])
    : Buffer.concat([Buffer.from([0, Buffer.byteLength(articleId)]), Buffer.from(articleId)]);
  const n = sketch.members.length;
  const body = Buffer.alloc(4 + Math.ceil((n * 3) / 2));
  body.writeUInt32BE(sketch.threshold >>> 0, 0);
  // Two 12-bit members per 3 bytes.
  for (let i = 0; i < n; i += 2) {
    const a = (sketch.members[i] ?? 0) & 0xfff;
    const b = (sketch.members[i + 1] ?? 0) & 0xfff;
    const at = 4 + (i / 2) * 3;
    body[at] = a >>> 4;
    body[at + 1] = ((a & 0xf) << 4) | (i + 1 < n ? b >>> 8 : 0);
    if (i + 1 < n) body[at + 2] = b & 0xff;
  }
  return Buffer.concat([id, body.subarray(0, 4 + Math.ceil((n * 3) / 2))]);
}

export function decodeCanonical(buf: Buffer): { articleId: string; sketch: Sketch } {
  let offset: number;
  let articleId: string;
  if (buf[0] === 1) {
    articleId = `art-${buf.subarray(1, 17).toString('hex')}`;
    offset = 17;
  } else {
    const len = buf[1] ?? 0;
    articleId = buf.subarray(2, 2 + len).toString('utf8');
    offset = 2 + len;
  }
  const threshold = buf.readUInt32BE(offset);
  const members: number[] = [];
  for (let at = offset + 4; at + 1 < buf.length; at += 3) {
    members.push(((buf[at] ?? 0) << 4) | ((buf[at + 1] ?? 0) >>> 4));
    if (at + 2 < buf.length) members.push((((buf[at + 1] ?? 0) & 0xf) << 8) | (buf[at + 2] ?? 0));
  }
  return { articleId, sketch: { threshold, members } };
}

/** Duplicate verdicts are kept as "kind|similarity|of"; a canonical's verdict is its ref (digits). */
export function encodeDuplicateVerdict(v: DuplicateVerdict): string {
  return `${v.kind === 'exact' ? 'e' : 'n'}|${v.similarity}|${v.of}`;
}

export function decodeStoredVerdict(s: string): DuplicateVerdict | null {
  if (/^\d+$/.test(s)) return null;
  const [kind, similarity, ...of] = s.split('|');
  const decodedKind: DuplicateKind = kind === 'e' ? 'exact' : 'near';
  return { of: of.join('|'), kind: decodedKind, similarity: Number(similarity) };
}
