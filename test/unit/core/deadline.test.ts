import { describe, expect, it } from 'vitest';
import { settleWithin, withDeadline } from '../../../src/deadline.js';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const never = new Promise<never>(() => {});

describe('settleWithin', () => {
  it("gives a promise's value when it settles in time, and leaves no timer behind", async () => {
    const before = timers();
    expect(await settleWithin(Promise.resolve(42), 60_000)).toEqual({ settled: true, value: 42 });
    expect(timers()).toBe(before);
  });

  it('rejects as the promise does when it rejects in time, and leaves no timer behind', async () => {
    const before = timers();
    await expect(settleWithin(Promise.reject(new Error('refused')), 60_000)).rejects.toThrow('refused');
    expect(timers()).toBe(before);
  });

  it('says the promise did not settle once the deadline passed', async () => {
    expect(await settleWithin(never, 1)).toEqual({ settled: false });
  });
});

describe('withDeadline', () => {
  it('passes the value through, or fails naming the deadline', async () => {
    expect(await withDeadline(Promise.resolve('pong'), 60_000)).toBe('pong');
    await expect(withDeadline(never, 5)).rejects.toThrow('no answer within 5 ms');
  });
});
