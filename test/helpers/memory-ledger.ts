// An in-memory Ledger with the Redis ledger's semantics ("received" only when absent, the time of each
// state, a bounded per-key version index, ), for unit tests of the triggers and the
// worker. `marked` is each id's current state; `asked` counts the ids the states look-ups named.
import {
  type IndexedVersion,
  type Ledger,
  type LedgerEntry,
  type LedgerState,
  MAX_VERSIONS_PER_KEY,
} from '../../src/ledger/ledger.js';

export interface MemoryLedger extends Ledger {
  marked: Map<string, LedgerState>;
  entries: Map<string, LedgerEntry>;
  asked: { ids: number };
}

export function memoryLedger(now: () => Date = () => new Date()): MemoryLedger {
  const entries = new Map<string, LedgerEntry>();
  const marked = new Map<string, LedgerState>();
  const versions = new Map<string, IndexedVersion[]>();
  const asked = { ids: 0 };
  return {
    marked,
    entries,
    asked,
    get: async (id) => {
      // The `marked` view may be set directly by a test (a worker's side); it wins over the entry.
      const state = marked.get(id);
      if (!state) return null;
      const entry = entries.get(id);
      return entry ? { ...entry, state } : { state, at: '' };
    },
    states: async (ids) => {
      asked.ids += ids.length;
      return ids.map((id) => marked.get(id) ?? null);
    },
    mark: async (ids, state, extra = {}) => {
      const at = now().toISOString();
      for (const id of new Set([ids].flat())) {
        if (state === 'received' && marked.has(id)) continue;
        const previous = entries.get(id);
        const defined = Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined));
        entries.set(id, { ...previous, ...defined, state, at, times: { ...previous?.times, [state]: at } });
        marked.set(id, state);
      }
    },
    forget: async (id) => {
      marked.delete(id);
      entries.delete(id);
    },
    indexVersion: async (bucket, key, jobId) => {
      const list = versions.get(`${bucket}/${key}`) ?? [];
      if (!list.some((v) => v.jobId === jobId)) list.push({ jobId, firstSeen: now().toISOString() });
      versions.set(`${bucket}/${key}`, list.slice(-MAX_VERSIONS_PER_KEY));
    },
    versionsOf: async (bucket, key) => [...(versions.get(`${bucket}/${key}`) ?? [])],
  };
}
