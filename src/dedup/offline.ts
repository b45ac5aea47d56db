// Offline duplicate detection over local files, in the given order (the `news-ingest dedup` command and
// the evaluation script). Each run gets a fresh in-memory index unless one is passed in.
import { createHash } from 'node:crypto';
import { PermanentError } from '../errors/permanent-error.js';
import { articleIdFor } from '../ids.js';
import { DEFAULT_MAX_ARTICLE_CHARS } from '../parse/index.js';
import { analyseContent } from '../pipeline/analyse-content.js';
import { analyseObject } from '../pipeline/analyse-object.js';
import { DEFAULT_DECOMPRESSION_LIMITS } from '../pipeline/decompression-limits.js';
import { createMemoryDuplicateIndex } from './memory-index.js';
import type { DuplicateIndex, DuplicateKind } from './types.js';

export interface LocalDocument {
  name: string;
  bytes: Uint8Array;
}

export interface OfflineDuplicate {
  of: string;
  ofFile: string;
  kind: DuplicateKind;
  similarity: number;
}

export interface OfflineDedupLine {
  file: string;
  /** The zip entry the article came from. */
  entry?: string;
  articleId: string;
  duplicate: OfflineDuplicate | null;
}

export async function* dedupDocuments(
  docs: AsyncIterable<LocalDocument> | Iterable<LocalDocument>,
  index: DuplicateIndex = createMemoryDuplicateIndex(),
): AsyncGenerator<OfflineDedupLine> {
  const fileOf = new Map<string, string>();
  for await (const doc of docs) {
    const etag = createHash('sha256').update(doc.bytes).digest('hex');
    const analysis = await analyseContent(
      { bytes: doc.bytes, name: doc.name, contentType: undefined, contentEncoding: undefined },
      {
        analyse: async (request) => analyseObject(request),
        limits: DEFAULT_DECOMPRESSION_LIMITS,
        maxArticleChars: DEFAULT_MAX_ARTICLE_CHARS,
      },
    ).catch((error: unknown) => {
      // A document that yields no article (empty, binary, damaged) takes no part in deduplication.
      if (error instanceof PermanentError) return null;
      throw error;
    });
    const items =
      analysis?.parts.flatMap((part) => part.items.map((item) => ({ ...item, entry: part.entry }))) ?? [];
    for (const item of items) {
      const articleId = articleIdFor({ bucket: 'local', key: doc.name, etag }, item.position, item.entry);
      if (!fileOf.has(articleId)) fileOf.set(articleId, doc.name);
      const verdict = await index.checkAndInsert(articleId, item.article);
      yield {
        file: doc.name,
        ...(item.entry !== undefined ? { entry: item.entry } : {}),
        articleId,
        duplicate: verdict ? { ...verdict, ofFile: fileOf.get(verdict.of) ?? '' } : null,
      };
    }
  }
}
