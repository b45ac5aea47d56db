// Offline duplicate detection over local files, in the given order (the `news-ingest dedup` command and
// the evaluation script): the worker's steps (articlesOf → identifyArticles → checkAndInsert) on files
// instead of S3 objects. Each run gets a fresh in-memory index unless one is passed in.
import { createHash } from 'node:crypto';
import { PermanentError } from '../errors/permanent-error.js';
import { DEFAULT_MAX_ARTICLE_CHARS } from '../parse/index.js';
import { analyseInline } from '../pipeline/analyse-object.js';
import { DEFAULT_DECOMPRESSION_LIMITS } from '../pipeline/decompression-limits.js';
import { articlesOf, identifyArticles } from '../pipeline/object-articles.js';
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
    // A file's ETag as S3 computes it for a single-part upload (MD5 of the bytes): the same ids as the worker's.
    const etag = createHash('md5').update(doc.bytes).digest('hex');
    const found = await articlesOf(
      { bytes: doc.bytes, name: doc.name, contentType: undefined, contentEncoding: undefined },
      {
        analyse: analyseInline,
        limits: DEFAULT_DECOMPRESSION_LIMITS,
        maxArticleChars: DEFAULT_MAX_ARTICLE_CHARS,
      },
    ).catch((error: unknown) => {
      // A document that yields no article (empty, binary, damaged) takes no part in deduplication.
      if (error instanceof PermanentError) return null;
      throw error;
    });
    if (!found) continue;
    for (const item of identifyArticles({ bucket: 'local', key: doc.name, etag }, found.articles)) {
      if (!fileOf.has(item.articleId)) fileOf.set(item.articleId, doc.name);
      const verdict = await index.checkAndInsert(item.articleId, item.article);
      yield {
        file: doc.name,
        ...(item.entry !== undefined ? { entry: item.entry } : {}),
        articleId: item.articleId,
        duplicate: verdict ? { ...verdict, ofFile: fileOf.get(verdict.of) ?? '' } : null,
      };
    }
  }
}
