// An in-memory ledger for unit tests of the triggers: records states and counts the job ids it is asked about.
import type { Ledger, LedgerState } from '../../src/pipeline/ledger.js';

export function memoryLedger(): Ledger & { marked: Map<string, LedgerState>; asked: { ids: number } } {
  const marked = new Map<string, LedgerState>();
  const asked = { ids: 0 };
  return {
    marked,
    asked,
    get: async () => null,
    seen: async (ids) => {
      asked.ids += ids.length;
      return ids.map((id) => marked.has(id));
    },
    states: async (ids) => {
      asked.ids += ids.length;
      return ids.map((id) => marked.get(id) ?? null);
    },
    mark: async (ids, state) => {
      for (const id of [ids].flat()) marked.set(id, state);
    },
    forget: async (id) => void marked.delete(id),
    latestSequencer: async () => null,
    recordSequencer: async () => {},
    indexVersion: async () => {},
    versionsOf: async () => [],
  };
}
