// Offline duplicate detection over local files, in the given order (the `news-ingest dedup` command and
// the evaluation script). Each run gets a fresh in-memory index unless one is passed in.
import { createHash } from 'node:crypto';
import { articleIdFor } from '../ids.js';
import { decodeBytes, parseDocument } from '../parse/index.js';
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
    const decoded = decodeBytes(doc.bytes);
    const parsed = parseDocument(decoded.text, { name: doc.name });
    for (const item of parsed.items) {
      const articleId = articleIdFor({ bucket: 'local', key: doc.name, etag }, item.position);
      if (!fileOf.has(articleId)) fileOf.set(articleId, doc.name);
      const verdict = await index.checkAndInsert(articleId, item.article);
      yield {
        file: doc.name,
        articleId,
        duplicate: verdict ? { ...verdict, ofFile: fileOf.get(verdict.of) ?? '' } : null,
      };
    }
  }
}
