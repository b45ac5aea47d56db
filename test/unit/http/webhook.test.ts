// The webhook handler as a function of (body, headers), against in-memory ports: every answer it can
// give, without an HTTP server. The route's middleware (bearer token, body limit, cross-site) is covered
// over HTTP in test/integration/webhook.test.ts and test/hostile/http.test.ts.
import { describe, expect, it } from 'vitest';
import type { SnsVerdict, SnsVerifier } from '../../../src/http/sns-signature.js';
import { createWebhookHandler, type WebhookDeps } from '../../../src/http/webhook.js';
import type { ObjectRemoval } from '../../../src/queue/object-removal.js';
import type { ObjectVersion } from '../../../src/queue/object-version.js';
import type { ObjectEnqueuer } from '../../../src/trigger/object-enqueuer.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:news-raw-events';
const JSON_TYPE = { 'content-type': 'application/json' };
const SNS_HEADERS = { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' };

function s3Put(...keys: string[]) {
  return {
    Records: keys.map((key) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventTime: '2026-01-01T00:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: 'news-raw' }, object: { key: encodeURIComponent(key), size: 10, eTag: '"e1"' } },
    })),
  };
}

const s3Delete = (key: string) => ({
  Records: [{ eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: 'news-raw' }, object: { key } } }],
});

const snsEnvelope = (type: string, fields: Record<string, string>) => ({
  Type: type,
  MessageId: 'm-1',
  TopicArn: TOPIC,
  Timestamp: '2026-01-01T00:00:00.000Z',
  SignatureVersion: '2',
  Signature: 'c2ln',
  SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/cert.pem',
  ...fields,
});

interface Harness {
  handle: ReturnType<typeof createWebhookHandler>;
  enqueued: Array<{ objects: ObjectVersion[]; trigger: string | undefined }>;
  removed: ObjectRemoval[];
  verified: unknown[];
  confirmed: Array<{ url: string; topic: string }>;
  refused: string[];
  ignored: string[];
  logged: Array<{ level: string; msg: string | undefined }>;
}

function harness(
  options: { verdict?: SnsVerdict; autoConfirm?: boolean; confirmFails?: boolean; maxRecords?: number } = {},
): Harness {
  const h: Omit<Harness, 'handle'> = {
    enqueued: [],
    removed: [],
    verified: [],
    confirmed: [],
    refused: [],
    ignored: [],
    logged: [],
  };
  const enqueuer: ObjectEnqueuer = {
    async enqueue(objects) {
      h.enqueued.push({ objects, trigger: objects[0]?.trigger });
      return { enqueued: objects.length, ignored: 0, rejected: 0, settled: 0 };
    },
    async remove(removals) {
      h.removed.push(...removals);
      return { enqueued: removals.length, ignored: 0, rejected: 0, settled: 0 };
    },
  };
  const verifier: SnsVerifier = {
    async verify(payload) {
      h.verified.push(payload);
      return options.verdict ?? { ok: true, type: 'Notification', topicArn: TOPIC };
    },
  };
  const record = (level: string) => (_obj: object, msg?: string) => void h.logged.push({ level, msg });
  const deps: WebhookDeps = {
    log: { info: record('info'), warn: record('warn'), error: record('error') },
    metrics: {
      notificationRefused: (reason) => void h.refused.push(reason),
      notificationIgnored: (kind) => void h.ignored.push(kind),
    },
    enqueuer,
    maxRecordsPerNotification: options.maxRecords,
    sns: {
      verifier,
      autoConfirm: options.autoConfirm ?? false,
      confirm: async (url, topic) => {
        if (options.confirmFails) throw new Error('SNS answered 500');
        h.confirmed.push({ url, topic });
      },
    },
  };
  return { ...h, handle: createWebhookHandler(deps) };
}

describe('webhook handler', () => {
  it('enqueues each created object once, for the webhook trigger, and answers 202 with the counts', async () => {
    const h = harness();
    const answer = await h.handle(JSON.stringify(s3Put('incoming/a b.txt', 'incoming/c.txt')), JSON_TYPE);
    expect(answer).toEqual({
      status: 202,
      body: { status: 'accepted', enqueued: 2, ignored: 0, rejected: 0 },
    });
    expect(h.enqueued).toHaveLength(1);
    expect(h.enqueued[0]!.trigger).toBe('webhook');
    expect(h.enqueued[0]!.objects.map((o) => [o.bucket, o.key, o.etag])).toEqual([
      ['news-raw', 'incoming/a b.txt', 'e1'],
      ['news-raw', 'incoming/c.txt', 'e1'],
    ]);
    expect(h.verified).toEqual([]);
  });

  it('hands a removed key over as a removal, for the worker to check for a takedown', async () => {
    const h = harness();
    const answer = await h.handle(JSON.stringify(s3Delete('incoming/a.txt')), JSON_TYPE);
    expect(answer).toEqual({
      status: 202,
      body: { status: 'accepted', enqueued: 0, removals: 1, ignored: 0, rejected: 0 },
    });
    expect(h.removed).toMatchObject([
      { key: 'incoming/a.txt', reason: 'object-removed', trigger: 'webhook' },
    ]);
    expect(h.ignored).toEqual([]);
  });

  it("answers MinIO's body-less liveness probe and S3's TestEvent with 200, enqueuing nothing", async () => {
    const h = harness();
    expect(await h.handle('', {})).toEqual({ status: 200, body: { status: 'ok', kind: 'probe' } });
    expect(await h.handle('  \n', JSON_TYPE)).toEqual({ status: 200, body: { status: 'ok', kind: 'probe' } });
    const test = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'news-raw' });
    expect(await h.handle(test, JSON_TYPE)).toEqual({ status: 200, body: { status: 'ok', kind: 'test' } });
    expect(h.enqueued).toEqual([]);
  });

  it('refuses a body that is not JSON-typed with 415 (what a cross-site form can send)', async () => {
    const h = harness();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const answer = await h.handle(JSON.stringify(s3Put('incoming/a.txt')), { 'content-type': type });
      expect(answer.status).toBe(415);
      expect(answer.body.error).toMatch(/content-type must be application\/json/);
    }
    expect(h.enqueued).toEqual([]);
  });

  it('refuses malformed JSON and unrecognised notifications with 400 and a message', async () => {
    const h = harness();
    const notJson = await h.handle('{"Records": [', JSON_TYPE);
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/^body is not JSON/);
    const unknownShape = await h.handle(JSON.stringify({ hello: 'world' }), JSON_TYPE);
    expect(unknownShape.status).toBe(400);
    expect(unknownShape.body.error).toMatch(/unrecognised notification/);
    expect(h.enqueued).toEqual([]);
  });

  it('refuses more records than MAX_RECORDS_PER_NOTIFICATION with 413, counted, enqueuing none', async () => {
    const h = harness({ maxRecords: 2 });
    const answer = await h.handle(JSON.stringify(s3Put('incoming/1', 'incoming/2', 'incoming/3')), JSON_TYPE);
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatch(/3 records, limit 2/);
    expect(h.refused).toEqual(['too-many-records']);
    expect(h.enqueued).toEqual([]);
  });

  it('enqueues the objects of a verified SNS notification', async () => {
    const h = harness();
    const envelope = snsEnvelope('Notification', { Message: JSON.stringify(s3Put('incoming/sns.txt')) });
    const answer = await h.handle(JSON.stringify(envelope), SNS_HEADERS);
    expect(answer.status).toBe(202);
    expect(h.verified).toEqual([envelope]);
    expect(h.enqueued[0]!.objects.map((o) => o.key)).toEqual(['incoming/sns.txt']);
  });

  it("answers an SNS delivery the verifier refuses with the verifier's status, counted, enqueuing none", async () => {
    const verdict: SnsVerdict = {
      ok: false,
      status: 403,
      reason: 'sns-bad-signature',
      error: 'bad signature',
    };
    const h = harness({ verdict });
    const envelope = snsEnvelope('Notification', { Message: JSON.stringify(s3Put('incoming/x.txt')) });
    expect(await h.handle(JSON.stringify(envelope), SNS_HEADERS)).toEqual({
      status: 403,
      body: { error: 'bad signature' },
    });
    // An SNS envelope must be signed even when it comes without the SNS header (with a bearer token).
    expect((await h.handle(JSON.stringify(envelope), JSON_TYPE)).status).toBe(403);
    // The SNS header alone sends any body to the verifier.
    expect((await h.handle(JSON.stringify(s3Put('incoming/x.txt')), SNS_HEADERS)).status).toBe(403);
    expect(h.verified).toHaveLength(3);
    expect(h.refused).toEqual(['sns-bad-signature', 'sns-bad-signature', 'sns-bad-signature']);
    expect(h.enqueued).toEqual([]);
  });

  it('does not treat an empty SNS delivery as a probe', async () => {
    const h = harness();
    const answer = await h.handle('', SNS_HEADERS);
    expect(answer.status).toBe(400);
    expect(h.enqueued).toEqual([]);
  });

  describe('SNS subscription confirmations', () => {
    const subscribeUrl = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=t`;
    const envelope = snsEnvelope('SubscriptionConfirmation', { SubscribeURL: subscribeUrl, Token: 't' });
    const headers = { ...SNS_HEADERS, 'x-amz-sns-message-type': 'SubscriptionConfirmation' };
    const verdict: SnsVerdict = { ok: true, type: 'SubscriptionConfirmation', topicArn: TOPIC, subscribeUrl };

    it('are logged, not opened, without SNS_AUTO_CONFIRM', async () => {
      const h = harness({ verdict, autoConfirm: false });
      expect(await h.handle(JSON.stringify(envelope), headers)).toEqual({
        status: 200,
        body: { status: 'ok', kind: 'subscription-confirmation', confirmed: false },
      });
      expect(h.confirmed).toEqual([]);
      expect(h.logged).toEqual([{ level: 'warn', msg: expect.stringMatching(/needs confirming/) }]);
    });

    it('are opened for the verified topic with SNS_AUTO_CONFIRM', async () => {
      const h = harness({ verdict, autoConfirm: true });
      expect(await h.handle(JSON.stringify(envelope), headers)).toEqual({
        status: 200,
        body: { status: 'ok', kind: 'subscription-confirmation', confirmed: true },
      });
      expect(h.confirmed).toEqual([{ url: subscribeUrl, topic: TOPIC }]);
    });

    it('answer 502 when opening the SubscribeURL fails', async () => {
      const h = harness({ verdict, autoConfirm: true, confirmFails: true });
      const answer = await h.handle(JSON.stringify(envelope), headers);
      expect(answer.status).toBe(502);
      expect(answer.body.error).toMatch(/could not confirm the subscription: SNS answered 500/);
      expect(h.logged.map((l) => l.level)).toEqual(['error']);
    });
  });
});
