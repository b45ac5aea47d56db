// An object's bytes to parsed articles: decompression (decompress-object.ts), then the analyser on each
// part. The one path from stored bytes to articles, used by the worker and every CLI driver.
import { PermanentError } from '../errors/permanent-error.js';
import type { ItemRejection, ParsedItem } from '../parse/types.js';
import type { AnalyseRequest, AnalyseResult } from './analyse-object.js';
import { type CompressedInput, type CompressionKind, decompressObject } from './decompress-object.js';
import type { DecompressionLimits } from './decompression-limits.js';

export interface AnalysedPart {
  /** The zip entry the part came from; absent for a plain or gzip/Brotli object. */
  entry?: string;
  charset: string;
  items: ParsedItem[];
  rejected: ItemRejection[];
  decodeSeconds: number;
  parseSeconds: number;
}

export interface ContentAnalysis {
  compression: CompressionKind | null;
  /** Parts that were text (possibly with no article: see their `rejected`). */
  parts: AnalysedPart[];
  /** Archive entries that were not analysed, per reason (directory, binary, empty, encrypted, bad-name). */
  skippedEntries: Map<string, number>;
}

export interface AnalyseContentOptions {
  analyse: (request: AnalyseRequest) => Promise<AnalyseResult>;
  limits: DecompressionLimits;
  maxArticleChars: number;
  /** MAX_ARTICLES_PER_OBJECT: across all entries of an archive. */
  maxArticles?: number | undefined;
  /** Told the compression as soon as it is detected (before a bomb is refused). */
  onCompression?: (kind: CompressionKind) => void;
}

export function describeSkipped(skipped: Map<string, number>): string {
  return [...skipped].map(([reason, n]) => `${reason} ${n}`).join(', ');
}

/** Throws a PermanentError for an empty, binary, oversize or damaged object; never a partial result. */
export async function analyseContent(
  input: CompressedInput,
  options: AnalyseContentOptions,
): Promise<ContentAnalysis> {
  if (input.bytes.byteLength === 0) throw new PermanentError('empty', 'object is empty');
  const decompressed = await decompressObject(input, options.limits, options.onCompression);
  const { compression, skippedEntries } = decompressed;
  const archive = compression === 'zip';
  const parts: AnalysedPart[] = [];
  let articles = 0;
  for (const part of decompressed.parts) {
    if (!archive && part.bytes.byteLength === 0)
      throw new PermanentError('empty', `${compression} object decompresses to nothing`);
    const analysed = await options.analyse({
      bytes: part.bytes,
      contentType: part.contentType,
      name: part.name,
      maxArticleChars: options.maxArticleChars,
      maxArticles: options.maxArticles,
    });
    if (analysed.kind === 'binary') {
      if (!archive)
        throw new PermanentError(
          'binary',
          compression
            ? `decompressed ${compression} object is binary, not text`
            : 'object is binary, not text',
        );
      skippedEntries.set('binary', (skippedEntries.get('binary') ?? 0) + 1);
      continue;
    }
    articles += analysed.result.items.length;
    const max = options.maxArticles;
    if (max !== undefined && articles > max)
      throw new PermanentError(
        'too-many-articles',
        `more than ${max} articles in one archive (MAX_ARTICLES_PER_OBJECT)`,
      );
    parts.push({
      ...(part.entry !== undefined ? { entry: part.entry } : {}),
      charset: analysed.charset,
      items: analysed.result.items,
      rejected: analysed.result.rejected,
      decodeSeconds: analysed.decodeSeconds,
      parseSeconds: analysed.parseSeconds,
    });
  }
  if (archive && parts.length === 0) {
    const onlyBinary = skippedEntries.size === 1 && skippedEntries.has('binary');
    throw new PermanentError(
      onlyBinary ? 'binary' : 'empty',
      `zip archive holds no text entry${skippedEntries.size ? ` (skipped: ${describeSkipped(skippedEntries)})` : ''}`,
    );
  }
  return { compression, parts, skippedEntries };
}
