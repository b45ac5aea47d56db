// In-memory ports of the event archive for unit tests: an intake that behaves like the Redis one (stream
// ids from a test clock, seen event ids, lock, manifest) and an object store that keeps what is put.
import { gunzipSync } from 'node:zlib';
import { nextStreamId, type PendingEvent, streamIdParts } from '../../src/archive/archive-layout.js';
import type { ArchiveIntake, BatchManifest } from '../../src/archive/event-intake.js';
import type { ArticleEvent } from '../../src/events/article-event.js';

const after = (a: string, b: string) => {
  const x = streamIdParts(a);
  const y = streamIdParts(b);
  return x.ms > y.ms || (x.ms === y.ms && x.seq > y.seq);
};

export function memoryIntake(clock: () => number): ArchiveIntake & {
  entries: PendingEvent[];
  lock: { token: string | null; until: number };
  batch: BatchManifest | null;
} {
  const entries: PendingEvent[] = [];
  const seen = new Set<string>();
  const lock = { token: null as string | null, until: 0 };
  let last = '0-0';
  const state = {
    entries,
    lock,
    batch: null as BatchManifest | null,
    async add(events: readonly ArticleEvent[]) {
      let added = 0;
      for (const e of events) {
        if (seen.has(e.eventId)) continue;
        seen.add(e.eventId);
        const ms = clock();
        const id = ms > streamIdParts(last).ms ? `${ms}-0` : nextStreamId(last);
        last = id;
        entries.push({ id, at: e.processedAt, json: JSON.stringify(e) });
        added++;
      }
      return added;
    },
    async waiting() {
      return { length: entries.length, oldestId: entries[0]?.id ?? null };
    },
    async read(afterId: string | null, count: number, lastId?: string) {
      return entries
        .filter((e) => (afterId === null || after(e.id, afterId)) && (!lastId || !after(e.id, lastId)))
        .slice(0, count);
    },
    async claim(token: string, ttlMs: number) {
      if (lock.token && lock.token !== token && lock.until > clock()) return false;
      lock.token = token;
      lock.until = clock() + ttlMs;
      return true;
    },
    async release(token: string) {
      if (lock.token === token) lock.token = null;
    },
    async manifest() {
      return state.batch;
    },
    async begin(token: string, manifest: BatchManifest) {
      if (lock.token !== token) return false;
      state.batch = manifest;
      return true;
    },
    async commit(token: string, manifest: BatchManifest) {
      if (lock.token !== token || state.batch?.batchId !== manifest.batchId) return false;
      while (entries[0] && !after(entries[0].id, manifest.lastId)) entries.shift();
      state.batch = null;
      return true;
    },
  };
  return state;
}

/** Keeps every put; `puts` counts them per key (a re-put of a recovered batch shows as 2). */
export function memoryArchiveStore() {
  const objects = new Map<string, Uint8Array>();
  const puts = new Map<string, number>();
  return {
    objects,
    puts,
    async putObject(key: string, body: Uint8Array | string | unknown) {
      objects.set(key, body as Uint8Array);
      puts.set(key, (puts.get(key) ?? 0) + 1);
      return { etag: String(puts.get(key)) };
    },
    async *list(prefix: string, options: { startAfter?: string } = {}) {
      for (const key of [...objects.keys()].sort()) {
        if (!key.startsWith(prefix) || (options.startAfter && key <= options.startAfter)) continue;
        const bytes = objects.get(key)!;
        yield { key, etag: '', size: bytes.byteLength, lastModified: undefined };
      }
    },
    async getObject({ key }: { key: string }) {
      const bytes = objects.get(key)!;
      return { bytes, etag: '', versionId: undefined, size: bytes.byteLength, contentType: undefined };
    },
    /** Event ids of every archived line, in key order. */
    eventIds(): string[] {
      return [...objects.keys()].sort().flatMap((key) =>
        gunzipSync(objects.get(key)!)
          .toString('utf8')
          .trim()
          .split('\n')
          .map((line) => (JSON.parse(line) as { eventId: string }).eventId),
      );
    },
  };
}
