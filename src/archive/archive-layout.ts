// Pure rules of the event archive: where a batch goes (one gzip JSON Lines object per hour of
// processedAt it covers), when a batch is due, and how archive keys sort. No I/O.
//
//   <ARCHIVE_PREFIX>v1/YYYY/MM/DD/HH/<batchId>.jsonl.gz     batchId = <ms>-<seq>-<nonce>
//
// <ms>-<seq> is the intake stream id of the batch's first event (zero-padded so keys sort in intake
// order within an hour); <nonce> is drawn when the batch is recorded, so a recovered batch keeps it.

/** An event waiting in the intake stream. */
export interface PendingEvent {
  /** Stream entry id ("<ms>-<seq>"). */
  id: string;
  /** The event's processedAt (ISO 8601): decides the hour it is filed under. */
  at: string;
  /** The event as published, JSON. */
  json: string;
}

/** One object of a batch: the events of one hour. */
export interface ArchiveObject {
  key: string;
  events: number;
  /** JSON Lines, one event per line, in intake order. */
  body: string;
}

const ARCHIVE_LAYOUT_VERSION = 'v1';

/** Stream ids are "<ms>-<seq>"; a malformed one reads as 0 so it sorts (and ages) first. */
export function streamIdParts(id: string): { ms: number; seq: number } {
  const [ms, seq] = id.split('-');
  const m = Number(ms);
  const s = Number(seq);
  return { ms: Number.isSafeInteger(m) ? m : 0, seq: Number.isSafeInteger(s) ? s : 0 };
}

/** The smallest stream id greater than `id`: XTRIM MINID with it removes `id` and everything before. */
export function nextStreamId(id: string): string {
  const { ms, seq } = streamIdParts(id);
  return `${ms}-${seq + 1}`;
}

export function batchIdFor(firstStreamId: string, nonce: string): string {
  const { ms, seq } = streamIdParts(firstStreamId);
  return `${String(ms).padStart(13, '0')}-${String(seq).padStart(6, '0')}-${nonce}`;
}

/** "YYYY/MM/DD/HH" (UTC) of an instant. */
export function hourPath(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}`;
}

export function archiveRoot(prefix: string): string {
  return `${prefix}${ARCHIVE_LAYOUT_VERSION}/`;
}

export function archiveObjectKey(prefix: string, hour: string, batchId: string): string {
  return `${archiveRoot(prefix)}${hour}/${batchId}.jsonl.gz`;
}

const KEY_TAIL = /^(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/(\d{13}-\d{6,}-[0-9a-f]+)\.jsonl\.gz$/;

/** The hour and batch of an archive key; null for anything else found under the prefix. */
export function parseArchiveKey(prefix: string, key: string): { hour: string; batchId: string } | null {
  const root = archiveRoot(prefix);
  if (!key.startsWith(root)) return null;
  const m = KEY_TAIL.exec(key.slice(root.length));
  if (!m) return null;
  return { hour: `${m[1]}/${m[2]}/${m[3]}/${m[4]}`, batchId: m[5]! };
}

/**
 * The objects of one batch, one per hour its events were processed in, each in intake order. The same
 * entries and batch id always give the same keys and bodies: re-writing a recovered batch replaces
 * what a crashed archiver may have written, it never adds a second copy.
 */
export function archiveObjectsFor(prefix: string, batchId: string, entries: PendingEvent[]): ArchiveObject[] {
  const byHour = new Map<string, string[]>();
  for (const entry of entries) {
    const parsed = Date.parse(entry.at);
    const at = new Date(Number.isNaN(parsed) ? streamIdParts(entry.id).ms : parsed);
    const hour = hourPath(at);
    let lines = byHour.get(hour);
    if (!lines) {
      lines = [];
      byHour.set(hour, lines);
    }
    lines.push(entry.json);
  }
  return [...byHour.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([hour, lines]) => ({
      key: archiveObjectKey(prefix, hour, batchId),
      events: lines.length,
      body: `${lines.join('\n')}\n`,
    }));
}

export interface BatchLimits {
  /** A batch is written once this many events wait (ARCHIVE_BATCH_EVENTS). */
  maxEvents: number;
  /** ... or once the oldest waiting event is this old (ARCHIVE_BATCH_AGE). */
  maxAgeMs: number;
  /** A batch stops growing past this many bytes of JSON (bounds the archiver's memory). */
  maxBytes: number;
}

/** Whether the events waiting make a batch now. */
export function batchDue(
  waiting: { length: number; oldestId: string | null },
  nowMs: number,
  limits: BatchLimits,
): boolean {
  if (waiting.length === 0 || waiting.oldestId === null) return false;
  if (waiting.length >= limits.maxEvents) return true;
  return nowMs - streamIdParts(waiting.oldestId).ms >= limits.maxAgeMs;
}

/** Whether a batch of `events` events and `bytes` bytes of JSON takes no more. */
export function batchFull(
  events: number,
  bytes: number,
  limits: Pick<BatchLimits, 'maxEvents' | 'maxBytes'>,
): boolean {
  return events >= limits.maxEvents || (events > 0 && bytes >= limits.maxBytes);
}
