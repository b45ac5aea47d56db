// A container's rejected items summarised per reason: one log line, one metric increment per reason and
// one short ledger field per object, however many records the object held.
import type { ItemRejection, RejectReason } from '../parse/types.js';

export interface RejectionSummary {
  /** Items per reason, most frequent first (ties in order of first appearance). */
  counts: Array<[RejectReason, number]>;
  /** e.g. "too-short 4999, malformed-container 1"; empty when nothing was rejected. */
  text: string;
}

export function summariseRejections(rejected: readonly ItemRejection[]): RejectionSummary {
  const counts = new Map<RejectReason, number>();
  for (const r of rejected) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  return { counts: sorted, text: sorted.map(([reason, n]) => `${reason} ${n}`).join(', ') };
}
