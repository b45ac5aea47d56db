// Every notification delivered three times, versions out of order: one outcome per object version,
// and only the latest version of each key becomes an event.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripQuotes } from '../../src/queue/object-version.js';
import { syntheticArticle } from '../helpers/articles.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitForDrained } from '../helpers/settle.js';

const KEYS = 20;

function awsRecord(bucket: string, key: string, etag: string, sequencer: string) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: new Date().toISOString(),
    eventName: 'ObjectCreated:Put',
    s3: {
      s3SchemaVersion: '1.0',
      bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/'),
        size: 1,
        eTag: etag,
        sequencer,
      },
    },
  };
}

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe('duplicated and reordered notifications', () => {
  let svc: TestService;
  const token = 'storm';
  beforeAll(async () => {
    svc = await startTestService({ WEBHOOK_TOKEN: token, TRIGGERS: 'none' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('yields one event per key, for its latest version', { timeout: 120_000 }, async () => {
    const bucket = svc.config.s3.bucket;
    const latest = new Map<string, string>();
    const notifications: string[] = [];
    for (let k = 0; k < KEYS; k++) {
      const key = `incoming/storm/key ${k}+.txt`;
      const versions: Array<{ etag: string; sequencer: string }> = [];
      for (let v = 0; v < 2; v++) {
        const out = await svc.s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: syntheticArticle(30_000 + k * 10 + v) }),
        );
        versions.push({
          etag: stripQuotes(out.ETag ?? ''),
          sequencer: (0x5f00000 + k * 16 + v).toString(16).toUpperCase(),
        });
      }
      latest.set(key, versions[1]!.etag);
      for (const version of versions) {
        for (let copy = 0; copy < 3; copy++) {
          notifications.push(
            JSON.stringify({ Records: [awsRecord(bucket, key, version.etag, version.sequencer)] }),
          );
        }
      }
    }
    // Deliver all six notifications per key in random order, several at a time.
    const url = `${svc.service.http!.url}/v1/s3-events`;
    const statuses = await Promise.all(
      shuffle(notifications).map((body) =>
        fetch(url, {
          method: 'POST',
          body,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        }).then((r) => r.status),
      ),
    );
    expect(statuses.every((s) => s === 202)).toBe(true);
    const ingest = svc.queue(svc.config.queues.ingest);
    // Two versions per key, each at most one job whatever the number of deliveries.
    expect(
      await ingest.getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed'),
    ).toBeLessThanOrEqual(2 * KEYS);
    await svc.waitForEvents(KEYS, 60_000);
    // Every delivery was enqueued before its 202 (TRIGGERS=none: nothing else enqueues): once the
    // ingest queue is drained, no further event can come.
    await waitForDrained(ingest);
    const events = await svc.events();
    expect(events).toHaveLength(KEYS);
    for (const event of events) expect(event.source.etag).toBe(latest.get(event.source.key));
    expect(new Set(events.map((e) => e.source.key)).size).toBe(KEYS);
  });
});
