// The archiver's batching and crash recovery on in-memory ports, with a test clock.
import { describe, expect, it } from 'vitest';
import { readArchivedEvents, readEventHistory } from '../../../src/archive/archive-reader.js';
import { type ArchiverSettings, createArchiver } from '../../../src/archive/archiver.js';
import { exampleArticleEvent } from '../../../src/subscriber/example-event.js';
import { memoryArchiveStore, memoryIntake } from '../../helpers/memory-archive.js';

const T0 = Date.parse('2026-11-30T10:00:00.000Z');
const SETTINGS: ArchiverSettings = {
  prefix: 'events/',
  maxEvents: 10,
  maxAgeMs: 5_000,
  maxBytes: 1_000_000,
  lockTtlMs: 30_000,
  pollMs: 100,
};
const quiet = { info() {}, warn() {}, debug() {} };

function setup(settings: Partial<ArchiverSettings> = {}) {
  const clock = { now: T0 };
  const intake = memoryIntake(() => clock.now);
  const store = memoryArchiveStore();
  const archiver = (token: string, put = store) =>
    createArchiver({
      intake,
      store: put,
      settings: { ...SETTINGS, ...settings },
      log: quiet,
      now: () => clock.now,
      token,
    });
  const events = (from: number, count: number, processedAt = new Date(clock.now).toISOString()) =>
    Array.from({ length: count }, (_, i) => exampleArticleEvent({ n: from + i, processedAt }));
  return { clock, intake, store, archiver, events };
}

describe('archiver', () => {
  it('writes nothing before a batch is due by age, then every waiting event once', async () => {
    const { clock, intake, store, archiver, events } = setup();
    const a = archiver('a');
    await intake.add(events(0, 3));
    expect(await a.step()).toEqual({ kind: 'idle' });
    clock.now += 5_000;
    expect(await a.step()).toEqual({ kind: 'written', events: 3, objects: 1, recovered: false });
    expect(store.eventIds()).toEqual(events(0, 3).map((e) => e.eventId));
    expect(intake.entries).toHaveLength(0);
    expect(await a.step()).toEqual({ kind: 'idle' });
  });

  it('writes full batches at once, by count and by bytes', async () => {
    const { intake, store, archiver, events } = setup();
    const a = archiver('a');
    await intake.add(events(0, 25));
    expect(await a.step()).toMatchObject({ kind: 'written', events: 10 });
    expect(await a.step()).toMatchObject({ kind: 'written', events: 10 });
    expect(await a.step()).toEqual({ kind: 'idle' });
    expect(intake.entries).toHaveLength(5);

    const small = setup({ maxBytes: 2 * JSON.stringify(events(0, 1)[0]).length });
    await small.intake.add(small.events(0, 5));
    const b = small.archiver('b');
    expect(await b.step({ force: true })).toMatchObject({ kind: 'written', events: 2 });
    expect(store.objects.size).toBe(2);
  });

  it('takes an event id in once, however often it is published', async () => {
    const { intake, events } = setup();
    expect(await intake.add(events(0, 3))).toBe(3);
    expect(await intake.add(events(1, 3))).toBe(1);
    expect(intake.entries).toHaveLength(4);
  });

  it('files a batch that spans an hour boundary in both hours, under one batch id', async () => {
    const { clock, intake, store, archiver, events } = setup();
    await intake.add(events(0, 2, '2026-11-30T09:59:59.900Z'));
    clock.now += 1;
    await intake.add(events(2, 1, '2026-11-30T10:00:00.100Z'));
    expect(await archiver('a').step({ force: true })).toMatchObject({ events: 3, objects: 2 });
    const keys = [...store.objects.keys()].sort();
    expect(keys[0]).toMatch(/^events\/v1\/2026\/11\/30\/09\//);
    expect(keys[1]).toMatch(/^events\/v1\/2026\/11\/30\/10\//);
    expect(keys[0]!.split('/').at(-1)).toBe(keys[1]!.split('/').at(-1));
  });

  it('a writer stopped between the put and the commit: its batch is re-put under the same keys, once', async () => {
    const { clock, intake, store, archiver, events } = setup();
    // The fault port: the put succeeds, then the writer dies before it can commit.
    const dying = {
      ...store,
      async putObject(key: string, body: unknown) {
        await store.putObject(key, body);
        throw new Error('killed after the write');
      },
    };
    await intake.add(events(0, 4));
    await expect(archiver('a', dying as typeof store).step({ force: true })).rejects.toThrow('killed');
    expect(intake.batch).not.toBeNull();
    const [firstKey] = store.objects.keys();

    await intake.add(events(4, 2)); // published meanwhile: not part of the crashed batch
    const b = archiver('b');
    expect(await b.step({ force: true })).toEqual({ kind: 'standby' }); // a's lock has not lapsed
    clock.now += SETTINGS.lockTtlMs;
    expect(await b.step()).toEqual({ kind: 'written', events: 4, objects: 1, recovered: true });
    expect(store.puts.get(firstKey!)).toBe(2);
    expect(await b.step({ force: true })).toMatchObject({ kind: 'written', events: 2, recovered: false });
    expect(store.eventIds()).toEqual(events(0, 6).map((e) => e.eventId));
    expect(intake.entries).toHaveLength(0);
  });

  it('a writer that lost its lock commits nothing', async () => {
    const { clock, intake, store, archiver, events } = setup();
    await intake.add(events(0, 2));
    const a = archiver('a');
    const b = archiver('b');
    let stolen = false;
    const slow = {
      ...store,
      async putObject(key: string, body: unknown) {
        if (!stolen) {
          stolen = true;
          clock.now += SETTINGS.lockTtlMs;
          expect(await b.step()).toMatchObject({ kind: 'written', recovered: true });
        }
        return store.putObject(key, body);
      },
    };
    const late = createArchiver({
      intake,
      store: slow as typeof store,
      settings: SETTINGS,
      log: quiet,
      now: () => clock.now,
      token: 'a',
    });
    expect(await a.step()).toEqual({ kind: 'idle' }); // a holds the lock
    expect(await late.step({ force: true })).toEqual({ kind: 'standby' });
    expect(store.eventIds()).toEqual(events(0, 2).map((e) => e.eventId));
  });

  it('stop() archives what waits, due or not, and lets go of the lock', async () => {
    const { intake, store, archiver, events } = setup();
    const a = archiver('a');
    await intake.add(events(0, 3));
    a.start();
    await a.stop();
    expect(store.eventIds()).toHaveLength(3);
    expect(intake.lock.token).toBeNull();
  });

  it('reads history back: archive hours in order, then the waiting events; bad lines are passed on', async () => {
    const { clock, intake, store, archiver, events } = setup();
    await intake.add(events(0, 2, '2026-11-30T08:30:00.000Z'));
    await archiver('a').step({ force: true });
    clock.now += 1;
    await intake.add(events(2, 2, '2026-11-30T10:30:00.000Z'));
    await archiver('a').step({ force: true });
    clock.now += 1;
    await intake.add(events(4, 1));
    const { gzipSync } = await import('node:zlib');
    store.objects.set('events/v1/2026/11/30/09/0000000000001-000000-ff.jsonl.gz', gzipSync('not json\n'));
    store.objects.set('events/v1/README.txt', gzipSync('{}'));
    const all: unknown[] = [];
    for await (const e of readEventHistory({ store, prefix: 'events/', intake })) all.push(e);
    expect(all.map((e) => (typeof e === 'string' ? e : (e as { eventId: string }).eventId))).toEqual([
      events(0, 1)[0]!.eventId,
      events(1, 1)[0]!.eventId,
      'not json',
      events(2, 1)[0]!.eventId,
      events(3, 1)[0]!.eventId,
      events(4, 1)[0]!.eventId,
    ]);
    const ranged: unknown[] = [];
    const range = {
      since: new Date('2026-11-30T09:00:00.000Z'),
      until: new Date('2026-11-30T10:00:00.000Z'),
    };
    for await (const e of readEventHistory({ store, prefix: 'events/', intake }, range)) ranged.push(e);
    expect(ranged).toEqual(['not json', expect.objectContaining({ eventId: events(4, 1)[0]!.eventId })]);
  });

  it('skips archive objects it did not write: a gzip bomb, an oversize object, bytes that are not gzip', async () => {
    const { gzipSync } = await import('node:zlib');
    const { store } = setup();
    const key = (n: number) => `events/v1/2026/11/30/10/000000000000${n}-000000-aa.jsonl.gz`;
    const event = exampleArticleEvent({ n: 1 });
    store.objects.set(key(1), gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20))); // 8 MiB of spaces, ~8 KB
    store.objects.set(key(2), new Uint8Array(20_000));
    store.objects.set(key(3), Buffer.from('plain text, not gzip'));
    store.objects.set(key(4), gzipSync(`${JSON.stringify(event)}\n`));
    const skipped: string[] = [];
    const read: unknown[] = [];
    const options = {
      maxObjectBytes: 16 * 1024,
      maxDecompressedBytes: 1024 * 1024,
      onSkipped: (k: string, why: string) => skipped.push(`${k.slice(-30)}: ${why.split(':')[0]}`),
    };
    for await (const e of readArchivedEvents(store, 'events/', options)) read.push(e);
    expect(read).toEqual([event]);
    expect(skipped).toHaveLength(3);
    expect(skipped[0]).toMatch(/not readable gzip/);
    expect(skipped[1]).toMatch(/20000 bytes, over 16384/);
    expect(skipped[2]).toMatch(/not readable gzip/);
  });

  it('reports what it archived and the backlog it sees; an archiver standing by reports none', async () => {
    const { clock, intake, store, events } = setup();
    const seen: string[] = [];
    const metrics = {
      eventsArchived: (n: number, objects: number) => seen.push(`archived ${n} in ${objects}`),
      archiveFailed: () => seen.push('failed'),
      archiveWaiting: (n: number, age: number) => seen.push(`waiting ${n}, ${age} s`),
    };
    const make = (token: string) =>
      createArchiver({ intake, store, settings: SETTINGS, log: quiet, now: () => clock.now, token, metrics });
    await intake.add(events(0, 3));
    clock.now += 2_000;
    await make('a').step();
    await make('b').step();
    clock.now += 3_000;
    await make('a').step();
    expect(seen).toEqual(['waiting 3, 2 s', 'waiting 0, 0 s', 'waiting 3, 5 s', 'archived 3 in 1']);
  });
});
