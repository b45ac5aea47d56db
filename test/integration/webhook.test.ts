// The notification webhook: MinIO and AWS payloads become ingest jobs; bad calls get a 4xx with a message.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';

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
    await new Promise((r) => setTimeout(r, 1000));
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

  it('counts delete events as ignored', async () => {
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
    expect(await response.json()).toMatchObject({ enqueued: 0, ignored: 1 });
    const metric = await svc.service.metrics.registry.getSingleMetricAsString(
      'news_ingest_notifications_ignored_total',
    );
    expect(metric).toContain('kind="delete"');
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
