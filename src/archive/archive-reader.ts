// Reads published events back: the archive's objects in key order (hour, then intake order), then the
// events still waiting in the intake. What it yields is untrusted JSON (`unknown`): callers validate
// each with the event schema, and a line that is not JSON is yielded as its text so they count it.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { ObjectStore } from '../s3/object-store.js';
import { archiveRoot, hourPath, parseArchiveKey } from './archive-layout.js';
import type { ArchiveIntake } from './event-intake.js';

const gunzipAsync = promisify(gunzip);

export interface ArchiveReadOptions {
  /** Only hours that can hold events processed at or after this instant. */
  since?: Date;
  /** Only hours that can hold events processed before this instant. */
  until?: Date;
  /** Compressed bytes per object read at most (a larger object is skipped and reported). */
  maxObjectBytes?: number;
  /** Decompressed bytes per object at most. */
  maxDecompressedBytes?: number;
  onSkipped?: (key: string, why: string) => void;
}

/**
 * The archiver writes at most ARCHIVE_BATCH_BYTES plus one page of events per object (a few MiB, gzip
 * shrinks it 3-4x): anything far larger was not written by it, and is skipped rather than inflated.
 */
const DEFAULT_MAX_ARCHIVE_OBJECT_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_ARCHIVE_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

/** Events archived under `prefix`, hour by hour, in the order they were taken in. */
export async function* readArchivedEvents(
  store: Pick<ObjectStore, 'list' | 'getObject'>,
  prefix: string,
  options: ArchiveReadOptions = {},
): AsyncGenerator<unknown> {
  const root = archiveRoot(prefix);
  const firstHour = options.since ? hourPath(options.since) : null;
  const lastHour = options.until ? hourPath(new Date(options.until.getTime() - 1)) : null;
  // Keys sort by hour: start just before the first hour's folder, stop past the last one.
  const listing = store.list(root, firstHour ? { startAfter: `${root}${firstHour}` } : {});
  for await (const item of listing) {
    const parsed = parseArchiveKey(prefix, item.key);
    if (!parsed) continue;
    if (firstHour && parsed.hour < firstHour) continue;
    if (lastHour && parsed.hour > lastHour) return;
    const maxBytes = options.maxObjectBytes ?? DEFAULT_MAX_ARCHIVE_OBJECT_BYTES;
    if (item.size > maxBytes) {
      options.onSkipped?.(item.key, `${item.size} bytes, over ${maxBytes}`);
      continue;
    }
    const stored = await store.getObject({ key: item.key, etag: item.etag, maxBytes });
    let text: string;
    try {
      const inflated = await gunzipAsync(stored.bytes, {
        maxOutputLength: options.maxDecompressedBytes ?? DEFAULT_MAX_ARCHIVE_DECOMPRESSED_BYTES,
      });
      text = inflated.toString('utf8');
    } catch (error) {
      options.onSkipped?.(item.key, `not readable gzip: ${(error as Error).message}`);
      continue;
    }
    yield* parseLines(text);
  }
}

/** Events taken in but not archived yet, oldest first. */
async function* readWaitingEvents(intake: Pick<ArchiveIntake, 'read'>): AsyncGenerator<unknown> {
  let after: string | null = null;
  for (;;) {
    const page = await intake.read(after, 500);
    for (const entry of page) yield* parseLines(entry.json);
    if (page.length < 500) return;
    after = page.at(-1)!.id;
  }
}

/**
 * Every published event still held: the archive, then the intake. The waiting events are read first and
 * yielded last: a batch archived meanwhile is then in the listing or in that snapshot, never in neither.
 * An event can be in both (archived between the two reads): readers drop repeated event ids.
 */
export async function* readEventHistory(
  source: {
    store: Pick<ObjectStore, 'list' | 'getObject'>;
    prefix: string;
    intake: Pick<ArchiveIntake, 'read'>;
  },
  options: ArchiveReadOptions = {},
): AsyncGenerator<unknown> {
  const waiting: unknown[] = [];
  for await (const event of readWaitingEvents(source.intake)) waiting.push(event);
  yield* readArchivedEvents(source.store, source.prefix, options);
  yield* waiting;
}

function* parseLines(text: string): Generator<unknown> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    try {
      yield JSON.parse(line) as unknown;
    } catch {
      yield line;
    }
  }
}
