// The archiver on real Redis and a real S3 server: killed between writing a batch and acknowledging it
// (a fault port around the store), the next archiver finishes that batch under the same keys, so every
// event id is archived exactly once.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchivedEvents } from '../../../src/archive/archive-reader.js';
import { type ArchiverSettings, createArchiver } from '../../../src/archive/archiver.js';
import { archiveKeyPrefix, createRedisArchiveIntake } from '../../../src/archive/event-intake.js';
import { createS3ObjectStore, type ObjectStore } from '../../../src/s3/object-store.js';
import { exampleArticleEvent } from '../../../src/subscriber/example-event.js';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../../helpers/redis.js';
import { startTestS3, type TestS3 } from '../../helpers/s3.js';
import { waitFor } from '../../helpers/wait.js';

const quiet = { info() {}, warn() {}, debug() {} };
const settings: ArchiverSettings = {
  prefix: 'events/',
  maxEvents: 40,
  maxAgeMs: 60_000,
  maxBytes: 16 * 1024 * 1024,
  lockTtlMs: 300,
  pollMs: 20,
};

describe('event archiver (real Redis, real S3)', () => {
  let s3: TestS3;
  let redis: Redis;
  let redisUrl: string;
  let prefix: string;
  let store: ObjectStore;
  beforeAll(async () => {
    s3 = await startTestS3('archive');
    redisUrl = await testRedisUrl();
    prefix = uniquePrefix('archive');
    redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    store = createS3ObjectStore(s3.client, s3.bucket);
  });
  afterAll(async () => {
    redis?.disconnect();
    await deleteKeys(redisUrl, prefix);
    await s3?.close();
  });

  const archivedIds = async () => {
    const ids: string[] = [];
    for await (const e of readArchivedEvents(store, 'events/')) ids.push((e as { eventId: string }).eventId);
    return ids;
  };

  it('archives each event once when the writer is killed between the write and the acknowledgement', async () => {
    const intake = createRedisArchiveIntake(redis, prefix, 60_000);
    const events = Array.from({ length: 100 }, (_, n) => exampleArticleEvent({ n }));
    expect(await intake.add(events.slice(0, 70))).toBe(70);
    // Published twice (a retry after a crash): taken in once.
    expect(await intake.add(events.slice(60, 70))).toBe(0);

    let puts = 0;
    const killedAfterWrite: Pick<ObjectStore, 'putObject'> = {
      async putObject(key, body, options) {
        const written = await store.putObject(key, body, options);
        puts++;
        // The process dies here: the object is in S3, the batch is not acknowledged, the lock is held.
        throw new Error(`killed after writing ${key} (${written.etag})`);
      },
    };
    const first = createArchiver({ intake, store: killedAfterWrite, settings, log: quiet, token: 'first' });
    await expect(first.step()).rejects.toThrow('killed after writing');
    expect(puts).toBe(1);
    expect(await redis.hget(`${archiveKeyPrefix(prefix)}batch`, 'lastId')).toBeTruthy();
    expect(await archivedIds()).toHaveLength(40);

    await intake.add(events.slice(70));
    const second = createArchiver({ intake, store, settings, log: quiet, token: 'second' });
    const recovered = await waitFor(
      async () => {
        const step = await second.step();
        return step.kind === 'standby' ? undefined : step;
      },
      10_000,
      "the first writer's lock to lapse",
    );
    expect(recovered).toMatchObject({ kind: 'written', events: 40, recovered: true });
    // The rest: one full batch, then what is left when the archiver stops.
    expect(await second.step()).toMatchObject({ kind: 'written', events: 40, recovered: false });
    await second.stop();

    const ids = await archivedIds();
    expect(ids).toHaveLength(100);
    expect(new Set(ids).size).toBe(100);
    expect(ids).toEqual(events.map((e) => e.eventId));
    expect(await redis.xlen(`${archiveKeyPrefix(prefix)}pending`)).toBe(0);
    expect(await redis.exists(`${archiveKeyPrefix(prefix)}batch`)).toBe(0);
    expect(await redis.exists(`${archiveKeyPrefix(prefix)}lock`)).toBe(0);
    const listing = await s3.client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'events/v1/' }),
    );
    expect(listing.KeyCount).toBe(3);
    for (const object of listing.Contents ?? []) expect(object.Key).toMatch(/\.jsonl\.gz$/);
  });
});
