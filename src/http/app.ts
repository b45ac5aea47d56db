// The HTTP surface: health, readiness, metrics, the bucket-notification webhook and raw uploads.
// Handlers talk to ports only; the server itself is started in http/server.ts.
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { PipelineMetrics } from '../observability/metrics.js';
import type { ObjectStore } from '../s3/object-store.js';
import { isSnsEnvelope, normaliseNotification } from '../trigger/normalise-notification.js';
import type { ObjectEnqueuer } from '../trigger/object-enqueuer.js';
import { toObjectToIngest } from '../trigger/object-to-ingest.js';
import { basicAuthMatches, bearerTokenMatches } from './auth.js';
import { rawKeyProblem } from './raw-key.js';
import type { SubscriptionConfirmer } from './sns-fetch.js';
import type { SnsVerifier } from './sns-signature.js';

export interface HttpAppDeps {
  log: Logger;
  metrics: PipelineMetrics & { registry: Registry };
  /** Readiness checks by name (redis, s3); each resolves when its dependency answers. */
  readiness: Record<string, () => Promise<void>>;
  /** Refreshes gauges (queue depths) before a scrape. */
  beforeScrape?: () => Promise<void>;
  enqueuer?: ObjectEnqueuer;
  store?: ObjectStore;
  rawPrefix: string;
  webhookToken: string | undefined;
  maxUploadBytes: number;
  /** MAX_RECORDS_PER_NOTIFICATION: a webhook body with more S3 records is refused with 413. */
  maxRecordsPerNotification?: number;
  admin?: { user: string; password: string | undefined; mount: (app: Hono) => void };
  /** SNS deliveries authenticate by signature; confirmations are opened only when autoConfirm. */
  sns: { verifier: SnsVerifier; autoConfirm: boolean; confirm: SubscriptionConfirmer };
}

const MAX_NOTIFICATION_BYTES = 1024 * 1024;

export function createHttpApp(deps: HttpAppDeps): Hono {
  const app = new Hono();
  const { log, metrics } = deps;

  app.onError((error, c) => {
    log.error({ err: error, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal error' }, 500);
  });
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
    const checks: Record<string, string> = {};
    let ready = true;
    await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2000);
          checks[name] = 'ok';
        } catch (error) {
          ready = false;
          checks[name] = (error as Error).message;
        }
      }),
    );
    return c.json({ status: ready ? 'ready' : 'not ready', checks }, ready ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    try {
      await deps.beforeScrape?.();
    } catch (error) {
      log.warn({ err: error }, 'could not refresh queue gauges');
    }
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });

  if (deps.enqueuer) {
    const enqueuer = deps.enqueuer;
    // MinIO checks a webhook target with a body-less request; answer it like a healthy endpoint.
    app.on(['HEAD', 'GET'], '/v1/s3-events', (c) => c.body(null, 200));
    app.post('/v1/s3-events', async (c) => {
      // SNS cannot send a bearer token: its deliveries (marked by this header) authenticate by
      // signature instead, and any SNS envelope must be signed whatever token comes with it.
      const fromSns = c.req.header('x-amz-sns-message-type') !== undefined;
      if (!fromSns && !bearerTokenMatches(c.req.header('authorization'), deps.webhookToken)) {
        return c.json({ error: 'missing or wrong bearer token' }, 401);
      }
      const text = await readBodyText(c.req.raw, MAX_NOTIFICATION_BYTES);
      if (text === null)
        return c.json({ error: `notification larger than ${MAX_NOTIFICATION_BYTES} bytes` }, 413);
      // MinIO's liveness check of a webhook target carries no body.
      if (!fromSns && text.trim() === '') return c.json({ status: 'ok', kind: 'probe' });
      let payload: unknown = null;
      try {
        payload = JSON.parse(text);
      } catch (error) {
        return c.json({ error: `body is not JSON: ${(error as Error).message}` }, 400);
      }
      let snsTopic: string | undefined;
      if (fromSns || isSnsEnvelope(payload)) {
        const verdict = await deps.sns.verifier.verify(payload);
        if (!verdict.ok) {
          log.warn({ status: verdict.status, reason: verdict.error }, 'SNS delivery refused');
          return c.json({ error: verdict.error }, verdict.status);
        }
        snsTopic = verdict.topicArn;
      }
      const notification = normaliseNotification(payload, { maxRecords: deps.maxRecordsPerNotification });
      switch (notification.kind) {
        case 'invalid':
          return c.json({ error: notification.message }, 400);
        case 'too-many-records': {
          metrics.notificationRefused(notification.kind);
          const message = `notification has ${notification.records} records, limit ${notification.limit} (MAX_RECORDS_PER_NOTIFICATION)`;
          log.warn(
            { records: notification.records, limit: notification.limit },
            `webhook refused: ${message}`,
          );
          return c.json({ error: message }, 413);
        }
        case 'test':
        case 'probe':
          return c.json({ status: 'ok', kind: notification.kind });
        case 'subscription-confirmation': {
          const { subscribeUrl } = notification;
          if (!deps.sns.autoConfirm || snsTopic === undefined) {
            log.warn(
              { subscribeUrl },
              'SNS subscription needs confirming: open the URL (or set SNS_AUTO_CONFIRM)',
            );
            return c.json({ status: 'ok', kind: notification.kind, confirmed: false });
          }
          try {
            await deps.sns.confirm(subscribeUrl, snsTopic);
          } catch (error) {
            log.error({ err: error, topicArn: snsTopic }, 'could not confirm the SNS subscription');
            return c.json({ error: `could not confirm the subscription: ${(error as Error).message}` }, 502);
          }
          log.info({ topicArn: snsTopic }, 'SNS subscription confirmed');
          return c.json({ status: 'ok', kind: notification.kind, confirmed: true });
        }
        case 'objects': {
          for (const ignored of notification.ignored) metrics.notificationIgnored(ignored.kind);
          const result = await enqueuer.enqueue(notification.objects.map(toObjectToIngest), 'webhook');
          return c.json(
            {
              status: 'accepted',
              enqueued: result.enqueued,
              ignored: result.ignored + notification.ignored.length,
            },
            202,
          );
        }
      }
    });
  }

  if (deps.store) {
    const store = deps.store;
    app.put('/v1/raw/*', async (c) => {
      if (!bearerTokenMatches(c.req.header('authorization'), deps.webhookToken)) {
        return c.json({ error: 'missing or wrong bearer token' }, 401);
      }
      const encoded = c.req.path.slice('/v1/raw/'.length);
      let key: string;
      try {
        key = decodeURIComponent(encoded);
      } catch {
        return c.json({ error: 'key is not valid percent-encoding' }, 400);
      }
      const problem = rawKeyProblem(key);
      if (problem) return c.json({ error: problem }, 400);
      const declared = Number(c.req.header('content-length') ?? Number.NaN);
      if (declared > deps.maxUploadBytes)
        return c.json({ error: `body over ${deps.maxUploadBytes} bytes` }, 413);
      const body = await readBodyBytes(c.req.raw, deps.maxUploadBytes);
      if (body === null) return c.json({ error: `body over ${deps.maxUploadBytes} bytes` }, 413);
      if (body.byteLength === 0) return c.json({ error: 'body is empty' }, 400);
      const fullKey = `${deps.rawPrefix}${key}`;
      const contentType = c.req.header('content-type');
      const { etag } = await store.putObject(fullKey, body, contentType ? { contentType } : {});
      return c.json({ key: fullKey, etag, size: body.byteLength }, 201);
    });
  }

  if (deps.admin) {
    const admin = deps.admin;
    app.use('/admin/*', async (c, next) => {
      if (!basicAuthMatches(c.req.header('authorization'), admin.user, admin.password)) {
        return c.text('authentication required', 401, { 'www-authenticate': 'Basic realm="news-ingest"' });
      }
      await next();
    });
    admin.mount(app);
  }
  return app;
}

async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function readBodyText(request: Request, limit: number): Promise<string | null> {
  const bytes = await readBodyBytes(request, limit);
  return bytes === null ? null : Buffer.from(bytes).toString('utf8');
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
