// A promise raced against a deadline, its timer cleared either way. Node's AbortSignal.timeout serves
// APIs that take a signal; a plain promise (a readiness check, a Redis probe, a shutdown step, a closing
// worker) takes none, so this one helper replaces the hand-written Promise.race + setTimeout copies.
import { setTimeout as delay } from 'node:timers/promises';

export type Settled<T> = { settled: true; value: T } | { settled: false };

/** The promise's value if it settles within `ms`, else `{ settled: false }`; a rejection within `ms` rejects. */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  const timer = new AbortController();
  try {
    return await Promise.race([
      promise.then((value) => ({ settled: true as const, value })),
      delay(ms, { settled: false as const }, { signal: timer.signal }),
    ]);
  } finally {
    // The losing delay rejects with an AbortError that Promise.race already handles.
    timer.abort();
  }
}

/** The promise's value, or an Error "no answer within <ms> ms" once `ms` have passed. */
export async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  const result = await settleWithin(promise, ms);
  if (!result.settled) throw new Error(`no answer within ${ms} ms`);
  return result.value;
}
