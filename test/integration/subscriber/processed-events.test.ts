// Claim/complete/release on real Redis: a side effect runs once per event id, whatever the deliveries.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventInProgressError } from '../../../src/subscriber/errors.js';
import { createProcessedEvents, type ProcessedEvents } from '../../../src/subscriber/processed-events.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../../helpers/redis.js';
import { waitFor } from '../../helpers/wait.js';

describe('createProcessedEvents', () => {
  let redisUrl: string;
  let prefix: string;
  let redis: Redis;
  let processed: ProcessedEvents;
  beforeAll(async () => {
    redisUrl = await testRedisUrl();
    prefix = uniquePrefix('processed');
    redis = new Redis(redisUrl);
    processed = createProcessedEvents({
      redis,
      keyPrefix: `${prefix}:`,
      ttlSeconds: 3600,
      inProgressTtlSeconds: 60,
    });
  });
  afterAll(async () => {
    await redis?.quit();
    await deleteKeys(redisUrl, prefix);
  });

  it('runs fn once per event id and remembers completion with the long TTL', async () => {
    let runs = 0;
    const fn = async () => ++runs;
    expect(await processed.runOnce('evt-1', fn)).toEqual({ status: 'ran', value: 1 });
    expect(await processed.runOnce('evt-1', fn)).toEqual({ status: 'already-processed' });
    expect(runs).toBe(1);
    expect(await processed.isProcessed('evt-1')).toBe(true);
    const ttl = await redis.ttl(`${prefix}:evt-1`);
    expect(ttl).toBeGreaterThan(60);
    expect(ttl).toBeLessThanOrEqual(3600);
  });

  it('releases the claim when fn throws, so a retry runs it again', async () => {
    let runs = 0;
    await expect(
      processed.runOnce('evt-2', async () => {
        runs++;
        throw new Error('SMTP 451');
      }),
    ).rejects.toThrow('SMTP 451');
    expect(await redis.exists(`${prefix}:evt-2`)).toBe(0);
    expect(await processed.runOnce('evt-2', async () => ++runs)).toEqual({ status: 'ran', value: 2 });
  });

  it('lets only one of two concurrent deliveries run; the other is told to retry later', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let runs = 0;
    const first = processed.runOnce('evt-3', async () => {
      runs++;
      await gate;
    });
    // The first delivery holds the claim once its fn runs.
    await waitFor(async () => (runs === 1 ? true : undefined), 5_000, 'the first delivery to run');
    await expect(processed.runOnce('evt-3', async () => void runs++)).rejects.toBeInstanceOf(
      EventInProgressError,
    );
    release();
    await first;
    expect(await processed.runOnce('evt-3', async () => void runs++)).toEqual({
      status: 'already-processed',
    });
    expect(runs).toBe(1);
  });

  it('uses a short TTL for the in-progress claim, so a crashed worker does not block the event for long', async () => {
    let ttl = -1;
    await processed.runOnce('evt-4', async () => {
      ttl = await redis.ttl(`${prefix}:evt-4`);
    });
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });
});
