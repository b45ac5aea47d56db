// The worker's dependencies on in-memory ports (store, ledger, key states, publisher, metrics, dedup
// index, inline analyser), and the job a notification of an upload would yield: the setup of every unit
// test of processObject and of the lifecycle.
import { createMemoryDuplicateIndex } from '../../src/dedup/memory-index.js';
import { analyseInline } from '../../src/pipeline/analyse-object.js';
import type { AnalyseRunner } from '../../src/pipeline/analyse-pool.js';
import type { IngestDeps } from '../../src/pipeline/process-object.js';
import { ingestJobId, type ObjectVersion } from '../../src/queue/object-version.js';
import { memoryKeyStates } from './memory-key-states.js';
import { memoryLedger } from './memory-ledger.js';
import { memoryPublisher, recordingMetrics } from './memory-ports.js';
import { memoryStore } from './memory-store.js';

export const MEMORY_BUCKET = 'news-raw';

/** Parses in the calling thread: what the pool's threads run, without the pool. */
export const inlineAnalyser: AnalyseRunner = {
  analyse: analyseInline,
  close: async () => {},
};

export interface MemoryIngestOptions {
  versioned?: boolean;
  dedupPolicy?: 'publish' | 'drop' | 'link';
  settings?: Partial<IngestDeps['settings']>;
  now?: Date;
}

export function memoryIngest(options: MemoryIngestOptions = {}) {
  const store = memoryStore(MEMORY_BUCKET, { versioned: options.versioned ?? false });
  const ledger = memoryLedger();
  const publisher = memoryPublisher();
  const metrics = recordingMetrics();
  const keyStates = memoryKeyStates();
  const now = options.now ?? new Date('2026-11-30T08:00:00.000Z');
  const deps: IngestDeps = {
    store,
    analyser: inlineAnalyser,
    dedup: createMemoryDuplicateIndex(),
    publisher,
    ledger,
    keyStates,
    metrics,
    settings: {
      maxObjectBytes: 64 * 1024,
      maxArticleChars: 100_000,
      maxArticlesPerObject: 5,
      dedupPolicy: options.dedupPolicy ?? 'publish',
      quarantinePrefix: 'quarantine/',
      ...options.settings,
    },
    now: () => now,
  };
  /** Uploads and returns the job a notification of that upload would yield. */
  const jobFor = (key: string, body: string | Uint8Array, extra: Partial<ObjectVersion> = {}) => {
    const out = store.put(key, body);
    const version: ObjectVersion = {
      bucket: MEMORY_BUCKET,
      key,
      etag: out.etag,
      ...(out.versionId ? { versionId: out.versionId } : {}),
      trigger: 'test',
      ...extra,
    };
    return { id: ingestJobId(version), version };
  };
  return { store, ledger, keyStates, publisher, metrics, deps, jobFor };
}
