import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../src/queue/retry-backoff.js';

describe('retry backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    const top = () => 1; // no jitter taken off
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => retryDelayMs(n, { baseMs: 1000, capMs: 15_000 }, top))).toEqual([
      1000, 2000, 4000, 8000, 15_000, 15_000, 15_000,
    ]);
  });
  it('jitters every delay into [half, full] of its step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const full = Math.min(15_000, 1000 * 2 ** (n - 1));
        const d = retryDelayMs(n, { baseMs: 1000, capMs: 15_000 }, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(full / 2));
        expect(d).toBeLessThanOrEqual(full);
      }),
    );
  });
});
