// In-memory KeyStates with the Redis adapter's semantics: compare-and-set on the order, a live-key set
// in byte order (what ZRANGEBYLEX reads), tombstones out of it, canonical → document names.
import type { KeyState, KeyStates } from '../../src/lifecycle/key-state.js';

export interface MemoryKeyStates extends KeyStates {
  states: Map<string, KeyState>;
  live: Set<string>;
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function memoryKeyStates(): MemoryKeyStates {
  const states = new Map<string, KeyState>();
  const live = new Set<string>();
  const documents = new Map<string, string>();
  const id = (bucket: string, key: string) => `${bucket}/${key}`;
  return {
    states,
    live,
    get: async (bucket, key) => structuredClone(states.get(id(bucket, key)) ?? null),
    put: async (bucket, key, state, canonicals = []) => {
      const held = states.get(id(bucket, key));
      if (held && held.order > state.order) return false;
      states.set(id(bucket, key), structuredClone(state));
      if (state.deleted) live.delete(id(bucket, key));
      else live.add(id(bucket, key));
      for (const [articleId, documentId] of canonicals) documents.set(articleId, documentId);
      return true;
    },
    documentOf: async (articleId) => documents.get(articleId) ?? null,
    async *liveKeys(bucket, after, upTo) {
      const keys = [...live]
        .filter((k) => k.startsWith(`${bucket}/`))
        .map((k) => k.slice(bucket.length + 1))
        .sort(byteOrder);
      for (const key of keys)
        if ((after === null || byteOrder(key, after) > 0) && (upTo === null || byteOrder(key, upTo) <= 0))
          yield key;
    },
  };
}
