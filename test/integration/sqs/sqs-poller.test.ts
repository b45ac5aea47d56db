// The poller against the real @aws-sdk/client-sqs, talking AWS JSON 1.0 over loopback HTTP to an
// in-test SQS server (see sqs-protocol-server.ts for why not an emulator).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectRemoval } from '../../../src/queue/object-removal.js';
import type { ObjectVersion } from '../../../src/queue/object-version.js';
import type { IgnoredKind } from '../../../src/trigger/notification-types.js';
import { type SqsPoller, type SqsPollerOptions, startSqsPoller } from '../../../src/trigger/sqs-poller.js';
import { type SqsProtocolServer, startSqsProtocolServer } from './sqs-protocol-server.js';

const QUEUE = 'news-raw-events';
const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../fixtures/s3-events', `${name}.json`), 'utf8');

interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
}

let server: SqsProtocolServer;
let client: SQSClient;
let poller: SqsPoller | undefined;
let logs: LogLine[];

const log = {
  info: (obj: object, msg?: string) => logs.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
  warn: (obj: object, msg?: string) => logs.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  error: (obj: object, msg?: string) =>
    logs.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
};

beforeEach(async () => {
  logs = [];
  server = await startSqsProtocolServer();
  client = new SQSClient({
    region: 'eu-west-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1, // the poller's own backoff is under test, not the SDK's retries
  });
});

afterEach(async () => {
  await poller?.stop();
  poller = undefined;
  client.destroy();
  await server.close();
});

function start(overrides: Partial<SqsPollerOptions> & Pick<SqsPollerOptions, 'enqueue'>): SqsPoller {
  poller = startSqsPoller({
    client,
    queueUrl: server.queueUrl(QUEUE),
    log,
    waitTimeSeconds: 1,
    backoff: { baseMs: 20, maxMs: 100 },
    ...overrides,
  });
  return poller;
}

async function send(body: string): Promise<string> {
  const out = await client.send(
    new SendMessageCommand({ QueueUrl: server.queueUrl(QUEUE), MessageBody: body }),
  );
  return out.MessageId ?? '';
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const deleteCalls = () => server.calls.filter((c) => c.operation === 'DeleteMessageBatch');
const receiveCalls = () => server.calls.filter((c) => c.operation === 'ReceiveMessage');

describe('startSqsPoller', () => {
  it('enqueues objects from S3, SNS-wrapped, EventBridge and MinIO bodies, then deletes the messages', async () => {
    for (const name of [
      'aws-put',
      'sns-notification',
      'eventbridge-object-created-versioned',
      'minio-put-encoded-key',
    ]) {
      await send(fixture(name));
    }
    const enqueued: ObjectVersion[][] = [];
    start({
      enqueue: async (objects) => {
        enqueued.push(objects);
      },
      maxMessages: 10,
      visibilityTimeoutSeconds: 45,
    });

    await waitFor(() => server.messages(QUEUE).length === 0);
    const keys = enqueued.flat().map((o) => `${o.bucket}/${o.key}`);
    expect(keys.sort()).toEqual([
      'news-raw-prod/raw/2026/11/29/Top Stories+World 100%.txt',
      'news-raw-prod/raw/2026/11/29/ap-wire-0001.txt',
      'news-raw-prod/raw/2026/11/29/ap-wire-0001.txt',
      'news-raw/feeds/reuters/Top Stories+World.txt',
    ]);
    expect(deleteCalls().every((c) => c.status === 200)).toBe(true);
    expect(receiveCalls()[0]?.input).toMatchObject({
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      VisibilityTimeout: 45,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
    });
    expect(logs.filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('deletes test, ignored-only and unreadable messages, hands removals over, reports ignored kinds', async () => {
    await send(fixture('aws-test-event'));
    await send(fixture('aws-ignored-kinds'));
    await send(fixture('eventbridge-object-deleted'));
    const badId = await send(fixture('malformed-not-json'));
    const ignored: IgnoredKind[] = [];
    const created: ObjectVersion[] = [];
    const removed: ObjectRemoval[] = [];
    start({
      enqueue: async (objects, removals) => {
        created.push(...objects);
        removed.push(...removals);
      },
      onIgnored: (kind) => ignored.push(kind),
    });

    await waitFor(() => server.messages(QUEUE).length === 0);
    expect(created).toEqual([]);
    expect(removed.map((r) => r.reason).sort()).toEqual(['delete-marker', 'delete-marker']);
    expect(ignored.sort()).toEqual(
      ['acl', 'lifecycle', 'lifecycle', 'other', 'replication', 'restore', 'tagging'].sort(),
    );
    const dropped = logs.filter((l) => l.msg === 'dropping unreadable SQS message');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.obj).toMatchObject({ messageId: badId, reason: 'body is not valid JSON' });
  });

  it('drops and counts a message with more records than MAX_RECORDS_PER_NOTIFICATION, enqueueing none', async () => {
    const record = JSON.parse(fixture('aws-put')).Records[0];
    const bigId = await send(JSON.stringify({ Records: Array.from({ length: 6 }, () => record) }));
    await send(JSON.stringify({ Records: Array.from({ length: 5 }, () => record) }));
    const enqueued: ObjectVersion[][] = [];
    const refused: string[] = [];
    start({
      enqueue: async (objects) => {
        enqueued.push(objects);
      },
      onRefused: (reason) => refused.push(reason),
      maxRecords: 5,
    });

    await waitFor(() => server.messages(QUEUE).length === 0);
    expect(enqueued.map((batch) => batch.length)).toEqual([5]);
    expect(refused).toEqual(['too-many-records']);
    const dropped = logs.filter((l) => l.msg?.includes('MAX_RECORDS_PER_NOTIFICATION'));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.obj).toMatchObject({ messageId: bigId, records: 6, limit: 5 });
  });

  it('leaves a message whose enqueue failed for redelivery, and deletes it once enqueue succeeds', async () => {
    await send(fixture('aws-put'));
    const attemptedAt: number[] = [];
    start({
      enqueue: async () => {
        attemptedAt.push(Date.now());
        if (attemptedAt.length === 1) throw new Error('redis down');
      },
      visibilityTimeoutSeconds: 1,
    });

    await waitFor(() => server.messages(QUEUE).length === 0, 5000);
    // Redelivered (not deleted after the failed enqueue): the one delete came after the second attempt.
    expect(attemptedAt).toHaveLength(2);
    expect(deleteCalls()).toHaveLength(1);
    expect(deleteCalls()[0]!.at).toBeGreaterThanOrEqual(attemptedAt[1]!);
    expect(logs.find((l) => l.level === 'warn')?.obj).toMatchObject({ receiveCount: '1' });
  });

  it('deletes a message only after enqueue resolved', async () => {
    await send(fixture('aws-put'));
    const gate = deferred();
    let called = false;
    start({
      enqueue: async () => {
        called = true;
        await gate.promise;
      },
    });

    await waitFor(() => called);
    expect(deleteCalls()).toHaveLength(0);
    expect(server.messages(QUEUE)).toHaveLength(1);

    const releasedAt = Date.now();
    gate.resolve();
    await waitFor(() => server.messages(QUEUE).length === 0);
    expect(deleteCalls()).toHaveLength(1);
    // No sleep needed: the one delete the server saw was answered after enqueue was released.
    expect(deleteCalls()[0]!.at).toBeGreaterThanOrEqual(releasedAt);
  });

  it('stop() cancels an open long poll promptly', async () => {
    const p = start({ enqueue: async () => {}, waitTimeSeconds: 20 });
    await waitFor(() => server.openPolls() === 1);
    const started = Date.now();
    await p.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    await waitFor(() => server.openPolls() === 0);
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('stop() waits for in-flight work and still deletes what was enqueued', async () => {
    await send(fixture('aws-put'));
    const gate = deferred();
    let called = false;
    const p = start({
      enqueue: async () => {
        called = true;
        await gate.promise;
      },
    });
    await waitFor(() => called);

    let stoppedAt = 0;
    const stopping = p.stop().then(() => {
      stoppedAt = Date.now();
    });
    const releasedAt = Date.now();
    gate.resolve();
    await stopping;
    // stop() resolved only once the in-flight enqueue was released.
    expect(stoppedAt).toBeGreaterThanOrEqual(releasedAt);
    expect(server.messages(QUEUE)).toHaveLength(0);
    const receivesAfterStop = receiveCalls().length;
    await new Promise((r) => setTimeout(r, 100));
    expect(receiveCalls()).toHaveLength(receivesAfterStop);
  });

  it('backs off with jitter when ReceiveMessage fails, then recovers', async () => {
    await send(fixture('aws-put'));
    server.failNext('ReceiveMessage', 3);
    const enqueued: ObjectVersion[] = [];
    start({
      enqueue: async (objects) => {
        enqueued.push(...objects);
      },
      backoff: { baseMs: 40, maxMs: 1000 },
    });

    await waitFor(() => server.messages(QUEUE).length === 0);
    expect(enqueued).toHaveLength(1);
    const errors = logs.filter((l) => l.level === 'error');
    expect(errors.map((e) => e.obj.consecutiveFailures)).toEqual([1, 2, 3]);
    // Equal jitter: each delay is within [cap/2, cap] for cap = 40, 80, 160 ms.
    const delays = errors.map((e) => Number(e.obj.delayMs));
    [40, 80, 160].forEach((cap, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(cap / 2);
      expect(delays[i]).toBeLessThanOrEqual(cap);
    });
    const times = receiveCalls().map((c) => c.at);
    for (let i = 1; i < 4; i++) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual((delays[i - 1] ?? 0) - 5);
    }
  });

  it('backs off when every enqueue in a batch fails', async () => {
    await send(fixture('aws-put'));
    const attempts: number[] = [];
    start({
      enqueue: async () => {
        attempts.push(Date.now());
        throw new Error('redis down');
      },
      visibilityTimeoutSeconds: 0,
      backoff: { baseMs: 200, maxMs: 200 },
    });
    await waitFor(() => attempts.length >= 4);
    // With visibility 0 the message is visible again at once; only the backoff (100–200 ms) paces us.
    for (let i = 1; i < 4; i++) expect(attempts[i]! - attempts[i - 1]!).toBeGreaterThanOrEqual(95);
  });
});
