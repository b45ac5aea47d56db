// Bytes -> text. Uploaders drop files in whatever encoding their scraper produced; we must never throw
// and must say when we had to replace bytes.
import iconv from 'iconv-lite';
import type { DecodedText } from './types.js';

const SNIFF_BYTES = 8192;

/** Magic numbers of formats that are certainly not text. */
const MAGIC: readonly (readonly number[])[] = [
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x50, 0x4b, 0x03, 0x04], // ZIP / docx / epub
  [0x50, 0x4b, 0x05, 0x06], // empty ZIP
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x1f, 0x8b], // gzip
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0xff, 0xd8, 0xff], // JPEG
  [0x42, 0x5a, 0x68], // bzip2
  [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], // 7z
  [0x52, 0x61, 0x72, 0x21], // Rar!
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xfd, 0x37, 0x7a, 0x58, 0x5a], // xz
  [0x28, 0xb5, 0x2f, 0xfd], // zstd
  [0x4f, 0x67, 0x67, 0x53], // OggS
  [0xd0, 0xcf, 0x11, 0xe0], // OLE (doc/xls)
];

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  if (bytes.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[i] !== sig[i]) return false;
  return true;
}

type Utf16 = 'utf-16le' | 'utf-16be';

function bomCharset(bytes: Uint8Array): { charset: string; skip: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return null;
}

/** UTF-16 without BOM: mostly-ASCII text has a NUL in every other byte. */
function sniffUtf16(bytes: Uint8Array): Utf16 | null {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 8) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Bytes that are certainly not text: a known binary format's magic number, or the control-character rule. */
export function isProbablyBinary(bytes: Uint8Array): boolean {
  for (const sig of MAGIC) if (startsWith(bytes, sig)) return true;
  const bom = bomCharset(bytes);
  if (bom && bom.charset !== 'utf-8') return false;
  // UTF-16 text has a NUL in every other byte: its decoded text is checked instead (isProbablyBinaryText).
  if (!bom && sniffUtf16(bytes)) return false;
  return controlsSayBinary(Math.min(bytes.length, SNIFF_BYTES), (i) => bytes[i]!);
}

/**
 * The same rule on text, for callers that hold a string (parseDocument's own callers: the CLI, the
 * evaluation scripts, UTF-16 input the byte check leaves to the decoded text).
 */
export function isProbablyBinaryText(text: string): boolean {
  return controlsSayBinary(Math.min(text.length, SNIFF_BYTES), (i) => text.charCodeAt(i));
}

/** Beyond this share of stray control characters in the sample, the input is not text. */
const MAX_CONTROL_SHARE = 0.1;

/** One rule for bytes and UTF-16 code units: a NUL, or more than MAX_CONTROL_SHARE stray controls. */
function controlsSayBinary(length: number, unitAt: (i: number) => number): boolean {
  if (length === 0) return false;
  let control = 0;
  for (let i = 0; i < length; i++) {
    const unit = unitAt(i);
    if (unit === 0) return true;
    if (isStrayControl(unit)) control++;
  }
  return control / length > MAX_CONTROL_SHARE;
}

/** C0 controls and DEL, but tab, LF, VT (Word's manual line break), FF, CR and ESC, which real text holds. */
function isStrayControl(unit: number): boolean {
  return (unit < 0x20 && (unit < 0x09 || unit > 0x0d) && unit !== 0x1b) || unit === 0x7f;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { text: utf8Fatal.decode(bytes), charset: 'utf-8', lossy: false };
  } catch {
    return { text: utf8Lenient.decode(bytes), charset: 'utf-8', lossy: true };
  }
}

function decodeUtf16(bytes: Uint8Array, charset: Utf16): DecodedText {
  try {
    return {
      text: new TextDecoder(charset, { fatal: true, ignoreBOM: true }).decode(bytes),
      charset,
      lossy: false,
    };
  } catch {
    return { text: new TextDecoder(charset, { ignoreBOM: true }).decode(bytes), charset, lossy: true };
  }
}

/** Bytes 0x81 0x8D 0x8F 0x90 0x9D are unassigned in Windows-1252; text containing them is Latin-1. */
function decodeSingleByte(bytes: Uint8Array): DecodedText {
  let unassigned = false;
  for (const b of bytes) {
    if (b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d) {
      unassigned = true;
      break;
    }
  }
  const charset = unassigned ? 'iso-8859-1' : 'windows-1252';
  return {
    text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset),
    charset,
    lossy: false,
  };
}

/** Counts valid multi-byte UTF-8 sequences and invalid bytes, to tell "UTF-8 with a few bad bytes" from legacy 8-bit. */
function utf8Evidence(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) ok = ((bytes[i + k] ?? 0) & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += len;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

function normaliseCharsetName(name: string): string {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (n === 'utf8') return 'utf-8';
  if (n === 'latin1' || n === 'latin-1' || n === 'iso8859-1') return 'iso-8859-1';
  if (n === 'cp1252') return 'windows-1252';
  return n;
}

function declaredCharset(contentType: string | undefined, bytes: Uint8Array): string | null {
  const fromHeader = contentType?.match(/charset\s*=\s*([^;\s]+)/i)?.[1];
  if (fromHeader) return normaliseCharsetName(fromHeader);
  // <meta charset> / http-equiv in the first KB of an HTML page.
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  const meta = head.match(/<meta[^>]+charset\s*=\s*["']?([\w-]+)/i)?.[1];
  return meta ? normaliseCharsetName(meta) : null;
}

export function decodeBytes(bytes: Uint8Array, contentType?: string): DecodedText {
  try {
    const bom = bomCharset(bytes);
    if (bom) {
      const rest = bytes.subarray(bom.skip);
      return bom.charset === 'utf-8' ? decodeUtf8(rest) : decodeUtf16(rest, bom.charset as Utf16);
    }
    const utf16 = sniffUtf16(bytes);
    if (utf16) return decodeUtf16(bytes, utf16);

    const declared = declaredCharset(contentType, bytes);
    const strict = decodeUtf8(bytes);
    if (!strict.lossy) return strict; // valid UTF-8 wins over a (often wrong) declaration
    if (declared === 'utf-16le' || declared === 'utf-16be') return decodeUtf16(bytes, declared);
    if (declared && declared !== 'utf-8' && declared !== 'us-ascii' && iconv.encodingExists(declared)) {
      if (declared === 'windows-1252' || declared === 'iso-8859-1') return decodeSingleByte(bytes);
      return { text: iconv.decode(Buffer.from(bytes), declared), charset: declared, lossy: false };
    }
    // Mostly valid multi-byte sequences with a few stray bytes: damaged UTF-8, not a legacy charset.
    const { valid, invalid } = utf8Evidence(bytes);
    if (valid > 0 && invalid <= valid / 4) return strict;
    return decodeSingleByte(bytes);
  } catch {
    return { text: utf8Lenient.decode(bytes), charset: 'utf-8', lossy: true };
  }
}
