// The notification webhook: MinIO and AWS payloads become ingest jobs; bad calls get a 4xx with a message.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitForDrained } from '../helpers/settle.js';
import { createTestSns } from '../helpers/sns.js';

const sample = readFileSync(
  new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url),
);

function minioPut(bucket: string, key: string) {
  const encoded = encodeURIComponent(key).replace(/%20/g, '+');
  return {
    EventName: 's3:ObjectCreated:Put',
    Key: `${bucket}/${key}`,
    Records: [
      {
        eventVersion: '2.0',
        eventSource: 'minio:s3',
        awsRegion: '',
        eventTime: new Date().toISOString(),
        eventName: 's3:ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encoded, size: sample.byteLength },
        },
      },
    ],
  };
}

describe('POST /v1/s3-events', () => {
  let svc: TestService;
  let url: string;
  const token = 'test-token-123';
  beforeAll(async () => {
    // Notifications from the embedded server are off: only the webhook can bring objects in.
    svc = await startTestService({ WEBHOOK_TOKEN: token, TRIGGERS: 'none' });
    url = `${svc.service.http!.url}/v1/s3-events`;
  });
  afterAll(async () => {
    await svc?.stop();
  });
  const post = (body: string, auth: string | null = `Bearer ${token}`) =>
    fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    });

  it('accepts a MinIO notification with a form-encoded key and ingests the object', async () => {
    const key = 'incoming/dir/with space+plus ü.txt';
    await svc.put(key, sample);
    const response = await post(JSON.stringify(minioPut(svc.config.s3.bucket, key)));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ enqueued: 1 });
    const [event] = await svc.waitForEvents(1);
    expect(event!.source.key).toBe(key);
  });

  it('creates no second job or event when the same notification arrives three times', async () => {
    const key = 'incoming/dir/with space+plus ü.txt';
    for (let i = 0; i < 3; i++)
      expect((await post(JSON.stringify(minioPut(svc.config.s3.bucket, key)))).status).toBe(202);
    // Each 202 came after its enqueue (TRIGGERS=none: nothing else enqueues); once the ingest queue is
    // drained, every job those deliveries made has run.
    await waitForDrained(svc.queue(svc.config.queues.ingest));
    expect(await svc.events()).toHaveLength(1);
  });

  it('answers MinIO liveness probes', async () => {
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    expect((await post('')).status).toBe(200);
  });

  it('acknowledges the S3 TestEvent', async () => {
    const response = await post(
      JSON.stringify({
        Service: 'Amazon S3',
        Event: 's3:TestEvent',
        Time: new Date().toISOString(),
        Bucket: 'b',
        RequestId: 'r',
        HostId: 'h',
      }),
    );
    expect(response.status).toBe(200);
  });

  it('rejects a call without the token (401) and malformed bodies (400) with a message', async () => {
    const unauthenticated = await post(
      JSON.stringify(minioPut(svc.config.s3.bucket, 'incoming/x.txt')),
      null,
    );
    expect(unauthenticated.status).toBe(401);
    expect(((await unauthenticated.json()) as { error: string }).error).toMatch(/token/);
    const wrong = await post('{}', 'Bearer nope');
    expect(wrong.status).toBe(401);
    const notJson = await post('{"Records": [');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: string }).error).toMatch(/JSON/);
    const wrongShape = await post(JSON.stringify({ hello: 'world' }));
    expect(wrongShape.status).toBe(400);
    expect(typeof ((await wrongShape.json()) as { error: unknown }).error).toBe('string');
    expect((await fetch(`${svc.service.http!.url}/healthz`)).status).toBe(200);
  });

  it('hands a delete over as a removal job (the worker checks for a takedown)', async () => {
    const body = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          eventTime: new Date().toISOString(),
          eventName: 'ObjectRemoved:Delete',
          s3: {
            bucket: { name: svc.config.s3.bucket },
            object: { key: 'incoming/gone.txt', sequencer: '0A1B' },
          },
        },
      ],
    };
    const response = await post(JSON.stringify(body));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ enqueued: 0, removals: 1, ignored: 0 });
    const jobs = await svc.queue(svc.config.queues.ingest).getJobs(['waiting', 'active', 'completed'], 0, -1);
    expect(jobs.filter((j) => j.name === 'removal').map((j) => j.data)).toContainEqual(
      expect.objectContaining({ key: 'incoming/gone.txt', reason: 'object-removed', trigger: 'webhook' }),
    );
  });

  it('skips and counts keys the key policy refuses, without a job or a ledger entry', async () => {
    const bucket = svc.config.s3.bucket;
    const keys = ['incoming/../../../x/y.txt', `incoming/${'a'.repeat(240)}.txt`, 'incoming/a\u0007.txt'];
    const body = { Records: keys.flatMap((key) => minioPut(bucket, key).Records) };
    const response = await post(JSON.stringify(body));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ enqueued: 0, rejected: 3 });
    const metric = await svc.service.metrics.registry.getSingleMetricAsString(
      'news_ingest_keys_rejected_total',
    );
    expect(metric).toContain('reason="dot-segment",trigger="webhook"} 1');
    expect(metric).toContain('reason="segment-too-long",trigger="webhook"} 1');
    expect(metric).toContain('reason="control-character",trigger="webhook"} 1');
    expect(await svc.queue(svc.config.queues.ingest).getJobCounts()).toMatchObject({ waiting: 0 });
  });
});

describe('POST /v1/s3-events from Amazon SNS (signature instead of bearer token)', () => {
  const sns = createTestSns('eu-west-1');
  const confirmed: Array<{ url: string; topic: string }> = [];
  let svc: TestService;
  let url: string;
  beforeAll(async () => {
    svc = await startTestService(
      {
        WEBHOOK_TOKEN: 'sns-test-token',
        TRIGGERS: 'none',
        SNS_TOPIC_ARNS: sns.topicArn,
        SNS_AUTO_CONFIRM: 'true',
      },
      undefined,
      {
        fetchSnsCertificate: sns.fetchCertificate,
        confirmSnsSubscription: async (subscribeUrl, topic) => {
          confirmed.push({ url: subscribeUrl, topic });
        },
      },
    );
    url = `${svc.service.http!.url}/v1/s3-events`;
  });
  afterAll(async () => {
    await svc?.stop();
  });
  // As SNS posts: text/plain, its message-type header, no Authorization.
  const deliver = (envelope: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      body: JSON.stringify(envelope),
      headers: {
        'content-type': 'text/plain; charset=UTF-8',
        'x-amz-sns-message-type': (envelope as { Type?: string }).Type ?? 'Notification',
        ...headers,
      },
    });
  const s3Put = (key: string) => ({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: svc.config.s3.bucket }, object: { key, size: sample.byteLength } },
      },
    ],
  });

  it('ingests the object named by a signed notification, without a bearer token', async () => {
    await svc.put('incoming/via-sns.txt', sample);
    const response = await deliver(sns.notification(s3Put('incoming/via-sns.txt'), { version: '2' }));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ enqueued: 1 });
    const [event] = await svc.waitForEvents(1);
    expect(event!.source.key).toBe('incoming/via-sns.txt');
    expect(sns.fetchCertificate.calls).toEqual([sns.certUrl]);
  });

  it('rejects unsigned (401), tampered or foreign-topic (403) SNS envelopes with a message', async () => {
    const { Signature: _s, ...unsigned } = sns.notification(s3Put('incoming/x.txt'));
    const noSignature = await deliver(unsigned);
    expect(noSignature.status).toBe(401);
    expect(((await noSignature.json()) as { error: string }).error).toMatch(/not signed/);
    // A valid bearer token does not stand in for the signature of an SNS envelope.
    const withToken = await fetch(url, {
      method: 'POST',
      body: JSON.stringify(unsigned),
      headers: { 'content-type': 'application/json', authorization: 'Bearer sns-test-token' },
    });
    expect(withToken.status).toBe(401);
    const signed = sns.notification(s3Put('incoming/x.txt'));
    const tampered = await deliver({ ...signed, Message: JSON.stringify(s3Put('incoming/other.txt')) });
    expect(tampered.status).toBe(403);
    expect(((await tampered.json()) as { error: string }).error).toMatch(/signature does not match/);
    const foreign = await deliver(
      sns.notification(s3Put('incoming/x.txt'), { topicArn: 'arn:aws:sns:eu-west-1:1:x' }),
    );
    expect(foreign.status).toBe(403);
    const wrongCertUrl = await deliver({ ...signed, SigningCertURL: 'https://attacker.example/cert.pem' });
    expect(wrongCertUrl.status).toBe(403);
    // The header alone does not open the door for a non-SNS body.
    expect((await deliver(s3Put('incoming/x.txt'))).status).toBe(401);
    const refused = await svc.service.metrics.registry.getSingleMetricAsString(
      'news_ingest_notifications_refused_total',
    );
    for (const reason of ['sns-unsigned', 'sns-bad-signature', 'sns-topic', 'sns-cert-url'])
      expect(refused).toContain(`reason="${reason}"`);
  });

  it('confirms a signed subscription for an allowed topic (SNS_AUTO_CONFIRM)', async () => {
    const envelope = sns.subscriptionConfirmation();
    const response = await deliver(envelope);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: 'subscription-confirmation', confirmed: true });
    expect(confirmed).toEqual([{ url: envelope.SubscribeURL, topic: sns.topicArn }]);
  });
});

describe('POST /v1/s3-events: SNS subscriptions without SNS_AUTO_CONFIRM', () => {
  const sns = createTestSns('us-east-1');
  const confirmed: string[] = [];
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ TRIGGERS: 'none' }, ['api'], {
      fetchSnsCertificate: sns.fetchCertificate,
      confirmSnsSubscription: async (subscribeUrl) => {
        confirmed.push(subscribeUrl);
      },
    });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('verifies but does not confirm (default off), and still rejects unsigned envelopes', async () => {
    const envelope = sns.subscriptionConfirmation();
    const response = await fetch(`${svc.service.http!.url}/v1/s3-events`, {
      method: 'POST',
      body: JSON.stringify(envelope),
      headers: { 'content-type': 'text/plain', 'x-amz-sns-message-type': 'SubscriptionConfirmation' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ confirmed: false });
    expect(confirmed).toEqual([]);
    const { Signature: _s, ...unsigned } = envelope;
    const rejected = await fetch(`${svc.service.http!.url}/v1/s3-events`, {
      method: 'POST',
      body: JSON.stringify(unsigned),
      headers: { 'content-type': 'application/json' },
    });
    expect(rejected.status).toBe(401);
  });
});

describe('PUT /v1/raw/{key}', () => {
  let svc: TestService;
  const token = 'upload-token';
  beforeAll(async () => {
    svc = await startTestService({ WEBHOOK_TOKEN: token, MAX_UPLOAD_BYTES: '100000' });
  });
  afterAll(async () => {
    await svc?.stop();
  });
  const put = (key: string, body: string | Uint8Array, auth = `Bearer ${token}`) =>
    fetch(`${svc.service.http!.url}/v1/raw/${key}`, {
      method: 'PUT',
      body,
      headers: { authorization: auth, 'content-type': 'text/plain' },
    });

  it('stores the body under the raw prefix and it becomes an event', async () => {
    const response = await put('api/lavrov%20via%20api.txt', sample);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      key: 'incoming/api/lavrov via api.txt',
      size: sample.byteLength,
    });
    const [event] = await svc.waitForEvents(1);
    expect(event!.source.key).toBe('incoming/api/lavrov via api.txt');
    expect(event!.source.contentType).toBe('text/plain');
  });

  it('rejects bad keys, oversize and unauthenticated uploads with a 4xx and a message', async () => {
    expect((await put('..%2Fb.txt', 'x')).status).toBe(400);
    expect((await put('a%2F..%2Fb.txt', 'x')).status).toBe(400);
    expect((await put('bad%01key.txt', 'x')).status).toBe(400);
    const tooBig = await put('big.txt', 'x'.repeat(100_001));
    expect(tooBig.status).toBe(413);
    expect((await put('ok.txt', 'x', 'Bearer wrong')).status).toBe(401);
    expect((await put('empty.txt', '')).status).toBe(400);
  });
});
