// Public surface of duplicate detection (issue 4): the index port and its adapters, offline dedup over
// local files, and re-indexing from published events.

export { type Fingerprint, fingerprintText, normalizeBody } from './fingerprint.js';
export { createMemoryDuplicateIndex } from './memory-index.js';
export {
  dedupDocuments,
  type LocalDocument,
  type OfflineDedupLine,
  type OfflineDuplicate,
} from './offline.js';
export { type PublishedArticle, type RebuildStats, rebuildIndex } from './rebuild.js';
export { createRedisDuplicateIndex, type RedisDuplicateIndexOptions } from './redis-index.js';
export { DEFAULT_KEY_PREFIX } from './redis-layout.js';
export type { DuplicateIndex, DuplicateKind, DuplicateVerdict } from './types.js';
