// The embedded server's records go through the one normaliser: keys as stored (not form-encoded), events
// classified as the webhook classifies them, the created versions handed to the enqueuer.
import { describe, expect, it } from 'vitest';
import type { ObjectRemoval } from '../../../src/queue/object-removal.js';
import type { ObjectVersion } from '../../../src/queue/object-version.js';
import { startEmbeddedTrigger } from '../../../src/trigger/embedded-trigger.js';
import type { ObjectEnqueuer } from '../../../src/trigger/object-enqueuer.js';
import { recordingMetrics } from '../../helpers/memory-ports.js';

function setup() {
  let listener: (raw: unknown) => void = () => {};
  const enqueued: ObjectVersion[] = [];
  const removed: ObjectRemoval[] = [];
  const enqueuer: ObjectEnqueuer = {
    enqueue: async (versions) => {
      enqueued.push(...versions);
      return { enqueued: versions.length, ignored: 0, rejected: 0, settled: 0 };
    },
    remove: async (removals) => {
      removed.push(...removals);
      return { enqueued: removals.length, ignored: 0, rejected: 0, settled: 0 };
    },
  };
  const metrics = recordingMetrics();
  const warnings: string[] = [];
  const server = {
    onNotification: (l: (raw: unknown) => void) => {
      listener = l;
    },
  };
  startEmbeddedTrigger(server, enqueuer, metrics, {
    warn: (_obj: object, msg?: string) => void warnings.push(msg ?? ''),
  } as never);
  const emit = (eventName: string, object: Record<string, unknown>) =>
    listener({
      Records: [
        { eventName, eventTime: '2026-11-30T08:00:00.000Z', s3: { bucket: { name: 'news-raw' }, object } },
      ],
    });
  return { emit, raw: (payload: unknown) => listener(payload), enqueued, removed, metrics, warnings };
}

describe('embedded trigger', () => {
  it('hands a created object over as an ObjectVersion, its key as stored', async () => {
    const t = setup();
    t.emit('ObjectCreated:Put', { key: 'incoming/a+b %2B.txt', eTag: '"abc"', size: 12, sequencer: '18C' });
    await Promise.resolve();
    expect(t.enqueued).toEqual([
      {
        bucket: 'news-raw',
        key: 'incoming/a+b %2B.txt',
        etag: 'abc',
        size: 12,
        eventTime: '2026-11-30T08:00:00.000Z',
        sequencer: '18C',
        trigger: 'embedded',
      },
    ]);
  });

  it('hands a delete over as a removal, and counts what it ignores by kind', async () => {
    const t = setup();
    t.emit('ObjectRemoved:Delete', { key: 'incoming/a+b.txt', sequencer: '18D' });
    t.emit('ObjectCreated:PutTagging', { key: 'incoming/a.txt' });
    await Promise.resolve();
    expect(t.enqueued).toEqual([]);
    expect(t.removed).toEqual([
      {
        bucket: 'news-raw',
        key: 'incoming/a+b.txt',
        sequencer: '18D',
        eventTime: '2026-11-30T08:00:00.000Z',
        reason: 'object-removed',
        trigger: 'embedded',
      },
    ]);
    expect(t.metrics.counts.get('notificationIgnored:delete')).toBeUndefined();
    expect(t.metrics.counts.get('notificationIgnored:tagging')).toBe(1);
  });

  it('logs a record it cannot read instead of throwing', () => {
    const t = setup();
    expect(() => t.raw({ Records: [{ eventName: 'ObjectCreated:Put' }] })).not.toThrow();
    expect(t.warnings).toEqual(['unreadable embedded S3 event']);
  });
});
